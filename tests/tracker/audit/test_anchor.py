"""The audit chain's head anchored outside the table; the PostgreSQL trigger; appends
serialised on SQLite as well."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tests.tracker.audit.test_audit_and_pages import tamper
from tracker.audit.anchor import ANCHOR_FILE, anchor_write, audit_head
from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_record
from tracker.org.models import User
from tracker.tasks import services
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_deleting_the_newest_rows_passes_the_chain_but_not_the_anchor(
    staff_a: User, task_a: Task, settings: object
) -> None:
    for text in ("一", "二", "三"):
        services.comment_add(task=task_a, actor=staff_a, text=text)
    anchor = anchor_write(reason="test")
    newest = AuditEvent.objects.order_by("-id")[:2]
    ids = [event.pk for event in newest]
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", ids)

    # The chain alone is still a valid chain: this is why the anchor exists.
    call_command("verify_audit", stdout=StringIO())
    err = StringIO()
    with pytest.raises(CommandError, match="发现 1 处异常"):
        call_command("verify_audit", "--latest-anchor", stdout=StringIO(), stderr=err)
    assert f"#{anchor['id']}: 锚点记录已不存在" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("verify_audit", f"--anchor={anchor['id']}:{anchor['hash']}", stderr=StringIO())


def test_anchor_file_is_outside_the_table_and_log_names_the_head(
    staff_a: User, task_a: Task, settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="一")
    with caplog.at_level("INFO", logger="duban.audit.anchor"):
        anchor = anchor_write(reason="daily")
    head = audit_head()
    assert (anchor["id"], anchor["hash"]) == (head["id"], head["hash"])
    assert f'"hash": "{head["hash"]}"' in caplog.text
    lines = (Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE).read_text().splitlines()  # type: ignore[attr-defined]
    assert json.loads(lines[-1])["id"] == head["id"]
    # Newer events after the anchor are fine.
    services.comment_add(task=task_a, actor=staff_a, text="二")
    out = StringIO()
    call_command("verify_audit", "--latest-anchor", stdout=out)
    assert "与锚点一致" in out.getvalue()


def test_a_replaced_anchored_row_is_reported(staff_a: User, task_a: Task) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="一")
    anchor = anchor_write(reason="test")
    with pytest.raises(CommandError, match="锚点无法读取"):
        call_command("verify_audit", "--anchor=not-an-anchor", stderr=StringIO())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", f"--anchor={anchor['id']}:{'f' * 64}", stderr=err)
    assert "哈希与锚点不符" in err.getvalue()


@pytest.mark.postgres
def test_postgresql_trigger_refuses_update_and_delete(staff_a: User, task_a: Task) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="一")
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    for sql in (
        "UPDATE audit_auditevent SET actor_name = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


APPEND = """
import django, sys
django.setup()
from tracker.audit.services import audit_record
for i in range(int(sys.argv[1])):
    audit_record(action="concurrency", object_type="test", object_id=f"{sys.argv[2]}-{i}")
"""


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite 专项测试"
)
def test_concurrent_appends_on_sqlite_stay_one_chain(tmp_path: Path) -> None:
    """Four processes append at once to one SQLite file: one chain, no fork, nothing lost."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'chain.sqlite3'}",
        "DUBAN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    workers = [
        subprocess.Popen([sys.executable, "-c", APPEND, "40", str(n)], cwd=ROOT, env=env)
        for n in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    result = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "共 160 条记录" in result.stdout


def test_audit_record_reads_the_client_through_a_trusted_proxy_only(
    rf: object, settings: object
) -> None:
    settings.TRUSTED_PROXIES = ["10.1.2.3"]  # type: ignore[attr-defined]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.1.2.3")  # type: ignore[attr-defined]
    assert audit_record(action="t", request=request).ip_address == "203.0.113.9"
    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7")  # type: ignore[attr-defined]
    assert audit_record(action="t", request=spoofed).ip_address == "198.51.100.7"
