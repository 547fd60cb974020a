"""One row's INSERT and UPDATE from statements kept per process
(``tracker.tasks.sentinels.model_insert`` / ``model_update``), pinned to what
``Model.save`` sends and stores: the same SQL with the same parameters (their
types too), the same row, the instance in the same state, the same refusals."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from tracker.audit.models import AppendOnlyError, AuditAction, AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.notifications.models import ReminderPolicy
from tracker.org.models import User
from tracker.scoring.models import ScoringRules
from tracker.tasks import sentinels
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2031, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)


def _sent(run: Callable[[], Any]) -> tuple[str, list[tuple[type, Any]]]:
    """The statement ``run()`` sends, stopped before the database (in a savepoint:
    a save marks the transaction for rollback when its statement fails)."""
    with transaction.atomic():
        taken = sentinels.sent(connection.alias, run)
    assert taken is not None
    sql, params = taken
    # psycopg's Jsonb wraps the value without comparing it: compare what it wraps.
    return sql, [(type(p), getattr(p, "obj", p)) for p in params]


def _row(model: Any, pk: int, *skip: str) -> dict[str, Any]:
    return {k: v for k, v in model.objects.filter(pk=pk).values().get().items() if k not in skip}


def _state(obj: Any) -> tuple[Any, ...]:
    return (obj.pk is not None, obj._state.adding, obj._state.db)


def _evidence(task: Task, actor: User, name: str) -> EvidenceFile:
    evidence = EvidenceFile(
        task=task,
        original_name="会议纪要.pdf",
        size=5,
        sha256="a" * 64,
        content_type="application/pdf",
        uploaded_by=actor,
        version=3,
    )
    evidence.file.save(name, ContentFile(b"%PDF-"), save=False)
    return evidence


def test_an_evidence_rows_kept_insert_is_saves(staff_a: User, task_a: Task) -> None:
    with time_machine.travel(MOMENT, tick=False):
        orm, kept = _evidence(task_a, staff_a, "x.pdf"), _evidence(task_a, staff_a, "x.pdf")
        kept.file.name = orm.file.name  # one stored file's name for both statements
        for _ in range(2):  # compiled, then from the kept statement
            assert _sent(lambda: sentinels.model_insert(copy.copy(kept))) == _sent(
                lambda: copy.copy(orm).save()
            )
        saved, inserted = _evidence(task_a, staff_a, "a.pdf"), _evidence(task_a, staff_a, "b.pdf")
        saved.save()
        inserted.version = 4  # the unique (task, name, version)
        sentinels.model_insert(inserted)
    assert _state(inserted) == _state(saved) == (True, False, "default")
    assert inserted.pk == saved.pk + 1
    assert _row(EvidenceFile, inserted.pk, "id", "file", "version") == _row(
        EvidenceFile, saved.pk, "id", "file", "version"
    )
    assert EvidenceFile.objects.get(pk=inserted.pk).file.name == inserted.file.name
    # Near miss: the same version again is refused by the database, as save() is.
    again = _evidence(task_a, staff_a, "c.pdf")
    again.version = 4
    with pytest.raises(DatabaseError), transaction.atomic():
        sentinels.model_insert(again)


NUMBERED = ("version", ("task", "original_name"))


def test_a_numbered_insert_stores_what_save_stores_with_the_next_number(
    staff_a: User, task_a: Task, task_b: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``model_insert(obj, numbered=…)``: the row ``save()`` stores, its number
    one more than the highest of its group (1 for the first), computed by the
    INSERT and set on the instance; where the INSERT is not kept, the ORM's
    ``MAX`` read first and ``save()`` — the same rows."""
    with time_machine.travel(MOMENT, tick=False):
        saved = _evidence(task_a, staff_a, "a.pdf")
        saved.save()  # version 3 (the helper's)
        stored = []
        for task in (task_a, task_a, task_b):
            evidence = _evidence(task, staff_a, "b.pdf")
            evidence.version = 99  # not what is stored: the INSERT numbers it
            sentinels.model_insert(evidence, numbered=NUMBERED)
            stored.append(evidence)
        assert [e.version for e in stored] == [4, 5, 1]
        assert [EvidenceFile.objects.get(pk=e.pk).version for e in stored] == [4, 5, 1]
        assert _state(stored[0]) == _state(saved) == (True, False, "default")
        assert _row(EvidenceFile, stored[0].pk, "id", "file", "version") == _row(
            EvidenceFile, saved.pk, "id", "file", "version"
        )
        # Another name on the task is its own group (silent negative).
        other = _evidence(task_a, staff_a, "c.pdf")
        other.original_name = "另一份.pdf"
        sentinels.model_insert(other, numbered=NUMBERED)
        assert other.version == 1
        # Not kept (as on a database that cannot return from an INSERT): the same
        # numbers through the ORM's MAX and save().
        monkeypatch.setattr(sentinels, "INSERTS", {})
        monkeypatch.setattr(sentinels, "_compile_insert", lambda *args: None)
        fallback = _evidence(task_a, staff_a, "d.pdf")
        with CaptureQueriesContext(connection) as through_orm:
            sentinels.model_insert(fallback, numbered=NUMBERED)
        assert fallback.version == 6
        assert any("MAX(" in q["sql"] for q in through_orm.captured_queries)


def test_an_audit_events_kept_insert_is_saves_and_never_an_update(
    staff_a: User, task_a: Task
) -> None:
    def event() -> AuditEvent:
        return AuditEvent(
            actor=staff_a,
            actor_name="钱科员",
            actor_role="staff",
            actor_department="一处",
            action=AuditAction.EVIDENCE_UPLOAD,
            object_type="tasks.task",
            object_id=str(task_a.pk),
            object_repr="任务",
            after={"name": "纪要.pdf", "version": 1},
            ip_address="10.0.0.1",
            created_at=MOMENT,
            prev_hash="0" * 64,
            hash="1" * 64,
        )

    for _ in range(2):
        assert _sent(lambda: sentinels.model_insert(event())) == _sent(lambda: event().save())
    inserted = event()
    sentinels.model_insert(inserted)
    assert _state(inserted) == (True, False, "default")
    assert AuditEvent.objects.get(pk=inserted.pk).after == {"name": "纪要.pdf", "version": 1}
    # An event already stored is refused as save() refuses it (append only).
    with pytest.raises(AppendOnlyError):
        sentinels.model_insert(inserted)


def test_a_model_whose_save_has_a_receiver_is_saved_by_save(staff_a: User, task_a: Task) -> None:
    heard: list[object] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        heard.append(instance)

    pre_save.connect(receiver, sender=EvidenceFile)
    try:
        evidence = _evidence(task_a, staff_a, "d.pdf")
        sentinels.model_insert(evidence)
        task = Task.objects.get(pk=task_a.pk)
        sentinels.model_update(task, ["version"])  # another model: no receiver of its own
    finally:
        pre_save.disconnect(receiver, sender=EvidenceFile)
    assert heard == [evidence] and evidence.pk is not None


def test_a_tasks_kept_update_is_saves(task_a: Task) -> None:
    fields = ["status", "next_remind_at", "version", "updated_at"]

    def changed(remind: dt.datetime | None) -> Task:
        task = Task.objects.get(pk=task_a.pk)
        task.status = "submitted"
        task.version += 1
        task.next_remind_at = remind
        return task

    with time_machine.travel(MOMENT, tick=False):
        for remind in (MOMENT, None, MOMENT):  # a NULL is written as NULL in the SQL
            for _ in range(2):
                kept, orm = changed(remind), changed(remind)
                assert _sent(partial(sentinels.model_update, kept, fields)) == _sent(
                    partial(orm.save, update_fields=fields)
                )
        orm = changed(None)
        orm.save(update_fields=fields)
        saved = _row(Task, task_a.pk)
        Task.objects.filter(pk=task_a.pk).update(status="in_progress", version=1)
        kept = changed(None)
        sentinels.model_update(kept, fields)
    assert _row(Task, task_a.pk) == saved
    assert _state(kept) == _state(orm) == (True, False, "default")
    assert kept.updated_at == MOMENT
    # Near misses: a row gone, and a name that is no field, refused as save() refuses them.
    gone = Task.objects.get(pk=task_a.pk)
    Task.objects.filter(pk=task_a.pk).delete()
    with pytest.raises(DatabaseError, match="did not affect any rows"), transaction.atomic():
        sentinels.model_update(gone, fields)
    with pytest.raises(ValueError, match="do not exist in this model"):
        sentinels.model_update(gone, ["status", "no_such_field"])


def test_a_model_with_a_save_of_its_own_is_saved_by_it() -> None:
    # ReminderPolicy.save() keeps the one row (pk=1); a kept INSERT would add a second row.
    ReminderPolicy.load()
    policy = ReminderPolicy(days_before="5,1")
    sentinels.model_insert(policy)
    assert policy.pk == 1 and ReminderPolicy.objects.count() == 1
    assert ReminderPolicy.objects.get().days_before == "5,1"
    # ScoringRules.save() refuses a change to a saved version; so does its kept UPDATE.
    rules = ScoringRules.objects.create()
    rules.early_days = 9
    with pytest.raises(ValueError):
        sentinels.model_update(rules, ["early_days"])
    assert ScoringRules.objects.get(pk=rules.pk).early_days == 7
