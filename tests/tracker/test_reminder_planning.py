"""Properties of the planner over the real calendar (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.notifications.planning import Policy, TaskFacts, plan
from tracker.notifications.workdays import WorkCalendar

CAL = WorkCalendar()


@settings(max_examples=60, deadline=None)
@given(
    due=st.dates(min_value=dt.date(2021, 6, 1), max_value=dt.date(2027, 6, 30)),
    days_before=st.lists(st.integers(1, 8), min_size=1, max_size=3),
    every=st.integers(1, 3),
    head_after=st.integers(1, 6),
    leader_after=st.integers(2, 12),
)
def test_daily_sweeps_hit_every_occasion_once_and_only_on_working_days(
    due: dt.date, days_before: list[int], every: int, head_after: int, leader_after: int
) -> None:
    policy = Policy(
        days_before=tuple(sorted(set(days_before), reverse=True)),
        overdue_every=every,
        escalate_head_after=head_after,
        escalate_leader_after=leader_after,
    )
    facts = TaskFacts(task_id=1, status="in_progress", due_on=due)
    first = due - dt.timedelta(days=30)
    # What daily sweeps deliver, following the planner's own cursor.
    _none, cursor = plan(facts, policy, CAL, first, first)
    delivered: list[tuple[dt.date, str, str]] = []
    day = first + dt.timedelta(days=1)
    while day <= due + dt.timedelta(days=25):
        if cursor is not None and cursor <= day:
            occasions, cursor = plan(facts, policy, CAL, cursor, day)
            delivered += [(o.day, o.kind, o.key) for o in occasions]
        day += dt.timedelta(days=1)
    keys = [key for _day, _kind, key in delivered]
    assert len(keys) == len(set(keys)), "an occasion was delivered twice"
    assert all(CAL.is_workday(day) for day, _kind, _key in delivered)
    kinds = {kind for _day, kind, _key in delivered}
    assert "due_today" in kinds and "overdue" in kinds and "escalate_head" in kinds
    assert all(day <= due for day, kind, _key in delivered if kind in ("due_soon", "due_today"))
    assert all(day > due for day, kind, _key in delivered if kind == "overdue")
    soon = sorted(key for _day, kind, key in delivered if kind == "due_soon")
    expected = {
        f"before{n}" for n in policy.days_before if CAL.shift(due, -n) != CAL.on_or_before(due)
    }
    assert set(soon) == expected
