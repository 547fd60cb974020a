"""Two cuts in the API list's SQL that must not change an answer (issue #17).

1. A 关键词 with no character a case mapping involves (Chinese, digits,
   punctuation) is matched by LIKE instead of ILIKE — ILIKE lower-cases every
   row's title and description first. The rule (``filters.caseless``) is
   checked against every code point of Python's case tables; the rows found
   with LIKE equal those ILIKE finds, for terms of each length, beside texts
   holding characters whose lower case is another character (İ, K, Ω, Ⅰ, Ⓐ).
2. A user who sees everything filtering by lead department and/or statuses
   gets the capped count from the status tally (TaskStatusTally, exact: kept by
   the task table's trigger), not by counting tasks; the answers equal the
   ORM's, after a write too, and over the cap; another division's user still
   gets nothing; SQLite counts as before.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tracker.conftest import postgres_only, token_client
from tests.tracker.test_prepared_page import pages_both_ways
from tests.tracker.test_prepared_search import searchable  # noqa: F401 - fixtures
from tracker.org.models import Department, User
from tracker.tasks import filters, paging, prepared
from tracker.tasks.api import TaskViewSet
from tracker.tasks.models import Status, Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]


def test_caseless_characters_are_untouched_by_every_case_mapping() -> None:
    """Every code point ``caseless`` accepts is its own lower case, and no
    other code point's lower case (or upper case) holds it."""
    made: set[str] = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for mapped in (char.lower(), char.upper()):
            if mapped != char:
                made.update(mapped)
    accepted = [chr(c) for c in range(sys.maxunicode + 1) if filters.caseless(chr(c))]
    assert len(accepted) > 90_000  # the CJK ideographs among them
    assert [c for c in accepted if c.lower() != c or c in made] == []
    for term in ("地震", "森林防火", "１２３", "％＿", "第3号", "、。「」", "\u3000"):
        assert filters.caseless(term), term
    # Near misses: letters with case, full-width ones, a Kelvin sign, Roman
    # numerals and circled letters (lower-cased to others), a format character.
    for term in ("地震a", "Ａ", "K", "Ⅰ", "ⓐ", "İ", "ǅ", "\u2063", "\u0307"):
        assert not filters.caseless(term), term


# Texts where ILIKE and a careless LIKE could differ: the lower case of one
# character being another (İ → i̇, the Kelvin sign → k, Ω → ω, Ⅰ → ⅰ, Ⓐ → ⓐ).
TRICKY = [
    ("İstanbul地震通报", "\u212aELVIN 防火"),
    ("Ω欧姆测试", "Ⅰ号预案与Ⓐ级响应"),
    ("全角１２３与％＿", "标点「地震」、森林。"),
]
TERMS = [
    "地",
    "地震",
    "森林防火",
    "防火",
    "１２",
    "％＿",
    "「地震」",
    "、森",
    "号预",
    "i",
    "k",
    "ω",
    "ⅰ",
    "ⓐ",
]


@pytest.fixture
def tricky(
    searchable: list[Task],  # noqa: F811
    supervisor: User,
    dept_a: Department,
) -> list[Task]:
    tasks = list(searchable)
    for i, (title, description) in enumerate(TRICKY):
        tasks.append(
            Task.objects.create(
                title=title,
                description=description,
                lead_department=dept_a,
                status=Status.IN_PROGRESS,
                priority=1 + i,
                created_by=supervisor,
            )
        )
    return tasks


def found_ids(user: User, term: str) -> list[int]:
    ids: list[int] = []
    for page in pages_both_ways(token_client(user), f"/api/v1/tasks/?q={quote(term)}"):
        ids += [row["id"] for row in json.loads(page)["results"]]
    return ids


@postgres_only
def test_a_caseless_term_is_matched_by_like_and_finds_what_ilike_finds(
    tricky: list[Task],
    supervisor: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    fresh: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The SQL of a Chinese term says LIKE (a term with a letter, ILIKE); the
    prepared pages and the ORM's, both ways, find what ILIKE finds for every
    user, D's staff member nothing."""
    sent: list[str] = []
    with CaptureQueriesContext(connection) as queries:
        token_client(supervisor).get(f"/api/v1/tasks/?q={quote('森林防火')}")
        token_client(supervisor).get(f"/api/v1/tasks/?q={quote('地震a')}")
    sent = [
        q["sql"] for q in queries.captured_queries if "森林防火" in q["sql"] or "地震a" in q["sql"]
    ]
    assert any("LIKE '%森林防火%'" in sql and "ILIKE '%森林防火%'" not in sql for sql in sent)
    assert any("ILIKE '%地震a%'" in sql for sql in sent)
    answers: dict[str, Any] = {}
    for mode in ("like prepared", "like orm", "ilike orm"):
        monkeypatch.setattr(TaskViewSet, "prepared_list", mode == "like prepared")
        if mode == "ilike orm":
            monkeypatch.setattr(filters, "caseless", lambda value: False)
        answers[mode] = {
            (user.username, term): found_ids(user, term)
            for user in (supervisor, head_c, staff_d)
            for term in TERMS
        }
    assert answers["like prepared"] == answers["like orm"] == answers["ilike orm"]
    found = answers["ilike orm"]
    assert all(found["staff_d", term] == [] for term in TERMS)
    assert len(found["supervisor", "地震"]) == 2 and found["supervisor", "ⓐ"]


@postgres_only
def test_a_count_estimate_is_still_the_planners_estimate_of_the_ilike(
    tricky: list[Task],
) -> None:
    """The estimates a long list shows do not move: the EXPLAIN behind them
    is of the ILIKE, whatever the term."""
    from django.db.models import Q

    plan = paging.explain_plan(Task.objects.filter(Q(title__trgm_contains="森林防火")))
    assert "~~*" in plan
    rows = Task.objects.filter(Q(title__trgm_contains="森林防火"))
    assert " LIKE " in str(rows.query) and "ILIKE" not in str(rows.query)


FILTERS = [
    ("a", []),
    ("a", ["in_progress"]),
    ("a", ["assigned", "done"]),
    ("c", ["in_progress"]),
    ("d", ["done"]),
    (None, ["in_progress"]),
    (None, ["assigned", "in_progress", "done"]),
]


def filtered_url(department: Department | None, statuses: list[str]) -> str:
    parts = [f"status={status}" for status in statuses]
    if department is not None:
        parts.insert(0, f"lead_department={department.pk}")
    return "/api/v1/tasks/?" + "&".join(parts)


def both_ways(user: User, urls: list[str], monkeypatch: pytest.MonkeyPatch) -> list[list[bytes]]:
    fast = [pages_both_ways(token_client(user), url) for url in urls]
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = [pages_both_ways(token_client(user), url) for url in urls]
    monkeypatch.setattr(TaskViewSet, "prepared_list", True)
    assert fast == plain
    return fast


@postgres_only
def test_a_filtered_count_of_everything_is_read_from_the_status_tally(
    world: list[Task],  # noqa: F811
    supervisor: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    dept_a: Department,
    dept_c: Department,
    dept_d: Department,  # noqa: F811
    fresh: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    departments = {"a": dept_a, "c": dept_c, "d": dept_d, None: None}
    urls = [filtered_url(departments[d], statuses) for d, statuses in FILTERS]
    pages = both_ways(supervisor, urls, monkeypatch)
    counts = [json.loads(p[0])["count"] for p in pages]
    assert counts == [
        Task.objects.filter(
            **({"lead_department": departments[d]} if d else {}),
            **({"status__in": statuses} if statuses else {}),
        ).count()
        for d, statuses in FILTERS
    ]
    assert 0 in counts and max(counts) > 3
    # Its count reads the tally, no task row (the page is the only statement on tasks).
    with CaptureQueriesContext(connection) as queries:
        token_client(supervisor).get(urls[1])
    assert any("reporting_taskstatustally" in q["sql"] for q in queries.captured_queries)
    assert [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()] == []
    # A write moves the tally and the ORM's count alike.
    moved = Task.objects.filter(lead_department=dept_a, status=Status.IN_PROGRESS).first()
    assert moved is not None
    moved.status = Status.DONE
    moved.save(update_fields=["status"])
    after = both_ways(supervisor, urls, monkeypatch)
    assert json.loads(after[1][0])["count"] == counts[1] - 1
    # Over the cap: the estimate, as the ORM's path answers it.
    monkeypatch.setattr(paging, "COUNT_CAP", 1)
    both_ways(supervisor, urls, monkeypatch)
    # Other users list what the rule shows them, counted by the ORM's statement.
    for user in (head_c, staff_d):
        seen = both_ways(user, urls, monkeypatch)
        with CaptureQueriesContext(connection) as queries:
            token_client(user).get(urls[1])
        assert not any("reporting_taskstatustally" in q["sql"] for q in queries.captured_queries)
        if user is staff_d:
            assert all(json.loads(p[0])["count"] == 0 for p in seen)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_on_sqlite_a_filtered_count_and_a_search_are_the_plain_ones(
    tricky: list[Task],
    supervisor: User,
    dept_a: Department,
    fresh: None,  # noqa: F811
) -> None:
    client = token_client(supervisor)
    body = json.loads(client.get(filtered_url(dept_a, ["in_progress"])).content)
    assert (
        body["count"] == Task.objects.filter(lead_department=dept_a, status="in_progress").count()
    )
    ids = found_ids(supervisor, "地震")
    assert sorted(ids) == sorted(
        t.pk for t in Task.objects.all() if "地震" in t.title or "地震" in t.description
    )
    assert prepared._PREPARED == {} and prepared._TALLY_SQL == {}


# Two-character terms: frequent in the world (任务), in a few texts (地震, 号预,
# 、森, １２), with case (ab, Ab, ω欧 — Ω's lower case), absent (无此).
PAIRS = ["任务", "地震", "ab", "Ab", "ω欧", "号预", "、森", "１２", "无此"]


def plain_ids(user: User, term: str) -> list[int]:
    """The plain LIKE/ILIKE match (no bigram condition) of what ``user`` sees, in list order."""
    from django.db.models import Q

    match = Q(title__trgm_contains=term) | Q(description__trgm_contains=term)
    ordered = paging.page_queryset(
        Task.objects.visible_to(user).filter(match), "due_on", None, False
    )
    return list(ordered.values_list("pk", flat=True))


def walked(user: User, term: str) -> list[list[int]]:
    """The ids of every page following ``next``, then back following ``previous``."""
    client = token_client(user)
    pages: list[list[int]] = []
    link: str | None = f"/api/v1/tasks/?q={quote(term)}"
    for way in ("next", "previous"):
        while link:
            response = client.get(link)
            assert response.status_code == 200, response.content
            body = json.loads(response.content)
            pages.append([row["id"] for row in body["results"]])
            last, link = body, body[way]
        link = last["previous"] if way == "next" else None
    return pages


def frequent(user: User, term: str) -> None:
    """The count cache holds an estimate of TRUSTED_ESTIMATE rows or more for this search."""
    from django.core.cache import caches

    from tests.tracker.test_prepared_search import orm_count_key

    caches["counts"].set(orm_count_key(user, {"q": term}), paging.TRUSTED_ESTIMATE * 3, 60)


@postgres_only
def test_a_frequent_pairs_page_is_read_by_its_match_alone_and_finds_the_same(
    tricky: list[Task],
    supervisor: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    fresh: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A two-character term the count cache puts at TRUSTED_ESTIMATE rows or
    more: the page's SQL has no bigram condition (the LIKE/ILIKE implies the
    pair), a rare one keeps it; every page both ways, prepared and ORM, is the
    plain match's, for the supervisor, C's head and D's staff member (nothing)."""
    from django.core.cache import caches

    users = (supervisor, head_c, staff_d)
    answers: dict[str, Any] = {}
    sent: dict[str, list[str]] = {}
    for mode in ("frequent prepared", "frequent orm", "rare prepared", "rare orm"):
        monkeypatch.setattr(TaskViewSet, "prepared_list", mode.endswith("prepared"))
        caches["counts"].clear()
        with CaptureQueriesContext(connection) as queries:
            answers[mode] = {}
            for user in users:
                for term in PAIRS:
                    if mode.startswith("frequent"):
                        frequent(user, term)
                    answers[mode][user.username, term] = walked(user, term)
        sent[mode] = [q["sql"] for q in queries.captured_queries]
    assert answers["frequent prepared"] == answers["frequent orm"] == answers["rare prepared"]
    assert answers["rare prepared"] == answers["rare orm"]
    for (username, term), pages in answers["rare orm"].items():
        user = next(u for u in users if u.username == username)
        forward = pages[: (len(pages) + 1) // 2]  # then back: one page fewer
        assert [pk for page in forward for pk in page] == plain_ids(user, term), (username, term)
        assert {pk for page in pages for pk in page} == set(plain_ids(user, term))
    found = answers["rare orm"]
    assert all(found["staff_d", term] == [[]] for term in PAIRS)
    assert len(found["supervisor", "任务"]) > 3 and found["supervisor", "ω欧"] != [[]]
    for mode in ("frequent prepared", "frequent orm"):
        assert not any("duban_bigrams" in sql for sql in sent[mode]), mode
        assert any("LIKE '%地震%'" in sql and "ILIKE" not in sql for sql in sent[mode])
        assert any("ILIKE '%ab%'" in sql for sql in sent[mode])
    for mode in ("rare prepared", "rare orm"):
        assert any("duban_bigrams" in sql and "LIMIT" in sql for sql in sent[mode]), mode
    # The frequent page needs no sequential scan of the tasks either.
    page_sql = next(s for s in sent["frequent prepared"] if "'%地震%'" in s and "LIMIT" in s)
    with connection.cursor() as cursor:
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("explain " + page_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on tasks_task" not in plan, plan


@postgres_only
def test_the_html_lists_frequent_pair_is_read_by_its_match_alone_and_finds_the_same(
    tricky: list[Task],
    supervisor: User,
    head_c: User,
    staff_d: User,  # noqa: F811
    fresh: None,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The HTML task list (each user's default scope): with every search's
    count known large (TRUSTED_ESTIMATE 1) a two-character page has no bigram
    condition, with none (10⁹) it keeps it; the rows listed are the plain
    match's of the scope, in list order, either way."""
    from django.db.models import Q
    from django.test import Client

    from tests.tracker.test_list_output_pinned import TABLE, html_walk
    from tracker.tasks.views import default_scope, scope_queryset

    shown: dict[int, dict[tuple[str, str], list[int]]] = {}
    sent: dict[int, list[str]] = {}
    for trusted in (1, 10**9):
        monkeypatch.setattr(paging, "TRUSTED_ESTIMATE", trusted)
        caches_cleared()
        shown[trusted] = {}
        with CaptureQueriesContext(connection) as queries:
            for user in (supervisor, head_c, staff_d):
                client = Client()
                client.force_login(user)
                for term in PAIRS:
                    ids: list[int] = []
                    for page in html_walk(client, f"/tasks/?q={quote(term)}"):
                        table = TABLE.search(page)
                        listed = table.group(0) if table else ""
                        ids += [int(pk) for pk in re.findall(r'href="/tasks/(\d+)/"', listed)]
                    shown[trusted][user.username, term] = ids
        sent[trusted] = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]
    assert shown[1] == shown[10**9]
    for (username, term), ids in shown[1].items():
        user = next(u for u in (supervisor, head_c, staff_d) if u.username == username)
        match = Q(title__trgm_contains=term) | Q(description__trgm_contains=term)
        scoped = scope_queryset(user, default_scope(user)).filter(match)
        ordered = paging.page_queryset(scoped, "due_on", None, False)
        assert ids == list(ordered.values_list("pk", flat=True)), (username, term)
    assert shown[1]["supervisor", "地震"] and all(shown[1]["staff_d", t] == [] for t in PAIRS)
    pages = [sql for sql in sent[1] if "'%地震%'" in sql and "tasks_task" in sql]
    assert pages and not any("duban_bigrams" in sql for sql in pages)
    assert any("duban_bigrams" in sql for sql in sent[10**9] if "'%地震%'" in sql)


def caches_cleared() -> None:
    from django.core.cache import caches

    caches["counts"].clear()
