#!/usr/bin/env python3
"""The schema is the contract: fuzz the live API from its own OpenAPI schema.

Starts Duban (gunicorn, the demo data, a throw-away SQLite under a temporary
DUBAN_VAR_DIR) on a free port, gives each role (督办管理员, 处室负责人, 承办人,
厅领导) an API token, and runs schemathesis once per role with the checks

    not_a_server_error, status_code_conformance,
    content_type_conformance, response_schema_conformance

State-aware: every transition endpoint (/tasks/{id}/approve/, submit,
extension-decide, …) is pointed, per role, at a demo task in which that role
may take that action now (Task.allowed_actions), so the valid requests reach
the transition rather than a 404; other {id} paths get an object the role can
see. Bounded: --max-examples per operation, schemathesis' --max-time per role,
and a wall-clock limit for the whole run.

Prints, per role and in total: requests by status code (from gunicorn's access
log) and failures by check (from schemathesis' JSON report). Exits non-zero
when any check failed. Usage:

    .venv/bin/python .ci/api_contract.py [--max-examples 3] [--max-time 240]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
ROLES = ["supervisor", "fagui_head", "fagui_staff", "leader"]
CHECKS = (
    "not_a_server_error,status_code_conformance,"
    "content_type_conformance,response_schema_conformance"
)

# Run inside `manage.py shell`: tokens, and which id each operation should use.
PLAN = r"""
import json
from rest_framework.authtoken.models import Token
from tracker.evidence.models import EvidenceFile
from tracker.notifications.models import Notification
from tracker.org.models import Department, User
from tracker.slips.models import Slip
from tracker.supervision.models import Instruction
from tracker.tasks.actions import ACTIONS
from tracker.tasks.models import Task
from plans.models import Report

# Endpoints of their own outside the action registry.
OWN_PATHS = {"progress": "progress", "evidence": "evidence"}

out = {}
for name in ROLES:
    user = User.objects.get(username=name)
    tasks = list(Task.objects.visible_to(user).order_by("id"))
    candidates = {}
    for task in tasks:
        for action in task.allowed_actions(user):
            entry = ACTIONS.get(action)
            path = entry.api_path if entry is not None else OWN_PATHS.get(action)
            if path:
                candidates.setdefault(path, []).append(task.pk)
    # A task of its own for each action where the demo has enough (the scarcest
    # first): a submit that succeeds must not leave the task extend points at
    # in a state where extending is no longer possible.
    actions, used = {}, set()
    for path in sorted(candidates, key=lambda p: (len(candidates[p]), p)):
        free = [pk for pk in candidates[path] if pk not in used]
        actions[path] = (free or candidates[path])[0]
        used.add(actions[path])
    def first(queryset):
        row = queryset.order_by("id").first()
        return row.pk if row else None
    out[name] = {
        "token": Token.objects.get_or_create(user=user)[0].key,
        "task": tasks[0].pk if tasks else None,
        "actions": actions,
        "evidence": first(EvidenceFile.objects.filter(task__in=tasks)),
        "notifications": first(Notification.objects.filter(recipient=user)),
        "reports": first(Report.objects.all()),
        "slips": first(Slip.objects.filter(task__in=tasks)),
        "instructions": first(Instruction.objects.all()),
        "departments": first(Department.objects.all()),
        "users": user.pk,
    }
print("PLAN" + json.dumps(out))
"""


def manage(env: dict[str, str], *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        **kwargs,  # type: ignore[arg-type]
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def config(base: str, plan: dict[str, object]) -> str:
    """schemathesis.toml for one role: the ids each operation uses."""
    lines = [f'base-url = "{base}"', ""]

    def operation(regex: str, value: object) -> None:
        lines.extend(
            [
                "[[operations]]",
                f"include-path-regex = '{regex}'",
                f"parameters = {{ id = {json.dumps(value)} }}",
                "",
            ]
        )

    actions: dict[str, int] = plan["actions"]  # type: ignore[assignment]
    for action, task_id in sorted(actions.items()):
        operation(rf"^/api/v1/tasks/\{{id\}}/{action}/$", task_id)
    if plan["task"]:
        known = "|".join(re.escape(a) for a in actions) or "-"
        operation(rf"^/api/v1/tasks/\{{id\}}/((?!({known})/$).*)?$", plan["task"])
    for resource in ("evidence", "notifications", "reports", "slips", "instructions"):
        if plan[resource]:
            operation(rf"^/api/v1/{resource}/\{{id\}}/", plan[resource])
    operation(r"^/api/v1/departments/\{id\}/$", plan["departments"])
    operation(r"^/api/v1/users/\{id\}/$", plan["users"])
    return "\n".join(lines)


def free_server(
    env: dict[str, str], log: Path, access: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn on port 0; the port it got is read from its log."""
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "tracker.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--access-logfile",
            str(access),
            "--access-logformat",
            "%(m)s %(U)s %(s)s",
            "--error-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        text = log.read_text() if log.exists() else ""
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
        if found:
            base = found.group(1)
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310 - loopback
                return process, base
            except OSError:
                pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("服务未能启动 / the server did not start:\n" + log.read_text()[-2000:])


def statuses(access: Path, start: int) -> tuple[collections.Counter[str], set[str], int]:
    """Requests by status code since line ``start`` of the access log, and the
    task endpoints (/tasks/{id}/<name>/) that answered 2xx at least once."""
    lines = access.read_text().splitlines()
    counts: collections.Counter[str] = collections.Counter()
    reached: set[str] = set()
    for line in lines[start:]:
        parts = line.split()
        if len(parts) < 3:
            continue
        counts[parts[-1]] += 1
        found = re.fullmatch(r"/api/v1/tasks/\d+/([a-z-]+)/", parts[1])
        if found and parts[-1].startswith("2") and parts[0] == "POST":
            reached.add(found.group(1))
    return counts, reached, len(lines)


def failures(report: Path) -> collections.Counter[str]:
    """Failures by check from schemathesis' JSON run report."""
    counts: collections.Counter[str] = collections.Counter()
    if not report.exists():
        return counts
    data = json.loads(report.read_text())

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "failures" in node and isinstance(node["failures"], list):
                for failure in node["failures"]:
                    if isinstance(failure, dict):
                        name = f"{failure.get('code', '')} {failure.get('title', '')}".strip()
                        where = ", ".join(failure.get("operations") or [])
                        counts[f"{name} ({where})" if where else name] += int(
                            failure.get("count") or 1
                        )
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=3)
    parser.add_argument("--max-time", type=int, default=240, help="seconds per role")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    roles = args.roles.split(",")

    var = Path(tempfile.mkdtemp(prefix="duban-contract-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DUBAN_ENV"}
    }
    env.update(
        DUBAN_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DEBUG="0",  # error pages as in production (JSON 404 under /api/)
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        AXES_ENABLED="0",  # the token endpoint is fuzzed with wrong passwords
        # One token per role makes many requests; no login limits apply to tokens.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")

    def role_plan(role: str) -> dict[str, object]:
        # Asked just before each role's run: the roles before it moved tasks on
        # (approved, cancelled, archived …), and the plan follows the tasks' state.
        shell = manage(env, "shell", "-c", f"ROLES = {[role]!r}\n" + PLAN)
        return json.loads(shell.stdout.split("PLAN", 1)[1])[role]  # type: ignore[no-any-return]

    # A SIGTERM (CI's `timeout`) ends the run through `finally`: the server,
    # in a session of its own, is stopped too.
    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(f"api_contract: stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    log, access = var / "gunicorn.log", var / "access.log"
    server, base = free_server(env, log, access)
    total_status: collections.Counter[str] = collections.Counter()
    total_failures: collections.Counter[str] = collections.Counter()
    seen = len(access.read_text().splitlines()) if access.exists() else 0
    results = {}
    started = time.monotonic()
    try:
        for role in roles:
            plan = role_plan(role)
            (var / role).mkdir()
            toml = var / role / "schemathesis.toml"
            toml.write_text(config(base, plan))
            report = var / role / "report.json"
            command = [
                os.environ.get("SCHEMATHESIS", str(BIN / "schemathesis")),
                "--config-file",
                str(toml),
                "run",
                f"{base}/api/v1/schema/?format=json",
                "--header",
                f"Authorization: Token {plan['token']}",
                "--checks",
                CHECKS,
                "--phases",
                args.phases,
                "--max-examples",
                str(args.max_examples),
                "--max-time",
                str(args.max_time),
                "--request-timeout",
                "30",
                # One worker: with two threads, Hypothesis' source inspection hit CPython 3.11's
                # "AST constructor recursion depth mismatch" (a schemathesis runtime error, not
                # a finding about the API) in one run of four; the API runs 2 gunicorn workers.
                "--workers",
                "1",
                "--seed",
                "11",
                "--no-shrink",
                "--suppress-health-check",
                "all",
                "--report",
                "json",
                "--report-json-path",
                str(report),
            ]
            role_started = time.monotonic()
            result = subprocess.run(  # noqa: S603
                command,
                cwd=var,
                env=env,
                capture_output=True,
                text=True,
                timeout=args.max_time + 120,
            )
            (var / role / "output.txt").write_text(result.stdout + result.stderr)
            codes, reached, seen = statuses(access, seen)
            found = failures(report)
            total_status.update(codes)
            total_failures.update(found)
            results[role] = {
                "seconds": round(time.monotonic() - role_started),
                "requests": sum(codes.values()),
                "status": dict(sorted(codes.items())),
                "failures": dict(found),
                "exit": result.returncode,
                "transitions": sorted(plan["actions"]),
                "reached_2xx": sorted(reached),
            }
            print(f"== {role}: {json.dumps(results[role], ensure_ascii=False)}")
            if result.returncode != 0:
                # What schemathesis said (failures, or an error of its own), for the CI log.
                print(result.stdout[-4000:], result.stderr[-2000:])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    summary = {
        "seconds": round(time.monotonic() - started),
        "requests": sum(total_status.values()),
        "status": dict(sorted(total_status.items())),
        "failures": dict(total_failures),
    }
    print("== total: " + json.dumps(summary, ensure_ascii=False))
    bad = [role for role, r in results.items() if r["exit"] != 0 or r["failures"]]
    if bad:
        print(f"schemathesis found problems for {bad}; details in {var}/<role>/output.txt")
        return 1
    if not args.keep:
        shutil.rmtree(var, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
