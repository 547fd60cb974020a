"""Template filters for tasks: warning light, overdue flag, days overdue."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext

from tracker.audit.models import action_label
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


@register.filter
def timeline_label(action: str) -> str:
    return action_label(action)


@register.filter
def timeline_detail(event: object) -> str:
    """The one line a person wants to read about an event (plain text, autoescaped)."""
    after = getattr(event, "after", None) or {}
    if not isinstance(after, dict):
        return ""
    action = getattr(event, "action", "")
    parts: list[str] = []
    if action == "progress_report":
        parts.append(f"{after.get('percent')}%：{after.get('text', '')}")
    elif action in ("evidence_upload", "evidence_withdraw"):
        parts.append(f"{after.get('name', '')}（v{after.get('version', '')}）")
        if after.get("sha256"):
            parts.append(f"SHA-256 {after['sha256'][:16]}…")
        if after.get("reason"):
            parts.append(after["reason"])
    elif action == "task_acknowledge" or action == "task_reassign":
        parts.append(gettext("责任人：%s") % after.get("responsible_name", ""))
    elif action == "extension_request":
        parts.append(
            gettext("申请延至 %(date)s：%(reason)s")
            % {"date": after.get("requested_due_on"), "reason": after.get("reason", "")}
        )
    elif action == "extension_decide":
        parts.append(
            gettext("同意，完成时限改为 %s") % after.get("due_on")
            if after.get("approved")
            else gettext("不同意")
        )
        if after.get("note"):
            parts.append(after["note"])
    elif action == "comment_add":
        prefix = gettext("【领导批示】") if after.get("is_instruction") else ""
        parts.append(prefix + after.get("text", ""))
    elif action == "task_assign":
        parts.append(gettext("完成时限 %s") % after.get("due_on"))
    else:
        for key in ("reason", "note"):
            if after.get(key):
                parts.append(after[key])
    return "；".join(str(p) for p in parts if p)


@register.filter
def label_of(labels: dict[str, str], key: str) -> str:
    return str(labels.get(key, key))
