"""Template tags that show the supervision instruments on the task and dashboard pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from tracker.supervision.feedback import feedback_for_task, feedback_rates
from tracker.supervision.selectors import urge_counts
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


@register.inclusion_tag("supervision/_feedback_rates.html")
def feedback_rate_table(user: Any) -> dict[str, Any]:
    """定期反馈率 per lead division, over the tasks ``user`` sees."""
    return {"rows": feedback_rates(Task.objects.visible_to(user))}


@register.inclusion_tag("supervision/_urge_counts.html")
def urge_count_table(user: Any) -> dict[str, Any]:
    """催办 per lead division over the tasks ``user`` sees: how many tasks were urged and how
    many times in all, most urged first."""
    return {"rows": urge_counts(Task.objects.visible_to(user))}
