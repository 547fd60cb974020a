"""/healthz, /readyz, heartbeats, housekeeping, request ids and X-Accel-Redirect downloads."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from tracker.evidence.models import EvidenceFile
from tracker.ops import jobs
from tracker.ops.middleware import RequestIdFilter
from tracker.ops.models import Heartbeat
from tracker.ops.services import heartbeat_touch, housekeeping_run
from tracker.org.models import User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_fails_until_beat_and_the_sweep_have_run_then_passes() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["media"]["ok"] and checks["migrations"]["ok"]
    assert checks["broker"]["ok"]
    assert not checks["beat"]["ok"] and "never ran" in checks["beat"]["detail"]
    jobs.beat_heartbeat()
    heartbeat_touch(name="reminder_sweep")
    assert Client().get("/readyz").status_code == 200


def test_a_failing_readyz_logs_one_warning_and_mails_no_admin(settings, caplog) -> None:
    # Monitoring polls /readyz every few seconds: an outage must not send ADMINS a mail per probe.
    from django.core import mail

    settings.ADMINS = [("信息中心", "xxzx@example.gov.cn")]
    with caplog.at_level(logging.WARNING):
        assert Client().get("/readyz").status_code == 503
    assert mail.outbox == []
    warnings = [r for r in caplog.records if r.name == "tracker.ops.views"]
    assert len(warnings) == 1 and "beat" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_readyz_fails_when_the_heartbeat_is_old(settings: object) -> None:
    jobs.beat_heartbeat()
    heartbeat_touch(name="reminder_sweep")
    later = timezone.now() + dt.timedelta(seconds=settings.READYZ_HEARTBEAT_MAX_AGE + 5)  # type: ignore[attr-defined]
    with time_machine.travel(later):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["beat"]["ok"]


def test_readyz_fails_when_media_is_not_writable(settings: object, tmp_path: object) -> None:
    jobs.beat_heartbeat()
    heartbeat_touch(name="reminder_sweep")
    blocker = tmp_path / "file"  # type: ignore[operator]
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"  # type: ignore[attr-defined]
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["media"]["ok"]


def test_housekeeping_removes_only_what_is_old(staff_a: User) -> None:
    old_session = SessionStore()
    old_session.set_expiry(1)
    old_session.create()
    fresh = SessionStore()
    fresh.create()
    Session.objects.filter(session_key=old_session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(days=1)
    )
    default_storage.save("report-previews/old.json", ContentFile(b"{}"))
    default_storage.save("report-uploads/old.upload", ContentFile(b"%PDF-"))
    AccessAttempt.objects.create(username="x", ip_address="203.0.113.1", failures_since_start=3)
    AccessLog.objects.create(username="x", ip_address="203.0.113.1")

    with time_machine.travel(timezone.now() + dt.timedelta(hours=3)):
        default_storage.save("report-previews/new.json", ContentFile(b"{}"))
        counts = housekeeping_run()
    assert counts["sessions"] == 1
    assert Session.objects.filter(session_key=fresh.session_key).exists()
    assert counts["lockout_attempts"] == 1 and counts["login_records"] == 0
    # Previews: nothing is 48 hours old yet.
    assert counts["import_previews"] == 0 and counts["import_uploads"] == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=200)):
        counts = jobs.housekeeping()
    assert counts["import_previews"] == 2 and counts["login_records"] == 1
    assert counts["import_uploads"] == 1 and not default_storage.exists("report-uploads/old.upload")
    assert Heartbeat.objects.get(name="housekeeping").detail == counts


def test_every_response_carries_a_request_id_and_json_logs_show_it(settings: object) -> None:
    response = Client().get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    # From the trusted proxy, nginx's id is kept; from anybody else, replaced.
    trusted = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert trusted.get("/healthz")["X-Request-ID"] == "abcdef0123456789"
    spoofed = Client(REMOTE_ADDR="198.51.100.4", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert spoofed.get("/healthz")["X-Request-ID"] != "abcdef0123456789"

    from pythonjsonlogger.json import JsonFormatter

    record = logging.LogRecord("duban", logging.INFO, __file__, 1, "已办结", None, None)
    RequestIdFilter().filter(record)
    line = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s").format(
        record
    )
    assert json.loads(line)["request_id"] == "-"


def test_evidence_download_is_handed_to_nginx_after_the_check(
    settings: object, staff_a: User, staff_b: User, task_a: Task, login: object
) -> None:
    settings.EVIDENCE_ACCEL_REDIRECT_PREFIX = "/_evidence/"  # type: ignore[attr-defined]
    evidence = EvidenceFile.objects.create(
        task=task_a,
        original_name="整改报告.pdf",
        file=ContentFile(b"%PDF-1.4 test", name="x.pdf"),
        size=13,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=staff_a,
    )
    response = login(staff_a).get(f"/evidence/{evidence.pk}/download/")  # type: ignore[operator]
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_evidence/{evidence.file.name}"
    assert response.content == b""
    # The charset token is case-insensitive (RFC 8187); Django writes utf-8.
    assert "filename*=utf-8''%e6%95%b4" in response["Content-Disposition"].lower()
    # Another department's user gets nothing: no header, 404.
    other = login(staff_b).get(f"/evidence/{evidence.pk}/download/")  # type: ignore[operator]
    assert other.status_code == 404 and "X-Accel-Redirect" not in other


def test_metrics_only_when_enabled_and_only_to_listed_addresses(settings: object) -> None:
    assert Client().get("/metrics").status_code == 404
    settings.PROMETHEUS_METRICS = True  # type: ignore[attr-defined]
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]  # type: ignore[attr-defined]
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert response.status_code == 200 and b"python_info" in response.content
    assert Client(REMOTE_ADDR="198.51.100.4").get("/metrics").status_code == 404
