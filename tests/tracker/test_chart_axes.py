"""Chart axes step by round numbers (0/2/4/6…, never 0/2/4/7/9); every bar
reads true on its own axis; legends never overlap."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from tracker.reporting.dashboard import Counts, Row, WeekPoint
from tracker.reporting.svg import burnup_chart, department_chart, nice_ticks, text_width


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


def _week_points(done: list[int]) -> list[WeekPoint]:
    start = dt.date(2026, 6, 1)
    points, total = [], 0
    for i, n in enumerate(done):
        total += n
        points.append(WeekPoint(start + dt.timedelta(weeks=i), n, total, f"/tasks/?w={i}"))
    return points


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - markup this test just built


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("done", [[0, 1, 2, 0, 1], [3, 0, 7, 12, 0, 5], [0, 0, 0]])
def test_every_weekly_bar_reads_true_on_the_right_hand_axis(done: list[int]) -> None:
    """A bar of n closures ends level with the right-hand tick n, not with a
    number of the cumulative axis on the left (a bar of 2 reached the 10)."""
    root = _svg(burnup_chart(_week_points(done), scope=40))
    width = float(root.get("viewBox", "").split()[2])
    texts = [t for t in root.iter() if _tag(t) == "text"]
    right = {int(t.text): float(t.get("y")) - 4 for t in texts
             if t.text and t.text.isdigit() and float(t.get("x")) > width - 40}  # fmt: skip
    left = {int(t.text): float(t.get("y")) - 4 for t in texts
            if t.text and t.text.isdigit() and t.get("text-anchor") == "end"}  # fmt: skip
    assert max(right) >= max(done) and min(right) == 0
    assert max(left) >= 40  # the cumulative axis is still on the left
    bars = [r for a in root.iter() if _tag(a) == "a" for r in a if _tag(r) == "rect"]
    assert len(bars) == len(done)
    bottom = right[0]
    per_unit = (bottom - right[max(right)]) / max(right)
    for n, bar in zip(done, bars, strict=True):
        top = float(bar.get("y"))
        if n:
            assert abs((bottom - top) / per_unit - n) < 0.02, (n, top)
            if n in right:
                assert abs(top - right[n]) < 0.15
    assert "每周" in "".join(t.text or "" for t in texts)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_legend_labels_never_overlap(language: str) -> None:
    """Each legend label starts after the one before it ends, in both
    catalogues (the English labels are longer and overlapped at fixed offsets)."""
    with translation.override(language):
        charts = [
            burnup_chart(_week_points([1, 2, 0, 3]), scope=17),
            department_chart(
                [Row("d1", "救援协调和预案管理处", Counts(total=3, done=1, overdue=1))]
            ),
        ]
    for chart in charts:
        root = _svg(chart)
        legend = [g for g in root.iter() if _tag(g) == "g"][-1]
        labels = [t for t in legend if _tag(t) == "text"]
        assert len(labels) == 3
        for before, after in itertools.pairwise(labels):
            assert float(after.get("x")) - 24 >= float(before.get("x")) + text_width(
                before.text or ""
            )
        last = labels[-1]
        assert float(last.get("x")) + text_width(last.text or "") <= 640


def test_text_width_counts_a_chinese_character_as_wide_as_the_font() -> None:
    assert text_width("已办结") == 39
    assert text_width("Closed") == pytest.approx(6 * 13 * 0.6)
