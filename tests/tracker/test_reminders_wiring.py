"""Beat triggers the sweep; events respect preferences; policies are validated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from tracker.celery import app
from tracker.notifications.events import task_event
from tracker.notifications.models import Notification, NotificationPreference, ReminderPolicy
from tracker.org.models import User
from tracker.tasks.models import Task


def test_beat_schedules_the_sweep_job() -> None:
    import tracker.notifications.jobs  # noqa: F401 - registers the jobs

    entry = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 600


@pytest.mark.django_db
def test_event_notification_respects_email_preference(
    staff_a: User, head_a: User, task_a: Task, supervisor: User
) -> None:
    NotificationPreference.objects.create(user=head_a, email=False)
    task_event(
        task=task_a,
        kind="returned",
        recipients=[staff_a, head_a, supervisor],
        occasion="review-1",
        subject="退回重办：佐证材料不全",
        actor=supervisor,
    )
    channels = set(Notification.objects.values_list("recipient__username", "channel"))
    assert channels == {("staff_a", "app"), ("staff_a", "email"), ("head_a", "app")}
    task_event(
        task=task_a,
        kind="returned",
        recipients=[staff_a],
        occasion="review-1",
        subject="退回重办：佐证材料不全",
    )
    assert Notification.objects.count() == 3  # the same event is never notified twice


@pytest.mark.django_db
def test_policy_refuses_night_time_and_bad_days() -> None:
    policy = ReminderPolicy.load()
    policy.send_at = dt.time(23, 0)
    with pytest.raises(ValidationError, match="夜间"):
        policy.full_clean()
    policy.send_at = dt.time(9, 0)
    policy.days_before = "5,三"
    with pytest.raises(ValidationError, match="逗号分隔的正整数"):
        policy.full_clean()
