"""The whole HTML task list page, pinned byte for byte (issue #17).

The page's template is rendered in part by Python (tags in
tracker.tasks.templatetags.duban) for speed. Here each response is compared
with what the page's template as it was written before any of that
(``OLD_PAGE``, rendered by Django's template engine from the same context
the view handed it) writes: every role, scope, filter, sort, a cursor page,
an invalid filter, English, and text needing escaping (``< & " '`` in task
titles, a department's and a report's name, and the search box's value).

``OLD_PAGE`` is the oracle for the Python-written parts, not a freeze of the
page's design: a deliberate change to the page changes the template, the tag
and ``OLD_PAGE`` together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.template import engines
from django.test import Client

from plans.models import Report
from tracker.org.models import Department, User
from tracker.tasks.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]

# templates/tasks/task_list.html as it was before its parts were written in Python.
OLD_PAGE = """{% extends "base.html" %}
{% load i18n duban %}
{% block title %}{% translate "督办任务" %}{% endblock %}
{% block content %}
<div class="pagehead">
  <h1>{% translate "督办任务" %}</h1>
  {% if user.is_supervisor %}<a class="button primary" href="{% url 'task-create' %}">{% translate "新建任务" %}</a>{% endif %}
  {% if user.can_view_audit %}<a class="button" href="{% url 'audit-list' %}">{% translate "审计日志" %}</a>{% endif %}
</div>
<nav class="tabs" aria-label="{% translate '任务范围' %}">
  {% for value, label in scopes %}<a href="?scope={{ value }}{% if query_without_scope %}&amp;{{ query_without_scope }}{% endif %}" class="{% if value == scope %}active{% endif %}">{{ label }}</a>{% endfor %}
</nav>
<ul class="statuscounts">
  <li><a href="?{{ query_without_status }}" class="{% if not selected_statuses %}active{% endif %}">{% translate "全部" %} <b>{% if count_estimated %}{% translate "约" %}{% endif %}{{ total }}</b></a>{% if count_estimated %} <a href="?{{ query_without_cursor }}&amp;count=exact" class="muted">{% translate "精确计数" %}</a>{% endif %}</li>
  {% for value, label, n in status_counts %}<li><a href="?{{ query_without_status }}&amp;status={{ value }}" class="{% if value in selected_statuses %}active{% endif %}">{{ label }} <b>{{ n }}</b></a></li>{% endfor %}
</ul>
<details class="filterbox"{% if request.GET.q or request.GET.lead_department or request.GET.kind or request.GET.report or request.GET.overdue or request.GET.archived or request.GET.due_after or request.GET.due_before %} open{% endif %}>
<summary>{% translate "筛选与排序" %}</summary>
<form method="get" class="filters">
  <input type="hidden" name="scope" value="{{ scope }}">
  <label>{% translate "关键词" %} <input type="search" name="q" value="{{ filter.form.q.value|default:'' }}" placeholder="{% translate '标题或内容' %}"></label>
  <label>{% translate "状态" %} <select name="status"><option value="">{% translate "全部" %}</option>{% for value, label, n in status_counts %}<option value="{{ value }}"{% if value in selected_statuses %} selected{% endif %}>{{ label }}</option>{% endfor %}</select></label>
  <label>{% translate "牵头单位" %} {{ filter.form.lead_department }}</label>
  <label>{% translate "任务类型" %} {{ filter.form.kind }}</label>
  <label>{% translate "来源报告" %} {{ filter.form.report }}</label>
  <label>{% translate "是否逾期" %} <select name="overdue">{% with o=request.GET.overdue %}<option value="">{% translate "全部" %}</option><option value="true"{% if o == "true" %} selected{% endif %}>{% translate "已逾期" %}</option><option value="false"{% if o == "false" %} selected{% endif %}>{% translate "未逾期" %}</option>{% endwith %}</select></label>
  <label>{% translate "是否归档" %} <select name="archived">{% with a=request.GET.archived %}<option value="">{% translate "全部" %}</option><option value="true"{% if a == "true" %} selected{% endif %}>{% translate "已归档" %}</option><option value="false"{% if a == "false" %} selected{% endif %}>{% translate "未归档" %}</option>{% endwith %}</select></label>
  <label>{% translate "完成时限不早于" %} <input type="date" name="due_after" value="{{ filter.form.due_after.value|default:'' }}"></label>
  <label>{% translate "完成时限不晚于" %} <input type="date" name="due_before" value="{{ filter.form.due_before.value|default:'' }}"></label>
  <label>{% translate "排序" %} <select name="sort">{% for value, label in sorts %}<option value="{{ value }}"{% if value == sort %} selected{% endif %}>{{ label }}</option>{% endfor %}</select></label>
  <button type="submit">{% translate "筛选" %}</button>
  <a href="?scope={{ scope }}">{% translate "清除条件" %}</a>
</form>
</details>
{% if filter.errors %}<p class="error">{% translate "筛选条件有误：" %}{% for field, errs in filter.errors.items %}{{ errs|join:"；" }} {% endfor %}</p>{% endif %}
<form method="post" action="{% url 'task-bulk-assign' %}" id="bulk">{% csrf_token %}
<input type="hidden" name="next" value="{{ request.get_full_path }}">
{% light_legend %}
{% if bulk_form and page|any_assignable %}{% include "tasks/_task_table.html" with tasks=page selectable=True %}{% else %}{% include "tasks/_task_table.html" with tasks=page %}{% endif %}
{% if bulk_form and page|any_assignable %}
<fieldset class="bulk card"><legend>{% translate "批量交办所选任务" %}</legend>
  <label>{% translate "牵头单位" %} {{ bulk_form.lead_department }}</label>
  <label>{% translate "完成时限" %} {{ bulk_form.due_on }}</label>
  <button type="submit" class="primary">{% translate "批量交办" %}</button>
</fieldset>
{% endif %}
</form>
{% include "tasks/_keyset_pagination.html" %}
{% endblock %}
"""

# The CSRF token is masked afresh for every rendering.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

HOSTILE = "<b>&\"'"


@pytest.fixture
def hostile(world: list[Task], dept_c: Department) -> None:  # noqa: F811
    """A department and a report whose names need escaping, with tasks."""
    odd = Department.objects.create(name=f"{HOSTILE}处", short_name="怪处", order=40)
    report = Report.objects.create(title=f"报告{HOSTILE}", content_sha256="h" * 64, plan_year=2024)
    for task in world[:6]:
        Task.objects.filter(pk=task.pk).update(report=report)
    world[7].cooperating_departments.add(odd)
    Task.objects.filter(pk=world[8].pk).update(lead_department=odd)


def old_page(response: Any) -> str:
    """OLD_PAGE rendered from the context the view rendered the page with."""
    context = response.context[0].flatten()
    return engines["django"].from_string(OLD_PAGE).render(context, request=response.wsgi_request)


def assert_page_pinned(client: Client, url: str, **headers: Any) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    page = response.content.decode()
    assert CSRF.sub("CSRF", page) == CSRF.sub("CSRF", old_page(response))
    return page


def urls(dept: Department, report: Report, user: User) -> list[str]:
    q = quote("任务1")
    scope = "&scope=all" if user.sees_everything else ""
    return [
        "/tasks/",
        "/tasks/?scope=mine",
        "/tasks/?scope=division",
        f"/tasks/?status=assigned{scope}",
        f"/tasks/?status=assigned&status=returned&lead_department={dept.pk}{scope}",
        f"/tasks/?q={q}&sort=-due_on{scope}",
        f"/tasks/?q={quote(HOSTILE)}{scope}",
        f"/tasks/?kind=plan&overdue=true&archived=false&sort=priority{scope}",
        f"/tasks/?report={report.pk}&overdue=false&archived=true&sort=status{scope}",
        f"/tasks/?due_after=2024-05-01&due_before=2024-07-01&sort=progress{scope}",
        f"/tasks/?due_after=not-a-date&lead_department=999999{scope}",  # invalid: errors shown
        f"/tasks/?sort=-progress&count=exact{scope}",
        "/tasks/?sort=updated&scope=division&status=draft",
    ]


@pytest.mark.parametrize("who", ["supervisor", "leader", "head_a", "staff_a", "head_c", "staff_d"])
def test_task_list_page_equals_the_old_template(
    who: str,
    hostile: None,
    dept_c: Department,
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
) -> None:
    user = request.getfixturevalue(who)
    client = login(user)
    report = Report.objects.get(title__startswith="报告")
    pages = [assert_page_pinned(client, url) for url in urls(dept_c, report, user)]
    if user.sees_everything:
        pages.append(assert_page_pinned(client, "/tasks/?scope=all"))
    shown = "".join(pages)
    if who == "staff_d":
        assert 'class="tasktitle"' not in shown  # another division's staff sees no row
    else:
        assert 'class="tasktitle"' in shown
    # The text that needs escaping reached the page, escaped.
    assert "&lt;b&gt;&amp;&quot;&#x27;" in shown
    assert HOSTILE not in shown


def test_task_list_next_pages_and_english_equal_the_old_template(
    hostile: None, supervisor: User, head_a: User, login: Callable[[User], Client]
) -> None:
    for user in (supervisor, head_a):
        client = login(user)
        for url in (
            "/tasks/?scope=all" if user.sees_everything else "/tasks/",
            "/tasks/?scope=mine",
        ):
            page = assert_page_pinned(client, url)
            found = re.search(r'href="(\?[^"]*cursor=[^"]*)"[^>]*>下一页', page)
            if found:
                assert_page_pinned(client, "/tasks/" + found.group(1).replace("&amp;", "&"))
        page = assert_page_pinned(client, "/tasks/?status=draft", HTTP_ACCEPT_LANGUAGE="en")
        assert "Filter" in page
