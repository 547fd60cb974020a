"""Settings bench_web.py serves gunicorn with: the app's own, plus the memo
probe (bench/memo_probe.py), which marks each dashboard response hit or miss."""

from tracker.settings import *  # noqa: F403
from tracker.settings import MIDDLEWARE

MIDDLEWARE = ["bench.memo_probe.MemoProbeMiddleware", *MIDDLEWARE]
