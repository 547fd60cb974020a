"""The dashboard memo shared between web processes through Redis
(tracker.reporting.memo): an answer one process computed at a snapshot is
read by another process at exactly that snapshot instead of computed again;
a write in between, a Redis that is down, or another user means computing.

"Another process" is this one with its own memo emptied
(``memo_clear(shared=False)``):
what it still finds can only have come from Redis. PostgreSQL and Redis
(REDIS_URL), real commits, as in test_dashboard_memo."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.tracker.reporting.test_dashboard_memo import (
    URLS,
    MemoLog,
    _a_day,  # noqa: F401 — the same day and an empty memo around each test
    answer,
    fresh,
    memo_log,  # noqa: F401
    some_tasks,
    supervisor_client,  # noqa: F401
)
from tracker.org.models import Department, User
from tracker.reporting import api, views
from tracker.reporting.memo import memo_clear
from tracker.tasks.models import Status, Task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the memo is PostgreSQL's"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="shared through Redis"),
    pytest.mark.django_db(transaction=True),
]


class Computed:
    """How many dashboards were computed (page and API)."""

    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Computed:
    seen = Computed()
    for module in (api, views):
        real = module.dashboard_compute

        def counted(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            seen.count += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "dashboard_compute", counted)
    return seen


def another_process_reads(log: MemoLog, client: Client, url: str, computed: Computed) -> str:
    """One process computes (or reads) the answer, another one — an empty
    memo — gets it without computing. Writes elsewhere in the cluster change
    the snapshot at any time, so try a few times; MemoLog checks every
    request: computed exactly when nobody computed it at that snapshot."""
    for _ in range(20):
        memo_clear(shared=False)
        log.get(client, url)
        memo_clear(shared=False)
        hits, count = log.hits, computed.count
        text = log.get(client, url)
        if log.hits > hits:
            assert computed.count == count
            return text
    pytest.fail("no process ever read an answer another had computed")


@pytest.mark.parametrize("url", URLS)
def test_another_process_reads_the_answer_and_a_write_makes_it_compute(
    url: str,
    supervisor_client: Client,  # noqa: F811
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    memo_log: MemoLog,  # noqa: F811
    computed: Computed,
) -> None:
    tasks = some_tasks(supervisor, dept_a, dept_b)
    shared = another_process_reads(memo_log, supervisor_client, url, computed)
    assert shared == fresh(supervisor_client, url)

    Task.objects.filter(pk=tasks[0].pk).update(status=Status.CANCELLED)
    memo_clear(shared=False)
    count = computed.count
    after = memo_log.get(supervisor_client, url)
    assert computed.count == count + 1
    assert after != shared
    assert after == fresh(supervisor_client, url)


def test_with_redis_down_every_process_computes_the_right_answer(
    settings: Any,
    supervisor_client: Client,  # noqa: F811
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    memo_log: MemoLog,  # noqa: F811
    computed: Computed,
) -> None:
    tasks = some_tasks(supervisor, dept_a, dept_b)
    for url in URLS:
        another_process_reads(memo_log, supervisor_client, url, computed)
    caches = dict(settings.CACHES)
    # Nothing listens on port 1: every get and set is refused.
    caches["dashboards"] = {**caches["dashboards"], "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = caches
    Task.objects.filter(pk=tasks[0].pk).update(status=Status.CANCELLED)
    for url in URLS:
        answers = []
        for _ in range(2):  # two processes, one after the other
            memo_clear(shared=False)
            count = computed.count
            answers.append(answer(supervisor_client, url))
            assert computed.count == count + 1
        assert answers[0] == answers[1] == fresh(supervisor_client, url)


def test_a_division_head_never_gets_the_supervisors_or_another_heads_answer(
    supervisor_client: Client,  # noqa: F811
    supervisor: User,
    head_a: User,
    head_b: User,
    dept_a: Department,
    dept_b: Department,
    login: Callable[[User], Client],
    memo_log: MemoLog,  # noqa: F811
    computed: Computed,
) -> None:
    some_tasks(supervisor, dept_a, dept_b)
    client_a, client_b = login(head_a), login(head_b)
    for url in URLS:
        whole = another_process_reads(memo_log, supervisor_client, url, computed)
        # MemoLog: each head's first request here computes (nobody computed
        # it at this snapshot); an answer kept for the supervisor is not one.
        memo_clear(shared=False)
        own_a = memo_log.get(client_a, url)
        assert own_a == fresh(client_a, url)
        assert own_a != whole
        shared_a = another_process_reads(memo_log, client_a, url, computed)
        assert shared_a == fresh(client_a, url)
        memo_clear(shared=False)
        own_b = memo_log.get(client_b, url)
        assert own_b == fresh(client_b, url)
        assert own_b not in (whole, shared_a)
