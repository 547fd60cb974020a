"""The dashboard: its numbers equal an independent count for each role, every
number's link lists exactly the tasks it counts, and the query count does not
grow with the number of tasks or departments."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.tracker.reporting_data import (
    NOW,
    TODAY,
    Scenario,
    expected_counts,
    make_volume,
    visible,
)
from tracker.org.models import Department, User
from tracker.reporting.dashboard import DashboardFilters, dashboard_compute
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import UNASSIGNED_STATUSES, Task

COUNT_NAMES = ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")


@pytest.fixture(autouse=True)
def _frozen_time() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def listed(user: User, url: str) -> set[int]:
    """The tasks the task list behind ``url`` shows: visible, filtered by TaskFilter."""
    query = QueryDict(urlsplit(url).query)
    task_filter = TaskFilter(data=query, queryset=Task.objects.visible_to(user))
    assert task_filter.is_valid(), task_filter.errors
    return set(task_filter.qs.values_list("pk", flat=True))


ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_b", "staff_b", "head_c"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_totals_equal_an_independent_count_and_their_lists(
    role: str, scenario: Scenario, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(role)
    mine = visible(user, scenario.tasks)
    data = dashboard_compute(user=user)
    expected = expected_counts(mine)
    assert {name: getattr(data.totals, name) for name in COUNT_NAMES} == expected
    for name in COUNT_NAMES:
        assert len(listed(user, data.totals.url(name))) == expected[name], name


@pytest.mark.django_db
def test_supervisor_sees_the_known_numbers(scenario: Scenario, supervisor: User) -> None:
    totals = dashboard_compute(user=supervisor).totals
    # Written out once by hand, so that the reference itself is checked.
    assert (totals.total, totals.done, totals.on_time, totals.cancelled) == (14, 5, 3, 1)
    assert (totals.overdue, totals.due_7, totals.due_30) == (3, 2, 3)
    assert totals.completion_rate == pytest.approx(5 / 13)
    # 按期率: on time among the done (5) and the overdue (3), so that it agrees
    # with the 逾期 count beside it.
    assert totals.on_time_rate == pytest.approx(3 / 8)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "head_a", "staff_b"])
def test_department_ranking_and_sources_equal_independent_counts(
    role: str, scenario: Scenario, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(role)
    mine = visible(user, scenario.tasks)
    data = dashboard_compute(user=user)
    by_dept = {row.key: row.counts for row in data.by_department}
    # 待交办 and 退办 tasks are nobody's yet: not in their proposed lead's row.
    assigned = [t for t in mine if t.status not in UNASSIGNED_STATUSES]
    unassigned = [t for t in mine if t.status in UNASSIGNED_STATUSES]
    assert set(by_dept) == {str(t.lead_department_id) for t in assigned}
    for key, counts in by_dept.items():
        group = [t for t in assigned if str(t.lead_department_id) == key]
        assert {n: getattr(counts, n) for n in COUNT_NAMES} == expected_counts(group)
        for name in COUNT_NAMES:
            assert len(listed(user, counts.url(name))) == getattr(counts, name)
    # Their own row, whose every number links to exactly the tasks it counts.
    counts = data.unassigned
    assert {n: getattr(counts, n) for n in COUNT_NAMES} == expected_counts(unassigned)
    assert listed(user, counts.url("total")) == {t.pk for t in unassigned}
    for name in COUNT_NAMES:
        assert len(listed(user, counts.url(name))) == getattr(counts, name)
    for row in data.by_kind:
        group = [t for t in mine if t.kind == row.key]
        assert {n: getattr(row.counts, n) for n in COUNT_NAMES} == expected_counts(group)
        assert listed(user, row.counts.url("total")) == {t.pk for t in group}
    for row in data.by_report:
        group = [t for t in mine if str(t.report_id or "") == row.key]
        assert row.counts.total == len(group)


@pytest.mark.django_db
def test_ranking_puts_the_best_department_first(
    scenario: Scenario, supervisor: User, dept_c: Department
) -> None:
    rows = dashboard_compute(user=supervisor).by_department
    assert rows[0].key == str(dept_c.pk)  # 2 of 2 done
    assert rows[0].counts.completion_rate == 1


@pytest.mark.django_db
def test_overdue_list_gives_days_overdue_most_overdue_first(
    scenario: Scenario, supervisor: User, head_a: User
) -> None:
    data = dashboard_compute(user=supervisor)
    assert [t.title for t in data.overdue_tasks] == [
        "执法B2 逾期未办",
        "法规A3 逾期未办",
        "执法B5 责任人是A的人",
    ]
    assert data.overdue_tasks[0].days_overdue(TODAY) == 60
    head_titles = {t.title for t in dashboard_compute(user=head_a).overdue_tasks}
    assert "执法B2 逾期未办" not in head_titles
    assert "法规A3 逾期未办" in head_titles


@pytest.mark.django_db
def test_overdue_list_names_every_kind_of_person_without_a_query_per_task(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    """The overdue list reads only the columns it shows (OVERDUE_FIELDS): a
    responsible person named by full name, by first and last name or only by
    user name is named as everywhere else (str(user)), and showing them costs
    no query per task."""
    from tests.conftest import make_user
    from tracker.org.models import Role

    client = login(supervisor)

    def answers() -> tuple[int, dict[str, str], str]:
        with CaptureQueriesContext(connection) as ctx:
            api = client.get("/api/v1/dashboard/")
            page = client.get(reverse("dashboard"))
        assert api.status_code == page.status_code == 200
        names = {t["title"]: t["responsible"] for t in api.json()["overdue_tasks"]}
        return len(ctx.captured_queries), names, page.content.decode()

    before, _, _ = answers()
    overdue = list(dashboard_compute(user=supervisor).overdue_tasks)
    assert len(overdue) == 3
    people = [
        make_user("named_full", Role.STAFF, None, full_name="赵全名"),
        make_user("named_parts", Role.STAFF, None, full_name="", first_name="钱", last_name="名"),
        make_user("named_login", Role.STAFF, None, full_name=""),
    ]
    for task, person in zip(overdue, people, strict=True):
        Task.objects.filter(pk=task.pk).update(responsible=person)
    after, names, html = answers()
    assert after == before
    assert names == {t.title: str(p) for t, p in zip(overdue, people, strict=True)}
    assert {str(p) for p in people} == {"赵全名", people[1].get_full_name(), "named_login"}
    for person in people:
        assert f"<td>{person}</td>" in html


@pytest.mark.django_db
def test_table_rows_in_one_tag_are_the_rows_of_the_loop(
    scenario: Scenario, supervisor: User, head_b: User
) -> None:
    """dashboard_rows writes a table's rows as the template's loop over
    dashboard_row did: ranked with the loop's counter, or without a rank."""
    from django.template import Context, Template

    loop = Template(
        "{% load reporting %}{% for row in rows %}{% dashboard_row row forloop.counter %}"
        "{% endfor %}|{% for row in rows %}{% dashboard_row row %}{% endfor %}"
    )
    one_tag = Template(
        "{% load reporting %}{% dashboard_rows rows ranked=True %}|{% dashboard_rows rows %}"
    )
    for user in (supervisor, head_b):
        data = dashboard_compute(user=user)
        for rows in (data.by_department, data.by_kind, data.by_report, []):
            context = Context({"rows": rows})
            assert one_tag.render(context) == loop.render(context)
        assert "<td>1</td>" in one_tag.render(Context({"rows": data.by_department}))


@pytest.mark.django_db
def test_trend_is_a_burn_up_with_linked_weeks(scenario: Scenario, supervisor: User) -> None:
    data = dashboard_compute(user=supervisor)
    assert data.trend[-1].cumulative == data.totals.done
    assert sum(p.done for p in data.trend) <= data.totals.done
    for point in data.trend:
        assert len(listed(supervisor, point.url)) == point.done
    assert [p.cumulative for p in data.trend] == sorted(p.cumulative for p in data.trend)


@pytest.mark.django_db
def test_filters_narrow_every_number_and_keep_links_consistent(
    scenario: Scenario, supervisor: User, dept_b: Department
) -> None:
    filters = DashboardFilters(report=scenario.report, year=2022, department=dept_b)
    data = dashboard_compute(user=supervisor, filters=filters)
    group = [
        t
        for t in scenario.tasks
        if t.report_id == scenario.report.pk
        and t.lead_department_id == dept_b.pk
        and t.due_on is not None
        and t.due_on.year == 2022
    ]
    assert {n: getattr(data.totals, n) for n in COUNT_NAMES} == expected_counts(group)
    for name in COUNT_NAMES:
        assert len(listed(supervisor, data.totals.url(name))) == getattr(data.totals, name)
    params = parse_qs(urlsplit(data.totals.url("due_30")).query)
    assert params["due_before"] == ["2022-12-31"]  # the year's bound wins over today+30


@pytest.mark.django_db
def test_dashboard_page_and_api_for_another_division_show_none_of_its_tasks(
    scenario: Scenario, head_b: User, login: Callable[[User], Client]
) -> None:
    client = login(head_b)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "统计分析" in html and "<svg" in html
    assert "法规A3 逾期未办" not in html  # division A's overdue task
    assert "执法B2 逾期未办" in html
    api = client.get("/api/v1/dashboard/")
    assert api.status_code == 200
    body = api.json()
    expected = expected_counts(visible(head_b, scenario.tasks))
    assert {n: body["totals"][n] for n in COUNT_NAMES} == expected
    assert all("法规" not in t["title"] for t in body["overdue_tasks"])


@pytest.mark.django_db
def test_dashboard_api_works_with_a_token_and_refuses_strangers(
    scenario: Scenario, leader: User
) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=leader)
    client = Client()
    assert client.get("/api/v1/dashboard/").status_code in {401, 403}
    response = client.get("/api/v1/dashboard/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["totals"]["total"] == 14


@pytest.mark.django_db
def test_bad_filters_answer_in_chinese_without_error(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    page = client.get(reverse("dashboard"), {"year": "abc", "report": "999999"})
    assert page.status_code == 200
    assert "年度应为" in page.content.decode()
    assert "所选报告不存在" in page.content.decode()
    api = client.get("/api/v1/dashboard/", {"department": "x"})
    assert api.status_code == 400


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "head_a"])
def test_dashboard_query_count_is_independent_of_size(
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    login: Callable[[User], Client],
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    user: User = request.getfixturevalue(role)
    client = login(user)
    make_volume(n_tasks=10, n_departments=2, supervisor=supervisor)
    small = _page_queries(client)
    make_volume(n_tasks=990, n_departments=20, supervisor=supervisor, prefix="大批")
    Task.objects.filter(title__startswith="批量任务1").update(responsible=user)
    assert Task.objects.count() == 1000
    # 11: on PostgreSQL the whole-organisation view reads two small tallies
    # and the open tasks due soon instead of grouping the task table.
    # +1 (12): the warning-light thresholds of the legend.
    # +1 (13): the 定期反馈 table (the tasks' feedback policies).
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        large = _page_queries(client)
    assert large == small


@pytest.mark.parametrize(
    "extra",
    [
        [("assigned", "false")],
        [("lead_department", "7"), ("assigned", "true")],
        [("kind", "plan")],
        [("report", "3")],
        [("status", "done"), ("completed_after", "2022-12-12"), ("completed_before", "2022-12-18")],
    ],
)
@pytest.mark.parametrize(
    "base",
    [
        [],
        [("report", "5")],
        [("lead_department", "9"), ("due_after", "2022-01-01"), ("due_before", "2022-12-31")],
    ],
)
def test_merge_params_shortcut_for_new_keys_gives_the_full_merge(
    base: list[tuple[str, str]], extra: list[tuple[str, str]]
) -> None:
    """merge_params appends a key the base lacks without its scan (the fold of an
    unfiltered dashboard, ~300 times): the answer is the full merge's, written
    out here as it was before the shortcut."""
    from tracker.reporting.dashboard import merge_params

    def full_merge(base: list[tuple[str, str]], extra: list[tuple[str, str]]) -> list:
        merged = list(base)
        for key, value in extra:
            existing = [v for k, v in merged if k == key]
            if key in {"due_after", "completed_after"} and existing:
                merged = [(k, v) for k, v in merged if k != key] + [(key, max(existing[0], value))]
            elif key in {"due_before", "completed_before"} and existing:
                merged = [(k, v) for k, v in merged if k != key] + [(key, min(existing[0], value))]
            elif key == "status" or not existing:
                merged.append((key, value))
            else:
                merged = [(k, v) for k, v in merged if k != key] + [(key, value)]
        return merged

    for extra_ in (extra, extra + extra, [*extra, ("status", "submitted")]):
        merged = merge_params(base, extra_)
        assert merged == full_merge(base, extra_)
        assert merged is not extra_
        assert merged is not base


@pytest.mark.parametrize(
    "numbers",
    [(0, 0, 0, 0, 0), (7, 3, 2, 1, 2), (3, 0, 0, 3, 0), (9, 9, 4, 0, 0), (6, 1, 1, 2, 5)],
)
def test_counts_as_dict_is_what_its_properties_say(numbers: tuple[int, ...]) -> None:
    """as_dict writes the rates out (~250 groups a dashboard): the same numbers
    as the properties the page shows, rounded as before."""
    from tracker.reporting.dashboard import Counts

    total, done, on_time, cancelled, overdue = numbers
    counts = Counts(total=total, done=done, on_time=on_time, cancelled=cancelled, overdue=overdue)
    answer = counts.as_dict("/tasks/")
    rate = counts.completion_rate
    on_time_rate = counts.on_time_rate
    assert answer["open"] == counts.open
    assert answer["completion_rate"] == (None if rate is None else round(rate, 4))
    assert answer["on_time_rate"] == (None if on_time_rate is None else round(on_time_rate, 4))
    assert [type(answer[k]) for k in ("completion_rate", "on_time_rate")] == [
        type(None if rate is None else round(rate, 4)),
        type(None if on_time_rate is None else round(on_time_rate, 4)),
    ]


def test_link_query_text_is_urlencodes() -> None:
    """The dashboard's fast query-string builder writes what urlencode writes."""
    from urllib.parse import urlencode

    from tracker.reporting.dashboard import _query

    for params in (
        [("status", "done"), ("lead_department", "12"), ("due_after", "2022-01-01")],
        [("q", "森林 防火"), ("status", "in_progress")],
        [("x", "a&b=c"), ("y", "~._-")],
        [],
    ):
        assert _query(params) == urlencode(params)


class _Tables(HTMLParser):
    """The rows of every table in a page: per row, its cells as (tag, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.tables and self.tables[-1]:
            self.tables[-1][-1].append((tag, ""))

    def handle_data(self, data: str) -> None:
        if self.tables and self.tables[-1] and self.tables[-1][-1]:
            tag, text = self.tables[-1][-1][-1]
            self.tables[-1][-1][-1] = (tag, text + data.strip())


@pytest.mark.django_db
def test_every_table_column_has_a_heading_and_a_cell_per_row(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    """The by-source tables had an empty first column with no heading: a cell
    per row that said nothing and narrowed the report titles to three characters."""
    page = login(supervisor).get(reverse("dashboard"))
    parser = _Tables()
    parser.feed(page.content.decode())
    assert len(parser.tables) >= 4
    for table in parser.tables:
        heading, *rows = table
        assert heading and all(tag == "th" and text for tag, text in heading), heading
        for cells in rows:
            assert len(cells) in (len(heading), 1), (heading, cells)  # 1: an "empty" row
            assert all(tag == "td" for tag, _text in cells)
