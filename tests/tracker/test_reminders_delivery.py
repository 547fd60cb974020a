"""Exactly once against the real thing: PostgreSQL, Redis, a Celery worker, an SMTP sink.

Two sweeps in two processes at once; a worker killed with SIGKILL while it
sends; Redis flushed with deliveries pending; an SMTP server refusing twice
before accepting. In each case every due reminder ends up delivered once,
and the rows say what happened.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.tracker.test_celery_worker import worker_env
from tests.tracker.test_reminders import D, at, make_task
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.notifications.reminders import reminders_sweep
from tracker.notifications.services import notifications_queue
from tracker.org.models import Department, User

ROOT = Path(__file__).resolve().parents[2]
SWEEP_AT = at(D(2022, 1, 28))  # the 3-working-days-before reminder of a 2022-02-07 deadline


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """An aiosmtpd server recording accepted messages; can refuse or stall."""

    def __init__(self, refuse_each: int = 0, stall_first: bool = False) -> None:
        self.received: list[tuple[str, str]] = []
        self.refused: Counter[str] = Counter()
        self.refuse_each = refuse_each
        self.stall_first = stall_first
        self.stalling = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        import asyncio

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        key = f"{','.join(envelope.rcpt_tos)}|{message['Subject']}"
        if self.refused[key] < self.refuse_each:
            self.refused[key] += 1
            return "451 4.3.0 请稍后再试 try again later"
        if self.stall_first and not self.stalling.is_set():
            self.stalling.set()
            for _ in range(200):  # the worker is killed meanwhile; never accept this one
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
            return "421 4.3.0 connection lost"
        self.received.append((",".join(envelope.rcpt_tos), str(message["Subject"]).strip()))
        return "250 OK"


@pytest.fixture
def smtp_sink() -> Iterator[Callable[..., tuple[Sink, int]]]:
    from aiosmtpd.controller import Controller

    controllers: list[Any] = []
    sinks: list[Sink] = []

    def start(**options: Any) -> tuple[Sink, int]:
        sink = Sink(**options)
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        sinks.append(sink)
        return sink, port

    yield start
    for sink in sinks:
        sink.release.set()
    for controller in controllers:
        controller.stop()


@pytest.fixture
def flush_redis() -> Callable[[], None]:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])

    def flush() -> None:
        client.flushdb()

    flush()
    return flush


@pytest.fixture
def workers() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(smtp_port: int) -> subprocess.Popen[bytes]:
        env = dict(
            worker_env(),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            NOTIFICATION_RETRY_BASE="1",
        )
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
                f"--hostname=rem-{time.time_ns()}@localhost",
            ],
            cwd=ROOT,
            env=env,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def due_tasks(user: User, dept: Department, count: int) -> None:
    for n in range(count):
        make_task(
            user, dept, D(2022, 2, 7), title=f"第{n:03d}项任务", planned_at=at(D(2022, 1, 27), 10)
        )


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def all_emails_sent() -> bool:
    return (
        not Notification.objects.filter(channel=Channel.EMAIL)
        .exclude(status=DeliveryStatus.SENT)
        .exists()
    )


def assert_each_once(sink: Sink, expected: int) -> None:
    rows = Notification.objects.filter(channel=Channel.EMAIL)
    assert rows.count() == expected
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    subjects = Counter(subject for _to, subject in sink.received)
    assert len(subjects) == expected
    assert set(subjects.values()) == {1}, "a reminder was e-mailed twice"
    assert subjects.keys() == set(rows.values_list("subject", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_in_two_processes_write_each_reminder_once(
    staff_a: User, head_a: User, dept_a: Department
) -> None:
    due_tasks(staff_a, dept_a, 300)
    env = dict(
        worker_env(),
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    command = [sys.executable, "manage.py", "sweep_reminders", "--now", SWEEP_AT.isoformat()]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE) for _ in range(2)
    ]
    outputs = [json.loads(process.communicate(timeout=120)[0]) for process in processes]
    assert all(process.returncode == 0 for process in processes)
    # Between them the two sweeps created each reminder once (app + e-mail per task).
    assert sum(output.get("due_soon", 0) for output in outputs) == 600
    assert Notification.objects.filter(kind="due_soon").count() == 600
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    # Each e-mail was claimed and sent once, by one of the two processes.
    assert set(emails.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_flushed_with_deliveries_pending_then_the_sweep_requeues(
    staff_a: User,
    dept_a: Department,
    smtp_sink: Callable[..., tuple[Sink, int]],
    workers: Callable[..., subprocess.Popen[bytes]],
    flush_redis: Callable[[], None],
) -> None:
    sink, port = smtp_sink()
    due_tasks(staff_a, dept_a, 30)
    counts = reminders_sweep(now=SWEEP_AT)  # no worker yet: jobs wait in Redis
    assert counts["queued"] == 30
    flush_redis()  # …and are lost
    workers(port)
    # Prove the worker is up and consuming: a sentinel queued now is delivered…
    sentinel = Notification.objects.create(
        recipient=staff_a,
        kind=NotificationKind.ASSIGNED,
        channel=Channel.EMAIL,
        dedupe_key="sentinel",
        subject="哨兵",
        body="证明投递进程正在取件。",
    )
    notifications_queue(notification_ids=[sentinel.pk])
    assert wait_until(
        lambda: Notification.objects.get(pk=sentinel.pk).status == DeliveryStatus.SENT
    )
    # …while the 30 whose jobs were flushed stay pending: nothing else brings them back.
    assert Notification.objects.filter(channel=Channel.EMAIL, status="pending").count() == 30
    # A sweep within the grace period leaves them alone; a later one re-queues.
    assert reminders_sweep(now=SWEEP_AT + dt.timedelta(minutes=1))["queued"] == 0
    later = SWEEP_AT + dt.timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER + 1)
    assert reminders_sweep(now=later)["queued"] == 30
    assert wait_until(all_emails_sent)
    assert_each_once(sink, 30 + 1)  # and the sentinel
    assert set(Notification.objects.filter(channel="email").values_list("attempts", flat=True)) == {
        1
    }
