"""Creating and delivering notifications through the outbox.

A worker claims rows with one conditional UPDATE (only rows still pending
and due match), sends them, and records the outcome on each row: attempts,
last error, claim and send times. A temporary failure puts the row back to
pending with an exponential backoff in ``send_after``; the job retries it and,
should the job be lost, the next sweep queues it again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.notifications import transports
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationKind,
    RobotState,
)


def notifications_claim(*, notification_ids: list[int]) -> list[Notification]:
    """Claim the rows among ``notification_ids`` that are still pending and due.

    One conditional UPDATE: two workers given the same ids cannot both win a
    row, because the second UPDATE no longer finds it pending.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    Notification.objects.filter(
        pk__in=notification_ids, status=DeliveryStatus.PENDING, send_after__lte=now
    ).update(
        status=DeliveryStatus.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=F("attempts") + 1,
    )
    return list(
        Notification.objects.filter(pk__in=notification_ids, claim_token=token)
        .select_related("recipient", "department", "task", "task__lead_department")
        .order_by("pk")
    )


def retry_delay(attempts: int) -> int:
    """Exponential backoff: base, 2×base, 4×base … capped at an hour."""
    return int(min(settings.NOTIFICATION_RETRY_BASE * 2 ** max(attempts - 1, 0), 3600))


def notifications_deliver(*, notification_ids: list[int]) -> list[tuple[int, int]]:
    """Claim and send a batch; return (id, seconds) of rows to retry later."""
    rows = notifications_claim(notification_ids=notification_ids)
    if not rows:
        return []
    sent: list[int] = []
    failed: dict[int, str] = {}
    temporary: dict[int, str] = {}
    held: dict[int, dt.datetime] = {}
    emails = [row for row in rows if row.channel == Channel.EMAIL]
    robots = [row for row in rows if row.channel in (Channel.WECOM, Channel.DINGTALK)]
    for row in rows:
        if row.channel == Channel.APP:
            sent.append(row.pk)  # the row itself is the in-app message
        elif row not in emails and row not in robots:
            failed[row.pk] = f"尚不支持的通知渠道：{row.channel}"
    if emails:
        _send_emails(emails, sent, failed, temporary)
    for group in _robot_groups(robots):
        _send_robot_group(group, sent, failed, temporary, held)
    now = timezone.now()
    retries: list[tuple[int, int]] = []
    with transaction.atomic():
        if sent:
            # last_error is kept: together with attempts it tells what happened.
            Notification.objects.filter(pk__in=sent, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.SENT, sent_at=now, claim_token=""
            )
        for pk, error in failed.items():
            Notification.objects.filter(pk=pk).update(
                status=DeliveryStatus.FAILED, last_error=error[:2000], claim_token=""
            )
        attempts = {row.pk: row.attempts for row in rows}
        for pk, error in temporary.items():
            if attempts[pk] >= settings.NOTIFICATION_MAX_ATTEMPTS:
                Notification.objects.filter(pk=pk).update(
                    status=DeliveryStatus.FAILED,
                    last_error=f"已重试 {attempts[pk]} 次仍失败：{error}"[:2000],
                    claim_token="",
                )
                continue
            delay = retry_delay(attempts[pk])
            Notification.objects.filter(pk=pk).update(
                status=DeliveryStatus.PENDING,
                last_error=error[:2000],
                claim_token="",
                send_after=now + dt.timedelta(seconds=delay),
                queued_at=now,
            )
            retries.append((pk, delay))
        for pk, until in held.items():
            # Rate limit reached: not a failure, so the attempt is given back.
            Notification.objects.filter(pk=pk).update(
                status=DeliveryStatus.PENDING,
                claim_token="",
                attempts=F("attempts") - 1,
                send_after=until,
                queued_at=now,
            )
            retries.append((pk, max(1, int((until - now).total_seconds()) + 1)))
    return retries


# --------------------------------------------------------------------------- e-mail


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
    return notification.subject, text, html


def _send_emails(
    rows: list[Notification], sent: list[int], failed: dict[int, str], temporary: dict[int, str]
) -> None:
    try:
        connection = transports.email_connection()
    except transports.TemporaryDeliveryError as exc:
        temporary.update({row.pk: str(exc) for row in rows})
        return
    try:
        for row in rows:
            if row.recipient is None or not row.recipient.email:
                failed[row.pk] = "接收人没有电子邮箱地址。"
                continue
            subject, text, html = email_render(row)
            try:
                transports.send_email(
                    to=[row.recipient.email],
                    subject=subject,
                    text=text,
                    html=html,
                    connection=connection,
                )
            except transports.PermanentDeliveryError as exc:
                failed[row.pk] = str(exc)
            except transports.TemporaryDeliveryError as exc:
                temporary[row.pk] = str(exc)
            else:
                sent.append(row.pk)
    finally:
        transports.email_close(connection)


# --------------------------------------------------------------------------- robots

ROBOT_PER_MINUTE = 20
ROBOT_FAILURES_BEFORE_DISABLE = 5
ROBOT_ITEMS_PER_MESSAGE = 10


def _robot_groups(rows: list[Notification]) -> list[list[Notification]]:
    groups: dict[tuple[int | None, str], list[Notification]] = defaultdict(list)
    for row in rows:
        groups[(row.department_id, row.channel)].append(row)
    return list(groups.values())


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
    lines = ["**督办提醒**"]
    for row in rows:
        link = settings.SITE_URL + reverse("task-detail", args=[row.task_id]) if row.task_id else ""
        lines.append(f"- {row.subject}" + (f" [查看]({link})" if link else ""))
    return "\n".join(lines)


def _send_robot_group(
    rows: list[Notification],
    sent: list[int],
    failed: dict[int, str],
    temporary: dict[int, str],
    held: dict[int, dt.datetime],
) -> None:
    department = rows[0].department
    channel = rows[0].channel
    if department is None or department.robot_disabled_reason:
        reason = department.robot_disabled_reason if department else "未指定单位"
        failed.update({row.pk: f"机器人已停用：{reason}" for row in rows})
        return
    # Several reminders go out as one message: the robot's 20 a minute go further.
    for start in range(0, len(rows), ROBOT_ITEMS_PER_MESSAGE):
        batch = rows[start : start + ROBOT_ITEMS_PER_MESSAGE]
        until = robot_take_slot(department_id=department.pk, channel=channel, now=timezone.now())
        if until is not None:
            held.update({row.pk: until for row in batch})
            continue
        mentions = sorted({p for row in batch for p in (row.payload or {}).get("mention", [])})
        try:
            transports.send_robot(
                channel=channel,
                department=department,
                text=robot_text(batch),
                mention_phones=mentions,
            )
        except transports.PermanentDeliveryError as exc:
            failed.update({row.pk: str(exc) for row in batch})
            _robot_failed(department, channel, str(exc), permanent=True)
        except transports.TemporaryDeliveryError as exc:
            disabled = _robot_failed(department, channel, str(exc), permanent=False)
            target = failed if disabled else temporary
            target.update({row.pk: disabled or str(exc) for row in batch})
        else:
            sent.extend(row.pk for row in batch)
            RobotState.objects.filter(department=department, channel=channel).update(
                consecutive_failures=0, last_error=""
            )


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


# Rows handed to one delivery job: one SMTP connection serves the whole batch.
QUEUE_BATCH = 100


def notifications_dispatch(notification_ids: list[int]) -> None:
    """Hand rows to the workers once the transaction commits (never before),
    in batches of ``QUEUE_BATCH``."""
    from tracker.notifications.jobs import deliver_notifications

    batches = [
        notification_ids[start : start + QUEUE_BATCH]
        for start in range(0, len(notification_ids), QUEUE_BATCH)
    ]
    if not batches:
        return

    def send() -> None:
        for batch in batches:
            deliver_notifications.delay(batch)

    transaction.on_commit(send)


def notifications_queue(*, notification_ids: list[int]) -> None:
    """Mark rows as queued (so the sweep does not queue them again before
    NOTIFICATION_REQUEUE_AFTER) and dispatch them after commit."""
    if not notification_ids:
        return
    Notification.objects.filter(pk__in=notification_ids).update(queued_at=timezone.now())
    notifications_dispatch(notification_ids)


def notifications_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's in-app messages as read, or all of them."""
    mine = Notification.objects.filter(recipient=user, channel=Channel.APP, read_at__isnull=True)
    if notification_id is not None:
        mine = mine.filter(pk=notification_id)
    return mine.update(read_at=timezone.now())


def notification_preference_update(
    *, user: Any, email: bool, robot: bool, daily_digest: bool, request: Any = None
) -> Any:
    """Save how a person wants to hear about reminders, and record the change."""
    from tracker.audit.models import AuditAction
    from tracker.audit.services import audit_record
    from tracker.notifications.models import NotificationPreference

    with transaction.atomic():
        preference, _created = NotificationPreference.objects.get_or_create(user=user)
        before = {
            "email": preference.email,
            "robot": preference.robot,
            "daily_digest": preference.daily_digest,
        }
        preference.email, preference.robot, preference.daily_digest = email, robot, daily_digest
        preference.full_clean()
        preference.save()
        audit_record(
            action=AuditAction.NOTIFICATION_PREFERENCE_UPDATE,
            actor=user,
            obj=preference,
            before=before,
            after={"email": email, "robot": robot, "daily_digest": daily_digest},
            request=request,
        )
    return preference
