"""API docs benchmark: how long /api/v1/docs/ takes to show its operations, in Chromium.

    python bench/bench_api_docs.py [--runs 5] [--workers 2] [--nothing-stored] [--keep DIR]

Serves this checkout as production does (``DUBAN_ENV=production``, DEBUG off,
``collectstatic`` with WhiteNoise's compressed, hashed files, ``manage.py
api_schema_build`` as deploy/README.md says, gunicorn with
``deploy/gunicorn.conf.py``) from a temporary SQLite database, and opens both
API docs pages in Debian's Chromium (Playwright):

* ``docs``: /api/v1/docs/, every operation drawn by the server as HTML
  (tracker.api_docs); drawn when its last list (``#schemas .oplist``) is in
  the page;
* ``swagger``: /api/v1/docs/swagger/, Swagger UI (self-hosted, 1.6 MB
  script); drawn when its tag headings (``.opblock-tag``, folded by
  ``docExpansion: none``) are in the page.

Each time is the browser's own clock (``performance.now()``, from the start
of navigation). Three cases per page, ``--runs`` times each:

* **cold**: gunicorn restarted, the page opened as soon as ``/healthz``
  answers, in a new browser context (empty cache): the worker's warm-up
  (tracker.wsgi) may still be running. With ``--nothing-stored`` the stored
  schema (VAR_DIR/cache) is deleted before each start, as after a code change
  without the deploy step: the worker generates it.
* **first visit**: the server warm, a new browser context (empty cache).
* **warm**: the same context again (hashed static files from the cache).

And, as the floor any page of the site has in a new tab (the renderer
process, fonts, the site's CSS), the login form's first visit.

Printed: median and max of each, the server's part (the schema request's
duration, or for ``docs`` the page's own request, from the browser's
resource timing) and the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
# When each page has drawn its operations list: the server-drawn page's last
# section (the HTML arrives whole); Swagger UI's tag headings (folded).
PAGES = {
    "docs": ("/api/v1/docs/", "#schemas .oplist"),
    "swagger": ("/api/v1/docs/swagger/", ".swagger-ui .opblock-tag"),
}
# The floor: the site's smallest page (login form) in a new tab, empty cache.
FLOOR = ("/login/", "#id_username")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(var: Path, port: int, workers: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DUBAN_ENV="production",
        SECRET_KEY="bench-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        API_DOCS_LOGIN_REQUIRED="0",  # the page as a developer opens it; login is not timed
        DATABASE_URL=f"sqlite:///{var}/db.sqlite3",
        DUBAN_ALLOW_SQLITE="1",
        DUBAN_ALLOW_FILE_EMAIL="1",
        DUBAN_ALLOW_FILESYSTEM_BROKER="1",  # no Celery job is started by this page
        DUBAN_VAR_DIR=str(var),
        DUBAN_WEB_BIND=f"127.0.0.1:{port}",
        DUBAN_WEB_WORKERS=str(workers),
        DUBAN_WEB_LOGLEVEL="warning",
    )
    return env


class Server:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = f"http://{env['DUBAN_WEB_BIND']}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "tracker.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"gunicorn did not start; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.proc = None


def _visit(page: Any, base: str, which: str) -> dict[str, Any]:
    path, drawn_when = FLOOR if which == "login" else PAGES[which]
    page.goto(f"{base}{path}", wait_until="commit")
    page.wait_for_selector(drawn_when, timeout=60000)
    drawn = page.evaluate("() => performance.now()") / 1000
    tags = page.locator(".swagger-ui .opblock-tag, .apidocs-group").count()
    resources = page.evaluate(
        """() => performance.getEntriesByType('resource').map(e => ({
            name: e.name.split('/').pop().split('?')[0] || e.name,
            start: e.startTime, end: e.responseEnd, bytes: e.transferSize}))"""
    )
    schema = next((r for r in resources if "schema" in r["name"]), None)
    if which in ("docs", "login"):  # the page itself is what the server draws from the schema
        nav = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {name: 'docs', start: n.requestStart, end: n.responseEnd,"
            " bytes: n.transferSize}; }"
        )
        schema = nav
    bundle = next((r for r in resources if r["name"].startswith("swagger-ui-bundle")), None)
    return {
        "drawn": drawn,
        "tags": tags,
        "schema_s": (schema["end"] - schema["start"]) / 1000 if schema else None,
        "schema_requested_at": schema["start"] / 1000 if schema else None,
        "schema_bytes": schema["bytes"] if schema else None,
        "bundle_bytes": bundle["bytes"] if bundle else None,
    }


def _summary(label: str, rows: list[dict[str, Any]]) -> str:
    drawn = [r["drawn"] for r in rows]
    schema = [r["schema_s"] for r in rows if r["schema_s"] is not None]
    asked = [r["schema_requested_at"] for r in rows if r["schema_requested_at"] is not None]
    return (
        f"| {label} | {len(rows)} | {statistics.median(drawn):.2f} | {max(drawn):.2f} | "
        f"{statistics.median(asked):.2f} | {statistics.median(schema):.3f} | {max(schema):.3f} | "
        f"{', '.join(f'{d:.2f}' for d in drawn)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--nothing-stored", action="store_true", help="delete the stored schema before each start"
    )
    parser.add_argument("--keep", help="use this directory (kept) instead of a temporary one")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    var = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duban-docs-bench-"))
    var.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = _env(var, port, args.workers)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["api_schema_build"],
    ):
        subprocess.run(
            [str(BIN / "python"), "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = Server(env, var / "gunicorn.log")
    load_before = os.getloadavg()
    results: dict[str, list[dict[str, Any]]] = {
        f"{which} {case}": [] for which in PAGES for case in ("cold", "first visit", "warm")
    }
    results["login first visit (floor)"] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            for _ in range(args.runs):
                for which in PAGES:
                    if args.nothing_stored:
                        shutil.rmtree(var / "cache", ignore_errors=True)
                    server.start()
                    context = browser.new_context(viewport={"width": 1366, "height": 768})
                    results[f"{which} cold"].append(_visit(context.new_page(), server.base, which))
                    context.close()
                    time.sleep(3)  # let the other worker finish its warm-up too
                    context = browser.new_context(viewport={"width": 1366, "height": 768})
                    page = context.new_page()
                    results[f"{which} first visit"].append(_visit(page, server.base, which))
                    for _ in range(2):
                        results[f"{which} warm"].append(_visit(page, server.base, which))
                    context.close()
                    if which == "docs":
                        context = browser.new_context(viewport={"width": 1366, "height": 768})
                        results["login first visit (floor)"].append(
                            _visit(context.new_page(), server.base, "login")
                        )
                        context.close()
                    server.stop()
            browser.close()
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(var, ignore_errors=True)
    load_after = os.getloadavg()
    tags = {r["tags"] for rows in results.values() for r in rows}
    print(
        f"API docs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.node()} {os.cpu_count()} cores, gunicorn {args.workers} workers, "
        f"{'nothing stored' if args.nothing_stored else 'schema stored at deploy'}, "
        f"load average before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
        f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}; "
        f"groups drawn: {sorted(tags)}; Swagger UI bundle transferred: "
        f"{results['swagger cold'][0]['bundle_bytes']} bytes; docs page transferred: "
        f"{results['docs cold'][0]['schema_bytes']} bytes"
    )
    print()
    print(
        "| page, case | n | drawn median s | drawn max s | schema (docs: page) asked at, median s | "
        "its request median s | its request max s | every run s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for label, rows in results.items():
        print(_summary(label, rows))
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
