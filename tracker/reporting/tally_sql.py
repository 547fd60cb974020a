"""The SQL of the dashboard tallies (PostgreSQL): the trigger that keeps them
exact and the statement that rebuilds them. Plain strings, no Django import,
so the migration and ``tally_rebuild`` share one text."""

from __future__ import annotations

import re

# The key of one task row in TaskTally / TaskDoneWeek. ``r`` is OLD or NEW.
# on_time follows tracker.tasks.filters.on_time_q: done and (no deadline, or
# the local date of completion on or before the deadline).
_KEY = """
    coalesce({r}.lead_department_id, 0), coalesce({r}.report_id, 0), {r}.kind, {r}.status,
    coalesce(extract(year from {r}.due_on)::int, 0),
    ({r}.status = 'done' and ({r}.due_on is null
        or coalesce(({r}.completed_at at time zone '{tz}')::date <= {r}.due_on, false))),
    ({r}.completed_at is not null)
"""

_WEEK = """
    date_trunc('week', {r}.completed_at at time zone '{tz}')::date,
    coalesce({r}.lead_department_id, 0), coalesce({r}.report_id, 0),
    coalesce(extract(year from {r}.due_on)::int, 0)
"""

_TALLY_COLUMNS = "lead_department_id, report_id, kind, status, due_year, on_time, has_completed"
_WEEK_COLUMNS = "week, lead_department_id, report_id, due_year"


def _zone(tz: str) -> str:
    # The only value put into this SQL that does not come from this module.
    if not re.fullmatch(r"[A-Za-z0-9_/+-]+", tz):
        raise ValueError(f"unexpected time zone name: {tz!r}")
    return tz


def trigger_sql(tz: str) -> str:
    """Create the row trigger: OLD's keys lose one, NEW's keys gain one."""
    tz = _zone(tz)

    def tally(r: str, delta: int) -> str:
        return f"""
        insert into reporting_tasktally ({_TALLY_COLUMNS}, n)
        values ({_KEY.format(r=r, tz=tz)}, {delta})
        on conflict ({_TALLY_COLUMNS}) do update set n = reporting_tasktally.n + {delta};"""  # noqa: S608

    def week(r: str, delta: int) -> str:
        return f"""
        if {r}.status = 'done' and {r}.completed_at is not null then
            insert into reporting_taskdoneweek ({_WEEK_COLUMNS}, n)
            values ({_WEEK.format(r=r, tz=tz)}, {delta})
            on conflict ({_WEEK_COLUMNS}) do update set n = reporting_taskdoneweek.n + {delta};
        end if;"""  # noqa: S608

    return f"""
create or replace function duban_task_tally() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        {tally("OLD", -1)}
        {week("OLD", -1)}
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        {tally("NEW", 1)}
        {week("NEW", 1)}
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
"""


DROP_TRIGGER_SQL = """
drop trigger if exists duban_task_tally_ins_del on tasks_task;
drop trigger if exists duban_task_tally_upd on tasks_task;
drop function if exists duban_task_tally();
"""


def rebuild_sql(tz: str) -> list[str]:
    """Recompute both tallies from the task table (one pass each)."""
    tz = _zone(tz)
    return [
        "delete from reporting_tasktally",
        "delete from reporting_taskdoneweek",
        f"""insert into reporting_tasktally ({_TALLY_COLUMNS}, n)
            select k.*, count(*) from tasks_task t,
            lateral (select {_KEY.format(r="t", tz=tz)}) k
            group by 1, 2, 3, 4, 5, 6, 7""",  # noqa: S608
        f"""insert into reporting_taskdoneweek ({_WEEK_COLUMNS}, n)
            select k.*, count(*) from tasks_task t,
            lateral (select {_WEEK.format(r="t", tz=tz)}) k
            where t.status = 'done' and t.completed_at is not null
            group by 1, 2, 3, 4""",  # noqa: S608
    ]
