"""seed_demo: a demo that lives — every light, a trend, a return, an extension, messages."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tracker.notifications.models import Channel, Notification
from tracker.org.models import User
from tracker.reporting.dashboard import dashboard_compute
from tracker.reviews.models import Decision, Review
from tracker.supervision.models import Instruction, Milestone, Urge
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, Light, Status, Task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize("today", [TODAY, dt.date(2031, 3, 2)])
def test_demo_is_alive_on_the_day_it_is_seeded(today: dt.date) -> None:
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 9, tzinfo=dt.UTC)):
        call_command("seed_demo", stdout=StringIO())
        lights = {task.warning_light(today) for task in Task.objects.all()}
        assert {Light.GREEN, Light.YELLOW, Light.ORANGE, Light.RED} <= lights
        overdue = Task.objects.overdue(today)
        # Red, but not years late: the demo follows the calendar.
        assert 0 < overdue.count() <= 2
        assert all((today - t.due_on).days < 60 for t in overdue)
        returned = Task.objects.get(status=Status.RETURNED)
        assert Review.objects.filter(task=returned, decision=Decision.RETURN).exists()
        assert Task.objects.filter(status=Status.SUBMITTED).exists()
        assert ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).count() == 1
        for username in ("supervisor", "fagui_head", "fagui_staff", "leader"):
            user = User.objects.get(username=username)
            unread = Notification.objects.filter(
                recipient=user, channel=Channel.APP, read_at__isnull=True
            )
            assert unread.exists(), username
        supervisor = User.objects.get(username="supervisor")
        trend = dashboard_compute(user=supervisor, today=today).trend
        weeks_with_closures = [point for point in trend if point.done]
        assert len(weeks_with_closures) >= 6
        # The 督办 instruments are in use: a 催办 with its numbered slip on the overdue task,
        # a 批示 awaiting report-back, a task in stages with one stage done, a feedback cycle.
        urge = Urge.objects.get()
        assert urge.task.is_overdue(today) and urge.task.slips.filter(kind="urge").exists()
        instruction = Instruction.objects.get()
        assert instruction.report_due_on > today and instruction.status == "open"
        staged = Milestone.objects.get(completed_at__isnull=True).task
        assert staged.milestones.filter(completed_at__isnull=False).count() == 1
        assert staged.next_milestone_on == today + dt.timedelta(days=20)
        assert staged.reminder_policy.report_cycle == "monthly"
