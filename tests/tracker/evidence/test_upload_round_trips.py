"""The round trips of one evidence upload through the API (issue #17: at ten
clients about 20 ms of an upload's ~33 ms were its statements' round trips).
Three are gone: the user's department comes with the token, the organisation's
reminder policy and the holiday table come in one statement (PostgreSQL), and
the evidence INSERT computes its own version. What the upload does, refuses
and records is what it did."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.conftest import make_user
from tests.tracker.workflow_helpers import PDF, files_on_disk, upload
from tracker.audit.models import AuditAction, AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_upload
from tracker.org.models import Department, Role, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db

on_postgres = connection.vendor == "postgresql"


def _token_client(user: User) -> Client:
    token = Token.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _sent(queries: list[dict[str, str]]) -> list[str]:
    # The test's own transaction turns the upload's BEGIN/COMMIT into savepoints.
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_an_api_upload_sends_three_statements_fewer(staff_a: User, task_a: Task) -> None:
    """Token login, the department tree, the view's read, the policy and the
    calendar, the row lock, the read under it, the task's own policy, the task's
    UPDATE, the pending reminders, the evidence INSERT (its version inside it),
    the chain's lock, the last hash, the audit INSERT: 13 on PostgreSQL (16
    before), 14 on SQLite (15 before; the policy and calendar stay two reads)."""
    client = _token_client(staff_a)
    url = f"/api/v1/tasks/{task_a.pk}/evidence/"
    assert client.post(url, {"files": [upload("方案.pdf")]}).status_code == 201  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"files": [upload("方案.pdf")]})
    assert response.status_code == 201, response.content
    assert response.json()[0]["version"] == 2
    sql = _sent(captured.captured_queries)
    assert len(sql) <= (13 if on_postgres else 14), "\n".join(sql)
    # The department is read with the token, not on its own.
    assert not any(s.startswith('SELECT "org_department"') for s in sql), sql
    # No MAX(version) read before the INSERT: the INSERT computes it.
    assert not any(s.startswith("SELECT MAX(") for s in sql), sql
    [insert] = [s for s in sql if s.startswith('INSERT INTO "evidence_evidencefile"')]
    assert "COALESCE(MAX(" in insert
    # What the upload records is as before: the row, the file, the event.
    stored = EvidenceFile.objects.get(task=task_a, original_name="方案.pdf", version=2)
    assert stored.file.read() == PDF
    event = AuditEvent.objects.filter(action=AuditAction.EVIDENCE_UPLOAD).latest("id")
    assert event.after["evidence_id"] == stored.pk and event.after["version"] == 2
    assert event.actor_department == staff_a.department.name


def test_refused_api_uploads_through_a_token_store_and_change_nothing(
    staff_a: User, staff_b: User, task_a: Task
) -> None:
    """Another division's person gets nothing; a bad type and a file too large
    are refused in Chinese; none stores a row or a file or moves the task."""
    url = f"/api/v1/tasks/{task_a.pk}/evidence/"
    version = Task.objects.get(pk=task_a.pk).version
    other = _token_client(staff_b).post(url, {"files": [upload("方案.pdf")]})
    assert other.status_code == 404
    assert other.json()["detail"] == "任务不存在或您无权查看。"
    mine = _token_client(staff_a)
    bad = mine.post(url, {"files": [upload("方案.pdf", b"MZ\x90\x00 not a pdf")]})
    assert bad.status_code == 400 and "不符" in str(bad.json())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "EVIDENCE_MAX_BYTES", 10)
        large = mine.post(url, {"files": [upload("方案.pdf")]})
    assert large.status_code in (400, 413) and "大小上限" in str(large.json())
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []
    assert Task.objects.get(pk=task_a.pk).version == version
    assert not AuditEvent.objects.filter(action=AuditAction.EVIDENCE_UPLOAD).exists()


def test_the_token_brings_its_users_department(staff_a: User, dept_b: Department) -> None:
    from tracker.security.authentication import _token_with_user
    from tracker.tasks.services import actor_department_cache

    mine = Token.objects.create(user=staff_a)
    nobody = make_user("无处室", Role.LEADER, None)
    theirs = Token.objects.create(user=nobody)
    read = _token_with_user(Token, mine.key)
    assert read is not None
    with CaptureQueriesContext(connection) as more:
        department = read.user.department
        actor_department_cache(read.user)  # a write's read of it: already there
    assert not more.captured_queries
    assert department == Department.objects.get(pk=staff_a.department_id)
    assert department.name == staff_a.department.name and department != dept_b
    # A person without a department: none, and nothing read for it (silent negative).
    read = _token_with_user(Token, theirs.key)
    assert read is not None
    with CaptureQueriesContext(connection) as none_read:
        assert read.user.department is None
    assert not none_read.captured_queries


def test_the_policy_and_the_calendar_are_read_as_before(staff_a: User) -> None:
    import datetime as dt

    from tracker.notifications.models import Holiday, ReminderPolicy
    from tracker.notifications.reminders import replan_inputs, work_calendar

    def fields(obj: Any) -> dict[str, Any]:
        return {k: v for k, v in vars(obj).items() if k != "_state"}

    def as_before() -> tuple[dict[str, Any], dict[dt.date, bool]]:
        return fields(ReminderPolicy.load()), work_calendar().overrides

    ReminderPolicy.objects.all().delete()
    created = replan_inputs()  # no row: load() creates it, as before
    assert ReminderPolicy.objects.filter(pk=1).count() == 1
    assert (fields(created.default), created.calendar.overrides) == as_before()
    for _ in range(2):  # no holidays: an empty calendar
        with CaptureQueriesContext(connection) as read:
            inputs = replan_inputs()
        assert (fields(inputs.default), inputs.calendar.overrides) == as_before()
        assert inputs.calendar.overrides == {}
        assert len(read.captured_queries) == (1 if on_postgres else 2)
    Holiday.objects.create(day=dt.date(2042, 1, 4), name="调休", is_workday=True)
    Holiday.objects.create(day=dt.date(2042, 1, 1), name="元旦", is_workday=False)
    Holiday.objects.create(day=dt.date(2041, 12, 31), name="", is_workday=False)
    ReminderPolicy.objects.filter(pk=1).update(overdue_every=5, days_before="7,1")
    inputs = replan_inputs()  # read afresh, not remembered
    assert (fields(inputs.default), inputs.calendar.overrides) == as_before()
    assert inputs.default.overdue_every == 5
    assert inputs.calendar.overrides == {
        dt.date(2041, 12, 31): False,
        dt.date(2042, 1, 1): False,
        dt.date(2042, 1, 4): True,
    }


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres, reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_name_at_once_get_the_next_two_versions(
    staff_a: User, task_a: Task
) -> None:
    """Both wait for the task's row lock (held here by a third connection); once
    it is released each INSERT reads the highest version when it starts — after
    its own lock was granted — so they number 2 and 3, not 2 and 2."""
    from tracker.tasks.services import task_rows_lock

    evidence_upload(task=task_a, actor=staff_a, files=[upload("合同.pdf")])
    held, release = threading.Event(), threading.Event()
    versions: list[int] = []
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                task_rows_lock([task_a.pk])
                held.set()
                release.wait(30)
        finally:
            connection.close()

    def upload_one(name: str) -> None:
        try:
            task = Task.objects.get(pk=task_a.pk)
            actor = User.objects.get(pk=staff_a.pk)
            [stored] = evidence_upload(task=task, actor=actor, files=[upload(name)])
            versions.append(stored.version)
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    uploaders = [threading.Thread(target=upload_one, args=("合同.pdf",)) for _ in range(2)]
    for thread in uploaders:
        thread.start()

    def waiting() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return int(cursor.fetchone()[0])

    deadline = time.monotonic() + 20
    while waiting() < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting() == 2, "both uploads wait for the task's row"
    release.set()
    for thread in [holder, *uploaders]:
        thread.join(30)
    assert errors == []
    assert sorted(versions) == [2, 3]
    stored = EvidenceFile.objects.filter(task=task_a, original_name="合同.pdf")
    assert sorted(stored.values_list("version", flat=True)) == [1, 2, 3]
    assert AuditEvent.objects.filter(action=AuditAction.EVIDENCE_UPLOAD).count() == 3
