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

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from tests.tracker.conftest import token_client
from tracker.org.models import Department, User
from tracker.tasks.api import TaskSerializer
from tracker.tasks.models import Status, Task
from tracker.tasks.paging import sorted_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]

ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_c", "staff_d"]


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
