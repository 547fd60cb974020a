"""Template tags that show the supervision instruments on the task and dashboard pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from tracker.supervision.feedback import feedback_for_task
from tracker.tasks.models import Task

register = template.Library()


@register.inclusion_tag("supervision/_task_panel.html")
def supervision_panel(task: Task) -> dict[str, Any]:
    """领导批示 first, then 二级审核, 催办次数, 时间节点 and the 定期反馈 record."""
    today = timezone.localdate()
    return {
        "task": task,
        "instructions": list(task.instructions.select_related("leader")),  # type: ignore[attr-defined]
        "milestones": list(task.milestones.all()),  # type: ignore[attr-defined]
        "feedback": feedback_for_task(task, today),
        "today": today,
    }
