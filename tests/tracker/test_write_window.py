"""Slow work of an upload happens before the write window. The task-writing
services append to the audit chain one at a time, each waiting for the chain's
lock at its end (tracker.audit.services.task_write); an upload checks its files
by content and writes them to storage before anything else, so a 40 MB scan being hashed and written
holds up nobody, and a refused file is answered without waiting for anyone.

Shown by holding the chain's lock from another connection, as a long write of
someone else would, while an upload runs in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.tracker.workflow_helpers import PDF, files_on_disk, upload
from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.services import _CHAIN_LOCK_ID, audit_record, audit_verify, task_write
from tracker.evidence import services as evidence_services
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.tasks import services
from tracker.tasks.models import ProgressUpdate, Task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@contextmanager
def chain_held() -> Iterator[None]:
    """Another connection holds the audit chain's lock until the block ends."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("select pg_advisory_lock(%s)", [_CHAIN_LOCK_ID])
        yield
        with other.cursor() as cursor:
            cursor.execute("select pg_advisory_unlock(%s)", [_CHAIN_LOCK_ID])
    finally:
        other.close()


class Running:
    """A service call in its own thread (and its own database connection)."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.result = call()
            except BaseException as error:  # reported to the test
                self.error = error
            finally:
                connection.close()

        self.thread = threading.Thread(target=run)
        self.thread.start()

    def wait(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return not self.thread.is_alive()


def wait_until(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def upload_evidence(task: Task, actor: User) -> Callable[[], Any]:
    return lambda: evidence_services.evidence_upload(
        task=task, actor=actor, files=[upload("检查报告.pdf")]
    )


def report_progress(task: Task, actor: User) -> Callable[[], Any]:
    return lambda: services.progress_report(
        task=task, actor=actor, text="已完成初稿。", percent=40, files=[upload("初稿.pdf")]
    )


@pytest.mark.parametrize("service", [upload_evidence, report_progress])
def test_the_file_is_written_before_the_upload_waits_for_other_writes(
    service: Callable[[Task, User], Callable[[], Any]], task_a: Task, staff_a: User, settings: Any
) -> None:
    with chain_held():
        running = Running(service(task_a, staff_a))
        # Someone else is writing: the upload has checked and written its file meanwhile…
        assert wait_until(lambda: len(files_on_disk(settings.MEDIA_ROOT)) == 1)
        # …and waits for its turn to record it.
        assert not running.wait(0.5)
        assert not EvidenceFile.objects.exists()
    assert running.wait(30) and running.error is None
    [evidence] = EvidenceFile.objects.all()
    assert evidence.file.read() == PDF
    assert [p.name for p in files_on_disk(settings.MEDIA_ROOT)] == [
        evidence.file.name.rsplit("/", 1)[-1]
    ]


@pytest.mark.parametrize("service", ["evidence", "progress"])
def test_a_refused_file_is_answered_without_waiting_for_other_writes(
    service: str, task_a: Task, staff_a: User, settings: Any
) -> None:
    fake = upload("检查报告.pdf", b"MZ\x90\x00 not a pdf")
    before = (task_a.version, task_a.progress)

    def call() -> Any:
        if service == "evidence":
            return evidence_services.evidence_upload(task=task_a, actor=staff_a, files=[fake])
        return services.progress_report(
            task=task_a, actor=staff_a, text="已完成初稿。", percent=40, files=[fake]
        )

    with chain_held():
        running = Running(call)
        assert running.wait(15), "the refusal waited for someone else's write"
    assert isinstance(running.error, ValidationError)
    assert "不符" in str(running.error.messages)
    assert files_on_disk(settings.MEDIA_ROOT) == []
    assert not EvidenceFile.objects.exists() and not ProgressUpdate.objects.exists()
    task_a.refresh_from_db()
    assert (task_a.version, task_a.progress) == before


def test_an_upload_runs_only_its_audit_append_under_the_chain(task_a: Task, staff_a: User) -> None:
    """What a write runs between taking the chain's lock and COMMIT is what every
    other writer waits for (throughput ≈ 1 / window). Every task write takes it
    last (tracker.audit.services.task_write): the task's row, the reads and
    writes of the upload come first, under the row lock only; under the chain
    only the last hash and the audit INSERT."""
    # A fresh actor object, as a request's user is (nothing cached on it).
    actor = User.objects.get(pk=staff_a.pk)
    task = Task.objects.get(pk=task_a.pk)
    before: list[str] = []
    queries: list[str] = []
    state: dict[str, Any] = {"locked": False, "locks": 0}

    def record(execute: Any, sql: str, params: Any, many: Any, context: Any) -> Any:
        if "pg_advisory_xact_lock(" in sql and list(params or []) == [_CHAIN_LOCK_ID]:
            state["locked"], state["locks"] = True, state["locks"] + 1
        elif state["locked"]:
            queries.append(sql)
        else:
            before.append(sql)
        return execute(sql, params, many, context)

    def call() -> Any:
        with connection.execute_wrapper(record):
            return evidence_services.evidence_upload(
                task=task, actor=actor, files=[upload("检查报告.pdf")]
            )

    with chain_held():
        running = Running(call)
        assert wait_until(lambda: state["locked"])
        assert not running.wait(0.3)
        assert queries == [], "nothing runs before the chain's lock is granted"
        # Everything else of the upload ran before it asked (the task's row lock,
        # the evidence INSERT) and is not waited for by writes of other tasks.
        assert any("FOR NO KEY UPDATE" in sql for sql in before), before
        assert any(sql.startswith('INSERT INTO "evidence_evidencefile"') for sql in before), before
    assert running.wait(30) and running.error is None
    inside = "\n".join(queries)
    # Left (2; 8 before p17l, 13 before p17i, 22 before p17f): the chain's last
    # hash and the audit INSERT. The lock statement is not counted.
    assert len(queries) <= 2, inside
    assert queries[0].startswith('SELECT "audit_auditevent"."hash"'), inside
    assert queries[1].startswith('INSERT INTO "audit_auditevent"'), inside
    assert state["locks"] == 1, inside
    [evidence] = EvidenceFile.objects.all()
    assert evidence.version == 1 and evidence.task_id == task_a.pk


def test_a_task_write_appends_its_records_at_its_end_and_other_appends_at_once(
    supervisor: User,
) -> None:
    """Inside task_write the records wait for the block's end and go in one
    append (one lock, one INSERT), in the order they were recorded; a part that
    fails takes its records with it; any other append asks for the chain at once."""
    asked: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: Any, context: Any) -> Any:
        if "pg_advisory_xact_lock(" in sql:
            asked.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        with task_write():
            audit_record(action=AuditAction.LOGIN, actor=supervisor)
            with pytest.raises(ValueError), task_write():
                audit_record(action=AuditAction.PERMISSION_DENIED, actor=supervisor)
                raise ValueError("a part fails")
            audit_record(action=AuditAction.LOGOUT, actor=supervisor)
            assert asked == []
        assert len(asked) == 1
        with transaction.atomic():
            audit_record(action=AuditAction.LOGIN, actor=supervisor)
        audit_record(action=AuditAction.LOGOUT, actor=supervisor)
    assert len(asked) == 3
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.LOGIN,
        AuditAction.LOGOUT,
        AuditAction.LOGIN,
        AuditAction.LOGOUT,
    ]
    assert list(audit_verify()) == []
