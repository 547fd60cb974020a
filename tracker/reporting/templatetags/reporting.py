"""Template helpers for the dashboard: a number with the link to its task list."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.reporting.dashboard import Counts

register = template.Library()


@register.simple_tag
def numlink(counts: Counts, name: str) -> SafeString:
    """``<a href="/tasks/?…">n</a>``; a plain number when no task list can show it."""
    value = getattr(counts, name)
    url = counts.url(name)
    if not url:
        return format_html("{}", value)
    return format_html('<a href="{}">{}</a>', url, value)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
