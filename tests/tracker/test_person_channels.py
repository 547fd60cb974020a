"""Work messages to one person (钉钉工作通知, 企业微信应用消息) and SMS for escalations,
through the outbox, against local servers enforcing the platforms' protocol."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from tests.tracker.fake_sms import FakeSmsGateway
from tests.tracker.fake_workapps import FakeDingTalk, FakeWeCom
from tests.tracker.test_reminders import D, at, make_task
from tracker.identity.models import Source, UserIdentity
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    ReminderPolicy,
)
from tracker.notifications.reminders import reminders_sweep
from tracker.notifications.services import notifications_deliver
from tracker.org.models import Department, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings: pytest.FixtureRequest) -> Iterator[FakeSmsGateway]:
    server = FakeSmsGateway(ec_name="应急管理厅", ap_id="duban", secret="k", signs={"S1"}).start()
    settings.SMS_GATEWAY_URL = server.url  # type: ignore[attr-defined]
    settings.SMS_EC_NAME, settings.SMS_AP_ID = "应急管理厅", "duban"  # type: ignore[attr-defined]
    settings.SMS_SECRET_KEY, settings.SMS_SIGN = "k", "S1"  # type: ignore[attr-defined]
    settings.SMS_ADD_SERIAL = ""  # type: ignore[attr-defined]
    yield server
    server.stop()


def ids(user: User, **values: str) -> None:
    UserIdentity.objects.update_or_create(user=user, defaults={"source": Source.LOCAL, **values})


def deliver_all() -> None:
    pending = Notification.objects.filter(status=DeliveryStatus.PENDING)
    notifications_deliver(notification_ids=list(pending.values_list("pk", flat=True)))


def test_due_reminder_goes_to_the_person_on_wecom_and_dingtalk(
    wecom: FakeWeCom, dingtalk: FakeDingTalk, staff_a: User, dept_a: Department
) -> None:
    ids(staff_a, wecom_userid="zhangsan", dingtalk_userid="u001")
    task = make_task(staff_a, dept_a, D(2022, 3, 4))

    reminders_sweep(now=at(D(2022, 3, 4)))  # 今日到期
    deliver_all()

    rows = Notification.objects.filter(recipient=staff_a).exclude(channel=Channel.APP)
    assert sorted(rows.values_list("channel", "status")) == [
        ("dingtalk_work", "sent"),
        ("email", "sent"),
        ("wecom_app", "sent"),
    ]
    for text in (wecom.state.delivered[0]["content"], dingtalk.state.delivered[0]["content"]):
        assert text.startswith("【督办】") and task.title in text
        assert text.endswith(f"/tasks/{task.pk}/")


def test_a_person_can_switch_a_channel_off_and_nobody_without_an_id_gets_one(
    wecom: FakeWeCom, dingtalk: FakeDingTalk, staff_a: User, head_a: User, dept_a: Department
) -> None:
    ids(staff_a, wecom_userid="zhangsan", dingtalk_userid="u001")
    NotificationPreference.objects.create(user=staff_a, wecom_app=False)
    make_task(staff_a, dept_a, D(2022, 3, 4))
    reminders_sweep(now=at(D(2022, 3, 4)))
    channels = set(Notification.objects.values_list("channel", flat=True))
    assert "wecom_app" not in channels and "dingtalk_work" in channels
    assert not Notification.objects.filter(recipient=head_a, channel="dingtalk_work").exists()


def test_nothing_for_platforms_that_are_not_configured(staff_a: User, dept_a: Department) -> None:
    ids(staff_a, wecom_userid="zhangsan", dingtalk_userid="u001")
    make_task(staff_a, dept_a, D(2022, 3, 4))
    reminders_sweep(now=at(D(2022, 3, 4)))
    assert set(Notification.objects.values_list("channel", flat=True)) == {"app", "email"}


def test_sms_only_for_the_escalation_steps_the_policy_names(
    gateway: FakeSmsGateway, staff_a: User, head_a: User, leader: User, dept_a: Department
) -> None:
    for person, phone in (
        (staff_a, "13800000001"),
        (head_a, "13800000002"),
        (leader, "13800000003"),
    ):
        person.phone = phone
        person.save()
    policy = ReminderPolicy.load()
    policy.overdue_every = 2
    policy.escalate_leader_after = 5
    policy.sms_escalate_head = True  # only this step
    policy.save()
    make_task(staff_a, dept_a, D(2022, 3, 4))
    for day in (D(2022, 3, 8), D(2022, 3, 9), D(2022, 3, 11)):  # overdue, head, leader
        reminders_sweep(now=at(day))
    deliver_all()

    sms_rows = Notification.objects.filter(channel=Channel.SMS)
    assert list(sms_rows.values_list("kind", "recipient__username", "status")) == [
        ("escalate_head", "head_a", "sent")
    ]
    assert [m["mobile"] for m in gateway.delivered] == ["13800000002"]
    assert "逾期" in gateway.delivered[0]["content"]


def test_failures_are_recorded_per_person_and_shown_to_the_supervisor_only(
    wecom: FakeWeCom,
    staff_a: User,
    dept_a: Department,
    supervisor: User,
    head_b: User,
    login: Callable[[User], Client],
) -> None:
    ids(staff_a, wecom_userid="left-the-company")  # not a WeCom member any more
    make_task(staff_a, dept_a, D(2022, 3, 4))
    reminders_sweep(now=at(D(2022, 3, 4)))
    deliver_all()

    row = Notification.objects.get(channel=Channel.WECOM_APP)
    assert row.status == DeliveryStatus.FAILED and "81013" in row.last_error
    page = login(supervisor).get("/notifications/").content.decode()
    assert "81013" in page and staff_a.full_name in page and "企业微信应用消息" in page
    other = login(head_b).get("/notifications/").content.decode()
    assert "81013" not in other and staff_a.full_name not in other


def test_rate_limited_message_is_retried_later_not_lost(
    wecom: FakeWeCom, staff_a: User, dept_a: Department
) -> None:
    ids(staff_a, wecom_userid="zhangsan")
    wecom.state.per_minute = 0  # WeCom answers 45009 to everything for now
    make_task(staff_a, dept_a, D(2022, 3, 4))
    reminders_sweep(now=at(D(2022, 3, 4)))
    deliver_all()
    row = Notification.objects.get(channel=Channel.WECOM_APP)
    assert row.status == DeliveryStatus.PENDING and "45009" in row.last_error
    assert row.send_after > dt.datetime.now(dt.UTC)

    wecom.state.per_minute = 30
    Notification.objects.filter(pk=row.pk).update(send_after=dt.datetime.now(dt.UTC))
    deliver_all()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and len(wecom.state.delivered) == 1


def test_task_events_reach_the_person_too(
    wecom: FakeWeCom, staff_a: User, supervisor: User, dept_a: Department
) -> None:
    from tracker.notifications.events import task_event

    ids(staff_a, wecom_userid="zhangsan")
    task = Task.objects.create(title="整改任务", lead_department=dept_a, due_on=D(2022, 12, 31))
    task_event(
        task=task, kind="returned", recipients=[staff_a], occasion="r1", subject="任务被退回"
    )
    deliver_all()
    assert [m["content"].splitlines()[0] for m in wecom.state.delivered] == ["【督办】任务被退回"]


def test_preferences_page_saves_channels_and_ids(
    wecom: FakeWeCom,
    dingtalk: FakeDingTalk,
    staff_a: User,
    staff_b: User,
    login: Callable[[User], Client],
) -> None:
    client = login(staff_a)
    page = client.get("/notifications/").content.decode()
    assert "钉钉工作通知" in page and "企业微信 userid" in page
    client.post(
        "/notifications/preferences/",
        {"email": "on", "dingtalk_work": "on", "wecom_userid": "zhangsan", "dingtalk_userid": ""},
    )
    preference = NotificationPreference.objects.get(user=staff_a)
    assert (preference.dingtalk_work, preference.wecom_app) == (True, False)
    identity = UserIdentity.objects.get(user=staff_a)
    assert identity.wecom_userid == "zhangsan" and identity.ids_entered_by_user

    # Someone else's id, or a malformed one: a clear message, nothing changes.
    other = login(staff_b)
    response = other.post(
        "/notifications/preferences/", {"wecom_userid": "zhangsan", "email": "on"}, follow=True
    )
    assert "已被其他用户使用" in response.content.decode()
    response = other.post(
        "/notifications/preferences/", {"wecom_userid": "张 三", "email": "on"}, follow=True
    )
    assert "格式不正确" in response.content.decode()
    assert not UserIdentity.objects.filter(user=staff_b).exists()
    assert not NotificationPreference.objects.filter(user=staff_b).exists()


def test_ids_from_the_directory_cannot_be_changed_by_the_person(
    wecom: FakeWeCom, staff_a: User, login: Callable[[User], Client]
) -> None:
    UserIdentity.objects.create(user=staff_a, source=Source.DIRECTORY, wecom_userid="zhangsan")
    response = login(staff_a).post(
        "/notifications/preferences/", {"wecom_userid": "someone-else", "email": "on"}, follow=True
    )
    assert "由单位目录同步" in response.content.decode()
    assert UserIdentity.objects.get(user=staff_a).wecom_userid == "zhangsan"
