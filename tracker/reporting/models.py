"""Counters behind the dashboard at scale (PostgreSQL).

At a million tasks the dashboard cannot group the task table on every
request. Two tallies hold what does not depend on today's date, kept exact by
row triggers on ``tasks_task`` (created in this app's migration, so that every
write — services, bulk updates, the admin, raw SQL — is counted in the same
transaction):

* ``TaskTally``: tasks per (lead department, report, kind, status, year of the
  deadline, done on time, has a completion time).
* ``TaskDoneWeek``: done tasks per week of completion (local time), for the
  burn-up; ``TaskDoneWeekTotal`` the same per week only (the whole).
* ``TaskStatusTally``: tasks per (lead department, status), the task list's
  status chips.

What depends on today is kept bounded: ``TaskTally.past_due`` counts the
tasks 逾期 as of ``TallyClock.as_of`` (handed out, due before that day), and
the dashboard reads live, through the partial index on open tasks by
deadline, only the deadlines between the clock and today + 31 days (逾期 of
the days since the clock, due in 7/30 days) — never the overdue backlog. A
daily job (``tally_clock_advance``) moves the clock to today; if it does not
run, the numbers stay exact and the live stretch is a day longer per day.

``0`` in a key column means "none" (no lead department, no report, no
deadline), so the unique keys need no NULL rules. SQLite keeps the plain
computation; ``tally_rebuild`` recomputes everything (after a bulk load with
the triggers disabled, or to verify).
"""

from __future__ import annotations

from django.db import models


class TaskTally(models.Model):
    lead_department_id = models.IntegerField()
    report_id = models.IntegerField()
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    due_year = models.IntegerField()
    on_time = models.BooleanField()
    has_completed = models.BooleanField()
    # 逾期 as of TallyClock.as_of: handed out and due before that day.
    past_due = models.BooleanField(default=False)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "lead_department_id",
                    "report_id",
                    "kind",
                    "status",
                    "due_year",
                    "on_time",
                    "has_completed",
                    "past_due",
                ],
                name="task_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_department_id}/{self.report_id}/{self.kind}/{self.status}: {self.n}"


class GroupCounts(models.Model):
    """The counts one row of the group tallies keeps (``TaskGroupTally``,
    ``TaskCoopTally``); ``COUNT_FIELDS`` names them in this order."""

    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    # 逾期 as of TallyClock.as_of.
    past_due = models.IntegerField(default=0)
    # Done with a completion time (the burn-up's whole).
    completed = models.IntegerField(default=0)
    # Open and due within 7 / 30 days of TallyClock.as_of (7/30 天内到期 on that day).
    due_7 = models.IntegerField(default=0)
    due_30 = models.IntegerField(default=0)

    class Meta:
        abstract = True


COUNT_FIELDS = ("total", "done", "on_time", "cancelled", "past_due", "completed", "due_7", "due_30")


class TaskGroupTally(GroupCounts):
    """TaskTally rolled up to the dashboard's groups — (lead department,
    report, kind, 待交办/退办 or not) — with one column per count: what the
    dashboard reads when no year is chosen (~2,800 rows at a million tasks,
    against ~42,000 in TaskTally). Kept by the same trigger."""

    lead_department_id = models.IntegerField()
    report_id = models.IntegerField()
    kind = models.CharField(max_length=20)
    unassigned = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_department_id", "report_id", "kind", "unassigned"],
                name="task_group_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_department_id}/{self.report_id}/{self.kind}: {self.total}"


class TaskDoneWeek(models.Model):
    week = models.DateField()
    lead_department_id = models.IntegerField()
    report_id = models.IntegerField()
    due_year = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["week", "lead_department_id", "report_id", "due_year"],
                name="task_done_week_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.week}: {self.n}"


class TaskStatusTally(models.Model):
    """Tasks per (lead department, status), kept by the same trigger: the task
    list's status chips for every task (~1,500 rows at a million tasks,
    against ~42,000 in TaskTally)."""

    lead_department_id = models.IntegerField()
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_department_id", "status"], name="task_status_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_department_id}/{self.status}: {self.n}"


class TaskDoneWeekTotal(models.Model):
    """``TaskDoneWeek`` per week only (same trigger, same rebuild): the burn-up of
    the whole reads one row per week."""

    week = models.DateField(unique=True)
    n = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.week}: {self.n}"


class TallyClock(models.Model):
    """One row (id 1): the day TaskTally.past_due is counted as of."""

    as_of = models.DateField()

    def __str__(self) -> str:
        return str(self.as_of)


class TaskCoopTally(GroupCounts):
    """``TaskGroupTally``'s counts per co-operating department (配合单位): one
    row per (department, lead department, report, kind, 待交办/退办 or not),
    counting each (task, co-operating department) pair once. With the group
    tally of the department's own tasks it gives a division's dashboard
    (visible: the tasks it leads or co-operates on) without reading its
    tasks. Kept by the task trigger and by a trigger on the pairs' table."""

    department_id = models.IntegerField()
    lead_department_id = models.IntegerField()
    report_id = models.IntegerField()
    kind = models.CharField(max_length=20)
    unassigned = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department_id", "lead_department_id", "report_id", "kind", "unassigned"],
                name="task_coop_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}: {self.lead_department_id}/{self.report_id}: {self.total}"


class TaskCoopDoneWeek(models.Model):
    """Done co-operated tasks per (co-operating department, lead department,
    report, week of completion): a division's burn-up beside ``TaskDoneWeek``."""

    department_id = models.IntegerField()
    lead_department_id = models.IntegerField()
    report_id = models.IntegerField()
    week = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department_id", "lead_department_id", "report_id", "week"],
                name="task_coop_done_week_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.week}: {self.n}"
