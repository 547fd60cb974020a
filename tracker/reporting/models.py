"""Counters behind the dashboard at scale (PostgreSQL).

At a million tasks the dashboard cannot group the task table on every
request. Two tallies hold what does not depend on today's date, kept exact by
row triggers on ``tasks_task`` (created in this app's migration, so that every
write — services, bulk updates, the admin, raw SQL — is counted in the same
transaction):

* ``TaskTally``: tasks per (lead department, report, kind, status, year of the
  deadline, done on time, has a completion time).
* ``TaskDoneWeek``: done tasks per week of completion (local time), for the
  burn-up.

What depends on today (逾期, due in 7/30 days) is read live from the open
tasks through a partial index. ``0`` in a key column means "none" (no lead
department, no report, no deadline), so the unique keys need no NULL rules.
SQLite keeps the plain computation; ``tally_rebuild`` recomputes everything
(after a bulk load with the triggers disabled, or to verify).
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
                ],
                name="task_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_department_id}/{self.report_id}/{self.kind}/{self.status}: {self.n}"


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
