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
from django.db import connection, transaction
from django.db.models import Count, DateField, Max, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tracker.reporting.models import TallyClock, TaskDoneWeek, TaskTally
from tracker.reporting.tally_sql import CLOCK_SET_SQL, LOCK_SQL, advance_sql, rebuild_sql
from tracker.tasks.models import HANDED_OUT_STATUSES, Status, Task, open_q, unassigned_flag

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
    clock = TallyClock.objects.filter(pk=1).values("as_of")
    static = (
        _tally_filter(TaskTally.objects.all(), **scope)
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(
            total=Sum("n"),
            done=Sum("n", filter=Q(status=Status.DONE)),
            on_time=Sum("n", filter=Q(on_time=True)),
            cancelled=Sum("n", filter=Q(status=Status.CANCELLED)),
            # 逾期 as of the clock's day; the days since are added below.
            overdue=Sum("n", filter=Q(past_due=True)),
            # Done with a completion time: the burn-up's whole (tally_done_by_week).
            completed=Sum("n", filter=Q(status=Status.DONE, has_completed=True)),
            # Read in the same statement, so that the counts and their day agree
            # even if the clock moves meanwhile.
            as_of=Max(Subquery(clock, output_field=DateField())),
        )
        .order_by()
    )
    rows: dict[tuple[int | None, int | None, str, bool], dict[str, Any]] = {}
    as_of: dt.date | None = None
    for row in static:
        as_of = as_of or row["as_of"]
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
    if not rows:
        return []
    # What depends on today, read live through the partial index task_open_due:
    # the open tasks due from the earlier of (clock, today) to the later of
    # (clock, today + 30 days). 逾期 between the clock and today is added to
    # the tallied count (or, for a day before the clock, taken from it). With
    # the clock at today this is 31 days of deadlines, whatever the backlog.
    as_of = as_of or dt.date.min  # no clock: nothing tallied as 逾期, all read live
    horizon = today + dt.timedelta(days=30)
    live = Task.objects.filter(
        open_q(),
        due_on__gte=min(as_of, today),
        due_on__lte=horizon if as_of <= horizon else as_of - dt.timedelta(days=1),
    )
    if report_id is not None:
        live = live.filter(report_id=report_id)
    if department_id is not None:
        live = live.filter(lead_department_id=department_id)
    if year is not None:
        live = live.filter(due_on__gte=dt.date(year, 1, 1), due_on__lte=dt.date(year, 12, 31))
    handed_out = Q(status__in=HANDED_OUT_STATUSES)
    live_rows = (
        live.order_by()
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(
            overdue_since=Count("id", filter=handed_out & Q(due_on__gte=as_of, due_on__lt=today)),
            overdue_not_yet=Count("id", filter=handed_out & Q(due_on__gte=today, due_on__lt=as_of)),
            due_7=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + dt.timedelta(7))),
            due_30=Count("id", filter=Q(due_on__gte=today, due_on__lte=horizon)),
        )
    )
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
        target["overdue"] += row["overdue_since"] - row["overdue_not_yet"]
        target["due_7"] = row["due_7"]
        target["due_30"] = row["due_30"]
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


def tally_rebuild(*, today: dt.date | None = None) -> None:
    """Recompute the tallies from the task table (after a bulk load), with the
    clock at ``today``."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK_SQL)
        cursor.execute(CLOCK_SET_SQL, [today or timezone.localdate()])
        for statement in rebuild_sql(settings.TIME_ZONE):
            cursor.execute(statement)


def tally_clock_advance(*, today: dt.date | None = None) -> dt.date | None:
    """Move the tally clock forward to ``today`` (never back): the tasks whose
    deadline passed since the clock's day join the tallied 逾期. Reads the
    deadlines of those days only. Returns the clock's day afterwards (None on
    a database without tallies)."""
    if connection.vendor != "postgresql":
        return None
    today = today or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        # Waits for the task writes in flight (they hold the lock shared); a
        # writer that waits for us in turn would deadlock, so give up early and
        # let the next run try — the dashboard is exact with any clock.
        cursor.execute("set local lock_timeout = '5s'")
        for statement in advance_sql(settings.TIME_ZONE):
            cursor.execute(statement, {"to": today})
        cursor.execute("select as_of from reporting_tallyclock where id = 1")
        row = cursor.fetchone()
    return row[0] if row else None
