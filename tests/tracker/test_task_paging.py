"""Keyset pages of the task list API: walking ``next`` visits every visible
task once in the list's order (for every sort, tasks without a deadline
included), ``previous`` walks back the same pages, a deep page costs the
queries of the first, and counts beyond 2,000 rows are estimates that are
exact on demand."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from tracker.org.models import Department, User
from tracker.tasks.api import TaskSerializer
from tracker.tasks.models import Status, Task
from tracker.tasks.paging import (
    FAR_FUTURE,
    SORTS,
    after_condition,
    decode_cursor,
    keyset_page,
    sorted_tasks,
)

pytestmark = pytest.mark.django_db


def api_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def many(supervisor: User, dept_a: Department, dept_b: Department, staff_a: User) -> list[Task]:
    rng = random.Random(3)
    base = timezone.now()
    tasks = Task.objects.bulk_create(
        [
            Task(
                title=f"任务{i}",
                lead_department=dept_a if i % 3 else dept_b,
                responsible=staff_a if i % 7 == 0 else None,
                # Few distinct deadlines, many ties, some without one.
                due_on=None
                if i % 11 == 0
                else dt.date(2023, 1, 1) + dt.timedelta(rng.randint(0, 9)),
                priority=rng.choice([1, 2, 3]),
                progress=rng.choice([0, 50, 100]),
                status=rng.choice(list(Status.values)),
                created_by=supervisor,
            )
            for i in range(137)
        ]
    )
    for i, task in enumerate(tasks):  # distinct updated_at, with ties
        Task.objects.filter(pk=task.pk).update(updated_at=base - dt.timedelta(minutes=i // 3))
    return list(Task.objects.all())


def expected_order(tasks: list[Task], sort: str) -> list[int]:
    def key(task: Task) -> tuple[Any, ...]:
        parts: list[Any] = []
        for name, descending in SORTS[sort]:
            value: Any = (task.due_on or FAR_FUTURE) if name == "due_key" else getattr(task, name)
            if isinstance(value, dt.datetime):
                value = value.timestamp()
            elif isinstance(value, dt.date):
                value = value.toordinal()
            elif isinstance(value, str):
                value = [ord(c) for c in value]
            if descending:
                value = -value if not isinstance(value, list) else [-c for c in value]
            parts.append(value)
        return tuple(parts)

    return [t.pk for t in sorted(tasks, key=key)]


def walk(client: Client, url: str) -> tuple[list[list[int]], str]:
    pages, last_url = [], url
    while url:
        body = client.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        last_url, url = url, body["next"]
    return pages, last_url


@pytest.mark.parametrize("sort", list(SORTS))
def test_next_visits_every_task_once_in_order_and_previous_walks_back(
    sort: str, many: list[Task], supervisor: User
) -> None:
    client = api_client(supervisor)
    first = f"/api/v1/tasks/?sort={sort}"
    pages, last_url = walk(client, first)
    assert [len(p) for p in pages] == [50, 50, 37]
    assert [pk for page in pages for pk in page] == expected_order(many, sort)
    # Back from the last page: the same pages, in reverse.
    back, url = [], client.get(last_url).json()["previous"]
    while url:
        body = client.get(url).json()
        back.append([row["id"] for row in body["results"]])
        url = body["previous"]
    assert back == pages[-2::-1]
    # Old numbered links show the same rows.
    assert [r["id"] for r in client.get(f"{first}&page=2").json()["results"]] == pages[1]


def test_a_division_walks_only_its_visible_tasks(
    many: list[Task], head_b: User, dept_b: Department
) -> None:
    pages, _ = walk(api_client(head_b), "/api/v1/tasks/")
    visible = [t for t in many if t.lead_department_id == dept_b.pk]
    assert [pk for page in pages for pk in page] == expected_order(visible, "due_on")
    assert api_client(head_b).get("/api/v1/tasks/").json()["count"] == len(visible)


def test_bad_paging_input_is_refused_in_chinese(many: list[Task], supervisor: User) -> None:
    client = api_client(supervisor)
    for query in ("cursor=abc", "cursor=" + "x" * 40, "sort=title", "page=0", "page=-1", "page=x"):
        response = client.get(f"/api/v1/tasks/?{query}")
        assert response.status_code == 400, query
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"]), query
    # A cursor written for one order is not accepted for another.
    next_url = client.get("/api/v1/tasks/?sort=priority").json()["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    assert client.get(f"/api/v1/tasks/?sort=progress&cursor={cursor}").status_code == 400


def test_a_deep_page_costs_the_queries_of_the_first(many: list[Task], supervisor: User) -> None:
    client = api_client(supervisor)
    pages, last_url = walk(client, "/api/v1/tasks/")
    counts = []
    for url in ("/api/v1/tasks/", last_url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_keyset_page_on_an_empty_list(supervisor: User) -> None:
    page = keyset_page(Task.objects.all())
    assert page.tasks == [] and page.next_cursor is None and page.previous_cursor is None


@pytest.mark.postgres
def test_counts_beyond_the_cap_are_estimates_exact_on_demand(
    supervisor: User, dept_a: Department
) -> None:
    Task.objects.bulk_create(
        [Task(title=f"量{i}", lead_department=dept_a, created_by=supervisor) for i in range(2300)]
    )
    with connection.cursor() as cursor:
        cursor.execute("analyze tasks_task")
    client = api_client(supervisor)
    # Every task: the tally's exact number, however many.
    body = client.get("/api/v1/tasks/").json()
    assert (body["count"], body["count_estimated"]) == (2300, False)
    # A filter matching more than 2,000: an estimate, flagged; exact on demand.
    filtered = f"/api/v1/tasks/?lead_department={dept_a.pk}"
    body = client.get(filtered).json()
    assert body["count_estimated"] is True and body["count"] > 2000
    exact = client.get(filtered + "&count=exact").json()
    assert (exact["count"], exact["count_estimated"]) == (2300, False)


@pytest.mark.postgres
@pytest.mark.parametrize("sort", list(SORTS))
def test_every_list_order_is_read_from_an_index_without_sorting(
    sort: str, many: list[Task]
) -> None:
    page = keyset_page(Task.objects.all(), sort=sort)
    assert page.next_cursor
    values, backwards = decode_cursor(page.next_cursor, sort)
    queryset = sorted_tasks(Task.objects.all(), sort).filter(
        after_condition(SORTS[sort], values, backwards)
    )[:51]
    with connection.cursor() as cursor:
        # Tiny table: forbid the shortcuts so the plan shows whether an index
        # delivers this order at all (a Sort would remain if none did).
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("set local enable_sort = off")
        # An incremental sort on a shorter index is such a shortcut too.
        cursor.execute("set local enable_incremental_sort = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"explain {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan and "Index" in plan, plan


def html_walk(client: Client, url: str) -> list[int]:
    seen: list[int] = []
    while url:
        html = client.get(url).content.decode()
        seen += [int(pk) for pk in re.findall(r'href="/tasks/(\d+)/"', html)]
        found = re.search(r'href="(\?[^"]*cursor=[^"]*)" rel="next"', html)
        url = "/tasks/" + found.group(1).replace("&amp;", "&") if found else ""
    return list(dict.fromkeys(seen))


@pytest.mark.parametrize("sort", ["due_on", "priority", "updated"])
def test_html_list_pages_through_every_visible_task(
    sort: str,
    many: list[Task],
    supervisor: User,
    head_b: User,
    dept_b: Department,
    login: Callable[[User], Client],
) -> None:
    assert html_walk(login(supervisor), f"/tasks/?scope=all&sort={sort}") == expected_order(
        many, sort
    )
    visible = [t for t in many if t.lead_department_id == dept_b.pk]
    assert html_walk(login(head_b), f"/tasks/?sort={sort}") == expected_order(visible, sort)


def test_html_list_with_a_bad_cursor_shows_the_first_page(
    many: list[Task], supervisor: User, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).get("/tasks/?scope=all&cursor=garbage")
    assert response.status_code == 200
    assert "分页参数无效" in response.content.decode()


def test_the_written_out_task_representation_equals_drfs(
    many: list[Task], supervisor: User, head_b: User
) -> None:
    """TaskSerializer.to_representation is written out for speed: it must give
    exactly what DRF's generic field-by-field path gives."""
    Task.objects.filter(pk=many[0].pk).update(
        assigned_at=timezone.now(), completed_at=timezone.now(), archived_at=timezone.now()
    )
    many[1].cooperating_departments.add(head_b.department)  # type: ignore[arg-type]
    for user in (supervisor, head_b):
        request = APIRequestFactory().get("/api/v1/tasks/")
        request.user = user
        tasks = (
            Task.objects.select_related("lead_department", "responsible")
            .prefetch_related("cooperating_departments", "extension_requests")
            .order_by("id")
        )
        for task in tasks:
            fast = TaskSerializer(task, context={"request": request}).data
            generic = serializers.ModelSerializer.to_representation(
                TaskSerializer(context={"request": request}), task
            )
            assert dict(fast) == dict(generic)
