"""定期反馈: reports owed by a task, on time, late or missing, on the task and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tracker.supervision.feedback import LATE, MISSING, ON_TIME, PENDING, feedback_for_task
from tracker.supervision.services import feedback_set
from tracker.tasks.models import ProgressUpdate, Task

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def filed(task: Task, author, day: dt.date) -> None:
    ProgressUpdate.objects.create(
        task=task,
        author=author,
        text=f"{day} 进展",
        percent=10,
        created_at=dt.datetime.combine(day, dt.time(10), tzinfo=TZ),
    )


def test_monthly_reports_on_time_late_missing_and_pending(task_a, supervisor, staff_a, login):
    Task.objects.filter(pk=task_a.pk).update(
        assigned_at=dt.datetime(2022, 1, 10, tzinfo=TZ), due_on=dt.date(2022, 12, 31)
    )
    task_a.refresh_from_db()
    with time_machine.travel(dt.datetime(2022, 1, 10, 2, tzinfo=dt.UTC), tick=False):
        feedback_set(task=task_a, actor=supervisor, cycle="monthly", day=5)
    filed(task_a, staff_a, dt.date(2022, 2, 3))  # February's report, on time
    filed(task_a, staff_a, dt.date(2022, 3, 9))  # March's, four days late
    # April's never came; May's is not due yet on 2022-05-01.
    states = [(o.due_on, o.state) for o in feedback_for_task(task_a, dt.date(2022, 5, 1))]
    assert states == [
        (dt.date(2022, 2, 5), ON_TIME),
        (dt.date(2022, 3, 5), LATE),
        (dt.date(2022, 4, 5), MISSING),
    ]
    with time_machine.travel(dt.datetime(2022, 5, 5, 2, tzinfo=dt.UTC), tick=False):
        assert feedback_for_task(task_a)[-1].state == PENDING
        page = login(supervisor).get(f"/tasks/{task_a.pk}/").content.decode()
        assert "缺报" in page and "迟报" in page and "按时" in page
        dashboard = login(supervisor).get("/dashboard/").content.decode()
        assert "定期反馈情况" in dashboard and "33.3%" in dashboard


def test_quarterly_reports_fall_after_each_quarter(task_a, supervisor, staff_a):
    Task.objects.filter(pk=task_a.pk).update(
        assigned_at=dt.datetime(2022, 1, 10, tzinfo=TZ), due_on=dt.date(2022, 12, 31)
    )
    task_a.refresh_from_db()
    with time_machine.travel(dt.datetime(2022, 1, 10, 2, tzinfo=dt.UTC), tick=False):
        feedback_set(task=task_a, actor=supervisor, cycle="quarterly", day=10)
    filed(task_a, staff_a, dt.date(2022, 3, 28))
    owed = feedback_for_task(task_a, dt.date(2022, 8, 1))
    assert [(o.due_on, o.state) for o in owed] == [
        (dt.date(2022, 4, 10), ON_TIME),
        (dt.date(2022, 7, 10), MISSING),
    ]


def test_no_policy_no_record(task_a):
    assert feedback_for_task(task_a, dt.date(2022, 5, 1)) == []


def test_reports_are_owed_only_from_when_the_cycle_was_set(task_a, supervisor):
    Task.objects.filter(pk=task_a.pk).update(
        assigned_at=dt.datetime(2022, 1, 10, tzinfo=TZ), due_on=dt.date(2022, 12, 31)
    )
    task_a.refresh_from_db()
    with time_machine.travel(dt.datetime(2022, 4, 20, 2, tzinfo=dt.UTC), tick=False):
        feedback_set(task=task_a, actor=supervisor, cycle="monthly", day=5)
    owed = feedback_for_task(task_a, dt.date(2022, 6, 1))
    assert [(o.due_on, o.state) for o in owed] == [
        (dt.date(2022, 5, 5), MISSING),
    ]
