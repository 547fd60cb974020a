"""Delivery channels of the outbox: one interface, one class per channel.

Every channel (e-mail, the WeCom/DingTalk group robots, in-app messages, and
later a person's DingTalk/WeCom message or SMS) is a :class:`Transport`. The
outbox (``services.notifications_deliver``) claims rows under a lease, hands
them to the channel's transport and records each :class:`Outcome` on its row,
conditioned on the lease, as soon as the transport yields it. So a new channel
gets the outbox's guarantees (created once, delivered at least once, at most
the message in flight repeated after a crash, retried for
``NOTIFICATION_RETRY_HOURS``, failures visible and re-drivable) by doing this:

    @register(Channel.SMS)
    class SmsTransport(Transport):
        def send(self, row: Notification) -> Outcome:
            ...  # one request through transports.py
            return Outcome.delivered()  # or .temporary(reason) / .permanent(reason)

``send`` must not raise: an exception it lets through fails that row alone
(``Outcome.permanent`` with the error) and the session is reset. Use
``row.message_id`` / ``row.delivery_key`` as the idempotency key where the
channel's API has one. A transport that can send several rows in one request
(the group robots do) overrides ``deliver`` instead.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.identity.models import UserIdentity
from tracker.notifications import sms, transports, workapps
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationKind,
    RobotState,
)
from tracker.security.text import chat_line


class Result(enum.StrEnum):
    DELIVERED = "delivered"  # the other side accepted it
    TEMPORARY = "temporary"  # try again later (until the retry period ends)
    PERMANENT = "permanent"  # retrying will not help: the row fails, with the reason
    HELD = "held"  # not tried (rate limit): again at ``retry_at``, no attempt counted
    DROPPED = "dropped"  # the outbox's decision, not a transport's: no longer relevant


@dataclass(frozen=True)
class Outcome:
    """What became of one send: the result and, unless delivered, why."""

    result: Result
    reason: str = ""
    retry_at: dt.datetime | None = None

    @classmethod
    def delivered(cls) -> Outcome:
        return cls(Result.DELIVERED)

    @classmethod
    def temporary(cls, reason: str, retry_at: dt.datetime | None = None) -> Outcome:
        return cls(Result.TEMPORARY, reason, retry_at)

    @classmethod
    def permanent(cls, reason: str) -> Outcome:
        return cls(Result.PERMANENT, reason)

    @classmethod
    def held(cls, until: dt.datetime) -> Outcome:
        return cls(Result.HELD, "", until)


AcceptNext = Callable[[], bool]


class Transport:
    """One channel's sender. Used as a context manager around one batch:
    whatever session it opens (an SMTP connection) serves the whole batch and
    is closed at the end."""

    channel: ClassVar[str] = ""
    # True when ``send`` itself calls ``self.accept_next`` at the last moment.
    stages_messages: ClassVar[bool] = False
    accept_next: AcceptNext | None = None

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the session, if any."""

    def reset(self) -> None:
        """Forget the session after an unexpected error; the next send opens anew."""
        self.close()

    def send(self, row: Notification) -> Outcome:
        raise NotImplementedError

    def deliver(
        self, rows: list[Notification], accept_next: AcceptNext = lambda: True
    ) -> Iterator[tuple[list[Notification], Outcome]]:
        """Send rows one by one, yielding each outcome as soon as it is known.

        The caller commits each outcome; ``accept_next()`` waits until the
        previous one is committed and says whether to go on (False: the lease
        is gone, stop). A transport calls it just before the other side would
        take the next message — here, before each send; e-mail later, after
        DATA's 354 and before the content and its final ".", so the commit
        overlaps rendering and the SMTP envelope. An
        exception from one row fails that row only.
        """
        self.accept_next = accept_next
        for row in rows:
            if not self.stages_messages and not accept_next():
                return
            try:
                outcome = self.send(row)
            except transports.Withheld:
                self.reset()  # the message was not handed over; the lease is gone
                return
            except Exception as exc:  # noqa: BLE001 - one row's failure must not stop the batch
                self.reset()
                outcome = Outcome.permanent(f"发送时出错：{type(exc).__name__}: {exc}")
            yield [row], outcome


TRANSPORTS: dict[str, Callable[[], Transport]] = {}


def register(channel: str) -> Callable[[type[Transport]], type[Transport]]:
    def add(cls: type[Transport]) -> type[Transport]:
        cls.channel = channel
        TRANSPORTS[channel] = cls
        return cls

    return add


class UnknownChannel(Transport):
    def send(self, row: Notification) -> Outcome:
        return Outcome.permanent(f"尚不支持的通知渠道：{row.channel}")


def transport_for(channel: str) -> Transport:
    return TRANSPORTS.get(channel, UnknownChannel)()


# --------------------------------------------------------------------------- in-app


@register(Channel.APP)
class AppTransport(Transport):
    """The row itself is the in-app message: delivered once it is claimed."""

    def send(self, row: Notification) -> Outcome:
        return Outcome.delivered()


# --------------------------------------------------------------------------- e-mail


def header_text(value: str) -> str:
    """One line for a mail header: newlines and other control characters become
    spaces (a task title pasted with a line break must not break the e-mail)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def email_render(notification: Notification) -> tuple[str, str, str]:
    """(subject, text, html) of a notification's e-mail, in Chinese."""
    context: dict[str, Any] = {
        "notification": notification,
        "site_url": settings.SITE_URL,
        "inbox_url": settings.SITE_URL + reverse("notification-list"),
    }
    task = notification.task
    if task is not None:
        today = timezone.localdate()
        context.update(
            task=task,
            task_url=settings.SITE_URL + reverse("task-detail", args=[task.pk]),
            days_left=task.days_left(today),
            days_overdue=task.days_overdue(today),
            working_days=(notification.payload or {}).get("count"),
        )
    if notification.kind == NotificationKind.DIGEST:
        ids = (notification.payload or {}).get("items", [])
        context["items"] = list(
            Notification.objects.filter(pk__in=ids).select_related("task").order_by("task__due_on")
        )
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    return header_text(notification.subject), text, html


@register(Channel.EMAIL)
class EmailTransport(Transport):
    """E-mail over one SMTP connection per batch; each message carries the
    row's stable Message-ID, so a re-send is recognisable as the same message.
    The server takes a message only after the previous outcome is committed
    (``accept_next`` after DATA's 354, before the content and the final ".")."""

    stages_messages = True

    def __init__(self) -> None:
        self.connection: Any = None
        # Set when the server cannot be reached: the rest of the batch waits
        # for the next retry instead of each trying (and timing out) again.
        self.unavailable = ""

    def close(self) -> None:
        if self.connection is not None:
            transports.email_close(self.connection)
            self.connection = None

    def send(self, row: Notification) -> Outcome:
        if row.recipient is None or not row.recipient.email:
            return Outcome.permanent("接收人没有电子邮箱地址。")
        if self.unavailable:
            return Outcome.temporary(self.unavailable)
        subject, text, html = email_render(row)  # meanwhile the previous outcome is committed
        if self.connection is None:
            try:
                self.connection = transports.email_connection()
            except transports.TemporaryDeliveryError as exc:
                self.unavailable = str(exc)
                return Outcome.temporary(self.unavailable)
        try:
            transports.send_email(
                to=[row.recipient.email],
                subject=subject,
                text=text,
                html=html,
                connection=self.connection,
                message_id=row.message_id,
                before_accept=self.accept_next,
            )
        except transports.PermanentDeliveryError as exc:
            return Outcome.permanent(str(exc))
        except transports.TemporaryDeliveryError as exc:
            return Outcome.temporary(str(exc))
        return Outcome.delivered()


# --------------------------------------------------------------------------- robots

ROBOT_PER_MINUTE = 20
ROBOT_FAILURES_BEFORE_DISABLE = 5
ROBOT_ITEMS_PER_MESSAGE = 10


def robot_take_slot(*, department_id: int, channel: str, now: dt.datetime) -> dt.datetime | None:
    """Take one of the robot's 20 messages of the current minute.

    Returns ``None`` when taken, else when the next minute starts. One
    conditional UPDATE, so concurrent workers never exceed the limit.
    """
    RobotState.objects.get_or_create(department_id=department_id, channel=channel)
    window_start = now - dt.timedelta(seconds=60)
    state = RobotState.objects.filter(department_id=department_id, channel=channel)
    if state.filter(window_started_at__lte=window_start).update(
        window_started_at=now, sent_in_window=1
    ):
        return None
    if state.filter(window_started_at__gt=window_start, sent_in_window__lt=ROBOT_PER_MINUTE).update(
        sent_in_window=F("sent_in_window") + 1
    ):
        return None
    started = state.values_list("window_started_at", flat=True).first() or now
    return started + dt.timedelta(seconds=61)


def robot_text(rows: list[Notification]) -> str:
    """The group message for a few reminders. The group robots' APIs take no
    idempotency key, so each line ends with the row's delivery key: a re-sent
    message is recognisable by eye."""
    lines = ["**督办提醒**"]
    for row in rows:
        link = settings.SITE_URL + reverse("task-detail", args=[row.task_id]) if row.task_id else ""
        subject = chat_line(header_text(row.subject))  # no markdown link from a title
        lines.append(
            f"- {subject}" + (f" [查看]({link})" if link else "") + f"（编号 {row.delivery_key}）"
        )
    return "\n".join(lines)


def _robot_failed(department: Any, channel: str, error: str, *, permanent: bool) -> str:
    """Record a robot's failure; disable it when it keeps failing or refuses for good."""
    state = RobotState.objects.filter(department=department, channel=channel)
    state.update(consecutive_failures=F("consecutive_failures") + 1, last_error=error[:2000])
    failures = state.values_list("consecutive_failures", flat=True).first() or 0
    if permanent or failures >= ROBOT_FAILURES_BEFORE_DISABLE:
        name = Channel(channel).label
        reason = f"{name}连续发送失败，已自动停用：{error}"[:300]
        type(department).objects.filter(pk=department.pk).update(robot_disabled_reason=reason)
        department.robot_disabled_reason = reason
        # What was waiting for this robot will not go out: say so on each row.
        Notification.objects.filter(
            Q(status=DeliveryStatus.PENDING), department=department, channel=channel
        ).update(status=DeliveryStatus.FAILED, last_error=reason)
        return reason
    return ""


class RobotTransport(Transport):
    """A department's WeCom or DingTalk group robot: up to 10 reminders per
    message, at most 20 messages a minute per robot."""

    def send(self, row: Notification) -> Outcome:
        [(_rows, outcome)] = list(self._send_group([row]))
        return outcome

    def deliver(
        self, rows: list[Notification], accept_next: AcceptNext = lambda: True
    ) -> Iterator[tuple[list[Notification], Outcome]]:
        groups: dict[int | None, list[Notification]] = defaultdict(list)
        for row in rows:
            groups[row.department_id].append(row)
        for group in groups.values():
            for start in range(0, len(group), ROBOT_ITEMS_PER_MESSAGE):
                batch = group[start : start + ROBOT_ITEMS_PER_MESSAGE]
                if not accept_next():
                    return
                try:
                    yield from self._send_group(batch)
                except Exception as exc:  # noqa: BLE001 - fails this message only
                    yield batch, Outcome.permanent(f"发送时出错：{type(exc).__name__}: {exc}")

    def _send_group(
        self, batch: list[Notification]
    ) -> Iterator[tuple[list[Notification], Outcome]]:
        department = batch[0].department
        if department is None or department.robot_disabled_reason:
            reason = department.robot_disabled_reason if department else "未指定单位"
            yield batch, Outcome.permanent(f"机器人已停用：{reason}")
            return
        until = robot_take_slot(
            department_id=department.pk, channel=self.channel, now=timezone.now()
        )
        if until is not None:
            yield batch, Outcome.held(until)
            return
        mentions = sorted({p for row in batch for p in (row.payload or {}).get("mention", [])})
        try:
            transports.send_robot(
                channel=self.channel,
                department=department,
                text=robot_text(batch),
                mention_phones=mentions,
            )
        except transports.PermanentDeliveryError as exc:
            _robot_failed(department, self.channel, str(exc), permanent=True)
            yield batch, Outcome.permanent(str(exc))
        except transports.TemporaryDeliveryError as exc:
            disabled = _robot_failed(department, self.channel, str(exc), permanent=False)
            yield batch, Outcome.permanent(disabled) if disabled else Outcome.temporary(str(exc))
        else:
            RobotState.objects.filter(department=department, channel=self.channel).update(
                consecutive_failures=0, last_error=""
            )
            yield batch, Outcome.delivered()


@register(Channel.WECOM)
class WecomTransport(RobotTransport):
    """企业微信群机器人."""


@register(Channel.DINGTALK)
class DingtalkTransport(RobotTransport):
    """钉钉群机器人."""


# --------------------------------------------------------------------------- to one person


def person_text(row: Notification, *, short: bool = False) -> str:
    """A work message or SMS: the subject, the body (not in SMS) and the task's address."""
    parts = [f"【督办】{row.subject}"]
    if row.body and not short:
        parts.append(row.body)
    if row.task_id:
        parts.append(settings.SITE_URL + reverse("task-detail", args=[row.task_id]))
    return "\n".join(parts)


def _person_outcome(call: Callable[[], object]) -> Outcome:
    try:
        call()
    except transports.PermanentDeliveryError as exc:
        return Outcome.permanent(str(exc))
    except transports.TemporaryDeliveryError as exc:
        return Outcome.temporary(str(exc))
    return Outcome.delivered()


def _userid(row: Notification, field: str) -> str:
    if row.recipient_id is None:
        return ""
    from_identity = UserIdentity.objects.filter(user_id=row.recipient_id).values_list(
        field, flat=True
    )
    return next(iter(from_identity), "") or ""


@register(Channel.DINGTALK_WORK)
class DingtalkWorkTransport(Transport):
    """钉钉「工作通知」 to one person, as the organisation's app (``workapps``)."""

    def send(self, row: Notification) -> Outcome:
        if not workapps.dingtalk_enabled():
            return Outcome.permanent("未配置钉钉应用（DINGTALK_APP_KEY 等），无法发送工作通知")
        userid = _userid(row, "dingtalk_userid")
        if not userid:
            return Outcome.permanent("接收人没有钉钉 userid（目录或个人设置中未填写）")
        return _person_outcome(lambda: workapps.dingtalk_send(userid=userid, text=person_text(row)))


@register(Channel.WECOM_APP)
class WecomAppTransport(Transport):
    """企业微信「应用消息」 to one member, as the organisation's app (``workapps``)."""

    def send(self, row: Notification) -> Outcome:
        if not workapps.wecom_enabled():
            return Outcome.permanent("未配置企业微信应用（WECOM_CORP_ID 等），无法发送应用消息")
        userid = _userid(row, "wecom_userid")
        if not userid:
            return Outcome.permanent("接收人没有企业微信 userid（目录或个人设置中未填写）")
        return _person_outcome(lambda: workapps.wecom_send(userid=userid, text=person_text(row)))


@register(Channel.SMS)
class SmsTransport(Transport):
    """An SMS through the MAS gateway (``sms``), for the escalation steps that ask for it."""

    def send(self, row: Notification) -> Outcome:
        if not sms.sms_enabled():
            return Outcome.permanent("未配置短信网关（SMS_GATEWAY_URL 等），无法发送短信")
        phone = row.recipient.phone if row.recipient else ""
        if not phone:
            return Outcome.permanent("接收人没有手机号")
        return _person_outcome(
            lambda: sms.send_sms(mobile=phone, text=person_text(row, short=True))
        )
