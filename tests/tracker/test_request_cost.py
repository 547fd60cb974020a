"""Per-request cost at scale (issue #17): the visibility rule stays one index
condition, and the list, detail and dashboard pages run a fixed number of
queries whatever the number of tasks (no query per row)."""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    staff_a: User,
    staff_b: User,
) -> list[Task]:
    """Tasks led by A, B and C, some co-operated by A or C, some held by
    staff_a although led elsewhere."""
    rng = random.Random(17)
    tasks = []
    for i in range(90):
        lead = [dept_a, dept_b, dept_c][i % 3]
        task = Task.objects.create(
            title=f"任务{i}",
            lead_department=lead,
            responsible=staff_a if i % 7 == 0 else (staff_b if lead == dept_b else None),
            due_on=dt.date(2023, 1, 1) + dt.timedelta(rng.randint(0, 60)),
            status=rng.choice([Status.IN_PROGRESS, Status.DONE, Status.SUBMITTED]),
            created_by=supervisor,
        )
        if i % 5 == 0:
            task.cooperating_departments.add(dept_a if lead != dept_a else dept_c)
        tasks.append(task)
    return tasks


def plain_visible(user: User, tasks: list[Task]) -> set[int]:
    """The visibility rule written out in Python."""
    if user.sees_everything:
        return {t.pk for t in tasks}
    mine = {user.department_id}
    return {
        t.pk
        for t in tasks
        if t.responsible_id == user.pk
        or t.lead_department_id in mine
        or any(d.pk in mine for d in t.cooperating_departments.all())
    }


@pytest.mark.parametrize("who", ["supervisor", "head_a", "staff_a", "head_b", "staff_b", "head_c"])
def test_visible_to_equals_the_rule(
    who: str, spread: list[Task], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    got = set(Task.objects.visible_to(user).values_list("pk", flat=True))
    assert got == plain_visible(user, spread)
    # Aggregates over the rule (the dashboard's shape) agree as well.
    assert Task.objects.visible_to(user).count() == len(got)


def test_other_division_sees_none_of_a_task(
    spread: list[Task], head_b: User, dept_a: Department
) -> None:
    only_a = [t for t in spread if t.lead_department_id == dept_a.pk and t.responsible_id is None]
    only_a = [t for t in only_a if not t.cooperating_departments.exists()]
    assert only_a
    visible = set(Task.objects.visible_to(head_b).values_list("pk", flat=True))
    assert not visible & {t.pk for t in only_a}


@pytest.mark.postgres
def test_visibility_rule_is_answered_by_indexes(spread: list[Task], head_a: User) -> None:
    """With sequential scans priced out, the rule still needs none: the
    co-operating departments' tasks are an index condition (id = ANY(ARRAY(…)))
    OR-ed with the lead-department and responsible indexes. The old
    ``id IN (subquery)`` inside the OR could only be a filter on a seq scan."""
    sql, params = Task.objects.visible_to(head_a).values("kind").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("explain " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on tasks_task" not in plan, plan
    assert "SubPlan" not in plan, plan


def test_dashboard_links_equal_merged_parameters() -> None:
    """Counts.url joins a group's query and the link's part when no key
    clashes (a dashboard builds ~2,000 links); it must write exactly what
    merge_params + task_list_url write, clashing keys (dates that intersect,
    a status already chosen) included."""
    from django.urls import reverse

    from tracker.reporting.dashboard import Counts, _link_extras, merge_params, task_list_url

    today = dt.date(2024, 3, 15)
    path = reverse("task-list")
    for params in (
        [],
        [("lead_department", "7"), ("assigned", "true")],
        [("kind", "plan")],
        [("report", "3"), ("due_after", "2024-01-01"), ("due_before", "2024-12-31")],
        [("report", "3"), ("due_after", "2024-03-20"), ("due_before", "2024-03-18")],
        [("status", "done"), ("q", "森林 防火")],
        [("overdue", "false"), ("on_time", "false")],
    ):
        counts = Counts(params=params, today=today)
        for name, (extra, _keys, _query) in _link_extras(today).items():
            expected = task_list_url(merge_params(params, extra), path)
            assert counts.url(name, path) == expected, (params, name)
            assert counts.url(name) == expected
        assert set(counts.urls()) <= set(_link_extras(today))
    assert Counts(params=[("x", "1")], linkable=False, today=today).url("done") == ""


OLD_ROW_TEMPLATE = """{% load reporting %}{% with c=row.counts %}<tr>
  <td>{{ rank }}</td><td>{{ row.label }}</td>
  <td class="n">{% numlink c "total" %}</td>
  <td class="n">{% numlink c "done" %}</td>
  <td class="n">{{ c.completion_rate|percent }}</td>
  <td class="n">{% numlink c "on_time" %}</td>
  <td class="n">{{ c.on_time_rate|percent }}</td>
  <td class="n{% if c.overdue %} red{% endif %}">{% numlink c "overdue" %}</td>
  <td class="n">{% numlink c "due_7" %}</td>
</tr>{% endwith %}
"""


@pytest.mark.parametrize("rank", [1, 12, "—", ""])
def test_dashboard_row_tag_writes_what_the_row_template_wrote(rank: object) -> None:
    """The dashboard's table rows are built by a tag instead of an include per
    row; the markup is the same, escaping included."""
    from django.template import Context, Template

    from tracker.reporting.dashboard import Counts, Row
    from tracker.reporting.templatetags.reporting import dashboard_row

    today = dt.date(2024, 3, 15)
    rows = [
        Row(
            "7",
            "政策法规处",
            Counts(
                total=9,
                done=4,
                on_time=3,
                overdue=2,
                due_7=1,
                params=[("lead_department", "7")],
                today=today,
            ),
        ),
        Row(
            "",
            "<b>（未指定牵头单位）</b> & 其他",
            Counts(total=3, cancelled=3, linkable=False, today=today),
        ),
        Row("plan", "年度计划", Counts(params=[("q", "森林 防火&x")], today=today)),
    ]
    old = Template(OLD_ROW_TEMPLATE)
    for row in rows:
        assert dashboard_row(row, rank) == old.render(Context({"row": row, "rank": rank}))


def test_an_unchanged_dashboard_row_and_bar_are_not_written_again(monkeypatch: Any) -> None:
    """The ranking's rows and the department chart's bars are remembered by
    what they are made of: the same numbers and links on the next request
    build no link again; a changed number is written anew, never stale."""
    from tracker.reporting import svg
    from tracker.reporting.dashboard import Counts, Row
    from tracker.reporting.templatetags.reporting import dashboard_row

    today = dt.date(2024, 3, 16)

    def rows(done: int) -> list[Row]:
        params = [("lead_department", "7"), ("assigned", "true")]
        counts = Counts(total=9, done=done, overdue=2, params=params, today=today)
        return [Row("7", "政策法规处", counts), Row("8", "应急处", Counts(total=1, today=today))]

    first = ([dashboard_row(r, i) for i, r in enumerate(rows(4))], svg.department_chart(rows(4)))
    built = []
    real_url = Counts.url
    monkeypatch.setattr(Counts, "url", lambda self, *a: built.append(a) or real_url(self, *a))
    again = ([dashboard_row(r, i) for i, r in enumerate(rows(4))], svg.department_chart(rows(4)))
    assert again == first and built == []
    changed = ([dashboard_row(r, i) for i, r in enumerate(rows(5))], svg.department_chart(rows(5)))
    assert built
    assert ">5</a>" in changed[0][0] and ">5</a>" not in first[0][0]
    assert "5/9" in changed[1] and "4/9" in first[1]


OLD_COCKPIT_ROWS = """{% load i18n duban %}{% for d in c.lights %}<tr class="{% if d.counts.red %}overdue{% endif %}">
      <td data-label="" class="name"><a href="{{ d.open_link }}">{{ d.name }}</a></td>
      {% for light, n, url in d.cells %}<td class="n{% if light == 'red' and n %} red{% endif %}" data-label="{{ light|light_label }}">{% if n %}<a href="{{ url }}">{{ n }}</a>{% else %}0{% endif %}</td>{% endfor %}
      <td class="n" data-label="{% translate '办理中' %}"><a href="{{ d.open_link }}">{{ d.total_open }}</a></td>
      <td class="n" data-label="{% translate '已办结' %}">{% if d.done %}<a href="{{ d.done_link }}">{{ d.done }}</a>{% else %}0{% endif %}</td>
    </tr>{% empty %}<tr><td colspan="7" class="empty">{% translate "暂无已交办的任务。" %}</td></tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_cockpit_rows_tag_writes_what_the_template_loop_wrote(language: str) -> None:
    """The leader's home page draws ~200 division rows by a tag; same markup."""
    from django.template import Context, Template
    from django.utils import translation

    from tracker.tasks.cockpit import LIGHTS, DivisionLights, _list_url
    from tracker.tasks.models import Light
    from tracker.tasks.templatetags.duban import cockpit_rows

    def division(pk: int, name: str, counts: dict[str, int], done: int) -> DivisionLights:
        dept = [("lead_department", str(pk))]
        return DivisionLights(
            department_id=pk,
            name=name,
            counts={light: counts.get(str(light), 0) for light in LIGHTS},
            links={light: _list_url("all", [*dept, ("light", light)]) for light in LIGHTS},
            total_open=sum(counts.values()) + 1200,
            open_link=_list_url("all", [*dept, ("status", "in_progress"), ("q", "a&b c")]),
            done=done,
            done_link=_list_url("all", [*dept, ("status", "done")]),
        )

    lights = [
        division(3, "政策法规处", {"red": 2, "orange": 0, "yellow": 5, "green": 1}, 7),
        division(4, '<b>"执法"&处</b>', {"red": 0, "green": 3}, 0),
        division(5, "", {}, 12345),
    ]
    assert Light.RED in lights[0].counts
    with translation.override(language):
        for rows in (lights, lights[:1], []):
            old = Template(OLD_COCKPIT_ROWS).render(Context({"c": {"lights": rows}}))
            assert cockpit_rows(rows) == old


def test_cockpit_links_equal_urlencode() -> None:
    from urllib.parse import urlencode

    from django.urls import reverse

    from tracker.tasks.cockpit import _list_url

    for params in ([("lead_department", "3"), ("light", "red")], [("q", "森林 防火&x=1")], []):
        expected = f"{reverse('task-list')}?{urlencode([('scope', 'all'), *params])}"
        assert _list_url("all", params) == expected
        assert _list_url("all", params, reverse("task-list")) == expected


OLD_OPTIONS_TEMPLATE = (
    '{% for dept in departments %}<option value="{{ dept.pk }}"{% if dept == chosen %} selected'
    "{% endif %}>{{ dept.name }}</option>{% endfor %}|"
    '{% for report in reports %}<option value="{{ report.pk }}"{% if report == chosen_report %}'
    " selected{% endif %}>{{ report.title|truncatechars:40 }}</option>{% endfor %}"
)


def test_dashboard_filter_options_are_what_the_template_loop_wrote(dept_a: Department) -> None:
    """The dashboard's department and report selects: a tag instead of a
    template loop over 200 departments; same markup, escaping and truncation."""
    from django.template import Context, Template

    from plans.models import Report
    from tracker.reporting.templatetags.reporting import model_options

    Department.objects.create(name='<b>"新设"&处</b>', short_name="新设处", order=0)
    Report.objects.create(title="短标题 <一>", content_sha256="a" * 64)
    Report.objects.create(title="很长的报告标题" * 8 + "&<>", content_sha256="b" * 64)
    departments = list(Department.objects.all())
    reports = list(Report.objects.all())
    for chosen, chosen_report in ((None, None), (dept_a, reports[1]), (departments[0], reports[0])):
        old = Template(OLD_OPTIONS_TEMPLATE).render(
            Context(
                {
                    "departments": departments,
                    "chosen": chosen,
                    "reports": reports,
                    "chosen_report": chosen_report,
                }
            )
        )
        new = (
            model_options(departments, chosen, "name")
            + "|"
            + model_options(reports, chosen_report, "title", 40)
        )
        assert new == old


def test_dashboard_filter_options_from_values_are_those_of_the_instances(
    dept_a: Department,
) -> None:
    """The dashboard hands the selects its departments and reports as values
    (id and name): the same options, the chosen one selected, as from the
    model instances the template loop compared with ``==``."""
    from plans.models import Report
    from tracker.reporting.dashboard import DepartmentName, ReportTitle
    from tracker.reporting.templatetags.reporting import model_options

    Department.objects.create(name='<b>"新设"&处</b>', short_name="新设处", order=0)
    Report.objects.create(title="短标题 <一>", content_sha256="a" * 64)
    Report.objects.create(title="很长的报告标题" * 8 + "&<>", content_sha256="b" * 64)
    departments = list(Department.objects.all())
    reports = list(Report.objects.all())
    names = [DepartmentName(d.pk, d.name) for d in departments]
    titles = [ReportTitle(r.pk, r.title) for r in reports]
    for chosen, chosen_report in ((None, None), (dept_a, reports[1]), (departments[0], reports[0])):
        assert model_options(names, chosen, "name") == model_options(departments, chosen, "name")
        assert model_options(titles, chosen_report, "title", 40) == model_options(
            reports, chosen_report, "title", 40
        )
        if chosen is not None:
            assert f'<option value="{chosen.pk}" selected>' in model_options(names, chosen, "name")


def test_dashboard_filter_options_from_values_follow_a_rename_and_the_choice() -> None:
    """The options written from values are remembered by the values
    themselves: a renamed department or another choice is written afresh,
    never an earlier answer."""
    from tracker.reporting.dashboard import DepartmentName
    from tracker.reporting.templatetags.reporting import model_options

    names = [DepartmentName(1, "甲处"), DepartmentName(2, "乙处")]
    first = model_options(names, None, "name")
    assert first == '<option value="1">甲处</option><option value="2">乙处</option>'
    renamed = [DepartmentName(1, "甲处"), DepartmentName(2, "丙处<b>")]
    assert model_options(renamed, None, "name") == (
        '<option value="1">甲处</option><option value="2">丙处&lt;b&gt;</option>'
    )
    assert model_options(names, names[1], "name") == (
        '<option value="1">甲处</option><option value="2" selected>乙处</option>'
    )
    assert model_options(names, None, "name") == first


@pytest.mark.parametrize(
    "label",
    [
        "政策法规处",
        "十二个字的单位名称正好十二",
        "十三个字的单位名称正好是十三",
        "<b>A&B</b> 处室名称很长很长",
    ],
)
def test_department_chart_labels_are_escaped_and_cut_as_before(label: str) -> None:
    from django.utils.html import format_html
    from django.utils.safestring import SafeString

    from tracker.reporting.dashboard import Counts, Row
    from tracker.reporting.svg import department_chart

    for text in (label, SafeString(label)):
        counts = Counts(total=5, done=2, overdue=1, params=[("lead_department", "3")])
        svg = department_chart([Row("3", text, counts)])
        cut = text if len(text) <= 12 else text[:11] + "…"
        assert format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', 164, 20, cut) in svg


@pytest.mark.parametrize("value", [None, "", "2", 2, "x&y", ["3", "2"], 5])
def test_fast_select_writes_what_django_select_writes(value: object) -> None:
    from django import forms

    from tracker.tasks.widgets import FastSelect

    choices = [
        ("", "全部"),
        (1, "局1"),
        (2, "政策法规处 <b>&</b>"),
        ("x&y", '"引号"'),
        ("分组", [(3, "三"), (4, "四")]),
        ("", [(5, "无名分组"), ("2", "重复的值")]),
    ]
    for attrs in (None, {"id": "id_lead", "required": True, "disabled": False, "data-x": "a<b"}):
        fast = FastSelect(choices=choices).render("lead_department", value, attrs)
        plain = forms.Select(choices=choices).render("lead_department", value, attrs)
        assert fast == plain


def test_task_list_filter_selects_render_as_before(dept_a: Department, dept_b: Department) -> None:
    """The filter form's department select on the page is Django's markup."""
    from django import forms

    from tracker.tasks.filters import TaskFilter

    form = TaskFilter({"lead_department": str(dept_b.pk)}, queryset=Task.objects.all()).form
    bound = form["lead_department"]
    field = form.fields["lead_department"]
    plain = forms.Select(choices=field.choices).render(
        "lead_department", bound.value(), {"id": "id_lead_department"}
    )
    assert str(bound) == plain
    assert f'<option value="{dept_b.pk}" selected>' in str(bound)


def test_filter_options_are_read_as_rows_with_the_models_names(
    supervisor: User, dept_a: Department, dept_b: Department, staff_a: User
) -> None:
    """The department and report selects of the task list read (id, name) rows,
    not model instances (issue #17: ~250 instances per page); their text is the
    model's str() as before, for every user's reports."""
    from django.db.models.signals import post_init
    from django.test import RequestFactory

    from plans.models import Report
    from tracker.tasks.filters import TaskFilter

    Department.objects.create(name="<b>新设&处</b>", short_name="新设处", order=0)
    report = Report.objects.create(title="报告 <一>", content_sha256="d" * 64)
    Task.objects.create(title="t", lead_department=dept_a, report=report, created_by=supervisor)
    Report.objects.create(title="别处的报告", content_sha256="e" * 64)
    built: list[object] = []

    def count(sender: type, instance: object, **kwargs: object) -> None:
        built.append(instance)

    for user in (supervisor, staff_a):
        request = RequestFactory().get("/tasks/")
        request.user = user
        form = TaskFilter({}, queryset=Task.objects.all(), request=request).form
        post_init.connect(count, sender=Department)
        post_init.connect(count, sender=Report)
        try:
            html = {name: str(form[name]) for name in ("lead_department", "department", "report")}
            choices = {name: list(form.fields[name].choices) for name in html}
        finally:
            post_init.disconnect(count, sender=Department)
            post_init.disconnect(count, sender=Report)
        assert built == []
        departments = [(d.pk, str(d)) for d in Department.objects.all()]
        reports = [
            (r.pk, str(r)) for r in Report.objects.visible_to(user).order_by("-imported_at", "-id")
        ]
        assert choices["lead_department"][1:] == departments
        assert choices["department"][1:] == departments
        assert choices["report"][1:] == reports
        assert "&lt;b&gt;新设&amp;处&lt;/b&gt;</option>" in html["lead_department"]
        assert ("别处的报告" in html["report"]) == (user == supervisor)


def test_filter_selects_follow_the_departments_and_the_language(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    """The department select's SQL is compiled once per process and its markup
    kept by what it is made of: a department added or renamed, another chosen
    value or another language is on the next page, which equals Django's select."""
    from django import forms
    from django.http import QueryDict
    from django.utils import translation

    from tracker.tasks.filters import TaskFilter

    def select(query: str) -> tuple[str, str]:
        form = TaskFilter(QueryDict(query), queryset=Task.objects.all()).form
        bound = form["lead_department"]
        plain = forms.Select(choices=list(form.fields["lead_department"].choices)).render(
            "lead_department", bound.value(), {"id": "id_lead_department"}
        )
        return str(bound), plain

    seen = []
    for step in range(5):
        if step == 2:
            Department.objects.create(name="新设<处>", short_name="新设", order=1)
        if step == 3:
            Department.objects.filter(pk=dept_b.pk).update(name="改名&处")
        for query in ("", f"lead_department={dept_b.pk}"):
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    fast, plain = select(query)
                    again, _plain = select(query)
                assert fast == plain == again
                seen.append(fast)
    assert "新设&lt;处&gt;" not in seen[0] and "新设&lt;处&gt;" in seen[-1]
    assert "改名&amp;处" in seen[-1] and "改名&amp;处" not in seen[8]
    assert f'<option value="{dept_b.pk}" selected>' in seen[2]
    assert ">全部</option>" in seen[0] and ">All</option>" in seen[1]
    assert len(set(seen)) == 3 * 4  # three sets of departments, two values, two languages


def test_a_filtersets_form_uses_the_fields_built_for_it(
    supervisor: User, dept_b: Department
) -> None:
    """The form of a TaskFilter takes fields built once per process (no deep
    copy of ~20 fields per FilterSet, nor ~20 fields built per request: a field
    is only read while a form validates and renders); the fields that read
    options or a queryset for the request (ModelOptionsFilter) are the form's
    own, with their own widget and options. Each form is validated apart."""
    from django.http import QueryDict

    from tracker.tasks.filters import ModelOptionsFilter, TaskFilter

    tasks = Task.objects.visible_to(supervisor)
    one = TaskFilter(QueryDict(f"lead_department={dept_b.pk}"), tasks)
    two = TaskFilter(QueryDict("q=x"), tasks)
    assert one.form.fields is not two.form.fields
    for name, filter_ in TaskFilter.base_filters.items():
        field = one.form.fields[name]
        if isinstance(filter_, ModelOptionsFilter):
            assert field is not two.form.fields[name]
            assert field.widget is not two.form.fields[name].widget
            assert field.widget.choices.field is field
        else:
            assert field is two.form.fields[name]
    assert one.is_valid() and one.form.cleaned_data["lead_department"] == dept_b
    assert two.is_valid() and two.form.cleaned_data["lead_department"] is None


def test_the_task_list_counts_statuses_with_its_own_filter_when_none_is_chosen(
    spread: list[Task], supervisor: User, dept_b: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a chosen status the chips count the listed tasks: one FilterSet
    for the page instead of two; with a status, the same filter without it."""
    from tracker.tasks import views
    from tracker.tasks.filters import TaskFilter

    built: list[object] = []

    class Counted(TaskFilter):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(views, "TaskFilter", Counted)
    client = Client()
    client.force_login(supervisor)
    b_tasks = [t for t in spread if t.lead_department_id == dept_b.pk]
    for query, filters in (("", 1), ("&status=done", 2)):
        built.clear()
        page = client.get(f"/tasks/?scope=all&lead_department={dept_b.pk}{query}")
        assert page.status_code == 200 and len(built) == filters
        text = page.content.decode()
        for status in (Status.DONE, Status.IN_PROGRESS, Status.SUBMITTED):
            n = sum(t.status == status for t in b_tasks)
            assert f"{status.label} <b>{n}</b>" in text
        assert f"<b>{len(b_tasks)}</b>" in text


def _token_client(user: User) -> Client:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _list_queries(client: Client, path: str) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_tasks(supervisor: User, leads: list[Department], staff: User, n: int) -> None:
    from tracker.tasks.models import ExtensionRequest, ExtensionStatus

    for i in range(n):
        task = Task.objects.create(
            title=f"批量{i}",
            lead_department=leads[i % len(leads)],
            responsible=staff,
            due_on=dt.date(2023, 5, 1) + dt.timedelta(days=i % 40),
            status=Status.IN_PROGRESS,
            created_by=supervisor,
        )
        task.cooperating_departments.add(leads[(i + 1) % len(leads)])
        ExtensionRequest.objects.create(
            task=task,
            requested_by=staff,
            requested_due_on=dt.date(2023, 9, 1),
            reason="需要更多时间",
            status=ExtensionStatus.PENDING if i % 2 else ExtensionStatus.REFUSED,
        )


@pytest.mark.parametrize("who", ["supervisor", "head_a"])
def test_api_list_and_detail_queries_do_not_grow_with_rows(
    who: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    django_assert_max_num_queries: object,
) -> None:
    """No query per task: 3 tasks or 60 (with co-operating departments and
    extension requests each), the list costs the same queries; so does a detail."""
    user: User = request.getfixturevalue(who)
    client = _token_client(user)
    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 3)
    small = _list_queries(client, "/api/v1/tasks/")
    some = Task.objects.order_by("id").first()
    assert some is not None
    detail_small = _list_queries(client, f"/api/v1/tasks/{some.pk}/")
    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 57)
    with django_assert_max_num_queries(small):  # type: ignore[operator]
        response = client.get("/api/v1/tasks/")
    assert len(response.json()["results"]) == 50
    assert _list_queries(client, f"/api/v1/tasks/{some.pk}/") == detail_small


def test_api_list_allowed_actions_follow_pending_extensions_only(
    supervisor: User, staff_a: User, dept_a: Department, dept_c: Department
) -> None:
    """The list reads only pending extension requests: a task whose request
    was decided may be extended again and has nothing to decide; one with a
    pending request is the other way round — as allowed_actions says on a
    freshly read task, and co-operating departments as stored."""
    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 6)
    for user in (supervisor, staff_a):
        rows = {r["id"]: r for r in _token_client(user).get("/api/v1/tasks/").json()["results"]}
        assert len(rows) == 6
        for task in Task.objects.filter(pk__in=rows):
            fresh = Task.objects.get(pk=task.pk)
            assert rows[task.pk]["allowed_actions"] == fresh.allowed_actions(user)
            assert sorted(rows[task.pk]["cooperating_departments"]) == sorted(
                fresh.cooperating_departments.values_list("pk", flat=True)
            )
        pending = [pk for pk, r in rows.items() if "decide_extension" in r["allowed_actions"]]
        if user == supervisor:
            assert len(pending) == 3


@pytest.mark.postgres
def test_urge_table_reads_only_urged_tasks(spread: list[Task], head_a: User) -> None:
    """The dashboard's 催办 table (supervision.selectors.urge_counts) is read
    from the partial index of urged tasks, not by scanning the task table."""
    from tracker.supervision.selectors import urge_counts

    Task.objects.filter(pk__in=[t.pk for t in spread[:4]]).update(urge_count=2)
    for tasks in (Task.objects.all(), Task.objects.visible_to(head_a)):
        expected: dict[int | None, tuple[int, int]] = {}
        for task in tasks.filter(urge_count__gt=0):
            n, total = expected.get(task.lead_department_id, (0, 0))
            expected[task.lead_department_id] = (n + 1, total + task.urge_count)
        rows = urge_counts(tasks)
        assert {r["department_id"]: (r["tasks"], r["urges"]) for r in rows} == expected
    queryset = Task.objects.filter(urge_count__gt=0).values("lead_department_id").order_by()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("explain " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "task_urged" in plan, plan


@pytest.mark.postgres
def test_dashboard_live_counts_are_covered_by_the_open_tasks_index(spread: list[Task]) -> None:
    """The whole-organisation dashboard counts 逾期 / due in 7 / 30 days from
    the open tasks due from the tally clock on (tallies.tally_sets), so
    task_open_due holds every column that query reads (an index-only scan, no
    visit to the table), and the planner uses it."""
    from django.test.utils import CaptureQueriesContext

    from tracker.reporting.tallies import tally_grouped

    with CaptureQueriesContext(connection) as ctx:
        tally_grouped(today=dt.date(2023, 1, 20))
    live = [q["sql"] for q in ctx.captured_queries if "tasks_task" in q["sql"]]
    assert len(live) == 1
    # tallies.tally_sets reads the task table as ``k``.
    read = set(re.findall(r"\bk\.(\w+)", live[0]))
    with connection.cursor() as cursor:
        cursor.execute(
            """select a.attname from pg_index i
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
               where i.indexrelid = 'task_open_due'::regclass"""
        )
        covered = {row[0] for row in cursor.fetchall()}
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("set local enable_bitmapscan = off")
        cursor.execute("explain " + live[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert read and read <= covered, (read - covered, live[0])
    assert "task_open_due" in plan, plan


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_allowed_actions_of_a_supervisor_read_no_department_tree(
    who: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    django_assert_num_queries: object,
) -> None:
    """Who sees everything and is no head needs no department tree for the
    actions of a task: a list page's allowed_actions cost no query at all.
    (A head's still do — the permission matrix tests hold the answers.)"""
    from tracker.tasks.selectors import api_tasks

    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 8)
    user = User.objects.get(pk=request.getfixturevalue(who).pk)  # nothing cached on it
    tasks = list(api_tasks(user).order_by("id"))
    with django_assert_num_queries(0):  # type: ignore[operator]
        actions = [task.allowed_actions(user) for task in tasks]
    assert actions == [Task.objects.get(pk=t.pk).allowed_actions(user) for t in tasks]
    assert all(actions)


def test_a_division_users_department_tree_costs_one_query(head_a: User, dept_a: Department) -> None:
    """The tree below a user's department is read from the department's id (the
    row itself was loaded only to ask it): one query, once per request user."""
    from django.test.utils import CaptureQueriesContext

    from tracker.tasks.models import user_department_ids

    child = Department.objects.create(name="一科", short_name="一科", parent=dept_a, order=99)
    user = User.objects.get(pk=head_a.pk)
    with CaptureQueriesContext(connection) as queries:
        ids = user_department_ids(user)
        assert user_department_ids(user) is ids
    assert ids == {dept_a.pk, child.pk} == dept_a.descendant_ids()
    assert len(queries.captured_queries) == 1


def test_the_department_tree_is_read_by_a_statement_compiled_once(
    dept_a: Department, dept_b: Department, dept_c: Department, monkeypatch: Any
) -> None:
    """The tree below a department (every division user's page asks it) is
    read by one fixed statement: no ORM query is compiled for it (~1,000
    function calls a head's task list page). A department added or moved is
    in the answer at once; another department's tree holds none of A's."""
    from django.db.models.sql import compiler

    from tracker.org.models import descendant_ids_of

    child = Department.objects.create(name="一科", short_name="一科", parent=dept_a, order=99)
    grandchild = Department.objects.create(name="一组", short_name="一组", parent=child, order=1)
    compiled: list[str] = []
    as_sql = compiler.SQLCompiler.as_sql

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        compiled.append(type(self).__name__)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(compiler.SQLCompiler, "as_sql", counting)
    assert descendant_ids_of(dept_a.pk) == {dept_a.pk, child.pk, grandchild.pk}
    assert descendant_ids_of(child.pk) == {child.pk, grandchild.pk}
    assert descendant_ids_of(dept_b.pk) == {dept_b.pk}
    assert descendant_ids_of(dept_c.pk) & {dept_a.pk, child.pk, grandchild.pk} == set()
    assert compiled == []
    monkeypatch.undo()
    Department.objects.filter(pk=child.pk).update(parent=dept_c)
    assert descendant_ids_of(dept_a.pk) == {dept_a.pk}
    assert descendant_ids_of(dept_c.pk) == {dept_c.pk, child.pk, grandchild.pk}


def test_each_task_filter_has_its_own_filters_bound_to_it(
    spread: list[Task], supervisor: User, dept_b: Department
) -> None:
    """TaskFilter copies its filters cheaply (no deep copy per request): each
    FilterSet still has its own, bound to itself, and filters as before."""
    from django.http import QueryDict
    from django.test import RequestFactory

    from tracker.tasks.filters import TaskFilter

    request = RequestFactory().get("/tasks/")
    request.user = supervisor
    tasks = Task.objects.visible_to(supervisor)
    # No deep copy of the filters' insides (querysets, choices, labels) per FilterSet.
    memo: dict[int, object] = {}
    copy.deepcopy(TaskFilter.base_filters, memo)
    assert len(memo) <= 2
    one = TaskFilter(
        QueryDict(f"lead_department={dept_b.pk}&overdue=false"), tasks, request=request
    )
    two = TaskFilter(QueryDict("q=任务1"), tasks, request=request)
    for name, base in TaskFilter.base_filters.items():
        assert one.filters[name] is not base and one.filters[name] is not two.filters[name]
        assert one.filters[name].parent is one and two.filters[name].parent is two
        assert one.filters[name].extra is not two.filters[name].extra
        assert getattr(base, "parent", None) is None
        if base.method is not None:
            assert one.filters[name].filter.f is one.filters[name]
        if hasattr(base, "queryset") and base.queryset is not None and not callable(base.queryset):
            assert one.filters[name].queryset is not base.queryset
    assert one.is_valid() and two.is_valid()
    today = timezone.localdate()
    assert set(one.qs.values_list("pk", flat=True)) == {
        t.pk for t in spread if t.lead_department_id == dept_b.pk and not t.is_overdue(today)
    }
    assert set(two.qs.values_list("pk", flat=True)) == {t.pk for t in spread if "任务1" in t.title}
    # The form's choices are read afresh: a department added now is offered.
    Department.objects.create(name="新设处", short_name="新设处", order=99)
    fresh = TaskFilter(QueryDict(""), tasks, request=request)
    assert "新设处" in str(fresh.form["lead_department"])


def test_the_task_lists_filter_form_reads_no_report_text(
    spread: list[Task], supervisor: User, dept_b: Department
) -> None:
    """The report select needs titles: a report's paragraphs (its whole text)
    were read for every report on every task list page; and the options come
    from plain queries."""
    from django.test.utils import CaptureQueriesContext

    from plans.models import Report

    report = Report.objects.create(
        title="二〇二三年工作报告",
        content_sha256="c" * 64,
        paragraphs=["第一段很长的正文。"] * 500,
        outline=[{"level": 1, "title": "一、总体情况"}],
    )
    Task.objects.filter(pk=spread[0].pk).update(report=report)
    client = Client()
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/tasks/?scope=all&report={report.pk}&lead_department={dept_b.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<option value="{report.pk}" selected>二〇二三年工作报告</option>' in text
    assert f'<option value="{dept_b.pk}" selected>{dept_b.name}</option>' in text
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sqls if '"plans_report"."paragraphs"' in q]
    # Ordinary queries: no server-side cursor (DECLARE/FETCH/CLOSE) for 200 options.
    assert not [q for q in sqls if q.startswith("DECLARE")]
    options = [q for q in sqls if 'FROM "org_department" ORDER BY' in q]
    assert options and not [q for q in options if '"org_department"."keywords"' in q]
    # The filters still filter: the report's task if it is B's, else none.
    expected = spread[0].lead_department_id == dept_b.pk
    assert (f'href="/tasks/{spread[0].pk}/"' in text) == expected


@pytest.mark.parametrize("who", ["supervisor", "head_a"])
def test_html_task_list_queries_do_not_grow_with_rows(
    who: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
) -> None:
    """The task list page reads only some columns of a task (selectors.TABLE_COLUMNS):
    3 tasks or 60 (sub-tasks, 催办, lights, overdue), the page costs the same
    queries; a column the table needs and the list did not read would cost one a row."""
    user: User = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 3)
    client.get("/tasks/")  # the session's first request writes it
    small = _list_queries(client, "/tasks/?scope=all" if user.sees_everything else "/tasks/")
    _more_tasks(supervisor, [dept_a, dept_c], staff_a, 57)
    parent = Task.objects.order_by("id").first()
    Task.objects.filter(pk__gt=parent.pk if parent else 0).update(parent=parent, urge_count=2)
    path = "/tasks/?scope=all" if user.sees_everything else "/tasks/"
    assert _list_queries(client, path) == small
    assert client.get(path).content.decode().count('<tr class="') == 50


def test_a_literal_translate_tag_is_looked_up_once_per_language(monkeypatch: Any) -> None:
    """``{% load cached_i18n %}`` after i18n: a ``{% translate "literal" %}`` is
    the same text as Django's tag writes, in either language, looked up once
    per language (~90 function calls a tag, ~20 tags on every task list page);
    a variable, a filter, ``as``, ``context`` and ``noop`` are Django's own
    tag every time (their text may change from one render to the next)."""
    from django.template import Context, Template
    from django.templatetags import i18n
    from django.utils import translation

    shapes = (
        '{% translate "督办系统" %}|{% translate \'退出\' %}|{% translate "没有译文的话<b>" %}',
        '{% translate word %}|{% translate "退出"|upper %}|{% translate "菜单" noop %}',
        '{% translate "切换" as label %}{{ label }}|{% translate "May" context "month name" %}',
    )
    calls: list[str] = []
    render = i18n.TranslateNode.render

    def counting(self: Any, context: Any) -> Any:
        calls.append(self.filter_expression.token)
        return render(self, context)

    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            for shape in shapes:
                for word in ("退出", "菜单"):
                    plain = Template("{% load i18n %}" + shape).render(Context({"word": word}))
                    monkeypatch.setattr(i18n.TranslateNode, "render", counting)
                    calls.clear()
                    cached = Template("{% load i18n cached_i18n %}" + shape)
                    assert cached.render(Context({"word": word})) == plain
                    again = cached.render(Context({"word": word}))
                    monkeypatch.undo()
                    assert again == plain
                    if shape is shapes[0]:
                        assert len(calls) <= 3  # the first render at most
                    else:  # every render Django's own
                        assert len(calls) == 2 * shape.count("{% translate")
    with translation.override("en"):
        assert Template('{% load i18n cached_i18n %}{% translate "退出" %}').render(
            Context()
        ) == Template('{% load i18n %}{% translate "退出" %}').render(Context())
