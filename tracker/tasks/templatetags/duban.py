"""Template filters for tasks: warning light, overdue flag, days overdue."""

from __future__ import annotations

import datetime as dt

from django import template

from tracker.tasks.models import Light, Task

register = template.Library()


@register.filter
def light(task: Task, today: dt.date | None = None) -> str:
    return task.warning_light(today)


@register.filter
def light_label(value: str) -> str:
    try:
        return str(Light(value).label)
    except ValueError:
        return ""


@register.filter
def overdue(task: Task, today: dt.date | None = None) -> bool:
    return task.is_overdue(today)


@register.filter
def days_overdue(task: Task, today: dt.date | None = None) -> int:
    return task.days_overdue(today)
