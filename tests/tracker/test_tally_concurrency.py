"""People acting at once (PostgreSQL): four writers, each in their own
connection, through the real services at the same moment. The tallies stay
equal to the plain count and to a rebuild; no writer is refused by the
database; and none needed a retry — before the services kept one lock order, 4–7 of
these 160 writes ended in a deadlock (the audit chain's lock and a task's or
tally's row lock taken in opposite orders). The order is task_write's: task
rows, the tally lock, the chain last (test_lock_order.py)."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
import time_machine
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
from tracker.org.models import Department, User
from tracker.reporting.models import TallyClock
from tracker.reporting.tallies import tally_rebuild
from tracker.tasks.models import Task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

WRITERS = 4
STEPS = 40


def test_concurrent_service_writes_keep_the_tallies_exact(
    caplog: pytest.LogCaptureFixture,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    head_c: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
) -> None:
    people = [head_a, staff_a, head_b, staff_b]
    start = dt.datetime.combine(START, dt.time(10), tzinfo=ZONE)
    failures: list[BaseException] = []
    done: list[str] = []
    ready = threading.Barrier(WRITERS, timeout=60)

    def writer(seed: int) -> None:
        world = World(random.Random(seed), supervisor, people, [dept_a, dept_b], [dept_c])
        world.imports = []  # imports are one transaction each; the mix below is the rush
        try:
            for _ in range(3):
                done.append(world.create())
            ready.wait()  # everybody starts acting at once
            for _ in range(STEPS):
                ids = list(Task.objects.values_list("pk", flat=True))
                roll = world.rng.random()
                if roll < 0.15:
                    done.append(world.create())
                elif roll < 0.3:
                    done.append(world.cooperation_edit(Task.objects.get(pk=world.rng.choice(ids))))
                else:
                    task = Task.objects.filter(pk=world.rng.choice(ids)).first()
                    if task is not None:
                        done.append(world.act(task))
        except DatabaseError as error:
            failures.append(error)
        except BaseException as error:
            failures.append(error)
            raise
        finally:
            connection.close()

    caplog.set_level("WARNING", logger="tracker.conflicts")
    with time_machine.travel(start, tick=False):
        tally_rebuild(today=START)
        threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, [str(f) for f in failures]
        # The services keep one lock order (task_write: task rows, the tally lock,
        # the chain last): they cannot deadlock each other, so none was redone.
        retried = [r.getMessage() for r in caplog.records if r.name == "tracker.conflicts"]
        assert not retried, retried
        # Enough happened at once to have met: several writes of each kind.
        assert len([d for d in done if "refused" not in d]) > WRITERS * STEPS // 2, done
        check(supervisor, START)
        check_divisions([head_a, staff_a, head_b, staff_b, head_c], START)
        kept = tally_rows()
        tally_rebuild(today=TallyClock.objects.get(pk=1).as_of)
        assert tally_rows() == kept
