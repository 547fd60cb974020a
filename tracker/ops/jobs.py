"""Background jobs for running Duban (Celery beat triggers them)."""

from __future__ import annotations

from celery import shared_task

from tracker.audit.anchor import anchor_write
from tracker.ops import services


@shared_task
def beat_heartbeat() -> None:
    """Beat sends this every BEAT_HEARTBEAT_SECONDS; a worker runs it: both are alive."""
    services.heartbeat_touch(name="beat")


@shared_task
def housekeeping() -> dict[str, int]:
    counts = services.housekeeping_run()
    services.heartbeat_touch(name="housekeeping", detail=counts)
    return counts


@shared_task
def audit_anchor() -> dict[str, object]:
    """The audit chain's head, written to the log and the anchor file once a day."""
    anchor = anchor_write(reason="daily")
    services.heartbeat_touch(name="audit_anchor", detail=anchor)
    return anchor
