"""Per-request cost of the task lists, in one process (no server, no load).

The machine the benchmarks run on is shared; wall time under load says more
about the neighbours than about the code. This measures what one request
costs by itself: Django's test client on the production settings against a
PostgreSQL database filled by ``bench_web.generate``, each endpoint called
``--calls`` times after ``--warm`` warm-up calls, and for each call

- wall time,
- time spent in SQL (``cursor.execute``, client side, through an execute wrapper),
- Python CPU of this process (``time.process_time``: the database runs in its
  own processes, so this is the request's Python, psycopg's loaders included),
- the number of queries.

The medians are printed as a Markdown table, with the load average before and
after. Usage (your own database; it is emptied and filled by ``generate``)::

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/duban_<name>
    export REDIS_URL=redis://127.0.0.1:6379/<n>
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/bench_requests.py generate 100000
    .venv/bin/python bench/bench_requests.py measure --json var/before.json
    .venv/bin/python bench/bench_requests.py compare var/before*.json --after var/after*.json
    .venv/bin/python bench/bench_requests.py snapshot var/answers-before.json  # then cmp
    # The evidence upload (a write: only when named; it adds files to the database):
    .venv/bin/python bench/bench_requests.py measure --only upload
    .venv/bin/python bench/bench_requests.py profile "API evidence upload" --cpu
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def production_env() -> None:
    """The production settings, as bench_web's servers run them."""
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL must name your own PostgreSQL database")
    os.environ.setdefault("DUBAN_ENV", "production")
    os.environ.setdefault("SECRET_KEY", "bench-requests-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("CONN_MAX_AGE", "60")
    os.environ.setdefault("DUBAN_ALLOW_FILE_EMAIL", "1")
    os.environ.setdefault("DUBAN_VAR_DIR", str(ROOT / "var" / "bench-requests"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def generate(n_tasks: int) -> None:
    import bench_web

    print(bench_web.generate(n_tasks, today()), flush=True)


def endpoints() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, path, client kwargs). Several task ids rotate for the detail."""
    import bench_web

    actors = bench_web.prepare_actors(today())
    sup = {"HTTP_AUTHORIZATION": f"Token {actors['supervisor_token']}"}
    head = {"HTTP_AUTHORIZATION": f"Token {actors['head_token']}"}
    dept = actors["department"]
    q4 = bench_web.urlquote("森林防火")
    q2 = bench_web.urlquote("地震")
    from tracker.tasks.models import Task

    # The same 20 tasks every run (snapshots compare them): every 5,000th.
    ids = list(Task.objects.order_by("id").values_list("id", flat=True)[4999::5000][:20])
    # A division head's: the head's division's tasks in progress (bench_web's upload's).
    head_ids = actors["upload_tasks"][:20]
    return [
        ("yardstick GET /api/v1/departments/{id}/", f"/api/v1/departments/{dept}/", sup),
        ("API list page 1", "/api/v1/tasks/", sup),
        ("API list page 2,000 (cursor)", f"/api/v1/tasks/?cursor={actors['cursor_2000']}", sup),
        (
            "API list filtered (division + status)",
            f"/api/v1/tasks/?lead_department={dept}&status=in_progress",
            sup,
        ),
        ("API search 4 chars", f"/api/v1/tasks/?q={q4}", sup),
        ("API search 2 chars", f"/api/v1/tasks/?q={q2}", sup),
        ("API task detail", "/api/v1/tasks/{}/", {**sup, "_ids": ids}),
        ("API task detail, division head", "/api/v1/tasks/{}/", {**head, "_ids": head_ids}),
        (
            "HTML task detail",
            "/tasks/{}/",
            {"_session": actors["supervisor_session"], "_ids": ids},
        ),
        (
            "HTML task detail, division head",
            "/tasks/{}/",
            {"_session": actors["head_session"], "_ids": head_ids},
        ),
        ("API list page 1, division head", "/api/v1/tasks/", head),
        ("HTML task list", "/tasks/?scope=all", {"_session": actors["supervisor_session"]}),
        ("HTML task list, division head", "/tasks/", {"_session": actors["head_session"]}),
        ("API dashboard, supervisor", "/api/v1/dashboard/", sup),
        ("HTML dashboard, supervisor", "/dashboard/", {"_session": actors["supervisor_session"]}),
        ("API dashboard, division head", "/api/v1/dashboard/", head),
        ("HTML dashboard, division head", "/dashboard/", {"_session": actors["head_session"]}),
        ("HTML home page (cockpit), leader", "/", {"_session": actors["leader_session"]}),
        ("HTML home page (cockpit), division head", "/", {"_session": actors["head_session"]}),
        # A write: measured or profiled only when asked for by name (``--only upload``),
        # never in a snapshot. Each call posts bench_web's PDF under a new name to one
        # of the head's division's tasks in progress, as bench_web's upload cell does.
        ("API evidence upload", "upload", {**head, "_upload": actors["upload_tasks"]}),
    ]


def upload_body(i: int) -> tuple[str, bytes]:
    """bench_web's upload cell's multipart body (one PDF, a name of its own)."""
    import uuid

    import bench_web

    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="bench-{i}-{uuid.uuid4().hex[:8]}.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + bench_web.PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", body


def call(
    client: Any,
    path: str,
    kwargs: dict[str, Any],
    ids: Any,
    uploads: Any,
    i: int,
    profiler: Any = None,
) -> tuple[Any, float]:
    """One request of an endpoint: the path with the ``i``-th detail id in its ``{}``,
    the ``i``-th upload, or the path.
    Answers the response, checked (200, 201 for an upload), and the Python CPU it took
    (the upload's body is built before; ``profiler`` is enabled around the request only)."""
    body = b""
    if uploads:
        content_type, body = upload_body(i)
        url = f"/api/v1/tasks/{uploads[i % len(uploads)]}/evidence/"
        expected = 201
    else:
        url = path.format(ids[i % len(ids)]) if ids else path
        expected = 200
    cpu0 = time.process_time()
    if profiler is not None:
        profiler.enable()
    if uploads:
        response = client.generic("POST", url, body, content_type=content_type, **kwargs)
    else:
        response = client.get(url, **kwargs)
    if profiler is not None:
        profiler.disable()
    cpu = time.process_time() - cpu0
    if response.status_code != expected:
        sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return response, cpu


def forget(miss: bool) -> None:
    """With ``miss``, the dashboard memo emptied before a request: the
    dashboards computed afresh, as after any write (``--miss``)."""
    if miss:
        from tracker.reporting.memo import memo_clear

        memo_clear()


def measure(calls: int, warm: int, only: str | None = None, miss: bool = False) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    # The pages name their static files through the manifest (production storage).
    call_command("collectstatic", interactive=False, verbosity=0)

    sql = {"time": 0.0, "n": 0}

    def timer(execute: Any, query: Any, params: Any, many: Any, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["time"] += time.perf_counter() - start
            sql["n"] += 1

    results: dict[str, Any] = {"load_before": os.getloadavg(), "endpoints": {}}
    for name, path, kwargs in endpoints():
        if only and only not in name and not name.startswith("yardstick"):
            continue
        kwargs = dict(kwargs)
        ids = kwargs.pop("_ids", None)
        uploads = kwargs.pop("_upload", None)
        if uploads is not None and not only:
            continue  # a write: only when asked for
        session = kwargs.pop("_session", None)
        client = Client()
        if session:
            client.cookies["sessionid"] = session
        stats: dict[str, list[float]] = {"wall": [], "sql": [], "cpu": [], "queries": []}
        for i in range(warm + calls):
            sql["time"], sql["n"] = 0.0, 0
            wrappers = [connections[alias].execute_wrapper(timer) for alias in connections]
            for wrapper in wrappers:
                wrapper.__enter__()
            forget(miss)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            call(client, path, kwargs, ids, uploads, i)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            for wrapper in wrappers:
                wrapper.__exit__(None, None, None)
            if i >= warm:
                stats["wall"].append(wall * 1000)
                stats["sql"].append(sql["time"] * 1000)
                stats["cpu"].append(cpu * 1000)
                stats["queries"].append(sql["n"])
        medians = {key: statistics.median(values) for key, values in stats.items()}
        results["endpoints"][name] = medians
        print(
            f"{name:<42} q={medians['queries']:<4g} wall={medians['wall']:7.1f} "
            f"sql={medians['sql']:6.1f} cpu={medians['cpu']:6.1f}",
            flush=True,
        )
    results["load_after"] = os.getloadavg()
    results["when"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return results


def snapshot(path: Path, full: bool = False) -> None:
    """Every endpoint's answer (the API's body; the HTML list's table and
    pager, without the page's per-request tokens), to compare byte for byte
    before and after a change: ``cmp before.json after.json``. With ``full``
    the whole HTML pages, their CSRF tokens (new on every request) masked."""
    import re

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    bodies: dict[str, str] = {}
    for name, path_, kwargs in endpoints():
        kwargs = dict(kwargs)
        ids = kwargs.pop("_ids", None)
        if kwargs.pop("_upload", None) is not None:
            continue  # a write's answer names a new file each time
        session = kwargs.pop("_session", None)
        client = Client()
        if session:
            client.cookies["sessionid"] = session
        for url in [path_.format(pk) for pk in ids] if ids else [path_]:
            text = client.get(url, **kwargs).content.decode()
            if session and (full or "{}" in path_):
                # A task's page whole (the lists keep their table and pager only).
                text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", text)
            elif session:
                text = "\n".join(
                    re.findall(
                        r'<table class="grid tasks">.*?</table>|<nav class="pagination".*?</nav>'
                        r'|<section class="cockpit".*?</section>',
                        text,
                        re.S,
                    )
                )
            bodies[f"{name} {url}"] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(bodies, ensure_ascii=False, indent=0, sort_keys=True))
    print(f"{len(bodies)} answers written to {path}")


def profile(
    name: str,
    calls: int,
    warm: int,
    sort: str,
    limit: int,
    dump: Path | None = None,
    miss: bool = False,
    cpu_timer: bool = False,
) -> None:
    """cProfile of ``calls`` requests to the one endpoint whose name is
    ``name`` (after ``warm`` unprofiled ones): the function calls per request
    (independent of the machine's load) and the costliest functions. With
    ``cpu_timer`` the profile's times are this process's CPU time
    (``time.process_time``), not wall time: waits for the database count nothing."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    found = [e for e in endpoints() if e[0] == name]
    if not found:
        sys.exit(f"no endpoint named {name!r}")
    _, path, kwargs = found[0]
    kwargs = dict(kwargs)
    ids = kwargs.pop("_ids", None)
    uploads = kwargs.pop("_upload", None)
    session = kwargs.pop("_session", None)
    client = Client()
    if session:
        client.cookies["sessionid"] = session
    profiler = cProfile.Profile(time.process_time) if cpu_timer else cProfile.Profile()
    cpu = 0.0
    for i in range(warm + calls):
        forget(miss)
        _, spent = call(client, path, kwargs, ids, uploads, i, profiler if i >= warm else None)
        if i >= warm:
            cpu += spent
    if dump:
        profiler.dump_stats(dump)
    stats = pstats.Stats(profiler)
    print(
        f"{name}: {stats.total_calls / calls:,.0f} function calls per request, "  # type: ignore[attr-defined]
        f"{cpu / calls * 1000:.1f} ms CPU per request under the profiler"
    )
    stats.sort_stats(sort).print_stats(limit)


def loadavg(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def table(before: dict[str, Any], after: dict[str, Any] | None = None) -> str:
    runs = [before] if after is None else [before, after]
    first = next(iter(before["endpoints"]))
    yard = [run["endpoints"][first]["wall"] for run in runs]
    yard_cpu = [run["endpoints"][first]["cpu"] for run in runs]
    lines = []
    for run in runs:
        if "load" in run:
            lines.append(f"- {run['when']}: 1-minute load average {run['load']}")
            continue
        lines.append(
            f"- {run['when']}: load average {loadavg(run['load_before'])} before, "
            f"{loadavg(run['load_after'])} after"
        )
    lines += [
        "",
        "| endpoint | queries | wall ms | SQL ms | Python CPU ms | wall ÷ yardstick "
        "| CPU ÷ yardstick's CPU |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in before["endpoints"]:
        cells = []
        for key, fmt in (
            ("queries", "{:g}"),
            ("wall", "{:.1f}"),
            ("sql", "{:.1f}"),
            ("cpu", "{:.1f}"),
        ):
            cells.append(" → ".join(fmt.format(run["endpoints"][name][key]) for run in runs))
        cells.append(
            " → ".join(
                f"{run['endpoints'][name]['wall'] / y:.1f}"
                for run, y in zip(runs, yard, strict=True)
            )
        )
        cells.append(
            " → ".join(
                f"{run['endpoints'][name]['cpu'] / y:.1f}"
                for run, y in zip(runs, yard_cpu, strict=True)
            )
        )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def merge(paths: list[Path]) -> dict[str, Any]:
    """Several runs as one: the median of each endpoint's medians, every load."""
    runs = [json.loads(path.read_text()) for path in paths]
    loads = [run[key][0] for run in runs for key in ("load_before", "load_after")]
    merged: dict[str, Any] = {
        "when": f"{runs[0]['when']} – {runs[-1]['when']}, {len(runs)} runs",
        "load": f"{min(loads):.1f}–{max(loads):.1f}",
        "endpoints": {},
    }
    for name in runs[0]["endpoints"]:
        merged["endpoints"][name] = {
            key: statistics.median(run["endpoints"][name][key] for run in runs)
            for key in runs[0]["endpoints"][name]
        }
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="empty the database and generate N tasks")
    gen.add_argument("tasks", type=int)
    run = sub.add_parser("measure", help="measure every endpoint")
    run.add_argument("--calls", type=int, default=20)
    run.add_argument("--warm", type=int, default=2)
    run.add_argument("--json", type=Path, help="also write the medians here")
    run.add_argument("--only", help="measure only the endpoints whose name contains this")
    run.add_argument("--miss", action="store_true", help="dashboard memo emptied before each call")
    snap = sub.add_parser("snapshot", help="write every endpoint's answer to a file")
    snap.add_argument("path", type=Path)
    snap.add_argument("--full", action="store_true", help="whole HTML pages (tokens masked)")
    prof = sub.add_parser("profile", help="cProfile of one endpoint (function calls per request)")
    prof.add_argument("name", help="the endpoint's whole name, as measure prints it")
    prof.add_argument("--calls", type=int, default=20)
    prof.add_argument("--warm", type=int, default=2)
    prof.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    prof.add_argument("--limit", type=int, default=40)
    prof.add_argument("--dump", type=Path, help="also write the raw profile here (pstats)")
    prof.add_argument("--miss", action="store_true", help="dashboard memo emptied before each call")
    prof.add_argument("--cpu", action="store_true", help="the profile's times in CPU, not wall")
    cmp = sub.add_parser(
        "compare", help="before → after table from --json files (several: median of the runs)"
    )
    cmp.add_argument("before", type=Path, nargs="+")
    cmp.add_argument("--after", type=Path, nargs="+", required=True)
    args = parser.parse_args()
    if args.command == "compare":
        print(table(merge(args.before), merge(args.after)))
        return
    production_env()
    if args.command == "generate":
        generate(args.tasks)
        return
    if args.command == "snapshot":
        snapshot(args.path, args.full)
        return
    if args.command == "profile":
        profile(
            args.name, args.calls, args.warm, args.sort, args.limit, args.dump, args.miss, args.cpu
        )
        return
    results = measure(args.calls, args.warm, args.only, args.miss)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    print()
    print(table(results))


if __name__ == "__main__":
    main()
