"""What the task lists and the task detail say, pinned for every role (issue #17).

The API list, its filtered and search forms, the task detail and the rows of
the HTML task list are built the fast way (tracker.tasks.api,
tracker.tasks.templatetags.duban). Here each is compared, byte for byte, with
a plain computation: DRF's generic field-by-field serialisation of a freshly
read task (``allowed_actions`` asked of that task), and the row template the
list used to include per task. A faster path that changes one byte of the
output fails here.

Roles: supervisor, leader, the head of the lead division, its staff member,
the head of a co-operating division, and another division's staff member who
sees nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from plans.models import Report
from tests.conftest import make_user
from tracker.org.models import Department, Role, User
from tracker.tasks.api import TaskSerializer
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, Kind, Status, Task
from tracker.tasks.paging import sorted_tasks

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 20, 3, 4, 5, 678901, tzinfo=dt.UTC)
TODAY = dt.date(2024, 5, 20)

ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_c", "staff_d"]


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def dept_a1(dept_a: Department) -> Department:
    """A section below division A: its tasks are A's head's too."""
    return Department.objects.create(name="法规一科", short_name="一科", parent=dept_a, order=11)


@pytest.fixture
def dept_d(db: None) -> Department:
    return Department.objects.create(name="人事处", short_name="人事处", order=5)


@pytest.fixture
def staff_d(dept_d: Department) -> User:
    """Another division's staff: touches none of the tasks, sees none."""
    return make_user("staff_d", Role.STAFF, dept_d, full_name="郑科员")


@pytest.fixture
def world(
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    head_c: User,
    staff_d: User,
    dept_a: Department,
    dept_a1: Department,
    dept_b: Department,
    dept_c: Department,
) -> list[Task]:
    """About sixty tasks in every status, with and without deadline, lead,
    person, co-operators (several, in department order), a pending and a
    decided extension request, sub-tasks, milestones, 催办, archived ones and
    timestamps with and without microseconds."""
    nameless = make_user("nameless", Role.STAFF, dept_a, full_name="")  # display_name = username
    report = Report.objects.create(title="年度报告", content_sha256="r" * 64, plan_year=2024)
    statuses = list(Status)
    tasks: list[Task] = []
    for i in range(64):
        status = statuses[i % len(statuses)]
        lead = [dept_a, dept_b, dept_c, dept_a1, None][i % 5]
        if lead is None and status not in (Status.DRAFT, Status.DECLINED):
            lead = dept_b
        person = {dept_a: staff_a, dept_b: staff_b, dept_a1: nameless}.get(lead)  # type: ignore[call-overload]
        if i % 6 == 0:
            person = None
        due = None if i % 9 == 4 else TODAY + dt.timedelta(days=(i * 7) % 61 - 25)
        created = NOW - dt.timedelta(days=40 + i, microseconds=0 if i % 2 else i * 137)
        task = Task.objects.create(
            title=f"任务{i}：<加强>&\"落实\" '整改'",
            description=f"内容{i}\n第二行" if i % 4 else "",
            kind=[Kind.ADHOC, Kind.PLAN, Kind.PROBLEM][i % 3],
            report=report if i % 3 else None,
            lead_department=lead,
            responsible=person,
            due_on=due,
            priority=1 + i % 3,
            status=status,
            progress=(i * 13) % 101,
            require_evidence=bool(i % 2),
            extension_count=i % 3,
            created_by=supervisor,
            urge_count=i % 4,
            next_milestone_on=TODAY + dt.timedelta(days=3) if i % 8 == 1 else None,
        )
        Task.objects.filter(pk=task.pk).update(
            created_at=created,
            updated_at=created + dt.timedelta(days=1, seconds=i),
            assigned_at=None
            if status in (Status.DRAFT, Status.DECLINED)
            else created + dt.timedelta(days=2),
            acknowledged_at=created + dt.timedelta(days=3) if i % 3 else None,
            submitted_at=created + dt.timedelta(days=9, microseconds=5)
            if status in (Status.SUBMITTED, Status.DONE)
            else None,
            submitted_by=supervisor if i % 2 else staff_a,
            completed_at=created + dt.timedelta(days=10) if status == Status.DONE else None,
            archived_at=created + dt.timedelta(days=20)
            if status == Status.DONE and i % 2
            else None,
        )
        if i % 5 == 1:
            # Listed in department order, which is not the order of their ids.
            task.cooperating_departments.add(dept_c, dept_a1, dept_a)
        if i % 7 == 2:
            task.cooperating_departments.add(dept_b)
        tasks.append(task)
    for task, state in ((tasks[2], ExtensionStatus.PENDING), (tasks[13], ExtensionStatus.REFUSED)):
        ExtensionRequest.objects.create(
            task=task,
            requested_by=supervisor,
            requested_due_on=TODAY + dt.timedelta(days=60),
            reason="需要更多时间",
            status=state,
        )
    for parent in (tasks[2], tasks[3]):
        child = Task.objects.create(
            title=f"{parent.title}（子任务）",
            lead_department=dept_c,
            due_on=TODAY + dt.timedelta(days=5),
            status=Status.ASSIGNED,
            parent=parent,
            created_by=supervisor,
        )
        tasks.append(child)
    return tasks


def token_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def generic(task_id: int, user: User) -> dict[str, Any]:
    """DRF's field-by-field representation of a freshly read task."""
    request = APIRequestFactory().get("/api/v1/tasks/")
    request.user = User.objects.get(pk=user.pk)
    task = Task.objects.get(pk=task_id)
    return dict(
        serializers.ModelSerializer.to_representation(
            TaskSerializer(context={"request": request}), task
        )
    )


def visible_in_order(user: User, **filters: Any) -> list[int]:
    """The plain list: the visibility rule, the filters, the default order."""
    tasks = Task.objects.visible_to(User.objects.get(pk=user.pk)).filter(**filters)
    return list(sorted_tasks(tasks, "due_on").values_list("pk", flat=True))


def walk(client: Client, url: str) -> list[bytes]:
    """Every page of an API list, following ``next``."""
    pages = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.content
        pages.append(response.content)
        next_url = json.loads(response.content)["next"]
    return pages


def assert_pages_equal_generic(pages: list[bytes], expected_ids: list[int], user: User) -> None:
    seen: list[int] = []
    for content in pages:
        body = json.loads(content)
        assert list(body) == ["count", "count_estimated", "next", "previous", "results"]
        reference = [generic(row["id"], user) for row in body["results"]]
        assert body["results"] == reference
        # Byte for byte: the same renderer over the reference gives the response.
        assert content == JSONRenderer().render(dict(body, results=reference))
        seen += [row["id"] for row in body["results"]]
        assert body["count"] == len(expected_ids)
    assert seen == expected_ids


@pytest.mark.parametrize("who", ROLES)
def test_api_list_equals_the_generic_representation(
    who: str, world: list[Task], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    expected = visible_in_order(user)
    if who == "staff_d":
        assert expected == []
    else:
        assert expected  # every other role sees something
    pages = walk(token_client(user), "/api/v1/tasks/")
    assert_pages_equal_generic(pages, expected, user)


@pytest.mark.parametrize("who", ROLES)
def test_api_filtered_and_search_lists_equal_the_generic_representation(
    who: str, world: list[Task], request: pytest.FixtureRequest, dept_c: Department
) -> None:
    user = request.getfixturevalue(who)
    client = token_client(user)
    filtered = walk(client, f"/api/v1/tasks/?lead_department={dept_c.pk}&status=assigned")
    assert_pages_equal_generic(
        filtered, visible_in_order(user, lead_department=dept_c, status=Status.ASSIGNED), user
    )
    found = walk(client, "/api/v1/tasks/?q=%E4%BB%BB%E5%8A%A11")  # q=任务1
    assert_pages_equal_generic(found, visible_in_order(user, title__contains="任务1"), user)


@pytest.mark.parametrize("who", ROLES)
def test_api_detail_equals_the_generic_representation(
    who: str, world: list[Task], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    client = token_client(user)
    visible = set(visible_in_order(user))
    for task in world:
        response = client.get(f"/api/v1/tasks/{task.pk}/")
        if task.pk not in visible:
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        assert response.content == JSONRenderer().render(generic(task.pk, user))


# The row template the task list included once per task before it was
# written out as a tag (templates/tasks/_task_table.html and _light.html).
OLD_TABLE = """{% load i18n duban %}<table class="grid tasks">
  <thead><tr>
    {% if selectable %}<th><span class="sr">{% translate "选择" %}</span></th>{% endif %}
    <th>{% translate "工作任务" %}</th><th>{% translate "预警" %}</th><th>{% translate "牵头单位" %}</th><th>{% translate "责任人" %}</th>
    <th>{% translate "完成时限" %}</th><th>{% translate "状态" %}</th><th>{% translate "进度" %}</th>
  </tr></thead>
  <tbody>
  {% for task in tasks %}
    <tr class="{% if task|overdue:today %}overdue{% endif %}">
      {% if selectable %}<td data-label="">{% if task.status == "draft" or task.status == "declined" %}<input type="checkbox" name="tasks" value="{{ task.pk }}" aria-label="{% translate '选择' %} {{ task.title }}">{% endif %}</td>{% endif %}
      <td data-label=""><a class="tasktitle" href="{% url 'task-detail' task.pk %}">{{ task.title }}</a>{% if task.parent_id %} <span class="tag">{% translate "子任务" %}</span>{% endif %}{% if task.urge_count %} <span class="tag orange">{% blocktranslate count n=task.urge_count %}已催办 {{ n }} 次{% plural %}已催办 {{ n }} 次{% endblocktranslate %}</span>{% endif %} <span class="muted">{{ task.get_kind_display }}</span></td>
      <td>{% with light=task|light:today %}{% if light != "none" %}<span class="light light-{{ light }}"><span class="dot" aria-hidden="true"></span>{{ light|light_label }}</span>{% endif %}{% endwith %}</td>
      <td>{{ task.lead_department|default:"—" }}</td>
      <td>{{ task.responsible|default:"—" }}</td>
      <td>{{ task.due_on|date:"Y-m-d"|default:"—" }}{% if task|overdue:today %} <span class="tag red">{% blocktranslate count days=task|days_overdue:today %}逾期 {{ days }} 天{% plural %}逾期 {{ days }} 天{% endblocktranslate %}</span>{% elif task|proposed_due_passed:today %} <span class="tag" title="{% translate '尚未交办，不计逾期；交办时请重新设定完成时限' %}">{% translate "拟定时限已过" %}</span>{% endif %}</td>
      <td>{% if task.status == "returned" %}<span class="tag red">{{ task.get_status_display }}</span>{% else %}{{ task.get_status_display }}{% endif %}</td>
      <td>{{ task.progress }}%</td>
    </tr>
  {% empty %}
    <tr><td colspan="8" class="empty">{% translate "暂无任务。" %}</td></tr>
  {% endfor %}
  </tbody>
</table>"""

TABLE = re.compile(r'<table class="grid tasks">.*?</table>', re.S)


def old_table(ids: list[int], selectable: bool) -> str:
    tasks = [Task.objects.select_related("lead_department", "responsible").get(pk=pk) for pk in ids]
    context = {"tasks": tasks, "today": timezone.localdate(), "selectable": selectable}
    return Template(OLD_TABLE).render(Context(context))


def html_walk(client: Client, url: str) -> list[str]:
    pages = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200
        page = response.content.decode()
        pages.append(page)
        found = re.search(r'href="(\?[^"]*cursor=[^"]*)"[^>]*>下一页', page)
        next_url = "/tasks/" + found.group(1).replace("&amp;", "&") if found else None
    return pages


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("scope", ["", "mine", "division", "all"])
def test_html_list_rows_equal_the_old_row_template(
    who: str,
    scope: str,
    world: list[Task],
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
) -> None:
    user = request.getfixturevalue(who)
    if scope == "all" and not user.sees_everything:
        scope = ""
    client = login(user)
    ids_shown: list[int] = []
    for page in html_walk(client, f"/tasks/?scope={scope}" if scope else "/tasks/"):
        table = TABLE.search(page)
        assert table is not None
        ids = [int(pk) for pk in re.findall(r'href="/tasks/(\d+)/"', table.group(0))]
        selectable = '<th><span class="sr">' in table.group(0)
        assert table.group(0) == old_table(ids, selectable)
        ids_shown += ids
    if who == "staff_d":
        assert ids_shown == []
    elif user.sees_everything and scope in ("", "all"):
        assert ids_shown == visible_in_order(user)  # both pages, in the list order
    elif scope == "":
        assert ids_shown  # the default list shows something to all but D


def test_html_list_filtered_rows_equal_the_old_row_template(
    world: list[Task], supervisor: User, dept_c: Department, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    for url in (
        f"/tasks/?scope=all&lead_department={dept_c.pk}&status=assigned",
        "/tasks/?scope=all&q=%E4%BB%BB%E5%8A%A11&sort=-due_on",
        "/tasks/?scope=all&status=draft",  # selectable rows (bulk assignment)
    ):
        page = client.get(url).content.decode()
        table = TABLE.search(page)
        assert table is not None
        ids = [int(pk) for pk in re.findall(r'href="/tasks/(\d+)/"', table.group(0))]
        assert ids
        selectable = '<th><span class="sr">' in table.group(0)
        assert table.group(0) == old_table(ids, selectable)


def test_html_list_rows_in_english_equal_the_old_row_template(
    world: list[Task], supervisor: User, login: Callable[[User], Client]
) -> None:
    from django.utils import translation

    client = login(supervisor)
    for url in ("/tasks/?scope=all", "/tasks/?scope=all&status=draft"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        table = TABLE.search(page)
        assert table is not None
        assert "Urged" in table.group(0)  # the page is in English
        ids = [int(pk) for pk in re.findall(r'href="/tasks/(\d+)/"', table.group(0))]
        selectable = '<th><span class="sr">' in table.group(0)
        with translation.override("en"):
            assert table.group(0) == old_table(ids, selectable)
