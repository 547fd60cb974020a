"""A real Celery worker against real Redis executes a job queued on commit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction

from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.notifications.services import notifications_queue
from tracker.org.models import User

ROOT = Path(__file__).resolve().parents[2]


def worker_env() -> dict[str, str]:
    """Point the worker at the test database pytest-django created."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="tracker.settings")


@pytest.fixture
def celery_worker_process() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=worker_env(),
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_job_queued_on_commit_is_executed_by_a_real_worker(
    staff_a: User, celery_worker_process: subprocess.Popen[bytes]
) -> None:
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=staff_a,
            kind=NotificationKind.ASSIGNED,
            channel=Channel.APP,
            dedupe_key=f"test-worker-{time.time_ns()}",
            subject="新任务已交办",
        )
        notifications_queue(notification_ids=[notification.pk])
        # Nothing may be sent before the row is committed.
        time.sleep(0.5)
        assert Notification.objects.get(pk=notification.pk).status == DeliveryStatus.PENDING
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.status == DeliveryStatus.SENT:
            break
        time.sleep(0.2)
    assert notification.status == DeliveryStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
