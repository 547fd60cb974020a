"""Creating and delivering notifications through the outbox."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tracker.notifications import transports
from tracker.notifications.models import Channel, DeliveryStatus, Notification

# A claim older than this is considered abandoned (the worker died) and may
# be claimed again by the next sweep.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)


def notification_claim(*, notification_id: int) -> Notification | None:
    """Claim a pending row for sending with one conditional UPDATE.

    Only one worker can win: the UPDATE matches the row only while it is
    still pending (or its previous claim has expired).
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, send_after__lte=now)
        .filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
        )
        .exclude(status=DeliveryStatus.SENDING, claimed_at__gt=now - CLAIM_TIMEOUT)
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return Notification.objects.select_related("recipient", "department", "task").get(
        pk=notification_id
    )


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification if nobody else has; return its final status.

    Raises ``TemporaryDeliveryError`` after recording it, so that the caller
    (a Celery job) can retry with backoff.
    """
    notification = notification_claim(notification_id=notification_id)
    if notification is None:
        return "skipped"
    try:
        _send(notification)
    except transports.PermanentDeliveryError as exc:
        Notification.objects.filter(pk=notification.pk).update(
            status=DeliveryStatus.FAILED, last_error=str(exc)[:2000]
        )
        return DeliveryStatus.FAILED
    except transports.TemporaryDeliveryError as exc:
        Notification.objects.filter(pk=notification.pk).update(
            status=DeliveryStatus.PENDING, last_error=str(exc)[:2000], claimed_at=None
        )
        raise
    Notification.objects.filter(pk=notification.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return DeliveryStatus.SENT


def _send(notification: Notification) -> None:
    if notification.channel == Channel.APP:
        return  # the row itself is the in-app message
    if notification.channel == Channel.EMAIL:
        recipient = notification.recipient
        if recipient is None or not recipient.email:
            raise transports.PermanentDeliveryError("接收人没有电子邮箱地址。")
        transports.send_email(
            to=[recipient.email],
            subject=notification.subject,
            text=notification.body,
            html=notification.payload.get("html"),
        )
        return
    raise transports.PermanentDeliveryError(f"尚不支持的通知渠道：{notification.channel}")


def notification_queue(notification: Notification) -> None:
    """Queue delivery once the row is committed (never before)."""
    from tracker.notifications.jobs import deliver_notification

    transaction.on_commit(lambda: deliver_notification.delay(notification.pk))
