"""The SQL of the dashboard tallies (PostgreSQL): the trigger that keeps them
exact, the statement that rebuilds them and the daily move of the tasks whose
deadline has passed. Plain strings, no Django import, so the migrations,
``tally_rebuild`` and ``tally_clock_advance`` share one text."""

from __future__ import annotations

import re

# tracker.tasks.models.HANDED_OUT_STATUSES (a test checks they agree): only
# these can be 逾期.
HANDED_OUT = ("assigned", "in_progress", "submitted", "division_review", "returned")
_HANDED_OUT_SQL = "(" + ", ".join(f"'{s}'" for s in HANDED_OUT) + ")"
# tracker.tasks.models.OPEN_STATUSES (same test): these count in 7/30 天内到期.
OPEN = ("draft", *HANDED_OUT, "declined")
_OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN) + ")"

# The tally clock's day, in the statements that read it.
_AS_OF = "(select as_of from reporting_tallyclock where id = 1)"

# Writers take this lock shared (in the trigger), the clock's advance takes it
# exclusive: a task written while the clock moves is counted against the date
# it will be read with.
CLOCK_LOCK = 1_700_170_017

# The tally lock: a write that moves a count takes it (exclusive, in the
# triggers below; ``slip_issue`` before its numbering counter) and holds it to
# COMMIT, so the writes that move counts update the shared counter rows one at a
# time, after locking their task rows and before the audit chain's lock — the
# order of every task write (``tracker.audit.services.task_write``). Without it
# two writes moving tasks in opposite directions (A→B, B→A) lock the same two
# tally rows in opposite order.
TALLY_LOCK = 1_700_170_018
TALLY_LOCK_SQL = f"select pg_advisory_xact_lock({TALLY_LOCK})"

# The key of one task row in TaskTally / TaskDoneWeek. ``r`` is OLD or NEW.
# on_time follows tracker.tasks.filters.on_time_q: done and (no deadline, or
# the local date of completion on or before the deadline). past_due: handed
# out and due before ``{as_of}`` (the tally clock's date, reporting_tallyclock):
# 逾期 as of that day, so that today's 逾期 is that count plus the few days
# between the clock and today, read live.
_KEY = """
    coalesce({r}.lead_department_id, 0), coalesce({r}.report_id, 0), {r}.kind, {r}.status,
    coalesce(extract(year from {r}.due_on)::int, 0),
    ({r}.status = 'done' and ({r}.due_on is null
        or coalesce(({r}.completed_at at time zone '{tz}')::date <= {r}.due_on, false))),
    ({r}.completed_at is not null),
    coalesce({r}.status in {handed_out} and {r}.due_on < {as_of}, false)
"""


def _key(r: str, tz: str, as_of: str) -> str:
    return _KEY.format(r=r, tz=tz, as_of=as_of, handed_out=_HANDED_OUT_SQL)


# TaskGroupTally: the same counts rolled up to what the dashboard groups by
# (lead department, report, kind, not yet handed out), one column per count —
# ~2,800 rows at a million tasks where TaskTally has ~42,000. ``{d}`` is the
# row's weight: 1, -1 or count(*). due_7 / due_30 (``due``, from migration
# 0007 on): open and due within 7 / 30 days of ``{as_of}`` — with the clock at
# today, the dashboard's 7/30 天内到期 without reading the month's deadlines.
_GROUP_COLUMNS = "lead_department_id, report_id, kind, unassigned"
_GROUP_VALUES = """
    coalesce({r}.lead_department_id, 0), coalesce({r}.report_id, 0), {r}.kind,
    {r}.status in ('draft', 'declined'),
    {d},
    {d} * ({r}.status = 'done')::int,
    {d} * ({r}.status = 'done' and ({r}.due_on is null
        or coalesce(({r}.completed_at at time zone '{tz}')::date <= {r}.due_on, false)))::int,
    {d} * ({r}.status = 'cancelled')::int,
    {d} * coalesce({r}.status in {handed_out} and {r}.due_on < {as_of}, false)::int,
    {d} * ({r}.status = 'done' and {r}.completed_at is not null)::int"""
_DUE_VALUES = """,
    {d} * coalesce({r}.status in {open} and {r}.due_on >= {as_of}
        and {r}.due_on <= {as_of} + 7, false)::int,
    {d} * coalesce({r}.status in {open} and {r}.due_on >= {as_of}
        and {r}.due_on <= {as_of} + 30, false)::int"""


def _group_counts(due: bool) -> str:
    return "total, done, on_time, cancelled, past_due, completed" + (
        ", due_7, due_30" if due else ""
    )


def _group_upsert(due: bool, table: str = "reporting_taskgrouptally") -> str:
    columns = _COOP_COLUMNS if table == COOP_TALLY else _GROUP_COLUMNS
    sums = ",\n        ".join(
        f"{c} = {table}.{c} + excluded.{c}" for c in _group_counts(due).split(", ")
    )
    return f"""
    on conflict ({columns}) do update set
        {sums}"""


def _group(r: str, tz: str, as_of: str, d: str, *, due: bool = True) -> str:
    values = _GROUP_VALUES + (_DUE_VALUES if due else "")
    return values.format(r=r, tz=tz, as_of=as_of, d=d, handed_out=_HANDED_OUT_SQL, open=_OPEN_SQL)


# TaskCoopTally: the same counts per co-operating department (配合单位) of the
# task — a division head's dashboard counts the tasks their division
# co-operates on beside those it leads. One row per (task, co-operating
# department) pair, kept by the task trigger (for the task's pairs) and by the
# trigger on the pairs' table (for the pair's task).
_COOP_COLUMNS = f"department_id, {_GROUP_COLUMNS}"
COOP_TALLY = "reporting_taskcooptally"
# TaskCoopDoneWeek: done co-operated tasks per (department, lead, report, week).
_COOP_WEEK_COLUMNS = "department_id, lead_department_id, report_id, week"
COOP_PAIRS = "tasks_task_cooperating_departments"

_WEEK = """
    date_trunc('week', {r}.completed_at at time zone '{tz}')::date,
    coalesce({r}.lead_department_id, 0), coalesce({r}.report_id, 0),
    coalesce(extract(year from {r}.due_on)::int, 0)
"""

_TALLY_COLUMNS = (
    "lead_department_id, report_id, kind, status, due_year, on_time, has_completed, past_due"
)
_WEEK_COLUMNS = "week, lead_department_id, report_id, due_year"
# TaskDoneWeekTotal: the same per week only (the whole, as the supervisor's
# dashboard reads it): 13 rows for its burn-up, not ~20,000 at a million tasks.
_WEEK_TOTAL = "date_trunc('week', {r}.completed_at at time zone '{tz}')::date"


# TaskStatusTally: tasks per (lead department, status) — the task list's status
# chips for every task read ~1,500 rows, not TaskTally's ~42,000 (a 6–15 ms
# aggregate at a million tasks). Per department, not per status alone: eight
# rows would make every task write of a status wait for the others.
_STATUS_COLUMNS = "lead_department_id, status"
_STATUS_KEY = "coalesce({r}.lead_department_id, 0), {r}.status"
STATUS_DELETE_SQL = "delete from reporting_taskstatustally"
STATUS_FILL_SQL = f"""insert into reporting_taskstatustally ({_STATUS_COLUMNS}, n)
    select lead_department_id, status, sum(n) from reporting_tasktally
    group by 1, 2 having sum(n) <> 0"""  # noqa: S608


def _zone(tz: str) -> str:
    # The only value put into this SQL that does not come from this module.
    if not re.fullmatch(r"[A-Za-z0-9_/+-]+", tz):
        raise ValueError(f"unexpected time zone name: {tz!r}")
    return tz


def trigger_sql(
    tz: str,
    *,
    week_total: bool = True,
    coop: bool = True,
    status: bool = True,
    due: bool = True,
    serial: bool = True,
) -> str:
    """Create the row trigger: OLD's keys lose one, NEW's keys gain one.
    ``serial=False``: without the tally lock (before 0008);
    ``week_total=False``: without TaskDoneWeekTotal (migrations before 0004);
    ``coop=False``: without the co-operation tallies (before 0005);
    ``status=False``: without TaskStatusTally (before 0006);
    ``due=False``: without the group tallies' due_7 / due_30 (before 0007)."""
    tz = _zone(tz)

    def status_tally(r: str, delta: int) -> str:
        if not status:
            return ""
        return f"""
        insert into reporting_taskstatustally ({_STATUS_COLUMNS}, n)
        values ({_STATUS_KEY.format(r=r)}, {delta})
        on conflict ({_STATUS_COLUMNS})
        do update set n = reporting_taskstatustally.n + {delta};"""  # noqa: S608

    def coop_pairs(r: str, delta: int) -> str:
        # The task's pairs as they are now: a pair added or removed in the same
        # transaction is counted by the pairs' trigger instead (see coop_trigger_sql).
        if not coop:
            return ""
        return f"""
        insert into reporting_taskcooptally ({_COOP_COLUMNS}, {_group_counts(due)})
        select c.department_id, {_group(r, tz, "clock_date", str(delta), due=due)}
        from {COOP_PAIRS} c where c.task_id = {r}.id{_group_upsert(due, COOP_TALLY)};
        if {r}.status = 'done' and {r}.completed_at is not null then
            insert into reporting_taskcoopdoneweek ({_COOP_WEEK_COLUMNS}, n)
            select c.department_id, coalesce({r}.lead_department_id, 0),
                coalesce({r}.report_id, 0), {_WEEK_TOTAL.format(r=r, tz=tz)}, {delta}
            from {COOP_PAIRS} c where c.task_id = {r}.id
            on conflict ({_COOP_WEEK_COLUMNS})
            do update set n = reporting_taskcoopdoneweek.n + {delta};
        end if;"""  # noqa: S608

    def tally(r: str, delta: int) -> str:
        return f"""
        insert into reporting_tasktally ({_TALLY_COLUMNS}, n)
        values ({_key(r, tz, "clock_date")}, {delta})
        on conflict ({_TALLY_COLUMNS}) do update set n = reporting_tasktally.n + {delta};"""  # noqa: S608

    def group(r: str, delta: int) -> str:
        return f"""
        insert into reporting_taskgrouptally ({_GROUP_COLUMNS}, {_group_counts(due)})
        values ({_group(r, tz, "clock_date", str(delta), due=due)}){_group_upsert(due)};"""  # noqa: S608

    def week(r: str, delta: int) -> str:
        return f"""
        if {r}.status = 'done' and {r}.completed_at is not null then
            insert into reporting_taskdoneweek ({_WEEK_COLUMNS}, n)
            values ({_WEEK.format(r=r, tz=tz)}, {delta})
            on conflict ({_WEEK_COLUMNS}) do update set n = reporting_taskdoneweek.n + {delta};{
            total(r, delta) if week_total else ""
        }
        end if;"""  # noqa: S608

    def total(r: str, delta: int) -> str:
        return f"""
            insert into reporting_taskdoneweektotal (week, n)
            values ({_WEEK_TOTAL.format(r=r, tz=tz)}, {delta})
            on conflict (week) do update set n = reporting_taskdoneweektotal.n + {delta};"""  # noqa: S608

    serial_lock = f"\n    perform pg_advisory_xact_lock({TALLY_LOCK});" if serial else ""
    return f"""
create or replace function duban_task_tally() returns trigger language plpgsql as $$
declare
    clock_date date;
begin{serial_lock}
    perform pg_advisory_xact_lock_shared({CLOCK_LOCK});
    select c.as_of into clock_date from reporting_tallyclock c where c.id = 1;
    if tg_op in ('UPDATE', 'DELETE') then
        {tally("OLD", -1)}
        {status_tally("OLD", -1)}
        {group("OLD", -1)}
        {week("OLD", -1)}
        {coop_pairs("OLD", -1)}
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        {tally("NEW", 1)}
        {status_tally("NEW", 1)}
        {group("NEW", 1)}
        {week("NEW", 1)}
        {coop_pairs("NEW", 1)}
    end if;
    return null;
end $$;
drop trigger if exists duban_task_tally_ins_del on tasks_task;
create trigger duban_task_tally_ins_del after insert or delete on tasks_task
    for each row execute function duban_task_tally();
drop trigger if exists duban_task_tally_upd on tasks_task;
create trigger duban_task_tally_upd after update on tasks_task
    for each row when (
        old.status is distinct from new.status
        or old.due_on is distinct from new.due_on
        or old.completed_at is distinct from new.completed_at
        or old.lead_department_id is distinct from new.lead_department_id
        or old.report_id is distinct from new.report_id
        or old.kind is distinct from new.kind)
    execute function duban_task_tally();
"""  # noqa: S608 - module constants only


def coop_trigger_sql(tz: str, *, due: bool = True, serial: bool = True) -> str:
    """Create the trigger on the (task, co-operating department) pairs: a pair
    added gains its task's counts for its department, a pair removed loses
    them. A pair whose task is not (or no longer) there counts nothing: the
    task trigger counts the pairs present when the task is written, so either
    order of writing a task and its pairs counts each pair once. The task row
    is read FOR SHARE: a concurrent write of the task waits for this
    transaction (or this for it) and then sees its pairs (or its new values)."""
    tz = _zone(tz)
    upsert = _group_upsert(due, COOP_TALLY)
    serial_lock = f"\n            perform pg_advisory_xact_lock({TALLY_LOCK});" if serial else ""

    def pair(r: str, delta: int) -> str:
        values = _group("t", tz, "clock_date", str(delta), due=due)
        return f"""
        select * into t from tasks_task where id = {r}.task_id for share;
        if found then{serial_lock}
            perform pg_advisory_xact_lock_shared({CLOCK_LOCK});
            select c.as_of into clock_date from reporting_tallyclock c where c.id = 1;
            insert into reporting_taskcooptally ({_COOP_COLUMNS}, {_group_counts(due)})
            values ({r}.department_id, {values}){upsert};
            if t.status = 'done' and t.completed_at is not null then
                insert into reporting_taskcoopdoneweek ({_COOP_WEEK_COLUMNS}, n)
                values ({r}.department_id, coalesce(t.lead_department_id, 0),
                    coalesce(t.report_id, 0), {_WEEK_TOTAL.format(r="t", tz=tz)}, {delta})
                on conflict ({_COOP_WEEK_COLUMNS})
                do update set n = reporting_taskcoopdoneweek.n + {delta};
            end if;
        end if;"""  # noqa: S608

    return f"""
create or replace function duban_task_coop_tally() returns trigger language plpgsql as $$
declare
    clock_date date;
    t record;
begin
    if tg_op in ('UPDATE', 'DELETE') then
        {pair("OLD", -1)}
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        {pair("NEW", 1)}
    end if;
    return null;
end $$;
drop trigger if exists duban_task_coop_tally on {COOP_PAIRS};
create trigger duban_task_coop_tally after insert or update or delete on {COOP_PAIRS}
    for each row execute function duban_task_coop_tally();
"""  # noqa: S608 - module constants only


DROP_COOP_TRIGGER_SQL = f"""
drop trigger if exists duban_task_coop_tally on {COOP_PAIRS};
drop function if exists duban_task_coop_tally();
"""

DROP_TRIGGER_SQL = f"""
drop trigger if exists duban_task_tally_ins_del on tasks_task;
drop trigger if exists duban_task_tally_upd on tasks_task;
drop function if exists duban_task_tally();
{DROP_COOP_TRIGGER_SQL}"""


def rebuild_sql(
    tz: str,
    *,
    week_total: bool = True,
    coop: bool = True,
    status: bool = True,
    due: bool = True,
) -> list[str]:
    """Recompute the tallies from the task table (one pass each), past_due (and
    due_7 / due_30) as of the clock's date. Run in one transaction after
    LOCK_SQL and CLOCK_SET_SQL. ``week_total=False``: without TaskDoneWeekTotal
    (migrations before 0004); ``coop=False``: without the co-operation tallies
    (before 0005); ``status=False``: without TaskStatusTally (before 0006);
    ``due=False``: without due_7 / due_30 (before 0007)."""
    tz = _zone(tz)
    totals = [WEEK_TOTAL_DELETE_SQL, WEEK_TOTAL_FILL_SQL] if week_total else []
    coops = coop_rebuild_sql(tz, due=due) if coop else []
    statuses = [STATUS_DELETE_SQL, STATUS_FILL_SQL] if status else []
    counts = _group_counts(due)
    return [
        "delete from reporting_tasktally",
        "delete from reporting_taskgrouptally",
        "delete from reporting_taskdoneweek",
        f"""insert into reporting_taskgrouptally ({_GROUP_COLUMNS}, {counts})
            select k.lead_department_id, k.report_id, k.kind, k.unassigned, {_sums(due)}
            from tasks_task t, lateral (select {_group("t", tz, _AS_OF, "1", due=due)}) k (
                {_GROUP_COLUMNS}, {counts})
            group by 1, 2, 3, 4""",  # noqa: S608
        f"""insert into reporting_tasktally ({_TALLY_COLUMNS}, n)
            select k.*, count(*) from tasks_task t,
            lateral (select {_key("t", tz, _AS_OF)}) k
            group by 1, 2, 3, 4, 5, 6, 7, 8""",  # noqa: S608
        f"""insert into reporting_taskdoneweek ({_WEEK_COLUMNS}, n)
            select k.*, count(*) from tasks_task t,
            lateral (select {_WEEK.format(r="t", tz=tz)}) k
            where t.status = 'done' and t.completed_at is not null
            group by 1, 2, 3, 4""",  # noqa: S608
        *totals,
        *statuses,
        *coops,
    ]


def _sums(due: bool) -> str:
    return ", ".join(f"sum(k.{c})" for c in _group_counts(due).split(", "))


def coop_rebuild_sql(tz: str, *, due: bool = True) -> list[str]:
    """Recompute the co-operation tallies from the pairs and their tasks."""
    tz = _zone(tz)
    counts = _group_counts(due)
    return [
        "delete from reporting_taskcooptally",
        "delete from reporting_taskcoopdoneweek",
        f"""insert into reporting_taskcooptally ({_COOP_COLUMNS}, {counts})
            select c.department_id, k.lead_department_id, k.report_id, k.kind, k.unassigned,
                {_sums(due)}
            from {COOP_PAIRS} c join tasks_task t on t.id = c.task_id,
            lateral (select {_group("t", tz, _AS_OF, "1", due=due)}) k (
                {_GROUP_COLUMNS}, {counts})
            group by 1, 2, 3, 4, 5""",  # noqa: S608
        f"""insert into reporting_taskcoopdoneweek ({_COOP_WEEK_COLUMNS}, n)
            select c.department_id, coalesce(t.lead_department_id, 0),
                coalesce(t.report_id, 0), {_WEEK_TOTAL.format(r="t", tz=tz)}, count(*)
            from {COOP_PAIRS} c join tasks_task t on t.id = c.task_id
            where t.status = 'done' and t.completed_at is not null
            group by 1, 2, 3, 4""",  # noqa: S608
    ]


def due_window_sql(sign: str, as_of: str) -> list[str]:
    """Add ``sign`` (\"\" or \"-\") times the due_7 / due_30 counts as of ``as_of``
    (an SQL date) to the group and co-operation tallies: reads the open tasks
    due within 30 days of that day only. The clock's advance takes the old
    day's out and puts the new day's in; migration 0007 fills them."""
    window = f"""t.status in {_OPEN_SQL}
          and t.due_on >= {as_of} and t.due_on <= {as_of} + 30"""
    counts = f"""0, 0, 0, 0, 0, 0,
            {sign}(count(*) filter (where t.due_on <= {as_of} + 7)), {sign}count(*)"""
    group = f"""insert into reporting_taskgrouptally ({_GROUP_COLUMNS}, {_group_counts(True)})
        select coalesce(t.lead_department_id, 0), coalesce(t.report_id, 0), t.kind,
            t.status in ('draft', 'declined'), {counts}
        from tasks_task t
        where {window}
        group by 1, 2, 3, 4{_group_upsert(True)}"""  # noqa: S608
    coop = f"""insert into reporting_taskcooptally ({_COOP_COLUMNS}, {_group_counts(True)})
        select c.department_id, coalesce(t.lead_department_id, 0), coalesce(t.report_id, 0),
            t.kind, t.status in ('draft', 'declined'), {counts}
        from tasks_task t join {COOP_PAIRS} c on c.task_id = t.id
        where {window}
        group by 1, 2, 3, 4, 5{_group_upsert(True, COOP_TALLY)}"""  # noqa: S608
    return [group, coop]


# The per-week total from the detailed week tally (just rebuilt, or kept by the
# trigger): what a rebuild and migration 0004 write.
WEEK_TOTAL_DELETE_SQL = "delete from reporting_taskdoneweektotal"
WEEK_TOTAL_FILL_SQL = """insert into reporting_taskdoneweektotal (week, n)
    select week, sum(n) from reporting_taskdoneweek group by week having sum(n) <> 0"""


LOCK_SQL = f"select pg_advisory_xact_lock({CLOCK_LOCK})"

# The clock's date (one row, id 1); %s is the date.
CLOCK_SET_SQL = """
insert into reporting_tallyclock (id, as_of) values (1, %s)
on conflict (id) do update set as_of = excluded.as_of"""


def advance_sql(tz: str) -> list[str]:
    """Move the clock forward to %(to)s: the handed-out tasks due in
    [clock, %(to)s) leave their past_due = false key and join the true one;
    due_7 / due_30 are counted as of %(to)s. Reads the stretches of deadlines
    from the clock to %(to)s + 30 days, not the backlog. Run in one transaction."""
    tz = _zone(tz)

    def move(past_due: str, sign: str) -> str:
        key = _key("t", tz, past_due)
        return f"""insert into reporting_tasktally ({_TALLY_COLUMNS}, n)
            select k.*, {sign}count(*) from tasks_task t,
            lateral (select {key}) k
            where t.status in {_HANDED_OUT_SQL}
              and t.due_on >= (select as_of from reporting_tallyclock where id = 1)
              and t.due_on < %(to)s
            group by 1, 2, 3, 4, 5, 6, 7, 8
            on conflict ({_TALLY_COLUMNS})
            do update set n = reporting_tasktally.n + excluded.n"""  # noqa: S608

    group_move = f"""insert into reporting_taskgrouptally ({_GROUP_COLUMNS}, {_group_counts(True)})
        select coalesce(t.lead_department_id, 0), coalesce(t.report_id, 0), t.kind, false,
            0, 0, 0, 0, count(*), 0, 0, 0
        from tasks_task t
        where t.status in {_HANDED_OUT_SQL}
          and t.due_on >= {_AS_OF}
          and t.due_on < %(to)s
        group by 1, 2, 3{_group_upsert(True)}"""  # noqa: S608

    coop_move = f"""insert into reporting_taskcooptally ({_COOP_COLUMNS}, {_group_counts(True)})
        select c.department_id, coalesce(t.lead_department_id, 0), coalesce(t.report_id, 0),
            t.kind, false, 0, 0, 0, 0, count(*), 0, 0, 0
        from tasks_task t join {COOP_PAIRS} c on c.task_id = t.id
        where t.status in {_HANDED_OUT_SQL}
          and t.due_on >= {_AS_OF}
          and t.due_on < %(to)s
        group by 1, 2, 3, 4{_group_upsert(True, COOP_TALLY)}"""  # noqa: S608

    # due_7 / due_30 as of the new day instead of the clock's (only forward: the
    # clock never goes back).
    forward = f"%(to)s::date > {_AS_OF}"
    windows = [
        sql.replace("where t.status", f"where {forward} and t.status")
        for sql in [*due_window_sql("-", _AS_OF), *due_window_sql("", "%(to)s::date")]
    ]

    return [
        LOCK_SQL,
        move("'-infinity'::date", "-"),
        move("'infinity'::date", ""),
        group_move,
        coop_move,
        *windows,
        """update reporting_tallyclock set as_of = %(to)s
           where id = 1 and as_of < %(to)s""",
    ]
