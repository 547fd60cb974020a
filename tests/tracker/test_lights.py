"""红黄绿灯: a change of colour is told to the right people once, with a 预警督办单 on orange and red."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tracker.notifications.models import Notification, NotificationKind
from tracker.slips.models import Slip, SlipKind
from tracker.tasks.lights import lights_sweep
from tracker.tasks.models import Light, Status, Task

pytestmark = pytest.mark.django_db

START = dt.datetime(2022, 1, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def running(task_a: Task) -> Task:
    # 100 days from assignment to deadline: yellow at ≤30 left, orange ≤15, red after.
    Task.objects.filter(pk=task_a.pk).update(
        assigned_at=START, due_on=dt.date(2022, 4, 11), status=Status.IN_PROGRESS
    )
    task_a.refresh_from_db()
    return task_a


def recipients(kind_light: str) -> set[str]:
    return set(
        Notification.objects.filter(
            kind=NotificationKind.LIGHT_CHANGED, subject__contains=kind_light, channel="app"
        ).values_list("recipient__username", flat=True)
    )


def test_each_colour_goes_to_its_audience_once_and_orange_red_issue_slips(
    running, staff_a, head_a, head_b, leader
):
    days = {
        "green": dt.date(2022, 1, 20),
        "yellow": dt.date(2022, 3, 15),
        "orange": dt.date(2022, 4, 1),
        "red": dt.date(2022, 4, 12),
    }
    assert lights_sweep(today=days["green"]) == {"yellow": 0, "orange": 0, "red": 0}
    assert lights_sweep(today=days["yellow"])["yellow"] == 1
    assert recipients("黄灯") == {"staff_a"}
    assert lights_sweep(today=days["orange"])["orange"] == 1
    assert recipients("橙灯") == {"staff_a", "head_a"}
    with time_machine.travel(dt.datetime(2022, 4, 12, 1, 0, tzinfo=dt.UTC), tick=False):
        assert lights_sweep(today=days["red"])["red"] == 1
    assert recipients("红灯") == {"staff_a", "head_a", "leader"}
    # A second sweep on the same day, or the next, announces nothing new.
    assert lights_sweep(today=days["red"]) == {"yellow": 0, "orange": 0, "red": 0}
    assert lights_sweep(today=days["red"] + dt.timedelta(days=1))["red"] == 0
    assert (
        Notification.objects.filter(kind=NotificationKind.LIGHT_CHANGED, channel="app").count() == 6
    )
    slips = list(
        Slip.objects.filter(task=running).order_by("sequence").values_list("kind", "number")
    )
    assert [kind for kind, _ in slips] == [SlipKind.WARNING, SlipKind.WARNING]
    running.refresh_from_db()
    assert running.light == Light.RED
    assert "head_b" not in recipients("红灯")


def test_closed_and_draft_tasks_are_quiet(running, supervisor):
    Task.objects.filter(pk=running.pk).update(status=Status.DONE, completed_at=timezone.now())
    assert lights_sweep(today=dt.date(2022, 4, 20)) == {"yellow": 0, "orange": 0, "red": 0}
    Task.objects.filter(pk=running.pk).update(status=Status.DRAFT)
    assert lights_sweep(today=dt.date(2022, 4, 20)) == {"yellow": 0, "orange": 0, "red": 0}
    assert not Notification.objects.filter(kind=NotificationKind.LIGHT_CHANGED).exists()
