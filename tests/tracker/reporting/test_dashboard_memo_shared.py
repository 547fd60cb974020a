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
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
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
from tracker.reporting import api, memo, views
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
    the snapshot at any time (other test suites on the same server: 20
    tries once all moved), so try up to 100 times; MemoLog checks every
    request: computed exactly when nobody computed it at that snapshot."""
    for _ in range(100):
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


def test_while_one_process_computes_an_answer_the_others_wait_for_it_and_read_it(
    supervisor_client: Client,  # noqa: F811
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    computed: Computed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two requests at one snapshot, the second arriving while the first
    computes (its memo has nothing yet, as another process's would not):
    computed once. Writes elsewhere in the cluster may give them different
    snapshots — then both compute, rightly; such tries are not counted."""
    some_tasks(supervisor, dept_a, dept_b)
    url = URLS[0]
    counted = api.dashboard_compute
    release = threading.Event()
    snapshots: list[tuple[int, str]] = []
    real_snapshot = memo._current_snapshot

    def spied(alias: str) -> str:
        snapshots.append((threading.get_ident(), real_snapshot(alias)))
        return snapshots[-1][1]

    def slow(*args: Any, **kwargs: Any) -> Any:
        busy.set()
        release.wait(10)
        return counted(*args, **kwargs)

    # Each step as soon as the last: the fewer milliseconds between the two
    # snapshots, the likelier no transaction of the cluster ends between.
    busy, waiting = threading.Event(), threading.Event()
    real_wait = getattr(memo, "_shared_wait", None)

    def wait(seen: Any) -> Any:
        waiting.set()
        return real_wait(seen)  # type: ignore[misc]

    if real_wait:
        monkeypatch.setattr(memo, "_shared_wait", wait)
    monkeypatch.setattr(memo, "_current_snapshot", spied)
    monkeypatch.setattr(api, "dashboard_compute", slow)

    def request(into: dict[int, str]) -> None:
        try:
            into[threading.get_ident()] = answer(supervisor_client, url)
        finally:
            connections.close_all()

    checked = 0
    for _ in range(60):
        memo_clear()
        for event in (release, busy, waiting):
            event.clear()
        snapshots.clear()
        count, answers = computed.count, {}
        first = threading.Thread(target=request, args=(answers,))
        first.start()
        busy.wait(5)  # the first has claimed the answer and computes
        busy.clear()
        second = threading.Thread(target=request, args=(answers,))
        second.start()
        deadline = time.monotonic() + 5
        while not (waiting.is_set() or busy.is_set()) and time.monotonic() < deadline:
            time.sleep(0.001)  # the second waits (or computes, at another snapshot)
        release.set()
        first.join(10)
        second.join(10)
        assert len(answers) == 2
        seen = {}
        for ident, snap in snapshots:
            seen.setdefault(ident, []).append(snap)
        one, two = seen[first.ident], seen[second.ident]
        assert set(answers.values()) == {answers[first.ident]}
        if one[0] == one[-1] == two[0]:  # one snapshot, seen by both
            assert computed.count == count + 1
            assert len(two) == 1  # the second read the first's answer
            checked += 1
            if checked == 2:
                break
    assert checked, "the cluster never stood still for one try"
    monkeypatch.setattr(api, "dashboard_compute", counted)
    assert answer(supervisor_client, url) == fresh(supervisor_client, url)


def test_a_claim_that_ends_without_an_answer_sends_the_waiter_to_compute(
    supervisor_client: Client,  # noqa: F811
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    computed: Computed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process claimed the answer and ended with none kept under this
    snapshot (it failed, or its computation saw a later one): compute at
    once, not after the longest wait."""
    some_tasks(supervisor, dept_a, dept_b)
    monkeypatch.setattr(memo, "_shared_claim", lambda seen: False)
    for url in URLS:
        memo_clear()
        count, started = computed.count, time.monotonic()
        text = answer(supervisor_client, url)
        assert time.monotonic() - started < memo.CLAIM_WAIT / 2
        assert computed.count == count + 1
        assert text == fresh(supervisor_client, url)
