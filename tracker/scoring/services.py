"""考评: each division's score for a period, derived from the audit trail.

Nothing here is typed in. Every task action writes an audit event whose
``after`` holds the task's snapshot (status, lead division, deadline); 销号,
退回 and 催办 are events of their own. Replaying those events gives each
task's state at any past moment, and so:

- 按期办结 / 提前办结: a ``task_approve`` event on or before the deadline the
  task had at that moment (提前: at least ``early_days`` before it);
- 逾期: a task that was with its division (交办 to 待审核, 退回重办 included —
  the dashboard's definition of overdue) when its deadline day ended; one
  event per deadline missed, on the day after it, charged to the division
  that held it then;
- 退回重办: a ``task_return`` event (the office's 退回, not the division's own);
- 被催办: a ``task_urge`` event;
- 定期反馈迟报 / 缺报: the record of tracker/supervision/feedback.py, one event
  on each owed report day, charged to the division holding the task that day.

The audit trail is append-only, so a past period recalculates to the same
table. One exception, written down in docs/notes/issue-15.md: the 定期反馈
record is judged with the task's current reporting cycle and as of
``as_of``, so a 缺报 becomes 迟报 if the report is filed before the next
report day, and changing a task's cycle re-judges it.

Tasks not yet assigned (待交办, 退办) are never charged to anybody.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.services import audit_record
from tracker.notifications.models import TaskReminderPolicy
from tracker.org.models import Department, User
from tracker.scoring.models import POINT_FIELDS, ScoringRules
from tracker.scoring.periods import Period
from tracker.supervision.feedback import LATE, MISSING, feedback_record
from tracker.tasks.models import Status, Task, user_department_ids

ON_TIME = "on_time"
EARLY = "early"
OVERDUE = "overdue"
LATE_REPORT = "late_report"
MISSING_REPORT = "missing_report"
RETURNED = "returned"
URGED = "urged"

KINDS = (ON_TIME, EARLY, OVERDUE, LATE_REPORT, MISSING_REPORT, RETURNED, URGED)
KIND_LABELS = {
    ON_TIME: _("按期办结"),
    EARLY: _("提前办结"),
    OVERDUE: _("逾期未办结"),
    LATE_REPORT: _("定期反馈迟报"),
    MISSING_REPORT: _("定期反馈缺报"),
    RETURNED: _("审核退回重办"),
    URGED: _("被催办"),
}
# Which rule gives each kind its points, and its sign.
KIND_RULES = {
    ON_TIME: ("on_time_points", 1),
    EARLY: ("early_bonus", 1),
    OVERDUE: ("overdue_deduction", -1),
    LATE_REPORT: ("late_report_deduction", -1),
    MISSING_REPORT: ("missing_report_deduction", -1),
    RETURNED: ("return_deduction", -1),
    URGED: ("urge_deduction", -1),
}

# With the division: the states in which a passed deadline is the division's 逾期.
WITH_DIVISION = {
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.SUBMITTED,
    Status.DIVISION_REVIEW,
    Status.RETURNED,
}


def points_text(value: Decimal) -> str:
    """99.0 → "99", -0.5 → "-0.5": points as people write them."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class ScoreEvent:
    kind: str
    on: dt.date
    points: Decimal
    task_id: int
    task_title: str
    department_id: int
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def url(self) -> str:
        return reverse("task-detail", args=[self.task_id])

    @property
    def points_text(self) -> str:
        return ("+" if self.points > 0 else "") + points_text(self.points)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "on": self.on.isoformat(),
            "points": points_text(self.points),
            "task_id": self.task_id,
            "task_title": self.task_title,
            "detail": self.detail,
            "url": self.url,
        }


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    department_id: int
    department_name: str
    score: Decimal
    counts: dict[str, int]
    events: list[ScoreEvent] = field(default_factory=list)

    @property
    def score_text(self) -> str:
        return points_text(self.score)

    def as_dict(self, *, with_events: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rank": self.rank,
            "department_id": self.department_id,
            "department": self.department_name,
            "score": points_text(self.score),
            "counts": self.counts,
        }
        if with_events:
            data["events"] = [event.as_dict() for event in self.events]
        return data


@dataclass(frozen=True)
class _State:
    since: dt.datetime
    status: str
    lead_id: int | None
    due_on: dt.date | None


@functools.lru_cache(maxsize=4096)
def _day_start_in(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def _day_start(day: dt.date) -> dt.datetime:
    """Local midnight starting ``day`` (cached: a year's table asks ~30,000 times)."""
    return _day_start_in(day, timezone.get_current_timezone())


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def _timelines(
    until: dt.datetime,
) -> tuple[dict[int, list[_State]], list[tuple[int, str, dt.datetime]]]:
    """Each task's states (from the snapshots in its audit events) and the
    scored actions (退回, 催办, 销号), everything before ``until``."""
    states: dict[int, list[_State]] = defaultdict(list)
    actions: list[tuple[int, str, dt.datetime]] = []
    rows = (
        AuditEvent.objects.filter(object_type="tasks.task", created_at__lt=until)
        .exclude(
            action__in=(
                AuditAction.PERMISSION_DENIED,
                AuditAction.EVIDENCE_DOWNLOAD,
                AuditAction.EVIDENCE_PREVIEW,
            )
        )
        .order_by("created_at", "id")
        .values_list("object_id", "action", "created_at", "after")
    )
    for object_id, action, created_at, after in rows.iterator(chunk_size=5000):
        if not object_id.isdigit():
            continue
        task_id = int(object_id)
        if isinstance(after, dict) and "status" in after and "lead_department_id" in after:
            states[task_id].append(
                _State(
                    since=created_at,
                    status=after["status"],
                    lead_id=after["lead_department_id"],
                    due_on=_date(after.get("due_on")),
                )
            )
        if action in (AuditAction.TASK_APPROVE, AuditAction.TASK_RETURN, AuditAction.TASK_URGE):
            actions.append((task_id, action, created_at))
    return states, actions


def _state_at(history: list[_State], moment: dt.datetime) -> _State | None:
    """The state in force at ``moment`` (the last snapshot at or before it)."""
    current = None
    for state in history:
        if state.since > moment:
            break
        current = state
    return current


def _events(
    period: Period, as_of: dt.date, rules: ScoringRules
) -> tuple[list[ScoreEvent], set[int]]:
    zone = timezone.get_current_timezone()
    first_day, last_day = period.start, min(period.end, as_of)
    horizon = _day_start(last_day + dt.timedelta(days=1))
    histories, actions = _timelines(horizon)
    raw: list[tuple[str, dt.date, int, int | None, str]] = []  # kind, day, task, division, detail
    held: set[int] = set()  # divisions that held a task during the period

    # 逾期: a deadline day ended while the task was with its division.
    period_start = _day_start(period.start)
    for task_id, history in histories.items():
        missed: set[dt.date] = set()
        for index, state in enumerate(history):
            ends = history[index + 1].since if index + 1 < len(history) else horizon
            if state.lead_id and state.status in (*WITH_DIVISION, Status.DONE):
                if state.since < horizon and ends > period_start:
                    held.add(state.lead_id)
            if state.status not in WITH_DIVISION or state.due_on is None or not state.lead_id:
                continue
            moment = max(_day_start(state.due_on + dt.timedelta(days=1)), state.since)
            if moment < ends and state.due_on not in missed:
                missed.add(state.due_on)
                raw.append(
                    (
                        OVERDUE,
                        moment.astimezone(zone).date(),
                        task_id,
                        state.lead_id,
                        f"完成时限 {state.due_on.isoformat()}",
                    )
                )

    # 销号, 退回, 催办: charged to the division holding the task at that moment.
    for task_id, action, moment in actions:
        held_by = _state_at(histories.get(task_id, []), moment)
        if held_by is None or not held_by.lead_id:
            continue
        day = moment.astimezone(zone).date()
        if action == AuditAction.TASK_APPROVE:
            due = held_by.due_on
            if due is None or day <= due:
                raw.append((ON_TIME, day, task_id, held_by.lead_id, _due_detail(due)))
                if due is not None and (due - day).days >= rules.early_days:
                    raw.append(
                        (EARLY, day, task_id, held_by.lead_id, f"提前 {(due - day).days} 天办结")
                    )
        elif action == AuditAction.TASK_RETURN:
            raw.append((RETURNED, day, task_id, held_by.lead_id, ""))
        else:
            raw.append((URGED, day, task_id, held_by.lead_id, ""))

    # 定期反馈: 迟报 and 缺报 on owed report days within the period.
    policies = (
        TaskReminderPolicy.objects.exclude(report_cycle="")
        .filter(task_id__in=list(histories))
        .select_related("task")
        .prefetch_related("task__progress_updates")
    )
    for policy in policies:
        task = policy.task
        filed = [update.created_at for update in task.progress_updates.all()]
        for owed in feedback_record(task, policy, filed, as_of):
            if owed.state not in (LATE, MISSING) or not first_day <= owed.due_on <= last_day:
                continue
            then = _state_at(histories.get(task.pk, []), _day_start(owed.due_on))
            lead_id = then.lead_id if then is not None else task.lead_department_id
            if not lead_id:
                continue
            kind = LATE_REPORT if owed.state == LATE else MISSING_REPORT
            detail = f"应报日 {owed.due_on.isoformat()}"
            if owed.filed_on:
                detail += f"，{owed.filed_on.isoformat()} 补报"
            raw.append((kind, owed.due_on, task.pk, lead_id, detail))

    in_period = [item for item in raw if first_day <= item[1] <= last_day]
    titles = dict(
        Task.objects.filter(pk__in={item[2] for item in in_period}).values_list("pk", "title")
    )
    events = []
    for kind, day, task_id, lead_id, detail in in_period:
        if task_id not in titles or lead_id is None:
            continue  # a deleted task leaves its events behind (cascade); nothing to link
        rule, sign = KIND_RULES[kind]
        events.append(
            ScoreEvent(
                kind=kind,
                on=day,
                points=sign * getattr(rules, rule),
                task_id=task_id,
                task_title=titles[task_id],
                department_id=lead_id,
                detail=detail,
            )
        )
    events.sort(key=lambda e: (e.on, e.task_id, KINDS.index(e.kind)))
    return events, held


def _due_detail(due: dt.date | None) -> str:
    return f"完成时限 {due.isoformat()}" if due else "无完成时限"


def league_table(*, period: Period, as_of: dt.date | None = None) -> list[LeagueRow]:
    """The 考评 league table of ``period``: one row per division that held a
    task in the period or has a scored event in it, best score first.

    Sees everything; use ``league_table_for`` for what a user may see."""
    as_of = as_of or timezone.localdate()
    rules = ScoringRules.for_period_end(period.end)
    if as_of < period.start:
        return []
    events, held = _events(period, as_of, rules)
    by_division: dict[int, list[ScoreEvent]] = defaultdict(list)
    for event in events:
        by_division[event.department_id].append(event)
    ids = set(by_division) | held
    departments = Department.objects.filter(pk__in=ids).order_by("order", "id")
    rows = []
    for department in departments:
        mine = by_division.get(department.pk, [])
        score = rules.base_points + sum((e.points for e in mine), Decimal("0"))
        counts = {kind: sum(1 for e in mine if e.kind == kind) for kind in KINDS}
        rows.append((department, score, counts, mine))
    rows.sort(key=lambda r: -r[1])  # stable: equal scores keep the department order
    table: list[LeagueRow] = []
    for index, (department, score, counts, mine) in enumerate(rows):
        rank = table[-1].rank if table and table[-1].score == score else index + 1
        table.append(
            LeagueRow(
                rank=rank,
                department_id=department.pk,
                department_name=department.name,
                score=score,
                counts=counts,
                events=mine,
            )
        )
    return table


def can_see_division(user: User, department_id: int) -> bool:
    """Supervisors and leaders see every division's score; a head or staff
    member sees their own division's (and those below it)."""
    if user.sees_everything:
        return True
    return department_id in user_department_ids(user)


def league_table_for(
    *, user: User, period: Period, as_of: dt.date | None = None
) -> list[LeagueRow]:
    """The rows of ``league_table`` this user may see (ranks stay the whole table's)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not user.sees_everything and user.department_id is None:
        return []
    rows = league_table(period=period, as_of=as_of)
    return [row for row in rows if can_see_division(user, row.department_id)]


def rules_in_force(period: Period) -> ScoringRules:
    return ScoringRules.for_period_end(period.end)


def scoring_rules_save(*, actor: User, values: dict[str, Any], request: Any = None) -> ScoringRules:
    """Save a new version of the 考评规则 (supervisors only); the old ones stay."""
    if not actor.is_supervisor:
        audit_record(
            action=AuditAction.PERMISSION_DENIED,
            actor=actor,
            object_type="scoring.scoringrules",
            after={"attempted": "scoring_rules_save"},
            request=request,
        )
        raise ValidationError(_("只有督办管理员可以修改考评规则。"))
    with transaction.atomic():
        before = ScoringRules.current()
        rules = ScoringRules(created_by=actor, **_only_rule_fields(values))
        rules.full_clean()
        rules.save()
        audit_record(
            action=AuditAction.SCORING_RULES_SAVE,
            actor=actor,
            obj=rules,
            before=_rule_values(before),
            after=_rule_values(rules),
            request=request,
        )
    return rules


RULE_FIELDS = (*POINT_FIELDS, "early_days")


def _only_rule_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in RULE_FIELDS if name in values}


def _rule_values(rules: ScoringRules) -> dict[str, str]:
    return {name: str(getattr(rules, name)) for name in RULE_FIELDS}


def rows_counts(rows: Iterable[LeagueRow]) -> dict[str, int]:
    """Totals of each kind of event over ``rows`` (for a summary line)."""
    totals = dict.fromkeys(KINDS, 0)
    for row in rows:
        for kind, n in row.counts.items():
            totals[kind] += n
    return totals
