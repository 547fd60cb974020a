"""The API list's pages read by a query compiled once per process
(tracker.tasks.prepared) say exactly what the ORM's query says (issue #17).

For every role of test_list_output_pinned's world (supervisor, leader, a head
with a section below, a staff member, a co-operating division's head, another
division's staff member who sees nothing), every sort, and every cursor page
forwards and back (pages of 7), the answers with the prepared query equal those
read through the ORM, byte for byte. PostgreSQL only (elsewhere the ORM answers).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.tracker.conftest import token_client
from tracker.org.models import Department, User
from tracker.tasks import prepared, sentinels
from tracker.tasks.api import TaskViewSet
from tracker.tasks.api_pagination import TaskKeysetPagination
from tracker.tasks.models import Task
from tracker.tasks.paging import SORTS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("list_clock"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the prepared page is PostgreSQL's"
    ),
]

ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_c", "staff_d"]


def pages_both_ways(client: Client, url: str) -> list[bytes]:
    """Every page following ``next`` from ``url``, then back following ``previous``."""
    bodies: list[bytes] = []
    link: str | None = url
    last: dict[str, Any] = {}
    while link:
        response = client.get(link)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        last = json.loads(response.content)
        link = last["next"]
    link = last.get("previous")
    while link:
        response = client.get(link)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        link = json.loads(response.content)["previous"]
    return bodies


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TaskKeysetPagination, "page_size", 7)
    prepared._PREPARED.clear()


@pytest.mark.parametrize("role", ROLES)
def test_prepared_pages_equal_the_orm(
    role: str,
    request: pytest.FixtureRequest,
    world: list[Task],  # noqa: F811
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user: User = request.getfixturevalue(role)
    client = token_client(user)
    urls = ["/api/v1/tasks/"] + [f"/api/v1/tasks/?sort={sort}" for sort in SORTS]
    urls.append("/api/v1/tasks/?count=exact")
    compiled_before = len(prepared.compiled)
    fast = [pages_both_ways(client, url) for url in urls]
    # Every sort but "updated" (a timestamp in the cursor) was compiled once per
    # shape: page 1, forwards, backwards (staff_d sees nothing: page 1 only).
    shapes = (1 if role == "staff_d" else 3) * len(prepared.PREPARED_SORTS)
    assert len(prepared.compiled) - compiled_before == shapes
    missing = [k for k in prepared.compiled[compiled_before:] if prepared._PREPARED[k][1] is None]
    assert missing == []
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = [pages_both_ways(client, url) for url in urls]
    assert len(prepared.compiled) - compiled_before == shapes
    assert fast == plain
    if role != "staff_d":
        assert sum(len(pages) for pages in fast) > 2 * len(urls)  # cursor pages were read


def test_another_division_gets_nothing(
    world: list[Task],  # noqa: F811
    staff_d: User,  # noqa: F811
    head_c: User,
    small_pages: None,
) -> None:
    """The prepared query keeps the visibility rule: the other division's staff
    member's list is empty; head C sees exactly the tasks the rule gives."""
    body = json.loads(token_client(staff_d).get("/api/v1/tasks/").content)
    assert body["results"] == [] and body["count"] == 0
    seen: set[int] = set()
    for page in pages_both_ways(token_client(head_c), "/api/v1/tasks/"):
        seen |= {row["id"] for row in json.loads(page)["results"]}
    expected = set(Task.objects.visible_to(head_c).values_list("pk", flat=True))
    assert seen == expected and seen != {t.pk for t in world}
    assert any(key[2][0] == "some" for key in prepared._PREPARED)


def test_a_filter_or_page_number_is_read_through_the_orm(
    world: list[Task],  # noqa: F811
    supervisor: User,
    small_pages: None,
) -> None:
    client = token_client(supervisor)
    for url in [
        "/api/v1/tasks/?kind=plan",
        "/api/v1/tasks/?page=2",
        "/api/v1/tasks/?sort=updated",
    ]:
        assert client.get(url).status_code == 200
    assert prepared._PREPARED == {}


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
LINK = re.compile(r'<a href="\?([^"]*)" rel="(next|prev)">')


def html_pages_both_ways(client: Client, query: str) -> list[str]:
    """Every page of the HTML task list following 下一页 from ``query``, then
    back following 上一页; whole pages, the CSRF token masked."""
    pages: list[str] = []
    links: dict[str, str] = {}
    for direction in ("next", "prev"):
        link: str | None = query if direction == "next" else links.get("prev")
        while link is not None:
            response = client.get(f"/tasks/?{link}")
            assert response.status_code == 200
            text = CSRF.sub("CSRF", response.content.decode())
            pages.append(text)
            links = {rel: href.replace("&amp;", "&") for href, rel in LINK.findall(text)}
            link = links.get(direction)
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_prepared_html_pages_equal_the_orm(
    role: str,
    request: pytest.FixtureRequest,
    world: list[Task],  # noqa: F811
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.tasks import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    monkeypatch.setattr(
        paging.keyset_page, "__kwdefaults__", {**paging.keyset_page.__kwdefaults__, "size": 7}
    )
    user: User = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    queries = [
        f"scope={scope}&sort={sort}" for scope in ("mine", "division", "all") for sort in SORTS
    ]
    queries.append("")
    fast = [html_pages_both_ways(client, query) for query in queries]
    assert prepared.compiled and any(key[1][0] == "table" for key in prepared._PREPARED)
    # Every shape is prepared but a scope with no department (the rule's empty
    # IN list makes the ORM answer "nothing" without a query).
    unprepared = {key[1] for key, (_, kept) in prepared._PREPARED.items() if kept is None}
    assert unprepared <= ({("table", "division")} if user.department_id is None else set())
    from tracker.tasks import views

    monkeypatch.setattr(views, "_prepared_page", lambda *args: None)
    plain = [html_pages_both_ways(client, query) for query in queries]
    assert fast == plain
    if role != "staff_d":
        assert sum(len(pages) for pages in fast) > 2 * len(queries)


def test_shapes_shared_between_users(
    world: list[Task],  # noqa: F811
    head_a: User,
    staff_a: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One process serves everybody: a shape compiled for one user answers the
    next user of that shape (head and staff of A, 'mine' naming each one's own
    tasks) with the next user's values."""
    users = [head_a, staff_a, head_c, staff_d, head_a]
    queries = ["scope=mine", "scope=division", "scope=mine&sort=priority"]
    fast = []
    for user in users:
        client = Client()
        client.force_login(user)
        fast.append([html_pages_both_ways(client, query) for query in queries])
        fast.append(pages_both_ways(token_client(user), "/api/v1/tasks/?sort=priority"))
    shared = [key for key in prepared._PREPARED if key[2] == (("some", 2))]
    assert shared  # head_a and staff_a: two departments in scope each
    from tracker.tasks import views

    monkeypatch.setattr(views, "_prepared_page", lambda *args: None)
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = []
    for user in users:
        client = Client()
        client.force_login(user)
        plain.append([html_pages_both_ways(client, query) for query in queries])
        plain.append(pages_both_ways(token_client(user), "/api/v1/tasks/?sort=priority"))
    assert fast == plain


FILTER_ROLES = ["supervisor", "head_a", "head_c", "staff_a", "staff_d"]


@pytest.mark.parametrize("role", FILTER_ROLES)
def test_prepared_filtered_pages_equal_the_orm(
    role: str,
    request: pytest.FixtureRequest,
    world: list[Task],  # noqa: F811
    dept_a: Department,
    dept_a1: Department,  # noqa: F811
    dept_c: Department,
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bench's filtered request (a lead department and a status) and its
    neighbours — two statuses, a status or a department alone, the same value
    twice — read from a prepared query say what the ORM says, for several
    departments and statuses, every prepared sort, forwards and back."""
    monkeypatch.setattr(TaskKeysetPagination, "page_size", 2)  # the filtered lists are short
    user: User = request.getfixturevalue(role)
    client = token_client(user)
    filters = [
        f"lead_department={dept.pk}&status={status}"
        for dept in (dept_a, dept_a1, dept_c)
        for status in ("assigned", "in_progress", "done")
    ]
    filters += [
        f"lead_department={dept_a.pk}&status=assigned&status=in_progress",
        f"status=in_progress&status=in_progress&lead_department={dept_c.pk}",
        "status=returned&status=done&status=assigned",
        f"lead_department={dept_a.pk}",
        f"lead_department=&status=done&lead_department={dept_a1.pk}",
        "status=submitted",
    ]
    urls = [
        f"/api/v1/tasks/?{f}&sort={sort}"
        for f in filters
        for sort in ("due_on", "-progress", "status")
    ]
    urls += [f"/api/v1/tasks/?{f}" for f in filters[:3]]
    compiled_before = len(prepared.compiled)
    fast = [pages_both_ways(client, url) for url in urls]
    keys = prepared.compiled[compiled_before:]
    assert keys and all(len(key[1]) == 2 and key[1][1] for key in keys)  # filtered shapes
    assert [k for k in keys if prepared._PREPARED[k][1] is None] == []
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = [pages_both_ways(client, url) for url in urls]
    assert len(prepared.compiled) - compiled_before == len(keys)
    assert fast == plain
    if role != "staff_d":  # cursor pages were read, forwards and back
        assert sum(len(pages) > 2 for pages in fast) >= 3


@pytest.mark.parametrize("size", [1, 3, 50])
def test_prepared_filtered_page_sizes(
    size: int,
    world: list[Task],  # noqa: F811
    head_a: User,
    supervisor: User,
    dept_a: Department,
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(TaskKeysetPagination, "page_size", size)
    urls = [
        f"/api/v1/tasks/?lead_department={dept_a.pk}&status=assigned&status=in_progress",
        f"/api/v1/tasks/?lead_department={dept_a.pk}&status=done&sort=priority",
    ]
    clients = [token_client(head_a), token_client(supervisor)]
    fast = [pages_both_ways(client, url) for client in clients for url in urls]
    assert prepared._PREPARED and all(kept is not None for _, kept in prepared._PREPARED.values())
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    assert fast == [pages_both_ways(client, url) for client in clients for url in urls]


def test_another_division_filtering_by_the_first_gets_nothing(
    world: list[Task],  # noqa: F811
    head_a: User,
    head_c: User,
    dept_a: Department,
    small_pages: None,
) -> None:
    """Head C filtering by division A's id gets nothing (head A, the same
    request, gets A's tasks): the visibility rule stays in the prepared query."""
    url = f"/api/v1/tasks/?lead_department={dept_a.pk}&status=assigned&status=in_progress"
    seen_a = json.loads(token_client(head_a).get(url).content)["results"]
    assert seen_a  # A's head sees A's tasks through the same shape
    body = json.loads(token_client(head_c).get(url).content)
    assert body["results"] == [] and body["count"] == 0
    # Head C's request was read from a prepared query (one department in scope).
    assert [key[2] for key in prepared.compiled[-2:]] == [("some", 2), ("some", 1)]
    assert all(kept is not None for _, kept in prepared._PREPARED.values())


def test_filtered_sql_is_the_orms(
    world: list[Task],  # noqa: F811
    head_a: User,
    dept_c: Department,
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prepared filtered query sends PostgreSQL the ORM's SQL (plans unchanged)."""
    from django.test.utils import CaptureQueriesContext

    client = token_client(head_a)
    url = f"/api/v1/tasks/?lead_department={dept_c.pk}&status=assigned&sort=priority"
    client.get(url)  # compiled
    with CaptureQueriesContext(connection) as fast:
        client.get(url)
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    assert [q["sql"] for q in fast.captured_queries] == [q["sql"] for q in plain.captured_queries]


def test_other_filters_and_values_are_read_through_the_orm(
    world: list[Task],  # noqa: F811
    supervisor: User,
    dept_a: Department,
    small_pages: None,
) -> None:
    client = token_client(supervisor)
    for url in [
        f"/api/v1/tasks/?lead_department={dept_a.pk}&status=done&kind=plan",
        f"/api/v1/tasks/?lead_department={dept_a.pk}&due_after=2024-01-01",
        "/api/v1/tasks/?status=done&overdue=true",
        f"/api/v1/tasks/?lead_department=%EF%BC%91{dept_a.pk}",  # not ASCII digits
    ]:
        client.get(url)
    assert client.get("/api/v1/tasks/?status=nonsense").status_code == 400
    assert client.get("/api/v1/tasks/?lead_department=999999").status_code == 400
    assert prepared._PREPARED == {}


CHIPS = re.compile(r'<ul class="statuscounts">.*?</ul>', re.S)


@pytest.mark.parametrize("cap", [2000, 3])
def test_prepared_status_counts_equal_the_orm(
    cap: int,
    world: list[Task],  # noqa: F811
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The status chips' sample and the count cache's key read from the
    statements compiled once per process (users of one shape in turn) are the
    ORM's: the same SQL and parameters (the departments in scope in ascending
    order, the ORM's in its set's order), a key of its own for each user and
    scope, and the chips on the page — exact (cap 2,000) and estimated (cap 3)
    — the same."""
    from django.core.cache import caches
    from django.http import QueryDict

    from tracker.tasks import paging, views
    from tracker.tasks.filters import TaskFilter

    monkeypatch.setattr(paging, "COUNT_CAP", cap)
    sentinels.STATEMENTS.clear()
    users = [supervisor, leader, head_a, staff_a, head_c, staff_d, head_a]
    keys: dict[tuple[int, str], str] = {}
    for user in users:
        for scope in ("mine", "division", "all"):
            listed = TaskFilter(QueryDict(), queryset=views.scope_queryset(user, scope)).qs
            counted = listed.order_by()
            ids = prepared.table_statement(scope, views.scope_queryset, user, "default", "ids")
            statuses = prepared.table_statement(
                scope, views.scope_queryset, user, "default", "statuses"
            )
            if ids is None or statuses is None:
                # Only a scope the rule answers "nothing" for without SQL.
                assert scope == "division" and user.department_id is None
                continue
            for statement, orm in (
                (ids, counted.values("pk")),
                (statuses, counted.values_list("status", flat=True)[: cap + 1]),
            ):
                sql, params = orm.query.sql_with_params()
                assert statement[0] == sql
                assert sorted(map(repr, statement[1])) == sorted(map(repr, params))
            key = paging.count_key(*ids)
            assert keys.setdefault((user.pk, scope), key) == key
    # A key of its own for each user and scope but where the lists are one
    # (everything, for who sees everything; no department: "mine" and "division").
    assert len(set(keys.values())) >= len(keys) - 4
    assert any(key[2] == ("some", 2) for key in sentinels.STATEMENTS)  # head_a's, twice

    def chips() -> list[str]:
        shown = []
        for user in users:
            client = Client()
            client.force_login(user)
            for scope in ("mine", "division", "all"):
                caches["counts"].clear()
                for _ in range(2):  # the second from the count cache when estimated
                    page = client.get(f"/tasks/?scope={scope}").content.decode()
                    found = CHIPS.search(page)
                    assert found is not None
                    shown.append(found.group(0))
        return shown

    fast = chips()
    monkeypatch.setattr(views, "_prepared_counts", lambda *args: None)
    assert fast == chips()
    if cap == 3:
        assert any("约" in chip for chip in fast)


@pytest.mark.parametrize("scope", ["mine", "division"])
def test_html_list_without_filter_builds_no_queryset(
    scope: str,
    world: list[Task],  # noqa: F811
    head_a: User,
    staff_d: User,  # noqa: F811
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a filter the page, its chips and its count come from statements
    compiled once per process: once compiled, a request builds no queryset of
    its user's (the visibility rule's Q objects, issue #17) — and the other
    division's staff member, on that same path, still sees none of A's tasks."""
    from tracker.tasks import views

    sentinels.STATEMENTS.clear()
    built: list[Any] = []
    real = views.scope_queryset

    def counting(user: Any, scope: str) -> Any:
        built.append(user.pk)
        return real(user, scope)

    monkeypatch.setattr(views, "scope_queryset", counting)
    client = Client()
    client.force_login(head_a)
    first = client.get(f"/tasks/?scope={scope}").content  # compiles (stand-ins)
    built.clear()
    again = client.get(f"/tasks/?scope={scope}").content
    assert built == []
    listed = re.findall(r'class="tasktitle" href="[^"]*?(\d+)/"', again.decode())
    assert listed or scope == "mine"  # head A is nobody's responsible
    assert CSRF.sub("", again.decode()) == CSRF.sub("", first.decode())
    # A filter still reads the user's queryset.
    client.get(f"/tasks/?scope={scope}&kind=plan")
    assert head_a.pk in built
    # The other division's staff member: no task of A's on the prepared path.
    other = Client()
    other.force_login(staff_d)
    built.clear()
    body = other.get(f"/tasks/?scope={scope}").content.decode()
    assert staff_d.pk not in built
    hrefs = set(re.findall(r'class="tasktitle" href="[^"]*?(\d+)/"', body))
    assert not hrefs & {str(t.pk) for t in Task.objects.visible_to(head_a)}


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_html_list_of_every_task_builds_no_queryset(
    who: str,
    world: list[Task],  # noqa: F811
    staff_d: User,  # noqa: F811
    small_pages: None,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """Scope "all" without a filter, for who sees everything, is every task:
    once compiled, a request builds no queryset of its user's (the chips from
    the status tally, issue #17), the chips equal the plain count of every
    status after a status change, a new task and a delete, and the page is
    the same as through the ORM. Another division's staff member asking for
    "all" gets their own list: none of the tasks they may not see."""
    from collections import Counter

    from tracker.tasks import views
    from tracker.tasks.models import Status

    user = request.getfixturevalue(who)
    sentinels.STATEMENTS.clear()
    built: list[Any] = []
    real = views.scope_queryset

    def counting(user: Any, scope: str) -> Any:
        built.append(user.pk)
        return real(user, scope)

    def chips(body: str) -> dict[str, str]:
        return dict(re.findall(r'status=(\w+)" class="[^"]*">[^<]* <b>(\d+)</b>', body))

    monkeypatch.setattr(views, "scope_queryset", counting)
    client = Client()
    client.force_login(user)
    first = client.get("/tasks/?scope=all").content.decode()
    built.clear()
    again = client.get("/tasks/?scope=all").content.decode()
    assert built == []
    assert CSRF.sub("", again) == CSRF.sub("", first)
    # After writes the chips are the plain count of every task's status.
    tasks = list(Task.objects.order_by("id"))
    Task.objects.filter(pk=tasks[0].pk).update(status=Status.SUBMITTED)
    Task.objects.filter(pk=tasks[1].pk).delete()
    Task.objects.create(title="新增一项", created_by=user, status=Status.CANCELLED)
    body = client.get("/tasks/?scope=all").content.decode()
    expected = Counter(Task.objects.values_list("status", flat=True))
    shown = chips(body)
    assert shown and {s: int(n) for s, n in shown.items()} == {
        value: expected.get(value, 0) for value in Status.values
    }
    # The same page as the ORM answers it (the tallies' choice made by looking).
    monkeypatch.setattr(views, "_prepared_counts", lambda *args: None)
    monkeypatch.setattr(views, "_prepared_page", lambda *args: None)
    assert CSRF.sub("", client.get("/tasks/?scope=all").content.decode()) == CSRF.sub("", body)
    # The other division's staff member: "all" is not theirs, none of A's tasks.
    other = Client()
    other.force_login(staff_d)
    listed = other.get("/tasks/?scope=all").content.decode()
    hrefs = set(re.findall(r'class="tasktitle" href="[^"]*?(\d+)/"', listed))
    assert not hrefs - {str(t.pk) for t in Task.objects.visible_to(staff_d)}
    hidden = {str(t.pk) for t in Task.objects.exclude(pk__in=Task.objects.visible_to(staff_d))}
    assert hidden and not hrefs & hidden
