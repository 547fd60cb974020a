"""What one evidence upload through the API costs (issue #17: on two cores an
upload is limited by its own Python), and that the cheaper path checks what the
old one checked: the task read once before the transaction and asked as read,
the check under the row lock unchanged, a refused upload storing nothing."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers

from tests.tracker.workflow_helpers import PDF, files_on_disk, upload
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_upload, evidence_withdraw
from tracker.org.models import User
from tracker.tasks.api import EvidenceSerializer
from tracker.tasks.models import ProgressUpdate, Status, Task
from tracker.tasks.selectors import api_tasks
from tracker.tasks.services import ActionNotAllowed, task_precheck

pytestmark = pytest.mark.django_db


def _statements(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries]


# The task's row lock (tasks.services.task_rows_lock; FOR NO KEY UPDATE on PostgreSQL).
ROW_LOCK = 'SELECT "tasks_task"."id" AS "pk" FROM "tasks_task" WHERE "tasks_task"."id" IN'
# A read of the task's whole row (the view's, the precheck's, the one under the lock).
TASK_READ = 'SELECT "tasks_task"."id", '


def _before_the_row_lock(sql: list[str]) -> list[str]:
    """The statements an upload runs before its transaction locks the task's row."""
    for place, statement in enumerate(sql):
        if statement.startswith(ROW_LOCK):
            return sql[:place]
    raise AssertionError("the upload never locked the task's row")


def test_an_api_upload_reads_its_task_once_and_its_python_is_bounded(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    client = login(staff_a)
    url = f"/api/v1/tasks/{task_a.pk}/evidence/"
    # Warm: the first request of a process compiles and imports what later ones reuse.
    assert client.post(url, {"files": [upload("warm.pdf")]}).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"files": [upload("现场照片.pdf")]})
    assert response.status_code == 201, response.content
    sql = _statements(captured.captured_queries)
    before = _before_the_row_lock(sql)
    # The view's read (visible, not archived, whether an extension request waits)
    # is what the service's precheck asks: one read of the task, not three
    # (the view read it twice, the precheck once more with its extension requests).
    assert sum(s.startswith(TASK_READ) for s in before) == 1
    assert not any(s.startswith('SELECT "tasks_extensionrequest"') for s in before)
    # Under the row lock the task is read again and checked, as before.
    after = sql[len(before) :]
    assert sum(s.startswith(TASK_READ) for s in after) == 1

    profiler = cProfile.Profile()
    calls = []
    for i in range(3):
        body = {"files": [upload(f"巡查记录{i}.pdf")]}
        profiler.enable()
        response = client.post(url, body)
        profiler.disable()
        assert response.status_code == 201
        stats = pstats.Stats(profiler)
        calls.append(stats.total_calls)  # type: ignore[attr-defined]
    per_upload = (calls[-1] - calls[0]) / 2
    # Function calls of one upload through the test client, task_a four years
    # overdue (its reminders planned over ~1,000 working days): 54,244 on SQLite and
    # 55,164 on PostgreSQL before (the task read three times, each working day of
    # the overdue years asked one by one, DRF's field-by-field answer); 26,770 and
    # 29,071 after.
    assert per_upload < 36_000, per_upload
    assert EvidenceFile.objects.filter(task=task_a).count() == 5


def test_the_precheck_asks_the_views_task_once_then_reads_it_again(
    staff_a: User, task_a: Task
) -> None:
    viewed = api_tasks(staff_a).get(pk=task_a.pk)
    with CaptureQueriesContext(connection) as first:
        task_precheck(task=viewed, actor=staff_a, action="evidence", fresh=True)
    assert not first.captured_queries  # asked as read
    # Asked once: done again (a retry after a write conflict), it reads the task.
    with CaptureQueriesContext(connection) as second:
        task_precheck(task=viewed, actor=staff_a, action="evidence", fresh=True)
    assert any(s.startswith(TASK_READ) for s in _statements(second.captured_queries))
    # A task read without the view's annotation is read again, ``fresh`` or not.
    plain = Task.objects.get(pk=task_a.pk)
    with CaptureQueriesContext(connection) as third:
        task_precheck(task=plain, actor=staff_a, action="evidence", fresh=True)
    assert any(s.startswith(TASK_READ) for s in _statements(third.captured_queries))


def test_a_refusal_of_the_views_task_is_audited_and_stores_nothing(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    Task.objects.filter(pk=task_a.pk).update(status=Status.SUBMITTED)
    response = login(staff_a).post(
        f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("补充.pdf")]}
    )
    assert response.status_code == 403
    assert "您不能执行" in response.json()["detail"]
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []
    denied = AuditEvent.objects.get(action="permission_denied")
    assert denied.object_id == str(task_a.pk) and denied.after["attempted"] == "evidence"
    assert not AuditEvent.objects.filter(action="evidence_upload").exists()


def test_a_task_changed_after_the_view_read_it_is_refused_under_the_lock(
    staff_a: User, task_a: Task
) -> None:
    """The view's task passes the precheck; the task was submitted meanwhile: the
    check under the row lock refuses, and the file already written goes."""
    viewed = api_tasks(staff_a).get(pk=task_a.pk)
    Task.objects.filter(pk=task_a.pk).update(status=Status.SUBMITTED)
    with pytest.raises(ActionNotAllowed):
        evidence_upload(task=viewed, actor=staff_a, files=[upload("迟到.pdf")], fresh=True)
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []
    task_a.refresh_from_db()
    assert task_a.version == 1


def test_the_written_out_evidence_representation_equals_drfs(staff_a: User, task_a: Task) -> None:
    [plain] = evidence_upload(task=task_a, actor=staff_a, files=[upload("方案.pdf", PDF)])
    [again] = evidence_upload(task=task_a, actor=staff_a, files=[upload("方案.pdf", PDF)])
    withdrawn = evidence_withdraw(evidence=again, actor=staff_a, reason="传错版本")
    update = ProgressUpdate.objects.create(task=task_a, author=staff_a, text="进展", percent=10)
    EvidenceFile.objects.filter(pk=plain.pk).update(
        progress_update=update, uploaded_at=dt.datetime(2023, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    )
    rows = EvidenceFile.objects.select_related("uploaded_by").order_by("id")
    for zone in (settings.TIME_ZONE, "UTC"):
        with timezone.override(zone):
            for evidence in rows:
                fast = EvidenceSerializer(evidence).data
                generic = serializers.ModelSerializer.to_representation(
                    EvidenceSerializer(), evidence
                )
                assert dict(fast) == dict(generic)
                assert list(fast) == list(generic)  # the same keys in the same order
    assert withdrawn.is_withdrawn
