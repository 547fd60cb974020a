"""The evidence upload's write window, in one process (issue #17).

Every task write takes the audit chain's advisory lock last, for its append,
and holds it to COMMIT (tracker.audit.services.task_write), so uploads to
different tasks run their windows — the last hash, the audit INSERT, the
commit — one at a time: their throughput is at most about 1 / window. This posts the benchmark's multipart PDF
(``bench_web``'s upload cell: the division head's token, tasks of the head's
division) ``N`` times through Django's test client and prints the medians of:
request wall and Python CPU, the wait for the chain lock, the window from the
lock to the end of COMMIT, the queries in it and their time, the commit's time.
Run several at once to see the windows queue (each one's lock wait grows);
each prints the span of its measured uploads (epoch seconds), so the
throughput of all of them is their uploads ÷ (the last end − the first start)::

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your copy>
    export REDIS_URL=redis://127.0.0.1:6379/<n>
    .venv/bin/python bench/bench_upload_window.py 20 [--show] [--explain]
    for i in 1 2 3 4; do .venv/bin/python bench/bench_upload_window.py 20 & done; wait

``--show`` lists the window's statements with their median and max times;
``--explain`` also runs each SELECT of the window under EXPLAIN (ANALYZE,
BUFFERS) just before it (so the statement itself then finds its pages cached,
and the window is longer): the server's own time and the pages read from disk.

It writes evidence rows and files into that database: use a copy.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
import uuid
from typing import Any

import bench_requests

bench_requests.production_env()


def main() -> None:
    import django

    django.setup()
    import bench_web
    from django.db import connection
    from django.db.backends.base import base
    from django.test import Client

    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 15
    actors = bench_web.prepare_actors(bench_requests.today())
    headers = {"HTTP_AUTHORIZATION": f"Token {actors['head_token']}"}
    tasks = actors["upload_tasks"]
    state: dict[str, Any] = {}

    explain = "--explain" in sys.argv

    def explained(sql: str, params: Any, context: Any) -> tuple[float, int, int]:
        """EXPLAIN (ANALYZE, BUFFERS) of a window SELECT, run just before it: its
        execution time in the server and the pages it found cached and read."""
        raw = context["cursor"].cursor
        raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in raw.fetchall())
        ms = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))  # type: ignore[union-attr]
        first = re.search(r"Buffers: ([^\n]*)", plan)
        hit = re.search(r"hit=(\d+)", first.group(1)) if first else None
        read = re.search(r"read=(\d+)", first.group(1)) if first else None
        return ms, int(hit.group(1)) if hit else 0, int(read.group(1)) if read else 0

    def timer(execute: Any, sql: str, params: Any, many: Any, context: Any) -> Any:
        if (
            explain
            and "locked" in state
            and "window" not in state
            and sql.startswith("SELECT")
            and "pg_advisory" not in sql
        ):
            state["plans"][len(state["inside"])] = explained(sql, params, context)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            end = time.perf_counter()
            state["queries"].append((end - start, sql[:100]))
            if "pg_advisory_xact_lock" in sql and "locked" not in state:
                state["lock_wait"], state["locked"] = end - start, end
            elif "locked" in state and "window" not in state:
                state["inside"].append((end - start, sql[:100]))

    commit = base.BaseDatabaseWrapper._commit

    def timed_commit(self: Any) -> Any:
        start = time.perf_counter()
        try:
            return commit(self)
        finally:
            end = time.perf_counter()
            if "locked" in state and "window" not in state:
                state["commit"], state["window"] = end - start, end - state["locked"]

    base.BaseDatabaseWrapper._commit = timed_commit  # type: ignore[method-assign]
    client = Client()
    rng = random.Random(1)
    rows: list[dict[str, float]] = []
    windows: list[tuple[list[tuple[float, str]], dict[int, tuple[float, int, int]]]] = []
    for i in range(count + 2):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="bench-{rng.randint(1, 10**9)}.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + bench_web.PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        state.clear()
        state.update(queries=[], inside=[], plans={})
        with connection.execute_wrapper(timer):
            wall0, cpu0 = time.perf_counter(), time.process_time()
            response = client.generic(
                "POST",
                f"/api/v1/tasks/{rng.choice(tasks)}/evidence/",
                body,
                content_type=f"multipart/form-data; boundary={boundary}",
                **headers,
            )
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        if response.status_code not in (200, 201):
            sys.exit(f"upload answered {response.status_code}: {response.content[:300]!r}")
        if i == 2:
            began = time.time() - wall
        if i >= 2:  # two warm-up uploads
            rows.append(
                {
                    "wall": wall * 1000,
                    "cpu": cpu * 1000,
                    "lock_wait": state.get("lock_wait", 0) * 1000,
                    "window": state.get("window", 0) * 1000,
                    "commit": state.get("commit", 0) * 1000,
                    "queries": len(state["queries"]),
                    "in_window": len(state["inside"]),
                    "sql_in_window": sum(t for t, _ in state["inside"]) * 1000,
                }
            )
            windows.append((state["inside"], state["plans"]))

    ended = time.time()

    def med(key: str) -> float:
        return statistics.median(row[key] for row in rows)

    print(
        f"uploads={count} wall={med('wall'):.1f} cpu={med('cpu'):.1f} "
        f"lock wait={med('lock_wait'):.1f} (max {max(r['lock_wait'] for r in rows):.1f}) "
        f"window={med('window'):.1f} commit={med('commit'):.1f} ms; queries={med('queries'):g}, "
        f"{med('in_window'):g} in the window ({med('sql_in_window'):.1f} ms); "
        f"windows {sum(r['window'] for r in rows):.0f} of {sum(r['wall'] for r in rows):.0f} ms wall; "
        f"{count / (ended - began):.1f} uploads/s (measured {began:.3f}–{ended:.3f}: for several "
        "processes, all their uploads ÷ (last end − first start))"
    )
    if "--show" in sys.argv or explain:
        # Each statement of the window by its place in it (every upload runs the same
        # ones): median and max over the measured uploads; with --explain, the median
        # server execution time of its EXPLAIN ANALYZE run just before it, and the pages
        # it read from outside shared buffers (summed over the uploads).
        print("  median    max  [explain median ms, pages read]  statement")
        for place, (_, sql) in enumerate(windows[-1][0]):
            times = [inside[place][0] * 1000 for inside, _ in windows if len(inside) > place]
            plans = [p[place] for _, p in windows if place in p]
            planned = (
                f"[{statistics.median(p[0] for p in plans):6.3f}, {sum(p[2] for p in plans):3d}]"
                if plans
                else " " * 14
            )
            print(f"  {statistics.median(times):6.2f} {max(times):6.2f}  {planned}  {sql}")


if __name__ == "__main__":
    main()
