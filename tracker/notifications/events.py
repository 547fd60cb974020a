"""Event notifications: something happened to a task that people should hear of.

Workflow services call ``task_event`` inside their transaction; it writes one
outbox row per recipient and channel (deduplicated by key) and queues the
deliveries after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from tracker.notifications import routing
from tracker.notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
)
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
    actor_pk = getattr(actor, "pk", None)
    people = list({r.pk: r for r in recipients if r is not None and r.pk != actor_pk}.values())
    # One query for everybody's e-mail switch, not one per recipient.
    email_off = set(
        NotificationPreference.objects.filter(
            user_id__in=[person.pk for person in people], email=False
        ).values_list("user_id", flat=True)
    )
    reach = routing.reach_of({person.pk: getattr(person, "phone", "") for person in people})
    for recipient in people:
        channels = channels_for(recipient, kind, email_off=recipient.pk in email_off)
        channels += reach[recipient.pk].channels(kind)
        for channel in channels:
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


def channels_for(recipient: Any, kind: str, *, email_off: bool) -> list[str]:
    """Channels a person hears about ``kind`` on: in the app always, by e-mail when
    they have an address and have not switched e-mail off."""
    channels = [Channel.APP.value]
    if getattr(recipient, "email", "") and kind != NotificationKind.MENTIONED and not email_off:
        channels.append(Channel.EMAIL.value)
    return channels
