"""The dashboard's numbers from the tallies (PostgreSQL, whole-organisation view).

``dashboard_compute`` uses these for a user who sees everything on
PostgreSQL, where the task table may hold a million rows; the rows they
return have exactly the shape and values of the plain grouped computation
(tests compare the two). Everybody else's dashboard covers one division and
is computed from the task table through its indexes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from tracker.reporting.models import TaskDoneWeek, TaskTally
from tracker.reporting.tally_sql import rebuild_sql
from tracker.tasks.models import Status, Task, open_q, overdue_q, unassigned_flag

COUNT_NAMES = ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")


def tallies_usable(user: Any) -> bool:
    return connection.vendor == "postgresql" and bool(getattr(user, "sees_everything", False))


def _tally_filter(
    queryset: QuerySet[Any], *, report_id: int | None, department_id: int | None, year: int | None
) -> QuerySet[Any]:
    if report_id is not None:
        queryset = queryset.filter(report_id=report_id)
    if department_id is not None:
        queryset = queryset.filter(lead_department_id=department_id)
    if year is not None:
        queryset = queryset.filter(due_year=year)
    return queryset


def tally_grouped(
    *,
    today: dt.date,
    report_id: int | None = None,
    department_id: int | None = None,
    year: int | None = None,
) -> list[dict[str, Any]]:
    """Rows keyed by (lead_department_id, report_id, kind, unassigned) with the
    seven counts; ``unassigned``: 待交办 or 退办, not yet any division's."""
    scope = {"report_id": report_id, "department_id": department_id, "year": year}
    static = (
        _tally_filter(TaskTally.objects.all(), **scope)
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(
            total=Sum("n"),
            done=Sum("n", filter=Q(status=Status.DONE)),
            on_time=Sum("n", filter=Q(on_time=True)),
            cancelled=Sum("n", filter=Q(status=Status.CANCELLED)),
            # Done with a completion time: the burn-up's whole (tally_done_by_week).
            completed=Sum("n", filter=Q(status=Status.DONE, has_completed=True)),
        )
        .order_by()
    )
    # What depends on today: only open tasks due before today + 31 days are
    # read, through the partial index task_open_due.
    live = Task.objects.filter(open_q(), due_on__lt=today + dt.timedelta(days=31))
    if report_id is not None:
        live = live.filter(report_id=report_id)
    if department_id is not None:
        live = live.filter(lead_department_id=department_id)
    if year is not None:
        live = live.filter(due_on__gte=dt.date(year, 1, 1), due_on__lte=dt.date(year, 12, 31))
    live_rows = (
        live.order_by()
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(
            overdue=Count("id", filter=overdue_q(today)),
            due_7=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + dt.timedelta(7))),
            due_30=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + dt.timedelta(30))),
        )
    )
    rows: dict[tuple[int | None, int | None, str, bool], dict[str, Any]] = {}
    for row in static:
        if not row["total"]:
            continue
        key = (
            row["lead_department_id"] or None,
            row["report_id"] or None,
            row["kind"],
            bool(row["unassigned"]),
        )
        rows[key] = {
            "lead_department_id": key[0],
            "report_id": key[1],
            "kind": key[2],
            "unassigned": key[3],
            **{name: row.get(name) or 0 for name in COUNT_NAMES},
            "completed": row["completed"] or 0,
        }
    for row in live_rows:
        key = (
            row["lead_department_id"],
            row["report_id"],
            row["kind"],
            bool(row["unassigned"]),
        )
        target = rows.get(key)
        if target is None:  # pragma: no cover - a live open task is always tallied
            continue
        for name in ("overdue", "due_7", "due_30"):
            target[name] = row[name]
    return list(rows.values())


def tally_done_by_week(
    *,
    first: dt.date,
    completed: int,
    report_id: int | None = None,
    department_id: int | None = None,
    year: int | None = None,
) -> tuple[dict[dt.date, int], int]:
    """Done tasks per week from ``first`` on, and how many were done before it
    (``completed``: all done tasks with a completion time, from tally_grouped)."""
    scope = {"report_id": report_id, "department_id": department_id, "year": year}
    weekly = dict(
        _tally_filter(TaskDoneWeek.objects.filter(week__gte=first), **scope)
        .values("week")
        .annotate(done=Sum("n"))
        .values_list("week", "done")
        .order_by()
    )
    return {week: n for week, n in weekly.items() if n}, completed - sum(weekly.values())


def tally_rebuild() -> None:
    """Recompute the tallies from the task table (after a bulk load)."""
    with connection.cursor() as cursor:
        for statement in rebuild_sql(settings.TIME_ZONE):
            cursor.execute(statement)
