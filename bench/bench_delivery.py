"""Delivery benchmark: one Celery worker sending e-mails to a local relay.

    python bench/bench_reminders.py --delivery [--emails 10000] [--outage-emails 2000]
        [--code DIR] [--database i10_bench]

Runs against the code in ``--code`` (default: this checkout), so the same
measurement can be taken of an older commit (``git archive <commit> | tar -x
-C DIR``). Needs PostgreSQL and Redis (``REDIS_URL``); the database is
dropped and re-created. Everything is measured from outside the code under
test: rows are inserted with SQL, jobs are queued by name on Redis, the relay
(aiosmtpd, in this process) counts SMTP sessions and Message-IDs, and the
clock stops when the database shows every row sent.

1. Throughput: ``--emails`` rows queued at once in jobs of 100 (what the
   sweep does); messages per second and SMTP sessions opened.
2. Catch-up after a one-hour outage: ``--outage-emails`` rows fall due while
   the relay refuses connections; an hour passes; the relay is back. With a
   pump (this code), the hour is simulated by moving the rows' timestamps back
   (every decision of the outbox compares the clock with them) and the pump
   job is queued once; code without a pump retries from per-row countdown
   jobs, which cannot be moved, so it is run on a 30× faster clock
   (``NOTIFICATION_RETRY_BASE=1`` instead of 30, a 120 s outage).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]


class Relay:
    """Counts SMTP sessions and Message-IDs; can refuse connections (outage)."""

    def __init__(self) -> None:
        self.sessions = 0
        self.ids: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.ids[line.split(b":", 1)[1].strip().decode()] += 1
                break
            if not line:
                break
        return "250 OK"


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (all its threads), from /proc: steadier
    than wall time on a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def commit_ms(url: str, count: int = 50) -> float:
    """Median time of a one-row UPDATE committed with the WAL flush, on the bench's
    database: the floor under each message's outcome commit, which the next message's
    final "." waits for. On a shared machine it follows the other users' disk writes."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_commit_probe (id int PRIMARY KEY, n int)")
        conn.execute("INSERT INTO bench_commit_probe VALUES (1, 0) ON CONFLICT DO NOTHING")
        times = []
        for _ in range(count):
            started = time.perf_counter()
            conn.execute("UPDATE bench_commit_probe SET n = n + 1 WHERE id = 1")
            times.append(time.perf_counter() - started)
    return round(sorted(times)[count // 2] * 1000, 2)


def load() -> str:
    """The machine's load average at the end of a measurement (it is shared)."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Bench:
    def __init__(self, code: Path, server_url: str, database: str, redis_url: str) -> None:
        self.code = code
        self.server_url = server_url
        self.database = database
        self.url = f"{server_url}/{database}"
        self.redis_url = redis_url
        self.queue = f"bench-{os.getpid()}"
        self.var = Path(tempfile.mkdtemp(prefix="bench-delivery-"))
        self.port = free_port()
        self.relay = Relay()
        self.controller: Any = None
        self.worker_env: dict[str, str] = {}  # --set NAME=VALUE, for every worker

    # -- environment

    def env(self, **extra: str) -> dict[str, str]:
        return dict(
            os.environ,
            **self.worker_env,
            DATABASE_URL=self.url,
            REDIS_URL=self.redis_url,
            CELERY_BROKER_URL=self.redis_url,
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            EMAIL_URL=f"smtp://127.0.0.1:{self.port}",
            DUBAN_VAR_DIR=str(self.var),
            DEBUG="false",
            SECRET_KEY="bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106
            ALLOWED_HOSTS="localhost",
            DJANGO_SETTINGS_MODULE="tracker.settings",
            **extra,
        )

    def recreate(self) -> None:
        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {self.database}")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=self.code,
            env=self.env(),
            check=True,
        )
        import redis

        redis.Redis.from_url(self.redis_url).delete(self.queue)
        if "," in self.queues():
            redis.Redis.from_url(self.redis_url).delete("celery")

    def relay_up(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.relay, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def relay_down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def queues(self) -> str:
        """The queues the worker consumes. Code older than CELERY_TASK_DEFAULT_QUEUE
        queues its retry jobs on Celery's default queue ``celery``, so its worker
        consumes that too (the bench owns its Redis db; the queue is emptied first)."""
        settings = (self.code / "tracker/settings.py").read_text()
        if "CELERY_TASK_DEFAULT_QUEUE" in settings:
            return self.queue
        return f"{self.queue},celery"

    def worker(self, **extra: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tracker",
                "worker",
                "--pool=solo",
                "--loglevel=ERROR",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={self.queues()}",
                f"--hostname=bench-{time.time_ns()}@localhost",
            ],
            cwd=self.code,
            env=self.env(**extra),
        )

    def send_task(self, name: str, args: list[Any] | None = None) -> None:
        from celery import Celery

        app = Celery(broker=self.redis_url)
        app.conf.task_default_queue = self.queue
        app.send_task(name, args=args or [])

    # -- data

    def insert(self, count: int, label: str) -> list[int]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            user = conn.execute(
                "INSERT INTO org_user (password, is_superuser, username, first_name, last_name,"
                " email, is_staff, is_active, date_joined, full_name, role, phone, title,"
                " is_liaison) VALUES ('!', false, %s, '', '', %s, false, true, now(), %s,"
                " 'staff', '', '', false) RETURNING id",
                [f"bench-{label}", f"bench-{label}@bench.gov.cn", "基准"],
            ).fetchone()[0]
            rows = conn.execute(
                "INSERT INTO notifications_notification (recipient_id, kind, channel,"
                " dedupe_key, subject, body, payload, status, attempts, last_error, created_at,"
                " send_after, claim_token, queued_at)"
                " SELECT %s, 'assigned', 'email', %s || n, '【督办提醒】基准第' || n || '项',"
                " '', '{}'::jsonb, 'pending', 0, '', now(), now(), '', now()"
                " FROM generate_series(1, %s) AS n RETURNING id",
                [user, f"bench:{label}:", count],
            ).fetchall()
        return sorted(row[0] for row in rows)

    def queue_batches(self, ids: list[int]) -> None:
        for start in range(0, len(ids), 100):
            self.send_task(
                "tracker.notifications.jobs.deliver_notifications", [ids[start : start + 100]]
            )

    def count(self, ids: list[int], status: str) -> int:
        with psycopg.connect(self.url) as conn:
            return conn.execute(
                "SELECT count(*) FROM notifications_notification WHERE id = ANY(%s)"
                " AND status = %s",
                [ids, status],
            ).fetchone()[0]

    def attempted(self, ids: list[int]) -> int:
        with psycopg.connect(self.url) as conn:
            return conn.execute(
                "SELECT count(*) FROM notifications_notification WHERE id = ANY(%s)"
                " AND status = 'pending' AND attempts > 0",
                [ids],
            ).fetchone()[0]

    def wait_sent(self, ids: list[int], limit: float) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            if self.count(ids, "sent") == len(ids):
                return time.perf_counter() - started
            time.sleep(0.25)
        raise SystemExit(f"not drained within {limit} s: {self.count(ids, 'sent')}/{len(ids)}")

    def wait_settled(self, ids: list[int], limit: float) -> float:
        """Seconds until no row is pending or being sent (sent or failed for good)."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            if not self.count(ids, "pending") and not self.count(ids, "sending"):
                return time.perf_counter() - started
            time.sleep(0.25)
        return time.perf_counter() - started

    def shift(self, ids: list[int], seconds: int) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            columns = ["send_after", "created_at"]
            has_first = conn.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name ="
                " 'notifications_notification' AND column_name = 'first_attempt_at'"
            ).fetchone()
            if has_first:
                columns.append("first_attempt_at")
            sets = ", ".join(f"{c} = {c} - make_interval(secs => %s)" for c in columns)
            conn.execute(
                f"UPDATE notifications_notification SET {sets} WHERE id = ANY(%s)",
                [seconds] * len(columns) + [ids],
            )

    def has_pump(self) -> bool:
        return "pump_notifications" in (self.code / "tracker/notifications/jobs.py").read_text()


def throughput(bench: Bench, emails: int) -> dict[str, Any]:
    bench.relay_up()
    worker = bench.worker()
    try:
        time.sleep(3)  # let the worker connect before the clock starts
        ids = bench.insert(emails, "throughput")
        sessions_before = bench.relay.sessions
        worker_cpu = cpu_seconds(worker.pid)
        relay_cpu = time.process_time()
        started = time.perf_counter()
        bench.queue_batches(ids)
        bench.wait_sent(ids, 1800)
        seconds = time.perf_counter() - started
        worker_cpu = cpu_seconds(worker.pid) - worker_cpu
        relay_cpu = time.process_time() - relay_cpu
        return {
            "emails": emails,
            "seconds": round(seconds, 2),
            "per_second": round(emails / seconds),
            # CPU per e-mail of the worker process, and of this process (the relay, and the
            # polling of the database, which is small).
            "worker_cpu_ms": round(worker_cpu / emails * 1000, 3),
            "bench_cpu_ms": round(relay_cpu / emails * 1000, 3),
            "sessions": bench.relay.sessions - sessions_before,
            "duplicates": sum(n - 1 for n in bench.relay.ids.values() if n > 1),
            "load_average": load(),
        }
    finally:
        worker.kill()
        worker.wait()
        bench.relay_down()


def catch_up(bench: Bench, emails: int) -> dict[str, Any]:
    pump = bench.has_pump()
    extra = {} if pump else {"NOTIFICATION_RETRY_BASE": "1"}
    worker = bench.worker(**extra)
    try:
        time.sleep(3)
        bench.relay.ids.clear()
        ids = bench.insert(emails, "outage")
        bench.queue_batches(ids)  # the relay is down: every first attempt fails
        outage = 120.0
        down_started = time.perf_counter()
        # Every row must have had its first (refused) attempt before the hour is
        # simulated: a row still untried when the timestamps move would fall due
        # an hour after the pump job and wait for a beat this bench does not run.
        while bench.count(ids, "sending") or bench.attempted(ids) < emails:
            if time.perf_counter() - down_started > 600:
                raise SystemExit("first attempts did not finish")
            if not pump and time.perf_counter() - down_started > outage:
                break
            time.sleep(0.25)
        if pump:
            bench.shift(ids, 3600)  # an hour passes
        else:
            time.sleep(max(0.0, outage - (time.perf_counter() - down_started)))
        sessions_before = bench.relay.sessions
        bench.relay_up()
        started = time.perf_counter()
        if pump:
            bench.send_task("tracker.notifications.jobs.pump_notifications")
        bench.wait_settled(ids, 900)
        seconds = time.perf_counter() - started
        drained = bench.count(ids, "sent")
        return {
            "emails": emails,
            "drained": drained,
            "failed": bench.count(ids, "failed"),
            "seconds": round(seconds, 2),
            "sessions": bench.relay.sessions - sessions_before,
            "load_average": load(),
            "clock": "simulated hour (rows moved back), one pump job"
            if pump
            else "30x faster: retry base 1 s, 120 s outage",
        }
    finally:
        worker.kill()
        worker.wait()
        bench.relay_down()


def run(
    code: Path,
    database: str,
    emails: int,
    outage_emails: int,
    worker_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise SystemExit("REDIS_URL is required (the worker's broker)")
    bench = Bench(code, base.rsplit("/", 1)[0], database, redis_url)
    bench.worker_env = dict(worker_env or {})
    bench.recreate()
    result = {
        "code": str(code),
        "worker_env": bench.worker_env,
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "load_average_at_start": load(),
        "commit_ms_at_start": commit_ms(bench.url),
        "throughput": throughput(bench, emails),
    }
    result["commit_ms_at_end"] = commit_ms(bench.url)
    print(result, flush=True)
    if outage_emails:
        result["catch_up"] = catch_up(bench, outage_emails)
    print(result, flush=True)
    return result


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--database", default="i10_bench")
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--outage-emails", type=int, default=2_000)
    parser.add_argument(
        "--set", action="append", default=[], help="NAME=VALUE in the worker's environment"
    )
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.set)
    run(args.code.resolve(), args.database, args.emails, args.outage_emails, extra)
