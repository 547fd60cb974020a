"""Template helpers for the dashboard: a number with the link to its task list."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from tracker.escaping import escape_text
from tracker.reporting.dashboard import Counts, Row, counts_from_key, counts_key, task_list_path

register = template.Library()


@register.simple_tag
def numlink(counts: Counts, name: str) -> SafeString:
    """``<a href="/tasks/?…">n</a>``; a plain number when no task list can show it."""
    value = getattr(counts, name)
    url = counts.url(name)
    if not url:
        return format_html("{}", value)
    return format_html('<a href="{}">{}</a>', url, value)


_ROW_NUMBERS = ("total", "done", "completion_rate", "on_time", "on_time_rate", "overdue", "due_7")


@register.simple_tag
def dashboard_row(row: Row, rank: object = None) -> SafeString:
    """One line of a ranking or by-source table: the markup an include of a
    row template wrote, built here (the whole-organisation dashboard has
    ~250 rows; the include and format_html per cell cost more than the rest
    of the page). Numbers are ints; the links and labels are escaped. The
    ranking passes a rank (its first column); the by-source tables have none
    (they had an empty first column with no heading)."""
    counts = row.counts
    return _row_markup(
        None if rank is None else str(conditional_escape(str(rank))),
        str(conditional_escape(row.label)),
        counts_key(counts),
        task_list_path(),
    )


@register.simple_tag
def dashboard_rows(rows: Iterable[Row], ranked: bool = False) -> SafeString:
    """``{% for row in rows %}{% dashboard_row row forloop.counter %}{% endfor %}``
    (without ``ranked``: no rank) in one tag: the tag's machinery and the
    list's address once for the table, not once for each of ~250 rows."""
    path = task_list_path()
    return SafeString(
        "".join(
            _row_markup(
                str(rank) if ranked else None,
                str(conditional_escape(row.label)),
                counts_key(row.counts),
                path,
            )
            for rank, row in enumerate(rows, start=1)
        )
    )


@functools.lru_cache(maxsize=4096)
def _row_markup(rank: str | None, label: str, key: tuple[Any, ...], path: str) -> SafeString:
    # A function of its arguments only (rank and label escaped already): a
    # row whose numbers did not change since the last request (most of them)
    # is not written again.
    counts = counts_from_key(key)
    cells = []
    for name in _ROW_NUMBERS:
        if name.endswith("_rate"):
            cells.append(f'  <td class="n">{percent(getattr(counts, name))}</td>\n')
            continue
        value = int(getattr(counts, name))
        url = counts.url(name, path)
        number = f'<a href="{html.escape(url)}">{value}</a>' if url else str(value)
        red = " red" if name == "overdue" and counts.overdue else ""
        cells.append(f'  <td class="n{red}">{number}</td>\n')
    return SafeString(
        "<tr>\n  "
        + ("" if rank is None else f"<td>{rank}</td>")
        + f"<td>{label}</td>\n"
        + "".join(cells)
        + "</tr>\n"
    )


@register.simple_tag
def model_options(objects: Iterable[Any], chosen: Any, label: str, truncate: int = 0) -> SafeString:
    """The ``<option>``s of a dashboard filter select (200 departments): what
    ``{% for o in objects %}<option value="{{ o.pk }}"{% if o == chosen %} selected{% endif %}>
    {{ o.<label>|truncatechars:<truncate> }}</option>{% endfor %}`` wrote, in Python.
    ``objects`` may be values with a ``pk`` (the dashboard's ``DepartmentName``):
    the chosen one is the one with its ``pk``, as model equality would say.
    Values (tuples, equal exactly when every field is) are written once per
    content: the same 200 departments on every dashboard computed afresh."""
    items = tuple(objects)
    chosen_pk = None if chosen is None else chosen.pk
    if items and isinstance(items[0], tuple):
        return _options_of_values(items, chosen_pk, label, truncate)
    return _options(items, chosen_pk, label, truncate)


def _options(items: tuple[Any, ...], chosen_pk: Any, label: str, truncate: int) -> SafeString:
    out = []
    for obj in items:
        text = getattr(obj, label)
        if truncate:
            text = truncatechars(text, truncate)
        selected = " selected" if chosen_pk is not None and obj.pk == chosen_pk else ""
        out.append(f'<option value="{obj.pk}"{selected}>{escape_text(text)}</option>')
    return SafeString("".join(out))


# A function of its arguments only (the values themselves are the key, so a
# renamed department is a new key, never a stale answer).
_options_of_values = functools.lru_cache(maxsize=32)(_options)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
