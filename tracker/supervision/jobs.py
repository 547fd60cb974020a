"""Background jobs for the supervision instruments (Celery): call a service."""

from __future__ import annotations

from celery import shared_task

from tracker.supervision.services import deadlines_sweep


@shared_task
def sweep_supervision_deadlines() -> dict[str, int]:
    return deadlines_sweep()
