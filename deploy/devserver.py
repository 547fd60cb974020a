"""Start Duban on one machine: web server, Celery worker and Celery beat.

Used by ``make run``. Ctrl-C (SIGINT) or SIGTERM stops all three; if one of
them exits, the others are stopped too so nothing is left half-running.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run_settings(var: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """What `make run` serves with: DEBUG off (so a missing page is the Chinese
    404, not Django's English debug page) with a secret key kept in var/, plain
    http cookies for a local run, and static files from what collectstatic wrote.
    Anything set in the environment wins."""
    settings: dict[str, str] = {"DEBUG": "0"}
    if "SECRET_KEY" not in environ and "SECRET_KEY_FILE" not in environ:
        key_file = var / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        settings["SECRET_KEY_FILE"] = str(key_file)
    settings["SESSION_COOKIE_SECURE"] = "0"
    settings["CSRF_COOKIE_SECURE"] = "0"
    return {name: value for name, value in settings.items() if name not in environ}


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    var = Path(os.environ.get("DUBAN_VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tracker.settings", PYTHONUNBUFFERED="1")
    env.update(run_settings(var, os.environ))
    commands = {
        "web": [
            str(BIN / "gunicorn"),
            "tracker.wsgi",
            "--bind",
            f"{host}:{port}",
            "--workers",
            os.environ.get("WEB_CONCURRENCY", "2"),
            "--access-logfile",
            "-",
        ],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "tracker",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            os.environ.get("WORKER_CONCURRENCY", "2"),
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "tracker",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
        ],
    }
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, env=env) for name, command in commands.items()
    }
    print(f"\n督办系统已启动：http://{host}:{port}/  （按 Ctrl-C 停止）\n", flush=True)

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} 已退出（{process.returncode}），正在停止其他进程…", flush=True)
                exit_code = process.returncode or 1
                stopping = True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    print("督办系统已停止。", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
