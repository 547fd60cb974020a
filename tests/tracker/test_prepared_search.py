"""The API's text search (?q=) read by queries compiled once per process
(tracker.tasks.prepared) says exactly what the ORM says (issue #17).

The search's parameters are not the request's value as it is: the ILIKEs get
``like_pattern(term)`` (``%`` and ``_`` and ``\\`` escaped, between two ``%``),
the bigram condition of a two-character term gets the term, and the SQL
depends on the term's length (one, two, three or more characters). For every
role of test_list_output_pinned's world, terms of each length with LIKE's
special characters, quotes, full-width characters and surrounding spaces,
sorts in both directions and every cursor page forwards and back, the answers
(count included) equal those read through the ORM byte for byte, the SQL sent
is the ORM's, and the count's cache key is the ORM's. On SQLite nothing is
prepared and the search matches as before.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.tracker.conftest import postgres_only, token_client
from tests.tracker.test_prepared_page import pages_both_ways
from tracker.org.models import Department, Role, User
from tracker.tasks import paging, prepared
from tracker.tasks.api import TaskViewSet
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import Status, Task
from tracker.tasks.selectors import api_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]

ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_c", "staff_d"]

# Titles with LIKE's special characters, quotes, full-width forms and both
# cases of ASCII letters (test_list_output_pinned's world has 任务{i}：<加强>&"落实" '整改').
SPECIAL_TITLES = [
    ("完成率100%以上", "说明：50%"),
    ("文件a_b版", "下划线_在中间"),
    ("路径C:\\dir\\文件", "反斜杠\\%转义"),
    ("全角％与＿符号", "全角空格　在中间"),
    ("ABC大写", "mixed Case Ab"),
    ("abc小写", "它说\"是\"和'否'"),
    ("仅甲处可见的安全生产", ""),
]

# Terms of one, two, three and more characters; a term a LIKE pattern would
# misread if not escaped (%, _, \); quotes; full-width; spaces the form strips.
TERMS = [
    "任",
    "%",
    "_",
    "\\",
    "务",
    "任务",
    "落实",
    "5%",
    "a_",
    "\\d",
    "0%",
    "％与",
    "ab",
    "Ab",
    "任务1",
    "100%以",
    "a_b",
    "C:\\dir",
    "\\%转",
    "'整改'",
    '"落实"',
    "\"是\"和'否'",
    "全角空格　在",
    "　任务　",
    " 落实\t",
    "ABC",
    "没有这个词",
    "%%",
    "__",
]


@pytest.fixture
def searchable(
    world: list[Task],  # noqa: F811
    supervisor: User,
    dept_a: Department,
    dept_c: Department,
) -> list[Task]:
    """The world plus tasks whose titles hold special characters: division A
    leads them (the first six co-operated by C); the last is A's alone."""
    tasks = list(world)
    for i, (title, description) in enumerate(SPECIAL_TITLES):
        task = Task.objects.create(
            title=title,
            description=description,
            lead_department=dept_a,
            status=[Status.ASSIGNED, Status.IN_PROGRESS, Status.DONE][i % 3],
            priority=1 + i % 3,
            progress=i * 7,
            created_by=supervisor,
        )
        if i < len(SPECIAL_TITLES) - 1:
            task.cooperating_departments.add(dept_c)
        tasks.append(task)
    return tasks


def search_url(term: str, extra: str = "") -> str:
    return f"/api/v1/tasks/?q={quote(term)}{extra}"


def orm_count_key(user: User, params: dict[str, Any]) -> str:
    """paging._count_key of the API view's queryset for ``params``."""
    filterset = TaskFilter(params, queryset=api_rows(user).order_by("due_on", "id"))
    assert filterset.is_valid()
    return paging._count_key(filterset.qs.order_by())


@postgres_only
@pytest.mark.parametrize("role", ROLES)
def test_prepared_search_pages_equal_the_orm(
    role: str,
    request: pytest.FixtureRequest,
    searchable: list[Task],
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user: User = request.getfixturevalue(role)
    client = token_client(user)
    urls = [search_url(term) for term in TERMS]
    urls += [
        search_url(term, f"&sort={sort}")
        for term in ("任", "任务", "任务1")
        for sort in (
            "-due_on",
            "priority",
            "-progress",
            "status",
        )
    ]
    pages_before, counts_before = len(prepared.compiled), len(prepared.compiled_counts)
    fast = [pages_both_ways(client, url) for url in urls]
    pages = prepared.compiled[pages_before:]
    counts = prepared.compiled_counts[counts_before:]
    # Every length class was compiled, page and count key, and none refused.
    assert {item[1] for key in pages for item in key[1][1]} == {1, 2, 3}
    assert {item[1] for key in counts for item in key[1]} == {1, 2, 3}
    assert [key for key in pages if prepared._PREPARED[key][1] is None] == []
    assert [key for key in counts if prepared._COUNT_KEYS[key][1] is None] == []
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = [pages_both_ways(client, url) for url in urls]
    assert len(prepared.compiled) - pages_before == len(pages)
    assert fast == plain
    if role != "staff_d":
        assert sum(len(pages) > 2 for pages in fast) >= 3  # cursor pages, both ways


@postgres_only
def test_prepared_search_sql_is_the_orms(
    searchable: list[Task],
    head_a: User,
    supervisor: User,
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The SQL and parameters sent for a search of each length, page 1 and a
    cursor page, are the ORM's (the captured text has the parameters in it)."""
    urls = []
    for term in ("%", "任务", "\\d", "100%以", "　a_b "):
        urls.append(search_url(term))
        body = json.loads(token_client(head_a).get(search_url(term, "&sort=priority")).content)
        if body["next"]:
            urls.append(body["next"])
    sent: dict[bool, list[list[str]]] = {True: [], False: []}
    for fast in (True, False):
        monkeypatch.setattr(TaskViewSet, "prepared_list", fast)
        for user in (head_a, supervisor):
            client = token_client(user)
            for url in urls:
                client.get(url)  # compiled, the count's estimate cached
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                sent[fast].append([q["sql"] for q in queries.captured_queries])
    assert sent[True] == sent[False]
    assert any("ILIKE" in sql for queries in sent[True] for sql in queries)
    assert any("duban_bigrams" in sql for queries in sent[True] for sql in queries)


@postgres_only
@pytest.mark.parametrize("role", ROLES)
def test_prepared_count_key_is_the_orms(
    role: str,
    request: pytest.FixtureRequest,
    searchable: list[Task],
    dept_a: Department,
    fresh: None,
) -> None:
    """The count's cache key (a digest of the ids query's SQL and parameters)
    from the prepared query equals the one the ORM's queryset gives, for each
    length class and special characters, with and without other filters."""
    user: User = request.getfixturevalue(role)
    cases = [{"q": term} for term in TERMS]
    cases += [
        # One status: MultipleChoiceFilter ORs several in the order of a set
        # of them (a process's hash seed), the prepared query in its own.
        {"q": "任务", "status": ["assigned"]},
        {"lead_department": str(dept_a.pk), "q": "%"},
        {"lead_department": str(dept_a.pk), "status": ["in_progress"]},
        {},
    ]
    from django.http import QueryDict

    for case in cases:
        params = QueryDict(mutable=True)
        for name, value in case.items():
            params.setlist(name, value if isinstance(value, list) else [value])
        filters = prepared.api_filters(params, TaskFilter)
        assert filters is not None
        found = prepared.api_statement(user, "default", filters, "ids")
        assert found is not None
        assert paging.count_key(*found) == orm_count_key(user, params), case


@postgres_only
def test_a_cached_estimate_is_found_by_the_prepared_key(
    searchable: list[Task],
    head_a: User,
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a user sees of the count cache: an estimate kept for a search
    under the ORM's key is the count the prepared request answers (约 N)."""
    client = token_client(head_a)
    for term in ("任", "任务", "a_b"):
        caches["counts"].set(orm_count_key(head_a, {"q": term}), 123_456, 60)
        body = json.loads(client.get(search_url(term)).content)
        assert (body["count"], body["count_estimated"]) == (123_456, True), term
    assert prepared._COUNT_KEYS and None not in [kept for _, kept in prepared._COUNT_KEYS.values()]


@postgres_only
def test_another_division_searching_gets_nothing(
    searchable: list[Task],
    head_a: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    fresh: None,
) -> None:
    """The visibility rule stays in the prepared search: a term in a task of
    division A alone is found by A's head and by nobody of C or D; a common
    term gives D's staff member nothing and C's head only what the rule shows."""
    only_a = search_url("仅甲处")
    found = json.loads(token_client(head_a).get(only_a).content)
    assert [row["title"] for row in found["results"]] == ["仅甲处可见的安全生产"]
    for user in (head_c, staff_d):
        body = json.loads(token_client(user).get(only_a).content)
        assert body["results"] == [] and body["count"] == 0
    body = json.loads(token_client(staff_d).get(search_url("任务")).content)
    assert body["results"] == [] and body["count"] == 0
    seen: set[int] = set()
    for page in pages_both_ways(token_client(head_c), search_url("任务")):
        seen |= {row["id"] for row in json.loads(page)["results"]}
    visible = Task.objects.visible_to(head_c)
    assert seen == set(visible.filter(title__contains="任务").values_list("pk", flat=True))
    assert seen and seen != set(
        Task.objects.filter(title__contains="任务").values_list("pk", flat=True)
    )
    # These were prepared shapes: one department in scope (C) and none (D).
    shapes = {key[2] for key in prepared._PREPARED if prepared._PREPARED[key][1] is not None}
    assert {("some", 1), ("some", 2)} <= shapes


@postgres_only
def test_searches_beside_other_filters_or_pages_are_read_through_the_orm(
    searchable: list[Task],
    supervisor: User,
    fresh: None,
) -> None:
    client = token_client(supervisor)
    for url in [
        search_url("任务", "&kind=plan"),
        search_url("任务", "&page=2"),
        search_url("任务", "&sort=updated"),
    ]:
        assert client.get(url).status_code == 200
    assert prepared._PREPARED == {}
    # ?page= and ?sort=updated: only the count key is prepared (kind: nothing).
    assert list(prepared._COUNT_KEYS) == [("default", (("q", 2, True),), ("all", None))]
    assert client.get(search_url("任\x00务")).status_code == 400


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_search_on_sqlite_is_the_plain_match(
    searchable: list[Task],
    head_a: User,
    fresh: None,
) -> None:
    """SQLite: nothing is prepared, and the search is the substring match
    (ASCII letters in either case) of the title or description, as before."""
    client = token_client(head_a)
    visible = list(Task.objects.visible_to(head_a))
    for term in TERMS:
        seen: set[int] = set()
        for page in pages_both_ways(client, search_url(term)):
            seen |= {row["id"] for row in json.loads(page)["results"]}
        needle = term.strip().lower()
        expected = {
            t.pk for t in visible if needle in t.title.lower() or needle in t.description.lower()
        }
        assert seen == expected, term
    assert prepared._PREPARED == {} and prepared._COUNT_KEYS == {}
    assert any(len(json.loads(client.get(search_url(t)).content)["results"]) for t in TERMS)


def test_a_new_staff_member_without_tasks_finds_none(
    searchable: list[Task],
    dept_d: Department,  # noqa: F811
    fresh: None,
) -> None:
    """A silent negative on both databases: a text of similar shape (a term
    every task holds) gives a user who sees nothing an empty answer."""
    newcomer = make_user("newcomer_d", Role.STAFF, dept_d, full_name="新人")
    for term in ("任", "任务", "任务1", "%"):
        body = json.loads(token_client(newcomer).get(search_url(term)).content)
        assert body["results"] == [] and body["count"] == 0
