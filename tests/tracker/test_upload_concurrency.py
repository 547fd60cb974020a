"""Uploads beside other writes (PostgreSQL): four writers, each in its own
connection, upload evidence (the same file names, so their versions compete),
report progress with a file, and move the same few tasks of one division
through the workflow, all at once. Every write locks its task's row first and takes the
audit chain's lock only for its append at the end (the order every task write
keeps, tracker.audit.services.task_write): nothing deadlocks or needs a retry, the chain verifies, every version is the next one, and the
tallies equal the plain count and a rebuild."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import defaultdict

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from tests.tracker.test_dashboard_tally_clock import (
    START,
    ZONE,
    World,
    check,
    check_divisions,
    on_postgres,
    tally_rows,
)
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
    pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 4
STEPS = 30


def transition(world: World, task: Task) -> str:
    """A status or deadline change that keeps the task open (uploads stay
    allowed): submit, the division's and the office's return or approval to
    the office, an extension asked and decided, the deadline edited. Each moves
    the task between tally rows (two at once for a status)."""
    rng = world.rng
    calls = {
        Action.SUBMIT: lambda person: services.task_submit(task=task, actor=person),
        Action.DIVISION_APPROVE: lambda person: services.task_division_approve(
            task=task, actor=person
        ),
        Action.DIVISION_RETURN: lambda person: services.task_division_return(
            task=task, actor=person, reason="请补充"
        ),
        Action.RETURN: lambda person: services.task_return(task=task, actor=person, reason="重办"),
        Action.EXTEND: lambda person: services.extension_request(
            task=task,
            actor=person,
            requested_due_on=(task.due_on or START) + dt.timedelta(days=rng.randint(1, 40)),
            reason="工作量大",
        ),
        Action.DECIDE_EXTENSION: lambda person: services.extension_decide(
            task=task, actor=person, approve=rng.random() < 0.7
        ),
        Action.EDIT: lambda person: services.task_update(
            task=task,
            actor=person,
            expected_version=task.version,
            due_on=START + dt.timedelta(days=rng.randint(-5, 30)),
        ),
    }
    choices = [
        (person, action)
        for person in [world.supervisor, *world.people]
        for action in task.allowed_actions(person)
        if action in calls
    ]
    if not choices:
        return "refused"
    person, action = rng.choice(choices)
    calls[action](person)
    return str(action)


def test_uploads_and_transitions_at_once_keep_chain_versions_and_tallies(
    caplog: pytest.LogCaptureFixture,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
) -> None:
    people = [head_a, staff_a]
    start = dt.datetime.combine(START, dt.time(10), tzinfo=ZONE)
    failures: list[BaseException] = []
    done: list[str] = []
    ready = threading.Barrier(WRITERS, timeout=60)

    with time_machine.travel(start, tick=False):
        tally_rebuild(today=START)
        ids = [
            Task.objects.create(
                title=f"共同任务{i}",
                lead_department=dept_a,
                responsible=staff_a,
                due_on=START + dt.timedelta(days=10 * i),
                status=Status.IN_PROGRESS,
                created_by=supervisor,
                require_evidence=False,
            ).pk
            for i in range(3)
        ]

        def writer(seed: int) -> None:
            world = World(random.Random(seed), supervisor, people, [dept_a], [dept_c])
            world.imports = []
            try:
                ready.wait()  # everybody starts at once
                for _ in range(STEPS):
                    task = Task.objects.get(pk=world.rng.choice(ids))
                    actor = world.rng.choice(people)
                    roll = world.rng.random()
                    try:
                        if roll < 0.45:
                            evidence_services.evidence_upload(
                                task=task,
                                actor=actor,
                                files=[upload(f"报告{world.rng.randint(1, 2)}.pdf")],
                            )
                            done.append("upload")
                        elif roll < 0.6:
                            services.progress_report(
                                task=task,
                                actor=actor,
                                text="进展顺利。",
                                percent=world.rng.randint(1, 99),
                                files=[upload("报告1.pdf")],
                            )
                            done.append("progress")
                        else:
                            done.append(transition(world, task))
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
        assert done.count("upload") + done.count("progress") >= WRITERS * STEPS // 6, done
        assert len([d for d in done if d != "refused"]) >= WRITERS * STEPS // 3, done
        assert len([d for d in done if d not in ("upload", "progress", "refused")]) > WRITERS, done
        # The chain: each event links to the one before, none lost or doubled.
        assert list(audit_verify()) == []
        # Every file is the next version of its name on its task, each audited once.
        versions: dict[tuple[int, str], list[int]] = defaultdict(list)
        for evidence in EvidenceFile.objects.order_by("version"):
            versions[(evidence.task_id, evidence.original_name)].append(evidence.version)
        assert versions and all(v == list(range(1, len(v) + 1)) for v in versions.values())
        audited = AuditEvent.objects.filter(action=AuditAction.EVIDENCE_UPLOAD).count()
        assert audited == EvidenceFile.objects.count()
        check(supervisor, START)
        check_divisions([head_a, staff_a, head_b, staff_b], START)
        kept = tally_rows()
        tally_rebuild(today=TallyClock.objects.get(pk=1).as_of)
        assert tally_rows() == kept
