"""Background jobs for notifications (Celery). Each takes ids, calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tracker.notifications import reminders, services
from tracker.ops.services import heartbeat_touch


@shared_task
def deliver_notifications(notification_ids: list[int]) -> None:
    # Rows that failed for now are not re-queued here: the pump queues them,
    # in batches, when their retry time comes.
    services.notifications_deliver(notification_ids=notification_ids)


@shared_task
def pump_notifications() -> int:
    return services.notifications_requeue(now=timezone.now())


@shared_task
def sweep_reminders() -> dict[str, int]:
    counts = reminders.reminders_sweep(now=timezone.now())
    heartbeat_touch(name="reminder_sweep", detail=counts)  # /readyz reports its age
    return counts
