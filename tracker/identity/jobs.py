"""Background jobs for the directory (Celery): beat triggers, the service decides."""

from __future__ import annotations

from celery import shared_task

from tracker.identity import directory


@shared_task
def sync_directory() -> dict[str, object]:
    return directory.directory_sync().counts
