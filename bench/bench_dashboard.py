"""Benchmark: the dashboard and the ledger export at volume on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rep_bench python bench/bench_dashboard.py

Generates 100,000 tasks in 50 departments with set-based SQL (once; rerun
with --regenerate), then measures side by side:

- the dashboard page (test client, supervisor and a department head):
  number of SQL queries, and its time against the time of executing the very
  SQL it issued, raw, through a cursor;
- the ledger .xlsx export of 1,000 and 10,000 tasks: time to the last byte,
  and Python's peak traced memory (tracemalloc) for each.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rep_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["AXES_ENABLED"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tracker.org.models import Department, Role, User  # noqa: E402
from tracker.tasks.models import Task  # noqa: E402

N_TASKS = 100_000
N_DEPTS = 50
RUNS = 7

GENERATE = """
INSERT INTO org_department (name, short_name, parent_id, "order", is_active, keywords,
    wecom_webhook_key, dingtalk_access_token, dingtalk_secret, robot_disabled_reason)
SELECT '单位' || lpad(i::text, 3, '0'), '', NULL, i, true, '', '', '', '', ''
FROM generate_series(1, %(depts)s) AS i;

INSERT INTO tasks_task (title, description, kind, report_id, source_item_id, parent_id,
    lead_department_id, responsible_id, due_on, priority, status, progress, require_evidence,
    extension_count, created_by_id, created_at, updated_at, completed_at, version)
SELECT '任务' || i, '', (ARRAY['plan','problem','adhoc'])[1 + i %% 3], NULL, NULL, NULL,
    (SELECT min(id) FROM org_department) + (i %% %(depts)s), NULL,
    DATE '2022-12-20' + ((i %% 400) - 200),
    2,
    (ARRAY['draft','assigned','in_progress','submitted','returned','done','done','done','cancelled'])[1 + i %% 9],
    0, true, 0, NULL,
    TIMESTAMPTZ '2022-01-01 09:00+08' + (i %% 300) * INTERVAL '1 day',
    now(), NULL, 1
FROM generate_series(1, %(tasks)s) AS i;

UPDATE tasks_task SET completed_at = due_on + ((id %% 21) - 10) * INTERVAL '1 day' + INTERVAL '10 hours'
WHERE status = 'done';

INSERT INTO tasks_task_cooperating_departments (task_id, department_id)
SELECT t.id, (SELECT min(id) FROM org_department) + ((t.id + 7) %% %(depts)s)
FROM tasks_task t WHERE t.id %% 2 = 0;
"""


def generate(regenerate: bool) -> None:
    call_command("migrate", verbosity=0)
    if Task.objects.count() >= N_TASKS and not regenerate:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE tasks_task, tasks_task_cooperating_departments, org_department, "
            "org_user CASCADE"
        )
        cursor.execute(GENERATE, {"tasks": N_TASKS, "depts": N_DEPTS})
        cursor.execute("ANALYZE")
    first = Department.objects.order_by("id").first()
    User.objects.create_user("bench_sup", password="x", role=Role.SUPERVISOR)  # noqa: S106
    User.objects.create_user("bench_head", password="x", role=Role.HEAD, department=first)  # noqa: S106


def timed(fn):  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_dashboard(username: str) -> dict[str, object]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/dashboard/")  # warm up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    queries = [q["sql"] for q in ctx.captured_queries]
    page = timed(lambda: client.get("/dashboard/"))

    def raw() -> None:
        with connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(sql)
                cursor.fetchall()

    raw_time = timed(raw)
    return {"user": username, "queries": len(queries), "page_s": page, "raw_s": raw_time}


def bench_export(n: int) -> dict[str, object]:
    client = Client()
    client.force_login(User.objects.get(username="bench_sup"))
    ids = list(Task.objects.order_by("due_on", "id").values_list("due_on", flat=True)[: n + 1])
    # A date range holding about n tasks (exports take the task list filters).
    due_before = ids[-1]
    url = f"/exports/ledger.xlsx?due_before={due_before.isoformat()}"
    count = Task.objects.filter(due_on__lte=due_before).count()
    # Time first (tracemalloc slows Python down), then memory in a second pass.
    start = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    response = client.get(url)
    sum(len(chunk) for chunk in response.streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": count, "seconds": elapsed, "bytes": size, "peak_mib": peak / 2**20}


def main() -> None:
    settings.DEBUG = False
    generate("--regenerate" in sys.argv)
    print(f"tasks={Task.objects.count()} departments={Department.objects.count()}")
    for username in ("bench_sup", "bench_head"):
        r = bench_dashboard(username)
        print(
            f"dashboard {r['user']}: {r['queries']} queries, page {r['page_s'] * 1000:.0f} ms, "
            f"raw SQL {r['raw_s'] * 1000:.0f} ms, ratio {r['page_s'] / r['raw_s']:.2f}"  # type: ignore[operator]
        )
    for n in (1_000, 4_000, 10_000, 20_000):
        r = bench_export(n)
        print(
            f"ledger.xlsx {r['rows']} rows: {r['seconds']:.2f} s, {r['bytes'] / 1024:.0f} KiB, "
            f"tracemalloc peak {r['peak_mib']:.1f} MiB"
        )


if __name__ == "__main__":
    main()
