"""Delivery under faults, with the real parts: Celery worker processes, Redis,
PostgreSQL, and an aiosmtpd relay on 127.0.0.1 that records every message's
Message-ID.

Each test asserts what the README promises: every message delivered, at most
one duplicate per crash (identified by its Message-ID), none lost. The pump
(``notifications_requeue``, run by beat every NOTIFICATION_PUMP_SECONDS in
production) is run here by the test in its wait loops, with a lease of a few
seconds instead of a minute so that the tests stay short.

Set FAULT_TABLE=path to append one line per test (expected / delivered /
duplicates / lost) to that file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tests.tracker.test_celery_worker import worker_env
from tests.tracker.test_reminders import D, at, make_task
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tracker.notifications.services import (
    notifications_dispatch,
    notifications_queue,
    notifications_requeue,
)
from tracker.org.models import Department, User

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3  # seconds, for the workers and the pump of these tests (production: 60)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_lease(settings: Any) -> None:
    """The pump runs in this process: it must use the workers' lease."""
    settings.NOTIFICATION_LEASE_SECONDS = LEASE


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Relay:
    """An aiosmtpd handler recording (Message-ID, recipient, subject) of every
    message it accepted, and the SMTP sessions opened. It can be slow, refuse
    with 451, or answer only after the client has given up."""

    delay: float = 0.0
    refusing: bool = False
    answer_late: int = 0  # the first N distinct messages are answered after...
    late_by: float = 0.0  # ...this many seconds (the client timeout is shorter)
    received: list[tuple[str, str, str]] = field(default_factory=list)
    sessions: int = 0
    refused: int = 0
    late_ids: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message_id = str(message["Message-ID"])
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 请稍后再试 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.received.append((message_id, ",".join(envelope.rcpt_tos), str(message["Subject"])))
            late = len(self.late_ids) < self.answer_late and message_id not in self.late_ids
            if late:
                self.late_ids.add(message_id)
        if late:
            await asyncio.sleep(self.late_by)  # accepted, but the answer comes too late
        return "250 OK"

    def ids(self) -> Counter[str]:
        with self.lock:
            return Counter(message_id for message_id, _to, _subject in self.received)


@pytest.fixture
def relay() -> Iterator[Callable[..., tuple[Relay, int]]]:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command
    controllers: list[Any] = []

    def start(**options: Any) -> tuple[Relay, int]:
        handler = Relay(**options)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return handler, port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def queue_name() -> Iterator[str]:
    """A Celery queue of this test run's own (tests may run side by side)."""
    import redis
    from celery import current_app

    name = f"fault-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete(name)
    previous = current_app.conf.task_default_queue
    current_app.conf.task_default_queue = name
    yield name
    current_app.conf.task_default_queue = previous
    client.delete(name)


@pytest.fixture
def workers(queue_name: str) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start real Celery workers (solo pool: one message in flight each)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(smtp_port: int, **extra_env: str) -> subprocess.Popen[bytes]:
        env = dict(
            worker_env(),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            NOTIFICATION_LEASE_SECONDS=str(LEASE),
            CELERY_TASK_DEFAULT_QUEUE=queue_name,
        )
        env.update(extra_env)
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
                "--without-heartbeat",
                f"--hostname=fault-{time.time_ns()}@localhost",
                f"--queues={queue_name}",
            ],
            cwd=ROOT,
            env=env,
        )
        started.append(process)
        return process

    yield start
    for process in started:  # the test is over: nothing to finish gracefully
        if process.poll() is None:
            process.kill()
        process.wait()


def outbox(
    user: User, count: int, label: str = "提醒", *, queue: bool = True
) -> list[Notification]:
    """``count`` e-mail rows for ``user``, queued for delivery after commit."""
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind=NotificationKind.ASSIGNED,
                    channel=Channel.EMAIL,
                    dedupe_key=f"fault:{label}:{n}",
                    subject=f"【{label}】第{n:03d}号",
                )
                for n in range(count)
            ]
        )
        if queue:
            notifications_queue(notification_ids=[row.pk for row in rows])
    return rows


def pump() -> int:
    """What beat's pump job does every NOTIFICATION_PUMP_SECONDS."""
    return notifications_requeue(now=timezone.now())


def wait_until(condition: Callable[[], bool], seconds: float, *, pumping: bool = True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if pumping:
            pump()
        time.sleep(0.2)
    return condition()


def settled() -> bool:
    return not Notification.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).exists()


@dataclass
class Tally:
    expected: int
    delivered: int
    duplicates: int
    lost: int


def tally(relay: Relay, rows: list[Notification], name: str) -> Tally:
    """Count by Message-ID what the relay received of ``rows``."""
    wanted = {row.message_id for row in Notification.objects.filter(pk__in=[r.pk for r in rows])}
    seen = relay.ids()
    result = Tally(
        expected=len(wanted),
        delivered=len(wanted & seen.keys()),
        duplicates=sum(count - 1 for message_id, count in seen.items() if message_id in wanted),
        lost=len(wanted - seen.keys()),
    )
    assert not seen.keys() - wanted, "the relay received a message nobody queued"
    table = os.environ.get("FAULT_TABLE")
    if table:
        with open(table, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": name, **result.__dict__}, ensure_ascii=False) + "\n")
    return result


def all_sent(rows: list[Notification]) -> bool:
    return not Notification.objects.filter(pk__in=[r.pk for r in rows]).exclude(
        status=DeliveryStatus.SENT
    )


# --------------------------------------------------------------------------- 1


def test_worker_killed_mid_batch_three_times(
    staff_a: User, relay: Callable[..., tuple[Relay, int]], workers: Callable[..., Any]
) -> None:
    sink, port = relay(delay=0.01)
    rows = outbox(staff_a, 200)
    worker = workers(port)
    kills = 0
    for threshold in (30, 80, 130):
        assert wait_until(lambda t=threshold: len(sink.received) >= t, 90), "no progress"  # type: ignore[misc]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        kills += 1
        # The dead worker's rows stay claimed; the pump releases them once the
        # lease has gone LEASE seconds without a heartbeat.
        worker = workers(port)
    assert wait_until(lambda: all_sent(rows), 120), "not everything was delivered"
    result = tally(sink, rows, "1 SIGKILL ×3 mid-batch")
    assert (result.expected, result.delivered, result.lost) == (200, 200, 0)
    assert result.duplicates <= kills, "more than the one message in flight per crash"
    assert max(sink.ids().values()) <= 2
    released = Notification.objects.filter(last_error__contains="租约到期")
    assert released.exists(), "no lease was ever released: the kills did not hit a batch"


# --------------------------------------------------------------------------- 2


def test_database_connections_terminated_mid_batch(
    staff_a: User, relay: Callable[..., tuple[Relay, int]], workers: Callable[..., Any]
) -> None:
    sink, port = relay(delay=0.01)
    rows = outbox(staff_a, 200)
    workers(port)
    terminated = 0
    for threshold in (30, 80, 130):
        assert wait_until(lambda t=threshold: len(sink.received) >= t, 90), "no progress"  # type: ignore[misc]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            terminated += cursor.fetchone()[0]
    assert terminated >= 3, "the workers had no connection to terminate"
    assert wait_until(lambda: all_sent(rows), 120), "not everything was delivered"
    result = tally(sink, rows, "2 pg_terminate_backend ×3 mid-batch")
    assert (result.expected, result.delivered, result.lost) == (200, 200, 0)
    assert result.duplicates <= 3


# --------------------------------------------------------------------------- 3


def test_slow_but_live_worker_keeps_its_lease(
    staff_a: User, relay: Callable[..., tuple[Relay, int]], workers: Callable[..., Any]
) -> None:
    sink, port = relay(delay=0.4)  # 30 messages: 12 s, four times the lease
    workers(port)
    workers(port)  # an idle second worker, ready to take over a released batch
    started = time.monotonic()
    rows = outbox(staff_a, 30)
    releases_seen = 0

    def done() -> bool:
        nonlocal releases_seen
        releases_seen += Notification.objects.filter(
            status=DeliveryStatus.SENDING,
            claimed_at__lt=timezone.now() - dt.timedelta(seconds=LEASE),
        ).count()
        return all_sent(rows)

    assert wait_until(done, 90)
    elapsed = time.monotonic() - started
    assert elapsed > 3 * LEASE, "the batch was not slower than the lease"
    result = tally(sink, rows, "3 slow but live worker")
    assert (result.delivered, result.duplicates, result.lost) == (30, 0, 0)
    # Never released: one attempt each, no lease ever silent for LEASE seconds.
    assert releases_seen == 0
    assert set(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("attempts", flat=True)
    ) == {1}


# --------------------------------------------------------------------------- 4


def shift_clock(seconds: float) -> None:
    """Let ``seconds`` pass for the outbox: every decision it takes compares
    the clock with the rows' timestamps, so moving those back is the same as
    moving the clock forward (the workers run on the real clock)."""
    delta = dt.timedelta(seconds=seconds)
    Notification.objects.update(
        send_after=F("send_after") - delta,
        created_at=F("created_at") - delta,
        first_attempt_at=F("first_attempt_at") - delta,
    )


def test_relay_refusing_451_for_a_day_then_accepting(
    staff_a: User, relay: Callable[..., tuple[Relay, int]], workers: Callable[..., Any]
) -> None:
    sink, port = relay(refusing=True)
    workers(port)  # production backoff: 60 s doubling, at most an hour apart; 72 h window
    rows = outbox(staff_a, 20)
    simulated = 0.0
    rounds = 0

    def between_rounds() -> bool:
        return not Notification.objects.filter(
            status=DeliveryStatus.SENDING
        ).exists() and not Notification.objects.filter(
            status=DeliveryStatus.PENDING, queued_at__isnull=False
        )

    while simulated < 24 * 3600:
        assert wait_until(between_rounds, 90, pumping=False), "a round did not finish"
        assert not Notification.objects.filter(status=DeliveryStatus.FAILED).exists()
        next_due = max(row.send_after for row in Notification.objects.all())
        step = max((next_due - timezone.now()).total_seconds() + 1, 1)
        shift_clock(step)
        simulated += step
        rounds += 1
        # One batch, one job, one SMTP session per round. On a loaded machine a row can still
        # be held by the lease of the worker that refused it a moment ago; the beat's pump
        # takes it on its next tick, as here (the session bound below still holds).
        queued = pump()
        deadline = time.monotonic() + 90
        while queued < 20 and time.monotonic() < deadline:
            time.sleep(0.5)
            queued += pump()
        assert queued == 20
    assert wait_until(between_rounds, 30, pumping=False)
    sink.refusing = False
    shift_clock(3600)
    assert wait_until(lambda: all_sent(rows), 60)
    result = tally(sink, rows, "4 relay 451 for 24 h then accepting")
    assert (result.delivered, result.duplicates, result.lost) == (20, 0, 0)
    assert not Notification.objects.filter(status=DeliveryStatus.FAILED).exists()
    assert sink.refused == 20 * (rounds + 1)
    attempts = set(Notification.objects.values_list("attempts", flat=True))
    assert attempts == {rounds + 2}
    # Capped backoff: a day of refusals is about 30 rounds, not thousands.
    assert 20 <= rounds <= 40
    # Retries and catch-up went in batches: about one SMTP session per round.
    assert sink.sessions <= rounds + 3


# --------------------------------------------------------------------------- 5


def test_relay_answering_after_the_client_timeout(
    staff_a: User, relay: Callable[..., tuple[Relay, int]], workers: Callable[..., Any]
) -> None:
    sink, port = relay(answer_late=2, late_by=3.0)
    workers(port, EMAIL_TIMEOUT="1", NOTIFICATION_RETRY_BASE="1")
    rows = outbox(staff_a, 10)
    assert wait_until(lambda: all_sent(rows), 90)
    result = tally(sink, rows, "5 relay answers after the client timeout")
    assert (result.expected, result.delivered, result.lost) == (10, 10, 0)
    # The two answered late were re-sent, each once, with the same Message-ID.
    counts = sink.ids()
    assert {message_id for message_id, n in counts.items() if n == 2} == sink.late_ids
    assert result.duplicates == 2
    for message_id in sink.late_ids:
        copies = [r for r in sink.received if r[0] == message_id]
        assert len(copies) == 2 and copies[0] == copies[1]
        row = Notification.objects.get(pk=int(message_id.split("-")[1]))
        assert row.attempts == 2 and "timed out" in row.last_error


# --------------------------------------------------------------------------- 6


def test_one_row_that_makes_the_mail_library_raise_fails_alone(
    staff_a: User,
    staff_b: User,
    relay: Callable[..., tuple[Relay, int]],
    workers: Callable[..., Any],
) -> None:
    sink, port = relay()
    User.objects.filter(pk=staff_b.pk).update(email="bad@example.gov.cn\nBcc: spy@example.gov.cn")
    with transaction.atomic():
        good = outbox(staff_a, 10, queue=False)
        bad = Notification.objects.create(
            recipient=staff_b,
            kind=NotificationKind.ASSIGNED,
            channel=Channel.EMAIL,
            dedupe_key="fault:bad-address",
            subject="地址里有换行",
        )
        broken_digest = Notification.objects.create(
            recipient=staff_a,
            kind=NotificationKind.DIGEST,
            channel=Channel.EMAIL,
            dedupe_key="fault:broken-digest",
            subject="每日汇总",
            payload={"items": ["不是编号"]},  # rendering it raises inside the ORM
        )
        title = Notification.objects.create(
            recipient=staff_a,
            kind=NotificationKind.ASSIGNED,
            channel=Channel.EMAIL,
            dedupe_key="fault:title-with-newline",
            subject="任务标题\r\nBcc: spy@example.gov.cn 换行",
        )
        # One batch, the bad rows in the middle of it.
        ids = [r.pk for r in good[:5]] + [bad.pk, broken_digest.pk, title.pk]
        ids += [r.pk for r in good[5:]]
        Notification.objects.filter(pk__in=ids).update(queued_at=timezone.now())
        notifications_dispatch(ids)
    workers(port)
    assert wait_until(settled, 60, pumping=False)
    result = tally(sink, [*good, title], "6 a row that makes the mail library raise")
    assert (result.expected, result.delivered, result.duplicates, result.lost) == (11, 11, 0, 0)
    bad.refresh_from_db()
    broken_digest.refresh_from_db()
    assert bad.status == DeliveryStatus.FAILED and "邮件无法生成" in bad.last_error
    assert broken_digest.status == DeliveryStatus.FAILED
    assert "发送时出错" in broken_digest.last_error
    assert not any("spy" in to for _id, to, _subject in sink.received)
    [(_id, _to, subject)] = [r for r in sink.received if r[0] == title.message_id]
    assert subject.strip() == "任务标题 Bcc: spy@example.gov.cn 换行"


# --------------------------------------------------------------------------- two beats


def test_two_beats_firing_the_weekly_briefing_and_the_digest_send_each_once(
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    dept_a: Department,
    relay: Callable[..., tuple[Relay, int]],
    workers: Callable[..., Any],
) -> None:
    """Beat only enqueues: two beats firing at once put each periodic job on
    the queue twice. Two workers run both copies at the same time."""
    from celery import current_app

    sink, port = relay()
    NotificationPreference.objects.create(user=staff_a, daily_digest=True)
    for n in range(3):
        make_task(
            staff_a, dept_a, D(2022, 2, 7), title=f"第{n}项", planned_at=at(D(2022, 1, 27), 10)
        )
    workers(port)
    workers(port)
    for _beat in range(2):
        current_app.send_task("tracker.reporting.jobs.send_weekly_briefings")
    # The digest is built by the sweep, for the moment given (two beats, one moment).
    env = dict(
        worker_env(),
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        CELERY_TASK_DEFAULT_QUEUE=current_app.conf.task_default_queue,
    )
    command = [
        sys.executable,
        "manage.py",
        "sweep_reminders",
        "--now",
        at(D(2022, 1, 28)).isoformat(),
    ]
    sweeps = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE) for _ in "ab"]
    outputs = [json.loads(sweep.communicate(timeout=120)[0]) for sweep in sweeps]
    assert sum(output["digest"] for output in outputs) == 1
    weekly = Notification.objects.filter(kind=NotificationKind.WEEKLY)
    assert wait_until(lambda: weekly.count() == 3 and all_sent(list(weekly)), 60)
    digest = Notification.objects.filter(kind=NotificationKind.DIGEST)
    Notification.objects.filter(kind=NotificationKind.DIGEST).update(send_after=timezone.now())
    assert wait_until(lambda: digest.count() == 1 and all_sent(list(digest)), 60)
    time.sleep(1)  # let a double, if there were one, arrive
    result = tally(sink, [*weekly, *digest], "two beats: weekly briefing + digest")
    assert (result.expected, result.delivered, result.duplicates, result.lost) == (4, 4, 0, 0)
    assert sorted(to for _id, to, _s in sink.received if "周报" in _s) == sorted(
        user.email for user in (supervisor, leader, head_a)
    )
