"""Background jobs for reporting (Celery beat triggers; the outbox decides)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tracker.reporting import services


@shared_task
def send_weekly_briefings() -> int:
    return services.briefings_weekly_send(now=timezone.now())
