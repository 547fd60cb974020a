"""A write that the database ends for a conflict with another (a deadlock,
40P01) is done again by the service; when it keeps failing, the page and the
API answer 409 in Chinese and nothing is saved. The error is PostgreSQL's own,
raised by a trigger of this test on the task table (a real deadlock between
people acting at once: test_tally_concurrency.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client

from tests.tracker.workflow_helpers import PDF, upload
from tracker.audit.models import AuditAction, AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.tasks import services
from tracker.tasks.models import Status, Task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

JSON = "application/json"


@pytest.fixture
def conflicts() -> Iterator[Callable[..., None]]:
    """conflicts(n): the next n updates of a task fail as a deadlock would;
    ``at_commit=True``: the next n commits that stored an evidence file."""

    def arm(times: int, *, at_commit: bool = False) -> None:
        trigger = (
            "create trigger test_conflict before update on tasks_task"
            if not at_commit
            else "create constraint trigger test_conflict after insert on evidence_evidencefile"
            " deferrable initially deferred"
        )
        with connection.cursor() as cursor:
            cursor.execute("drop sequence if exists test_conflicts")
            cursor.execute("create sequence test_conflicts")
            cursor.execute(
                f"""
                create or replace function test_conflict() returns trigger
                language plpgsql as $$
                begin
                    if nextval('test_conflicts') <= {int(times)} then
                        raise exception 'deadlock detected' using errcode = '40P01';
                    end if;
                    return new;
                end $$;
                drop trigger if exists test_conflict on tasks_task;
                drop trigger if exists test_conflict on evidence_evidencefile;
                {trigger} for each row execute function test_conflict();
                """
            )

    yield arm
    with connection.cursor() as cursor:
        cursor.execute("drop trigger if exists test_conflict on tasks_task")
        cursor.execute("drop trigger if exists test_conflict on evidence_evidencefile")
        cursor.execute("drop function if exists test_conflict()")
        cursor.execute("drop sequence if exists test_conflicts")


def attempts() -> int:
    with connection.cursor() as cursor:
        cursor.execute("select last_value from test_conflicts")
        return int(cursor.fetchone()[0])


def cancels(task: Task) -> int:
    return AuditEvent.objects.filter(action=AuditAction.TASK_CANCEL, object_id=str(task.pk)).count()


def test_a_conflict_is_done_again_once(
    conflicts: Callable[..., None],
    task_a: Task,
    supervisor: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    conflicts(1)
    services.task_cancel(task=task_a, actor=supervisor, reason="中止")
    task_a.refresh_from_db()
    assert task_a.status == Status.CANCELLED
    [again] = [r for r in caplog.records if r.name == "tracker.conflicts"]
    assert "task_cancel (attempt 1 of 4)" in again.getMessage()
    assert cancels(task_a) == 1  # the first attempt left no trace


def test_inside_a_larger_transaction_the_conflict_goes_up(
    conflicts: Callable[..., None], task_a: Task, supervisor: User
) -> None:
    conflicts(1)
    with pytest.raises(OperationalError), transaction.atomic():
        services.task_cancel(task=task_a, actor=supervisor, reason="中止")
    assert attempts() == 1  # not redone inside: only the outer transaction can be
    task_a.refresh_from_db()
    assert task_a.status == Status.IN_PROGRESS


def test_a_lasting_conflict_is_a_409_in_chinese_and_saves_nothing(
    conflicts: Callable[..., None],
    task_a: Task,
    supervisor: User,
    login: Callable[[User], Client],
) -> None:
    conflicts(100)
    client = login(supervisor)
    page = client.post(f"/tasks/{task_a.pk}/do/cancel/", {"note": "中止"})
    assert page.status_code == 409, page.content.decode()[-3000:]
    assert "有人同时在办理相关事项，本次操作未保存" in page.content.decode()
    api = client.post(f"/api/v1/tasks/{task_a.pk}/cancel/", {"note": "中止"}, content_type=JSON)
    assert api.status_code == 409
    assert api.json() == {"detail": "有人同时在办理相关事项，本次操作未保存。请稍后重试。"}
    task_a.refresh_from_db()
    assert task_a.status == Status.IN_PROGRESS
    assert cancels(task_a) == 0


def test_evidence_of_an_upload_that_never_commits_is_not_kept(
    conflicts: Callable[..., None],
    task_a: Task,
    staff_a: User,
    login: Callable[[User], Client],
    settings: Any,
) -> None:
    """Refused at the commit, every attempt: the files each attempt wrote are removed."""
    conflicts(100, at_commit=True)
    client = login(staff_a)
    answer = client.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("预案.pdf")]})
    assert answer.status_code == 409
    assert not EvidenceFile.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
    # Refused once only: stored on the second attempt, one file.
    conflicts(1, at_commit=True)
    answer = client.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("预案.pdf")]})
    assert answer.status_code == 201
    [stored] = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert stored.read_bytes() == PDF
