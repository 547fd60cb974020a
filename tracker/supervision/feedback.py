"""定期反馈 record: for each report a task owed, was it filed on time, late, or not at all.

A report due on day D covers the period that ends on D; a progress report
filed in that period is on time, one filed after D but before the next
report day is late, and none at all is missing. Reports owed before the
task was assigned, or after it was closed or its deadline passed, do not
count. The same rule gives the division's feedback rate on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.notifications import planning
from tracker.notifications.models import TaskReminderPolicy
from tracker.notifications.reminders import policy_from
from tracker.tasks.models import Task

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
LABELS = {ON_TIME: _("按时"), LATE: _("迟报"), MISSING: _("缺报"), PENDING: _("未到期")}


@dataclass(frozen=True)
class Owed:
    due_on: dt.date
    state: str
    filed_on: dt.date | None

    @property
    def label(self) -> str:
        return str(LABELS[self.state])


def feedback_record(
    task: Task, policy: TaskReminderPolicy, filed: Iterable[dt.datetime], today: dt.date
) -> list[Owed]:
    """The reports ``task`` owed under ``policy`` up to ``today``, each with its state."""
    if not policy.report_cycle or task.assigned_at is None:
        return []
    rule = policy_from(policy)
    start = timezone.localdate(task.assigned_at)
    if policy.report_since is not None:
        start = max(start, policy.report_since)
    end = today
    if task.completed_at is not None:
        end = min(end, timezone.localdate(task.completed_at))
    if task.due_on is not None:
        end = min(end, task.due_on)
    days = sorted(timezone.localdate(moment) for moment in filed)
    owed: list[Owed] = []
    used: set[dt.date] = set()
    dates = planning.report_dates_between(rule, start, end + dt.timedelta(days=100))
    for index, due in enumerate(dates):
        if due > end:
            break
        if due <= start:
            continue  # nothing can be owed on the day of assignment
        period_start = max(start, planning.report_period_start(rule, due))
        next_due = dates[index + 1] if index + 1 < len(dates) else None
        # A report that answered an earlier period late does not also count here.
        in_period = [d for d in days if period_start <= d <= due and d not in used]
        after = [d for d in days if due < d and (next_due is None or d <= next_due)]
        if in_period:
            owed.append(Owed(due, ON_TIME, in_period[0]))
        elif after:
            used.add(after[0])
            owed.append(Owed(due, LATE, after[0]))
        elif due >= today:
            owed.append(Owed(due, PENDING, None))
        else:
            owed.append(Owed(due, MISSING, None))
    return owed


def feedback_for_task(task: Task, today: dt.date | None = None) -> list[Owed]:
    policy = TaskReminderPolicy.objects.filter(task=task).first()
    if policy is None:
        return []
    filed = task.progress_updates.values_list("created_at", flat=True)
    return feedback_record(task, policy, filed, today or timezone.localdate())


def feedback_rates(tasks: QuerySet[Task], today: dt.date | None = None) -> list[dict[str, object]]:
    """Per lead division: reports owed, on time, late, missing and the on-time rate."""
    today = today or timezone.localdate()
    policies = TaskReminderPolicy.objects.filter(task__in=tasks).exclude(report_cycle="")
    by_division: dict[str, Counter[str]] = {}
    for policy in policies.select_related("task__lead_department").prefetch_related(
        "task__progress_updates"
    ):
        task = policy.task
        filed = [update.created_at for update in task.progress_updates.all()]
        name = str(task.lead_department or "—")
        counts = by_division.setdefault(name, Counter())
        for owed in feedback_record(task, policy, filed, today):
            counts[owed.state] += 1
    rows: list[dict[str, object]] = []
    for name, counts in sorted(by_division.items()):
        due = counts[ON_TIME] + counts[LATE] + counts[MISSING]
        rows.append(
            {
                "department": name,
                "owed": due,
                "on_time": counts[ON_TIME],
                "late": counts[LATE],
                "missing": counts[MISSING],
                "rate": round(100 * counts[ON_TIME] / due, 1) if due else None,
            }
        )
    return rows
