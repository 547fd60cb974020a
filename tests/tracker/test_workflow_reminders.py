"""The workflow services re-plan reminders: assigning plans them, cancelling stops them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tracker.notifications.models import Channel, DeliveryStatus, Notification
from tracker.notifications.planning import REMINDER_KINDS
from tracker.notifications.reminders import reminders_sweep
from tracker.org.models import Department, User
from tracker.tasks import services
from tracker.tasks.models import Status, Task

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.django_db
def test_assigning_plans_reminders_and_cancelling_stops_them(
    supervisor: User, dept_a: Department, head_a: User
) -> None:
    with time_machine.travel(dt.datetime(2022, 3, 1, 10, 0, tzinfo=TZ), tick=False):
        task = Task.objects.create(title="加强执法监督工作。", created_by=supervisor)
        assert task.next_remind_at is None
        services.task_assign(
            task=task, actor=supervisor, lead_department=dept_a, due_on=dt.date(2022, 3, 10)
        )
        task.refresh_from_db()
        assert task.status == Status.ASSIGNED
        assert task.next_remind_at is not None
        assert task.next_remind_at.astimezone(TZ).date() <= dt.date(2022, 3, 10)

    # Five working days before 2022-03-10 is 2022-03-03: the sweep writes a reminder.
    reminders_sweep(now=dt.datetime(2022, 3, 3, 9, 0, tzinfo=TZ))
    assert Notification.objects.filter(task=task).exclude(kind="assigned").exists()

    with time_machine.travel(dt.datetime(2022, 3, 3, 8, 0, tzinfo=TZ), tick=False):
        task.refresh_from_db()
        services.task_cancel(task=task, actor=supervisor, reason="任务调整")
        task.refresh_from_db()
        assert task.status == Status.CANCELLED
        assert task.next_remind_at is None
    later = reminders_sweep(now=dt.datetime(2022, 3, 9, 9, 0, tzinfo=TZ))
    reminders = Notification.objects.filter(task=task).exclude(kind="assigned")
    assert not reminders.filter(status=DeliveryStatus.PENDING).exists()
    assert not reminders.filter(created_at__date__gte=dt.date(2022, 3, 4)).exists(), later


@pytest.mark.django_db
def test_a_write_keeps_the_reminders_still_due_and_a_new_deadline_cancels_them(
    supervisor: User, dept_a: Department, head_a: User
) -> None:
    """Every task write judges the pending reminders by the task as it saved it:
    a new title (state, holder and deadline unchanged) leaves them waiting; a
    moved deadline stops those written for the old one."""
    with time_machine.travel(dt.datetime(2022, 3, 1, 10, 0, tzinfo=TZ), tick=False):
        task = Task.objects.create(title="加强执法监督工作。", created_by=supervisor)
        services.task_assign(
            task=task, actor=supervisor, lead_department=dept_a, due_on=dt.date(2022, 3, 10)
        )
    reminders_sweep(now=dt.datetime(2022, 3, 3, 9, 0, tzinfo=TZ))
    waiting = Notification.objects.filter(
        task=task, kind__in=REMINDER_KINDS, status=DeliveryStatus.PENDING
    ).exclude(channel=Channel.APP)
    before = set(waiting.values_list("pk", flat=True))
    assert before

    with time_machine.travel(dt.datetime(2022, 3, 3, 10, 0, tzinfo=TZ), tick=False):
        task.refresh_from_db()
        services.task_update(
            task=task, actor=supervisor, expected_version=task.version, title="加强执法监督。"
        )
        assert set(waiting.values_list("pk", flat=True)) == before

        task.refresh_from_db()
        services.task_update(
            task=task,
            actor=supervisor,
            expected_version=task.version,
            due_on=dt.date(2022, 3, 20),
        )
    assert not waiting.exists()
    assert (
        set(
            Notification.objects.filter(status=DeliveryStatus.CANCELLED).values_list(
                "pk", flat=True
            )
        )
        == before
    )
