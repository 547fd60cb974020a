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
    # 29,071 after (p17s). The view's read, the read under the row lock and the
    # pending reminders' query compiled once per process (p17u): 15,590 and 16,810.
    # The service's other reads too — policy, calendar, the actor's department, the
    # row lock, the task's own policy, the last version, the last hash (p17w):
    # 10,565 and 11,754; the task's UPDATE and the two INSERTs too: 9,983 and 11,170.
    assert per_upload < 12_000, per_upload
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


def _as_read(task: Task | None) -> tuple[dict[str, object], dict[str, object]] | None:
    """What a read built: the instance's fields and annotations, and the
    ``select_related`` objects' (each as its own fields)."""
    if task is None:
        return None
    own = {k: v for k, v in vars(task).items() if k != "_state"}
    related = {
        name: None if obj is None else {k: v for k, v in vars(obj).items() if k != "_state"}
        for name, obj in task._state.fields_cache.items()
    }
    return own, related


def test_the_views_prepared_read_answers_as_the_visibility_rule(
    staff_a: User,
    head_a: User,
    staff_b: User,
    head_b: User,
    head_c: User,
    supervisor: User,
    leader: User,
    task_a: Task,
    task_b: Task,
) -> None:
    from tracker.tasks.models import ExtensionRequest
    from tracker.tasks.selectors import api_visible, api_visible_task

    task_a.cooperating_departments.add(head_c.department)
    ExtensionRequest.objects.create(
        task=task_b, requested_by=staff_b, requested_due_on=dt.date(2031, 3, 31), reason="待批"
    )
    seen = 0
    for user in (staff_a, head_a, staff_b, head_b, head_c, supervisor, leader):
        for pk in (task_a.pk, task_b.pk, task_b.pk + 1000):
            prepared = api_visible_task(user, pk)
            orm = api_visible(user).filter(pk=pk).first()
            assert prepared is not None  # every one of these users is of a prepared shape
            assert _as_read(prepared[0] if prepared else None) == _as_read(orm), (user, pk)
            seen += bool(prepared)
    # Silent negatives: another division's staff and head see none of task_a, a
    # missing id is nobody's; the co-operating head and who sees everything see it.
    assert api_visible_task(staff_b, task_a.pk) == []
    assert api_visible_task(head_b, task_a.pk) == []
    assert [t.pk for t in api_visible_task(head_c, task_a.pk) or []] == [task_a.pk]
    assert seen == 1 + 1 + 1 + 1 + 1 + 2 + 2  # each its own division's, the others both


def test_an_api_upload_by_another_division_is_404_through_the_prepared_read(
    staff_a: User, staff_b: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    from tracker.tasks import sentinels

    url = f"/api/v1/tasks/{task_a.pk}/evidence/"
    assert login(staff_a).post(url, {"files": [upload("一.pdf")]}).status_code == 201
    before = len(sentinels.compiled_models)
    client = login(staff_b)
    for name in ("二.pdf", "三.pdf"):
        response = client.post(url, {"files": [upload(name)]})
        assert response.status_code == 404
        assert response.json()["detail"] == "任务不存在或您无权查看。"
    # Nothing stored, the attempts audited; the same user's shape compiled once.
    assert EvidenceFile.objects.filter(task=task_a).count() == 1
    assert files_on_disk(settings.MEDIA_ROOT) and len(files_on_disk(settings.MEDIA_ROOT)) == 1
    denied = AuditEvent.objects.filter(action="permission_denied", object_id=str(task_a.pk))
    assert [event.actor for event in denied] == [staff_b, staff_b]
    assert len(sentinels.compiled_models) <= before + 1


def test_the_read_under_the_lock_is_the_orms(staff_a: User, task_a: Task, task_b: Task) -> None:
    from tracker.tasks.models import ExtensionRequest
    from tracker.tasks.services import _locked_query, _locked_read

    ExtensionRequest.objects.create(
        task=task_a, requested_by=staff_a, requested_due_on=dt.date(2031, 3, 31), reason="待批"
    )
    Task.objects.filter(pk=task_b.pk).update(responsible=None)
    for pk in (task_a.pk, task_b.pk):
        for _ in range(2):  # compiled, then from the compiled statement
            read = _locked_read(pk)
            assert _as_read(read) == _as_read(_locked_query().get(pk=pk))
    assert _locked_read(task_a.pk).pending_extension_exists is True
    assert _locked_read(task_b.pk).pending_extension_exists is False
    assert _locked_read(task_b.pk).responsible is None
    with pytest.raises(Task.DoesNotExist):
        _locked_read(task_b.pk + 1000)


def test_the_tokens_prepared_read_is_the_orms(staff_a: User, staff_b: User) -> None:
    from rest_framework.authtoken.models import Token

    from tracker.security.authentication import _token_query, _token_with_user

    mine = Token.objects.create(user=staff_a)
    Token.objects.create(user=staff_b)
    for key in (mine.key, mine.key, mine.key[:-1] + ("0" if mine.key[-1] != "0" else "1")):
        read = _token_with_user(Token, key)
        orm = _token_query(Token).filter(key=key).first()
        assert (read and read.pk, read and read.user_id) == (orm and orm.pk, orm and orm.user_id)
    read = _token_with_user(Token, mine.key)
    assert read is not None and read.user == staff_a
    # The user and their password state came with the token: nothing more is read.
    with CaptureQueriesContext(connection) as more:
        state = getattr(read.user, "password_state", None)
        _ = read.user.department_id
    assert not more.captured_queries
    assert state == getattr(_token_query(Token).get(key=mine.key).user, "password_state", None)
    # A key of the sentinel's kind is never answered from the statement.
    assert _token_with_user(Token, "\u2063token-key") is None


def test_the_pending_reminders_prepared_read_is_the_orms(
    staff_a: User, task_a: Task, task_b: Task
) -> None:
    from tracker.notifications import planning
    from tracker.notifications.models import Channel, DeliveryStatus, Notification
    from tracker.notifications.reminders import _pending_reminders, _pending_reminders_of

    rows = [
        (task_a, planning.OVERDUE, Channel.EMAIL, DeliveryStatus.PENDING),
        (task_a, planning.DUE_SOON, Channel.SMS, DeliveryStatus.SENDING),
        (task_a, planning.OVERDUE, Channel.APP, DeliveryStatus.PENDING),  # in-app: never
        (task_a, planning.OVERDUE, Channel.EMAIL, DeliveryStatus.SENT),  # sent: never
        (task_b, planning.DUE_TODAY, Channel.EMAIL, DeliveryStatus.PENDING),
    ]
    for i, (task, kind, channel, status) in enumerate(rows):
        Notification.objects.create(
            recipient=staff_a,
            task=task,
            kind=kind,
            channel=channel,
            status=status,
            dedupe_key=f"test-{i}",
            subject="提醒",
            payload={"due_on": f"2031-01-0{i + 1}", "audience": "responsible"},
        )
    for ids in ([task_a.pk], [task_b.pk], [task_a.pk, task_b.pk], [task_b.pk + 1000]):
        prepared = sorted(_pending_reminders_of(ids), key=lambda row: row["pk"])
        assert prepared == sorted(_pending_reminders(ids), key=lambda row: row["pk"])
    assert len(list(_pending_reminders_of([task_a.pk]))) == 2
    assert [row["kind"] for row in _pending_reminders_of([task_b.pk])] == [planning.DUE_TODAY]


def _compiled(run: Callable[[], object]) -> list[str]:
    """The statements the ORM compiles (SELECT, INSERT, UPDATE, …) while ``run()``
    runs (a statement kept from an earlier compilation compiles nothing)."""
    from django.db.models.sql import compiler

    compiled: list[str] = []

    def counting(as_sql: Callable[..., object]) -> Callable[..., object]:
        def counted(self: object, *args: object, **kwargs: object) -> object:
            result = as_sql(self, *args, **kwargs)
            # A SELECT's or an UPDATE's (SQL, params); an INSERT's list of them.
            first = result[0] if isinstance(result, list) else result
            compiled.append(str(first[0]))  # type: ignore[index]
            return result

        return counted

    with pytest.MonkeyPatch.context() as patch:
        for name in ("SQLCompiler", "SQLInsertCompiler", "SQLUpdateCompiler", "SQLDeleteCompiler"):
            kind = getattr(compiler, name)
            patch.setattr(kind, "as_sql", counting(kind.__dict__["as_sql"]))
        run()
    return compiled


def test_an_upload_after_the_first_compiles_no_statement(
    staff_a: User, task_a: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every statement of an upload's service — the policy and the calendar, the
    actor's department, the row lock, the read under it, the task's own policy,
    the task's UPDATE, the pending reminders, the evidence's INSERT (the name's
    last version read inside it), the chain's last hash and the event's INSERT — is kept
    from the first upload of the process: the next one binds values only."""
    from tracker.tasks import sentinels
    from tracker.tasks.services import _locked_query

    # As in a new process: nothing kept yet.
    for kept in ("MODEL_STATEMENTS", "VALUES_STATEMENTS", "INSERTS", "UPDATES"):
        monkeypatch.setattr(sentinels, kept, {}, raising=False)

    def one_upload(name: str) -> Callable[[], object]:
        viewed = _locked_query().get(pk=task_a.pk)  # as the view reads it, annotated
        staff = User.objects.get(pk=staff_a.pk)  # the department not yet read
        return lambda: evidence_upload(task=viewed, actor=staff, files=[upload(name)], fresh=True)

    # Near miss: the first upload compiles its statements (the count sees them).
    first = _compiled(one_upload("首次.pdf"))
    assert sum(sql.startswith("SELECT") for sql in first) >= 8
    assert sum(sql.startswith(("INSERT", "UPDATE")) for sql in first) >= 3
    assert _compiled(one_upload("首次.pdf")) == []
    versions = EvidenceFile.objects.filter(task=task_a).order_by("version")
    assert [e.version for e in versions] == [1, 2]


def test_a_task_writes_kept_reads_are_the_orms(
    staff_a: User, staff_b: User, task_a: Task, task_b: Task
) -> None:
    from django.db.models import Max

    from tracker.audit.services import _last_hash, audit_record
    from tracker.notifications.models import Holiday, ReminderPolicy, TaskReminderPolicy
    from tracker.notifications.reminders import task_override, work_calendar
    from tracker.org.models import Department
    from tracker.tasks.services import actor_department_cache

    def fields(obj: object) -> dict[str, object] | None:
        if obj is None:
            return None
        return {k: v for k, v in vars(obj).items() if k != "_state"}

    # The organisation's policy: created by the first load, then read as get_or_create reads it.
    ReminderPolicy.objects.all().delete()
    for _ in range(3):
        loaded = ReminderPolicy.load()
        assert fields(loaded) == fields(ReminderPolicy.objects.get_or_create(pk=1)[0])
    ReminderPolicy.objects.filter(pk=1).update(overdue_every=9)
    assert ReminderPolicy.load().overdue_every == 9  # read afresh, not remembered

    # The calendar: the admin's days (a make-up Saturday, a holiday).
    Holiday.objects.create(day=dt.date(2041, 1, 5), name="调休", is_workday=True)
    Holiday.objects.create(day=dt.date(2041, 1, 1), name="元旦", is_workday=False)
    for _ in range(2):
        assert work_calendar().overrides == dict(Holiday.objects.values_list("day", "is_workday"))
    assert work_calendar().overrides == {dt.date(2041, 1, 1): False, dt.date(2041, 1, 5): True}

    # The task's own policy: task_a's; task_b has none (silent negative).
    TaskReminderPolicy.objects.create(task=task_a, overdue_every=3, report_cycle="weekly")
    for task in (task_a, task_b, task_a):
        own = task_override(task)
        assert fields(own) == fields(TaskReminderPolicy.objects.filter(task=task).first())
    assert task_override(task_b) is None

    # The version the evidence INSERT computes: the last of that name on that task
    # plus one — another task's file of that name and another name on the same
    # task do not count.
    for task, actor, name in (
        (task_a, staff_a, "方案.pdf"),
        (task_a, staff_a, "方案.pdf"),
        (task_a, staff_a, "其他.pdf"),
        (task_b, staff_b, "方案.pdf"),
        (task_a, staff_a, "方案.pdf"),
    ):
        expected = EvidenceFile.objects.filter(task=task, original_name=name).aggregate(
            v=Max("version")
        )["v"]
        [stored] = evidence_upload(task=task, actor=actor, files=[upload(name)])
        assert stored.version == (expected or 0) + 1
        assert EvidenceFile.objects.get(pk=stored.pk).version == stored.version
    versions = EvidenceFile.objects.values_list("task", "original_name", "version")
    assert sorted(versions) == sorted(
        [
            (task_a.pk, "方案.pdf", 1),
            (task_a.pk, "方案.pdf", 2),
            (task_a.pk, "方案.pdf", 3),
            (task_a.pk, "其他.pdf", 1),
            (task_b.pk, "方案.pdf", 1),
        ]
    )

    # The chain's last hash.
    audit_record(action="permission_denied", actor=staff_a, obj=task_a)
    assert _last_hash() == AuditEvent.objects.order_by("-id").values_list("hash", flat=True)[0]

    # The actor's department, cached as the attribute caches it; nobody's for a
    # person without one (nothing read).
    for person in (staff_a, staff_b):
        actor = User.objects.get(pk=person.pk)
        actor_department_cache(actor)
        with CaptureQueriesContext(connection) as more:
            department = actor.department
        assert not more.captured_queries
        assert fields(department) == fields(Department.objects.get(pk=person.department_id))
    nobody = User.objects.get(pk=staff_a.pk)
    nobody.department_id = None
    with CaptureQueriesContext(connection) as none_read:
        actor_department_cache(nobody)
    assert not none_read.captured_queries and nobody.department is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_kept_row_lock_holds_the_rows_and_refuses_outside_a_transaction(
    task_a: Task, task_b: Task
) -> None:
    """The row lock kept from the first write locks the rows it names (another
    connection cannot take them; a row it does not name it can), and outside a
    transaction it is refused, as the ORM refuses it."""
    import threading

    from django.db import DatabaseError, transaction
    from django.db.transaction import TransactionManagementError

    from tracker.tasks.services import task_rows_lock

    def other_connection_takes(pk: int) -> bool:
        taken: list[bool] = []

        def take() -> None:
            try:
                with transaction.atomic():
                    list(Task.objects.select_for_update(nowait=True).filter(pk=pk))
                taken.append(True)
            except DatabaseError:
                taken.append(False)
            finally:
                connection.close()

        thread = threading.Thread(target=take)
        thread.start()
        thread.join()
        return taken == [True]

    with transaction.atomic():
        task_rows_lock([task_a.pk])  # compiled, kept
    with transaction.atomic():
        task_rows_lock([task_a.pk])  # from the kept statement
        assert not other_connection_takes(task_a.pk)
        assert other_connection_takes(task_b.pk)  # near miss: not named, not locked
    assert other_connection_takes(task_a.pk)  # released at the end of the transaction
    with pytest.raises(TransactionManagementError):
        task_rows_lock([task_a.pk])
