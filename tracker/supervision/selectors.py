"""Read-only questions about the 督办 instruments, for the dashboard and the ledger."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from tracker.tasks.models import Task


def urge_counts(tasks: QuerySet[Task]) -> list[dict[str, object]]:
    """Per lead division: the tasks urged (催办) and the 催办 in all, most urged first."""
    rows = (
        tasks.filter(urge_count__gt=0)
        .values("lead_department_id", "lead_department__name")
        .annotate(urged_tasks=Count("id"), urge_total=Sum("urge_count"))
        .order_by("-urge_total", "lead_department__name")
    )
    return [
        {
            "department": row["lead_department__name"] or "—",
            "department_id": row["lead_department_id"],
            "tasks": row["urged_tasks"],
            "urges": row["urge_total"],
        }
        for row in rows
    ]
