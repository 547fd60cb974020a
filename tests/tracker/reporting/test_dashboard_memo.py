"""The dashboard remembered per database snapshot (tracker.reporting.memo):
a request with nothing written since the last answer gets it without
computing; any write committed before a request — also one committed while
the previous answer was being computed, or begun before it and committed
after — is in that request's answer, which equals a fresh computation.

PostgreSQL, with real commits (the memo works only outside a transaction);
a fresh answer is the same request inside ``transaction.atomic()``, where
the memo steps aside."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.tracker.test_dashboard_tally_clock import START, ZONE, World
from tracker.org.models import Department, User
from tracker.reporting import api, memo
from tracker.reporting.memo import memo_clear
from tracker.tasks.models import Status, Task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the memo is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

URLS = ("/api/v1/dashboard/", "/dashboard/")


@pytest.fixture(autouse=True)
def _a_day() -> Iterator[None]:
    memo_clear()
    with time_machine.travel(dt.datetime.combine(START, dt.time(10), tzinfo=ZONE), tick=False):
        yield
    memo_clear()


class MemoLog:
    """Which requests were computed, checked against the snapshots they saw:
    a request is answered without computing exactly when an answer to it
    was computed at the snapshot it sees. (Other databases of the cluster
    write too — transaction ids are the cluster's — so tests do not count
    on a snapshot staying the same.)"""

    def __init__(self) -> None:
        self.snapshots: list[str] = []
        self.kept: set[tuple[str, int, str]] = set()
        self.hits = 0

    def get(self, client: Client, url: str) -> str:
        self.snapshots = []
        text = answer(client, url)
        seen, *computed_at = self.snapshots
        assert bool(computed_at) == ((seen, id(client), url) not in self.kept), url
        self.kept.update((s, id(client), url) for s in computed_at)
        self.hits += not computed_at
        return text


@pytest.fixture
def memo_log(monkeypatch: pytest.MonkeyPatch) -> MemoLog:
    log = MemoLog()
    real = memo._current_snapshot

    def spied(alias: str) -> str:
        log.snapshots.append(real(alias))
        return log.snapshots[-1]

    monkeypatch.setattr(memo, "_current_snapshot", spied)
    return log


@pytest.fixture
def supervisor_client(supervisor: User) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=supervisor).key}")
    client.force_login(supervisor)
    return client


def answer(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # The page's per-request tokens (CSRF) are not the dashboard's.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def fresh(client: Client, url: str) -> str:
    """The answer computed now, without the memo."""
    with transaction.atomic():
        return answer(client, url)


@pytest.fixture
def other_connection() -> Iterator[Any]:
    """A second database session: another person's request writing."""
    other = connections.create_connection("default")
    other.ensure_connection()
    yield other
    other.close()


def some_tasks(supervisor: User, dept_a: Department, dept_b: Department, n: int = 6) -> list[Task]:
    from tracker.tasks import services

    tasks = []
    for i in range(n):
        task = services.task_create(
            actor=supervisor,
            title=f"任务{i}",
            due_on=START + dt.timedelta(days=i * 5 - 10),
            require_evidence=False,
        )
        services.task_assign(actor=supervisor, task=task, lead_department=(dept_a, dept_b)[i % 2])
        tasks.append(task)
    return tasks


def totals(client: Client) -> dict[str, int]:
    return dict(client.get(URLS[0]).json()["totals"])


@pytest.mark.parametrize("url", URLS)
def test_an_unchanged_database_is_answered_from_the_memo_and_a_write_at_once(
    url: str,
    supervisor_client: Client,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    memo_log: MemoLog,
) -> None:
    tasks = some_tasks(supervisor, dept_a, dept_b)
    first = memo_log.get(supervisor_client, url)
    again = [memo_log.get(supervisor_client, url) for _ in range(3)]
    assert again == [first] * 3
    assert first == fresh(supervisor_client, url)

    Task.objects.filter(pk=tasks[0].pk).update(status=Status.CANCELLED)
    after = memo_log.get(supervisor_client, url)
    assert after != first
    assert after == fresh(supervisor_client, url)


def test_a_write_committed_while_the_dashboard_is_computed_is_in_the_next_answer(
    supervisor_client: Client,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    other_connection: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tasks = some_tasks(supervisor, dept_a, dept_b)
    before = totals(supervisor_client)
    memo_clear()
    real = api.dashboard_compute

    def compute_while_another_writes(**kwargs: Any) -> Any:
        with other_connection.cursor() as cursor:  # autocommit: committed here
            cursor.execute(
                "update tasks_task set status = 'cancelled' where id = %s", [tasks[1].pk]
            )
        return real(**kwargs)

    monkeypatch.setattr(api, "dashboard_compute", compute_while_another_writes)
    during = totals(supervisor_client)
    monkeypatch.setattr(api, "dashboard_compute", real)
    # That answer is the database as its computation began (one snapshot) ...
    assert during == before
    # ... and the next one has the write.
    after = totals(supervisor_client)
    assert after["cancelled"] == before["cancelled"] + 1
    assert supervisor_client.get(URLS[0]).content.decode() == fresh(supervisor_client, URLS[0])


def test_a_write_begun_before_and_committed_after_the_computation_is_in_the_next_answer(
    supervisor_client: Client,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    other_connection: Any,
) -> None:
    tasks = some_tasks(supervisor, dept_a, dept_b)
    before = totals(supervisor_client)
    other_connection.set_autocommit(False)
    with other_connection.cursor() as cursor:
        cursor.execute("update tasks_task set status = 'cancelled' where id = %s", [tasks[2].pk])
    memo_clear()
    assert totals(supervisor_client) == before  # not committed yet
    assert totals(supervisor_client) == before  # (from the memo)
    other_connection.commit()
    other_connection.set_autocommit(True)
    after = totals(supervisor_client)
    assert after["cancelled"] == before["cancelled"] + 1
    for url in URLS:
        assert answer(supervisor_client, url) == fresh(supervisor_client, url)


def test_the_remembered_dashboard_equals_a_fresh_one_through_random_service_operations(
    supervisor_client: Client,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    login: Callable[[User], Client],
    memo_log: MemoLog,
) -> None:
    rng = random.Random(17)
    world = World(rng, supervisor, [head_a, staff_a, head_b, staff_b], [dept_a, dept_b], [dept_c])
    head_client = login(head_a)
    for _ in range(4):
        world.create()
    urls = [*URLS, f"/dashboard/?department={dept_a.pk}", f"/api/v1/dashboard/?year={START.year}"]
    done = []
    for step in range(30):
        ids = list(Task.objects.values_list("pk", flat=True))
        if step % 3 == 2:
            done.append("nothing")  # no write: the next answers come from the memo
        elif rng.random() < 0.3:
            done.append(world.create())
        else:
            done.append(world.act(Task.objects.get(pk=rng.choice(ids))))
        for client in (supervisor_client, head_client):
            for url in urls:
                remembered = memo_log.get(client, url)
                assert remembered == fresh(client, url), (step, done[-1], url)
    assert len({d.split(" ")[0] for d in done}) >= 4, done
