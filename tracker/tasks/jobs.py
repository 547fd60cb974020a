"""Background jobs for tasks (Celery): call a service, nothing more."""

from __future__ import annotations

from celery import shared_task

from tracker.tasks.lights import lights_sweep


@shared_task
def sweep_lights() -> dict[str, int]:
    return lights_sweep()
