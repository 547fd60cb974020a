"""A real `celery beat` sends its heartbeat and a reminder sweep as soon as it starts, so
/readyz does not answer 503 for the first minutes after an install or a restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def sent_tasks(queue: Path) -> list[str]:
    names = []
    for path in queue.glob("*.msg"):
        try:
            message = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # still being written
        names.append(message["headers"]["task"])
    return names


def test_beat_sends_heartbeat_and_sweep_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    # Every interval long, so nothing else is due in the first seconds.
    env.update(
        DUBAN_VAR_DIR=str(tmp_path),
        REMINDER_SWEEP_SECONDS="3600",
        BEAT_HEARTBEAT_SECONDS="3600",
        NOTIFICATION_PUMP_SECONDS="3600",
    )
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "beat",
            "--loglevel",
            "WARNING",
            "--schedule",
            str(tmp_path / "schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    queue = tmp_path / "broker" / "queue"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            names = sent_tasks(queue)
            if {
                "tracker.ops.jobs.beat_heartbeat",
                "tracker.notifications.jobs.sweep_reminders",
            } <= set(names):
                break
            assert beat.poll() is None, beat.stdout.read().decode() if beat.stdout else ""
            time.sleep(0.5)
    finally:
        os.killpg(beat.pid, signal.SIGTERM)
        beat.wait(timeout=30)
    assert sorted(names) == [
        "tracker.notifications.jobs.sweep_reminders",
        "tracker.ops.jobs.beat_heartbeat",
    ]
