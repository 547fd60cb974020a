"""The task detail read by a statement compiled once per shape of the user
(issue #17): the API's ``GET /api/v1/tasks/<id>/`` (``selectors.api_detail_task``)
and the task page ``/tasks/<id>/`` (``selectors.page_task``) answer as the
ORM's read did, byte for byte, for every kind of user the visibility rule
tells apart, and another division's people still get a 404."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.tracker.workflow_helpers import upload
from tracker.audit.models import AuditEvent
from tracker.evidence.services import evidence_upload
from tracker.org.models import Department, Role, User
from tracker.tasks import api, sentinels, views
from tracker.tasks.models import ExtensionRequest, Status, Task
from tracker.tasks.selectors import (
    _api_detail_read,
    _page_read,
    api_detail_task,
    page_prefetches,
    page_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys_checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every prepared read compiled again and compared with the statement
    kept under its key: a key naming two shapes fails here (KeyClash)."""
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    yield


@pytest.fixture
def world(
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    roster: dict[str, User],
    task_a: Task,
    task_b: Task,
) -> dict[str, Any]:
    """Users of every shape the rule tells apart: who sees everything
    (supervisor, leader), a division of two departments (A and its section),
    of one (B, C), a person without a department (responsible for one task);
    task_a with a co-operating division, a pending extension request, evidence
    and a sub-task led by A's section."""
    section = Department.objects.create(
        name="法规审查科", short_name="审查科", parent=dept_a, order=11
    )
    loner = make_user("loner", Role.STAFF, None, full_name="郑联络员")
    staff_a = roster["staff_a"]
    task_a.cooperating_departments.add(dept_c)
    ExtensionRequest.objects.create(
        task=task_a, requested_by=staff_a, requested_due_on=dt.date(2031, 3, 31), reason="待批复"
    )
    evidence_upload(task=task_a, actor=staff_a, files=[upload("整改台账.pdf")])
    sub = Task.objects.create(
        title="审查规范性文件备案情况。",
        lead_department=section,
        responsible=loner,
        parent=task_a,
        due_on=dt.date(2023, 6, 30),
        status=Status.ASSIGNED,
        created_by=roster["supervisor"],
    )
    people = {**roster, "loner": loner}
    order = ("supervisor", "head_a", "loner", "head_b", "leader", "staff_a", "head_c", "staff_b")
    users = [people[name] for name in order]
    return {"users": users, "tasks": [task_a, task_b, sub], "sub": sub, "loner": loner}


def _as_read(task: Task | None) -> Any:
    """What a read built: the instance's fields and annotations, its
    ``select_related`` objects (each as its own fields) and its prefetched
    objects (each as its fields and related objects)."""
    if task is None:
        return None
    own = {k: v for k, v in vars(task).items() if k not in ("_state", "_prefetched_objects_cache")}
    related = {
        name: None if obj is None else _fields(obj)
        for name, obj in task._state.fields_cache.items()
    }
    prefetched = {
        name: [_as_read(obj) if isinstance(obj, Task) else _fields(obj) for obj in objs]
        for name, objs in getattr(task, "_prefetched_objects_cache", {}).items()
    }
    return own, related, prefetched


def _fields(obj: Any) -> Any:
    # (A prefetched object's task is the task itself: its prefetches are compared once.)
    own = {k: v for k, v in vars(obj).items() if k not in ("_state", "_prefetched_objects_cache")}
    return own, {name: _fields(o) if o else o for name, o in obj._state.fields_cache.items()}


def test_the_prepared_detail_reads_answer_as_the_orms_for_every_shape(
    world: dict[str, Any],
) -> None:
    missing = max(t.pk for t in world["tasks"]) + 1000
    visible = 0
    # Shapes interleaved: each user's read follows another shape's.
    for _round in range(2):
        for user in world["users"]:
            for pk in [*(t.pk for t in world["tasks"]), missing]:
                fast = api_detail_task(user, pk)
                plain = list(_api_detail_read(user).filter(pk=pk)[:1])
                assert fast is not None, user  # every one of these users is of a prepared shape
                assert [_as_read(t) for t in fast] == [_as_read(t) for t in plain], (user, pk)

                page = page_task(user, pk)
                orm = list(_page_read(user).prefetch_related(*page_prefetches()).filter(pk=pk)[:1])
                assert page is not None
                assert [_as_read(t) for t in page] == [_as_read(t) for t in orm], (user, pk)
                visible += bool(page)
    task_a, task_b, sub = world["tasks"]
    # Silent negatives: another division's people see nothing of A's; the
    # person without a department only the task they hold.
    for user in world["users"][3], world["users"][7]:  # head_b, staff_b
        assert api_detail_task(user, task_a.pk) == [] and page_task(user, task_a.pk) == []
        assert api_detail_task(user, sub.pk) == [] and page_task(user, sub.pk) == []
    loner = world["loner"]
    assert [t.pk for t in page_task(loner, sub.pk) or []] == [sub.pk]
    assert page_task(loner, task_a.pk) == []
    # supervisor, leader 3 each; head_a 2 (A's and its section's); staff_a 2;
    # loner 1; head_b, staff_b 1 (B's); head_c 1 (co-operating on A's).
    assert visible == 2 * (3 + 3 + 2 + 2 + 1 + 1 + 1 + 1)
    # The page's prefetches are read: evidence, the extension request, the sub-task.
    [page] = page_task(world["users"][0], task_a.pk) or []
    cached = page._prefetched_objects_cache
    assert [e.original_name for e in cached["evidence"]] == ["整改台账.pdf"]
    assert [r.reason for r in cached["extension_requests"]] == ["待批复"]
    assert [t.pk for t in cached["subtasks"]] == [sub.pk]


def _masked(body: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", body.decode())


def _answers(
    login: Callable[[User], Client], users: list[User], tasks: list[Task]
) -> dict[tuple[str, int, str, str], tuple[int, str]]:
    answers = {}
    for user in users:
        client = login(user)
        for task in tasks:
            for language in ("zh-hans", "en"):
                for url in (f"/api/v1/tasks/{task.pk}/", f"/tasks/{task.pk}/"):
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                    key = (user.username, task.pk, language, url)
                    answers[key] = (response.status_code, _masked(response.content))
    return answers


def test_the_detail_answers_are_byte_identical_to_the_orms(
    world: dict[str, Any], login: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    users, tasks = world["users"], world["tasks"]
    calls: list[Any] = []

    def counted(read: Callable[..., Any]) -> Callable[..., Any]:
        def reading(*args: Any) -> Any:
            calls.append(read)
            return read(*args)

        return reading

    monkeypatch.setattr(api, "api_detail_task", counted(api_detail_task))
    monkeypatch.setattr(views, "page_task", counted(page_task))
    fast = _answers(login, users, tasks)
    assert len(calls) == len(fast)  # every answer went through a prepared read
    monkeypatch.setattr(api, "api_detail_task", lambda user, pk: None)
    monkeypatch.setattr(views, "page_task", lambda user, pk: None)
    plain = _answers(login, users, tasks)
    assert fast == plain
    # The answers say something: the page in both languages, the API's fields.
    task_a = tasks[0]
    status, zh = fast[("head_a", task_a.pk, "zh-hans", f"/tasks/{task_a.pk}/")]
    assert status == 200 and "牵头单位" in zh and "整改台账.pdf" in zh and "待批复" in zh
    status, en = fast[("head_a", task_a.pk, "en", f"/tasks/{task_a.pk}/")]
    assert status == 200 and "Lead department" in en and "牵头单位" not in en
    status, body = fast[("head_c", task_a.pk, "en", f"/api/v1/tasks/{task_a.pk}/")]
    assert status == 200 and task_a.title in body
    assert sum(status == 200 for status, _ in fast.values()) == 2 * 2 * 14


def test_another_divisions_people_get_404_and_their_attempts_are_audited(
    world: dict[str, Any], login: Callable[[User], Client]
) -> None:
    task_a, _task_b, sub = world["tasks"]
    staff_b, head_b = world["users"][7], world["users"][3]
    for user in (staff_b, head_b):
        client = login(user)
        for task in (task_a, sub):
            response = client.get(f"/api/v1/tasks/{task.pk}/")
            assert response.status_code == 404
            assert response.json()["detail"] == "任务不存在或您无权查看。"
            page = client.get(f"/tasks/{task.pk}/")
            assert page.status_code == 404
            assert task.title.encode() not in page.content
    denied = AuditEvent.objects.filter(action="permission_denied", object_id=str(task_a.pk))
    assert sorted(e.actor.username for e in denied) == ["head_b", "head_b", "staff_b", "staff_b"]
    # Near miss: their own division's task is shown to them.
    task_b = world["tasks"][1]
    assert login(head_b).get(f"/tasks/{task_b.pk}/").status_code == 200
    assert login(staff_b).get(f"/api/v1/tasks/{task_b.pk}/").json()["id"] == task_b.pk


def _calls(client: Client, url: str, n: int = 3) -> float:
    profiler = cProfile.Profile()
    for _ in range(n):
        profiler.enable()
        response = client.get(url)
        profiler.disable()
        assert response.status_code == 200
    return pstats.Stats(profiler).total_calls / n  # type: ignore[attr-defined]


def test_the_detail_read_compiles_no_query_per_request(
    world: dict[str, Any], login: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentinels, "CHECK_KEYS", False)  # counted as in production
    task_a = world["tasks"][0]
    client = login(world["users"][1])  # head_a: a division of two departments
    api_url, page_url = f"/api/v1/tasks/{task_a.pk}/", f"/tasks/{task_a.pk}/"
    client.get(api_url), client.get(page_url)  # warm: the shapes compiled
    before = len(sentinels.compiled_models)
    fast_api, fast_page = _calls(client, api_url), _calls(client, page_url)
    assert len(sentinels.compiled_models) == before
    # Whole requests (session login). The ORM's read compiled the visibility
    # rule's query on every request: 9,900 calls for the API's detail (5,000 -
    # 5,900 prepared), 79,400 - 82,400 for the page (65,700 - 68,200), on
    # PostgreSQL and SQLite.
    assert fast_api < 7_500, fast_api
    assert fast_page < 74_000, fast_page
    # Near miss: the same requests through the ORM's read cost what they did.
    monkeypatch.setattr(api, "api_detail_task", lambda user, pk: None)
    monkeypatch.setattr(views, "page_task", lambda user, pk: None)
    plain_api, plain_page = _calls(client, api_url), _calls(client, page_url)
    assert plain_api - fast_api > 2_000, (plain_api, fast_api)
    assert plain_page - fast_page > 2_500, (plain_page, fast_page)
