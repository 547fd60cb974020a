"""Gunicorn configuration for Duban, sized from the machine's cores.

    gunicorn -c deploy/gunicorn.conf.py tracker.wsgi

Sizing (measured in bench/RESULTS-web.md on 2 cores):

* workers = 2 × cores + 1 processes (gunicorn's own rule of thumb): a request
  spends much of its time waiting for PostgreSQL, so more processes than
  cores keeps the cores busy; beyond that they only compete for memory and
  database connections.
* threads = 4 per worker (gthread): a request waiting on the database or
  sending a file releases the interpreter lock, so one process serves
  several slow clients; the keep-alive connections of 200 users do not each
  pin a process as sync workers would.
* Database connections: up to workers × threads (2 cores → 5 × 4 = 20);
  keep PostgreSQL's max_connections above that plus the Celery workers.
* timeout 30 s: every page and API call answers in well under a second;
  anything longer (the ledger at any size, 通报 and archive packages, a
  300-page import) runs as a background job (tracker.batch) and never holds
  a web worker.
* max_requests recycles a worker now and then, so that no slow leak grows.
* The objects a worker has when it has loaded the app (Django, the URLconf,
  the schema: ~150,000) are frozen out of the garbage collector
  (post_worker_init): its full collection walked all of them every few dozen
  requests, ~200 ms with the interpreter lock held (every thread of the
  worker waited), 4–8 ms a page on average (issue #17).

Every value can be overridden from the environment (DUBAN_WEB_*).
"""

from __future__ import annotations

import gc
import os
from typing import Any


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


cores = _cores()
bind = os.environ.get("DUBAN_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DUBAN_WEB_WORKERS", 2 * cores + 1))
worker_class = "gthread"
threads = int(os.environ.get("DUBAN_WEB_THREADS", 4))
timeout = int(os.environ.get("DUBAN_WEB_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("DUBAN_WEB_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a possibly slow disk (gunicorn's advice).
SHM = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not data
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
accesslog = os.environ.get("DUBAN_WEB_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("DUBAN_WEB_LOGLEVEL", "info")


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the app: what exists now lives as long as the
    worker, so the collector need not look at it again (garbage first)."""
    gc.collect()
    gc.freeze()
