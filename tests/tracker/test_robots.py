"""WeCom and DingTalk group robots: signing, @mentions, batching, rate, disabling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests.tracker.test_reminders import D, at, make_task
from tracker.notifications import channels, services, transports
from tracker.notifications.models import Channel, DeliveryStatus, Notification, RobotState
from tracker.notifications.reminders import reminders_sweep
from tracker.org.models import Department, User


@pytest.mark.parametrize(
    ("timestamp", "sign"),
    [
        # The secret of DingTalk's own example ("this is secret", 自定义机器人安全设置 → 加签);
        # the expected values were computed outside Python, with
        # printf '<timestamp>\nthis is secret' | openssl dgst -sha256 -hmac 'this is secret'
        #   -binary | base64, then URL-encoded as the documentation says.
        (1_577_808_000_000, "ijHEivi6YiCNPZOq4hZstmvZ3sPfbioAiMhP30ae7W0%3D"),
        (1_600_000_000_000, "MYEtKC4%2FNfMR1l4prX%2B%2Bai6oOf70X1xOf6UlnyUhJH4%3D"),
    ],
)
def test_dingtalk_signature_matches_known_answers(timestamp: int, sign: str) -> None:
    assert transports.dingtalk_sign("this is secret", timestamp) == sign


def test_dingtalk_request_is_signed_and_mentions_by_phone() -> None:
    secret = "SEC0123456789abcdef"
    department = Department(dingtalk_access_token="tok", dingtalk_secret=secret)
    url, body = transports.robot_request("dingtalk", department, "督办提醒", ["13800000000"])
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=")
    assert "&sign=" in url
    assert body["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}
    assert "@13800000000" in body["markdown"]["text"]


def test_wecom_request_mentions_by_phone() -> None:
    url, body = transports.robot_request(
        "wecom", Department(wecom_webhook_key="k-1"), "督办提醒", ["13900000000"]
    )
    assert url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1"
    assert body["text"]["mentioned_mobile_list"] == ["13900000000"]


@pytest.fixture
def robot_dept(dept_a: Department, staff_a: User) -> Department:
    dept_a.wecom_webhook_key = "wecom-key"
    dept_a.save()
    staff_a.phone = "13800000001"
    staff_a.save()
    return dept_a


@pytest.fixture
def robot_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(transports, "send_robot", lambda **kwargs: calls.append(kwargs))
    return calls


def robot_ids() -> list[int]:
    return list(
        Notification.objects.filter(channel=Channel.WECOM)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_due_today_goes_to_the_group_with_mention_in_batches_within_the_rate(
    robot_dept: Department,
    staff_a: User,
    robot_calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(channels, "ROBOT_PER_MINUTE", 2)
    for n in range(25):
        make_task(
            staff_a, robot_dept, D(2022, 2, 7), title=f"任务{n}", planned_at=at(D(2022, 2, 4), 10)
        )
    reminders_sweep(now=at(D(2022, 2, 7)))
    ids = robot_ids()
    assert len(ids) == 25
    with time_machine.travel(at(D(2022, 2, 7), 9, 1), tick=False):
        retries = services.notifications_deliver(notification_ids=ids)
    # 10 reminders per message; only 2 messages a minute (limit lowered for the test).
    assert len(robot_calls) == 2
    assert robot_calls[0]["mention_phones"] == ["13800000001"]
    assert robot_calls[0]["text"].count("【今日到期】") == 10
    assert len(retries) == 5 and all(55 <= delay <= 62 for _pk, delay in retries)
    held = Notification.objects.filter(pk__in=[pk for pk, _ in retries])
    assert set(held.values_list("status", "attempts")) == {("pending", 0)}
    with time_machine.travel(at(D(2022, 2, 7), 9, 1) + dt.timedelta(seconds=62), tick=False):
        assert services.notifications_deliver(notification_ids=[pk for pk, _ in retries]) == []
    assert len(robot_calls) == 3
    assert Notification.objects.filter(channel=Channel.WECOM, status="sent").count() == 25


@pytest.mark.django_db
def test_permanently_failing_robot_is_disabled_with_a_notice(
    robot_dept: Department, staff_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise transports.PermanentDeliveryError("机器人返回错误 93000：invalid webhook url")

    monkeypatch.setattr(transports, "send_robot", refuse)
    make_task(staff_a, robot_dept, D(2022, 2, 7), planned_at=at(D(2022, 2, 4), 10))
    reminders_sweep(now=at(D(2022, 2, 7)))
    with time_machine.travel(at(D(2022, 2, 7), 9, 1), tick=False):
        services.notifications_deliver(notification_ids=robot_ids())
    robot_dept.refresh_from_db()
    assert "已自动停用" in robot_dept.robot_disabled_reason
    assert Notification.objects.get(channel=Channel.WECOM).status == DeliveryStatus.FAILED
    reminders_sweep(now=at(D(2022, 2, 8)))
    assert Notification.objects.filter(channel=Channel.WECOM).count() == 1  # no new robot rows
    assert Notification.objects.filter(channel=Channel.EMAIL, kind="overdue").exists()


@pytest.mark.django_db
def test_temporary_robot_errors_retry_then_disable_after_five(
    robot_dept: Department, staff_a: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NOTIFICATION_RETRY_BASE = 1

    def busy(**kwargs: object) -> None:
        raise transports.TemporaryDeliveryError("机器人返回错误 -1：system busy")

    monkeypatch.setattr(transports, "send_robot", busy)
    make_task(staff_a, robot_dept, D(2022, 2, 7), planned_at=at(D(2022, 2, 4), 10))
    reminders_sweep(now=at(D(2022, 2, 7)))
    [pk] = robot_ids()
    moment = at(D(2022, 2, 7), 9, 1)
    for attempt in range(1, 6):
        moment += dt.timedelta(minutes=2)
        with time_machine.travel(moment, tick=False):
            services.notifications_deliver(notification_ids=[pk])
        row = Notification.objects.get(pk=pk)
        assert row.attempts == attempt and "system busy" in row.last_error
    robot_dept.refresh_from_db()
    assert robot_dept.robot_disabled_reason
    assert RobotState.objects.get().consecutive_failures == 5
    assert Notification.objects.get(pk=pk).status == DeliveryStatus.FAILED
