"""Background jobs for notifications (Celery). Each takes ids, calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tracker.notifications import reminders, services


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
    return reminders.reminders_sweep(now=timezone.now())
