"""Server-side SVG charts: no JavaScript, no external asset, readable in print.

Every bar is a link to the task list behind it. Colours are paired with
patterns-free shapes and labels so a black-and-white printout still reads.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tracker.reporting.dashboard import (
    Row,
    WeekPoint,
    counts_from_key,
    counts_key,
    task_list_path,
)

FONT = (
    'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"'
)


def nice_ticks(peak: int, most: int = 5) -> list[int]:
    """Axis values 0, s, 2s, … with a round step s (1, 2, 5 × 10ⁿ) covering ``peak``."""
    peak = max(peak, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if -(-peak // step) <= most - 1:
                top = -(-peak // step) * step
                return list(range(0, top + 1, step))
        magnitude *= 10


def text_width(text: str, size: int = 13) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a CJK character (or any
    full-width one) is ``size`` wide, other characters a little over half."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def legend(x: float, y: float, items: list[tuple[str, str]]) -> str:
    """A row of (key, label) pairs at baseline ``y`` from ``x``, each placed
    after the one before by the width of its label (fixed offsets overlapped
    once a label was longer than the Chinese one: the English catalogue). A key
    is ``("bar", fill/stroke)`` — a 10 px square — or ``("line", stroke and
    dash)`` — a 20 px line; the label follows 24 px after the key's start."""
    parts = ['<g font-size="13">']
    for key, label in items:
        kind, style = key.split(":", 1)
        if kind == "bar":
            parts.append(f'<rect x="{x + 5:.1f}" y="{y - 9}" width="10" height="10" {style}/>')
        else:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + 20:.1f}" y1="{y - 4}" y2="{y - 4}" {style}/>'
            )
        parts.append(f'<text x="{x + 24:.1f}" y="{y}">{escape(label)}</text>')
        x += 24 + text_width(label) + 14
    parts.append("</g>")
    return "".join(parts)


def burnup_chart(
    points: list[WeekPoint], scope: int, width: int = 640, height: int = 260
) -> SafeString:
    """Bars: done per week, read on the right-hand axis; line: cumulative done
    and dashed line: the total (scope), read on the left-hand axis."""
    if not points:
        return mark_safe("")  # noqa: S308 - constant
    left, right, top, bottom = 44, 36, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max([scope, *(p.cumulative for p in points), 1]))
    peak = ticks[-1]
    # The weekly bars have their own scale, in the lower half of the plot: a
    # week's few closures drawn on the cumulative scale would be invisible.
    # Their axis is on the right, in the bars' colour, so that no bar is read
    # against the cumulative numbers on the left (a bar of 2 reached the 10).
    weekly_ticks = nice_ticks(max([*(p.done for p in points), 1]), most=3)
    weekly_peak = weekly_ticks[-1]
    step = plot_w / len(points)
    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(_("办结趋势（燃尽上升图）"))}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="13">'
    ]
    # Axis and grid (cumulative scale on the left).
    for value in ticks:
        y = top + plot_h - plot_h * value / peak
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dde3"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6470">{value}</text>'
        )
    # The weekly scale on the right: a tick and its number per step.
    axis_x = width - right
    parts.append(
        f'<line x1="{axis_x}" x2="{axis_x}" y1="{top + plot_h / 2:.1f}" y2="{top + plot_h}" '
        f'stroke="#0b57a4"/>'
    )
    for value in weekly_ticks:
        y = top + plot_h - (plot_h / 2) * value / weekly_peak
        parts.append(
            f'<line x1="{axis_x}" x2="{axis_x + 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#0b57a4"/>'
            f'<text x="{axis_x + 6}" y="{y + 4:.1f}" fill="#0b57a4">{value}</text>'
        )
    parts.append(
        f'<text x="{axis_x + 6}" y="{top + plot_h / 2 - 10:.1f}" fill="#0b57a4">'
        f"{escape(_('每周'))}</text>"
    )
    for i, point in enumerate(points):
        bar_h = (plot_h / 2) * point.done / weekly_peak
        x = left + i * step + step * 0.15
        y = top + plot_h - bar_h
        title = _("%(week)s 起一周办结 %(n)s 项") % {
            "week": point.week_start.isoformat(),
            "n": point.done,
        }
        label = (
            f'<text x="{x + step * 0.35:.1f}" y="{y - 2:.1f}" text-anchor="middle" '
            f'font-size="14">{point.done}</text>'
            if point.done
            else ""
        )
        parts.append(
            f'<a href="{escape(point.url)}"><title>{escape(title)}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{max(bar_h, 0.5):.1f}" '
            f'fill="#8fb8de" stroke="#0b57a4" stroke-width="0.5"/>{label}</a>'
        )
        if i % 4 == 0:
            parts.append(
                f'<text x="{left + i * step + step / 2:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle" fill="#5b6470">{point.week_start:%m-%d}</text>'
            )
    # Cumulative done (solid) and total (dashed).
    coords = " ".join(
        f"{left + i * step + step / 2:.1f},{top + plot_h - plot_h * p.cumulative / peak:.1f}"
        for i, p in enumerate(points)
    )
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#a4161a" stroke-width="2"/>')
    scope_y = top + plot_h - plot_h * scope / peak
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{scope_y:.1f}" y2="{scope_y:.1f}" '
        f'stroke="#1f2328" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    parts.append(
        legend(
            left,
            height - 8,
            [
                ('bar:fill="#8fb8de" stroke="#0b57a4"', _("每周办结（右轴）")),
                ('line:stroke="#a4161a" stroke-width="2"', _("累计办结")),
                (
                    'line:stroke="#1f2328" stroke-dasharray="6 4" stroke-width="1.5"',
                    _("任务总数 %(n)s") % {"n": scope},
                ),
            ],
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - built from escaped parts


def department_chart(rows: list[Row], width: int = 640) -> SafeString:
    """A stacked bar per lead department: done, open (not overdue), overdue."""
    if not rows:
        return mark_safe("")  # noqa: S308 - constant
    bar_h, gap, label_w, top = 18, 6, 170, 8
    height = top + len(rows) * (bar_h + gap) + 28
    plot_w = width - label_w - 50
    peak = max([*(r.counts.total - r.counts.cancelled for r in rows), 1])
    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(_("各牵头单位任务完成情况"))}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="13">'
    ]
    # Once per chart, not per bar: ~200 bars on a whole-organisation dashboard.
    path = task_list_path()
    names = (escape(_("已办结")), escape(_("未办结（未逾期）")), escape(_("逾期")))
    geometry = (top, bar_h, gap, label_w, plot_w, peak)
    for i, row in enumerate(rows):
        parts.append(_bar(i, row.label, counts_key(row.counts), path, names, geometry))
    parts.append(
        legend(
            label_w,
            height - 10,
            [
                ('bar:fill="#1a7f37"', _("已办结")),
                ('bar:fill="#c9d6e3"', _("未办结（未逾期）")),
                ('bar:fill="#c92a2a"', _("逾期")),
            ],
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - built from escaped parts


# typed: a label that is a SafeString is not escaped, a str with the same text is.
@functools.lru_cache(maxsize=4096, typed=True)
def _bar(
    i: int,
    label_raw: str,
    key: tuple[Any, ...],
    path: str,
    names: tuple[str, str, str],
    geometry: tuple[int, int, int, int, int, int],
) -> str:
    """Bar ``i`` of ``department_chart`` (``names`` translated and escaped): a
    function of its arguments only, so a division whose numbers did not
    change since the last request (most of them) is not drawn again."""
    top, bar_h, gap, label_w, plot_w, peak = geometry
    counts = counts_from_key(key)
    y = top + i * (bar_h + gap)
    label_text = escape(label_raw)
    label = conditional_escape(label_raw if len(label_raw) <= 12 else label_raw[:11] + "…")
    # Written out (~200 bars): what format_html wrote, the label escaped.
    parts = [f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{label}</text>']
    x = float(label_w)
    segments = [
        (counts.done, "#1a7f37", counts.url("done", path), names[0]),
        (
            counts.open - counts.overdue,
            "#c9d6e3",
            counts.url("open_not_overdue", path),
            names[1],
        ),
        (counts.overdue, "#c92a2a", counts.url("overdue", path), names[2]),
    ]
    for value, colour, url, name in segments:
        if value <= 0:
            continue
        w = plot_w * value / peak
        parts.append(
            f'<a href="{escape(url)}"><title>{label_text} {name}: {value}</title>'
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
            f'stroke="#fff" stroke-width="0.5"/></a>'
        )
        x += w
    parts.append(
        f'<text x="{x + 4:.1f}" y="{y + 12}">{counts.done}/{counts.total - counts.cancelled}</text>'
    )
    return "".join(parts)
