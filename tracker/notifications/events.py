"""Event notifications: something happened to a task that people should hear of.

Workflow services call ``task_event`` inside their transaction; it writes one
outbox row per recipient and channel (deduplicated by key) and queues the
deliveries after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from tracker.notifications.models import Channel, Notification, NotificationKind
from tracker.notifications.services import notifications_queue


def task_event(
    *,
    task: Any,
    kind: str,
    recipients: Iterable[Any],
    occasion: str,
    subject: str,
    body: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Notify each recipient (except the actor) once per ``occasion``.

    ``occasion`` identifies the event (e.g. the review's id), so calling this
    twice for the same event creates nothing new.
    """
    created: list[Notification] = []
    seen: set[int] = set()
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        if actor is not None and recipient.pk == getattr(actor, "pk", None):
            continue
        seen.add(recipient.pk)
        for channel in channels_for(recipient, kind):
            key = f"{kind}:{task.pk}:{recipient.pk}:{channel}:{occasion}"
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        recipient=recipient,
                        task=task,
                        kind=kind,
                        channel=channel,
                        dedupe_key=key[:200],
                        subject=subject[:300],
                        body=body,
                    )
            except IntegrityError:
                continue  # already notified of this very event
            created.append(notification)
    notifications_queue(notification_ids=[notification.pk for notification in created])
    return created


def channels_for(recipient: Any, kind: str) -> list[str]:
    """Channels a person hears about ``kind`` on: in the app always, by e-mail when
    they have an address and have not switched e-mail off."""
    from tracker.notifications.models import NotificationPreference

    channels = [Channel.APP.value]
    if not getattr(recipient, "email", "") or kind == NotificationKind.MENTIONED:
        return channels
    preference = NotificationPreference.objects.filter(user_id=recipient.pk).first()
    if preference is None or preference.email:
        channels.append(Channel.EMAIL.value)
    return channels
