"""The dashboard's numbers from the tallies (PostgreSQL, whole-organisation view).

``dashboard_compute`` uses these for a user who sees everything on
PostgreSQL, where the task table may hold a million rows; the rows they
return have exactly the shape and values of the plain grouped computation
(tests compare the two). Everybody else's dashboard covers one division and
is computed from the task table through its indexes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet, Sum
from django.utils import timezone

from tracker.reporting.models import TaskDoneWeek, TaskDoneWeekTotal, TaskGroupTally
from tracker.reporting.tally_sql import (
    CLOCK_SET_SQL,
    LOCK_SQL,
    _zone,
    advance_sql,
    rebuild_sql,
)
from tracker.tasks.models import HANDED_OUT_STATUSES, OPEN_STATUSES, UNASSIGNED_STATUSES

COUNT_NAMES = ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")


def tallies_usable(user: Any) -> bool:
    return connection.vendor == "postgresql" and bool(getattr(user, "sees_everything", False))


def tally_division(user: Any) -> int | None:
    """The department whose tallies give ``user``'s dashboard, or None.

    ``Task.objects.visible_to`` shows a user who does not see everything the
    tasks their department (and those below it) leads or co-operates on, and
    the tasks they are responsible for. For a department with none below it
    that is: its own tasks (the group tally), those it co-operates on led by
    another (the co-operation tally) and, read from the rows, the few the
    user is responsible for outside both (``division_tally_groups``). A
    department with departments below it would count a task co-operated on by
    two of them twice: such a user keeps the plain computation."""
    from tracker.tasks.models import user_department_ids

    if connection.vendor != "postgresql" or not user.is_authenticated or not user.is_active:
        return None
    if user.is_administrator or user.sees_everything or user.department_id is None:
        return None
    if user_department_ids(user) != {user.department_id}:
        return None
    return int(user.department_id)


def _reading() -> BaseDatabaseWrapper:
    """The connection the dashboard reads through: the replica inside
    ``reading_from_replica`` (as its ORM reads), so that one snapshot covers
    the whole answer (tracker.reporting.memo)."""
    return connections[router.db_for_read(TaskGroupTally) or DEFAULT_DB_ALIAS]


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
), live as (
    -- grouped first, by the bare columns and with bare date comparisons (the
    -- cheapest aggregate over ~17,000 index entries); the grouping sets below
    -- then fold ~2,500 rows, not ~17,000
    select k.lead_department_id, k.report_id, k.kind, k.status,
        count(*) filter (where k.due_on >= c.as_of and k.due_on < %(today)s) as since_clock,
        count(*) filter (where k.due_on >= %(today)s and k.due_on < c.as_of) as before_clock,
        count(*) filter (where k.due_on >= %(today)s and k.due_on <= %(due_7)s) as due_7,
        count(*) filter (where k.due_on >= %(today)s and k.due_on <= %(horizon)s) as due_30
    from clock c, tasks_task k
    where k.status in {open}
        and k.due_on >= least(c.as_of, %(today)s)
        and k.due_on <= {live_last}
        {task_scope}
    group by 1, 2, 3, 4
), counted as (
    {static}
    union all
    select coalesce(g.lead_department_id, 0), coalesce(g.report_id, 0), g.kind,
        g.status in {unassigned},
        0, 0, 0, 0,
        case when g.status in {handed_out} then g.since_clock - g.before_clock else 0 end,
        g.due_7, g.due_30, 0
    from live g
)
select {grouping} as grouping, {columns},
    sum(total)::int, sum(done)::int, sum(on_time)::int, sum(cancelled)::int,
    sum(overdue)::int, sum(due_7)::int, sum(due_30)::int, sum(completed)::int
from counted
group by grouping sets ({sets})
having sum(total) > 0
"""


# What does not depend on today: from the group tally (one row per group),
# or, for a chosen year, from TaskTally (which keys the deadline's year). The
# group tally's due_7 / due_30 are as of the clock's day: used when that is
# today, when the live stretch (LIVE_LAST) is empty.
# The last deadline the live stretch reads: none (the day before its first)
# when the clock is at today and the tallies' due_7 / due_30 hold (the live
# part then has nothing to add: no day between the clock and today), else up
# to today + 30 days (and to the day before the clock, for a day before it).
LIVE_LAST = (
    "case when c.as_of = %(today)s then c.as_of - 1 else greatest(c.as_of - 1, %(horizon)s) end"
)
LIVE_LAST_BY_YEAR = "greatest(c.as_of - 1, %(horizon)s)"
_STATIC_GROUPS = """
    select t.lead_department_id, t.report_id, t.kind, t.unassigned, t.total, t.done,
        t.on_time, t.cancelled, t.past_due as overdue,
        case when c.as_of = %(today)s then t.due_7 else 0 end as due_7,
        case when c.as_of = %(today)s then t.due_30 else 0 end as due_30,
        t.completed
    from clock c, reporting_taskgrouptally t
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
    before the clock, taken from it). With the clock at today (the daily job
    moves it just after midnight) nothing is read live: 逾期 is the tallied
    count and 7/30 天内到期 the group tally's due_7 / due_30 (for a chosen
    year, which TaskTally keys, the 31 days of deadlines from today are read). Each row carries ``set``: the
    name of its grouping set ("group" for GROUP, or one of DASHBOARD_SETS').
    """
    # GROUPING() takes only columns some set groups by; the others are null.
    used = [c for c in GROUP if any(c in s for s in sets)]
    params: dict[str, Any] = {
        "today": today,
        "due_7": today + dt.timedelta(days=7),
        "horizon": today + dt.timedelta(days=30),
    }
    tally, task = _scope(params, report_id, department_id)
    tally_scope, task_scope = [tally], [task]
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
        live_last=LIVE_LAST if year is None else LIVE_LAST_BY_YEAR,
        grouping=f"grouping({', '.join(used)})" if used else "0",
        columns=", ".join(c if c in used else "null" for c in GROUP),
        sets=", ".join("(" + ", ".join(s) + ")" for s in sets),
    )
    # grouping(): one bit per column, 1 where the column is not in the set.
    by_bits = {
        sum(1 << (len(used) - 1 - i) for i, c in enumerate(used) if c not in s): s for s in sets
    }
    with _reading().cursor() as cursor:
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


_DIVISION_SQL = """
with clock as (
    select coalesce((select as_of from reporting_tallyclock where id = 1), '-infinity'::date)
        as as_of
), coop as (
    select p.task_id from tasks_task_cooperating_departments p
    where p.department_id = %(division)s
), live as (
    -- the deadlines between the clock and today + 30 days of the tasks the
    -- tallies below count: led by the division, or co-operated on and led by another
    select k.lead_department_id, k.report_id, k.kind, k.status, k.due_on
    from clock c, tasks_task k
    where k.lead_department_id = %(division)s and k.status in {open}
        and k.due_on >= least(c.as_of, %(today)s)
        and k.due_on <= {live_last}
        {task_scope}
    union all
    select k.lead_department_id, k.report_id, k.kind, k.status, k.due_on
    from clock c, tasks_task k
    where k.id in (select task_id from coop)
        and k.lead_department_id is distinct from %(division)s and k.status in {open}
        and k.due_on >= least(c.as_of, %(today)s)
        and k.due_on <= {live_last}
        {task_scope}
), counted as (
    select t.lead_department_id, t.report_id, t.kind, t.unassigned, t.total, t.done,
        t.on_time, t.cancelled, t.past_due as overdue,
        case when c.as_of = %(today)s then t.due_7 else 0 end as due_7,
        case when c.as_of = %(today)s then t.due_30 else 0 end as due_30,
        t.completed
    from clock c, reporting_taskgrouptally t
    where t.lead_department_id = %(division)s {tally_scope}
    union all
    select t.lead_department_id, t.report_id, t.kind, t.unassigned, t.total, t.done,
        t.on_time, t.cancelled, t.past_due,
        case when c.as_of = %(today)s then t.due_7 else 0 end,
        case when c.as_of = %(today)s then t.due_30 else 0 end,
        t.completed
    from clock c, reporting_taskcooptally t
    where t.department_id = %(division)s and t.lead_department_id <> %(division)s {tally_scope}
    union all
    select coalesce(k.lead_department_id, 0), coalesce(k.report_id, 0), k.kind,
        k.status in {unassigned},
        0, 0, 0, 0,
        case when k.status in {handed_out} then
            (k.due_on >= c.as_of and k.due_on < %(today)s)::int
            - (k.due_on >= %(today)s and k.due_on < c.as_of)::int
        else 0 end,
        (k.due_on >= %(today)s and k.due_on <= %(due_7)s)::int,
        (k.due_on >= %(today)s and k.due_on <= %(horizon)s)::int,
        0
    from clock c, live k
    union all
    -- responsible for, neither led nor co-operated on by the division: from the rows
    select coalesce(k.lead_department_id, 0), coalesce(k.report_id, 0), k.kind,
        k.status in {unassigned},
        1,
        (k.status = 'done')::int,
        (k.status = 'done' and (k.due_on is null
            or coalesce((k.completed_at at time zone '{tz}')::date <= k.due_on, false)))::int,
        (k.status = 'cancelled')::int,
        coalesce(k.status in {handed_out} and k.due_on < %(today)s, false)::int,
        coalesce(k.status in {open} and k.due_on >= %(today)s and k.due_on <= %(due_7)s,
            false)::int,
        coalesce(k.status in {open} and k.due_on >= %(today)s and k.due_on <= %(horizon)s,
            false)::int,
        (k.status = 'done' and k.completed_at is not null)::int
    from tasks_task k
    where k.responsible_id = %(user)s
        and k.lead_department_id is distinct from %(division)s
        and k.id not in (select task_id from coop)
        {task_scope}
)
select lead_department_id, report_id, kind, unassigned,
    sum(total)::int, sum(done)::int, sum(on_time)::int, sum(cancelled)::int,
    sum(overdue)::int, sum(due_7)::int, sum(due_30)::int, sum(completed)::int
from counted
group by 1, 2, 3, 4
having sum(total) > 0
"""


def _scope(
    params: dict[str, Any], report_id: int | None, department_id: int | None
) -> tuple[str, str]:
    """The conditions a chosen report and lead department add to a statement: on
    the tallies (``t``) and on the tasks (``k``), their parameters put in ``params``."""
    tally, task = [], []
    if report_id is not None:
        params["report_id"] = report_id
        tally.append("and t.report_id = %(report_id)s")
        task.append("and k.report_id = %(report_id)s")
    if department_id is not None:
        params["department_id"] = department_id
        tally.append("and t.lead_department_id = %(department_id)s")
        task.append("and k.lead_department_id = %(department_id)s")
    return " ".join(tally), " ".join(task)


def division_tally_groups(
    *,
    today: dt.date,
    division_id: int,
    user_id: int,
    report_id: int | None = None,
    department_id: int | None = None,
) -> list[dict[str, Any]]:
    """The grouped counts of the plain computation for a user of
    ``division_id`` (a department with none below it, see ``tally_division``):
    its own tasks from the group tally, the tasks it co-operates on (led by
    another division) from the co-operation tally, both with the live stretch
    of deadlines since the tally clock, and the tasks ``user_id`` is
    responsible for outside both, counted from their rows. One statement;
    rows keyed (lead_department_id, report_id, kind, unassigned)."""
    params: dict[str, Any] = {
        "today": today,
        "due_7": today + dt.timedelta(days=7),
        "horizon": today + dt.timedelta(days=30),
        "division": division_id,
        "user": user_id,
    }
    tally_scope, task_scope = _scope(params, report_id, department_id)
    sql = _DIVISION_SQL.format(
        open=_in(OPEN_STATUSES),
        unassigned=_in(UNASSIGNED_STATUSES),
        handed_out=_in(HANDED_OUT_STATUSES),
        tz=_zone(settings.TIME_ZONE),
        tally_scope=tally_scope,
        task_scope=task_scope,
        live_last=LIVE_LAST,
    )
    with _reading().cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {
            **dict(zip((*COUNT_NAMES, "completed"), counts, strict=True)),
            "lead_department_id": dept or None,
            "report_id": report or None,
            "kind": kind,
            "unassigned": unassigned,
        }
        for dept, report, kind, unassigned, *counts in rows
    ]


_DIVISION_OVERDUE_SQL = """
select id from (
    (select k.id, k.due_on from tasks_task k
     where k.lead_department_id = %(division)s and k.status in {handed_out}
         and k.due_on < %(today)s {task_scope}
     order by k.due_on, k.id limit %(limit)s)
    union all
    (select k.id, k.due_on from tasks_task k
     where k.id in (select p.task_id from tasks_task_cooperating_departments p
                    where p.department_id = %(division)s)
         and k.lead_department_id is distinct from %(division)s
         and k.status in {handed_out} and k.due_on < %(today)s {task_scope}
     order by k.due_on, k.id limit %(limit)s)
    union all
    (select k.id, k.due_on from tasks_task k
     where k.responsible_id = %(user)s and k.lead_department_id is distinct from %(division)s
         and k.id not in (select p.task_id from tasks_task_cooperating_departments p
                          where p.department_id = %(division)s)
         and k.status in {handed_out} and k.due_on < %(today)s {task_scope}
     order by k.due_on, k.id limit %(limit)s)
) most
order by due_on, id
limit %(limit)s
"""


def division_overdue_ids(
    *,
    today: dt.date,
    limit: int,
    division_id: int,
    user_id: int,
    report_id: int | None = None,
    department_id: int | None = None,
) -> tuple[str, list[Any]]:
    """SQL and (positional) parameters of the ids of the ``limit`` most overdue tasks among
    those ``division_tally_groups`` counts: the most overdue of each of its
    three parts (its own through the index task_dept_open_due, in order), then
    of those — not every overdue task of the division sorted."""
    params: dict[str, Any] = {
        "today": today,
        "limit": limit,
        "division": division_id,
        "user": user_id,
    }
    _, task_scope = _scope(params, report_id, department_id)
    sql = _DIVISION_OVERDUE_SQL.format(handed_out=_in(HANDED_OUT_STATUSES), task_scope=task_scope)
    # Positional, as a RawSQL inside an ORM query needs them.
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\((\w+)\)s", "%s", sql), [params[name] for name in names]


_DIVISION_WEEKS_SQL = """
select week, sum(n)::int from (
    select t.week, t.n from reporting_taskdoneweek t
    where t.lead_department_id = %(division)s and t.week >= %(first)s {tally_scope}
    union all
    select t.week, t.n from reporting_taskcoopdoneweek t
    where t.department_id = %(division)s and t.lead_department_id <> %(division)s
        and t.week >= %(first)s {tally_scope}
    union all
    select date_trunc('week', k.completed_at at time zone '{tz}')::date, 1
    from tasks_task k
    where k.responsible_id = %(user)s
        and k.lead_department_id is distinct from %(division)s
        and k.id not in (select p.task_id from tasks_task_cooperating_departments p
                         where p.department_id = %(division)s)
        and k.status = 'done' and k.completed_at is not null
        and (k.completed_at at time zone '{tz}')::date >= %(first)s
        {task_scope}
) w
group by week
"""


def division_done_by_week(
    *,
    first: dt.date,
    completed: int,
    division_id: int,
    user_id: int,
    report_id: int | None = None,
    department_id: int | None = None,
) -> tuple[dict[dt.date, int], int]:
    """``tally_done_by_week`` for the tasks ``division_tally_groups`` counts."""
    params: dict[str, Any] = {"first": first, "division": division_id, "user": user_id}
    tally_scope, task_scope = _scope(params, report_id, department_id)
    sql = _DIVISION_WEEKS_SQL.format(
        tz=_zone(settings.TIME_ZONE), tally_scope=tally_scope, task_scope=task_scope
    )
    with _reading().cursor() as cursor:
        cursor.execute(sql, params)
        weekly = dict(cursor.fetchall())
    return {week: n for week, n in weekly.items() if n}, completed - sum(weekly.values())


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
