"""An API list request of a prepared shape — no filter, or only a lead
department, statuses and a 关键词 — is answered without building the FilterSet
or the user's queryset (issue #17): its parameters are checked as the
FilterSet's form checks them (a department by the form's own query, compiled
once), its page, count key, capped count and a search's plan come from
statements compiled once per shape. The answers, the statements sent and the
400s of bad parameters are those of the ORM's path (``prepared_list`` off).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tracker.conftest import postgres_only, token_client
from tracker.org.models import Department, User
from tracker.tasks import api, prepared
from tracker.tasks.api import TaskViewSet
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a request built: a TaskFilter, the view's queryset (api_rows)."""
    seen: list[str] = []
    real_init = TaskFilter.__init__
    real_rows = api.api_rows

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        seen.append("filterset")
        real_init(self, *args, **kwargs)

    def counting_rows(user: Any) -> Any:
        seen.append(f"rows:{user.pk}")
        return real_rows(user)

    monkeypatch.setattr(TaskFilter, "__init__", counting_init)
    monkeypatch.setattr(api, "api_rows", counting_rows)
    return seen


def urls(dept: Department) -> list[str]:
    return [
        "/api/v1/tasks/",
        f"/api/v1/tasks/?lead_department={dept.pk}&status=in_progress",
        # One status: several are ORed in the order of a set of them (the
        # process's hash seed), the prepared query in its own (same rows).
        f"/api/v1/tasks/?lead_department={dept.pk}&status=assigned&sort=priority",
        f"/api/v1/tasks/?q={quote('任务')}",
        f"/api/v1/tasks/?q={quote('任')}&sort=-due_on",
        f"/api/v1/tasks/?q={quote('任务1')}&status=assigned",
    ]


@postgres_only
@pytest.mark.parametrize("role", ["supervisor", "head_a", "head_c", "staff_d"])
def test_prepared_requests_build_no_filterset_nor_queryset(
    role: str,
    request: pytest.FixtureRequest,
    world: list[Task],  # noqa: F811
    dept_a: Department,
    fresh: None,
    built: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once compiled, a list, a filtered list and searches build neither the
    FilterSet nor the user's queryset (but the list of every task), and send the statements the ORM's
    path sends (the same SQL, the same number), with the same answer — but for
    the count of a list of everything filtered by department and status,
    which the prepared path reads from the status tally (``_tally_capped``)."""
    user: User = request.getfixturevalue(role)
    client = token_client(user)
    fast: list[tuple[bytes, list[str]]] = []
    for url in urls(dept_a):
        client.get(url)  # compiles
        built.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        if role == "supervisor" and url == "/api/v1/tasks/":
            # Every task: the queryset (no condition, ~90 calls) shows the tallies answer.
            assert built == [f"rows:{user.pk}"]
        else:
            assert built == [], url
        fast.append((response.content, [q["sql"] for q in queries.captured_queries]))
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = []
    for url in urls(dept_a):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        plain.append((response.content, [q["sql"] for q in queries.captured_queries]))
    tallied = [
        i for i, (_body, sent) in enumerate(fast) if any("taskstatustally" in sql for sql in sent)
    ]
    assert tallied == ([1, 2] if role == "supervisor" else [])
    for i in tallied:
        # The one statement that differs is the count: the tally's for the ORM's COUNT.
        differs = [(a, b) for a, b in zip(fast[i][1], plain[i][1], strict=True) if a != b]
        assert [("taskstatustally" in a, b.startswith("SELECT COUNT(*)")) for a, b in differs] == [
            (True, True)
        ]
        fast[i] = (fast[i][0], plain[i][1])
    assert fast == plain
    assert "filterset" in built  # the ORM's path builds it


@postgres_only
def test_another_division_gets_nothing_on_the_unbuilt_path(
    world: list[Task],  # noqa: F811
    dept_a: Department,
    head_a: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    fresh: None,
    built: list[str],
) -> None:
    """Head A's filtered request and search find A's tasks; the other
    division's users, on the same unbuilt path, find none of them."""
    filtered = f"/api/v1/tasks/?lead_department={dept_a.pk}&status=assigned&status=in_progress"
    search = f"/api/v1/tasks/?q={quote('任务')}"
    for url in (filtered, search):
        token_client(head_a).get(url)
        assert json.loads(token_client(head_a).get(url).content)["results"]
    a_only = set(Task.objects.visible_to(head_a).values_list("pk", flat=True)) - set(
        Task.objects.visible_to(head_c).values_list("pk", flat=True)
    )
    assert a_only
    for user in (head_c, staff_d):
        client = token_client(user)
        for url in (filtered, search):
            client.get(url)  # compiles this shape
            built.clear()
            body = json.loads(client.get(url).content)
            assert built == []
            assert not {row["id"] for row in body["results"]} & a_only
    body = json.loads(token_client(staff_d).get(filtered).content)
    assert body["results"] == [] and body["count"] == 0


BAD = [
    "status=nonsense",
    "status=&lead_department=1",
    "lead_department=999999",
    "lead_department=abc",
    "lead_department=" + "%EF%BC%99" * 6,  # full-width digits: int() reads them
    "lead_department=99999999999",
    "q=%E4%BB%BB%00",
    "status=done&cursor=nonsense",
    "sort=nonsense&q=a",
    "page=0&status=done",
]


@pytest.mark.parametrize("query", BAD)
def test_bad_parameters_get_the_same_400(
    query: str,
    world: list[Task],  # noqa: F811
    head_a: User,
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bad filter value, cursor, sort or page is the same 400 with the same
    Chinese message on both paths (the form's errors, the pager's)."""
    client = token_client(head_a)
    fast = client.get(f"/api/v1/tasks/?{query}")
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = client.get(f"/api/v1/tasks/?{query}")
    assert (fast.status_code, fast.content) == (plain.status_code, plain.content)
    assert fast.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in fast.content.decode())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_sqlite_builds_the_filterset_as_before(
    world: list[Task],  # noqa: F811
    dept_a: Department,
    head_a: User,
    fresh: None,
    built: list[str],
) -> None:
    client = token_client(head_a)
    response = client.get(f"/api/v1/tasks/?lead_department={dept_a.pk}&status=assigned")
    assert response.status_code == 200 and "filterset" in built
    assert prepared._PREPARED == {}


URIS = [
    "http://testserver/api/v1/tasks/",
    "http://testserver/api/v1/tasks/?q=%E4%BB%BB%E5%8A%A1&page=3",
    "http://testserver/api/v1/tasks/?status=done&status=assigned&cursor=old&sort=priority",
    "http://testserver/api/v1/tasks/?b=&a&=x&q=a+b%2Bc&page=&page=2",
    "https://example.org:8443/api/v1/tasks/?q=%FF%FE&lead_department=%EF%BC%91&z=1#frag",
    "http://testserver/api/v1/tasks/?q=%25_%5C&count=exact&cursor=a&cursor=b",
]


@pytest.mark.parametrize("uri", URIS)
def test_cursor_links_are_drfs(uri: str) -> None:
    """The pager's next/previous links, the query parsed once, are what DRF's
    remove_query_param(…, "page") then replace_query_param(…, "cursor", c) write."""
    from rest_framework.utils.urls import remove_query_param, replace_query_param

    from tracker.tasks.api_pagination import cursor_links

    cursors = ["WyJkdWVfb24iLCJmIl0=", None, "a b+c/é"]
    expected = [
        None if c is None else replace_query_param(remove_query_param(uri, "page"), "cursor", c)
        for c in cursors
    ]
    assert cursor_links(uri, *cursors) == expected
    assert cursor_links(uri, None, None) == [None, None]
