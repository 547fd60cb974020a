"""The weekly briefing (每周简报): written to the outbox once per person and
week, sent once even if beat fires twice, each head hearing of their division."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from tests.tracker.reporting_data import NOW, Scenario
from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_record
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.org.models import User
from tracker.reporting import jobs

MONDAY_0900 = NOW.replace(day=26, hour=9)  # Monday 2022-12-26 09:00 Shanghai


def test_beat_runs_the_briefing_on_monday_at_nine() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-briefings"]
    assert entry["task"] == "tracker.reporting.jobs.send_weekly_briefings"
    schedule = entry["schedule"]
    assert schedule.hour == {9} and schedule.minute == {0} and schedule.day_of_week == {1}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


@pytest.mark.django_db(transaction=True)
def test_briefing_is_sent_once_when_beat_fires_twice(
    scenario: Scenario,
    supervisor: User,
    leader: User,
    head_a: User,
    head_b: User,
    staff_a: User,
    settings: pytest.FixtureRequest,
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # type: ignore[attr-defined]
    from tracker.celery import app

    app.conf.task_always_eager = True
    probe = audit_record(action="probe")
    try:
        with time_machine.travel(MONDAY_0900, tick=False):
            assert jobs.send_weekly_briefings.delay().get() == 4
            assert jobs.send_weekly_briefings.delay().get() == 0
    finally:
        app.conf.task_always_eager = False
    rows = Notification.objects.filter(kind=NotificationKind.WEEKLY)
    assert rows.count() == 4
    assert set(rows.values_list("channel", flat=True)) == {Channel.EMAIL}
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert sorted(rows.values_list("dedupe_key", flat=True)) == sorted(
        f"weekly:{u.pk}:2022-W52" for u in (supervisor, leader, head_a, head_b)
    )
    assert len(mail.outbox) == 4  # staff get no briefing; nobody gets two
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    whole = by_recipient[leader.email]
    assert "执法B1 按期办结" in whole  # done on 12-19, within the week
    assert "法规A2 逾期办结" not in whole.split("二、")[0]  # done 12-17: before the week
    assert "执法B3 今天到期" in whole.split("二、")[1].split("三、")[0]  # newly overdue
    assert "执法B2 逾期未办（安全生产执法监督处，逾期66天）" in whole
    # The audit chain's head travels in every briefing (an anchor outside the database).
    anchored = re.search(r"审计日志锚点：第 (\d+) 条，共 \d+ 条，哈希 ([0-9a-f]{64})", whole)
    assert anchored is not None
    assert int(anchored[1]) >= probe.pk
    assert AuditEvent.objects.get(pk=int(anchored[1])).hash == anchored[2]
    division_a = by_recipient[head_a.email]
    assert "执法B2" not in division_a and "执法B1" not in division_a
    assert "法规A3 逾期未办" in division_a
    assert "执法B5 责任人是A的人" not in division_a  # head_a does not see it; staff_a would


@pytest.mark.django_db
def test_next_week_brings_a_new_briefing(scenario: Scenario, leader: User) -> None:
    from tracker.reporting.services import briefings_weekly_send

    # The leader and the scenario's supervisor.
    assert briefings_weekly_send(now=MONDAY_0900) == 2
    assert briefings_weekly_send(now=MONDAY_0900.replace(day=29)) == 0  # same ISO week
    assert briefings_weekly_send(now=MONDAY_0900.replace(year=2023, month=1, day=2)) == 2
