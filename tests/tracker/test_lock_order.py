"""One lock order in every task write (PostgreSQL; tracker.audit.services.task_write):
the task rows first (all of them, by id), then what the writes lock, the tally lock
when a count moves, and the audit chain's lock only for the append at the end.

Four writers, each in its own connection, at once on the same few tasks: bulk
assignments (of shuffled tasks), splits, edits, declines and acknowledgements
beside uploads, progress reports (rolled up to a split task's parent) and
comments. A service that took a lock out of that order — the chain first (the
order before), or a second task's row after the first's in the caller's order —
deadlocks with the others; none may be refused by the database or need a retry,
the chain verifies, each file is the next version and the tallies stay exact.

And the point of the order: a write in progress on one task, until its append,
holds up no write of another task."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import defaultdict
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections

from tests.tracker.test_dashboard_tally_clock import (
    START,
    ZONE,
    check,
    check_divisions,
    on_postgres,
    tally_rows,
)
from tests.tracker.test_write_window import Running, wait_until
from tests.tracker.workflow_helpers import upload
from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.services import audit_verify
from tracker.evidence import services as evidence_services
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.reporting.models import TallyClock
from tracker.reporting.tallies import tally_rebuild
from tracker.tasks import services
from tracker.tasks.models import Action, Status, Task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgres, reason="the lock order is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 4
STEPS = 30


class Mix:
    """One writer's steps on the shared tasks, each a real service call."""

    def __init__(
        self, rng: random.Random, supervisor: User, head: User, staff: User, dept: Department
    ):
        self.rng, self.supervisor, self.head, self.staff, self.dept = (
            rng,
            supervisor,
            head,
            staff,
            dept,
        )

    def tasks(self) -> list[Task]:
        return list(Task.objects.order_by("pk"))

    def bulk_assign(self) -> str:
        assignable = [
            t for t in self.tasks() if Action.ASSIGN in t.allowed_actions(self.supervisor)
        ]
        if len(assignable) < 2:
            return "refused"
        chosen = self.rng.sample(assignable, min(len(assignable), self.rng.randint(2, 3)))
        services.task_assign_bulk(
            tasks=chosen,  # in no particular order: the service locks them by id
            actor=self.supervisor,
            lead_department=self.dept,
            due_on=START + dt.timedelta(days=self.rng.randint(5, 40)),
        )
        return "bulk_assign"

    def by_head(self, task: Task) -> str:
        allowed = task.allowed_actions(self.head)
        if Action.DECLINE in allowed and self.rng.random() < 0.6:
            services.task_decline(task=task, actor=self.head, reason="不属于本处职责")
            return "decline"
        if Action.ACKNOWLEDGE in allowed:
            services.task_acknowledge(task=task, actor=self.head, responsible=self.staff)
            return "acknowledge"
        return "refused"

    def split(self, task: Task) -> str:
        if Action.SPLIT not in task.allowed_actions(self.supervisor):
            return "refused"
        if Task.objects.filter(parent_id=task.pk).count() >= 2:
            return "refused"  # the pool stays small: the same tasks, again and again
        services.task_split(task=task, actor=self.supervisor, departments=[self.dept])
        return "split"

    def edit(self, task: Task) -> str:
        if Action.EDIT not in task.allowed_actions(self.supervisor):
            return "refused"
        services.task_update(
            task=task,
            actor=self.supervisor,
            expected_version=task.version,
            due_on=START + dt.timedelta(days=self.rng.randint(-5, 30)),
        )
        return "edit"

    def holder(self, task: Task) -> User | None:
        for person in (self.staff, self.head):
            if Action.EVIDENCE in task.allowed_actions(person):
                return person
        return None

    def upload(self, task: Task) -> str:
        person = self.holder(task)
        if person is None:
            return "refused"
        evidence_services.evidence_upload(
            task=task, actor=person, files=[upload(f"材料{self.rng.randint(1, 2)}.pdf")]
        )
        return "upload"

    def progress(self, task: Task) -> str:
        person = self.holder(task)
        if person is None:
            return "refused"
        services.progress_report(
            task=task, actor=person, text="进展顺利。", percent=self.rng.randint(1, 99)
        )
        return "progress"

    def comment(self, task: Task) -> str:
        services.comment_add(
            task=task, actor=self.rng.choice([self.supervisor, self.head]), text="请抓紧。"
        )
        return "comment"

    def step(self) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return self.bulk_assign()
        tasks = self.tasks()
        if roll < 0.6:
            # Mostly the tasks a bulk assignment takes too (待交办 / 退办 / 已交办).
            waiting = [
                t for t in tasks if t.status in (Status.DRAFT, Status.DECLINED, Status.ASSIGNED)
            ]
            task = self.rng.choice(waiting or tasks)
            if roll < 0.38:
                return self.split(task)
            if roll < 0.5:
                return self.by_head(task)
            return self.edit(task)
        task = self.rng.choice(tasks)
        if roll < 0.8:
            return self.upload(task)
        if roll < 0.9:
            return self.progress(task)
        return self.comment(task)


def test_bulk_assignments_splits_and_comments_beside_uploads_on_the_same_tasks(
    caplog: pytest.LogCaptureFixture,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    dept_a: Department,
) -> None:
    start = dt.datetime.combine(START, dt.time(10), tzinfo=ZONE)
    failures: list[BaseException] = []
    done: list[str] = []
    ready = threading.Barrier(WRITERS, timeout=60)

    with time_machine.travel(start, tick=False):
        tally_rebuild(today=START)
        for i in range(3):
            Task.objects.create(
                title=f"在办任务{i}",
                lead_department=dept_a,
                responsible=staff_a,
                due_on=START + dt.timedelta(days=10 * i),
                status=Status.IN_PROGRESS,
                created_by=supervisor,
                require_evidence=False,
            )
            Task.objects.create(title=f"待交办任务{i}", status=Status.DRAFT, created_by=supervisor)

        def writer(seed: int) -> None:
            mix = Mix(random.Random(seed), supervisor, head_a, staff_a, dept_a)
            try:
                ready.wait()  # everybody starts at once
                for _ in range(STEPS):
                    try:
                        done.append(mix.step())
                    except ValidationError:  # refused now (the task moved on): fine
                        done.append("refused")
            except DatabaseError as error:
                failures.append(error)
            except BaseException as error:
                failures.append(error)
                raise
            finally:
                connection.close()

        caplog.set_level("WARNING", logger="tracker.conflicts")
        threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, [str(f) for f in failures]
        retried = [r.getMessage() for r in caplog.records if r.name == "tracker.conflicts"]
        assert not retried, retried
        for kind in ("bulk_assign", "upload", "comment", "split"):
            assert kind in done, (kind, done)
        assert len([d for d in done if d != "refused"]) >= WRITERS * STEPS // 4, done
        assert list(audit_verify()) == []
        versions: dict[tuple[int, str], list[int]] = defaultdict(list)
        for evidence in EvidenceFile.objects.order_by("version"):
            versions[(evidence.task_id, evidence.original_name)].append(evidence.version)
        assert all(v == list(range(1, len(v) + 1)) for v in versions.values())
        uploads = AuditEvent.objects.filter(action=AuditAction.EVIDENCE_UPLOAD).count()
        assert uploads == EvidenceFile.objects.count()
        comments = AuditEvent.objects.filter(action=AuditAction.COMMENT_ADD).count()
        assert comments == done.count("comment")
        check(supervisor, START)
        check_divisions([head_a, staff_a, head_b, staff_b], START)
        kept = tally_rows()
        tally_rebuild(today=TallyClock.objects.get(pk=1).as_of)
        assert tally_rows() == kept


def test_a_write_in_progress_on_one_task_holds_up_no_upload_of_another(
    monkeypatch: pytest.MonkeyPatch,
    task_a: Task,
    staff_a: User,
    supervisor: User,
    dept_a: Department,
) -> None:
    """A split stopped half-way (its sub-task written, its record not yet
    appended) does not stop an upload to another task: the split holds its
    task's row and the tally lock, not the chain. Before, it held the chain
    from its start, so every write in the province waited for it."""
    other = Task.objects.create(
        title="另一项任务", status=Status.DRAFT, created_by=supervisor, due_on=dt.date(2022, 12, 31)
    )
    inside, go_on = threading.Event(), threading.Event()
    assign = services.task_assign

    def slow_assign(**kwargs: Any) -> Task:
        task = assign(**kwargs)
        inside.set()
        assert go_on.wait(30)
        return task

    monkeypatch.setattr(services, "task_assign", slow_assign)
    splitting = Running(
        lambda: services.task_split(task=other, actor=supervisor, departments=[dept_a])
    )
    try:
        assert wait_until(lambda: inside.is_set() or not splitting.thread.is_alive()), (
            splitting.error
        )
        assert inside.is_set(), splitting.error
        uploading = Running(
            lambda: evidence_services.evidence_upload(
                task=task_a, actor=staff_a, files=[upload("检查报告.pdf")]
            )
        )
        assert uploading.wait(15), "the upload waited for a write of another task"
        assert uploading.error is None, uploading.error
    finally:
        go_on.set()
        assert splitting.wait(30)
    assert splitting.error is None, splitting.error
    assert EvidenceFile.objects.filter(task=task_a).count() == 1
    assert Task.objects.filter(parent=other).count() == 1
    assert list(audit_verify()) == []


def test_two_writes_moving_counts_in_opposite_directions_wait_instead_of_deadlocking(
    supervisor: User, dept_a: Department
) -> None:
    """Each of two transactions moves two tasks between statuses (tally rows),
    the second of each into a row the other's first took: without one order for
    the tally rows (the tally lock, taken by the trigger) that is a deadlock;
    with it the second transaction's first write waits for the first's COMMIT."""
    tally_rebuild(today=START)
    moves = {
        "X": ("in_progress", "returned"),  # first write of the first transaction
        "Z": ("submitted", "division_review"),  # first write of the second
        "Y": ("assigned", "submitted"),  # the first's second write: Z's row
        "W": ("cancelled", "in_progress"),  # the second's second write: X's row
    }
    ids = {
        name: Task.objects.create(
            title=name,
            lead_department=dept_a,
            status=old,
            due_on=START + dt.timedelta(days=20),
            created_by=supervisor,
        ).pk
        for name, (old, _new) in moves.items()
    }
    errors: list[BaseException] = []

    def move(conn: Any, name: str) -> None:
        with conn.cursor() as cursor:
            cursor.execute(
                "update tasks_task set status = %s where id = %s", [moves[name][1], ids[name]]
            )

    first, second = (connections.create_connection("default") for _ in range(2))
    try:
        second.inc_thread_sharing()  # used by the other thread
        for conn in (first, second):
            conn.set_autocommit(False)
            with conn.cursor() as cursor:
                cursor.execute("set local lock_timeout = '20s'")
        move(first, "X")
        started = threading.Event()

        def other() -> None:
            try:
                started.set()
                move(second, "Z")
                move(second, "W")
                second.commit()
            except BaseException as error:
                errors.append(error)
                second.rollback()

        thread = threading.Thread(target=other)
        thread.start()
        assert started.wait(5)
        time.sleep(0.5)  # the second transaction has taken (or is waiting for) its first rows
        try:
            move(first, "Y")
            first.commit()
        except BaseException as error:
            errors.append(error)
            first.rollback()
        thread.join(30)
        assert not thread.is_alive()
    finally:
        first.close()
        second.dec_thread_sharing()
        second.close()
    assert errors == [], [str(e) for e in errors]
    assert dict(Task.objects.filter(pk__in=ids.values()).values_list("pk", "status")) == {
        ids[name]: new for name, (_old, new) in moves.items()
    }
    check(supervisor, START)
    kept = tally_rows()
    tally_rebuild(today=TallyClock.objects.get(pk=1).as_of)
    assert tally_rows() == kept
