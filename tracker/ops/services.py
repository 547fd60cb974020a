"""Running Duban: heartbeats, readiness, housekeeping."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from plans.batch_kinds import UPLOAD_DIR
from plans.services import PREVIEW_DIR
from tracker.ops.models import Heartbeat

log = logging.getLogger(__name__)


def heartbeat_touch(*, name: str, detail: dict[str, Any] | None = None) -> None:
    """Record that the job ``name`` has just run."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"at": timezone.now(), "detail": detail or {}}
    )


def _check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, connection.vendor


def _check_broker() -> tuple[bool, str]:
    from tracker.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
        return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "ok"


def _check_media() -> tuple[bool, str]:
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-") as handle:
        handle.write(b"ok")
        handle.flush()
    return True, str(root)


def _check_migrations() -> tuple[bool, str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False, "未应用的迁移 / unapplied: " + ", ".join(
            f"{m.app_label}.{m.name}" for m, _backwards in plan[:5]
        )
    return True, "all applied"


def _heartbeat_check(name: str, max_age: int) -> tuple[bool, str]:
    beat = Heartbeat.objects.filter(name=name).first()
    if beat is None:
        return False, "从未运行 / never ran"
    age = (timezone.now() - beat.at).total_seconds()
    return age <= max_age, f"{age:.0f}s ago (max {max_age}s)"


def readiness() -> dict[str, dict[str, Any]]:
    """Each check's outcome: ``{"ok": bool, "detail": str}`` (never raises)."""
    checks = {
        "database": _check_database,
        "broker": _check_broker,
        "media": _check_media,
        "migrations": _check_migrations,
        "reminder_sweep": lambda: _heartbeat_check("reminder_sweep", settings.READYZ_SWEEP_MAX_AGE),
        "beat": lambda: _heartbeat_check("beat", settings.READYZ_HEARTBEAT_MAX_AGE),
    }
    results: dict[str, dict[str, Any]] = {}
    for name, check in checks.items():
        try:
            ok, detail = check()
        except Exception as error:  # noqa: BLE001 — a health check reports, never raises
            ok, detail = False, f"{type(error).__name__}: {error}"[:300]
        results[name] = {"ok": ok, "detail": detail}
    return results


def housekeeping_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove what nobody needs any more: expired sessions, import previews (and uploads
    waiting for a report-reading job) abandoned for HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS, lockout attempts past their cool-off and login records
    older than HOUSEKEEPING_AXES_MAX_AGE_DAYS (等保 asks for 6 months of login logs: the
    default keeps 180 days). Returns counts."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
    from django.contrib.sessions.models import Session

    now = now or timezone.now()
    counts: dict[str, int] = {}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if issubclass(store, DatabaseSessionStore):  # Django's table (tracker.security.sessions too)
        counts["sessions"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    else:
        store.clear_expired()
        counts["sessions"] = -1  # the engine does not say how many

    previews = 0
    cutoff = now - dt.timedelta(hours=settings.HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS)
    if default_storage.exists(PREVIEW_DIR):
        for name in default_storage.listdir(PREVIEW_DIR)[1]:
            path = f"{PREVIEW_DIR}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                previews += 1
    counts["import_previews"] = previews
    # Long reports uploaded for a job that never ran (the worker was down).
    uploads = 0
    if default_storage.exists(UPLOAD_DIR):
        for name in default_storage.listdir(UPLOAD_DIR)[1]:
            path = f"{UPLOAD_DIR}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                uploads += 1
    counts["import_uploads"] = uploads

    cool_off = dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    counts["lockout_attempts"] = AccessAttempt.objects.filter(
        attempt_time__lt=now - cool_off
    ).delete()[0]
    old = now - dt.timedelta(days=settings.HOUSEKEEPING_AXES_MAX_AGE_DAYS)
    counts["login_records"] = (
        AccessLog.objects.filter(attempt_time__lt=old).delete()[0]
        + AccessFailureLog.objects.filter(attempt_time__lt=old).delete()[0]
    )
    log.info("housekeeping: %s", counts)
    return counts
