"""Template filters for tasks: warning light, overdue flag, days overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
def proposed_due_passed(task: Task, today: dt.date | None = None) -> bool:
    return task.proposed_due_passed(today)


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


@register.inclusion_tag("tasks/_legend.html")
def light_legend() -> dict[str, int]:
    """The 红黄绿灯 legend with the thresholds in force."""
    from tracker.setup.thresholds import light_thresholds

    yellow, orange = light_thresholds()
    return {"yellow_percent": round(yellow * 100), "orange_percent": round(orange * 100)}


@register.inclusion_tag("tasks/_hash.html")
def short_hash(value: str) -> dict[str, str]:
    """A SHA-256 shown as its first 10 characters; a click copies all 64."""
    return {"full": value, "short": value[:10]}


@register.filter
def any_assignable(tasks: Any) -> bool:
    """Whether the list holds a draft or declined task the bulk-assign panel could take."""
    return any(task.status in ("draft", "declined") for task in tasks)


@register.inclusion_tag("tasks/_banner.html", takes_context=True)
def task_banner(context: Any, task: Task) -> dict[str, Any]:
    """What the reader must see first: why the task came back, and the leader's instruction."""
    from tracker.reviews.models import Decision, Review
    from tracker.tasks.models import Comment, Status

    returned = None
    if task.status == Status.RETURNED:
        returned = (
            Review.objects.filter(task=task, decision=Decision.RETURN)
            .select_related("reviewer")
            .order_by("-created_at", "-id")
            .first()
        )
    instruction = (
        Comment.objects.filter(task=task, is_instruction=True)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
        if task.is_open
        else None
    )
    return {"returned": returned, "instruction": instruction, "task": task}


@register.filter
def action_groups(actions: list[str]) -> dict[str, list[str]]:
    """The user's actions by weight (primary / secondary / destructive), from the registry."""
    from tracker.tasks.actions import page_groups

    return page_groups(actions)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
