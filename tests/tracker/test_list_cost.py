"""What one API list request costs (issue #17, the 1,000,000-task run): the page
is read as rows, not built as model instances; the whole list's count comes
from the small group tally; a large list's estimated count is reused per scope
and filter for a minute, while small counts stay exact and live; a division's
tasks in one status are read in list order from an index."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import pre_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from redis.exceptions import RedisError
from rest_framework.authtoken.models import Token

from tests.tracker.conftest import calls_of
from tracker.org.models import Department, User
from tracker.tasks import paging, services
from tracker.tasks.count_cache import CountsCache
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import Status, Task
from tracker.tasks.paging import sorted_tasks

pytestmark = pytest.mark.django_db


def api_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def built() -> Iterator[Counter[str]]:
    """Model instances built through ``Model.__init__``, by model name."""
    counts: Counter[str] = Counter()

    def count(sender: type, **kwargs: Any) -> None:
        counts[sender.__name__] += 1

    pre_init.connect(count)
    yield counts
    pre_init.disconnect(count)


def make_tasks(n: int, department: Department, creator: User, **fields: Any) -> list[Task]:
    return Task.objects.bulk_create(
        [
            Task(
                title=f"量{i}",
                lead_department=department,
                created_by=creator,
                due_on=dt.date(2030, 1, 1) + dt.timedelta(days=i),
                **fields,
            )
            for i in range(n)
        ]
    )


def test_api_list_and_detail_build_no_model_instances_per_row(
    built: Counter[str], supervisor: User, dept_a: Department, staff_a: User
) -> None:
    tasks = make_tasks(60, dept_a, supervisor, responsible=staff_a, status=Status.IN_PROGRESS)
    client = api_client(supervisor)
    client.get("/api/v1/tasks/")  # warm: the token row and its user
    built.clear()
    body = client.get("/api/v1/tasks/").json()
    assert len(body["results"]) == 50
    assert body["results"][0]["lead_department_name"] == dept_a.name
    assert body["results"][0]["responsible_name"] == staff_a.display_name
    # The request's own user and their department (the token's join) are the only
    # models built the generic way: one each, none per row.
    assert built["Task"] == 0 and built["Department"] <= 1 and built["User"] <= 1
    built.clear()
    detail = client.get(f"/api/v1/tasks/{tasks[0].pk}/").json()
    assert detail["id"] == tasks[0].pk and detail["lead_department_name"] == dept_a.name
    assert built["Task"] == 0 and built["Department"] <= 1


@pytest.mark.postgres
def test_the_whole_lists_count_reads_the_group_tally(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    make_tasks(7, dept_a, supervisor)
    make_tasks(4, dept_b, supervisor, status=Status.DONE)
    with CaptureQueriesContext(connection) as ctx:
        body = api_client(supervisor).get("/api/v1/tasks/").json()
    assert (body["count"], body["count_estimated"]) == (11, False)
    sql = "\n".join(q["sql"] for q in ctx.captured_queries)
    assert "reporting_taskgrouptally" in sql and "reporting_tasktally" not in sql


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    """Lists of more than 5 tasks count as large."""
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    return 5


def count_queries(client: Client, url: str) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).json()
    counting = [
        q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] or "EXPLAIN" in q["sql"]
    ]
    return body, counting


@pytest.mark.postgres
def test_a_large_lists_estimate_is_reused_for_the_same_scope_and_filter(
    small_cap: int, supervisor: User, leader: User, dept_a: Department
) -> None:
    make_tasks(9, dept_a, supervisor)
    url = f"/api/v1/tasks/?lead_department={dept_a.pk}"
    first, counting = count_queries(api_client(supervisor), url)
    assert first["count_estimated"] is True and first["count"] > small_cap
    assert counting  # counted (up to the cap) and asked the planner
    again, counting = count_queries(api_client(supervisor), url)
    assert (again["count"], again["count_estimated"]) == (first["count"], True)
    assert counting == []  # nothing read again
    # Whoever sees everything sees the same list: the same estimate.
    third, counting = count_queries(api_client(leader), url)
    assert (third["count"], counting) == (first["count"], [])
    # Another filter is another list.
    other, counting = count_queries(api_client(supervisor), url + "&status=draft")
    assert counting and other["count_estimated"] is True


@pytest.mark.postgres
def test_another_scope_never_gets_a_cached_count(
    small_cap: int,
    supervisor: User,
    head_a: User,
    head_b: User,
    dept_a: Department,
    dept_b: Department,
) -> None:
    make_tasks(9, dept_a, supervisor)
    make_tasks(2, dept_b, supervisor)
    for user in (supervisor, head_a):  # cache both large estimates first
        assert api_client(user).get("/api/v1/tasks/?q=量").json()["count_estimated"] is True
    body = api_client(head_b).get("/api/v1/tasks/?q=量").json()
    assert (body["count"], body["count_estimated"]) == (2, False)
    assert {row["lead_department"] for row in body["results"]} == {dept_b.pk}


@pytest.mark.postgres
def test_small_counts_are_exact_and_follow_creates_and_cancels(
    small_cap: int, supervisor: User, dept_a: Department
) -> None:
    tasks = make_tasks(4, dept_a, supervisor, status=Status.IN_PROGRESS)
    client = api_client(supervisor)
    url = f"/api/v1/tasks/?lead_department={dept_a.pk}&status=in_progress"
    assert client.get(url).json()["count"] == 4
    make_tasks(1, dept_a, supervisor, status=Status.IN_PROGRESS)
    assert (client.get(url).json()["count"], client.get(url).json()["count_estimated"]) == (
        5,
        False,
    )
    services.task_cancel(task=tasks[0], actor=supervisor, reason="不再需要")
    assert client.get(url).json() | {"results": None, "next": None} == {
        "count": 4,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": None,
    }


@pytest.mark.postgres
def test_a_large_lists_estimate_is_kept_a_minute_and_exact_on_demand(
    small_cap: int, supervisor: User, dept_a: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = make_tasks(7, dept_a, supervisor, status=Status.IN_PROGRESS)
    stored: list[Any] = []
    cache = caches["counts"]
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: stored.append(timeout) or real_set(key, value, timeout),
    )
    client = api_client(supervisor)
    url = f"/api/v1/tasks/?lead_department={dept_a.pk}&status=in_progress"
    assert client.get(url).json()["count_estimated"] is True
    assert stored == [paging.COUNT_CACHE_SECONDS] and paging.COUNT_CACHE_SECONDS <= 60
    for task in tasks[:3]:
        services.task_cancel(task=task, actor=supervisor, reason="不再需要")
    # Within the minute the list may still say "about"; exact is always there.
    assert client.get(url).json()["count_estimated"] is True
    exact = client.get(url + "&count=exact").json()
    assert (exact["count"], exact["count_estimated"]) == (4, False)


@pytest.mark.postgres
def test_without_the_cache_the_list_still_counts(
    small_cap: int, supervisor: User, dept_a: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tasks(9, dept_a, supervisor)
    cache = caches["counts"]

    def down(*args: Any, **kwargs: Any) -> Any:
        raise RedisError("Connection refused")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    if isinstance(cache, CountsCache):  # with Redis the count is read by read_count
        monkeypatch.setattr(cache, "read_count", down)
    body = api_client(supervisor).get(f"/api/v1/tasks/?lead_department={dept_a.pk}").json()
    assert body["count_estimated"] is True and len(body["results"]) == 9


@pytest.mark.postgres
def test_a_kept_count_is_one_get_on_a_kept_client(
    small_cap: int, supervisor: User, dept_a: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django's RedisCache.get built a redis-py client per read (~800 function
    calls a list request): a kept estimate is now one GET on the cache's own
    client, with the cache's key (its prefix and version)."""
    if not settings.REDIS_URL:
        pytest.skip("the counts cache is in Redis only with REDIS_URL")
    make_tasks(7, dept_a, supervisor, status=Status.IN_PROGRESS)
    client = api_client(supervisor)
    url = f"/api/v1/tasks/?lead_department={dept_a.pk}&status=in_progress"
    first = client.get(url).json()
    assert first["count_estimated"] is True
    built: list[bool] = []
    sent: list[Any] = []
    real_init, real_execute = redis.Redis.__init__, redis.Redis.execute_command
    monkeypatch.setattr(
        redis.Redis,
        "__init__",
        lambda self, *a, **k: built.append(True) or real_init(self, *a, **k),
    )
    monkeypatch.setattr(
        redis.Redis,
        "execute_command",
        lambda self, *a, **k: sent.append(a) or real_execute(self, *a, **k),
    )
    assert [client.get(url).json()["count"] for _ in range(2)] == [first["count"]] * 2
    assert built == [] and [command for command, *_ in sent] == ["GET", "GET"]
    assert sent[0] == sent[1] and sent[0][1].startswith(caches["counts"].make_key("list-count:"))

    calls = 0

    def tally(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    counted = Task.objects.filter(lead_department=dept_a, status=Status.IN_PROGRESS)
    statement = counted.values("pk").query.sql_with_params()  # as prepared("ids") gives it
    caches["counts"].set(paging.count_key(*statement), 123_456, 60)
    sys.setprofile(tally)
    try:
        known = paging._known_large(counted, searched=False, prepared=lambda _: statement)
    finally:
        sys.setprofile(None)
    assert known[0] == 123_456
    assert calls < 300, calls


def test_a_list_without_filter_parameters_builds_no_filterset(
    monkeypatch: pytest.MonkeyPatch, supervisor: User, dept_a: Department
) -> None:
    built: list[bool] = []
    real_init = TaskFilter.__init__

    def spy(self: TaskFilter, *args: Any, **kwargs: Any) -> None:
        built.append(True)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(TaskFilter, "__init__", spy)
    make_tasks(3, dept_a, supervisor)
    make_tasks(2, dept_a, supervisor, status=Status.DONE)
    client = api_client(supervisor)
    body = client.get("/api/v1/tasks/?sort=priority&count=exact").json()
    assert (body["count"], built) == (5, [])
    # (A status alone is answered on PostgreSQL without it: test_prepared_api_request.)
    assert client.get("/api/v1/tasks/?status=done&archived=false").json()["count"] == 2
    assert built == [True]
    # A parameter that names no filter is ignored, as django-filter ignores it.
    assert client.get("/api/v1/tasks/?statu=done").json()["count"] == 5


def test_a_status_filter_lists_each_task_once_without_distinct(
    supervisor: User, dept_a: Department
) -> None:
    working = make_tasks(3, dept_a, supervisor, status=Status.IN_PROGRESS)
    drafts = make_tasks(2, dept_a, supervisor, status=Status.DRAFT)
    make_tasks(2, dept_a, supervisor, status=Status.DONE)
    working[0].cooperating_departments.add(dept_a)
    with CaptureQueriesContext(connection) as ctx:
        body = api_client(supervisor).get("/api/v1/tasks/?status=in_progress&status=draft").json()
    listed = sorted([*working, *drafts], key=lambda t: (t.due_on, t.pk))
    assert [row["id"] for row in body["results"]] == [t.pk for t in listed]
    assert body["count"] == 5
    assert not any("DISTINCT" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.postgres
def test_a_list_pages_timestamps_are_not_parsed_by_the_python_loader(
    monkeypatch: pytest.MonkeyPatch, supervisor: User, dept_a: Department
) -> None:
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    tasks = make_tasks(60, dept_a, supervisor, status=Status.DONE)
    moment = dt.datetime(2024, 2, 29, 23, 59, 59, 120000, tzinfo=dt.UTC)
    Task.objects.filter(pk=tasks[0].pk).update(completed_at=moment, archived_at=moment)
    client = api_client(supervisor)
    client.get("/api/v1/tasks/")  # warm
    loaded: list[bool] = []
    real_load = BaseTzLoader.load

    def spy(self: Any, data: Any) -> Any:
        loaded.append(True)
        return real_load(self, data)

    monkeypatch.setattr(BaseTzLoader, "load", spy)
    first = client.get("/api/v1/tasks/").json()["results"][0]
    assert first["id"] == tasks[0].pk
    assert first["completed_at"] == first["archived_at"] == "2024-03-01T07:59:59.120000+08:00"
    # The token's and its user's own timestamps only, not 7 per row.
    assert len(loaded) < 10


@pytest.mark.postgres
def test_a_divisions_tasks_in_one_status_are_read_in_list_order_from_an_index(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    for status in (Status.IN_PROGRESS, Status.DONE, Status.ASSIGNED):
        make_tasks(30, dept_a, supervisor, status=status)
        make_tasks(30, dept_b, supervisor, status=status)
    page = sorted_tasks(
        Task.objects.filter(lead_department=dept_a, status=Status.IN_PROGRESS), "due_on"
    )[:51]
    with connection.cursor() as cursor:
        # Tiny table: forbid the shortcuts, as the paging plan test does.
        for setting in ("seqscan", "sort", "incremental_sort", "bitmapscan"):
            cursor.execute(f"set local enable_{setting} = off")
        sql, params = page.query.sql_with_params()
        cursor.execute(f"explain {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "task_dept_status_due_id" in plan and "Sort" not in plan, plan
    assert len(list(page)) == 30


def test_the_api_annotations_are_built_once_and_visibility_per_request(
    monkeypatch: pytest.MonkeyPatch,
    supervisor: User,
    head_b: User,
    dept_a: Department,
    dept_b: Department,
) -> None:
    from tracker.tasks import selectors

    built: list[bool] = []
    real_exists = selectors.Exists

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(True)
        return real_exists(*args, **kwargs)

    monkeypatch.setattr(selectors, "Exists", counting)
    a_tasks = make_tasks(3, dept_a, supervisor)
    b_tasks = make_tasks(2, dept_b, supervisor)
    for user, expected in ((supervisor, a_tasks + b_tasks), (head_b, b_tasks)):
        listed = api_client(user).get("/api/v1/tasks/?count=exact").json()
        assert {row["id"] for row in listed["results"]} == {t.pk for t in expected}
        assert listed["count"] == len(expected)
    assert api_client(head_b).get(f"/api/v1/tasks/{a_tasks[0].pk}/").status_code == 404
    assert len(built) <= 1  # at most the first request of this process builds them


def test_a_list_that_can_hold_nothing_counts_zero(supervisor: User, dept_a: Department) -> None:
    """A user who may see no task (the 等保 administrators) is given ``none()``;
    its count had no SQL to make a cache key of and the API list answered 500
    on PostgreSQL (EmptyResultSet)."""
    make_tasks(3, dept_a, supervisor)
    assert paging.list_count(Task.objects.none()) == (0, False)
    assert paging.list_count(Task.objects.filter(pk__in=[])) == (0, False)


@pytest.mark.postgres
def test_the_whole_lists_status_chips_read_the_status_tally(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    """Every task's chips: from the (department, status) tally, not TaskTally's
    ~42,000 rows, and right after a status change, a move and a delete."""
    tasks = make_tasks(5, dept_a, supervisor, status=Status.IN_PROGRESS)
    make_tasks(3, dept_b, supervisor, status=Status.DONE)
    Task.objects.filter(pk=tasks[0].pk).update(status=Status.SUBMITTED)
    Task.objects.filter(pk=tasks[1].pk).update(lead_department=dept_b)
    Task.objects.filter(pk=tasks[2].pk).delete()
    Task.objects.create(title="无牵头", created_by=supervisor)
    everything = Task.objects.all()
    with CaptureQueriesContext(connection) as ctx:
        counts = paging.status_counts(everything)
    expected = Counter(everything.values_list("status", flat=True))
    assert (counts.by_status, counts.total, counts.estimated) == (dict(expected), 8, False)
    sql = "\n".join(q["sql"] for q in ctx.captured_queries)
    assert "reporting_taskstatustally" in sql and "reporting_tasktally" not in sql


@pytest.mark.postgres
def test_a_frequent_search_is_estimated_without_counting(
    monkeypatch: pytest.MonkeyPatch,
    supervisor: User,
    head_b: User,
    dept_a: Department,
    dept_b: Department,
) -> None:
    """A search the planner puts at TRUSTED_ESTIMATE rows or more: "约 N" from
    the plan, with no capped count (a sequential scan at 1M) in the API or in
    the page's chips; exact on demand; each scope its own; a rarer term counted."""
    make_tasks(9, dept_a, supervisor)
    make_tasks(2, dept_b, supervisor)
    monkeypatch.setattr(paging, "TRUSTED_ESTIMATE", 1)  # any estimate is frequent here
    body, counting = count_queries(api_client(supervisor), "/api/v1/tasks/?q=量")
    assert body["count_estimated"] is True and len(body["results"]) == 11
    assert counting and all(q.startswith("EXPLAIN") for q in counting)
    page = Client()
    page.force_login(supervisor)
    with CaptureQueriesContext(connection) as ctx:
        html = page.get("/tasks/?scope=all&q=量").content.decode()
    assert "约" in html and html.count('class="tasktitle"') == 11
    tasks_read = [q["sql"] for q in ctx.captured_queries if 'FROM "tasks_task"' in q["sql"]]
    assert tasks_read and not [
        q for q in tasks_read if "COUNT(" in q or f"LIMIT {paging.COUNT_CAP + 1}" in q
    ]
    exact = api_client(supervisor).get("/api/v1/tasks/?q=量&count=exact").json()
    assert (exact["count"], exact["count_estimated"]) == (11, False)
    other = api_client(head_b).get("/api/v1/tasks/?q=量").json()
    assert {row["lead_department"] for row in other["results"]} == {dept_b.pk}
    assert len(other["results"]) == 2
    # A term the planner puts below the threshold is counted, exactly.
    monkeypatch.setattr(paging, "TRUSTED_ESTIMATE", 10**9)
    body, counting = count_queries(api_client(supervisor), "/api/v1/tasks/?q=量1")
    assert (body["count"], body["count_estimated"]) == (2, False)
    assert any("COUNT(" in q for q in counting)


def test_the_html_list_builds_no_model_instances_per_row(
    built: Counter[str], supervisor: User, dept_a: Department, staff_a: User
) -> None:
    """The task table's rows are read as rows (selectors.table_rows): a page of
    50 builds no Task, and as many departments and people as a page of 3."""
    make_tasks(3, dept_a, supervisor, responsible=staff_a, status=Status.IN_PROGRESS)
    client = Client()
    client.force_login(supervisor)
    client.get("/tasks/?scope=all")  # the session's first request writes it
    built.clear()
    client.get("/tasks/?scope=all")
    small = dict(built)
    make_tasks(57, dept_a, supervisor, responsible=staff_a, status=Status.IN_PROGRESS)
    built.clear()
    html = client.get("/tasks/?scope=all").content.decode()
    assert html.count('class="tasktitle"') == 50
    assert html.count(f"<td>{staff_a.display_name}</td>") == 50
    assert built["Task"] == 0 and dict(built) == small


@pytest.mark.postgres
def test_the_report_filter_offers_the_reports_each_user_sees_from_the_tallies(
    roster: dict[str, User], dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    """The task list's 来源报告 options for a division user: the reports of the
    tasks they see (``Report.objects.visible_to``), read from the tallies, not
    from the division's tasks — the same set for every role, after moves,
    deletes and a co-operator removed; another division's reports never."""
    from plans.models import Report
    from tests.conftest import make_user
    from tracker.org.models import Role
    from tracker.tasks.selectors import reports_visible_to

    supervisor, leader, head_a, staff_a, head_b, staff_b, head_c = roster.values()
    section = Department.objects.create(name="法规一科", short_name="一科", parent=dept_a, order=11)
    reports = [
        Report.objects.create(title=f"报告{i}", content_sha256=str(i) * 64) for i in range(8)
    ]

    def task(report: int | None, lead: Department | None, **fields: Any) -> Task:
        return Task.objects.create(
            title="任务",
            report=None if report is None else reports[report],
            lead_department=lead,
            created_by=supervisor,
            **fields,
        )

    task(0, dept_a)
    task(1, dept_b).cooperating_departments.add(dept_a)
    task(2, dept_c, responsible=staff_b)  # staff_b's own, not head_b's
    task(3, section)  # below A: A's head and staff see it
    task(None, dept_a)
    moved = task(4, dept_b)
    Task.objects.filter(pk=moved.pk).update(report=reports[5], lead_department=dept_c)
    task(6, dept_b).delete()  # B's group of report 6 is emptied
    removed = task(7, dept_c)
    removed.cooperating_departments.add(dept_b)
    removed.cooperating_departments.remove(dept_b)
    users = [supervisor, leader, head_a, staff_a, head_b, staff_b, head_c]
    users += [
        make_user("sysadmin", Role.SYSTEM_ADMIN, dept_a),
        make_user("gone", Role.HEAD, dept_a, is_active=False),
        make_user("nowhere", Role.STAFF, None),
    ]
    from tracker.tasks import sentinels

    sentinels.STATEMENTS.clear()
    for user in users:
        expected = set(Report.objects.visible_to(user).values_list("pk", flat=True))
        assert set(reports_visible_to(user).values_list("pk", flat=True)) == expected, user
    # Read by SQL compiled once per shape (users of one shape in turn above).
    shapes = {key[2]: kept for key, (_, kept) in sentinels.STATEMENTS.items()}
    assert None not in shapes.values() and {("some", 2), ("some", 1)} <= set(shapes)
    titles = {
        user.username: {r.title for r in reports_visible_to(user)}
        for user in (head_a, head_b, staff_b, head_c)
    }
    assert titles["head_a"] == {"报告0", "报告1", "报告3"}
    assert titles["head_b"] == {"报告1"}
    assert titles["staff_b"] == {"报告1", "报告2"}
    assert titles["head_c"] == {"报告2", "报告5", "报告7"}

    client = Client()
    client.force_login(head_b)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/tasks/").content.decode()
    options = re.findall(r'<option value="\d+"[^>]*>(报告\d)</option>', html)
    assert options == ["报告1"]  # not A's or C's reports
    (sql,) = [q["sql"] for q in ctx.captured_queries if 'FROM "plans_report"' in q["sql"]]
    assert "reporting_taskgrouptally" in sql and "reporting_taskcooptally" in sql


@pytest.mark.postgres
def test_the_report_options_are_read_by_a_statement_compiled_once_per_shape(
    supervisor: User,
    leader: User,
    head_a: User,
    head_b: User,
    staff_b: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The task list's 来源报告 options: once compiled for a shape of user, a
    request compiles no report query (~800 function calls a page), and the
    options are those Report.objects.visible_to gives, in its order, for
    who sees everything and for division users — after a report is added and
    a task moved; another division's reports never."""
    from django.db.models.sql import compiler

    from plans.models import Report
    from tests.conftest import make_user
    from tracker.org.models import Role
    from tracker.tasks import sentinels

    reports = [
        Report.objects.create(title=f"报告{i}", content_sha256=str(i) * 64) for i in range(4)
    ]
    Task.objects.create(
        title="甲", report=reports[0], lead_department=dept_a, created_by=supervisor
    )
    Task.objects.create(
        title="乙", report=reports[1], lead_department=dept_b, created_by=supervisor
    )
    Task.objects.create(
        title="丙",
        report=reports[2],
        lead_department=dept_c,
        responsible=staff_b,
        created_by=supervisor,
    )
    sysadmin = make_user("sysadmin", Role.SYSTEM_ADMIN, dept_a)
    sentinels.STATEMENTS.clear()
    compiled: list[str] = []
    as_sql = compiler.SQLCompiler.as_sql

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.query.model is Report:
            compiled.append(self.query.model.__name__)
        return as_sql(self, *args, **kwargs)

    def options(user: User) -> list[str]:
        client = Client()
        client.force_login(user)
        client.get("/tasks/")  # compiles for the shape; the session's first request
        monkeypatch.setattr(compiler.SQLCompiler, "as_sql", counting)
        compiled.clear()
        html = client.get("/tasks/").content.decode()
        monkeypatch.undo()
        select = re.search(r'<select name="report".*?</select>', html, re.S)
        assert select is not None
        return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))

    def expected(user: User) -> list[str]:
        return list(Report.objects.visible_to(user).values_list("title", flat=True))

    for user in (supervisor, leader, head_a, head_b, staff_b):
        assert options(user) == expected(user), user
        assert compiled == [], user
    assert options(head_b) == ["报告1"]  # not A's or C's
    assert options(staff_b) == ["报告2", "报告1"]  # newest first: the model's order
    Report.objects.create(title="报告新", content_sha256="9" * 64)
    Task.objects.filter(title="甲").update(lead_department=dept_b)
    assert options(supervisor)[0] == "报告新" and options(supervisor) == expected(supervisor)
    assert options(head_b) == ["报告1", "报告0"] == expected(head_b)
    assert options(head_a) == [] == expected(head_a)
    # Who sees no task: the ORM answers, as before (no options).
    assert options(sysadmin) == expected(sysadmin) == []


def serializer_calls(user: User, rows: list[Task]) -> int:
    """Function calls (Python and built-in) of serialising ``rows`` as the API
    list does: one TaskSerializer(many=True) with the request in its context."""
    from rest_framework.test import APIRequestFactory

    from tracker.tasks.api import TaskSerializer

    request = APIRequestFactory().get("/api/v1/tasks/")
    request.user = user
    serializer = TaskSerializer(rows, many=True, context={"request": request})
    return calls_of(lambda: serializer.data)


@pytest.mark.parametrize("role", ["head", "supervisor"])
def test_the_api_serializer_reads_the_user_and_the_page_once_not_per_row(
    role: str, supervisor: User, head_a: User, head_b: User, dept_a: Department, staff_a: User
) -> None:
    """Issue #17: the serializer was ~60 function calls a row (the user's roles,
    departments and the light thresholds read again for each task); what is the
    same for the whole page is read once, so a row costs what differs between
    tasks (its timestamps, its light and actions)."""
    now = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    make_tasks(
        51,
        dept_a,
        supervisor,
        responsible=staff_a,
        status=Status.IN_PROGRESS,
        assigned_at=now,
        acknowledged_at=now,
    )
    user = head_a if role == "head" else supervisor
    user = User.objects.get(pk=user.pk)
    from tracker.tasks.selectors import api_rows

    rows = list(api_rows(user).order_by("due_on", "id"))
    assert len(rows) == 51
    serializer_calls(user, rows[:1])  # warm: the user's department tree, the thresholds
    per_row = (serializer_calls(user, rows) - serializer_calls(user, rows[:1])) / 50
    assert per_row <= 30, per_row
    # Another division's head is given none of these tasks on this path.
    other = User.objects.get(pk=head_b.pk)
    assert list(api_rows(other)) == []
    assert api_client(head_b).get("/api/v1/tasks/").json()["results"] == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_task_tables_rows_read_their_words_once_and_each_id_from_the_row(
    language: str,
    supervisor: User,
    head_a: User,
    head_b: User,
    dept_a: Department,
    staff_a: User,
) -> None:
    """Issue #17: the table's rows (duban.task_rows) escaped the labels of every
    kind and status and looked up "逾期 n 天" / "已催办 n 次" for every page (~600
    and ~300 calls of the head's page), and read each foreign key id through its
    descriptor; now the words are read once per language, the counted phrases
    once per language and number, the ids from the row. The rows are the same
    (test_list_output_pinned, test_task_list_page_pinned: bytes)."""
    from django.utils import translation

    from tracker.tasks.selectors import table_rows
    from tracker.tasks.templatetags.duban import task_rows

    today = dt.date(2030, 3, 1)
    tasks = make_tasks(
        51,
        dept_a,
        supervisor,
        responsible=staff_a,
        status=Status.IN_PROGRESS,
        assigned_at=dt.datetime(2029, 12, 1, tzinfo=dt.UTC),
    )
    # Overdue by 1-50 days, urged 1-3 times, a subtask, a returned and a declined one.
    Task.objects.filter(pk__in=[t.pk for t in tasks[::2]]).update(urge_count=2)
    Task.objects.filter(pk=tasks[1].pk).update(parent=tasks[0], status=Status.RETURNED)
    Task.objects.filter(pk=tasks[3].pk).update(status=Status.DECLINED)
    with translation.override(language):
        rows = list(table_rows(Task.objects.order_by("due_on", "id")))
        assert len(rows) == 51
        task_rows(rows, today, True)  # warm: the words of this language, the thresholds
        one = calls_of(lambda: task_rows(rows[:1], today, True))
        many = calls_of(lambda: task_rows(rows, today, True))
        html = str(task_rows(rows, today, True))
    per_row = (many - one) / 50
    assert per_row <= 20, per_row  # 66 (zh-hans) and 44 (en) before
    assert one <= 200, one  # 990 and 762 before
    assert html.count('class="tasktitle"') == 51
    assert html.count('class="tag red"') >= 30  # overdue rows and the returned one
    assert html.count('name="tasks"') == 1  # the declined task alone may be assigned
    # Another division's head sees none of these tasks, on the page or by the rule.
    client = Client()
    client.force_login(head_b)
    page = client.get("/tasks/").content.decode()
    assert 'class="tasktitle"' not in page
    assert not Task.objects.visible_to(head_b).exists()


def filter_form_calls(user: User, query: str) -> tuple[int, TaskFilter]:
    """Function calls of the task list's filter form for ``query``: the
    FilterSet built, validated and its fields shown as task_list_controls shows
    them (the search box's and dates' values, the three selects)."""
    from django.http import QueryDict
    from django.test import RequestFactory

    request = RequestFactory().get("/tasks/?" + query)
    request.user = user
    task_filter = TaskFilter(QueryDict(query), queryset=Task.objects.all(), request=request)

    def work() -> None:
        task_filter.is_valid()
        form = task_filter.form
        for name in ("q", "due_after", "due_before"):
            form[name].value()
        for name in ("lead_department", "kind", "report"):
            str(form[name])

    return calls_of(work), task_filter


def selected(html: str, name: str) -> list[str]:
    found = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert found is not None
    return re.findall(r'<option value="([^"]*)"[^>]*>', found.group(0))


@pytest.mark.postgres
def test_the_filter_form_is_built_once_per_process_and_filled_per_request(
    supervisor: User,
    head_a: User,
    head_b: User,
    dept_a: Department,
    dept_b: Department,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue #17: the task list's filter form built its ~20 fields, their widgets
    and choices, and the visible reports' queryset for every request (~1,300
    calls a head's page) and cleaned each field of an empty form (~400). Now
    the fields are built once per process; the selects that read options (the
    departments, the reports) are copied per request, their options read for
    that request; the reports' queryset is built only to check a chosen report.
    What the form shows, accepts and refuses is unchanged."""
    from plans.models import Report
    from tracker.tasks import filters

    mine = Report.objects.create(title="甲报告", content_sha256="1" * 64)
    theirs = Report.objects.create(title="乙报告", content_sha256="2" * 64)
    Task.objects.create(title="甲", report=mine, lead_department=dept_a, created_by=supervisor)
    Task.objects.create(title="乙", report=theirs, lead_department=dept_b, created_by=supervisor)
    head_a = User.objects.get(pk=head_a.pk)
    filter_form_calls(head_a, "scope=division")  # warm: the process's fields, statements
    calls, task_filter = filter_form_calls(head_a, "scope=division")
    assert calls <= 1_300, calls  # 2,499 before (the options' queries included)
    assert task_filter.form.cleaned_data["status"] == []
    # No report chosen: the visible reports' queryset is not built.
    built: list[object] = []
    real = filters.reports_visible_to
    monkeypatch.setattr(
        filters, "reports_visible_to", lambda user: built.append(user) or real(user)
    )
    _calls, task_filter = filter_form_calls(head_a, "")
    assert built == [] and task_filter.is_valid()
    # Each user's own reports in the select (nothing kept from another request).
    _calls, for_b = filter_form_calls(User.objects.get(pk=head_b.pk), "")
    assert selected(str(for_b.form["report"]), "report") == ["", str(theirs.pk)]
    assert selected(str(task_filter.form["report"]), "report") == ["", str(mine.pk)]
    # A department added since is offered at once.
    new = Department.objects.create(name="新处", order=99)
    _calls, later = filter_form_calls(head_a, "")
    assert str(new.pk) in selected(str(later.form["lead_department"]), "lead_department")
    # Head B may not choose A's report: refused, and lists none of A's tasks.
    client = Client()
    client.force_login(head_b)
    page = client.get(f"/tasks/?report={mine.pk}").content.decode()
    assert 'class="error"' in page and 'class="tasktitle"' not in page
    assert "甲" not in re.sub(r"<select.*?</select>", "", page, flags=re.S)
    # A's own report: accepted, the select shows it chosen, the task listed.
    client.force_login(head_a)
    page = client.get(f"/tasks/?report={mine.pk}").content.decode()
    assert f'<option value="{mine.pk}" selected>' in page and 'class="error"' not in page
    assert page.count('class="tasktitle"') == 1


def test_a_filter_form_without_filter_data_cleans_as_django_cleans_it(
    supervisor: User, dept_a: Department
) -> None:
    """The cleaned data kept for a form whose data names none of its fields equals
    what Django's full_clean gives that form, and is not shared between forms; a
    form naming a field (valid or not) is cleaned by Django as before."""
    from django import forms
    from django.http import QueryDict

    def cleaned(query: str) -> tuple[dict[str, Any], dict[str, Any]]:
        task_filter = TaskFilter(QueryDict(query), queryset=Task.objects.all())
        form = task_filter.form
        form.is_valid()
        plain = type(form)(QueryDict(query))
        forms.Form.full_clean(plain)
        return (form.cleaned_data, dict(form.errors)), (plain.cleaned_data, dict(plain.errors))

    for query in ("", "scope=all&sort=priority", "cursor=x&count=exact"):
        ours, django = cleaned(query)
        assert ours == django and ours[1] == {}
        ours[0]["status"].append("done")  # a list of one form is not the next form's
        assert cleaned(query)[0][0]["status"] == []
    for query in ("status=done", "due_after=2030-13-01", "q=甲", f"lead_department={dept_a.pk}"):
        ours, django = cleaned(query)
        assert ours == django
    assert "due_after" in cleaned("due_after=2030-13-01")[0][1]


@pytest.mark.postgres
def test_the_html_list_request_costs_a_bounded_number_of_calls(
    supervisor: User, head_a: User, head_b: User, dept_a: Department, staff_a: User
) -> None:
    """Issue #17: a division head's /tasks/ (60 tasks, a page of 50) in
    function calls, the whole request: the scope, status and sort labels were
    translated (~550), the chips' counts localised (~330), the filter form built
    and cleaned (~1,700) and the rows' words looked up (~1,000) for every
    request; the session's row read and base.html's frame (~2,300) too. The
    labels follow the language."""
    from django.utils import translation
    from django.utils.html import escape

    make_tasks(60, dept_a, supervisor, responsible=staff_a, status=Status.IN_PROGRESS)
    client = Client()
    client.force_login(head_a)
    for _ in range(2):  # the session's first request; the process's statements
        client.get("/tasks/")
    calls = calls_of(lambda: client.get("/tasks/"))
    # 18,259 before the twelfth session, 13,502 after it; the frame around the list
    # (session read, header, base.html's links, options and words) cut it to ~10,300;
    # the session's user read by a kept statement and the CSP header kept, ~9,050.
    assert calls <= 10_000, calls
    english = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/tasks/").content.decode()
    with translation.override("en"):
        for word in ("本处室任务", "进度（低→高）", "办理中"):
            assert escape(translation.gettext(word)) in english
            assert word not in english
    assert "本处室任务" in chinese and "进度（低→高）" in chinese
    assert chinese.count('class="tasktitle"') == 50
    # Another division's head: none of these tasks.
    client.force_login(head_b)
    assert 'class="tasktitle"' not in client.get("/tasks/").content.decode()


def request_calls(client: Client, url: str) -> tuple[int, dict[str, Any]]:
    """Function calls (Python and built-in) of one GET, after one not counted
    (the user's first request reads and compiles what later ones keep)."""
    client.get(url)
    responses: list[Any] = []
    calls = calls_of(lambda: responses.append(client.get(url)))
    [response] = responses
    assert response.status_code == 200, response.content
    return calls, response.json()


@pytest.mark.parametrize("role", ["head", "supervisor"])
def test_an_api_list_row_costs_few_calls_from_the_page_reader_to_the_answer(
    role: str,
    supervisor: User,
    head_a: User,
    head_b: User,
    dept_a: Department,
    staff_a: User,
) -> None:
    """Issue #17: beyond the serializer (bounded above), each row of an API
    list page was ~28 function calls in the page reader (``TaskRows.build``: a
    call per timestamp, ``pop`` per name, three instances through ``_bare``)
    and ~26 in the representation (DRF's ``context`` per row, ``isoformat``
    per timestamp, ``get`` for the annotations, the foreign keys' descriptors
    in ``allowed_actions``). The whole request is counted with 1 task and with
    a full page of 50; the difference is what the rows cost."""
    now = dt.datetime(2030, 1, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)
    fields = {
        "responsible": staff_a,
        "status": Status.IN_PROGRESS,
        "assigned_at": now,
        "acknowledged_at": now + dt.timedelta(hours=1),
    }
    make_tasks(1, dept_a, supervisor, **fields)
    user = head_a if role == "head" else supervisor
    client = api_client(user)
    one, answer = request_calls(client, "/api/v1/tasks/")
    assert len(answer["results"]) == 1
    # The whole request with one row, the frame included (PostgreSQL: the prepared
    # reads): 3,590 (head) and 3,247 (supervisor) before the CSP header was kept,
    # 3,292 and 2,949 after.
    if connection.vendor == "postgresql":
        assert one <= {"head": 3_450, "supervisor": 3_100}[role], one
    make_tasks(49, dept_a, supervisor, **fields)
    fifty, answer = request_calls(client, "/api/v1/tasks/")
    assert len(answer["results"]) == 50 and answer["next"] is None
    per_row = (fifty - one) / 49
    # What is left a row: the timestamps' conversion to the time zone, three
    # instances, the light, the actions, the name, the co-operating departments.
    # SQLite: its converters parse each timestamp in Python (~10 calls each).
    bound = 20 if connection.vendor == "postgresql" else 120
    assert per_row <= bound, per_row
    row = answer["results"][0]
    assert row["assigned_at"] == "2030-01-01T17:30:15.250000+08:00"
    assert row["acknowledged_at"] == "2030-01-01T18:30:15.250000+08:00"
    assert row["responsible_name"] == "钱科员" and row["lead_department_name"] == "政策法规处"
    # Another division's head is given none of these tasks, in the list or one by one.
    other = api_client(head_b)
    assert other.get("/api/v1/tasks/").json()["results"] == []
    assert other.get(f"/api/v1/tasks/{row['id']}/").status_code == 404
