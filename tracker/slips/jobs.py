"""Background jobs for slips (Celery): take an id, call a service."""

from __future__ import annotations

from celery import shared_task

from tracker.slips import services
from tracker.slips.models import Slip


@shared_task(name=services.RENDER_JOB)
def slip_render_job(slip_id: int) -> None:
    slip = Slip.objects.filter(pk=slip_id).first()
    if slip is not None:
        services.slip_render(slip=slip)
