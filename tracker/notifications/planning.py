"""Which reminder occasions a task has, and when the next one falls.

Plain Python over small value objects, so the sweep can plan tens of
thousands of tasks quickly and the rules can be tested without a database.
An occasion is (working day, kind, audience, key); the key names the
occasion within the task's current deadline, so re-planning the same
deadline produces the same keys and the outbox's unique key does the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.notifications.workdays import ONE_DAY, WorkCalendar

# Statuses in which somebody still has to act before the deadline. A
# submitted task waits for the supervisor, a declined or draft one has no
# holder: none of them is chased.
ACTIVE_STATUSES = ("assigned", "in_progress", "returned")

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATE_HEAD = "escalate_head"
ESCALATE_LEADER = "escalate_leader"
UNACKNOWLEDGED = "unacknowledged"
REPORT_DUE = "report_due"
REMINDER_KINDS = (
    DUE_SOON,
    DUE_TODAY,
    OVERDUE,
    ESCALATE_HEAD,
    ESCALATE_LEADER,
    UNACKNOWLEDGED,
    REPORT_DUE,
)
# Only the latest of these is sent when a sweep catches up after a gap:
# "3 days left" is wrong once the deadline has passed.
_DEADLINE_PHASE = (DUE_SOON, DUE_TODAY, OVERDUE)


@dataclass(frozen=True)
class Policy:
    days_before: tuple[int, ...] = (5, 3, 1)
    remind_on_due_day: bool = True
    overdue_every: int = 1
    escalate_head_after: int = 3
    escalate_leader_after: int = 10
    unacknowledged_after: int = 2
    send_at: dt.time = dt.time(9, 0)
    report_cycle: str = ""
    report_day: int = 25
    # Reminder kinds that also go by SMS (the policy's per-step setting).
    sms_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TaskFacts:
    task_id: int
    status: str
    due_on: dt.date | None
    assigned_on: dt.date | None = None
    acknowledged: bool = False


@dataclass(frozen=True)
class Occasion:
    day: dt.date
    kind: str
    key: str  # unique among the task's occasions for its current deadline
    count: int = 0  # working days left (before) or overdue (after)


def _deadline_occasions(
    facts: TaskFacts, policy: Policy, cal: WorkCalendar, start: dt.date, end: dt.date
) -> tuple[list[Occasion], dt.date | None]:
    due = facts.due_on
    if due is None:
        return [], None
    found: list[Occasion] = []
    upcoming: list[dt.date] = []

    def consider(occasion: Occasion) -> None:
        if start <= occasion.day <= end:
            found.append(occasion)
        elif occasion.day > end:
            upcoming.append(occasion.day)

    due_day = cal.on_or_before(due)  # a deadline on a Saturday is chased on Friday
    if policy.remind_on_due_day:
        consider(Occasion(due_day, DUE_TODAY, "due", 0))
    for count in policy.days_before:
        day = cal.shift(due, -count)
        if policy.remind_on_due_day and day == due_day:
            continue  # the "today" reminder already says it
        consider(Occasion(day, DUE_SOON, f"before{count}", count))

    # Overdue: the k-th working day after the deadline.
    if end > due:
        first_day = max(start, due + ONE_DAY)
        late = cal.count_between(due, first_day - ONE_DAY)
        day = first_day
        while day <= end:
            if cal.is_workday(day):
                late += 1
                _overdue_on(policy, day, late, found)
            day += ONE_DAY
    else:
        late = 0
    marks = [late + policy.overdue_every - late % policy.overdue_every]
    marks += [k for k in (policy.escalate_head_after, policy.escalate_leader_after) if k > late]
    next_late = min(k for k in marks if k > 0)
    upcoming.append(cal.shift(due, next_late))
    return found, min(upcoming)


def _overdue_on(policy: Policy, day: dt.date, late: int, found: list[Occasion]) -> None:
    if late % policy.overdue_every == 0:
        found.append(Occasion(day, OVERDUE, f"late{late}", late))
    if late == policy.escalate_head_after:
        found.append(Occasion(day, ESCALATE_HEAD, "escalate_head", late))
    if late == policy.escalate_leader_after:
        found.append(Occasion(day, ESCALATE_LEADER, "escalate_leader", late))


def _report_dates(policy: Policy, around: dt.date) -> list[dt.date]:
    """Raw report dates from ~6 weeks before ``around`` to ~6 weeks after."""
    dates: list[dt.date] = []
    if policy.report_cycle == "weekly":
        first = around - dt.timedelta(days=42)
        first += dt.timedelta(days=(policy.report_day - 1 - first.weekday()) % 7)
        dates = [first + dt.timedelta(weeks=week) for week in range(13)]
    elif policy.report_cycle == "monthly":
        year, month = around.year, around.month
        for offset in range(-2, 3):
            index = year * 12 + month - 1 + offset
            dates.append(dt.date(index // 12, index % 12 + 1, policy.report_day))
    elif policy.report_cycle == "quarterly":
        # Due on day N of the month after each quarter (January, April, July, October).
        quarter = (around.year * 12 + around.month - 1) // 3
        for offset in range(-2, 3):
            index = (quarter + offset) * 3
            dates.append(dt.date(index // 12, index % 12 + 1, policy.report_day))
    return dates


def report_dates_between(policy: Policy, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every raw report date of ``policy`` in [start, end] (the 定期反馈 record)."""
    if not policy.report_cycle or end < start:
        return []
    dates: set[dt.date] = set()
    around = start
    while around <= end + dt.timedelta(days=31):
        dates.update(day for day in _report_dates(policy, around) if start <= day <= end)
        around += dt.timedelta(days=28)
    return sorted(dates)


def report_period_start(policy: Policy, report_date: dt.date) -> dt.date:
    """First day of the period a report due on ``report_date`` covers."""
    if policy.report_cycle == "weekly":
        return report_date - dt.timedelta(days=6)
    months = 3 if policy.report_cycle == "quarterly" else 1
    index = report_date.year * 12 + report_date.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, report_date.day) + ONE_DAY


def _report_occasions(
    facts: TaskFacts,
    policy: Policy,
    cal: WorkCalendar,
    start: dt.date,
    end: dt.date,
    found: list[Occasion],
    upcoming: list[dt.date],
) -> None:
    """A periodic report is chased like a deadline: on its day, then every
    ``overdue_every`` working days until the next period's report day."""
    raws = _report_dates(policy, end)
    for index, raw in enumerate(raws[:-1]):
        if facts.due_on is not None and raw >= facts.due_on:
            break  # the deadline itself takes over
        if facts.assigned_on is not None and raw < facts.assigned_on:
            continue  # no report was owed before the task was assigned
        day = cal.on_or_before(raw)
        next_day = cal.on_or_before(raws[index + 1])
        late = 0
        current = day
        while True:
            occasion = Occasion(current, REPORT_DUE, f"report{raw}:{late}", late)
            if start <= current <= end:
                found.append(occasion)
            elif current > end:
                upcoming.append(current)
                break
            late += policy.overdue_every
            current = cal.shift(day, late)
            if current >= next_day or (facts.due_on is not None and current >= facts.due_on):
                break


def plan(
    facts: TaskFacts, policy: Policy, cal: WorkCalendar, start: dt.date, end: dt.date
) -> tuple[list[Occasion], dt.date | None]:
    """Occasions on the days ``start``…``end`` (inclusive) and the next day after ``end``
    that has one (``None`` when the task needs no more reminders).

    When several deadline occasions fall in the window (a sweep catching up
    after an outage), only the latest is kept.
    """
    if facts.status not in ACTIVE_STATUSES:
        return [], None
    found: list[Occasion] = []
    upcoming: list[dt.date] = []
    if facts.due_on is not None:
        deadline, next_day = _deadline_occasions(facts, policy, cal, start, end)
        found += deadline
        if next_day is not None:
            upcoming.append(next_day)
    if facts.status == "assigned" and not facts.acknowledged and facts.assigned_on:
        day = cal.shift(facts.assigned_on, policy.unacknowledged_after)
        occasion = Occasion(day, UNACKNOWLEDGED, f"unack{facts.assigned_on}", 0)
        if start <= day <= end:
            found.append(occasion)
        elif day > end:
            upcoming.append(day)
    if policy.report_cycle and facts.status in ("in_progress", "returned"):
        _report_occasions(facts, policy, cal, start, end, found, upcoming)
    kept = _collapse(found)
    if facts.due_on is not None and end > facts.due_on:
        # Catching up after the deadline: "due soon/today" would be wrong now.
        kept = [occasion for occasion in kept if occasion.kind not in (DUE_SOON, DUE_TODAY)]
    return kept, (min(upcoming) if upcoming else None)


def _collapse(found: list[Occasion]) -> list[Occasion]:
    phase = [occasion for occasion in found if occasion.kind in _DEADLINE_PHASE]
    reports = [occasion for occasion in found if occasion.kind == REPORT_DUE]
    kept = [occasion for occasion in found if occasion.kind not in (*_DEADLINE_PHASE, REPORT_DUE)]
    for group in (phase, reports):
        if group:
            kept.append(max(group, key=lambda occasion: (occasion.day, occasion.count)))
    return sorted(kept, key=lambda occasion: (occasion.day, occasion.kind))
