"""Chart axes step by round numbers (0/2/4/6…, never 0/2/4/7/9)."""

from __future__ import annotations

import pytest

from tracker.reporting.svg import nice_ticks


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (1, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (9, [0, 5, 10]),
        (17, [0, 5, 10, 15, 20]),
        (23, [0, 10, 20, 30]),
        (90, [0, 50, 100]),
        (401, [0, 200, 400, 600]),
    ],
)
def test_round_steps(peak: int, ticks: list[int]) -> None:
    assert nice_ticks(peak) == ticks


@pytest.mark.parametrize("peak", range(1, 2000, 7))
def test_every_axis_covers_its_peak_with_a_round_step(peak: int) -> None:
    ticks = nice_ticks(peak)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= peak and len(ticks) <= 5
    assert int(str(step)[0]) in (1, 2, 5) and set(str(step)[1:]) <= {"0"}
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
