"""The outbox's rules, one at a time, in one process (no worker, no broker):
stable Message-ID, outcomes under the lease, retry by time, dropping stale
reminders, one bad row failing alone, re-drive by a supervisor, and what the
notification page tells about failures."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import make_user
from tests.tracker.test_reminders import D, at, make_task
from tracker.notifications import channels, services, transports
from tracker.notifications.channels import Outcome, Result, Transport
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.notifications.services import Lease, notifications_deliver, notifications_requeue
from tracker.org.models import Role, User
from tracker.tasks.models import Status

T0 = at(D(2022, 1, 28), 10)


def email_row(user: User, key: str = "k", **extra: Any) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=extra.pop("kind", NotificationKind.ASSIGNED),
        channel=Channel.EMAIL,
        dedupe_key=key,
        subject=extra.pop("subject", "新任务已交办"),
        send_after=T0 - dt.timedelta(minutes=1),
        **extra,
    )


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The mail server answers 451 to everything (transports.py simulated)."""
    seen: list[str] = []

    def refuse(**kwargs: Any) -> None:
        seen.append(kwargs["message_id"])
        raise transports.TemporaryDeliveryError("邮件服务器暂时拒绝：451 try later")

    monkeypatch.setattr(transports, "email_connection", lambda: object())
    monkeypatch.setattr(transports, "email_close", lambda connection: None)
    monkeypatch.setattr(transports, "send_email", refuse)
    return seen


@pytest.mark.django_db
def test_every_send_of_a_row_carries_the_same_message_id(
    staff_a: User, refusing: list[str], settings: Any
) -> None:
    settings.NOTIFICATION_MESSAGE_ID_DOMAIN = "duban.example.gov.cn"
    row = email_row(staff_a)
    for minutes in (0, 2, 10):
        with time_machine.travel(T0 + dt.timedelta(minutes=minutes), tick=False):
            notifications_deliver(notification_ids=[row.pk])
    assert len(refusing) == 3 and len(set(refusing)) == 1
    assert refusing[0] == row.message_id
    assert row.message_id.startswith(f"<duban-{row.pk}-") and row.message_id.endswith(
        "@duban.example.gov.cn>"
    )
    other = email_row(staff_a, key="k2")
    assert other.message_id != row.message_id


@pytest.mark.django_db
def test_message_id_header_reaches_the_mail(staff_a: User) -> None:
    row = email_row(staff_a, subject="标题\r\n换行\tBcc: x@example.gov.cn")
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk])
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.subject == "标题 换行 Bcc: x@example.gov.cn"
    assert message.message()["Message-ID"] == row.message_id


@pytest.mark.django_db
def test_temporary_failures_retry_by_time_then_fail_with_the_reason(
    staff_a: User, refusing: list[str], settings: Any
) -> None:
    settings.NOTIFICATION_RETRY_BASE = 60
    settings.NOTIFICATION_RETRY_MAX_DELAY = 3600
    settings.NOTIFICATION_RETRY_HOURS = 72
    row = email_row(staff_a)
    moment = T0
    delays = []
    while True:
        with time_machine.travel(moment, tick=False):
            retries = notifications_deliver(notification_ids=[row.pk])
        row.refresh_from_db()
        if row.status == DeliveryStatus.FAILED:
            break
        assert row.status == DeliveryStatus.PENDING and "451" in row.last_error
        [(_pk, delay)] = retries
        delays.append(delay)
        moment = row.send_after
    assert delays[:4] == [60, 120, 240, 480] and max(delays) == 3600
    assert moment - T0 >= dt.timedelta(hours=72)
    assert moment - T0 < dt.timedelta(hours=73)
    assert row.last_error.startswith("已连续重试 72 小时仍未送达：") and "451" in row.last_error
    assert 70 < row.attempts < 90  # by time: ~80 tries over three days, not 8


@pytest.mark.django_db
def test_a_reminder_whose_task_closed_is_dropped_with_the_reason(
    staff_a: User, dept_a: Any
) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    row = email_row(staff_a, task=task, kind=NotificationKind.DUE_SOON)
    task.status = Status.DONE
    task.save()
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk])
    row.refresh_from_db()
    assert row.status == DeliveryStatus.CANCELLED
    assert "提醒不再发送" in row.last_error
    assert not mail.outbox


@pytest.mark.django_db
def test_an_exception_in_one_row_fails_that_row_only(
    staff_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [email_row(staff_a, key=f"k{n}", subject=f"第{n}条") for n in range(3)]
    real_render = channels.email_render

    def render(row: Notification) -> tuple[str, str, str]:
        if row.subject == "第1条":
            raise KeyError("模板里缺少字段")
        return real_render(row)

    monkeypatch.setattr(channels, "email_render", render)
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk for row in rows])
    statuses = dict(Notification.objects.values_list("subject", "status"))
    assert statuses == {"第0条": "sent", "第1条": "failed", "第2条": "sent"}
    assert "发送时出错：KeyError" in Notification.objects.get(subject="第1条").last_error
    assert [message.subject for message in mail.outbox] == ["第0条", "第2条"]


class Recording(Transport):
    """A transport for the lease tests: records sends, can run code mid-batch."""

    sent: list[int] = []
    during: Callable[[Notification], None] = staticmethod(lambda row: None)

    def send(self, row: Notification) -> Outcome:
        Recording.during(row)
        Recording.sent.append(row.pk)
        return Outcome.delivered()


@pytest.mark.django_db
def test_a_worker_whose_lease_was_taken_over_stops(
    staff_a: User, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NOTIFICATION_LEASE_SECONDS = 60
    rows = [email_row(staff_a, key=f"k{n}") for n in range(5)]
    monkeypatch.setitem(channels.TRANSPORTS, Channel.EMAIL, Recording)
    Recording.sent = []

    def stall_then_taken_over(row: Notification) -> None:
        if row.pk == rows[1].pk:
            # The worker stalled past its lease: the pump released the rows and
            # another worker claimed them.
            notifications_requeue(now=T0 + dt.timedelta(minutes=5))
            Notification.objects.filter(status=DeliveryStatus.PENDING).update(claim_token="other")

    Recording.during = staticmethod(stall_then_taken_over)
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk for row in rows])
    # It sent the row in flight, could not record it, and stopped there.
    assert Recording.sent == [rows[0].pk, rows[1].pk]
    statuses = list(Notification.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "pending", "pending", "pending", "pending"]


@pytest.mark.django_db
def test_outcomes_are_committed_one_by_one(staff_a: User, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [email_row(staff_a, key=f"k{n}") for n in range(3)]
    monkeypatch.setitem(channels.TRANSPORTS, Channel.EMAIL, Recording)
    Recording.sent = []
    seen: list[list[str]] = []

    def look(row: Notification) -> None:
        seen.append(list(Notification.objects.order_by("pk").values_list("status", flat=True)))

    Recording.during = staticmethod(look)
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk for row in rows])
    # Before each send, the earlier ones are already recorded as sent.
    assert seen == [
        ["sending", "sending", "sending"],
        ["sent", "sending", "sending"],
        ["sent", "sent", "sending"],
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sync", [True, False])
def test_outcome_commits_wait_for_the_wal_flush_unless_configured_not_to(
    staff_a: User, monkeypatch: pytest.MonkeyPatch, settings: Any, sync: bool
) -> None:
    """NOTIFICATION_SYNC_COMMIT off: the connection that commits the outcomes
    (on PostgreSQL one of the batch's own, OutcomeWriter) does not wait for the
    WAL flush; each outcome is still its own committed UPDATE, and the worker's
    own connection is left as it was."""
    from django.db import connection

    from tracker.notifications.services import OutcomeWriter

    settings.NOTIFICATION_SYNC_COMMIT = sync
    rows = [email_row(staff_a, key=f"k{n}") for n in range(3)]
    monkeypatch.setitem(channels.TRANSPORTS, Channel.EMAIL, Recording)
    Recording.sent = []
    seen: list[list[str]] = []
    writers: list[tuple[int, str]] = []  # (backend of the writing connection, its setting)
    workers: set[int] = set()  # backends of the worker's own connection
    postgres = connection.vendor == "postgresql"

    def show() -> str:
        if not postgres:
            return ""
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    def look(row: Notification) -> None:
        seen.append(list(Notification.objects.order_by("pk").values_list("status", flat=True)))
        if postgres:
            workers.add(connection.connection.info.backend_pid)

    if postgres:
        send = OutcomeWriter.send

        def watched_send(self: OutcomeWriter, *args: Any) -> None:
            conn = self._conn  # noqa: SLF001 - the writing connection itself
            setting = conn.execute("SHOW synchronous_commit").fetchone()[0]
            writers.append((conn.info.backend_pid, setting))
            send(self, *args)

        monkeypatch.setattr(OutcomeWriter, "send", watched_send)
    else:
        record = Lease.record

        def watched(self: Lease, rows: list[Notification], outcome: Outcome) -> bool:
            writers.append((0, show()))
            return record(self, rows, outcome)

        monkeypatch.setattr(Lease, "record", watched)
    Recording.during = staticmethod(look)
    with time_machine.travel(T0, tick=False):
        notifications_deliver(notification_ids=[row.pk for row in rows])
    mode = "off" if postgres and not sync else ("on" if postgres else "")
    assert [setting for _backend, setting in writers] == [mode] * 3
    if postgres:
        assert len({backend for backend, _setting in writers}) == 1  # one connection per batch
        assert not workers & {backend for backend, _setting in writers}
        assert show() == "on"  # the worker's own connection was never switched
    # Still one commit per outcome: before each send the earlier ones are sent.
    assert seen == [
        ["sending", "sending", "sending"],
        ["sent", "sending", "sending"],
        ["sent", "sent", "sending"],
    ]
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_transport_interface_outcomes() -> None:
    assert Outcome.delivered().result == Result.DELIVERED
    assert Outcome.temporary("451").reason == "451"
    assert Outcome.permanent("550").result == Result.PERMANENT
    assert isinstance(channels.transport_for(Channel.EMAIL), channels.EmailTransport)
    assert isinstance(channels.transport_for("fax"), channels.UnknownChannel)


# --------------------------------------------------------------------------- re-drive


@pytest.fixture
def failed_rows(staff_a: User, staff_b: User) -> list[Notification]:
    return [
        email_row(staff_a, key="f1", status=DeliveryStatus.FAILED, last_error="收件人被拒绝：550"),
        email_row(staff_b, key="f2", status=DeliveryStatus.FAILED, last_error="收件人被拒绝：550"),
        email_row(staff_a, key="ok", status=DeliveryStatus.SENT),
    ]


@pytest.mark.django_db
def test_command_redrives_failed_rows(failed_rows: list[Notification]) -> None:
    with pytest.raises(CommandError, match="--all"):
        call_command("redrive_notifications")
    out = StringIO()
    call_command("redrive_notifications", "--all", "--dry-run", stdout=out)
    assert json.loads(out.getvalue()) == {"failed": 2, "redriven": 0}
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 2
    out = StringIO()
    call_command("redrive_notifications", "--id", str(failed_rows[0].pk), stdout=out)
    assert json.loads(out.getvalue())["redriven"] == 1
    first = Notification.objects.get(pk=failed_rows[0].pk)
    # Pending again with a fresh retry period, and delivered as any other row.
    assert first.status == DeliveryStatus.PENDING and first.first_attempt_at is None
    assert Notification.objects.get(pk=failed_rows[1].pk).status == DeliveryStatus.FAILED
    notifications_deliver(notification_ids=[first.pk])
    assert Notification.objects.get(pk=first.pk).status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_admin_redrive_is_for_the_system_administrator_only(
    failed_rows: list[Notification],
    supervisor: User,
    head_b: User,
    login: Callable[[User], Client],
) -> None:
    from django.contrib.auth.models import Permission

    change = Permission.objects.filter(codename__in=["view_notification", "change_notification"])
    # The management site is entered by role (三员分立): a supervisor or a head,
    # even with staff rights and model permissions, gets the admin's login
    # page and re-drives nothing; the system administrator re-drives.
    for user in (supervisor, head_b):
        user.is_staff = True
        user.save()
        user.user_permissions.add(*change)
    ids = [str(row.pk) for row in failed_rows]
    url = "/admin/notifications/notification/"
    form = {"action": "redrive", "_selected_action": ids}
    for user in (supervisor, head_b):
        response = login(user).post(url, form, follow=True)
        assert "已重新排队" not in response.content.decode()
        assert response.redirect_chain and "/admin/login/" in response.redirect_chain[-1][0]
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 2
    sysadmin = make_user("sysadmin", Role.SYSTEM_ADMIN, None)
    response = login(sysadmin).post(url, form, follow=True)
    assert "已重新排队 2 条通知" in response.content.decode()
    assert "另有 1 条不是发送失败状态" in response.content.decode()
    assert not Notification.objects.filter(status=DeliveryStatus.FAILED).exists()


@pytest.mark.django_db
def test_notification_page_tells_supervisors_what_fails_and_why(
    failed_rows: list[Notification],
    supervisor: User,
    staff_b: User,
    staff_a: User,
    login: Callable[[User], Client],
) -> None:
    email_row(staff_a, key="r1", attempts=3, last_error="邮件服务器暂时拒绝：451")
    html = login(supervisor).get("/notifications/").content.decode()
    page = re.sub(r"<[^>]+>", "", html)  # the text a person reads
    assert "2 条通知发送失败" in page and "收件人被拒绝：550（2）" in page
    assert "1 条通知暂时发送不成功，正在按时重试" in page and "451（1）" in page
    # Another department's staff (and anyone but a supervisor) sees none of it.
    other = login(staff_b).get("/notifications/").content.decode()
    assert "发送失败" not in other and "550" not in other


@pytest.mark.django_db
def test_supervisor_redrives_from_the_notification_page(
    failed_rows: list[Notification],
    staff_a: User,
    supervisor: User,
    login: Callable[[User], Client],
) -> None:
    from tracker.audit.models import AuditEvent

    other = email_row(staff_a, key="f3", status=DeliveryStatus.FAILED, last_error="发送时出错：X")
    client = login(supervisor)
    page = client.get("/notifications/").content.decode()
    # One button per reason, one for all; no link into the superuser-only admin.
    assert "重新发送这 2 条" in page and "重新发送这 1 条" in page
    assert "全部重新发送（3 条）" in page and "/admin/" not in page
    assert "最近失败的 3 条" in page and "钱科员" in page
    # Bad input: a clear message, nothing changes.
    for form in ({}, {"scope": "reason"}, {"scope": "reason", "reason": ""}, {"scope": "x"}):
        response = client.post("/notifications/redrive/", form, follow=True)
        assert "请选择要重新发送的通知" in response.content.decode()
    response = client.post(
        "/notifications/redrive/", {"scope": "reason", "reason": "不存在的原因"}, follow=True
    )
    assert "没有符合条件的发送失败通知" in response.content.decode()
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 3
    assert client.get("/notifications/redrive/").status_code == 405
    # One reason: only its rows, pending with a fresh retry period.
    response = client.post(
        "/notifications/redrive/", {"scope": "reason", "reason": "收件人被拒绝：550"}, follow=True
    )
    assert "已重新排队 2 条发送失败的通知" in response.content.decode()
    assert list(
        Notification.objects.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True)
    ) == [other.pk]
    first = Notification.objects.get(pk=failed_rows[0].pk)
    assert first.status == DeliveryStatus.PENDING and first.first_attempt_at is None
    event = AuditEvent.objects.filter(action="notifications_redrive").get()
    assert event.actor_id == supervisor.pk and event.after["count"] == 2
    assert event.after["reason"] == "收件人被拒绝：550"
    # All the rest.
    response = client.post("/notifications/redrive/", {"scope": "all"}, follow=True)
    assert "已重新排队 1 条发送失败的通知" in response.content.decode()
    assert not Notification.objects.filter(status=DeliveryStatus.FAILED).exists()
    # Nothing failing: the section is gone.
    assert "通知发送情况" not in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_a_long_reason_is_redriven_by_the_prefix_the_page_shows(
    staff_a: User, supervisor: User, login: Callable[[User], Client]
) -> None:
    long_reason = "邮件服务器拒绝：550 " + "很长的原因" * 60
    rows = [
        email_row(
            staff_a, key=f"L{n}", status=DeliveryStatus.FAILED, last_error=long_reason + str(n)
        )
        for n in range(2)
    ]
    short = email_row(staff_a, key="S", status=DeliveryStatus.FAILED, last_error=long_reason[:50])
    shown = services.notifications_failing()["reasons"]
    assert (long_reason[: services.REASON_SHOWN], 2) in shown
    response = login(supervisor).post(
        "/notifications/redrive/",
        {"scope": "reason", "reason": long_reason[: services.REASON_SHOWN]},
        follow=True,
    )
    assert "已重新排队 2 条" in response.content.decode()
    assert all(Notification.objects.get(pk=row.pk).status == DeliveryStatus.PENDING for row in rows)
    assert Notification.objects.get(pk=short.pk).status == DeliveryStatus.FAILED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_b", "head_b", "head_a", "leader"])
def test_nobody_but_a_supervisor_can_redrive(
    failed_rows: list[Notification],
    who: str,
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
) -> None:
    from tracker.audit.models import AuditEvent

    user = request.getfixturevalue(who)
    client = login(user)
    page = client.get("/notifications/").content.decode()
    assert "重新发送" not in page and "发送失败" not in page
    for form in ({"scope": "all"}, {"scope": "reason", "reason": "收件人被拒绝：550"}):
        response = client.post("/notifications/redrive/", form)
        assert response.status_code == 403
        assert "发送失败的通知" not in response.content.decode()
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 2
    assert not AuditEvent.objects.filter(action="notifications_redrive").exists()
    denied = AuditEvent.objects.filter(action="permission_denied", actor=user)
    assert denied.count() == 2


def test_anonymous_cannot_redrive(client: Client, failed_rows: list[Notification]) -> None:
    response = client.post("/notifications/redrive/", {"scope": "all"})
    assert response.status_code in (302, 403)
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 2


@pytest.mark.django_db
def test_services_queue_without_importing_jobs(staff_a: User, settings: Any) -> None:
    assert services.DELIVER_JOB == "tracker.notifications.jobs.deliver_notifications"
    from tracker.notifications import jobs

    assert jobs.deliver_notifications.name == services.DELIVER_JOB
    assert Lease.claim([]).rows == []
