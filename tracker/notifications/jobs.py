"""Background jobs for notifications (Celery)."""

from __future__ import annotations

from celery import shared_task

from tracker.notifications import services
from tracker.notifications.transports import TemporaryDeliveryError


@shared_task(
    bind=True,
    autoretry_for=(TemporaryDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def deliver_notification(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    return services.notification_deliver(notification_id=notification_id)
