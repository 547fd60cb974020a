"""bench/bench_web.py's write ticker: its pure parts (the bench itself is not run here)."""

from __future__ import annotations

import pytest

from bench.bench_web import miss_ratio, next_tick, ticks_due, writes_between


def test_next_tick_on_the_grid_from_the_start() -> None:
    assert next_tick(10.0, 0.2, 9.0) == 10.0
    assert next_tick(10.0, 0.2, 10.0) == 10.0
    assert next_tick(10.0, 0.2, 10.05) == pytest.approx(10.2)
    assert next_tick(10.0, 0.2, 10.2) == pytest.approx(10.2)


def test_next_tick_skips_ticks_missed_by_a_slow_write() -> None:
    # A write answered at 10.95 (ticks 10.2 … 10.8 passed): the next is 11.0,
    # not four writes at once to catch up.
    assert next_tick(10.0, 0.2, 10.95) == pytest.approx(11.0)


def test_next_tick_never_faster_than_the_interval() -> None:
    start, interval, now, ticks = 0.0, 0.2, 0.0, []
    for _ in range(50):
        at = next_tick(start, interval, now, ticks[-1] if ticks else None)
        ticks.append(at)
        now = at + 0.07 * (len(ticks) % 5)  # writes of varying length
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert min(gaps) >= interval - 1e-9


def test_next_tick_after_the_last_even_when_a_write_took_no_time() -> None:
    assert next_tick(0.0, 0.2, 0.4, last=0.4) == pytest.approx(0.6)
    assert next_tick(0.0, 0.2, 0.41, last=0.4) == pytest.approx(0.6)


def test_writes_between_counts_committed_and_failed_inside_the_cell() -> None:
    answered = [(0.5, 201), (1.0, 201), (1.5, 400), (2.0, 201), (3.5, 201), (2.5, 0)]
    assert writes_between(answered, 1.0, 3.0) == {"committed": 2, "failed": 2}
    assert writes_between([], 0.0, 1.0) == {"committed": 0, "failed": 0}


def test_miss_ratio() -> None:
    assert miss_ratio(3, 1) == 0.25
    assert miss_ratio(0, 5) == 1.0
    assert miss_ratio(0, 0) is None


def test_ticks_due_in_a_cell() -> None:
    assert ticks_due(0.0, 3.0, 0.2) == 16
    assert ticks_due(0.0, 0.1, 0.2) == 1
    assert ticks_due(1.0, 0.5, 0.2) == 0
