"""Background jobs for reporting (Celery beat triggers; the outbox decides)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tracker.reporting import services, tallies


@shared_task
def send_weekly_briefings() -> int:
    return services.briefings_weekly_send(now=timezone.now())


@shared_task
def tally_clock_advance() -> str | None:
    day = tallies.tally_clock_advance(today=timezone.localdate())
    return day.isoformat() if day else None
