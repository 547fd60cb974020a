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
from django.db.models import QuerySet, Sum
from django.utils import timezone

from tracker.reporting.models import TaskDoneWeek, TaskDoneWeekTotal
from tracker.reporting.tally_sql import CLOCK_SET_SQL, LOCK_SQL, advance_sql, rebuild_sql
from tracker.tasks.models import HANDED_OUT_STATUSES, OPEN_STATUSES, UNASSIGNED_STATUSES

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


# The groups of the plain computation, and the dashboard's tables as grouping
# sets: (unassigned, lead department) — the ranking and the 尚未交办 row —,
# kind, report, and the whole.
GROUP = ("lead_department_id", "report_id", "kind", "unassigned")
DASHBOARD_SETS: tuple[tuple[str, ...], ...] = (
    ("unassigned", "lead_department_id"),
    ("kind",),
    ("report_id",),
    (),
)
_SET_NAMES = {
    GROUP: "group",
    **dict(zip(DASHBOARD_SETS, ("department", "kind", "report", "total"), strict=True)),
}


def _in(values: Any) -> str:
    # Code constants (status names), written out so that the planner sees the
    # partial index's predicate.
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_SETS_SQL = """
with clock as (
    select coalesce((select as_of from reporting_tallyclock where id = 1), '-infinity'::date)
        as as_of
), counted as (
    {static}
    union all
    -- grouped first: the grouping sets below then fold ~1,800 rows, not ~17,000
    select coalesce(k.lead_department_id, 0), coalesce(k.report_id, 0), k.kind,
        k.status in {unassigned},
        0, 0, 0, 0,
        sum(case when k.status in {handed_out} then
            (k.due_on >= c.as_of and k.due_on < %(today)s)::int
            - (k.due_on >= %(today)s and k.due_on < c.as_of)::int
        else 0 end),
        count(*) filter (where k.due_on >= %(today)s and k.due_on <= %(due_7)s),
        count(*) filter (where k.due_on >= %(today)s and k.due_on <= %(horizon)s),
        0
    from clock c, tasks_task k
    where k.status in {open}
        and k.due_on >= least(c.as_of, %(today)s)
        and k.due_on <= greatest(c.as_of - 1, %(horizon)s)
        {task_scope}
    group by 1, 2, 3, 4
)
select {grouping} as grouping, {columns},
    sum(total)::int, sum(done)::int, sum(on_time)::int, sum(cancelled)::int,
    sum(overdue)::int, sum(due_7)::int, sum(due_30)::int, sum(completed)::int
from counted
group by grouping sets ({sets})
having sum(total) > 0
"""


# What does not depend on today: from the group tally (one row per group),
# or, for a chosen year, from TaskTally (which keys the deadline's year).
_STATIC_GROUPS = """
    select t.lead_department_id, t.report_id, t.kind, t.unassigned, t.total, t.done,
        t.on_time, t.cancelled, t.past_due as overdue, 0 as due_7, 0 as due_30, t.completed
    from reporting_taskgrouptally t
    where true {tally_scope}"""
_STATIC_BY_YEAR = """
    select t.lead_department_id, t.report_id, t.kind, t.status in {unassigned} as unassigned,
        t.n as total,
        case when t.status = 'done' then t.n else 0 end as done,
        case when t.on_time then t.n else 0 end as on_time,
        case when t.status = 'cancelled' then t.n else 0 end as cancelled,
        case when t.past_due then t.n else 0 end as overdue,
        0 as due_7, 0 as due_30,
        case when t.status = 'done' and t.has_completed then t.n else 0 end as completed
    from reporting_tasktally t
    where true {tally_scope}"""


def tally_sets(
    *,
    today: dt.date,
    sets: tuple[tuple[str, ...], ...] = (GROUP,),
    report_id: int | None = None,
    department_id: int | None = None,
    year: int | None = None,
) -> list[dict[str, Any]]:
    """The seven counts (and ``completed``) per grouping set, in one statement.

    Static counts come from the tallies; what depends on today is read live
    through the partial index task_open_due: the open tasks due from the
    earlier of (clock, today) to the later of (clock, today + 30 days). 逾期
    between the clock and today is added to the tallied count (for a day
    before the clock, taken from it). With the clock at today this is 31 days
    of deadlines, whatever the overdue backlog. Each row carries ``set``: the
    name of its grouping set ("group" for GROUP, or one of DASHBOARD_SETS').
    """
    # GROUPING() takes only columns some set groups by; the others are null.
    used = [c for c in GROUP if any(c in s for s in sets)]
    params: dict[str, Any] = {
        "today": today,
        "due_7": today + dt.timedelta(days=7),
        "horizon": today + dt.timedelta(days=30),
    }
    tally_scope, task_scope = [], []
    if report_id is not None:
        params["report_id"] = report_id
        tally_scope.append("and t.report_id = %(report_id)s")
        task_scope.append("and k.report_id = %(report_id)s")
    if department_id is not None:
        params["department_id"] = department_id
        tally_scope.append("and t.lead_department_id = %(department_id)s")
        task_scope.append("and k.lead_department_id = %(department_id)s")
    if year is not None:
        params.update(year=year, year_first=dt.date(year, 1, 1), year_last=dt.date(year, 12, 31))
        tally_scope.append("and t.due_year = %(year)s")
        task_scope.append("and k.due_on >= %(year_first)s and k.due_on <= %(year_last)s")
    static = (_STATIC_GROUPS if year is None else _STATIC_BY_YEAR).format(
        unassigned=_in(UNASSIGNED_STATUSES), tally_scope=" ".join(tally_scope)
    )
    sql = _SETS_SQL.format(
        static=static,
        unassigned=_in(UNASSIGNED_STATUSES),
        handed_out=_in(HANDED_OUT_STATUSES),
        open=_in(OPEN_STATUSES),
        task_scope=" ".join(task_scope),
        grouping=f"grouping({', '.join(used)})" if used else "0",
        columns=", ".join(c if c in used else "null" for c in GROUP),
        sets=", ".join("(" + ", ".join(s) + ")" for s in sets),
    )
    # grouping(): one bit per column, 1 where the column is not in the set.
    by_bits = {
        sum(1 << (len(used) - 1 - i) for i, c in enumerate(used) if c not in s): s for s in sets
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for bits, dept, report, kind, unassigned, *counts in rows:
        row = dict(zip((*COUNT_NAMES, "completed"), counts, strict=True))
        row.update(
            set=_SET_NAMES[by_bits[bits]],
            lead_department_id=dept or None,
            report_id=report or None,
            kind=kind,
            unassigned=bool(unassigned),
        )
        out.append(row)
    return out


def tally_grouped(
    *,
    today: dt.date,
    report_id: int | None = None,
    department_id: int | None = None,
    year: int | None = None,
) -> list[dict[str, Any]]:
    """Rows keyed by (lead_department_id, report_id, kind, unassigned) with the
    seven counts, as the plain computation groups them; ``unassigned``: 待交办
    or 退办, not yet any division's."""
    return tally_sets(today=today, report_id=report_id, department_id=department_id, year=year)


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
    if report_id is None and department_id is None and year is None:
        # The whole: the per-week total, one row per week.
        weekly = dict(
            TaskDoneWeekTotal.objects.filter(week__gte=first).values_list("week", "n").order_by()
        )
    else:
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
