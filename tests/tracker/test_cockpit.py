"""领导驾驶舱: the leader's landing page shows lights per division, what turned red
this week, the 批示件 awaiting report-back, the league table and the trend, each
number linking to the list that holds exactly those tasks; a head sees the same
for their own division and nothing of another's."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.http import QueryDict

from tracker.supervision.models import Instruction, InstructionStatus
from tracker.tasks.cockpit import cockpit_build
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import Light, Status, Task

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2022, 6, 15)  # a Wednesday; the week began on Monday 06-13


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=TZ), tick=False):
        yield


@pytest.fixture
def tasks(supervisor, dept_a, dept_b, staff_a, staff_b, leader):
    assigned = dt.datetime(2022, 1, 1, 9, tzinfo=TZ)

    def make(title, lead, due, status=Status.IN_PROGRESS, **extra):
        return Task.objects.create(
            title=title,
            lead_department=lead,
            status=status,
            due_on=due,
            assigned_at=assigned,
            created_by=supervisor,
            **extra,
        )

    made = {
        # Red since Monday: its deadline was Sunday 06-12.
        "a_red_new": make("A 本周转红", dept_a, dt.date(2022, 6, 12)),
        # Red for weeks.
        "a_red_old": make("A 早已逾期", dept_a, dt.date(2022, 5, 1)),
        # Red since Tuesday through an open 时间节点, its deadline far away.
        "a_red_milestone": make(
            "A 节点逾期", dept_a, dt.date(2022, 12, 31), next_milestone_on=dt.date(2022, 6, 13)
        ),
        # 5.5 % of the time left: orange. 16 of 196 days.
        "a_orange": make("A 橙灯", dept_a, dt.date(2022, 7, 1)),
        "a_green": make("A 绿灯", dept_a, dt.date(2022, 12, 31)),
        "a_done": make("A 已办结", dept_a, dt.date(2022, 3, 1), Status.DONE, completed_at=assigned),
        "a_draft": make("A 待交办 已过期", dept_a, dt.date(2022, 6, 13), Status.DRAFT),
        "b_red": make("B 本周转红", dept_b, dt.date(2022, 6, 14)),
    }
    Instruction.objects.create(
        task=made["a_red_old"], leader=leader, text="请抓紧落实并报告", report_due_on=TODAY
    )
    Instruction.objects.create(
        task=made["b_red"], leader=leader, text="B 的批示", report_due_on=TODAY
    )
    Instruction.objects.create(
        task=made["a_green"],
        leader=leader,
        text="已报告的批示",
        status=InstructionStatus.REPORTED,
    )
    return made


def listed(user, url: str) -> set[str]:
    query = QueryDict(unquote(url.split("?", 1)[1]))
    query = query.copy()
    query.pop("scope", None)
    task_filter = TaskFilter(data=query, queryset=Task.objects.visible_to(user))
    assert task_filter.is_valid(), task_filter.errors
    return set(task_filter.qs.values_list("title", flat=True))


def test_leader_sees_every_division_with_lights_that_match_their_lists(tasks, leader):
    cockpit = cockpit_build(user=leader, today=TODAY)
    rows = {d.name: d for d in cockpit.lights}
    assert set(rows) == {"政策法规处", "安全生产执法监督处"}
    a = rows["政策法规处"]
    assert a.counts == {Light.RED: 3, Light.ORANGE: 1, Light.YELLOW: 0, Light.GREEN: 1}
    assert (a.total_open, a.done) == (5, 1)  # the draft is nobody's yet
    assert listed(leader, a.links[Light.RED]) == {"A 本周转红", "A 早已逾期", "A 节点逾期"}
    assert listed(leader, a.links[Light.ORANGE]) == {"A 橙灯"}
    assert listed(leader, a.links[Light.GREEN]) == {"A 绿灯"}
    assert listed(leader, a.done_link) == {"A 已办结"}
    assert len(listed(leader, a.open_link)) == 5
    # The division with most red comes first.
    assert cockpit.lights[0].name == "政策法规处"
    totals = {light: (n, url) for light, n, url in cockpit.light_totals}
    assert totals[Light.RED][0] == 4 == len(listed(leader, totals[Light.RED][1]))


def test_turned_red_this_week_and_instructions_awaiting_report(tasks, leader):
    cockpit = cockpit_build(user=leader, today=TODAY)
    assert cockpit.week_start == dt.date(2022, 6, 13)
    assert {t.title for t in cockpit.turned_red} == {"A 本周转红", "A 节点逾期", "B 本周转红"}
    assert cockpit.turned_red_count == 3
    assert listed(leader, cockpit.turned_red_link) == {"A 本周转红", "A 节点逾期", "B 本周转红"}
    assert {i.text for i in cockpit.instructions} == {"请抓紧落实并报告", "B 的批示"}
    assert cockpit.instructions_link == "/instructions/?state=open"


def test_head_sees_their_division_only(tasks, head_b, login):
    cockpit = cockpit_build(user=head_b, today=TODAY)
    assert [d.name for d in cockpit.lights] == ["安全生产执法监督处"]
    assert {t.title for t in cockpit.turned_red} == {"B 本周转红"}
    assert {i.text for i in cockpit.instructions} == {"B 的批示"}
    page = login(head_b).get("/").content.decode()
    assert "政策法规处" not in page and "A 本周转红" not in page and "请抓紧落实" not in page
    assert 'id="overview"' in page and "考评排名" in page and "办结趋势" in page


def test_another_departments_head_gets_nothing(tasks, head_c, login):
    cockpit = cockpit_build(user=head_c, today=TODAY)
    assert cockpit.lights == [] and cockpit.turned_red == [] and cockpit.instructions == []
    assert cockpit.league == []
    page = login(head_c).get("/").content.decode()
    for title in ("A 本周转红", "B 本周转红", "请抓紧落实并报告", "政策法规处"):
        assert title not in page


def test_leader_page_shows_it_all_in_one_section_with_links(tasks, leader, login, dept_a):
    page = login(leader).get("/").content.decode()
    cockpit = page[
        page.index('class="cockpit"') : page.index("</section>", page.index('class="cockpit"'))
    ]
    for heading in (
        "各单位预警灯",
        "本周转为红灯",
        "待报告落实情况的批示件",
        "考评排名",
        "办结趋势",
    ):
        assert heading in cockpit
    assert "/instructions/?state=open" in cockpit
    assert "red_since=2022-06-13" in cockpit
    assert f"lead_department={dept_a.pk}&amp;light=red" in cockpit
    assert re.search(r"<svg[^>]*class=\"chart\"", cockpit)
    assert "/scoring/?period=2022Q2" in cockpit


def test_staff_and_supervisor_keep_their_todo_page(tasks, staff_a, supervisor, login):
    for user in (staff_a, supervisor):
        assert 'class="cockpit"' not in login(user).get("/").content.decode()


def test_the_api_task_list_filters_by_todays_light(tasks, leader, staff_a, login):
    """The API list joins its related rows (select_related); the light's candidates
    read only their own fields, which once raised FieldError: a 500 schemathesis found."""
    for user in (leader, staff_a):
        client = login(user)
        for light, title in (("orange", "A 橙灯"), ("green", "A 绿灯"), ("red", "A 早已逾期")):
            response = client.get(f"/api/v1/tasks/?light={light}")
            assert response.status_code == 200, response.content[:300]
            titles = {row["title"] for row in response.json()["results"]}
            assert title in titles, (user, light, titles)
            assert "A 已办结" not in titles
    # Another division's task is not in staff_a's list, whatever the light.
    response = login(staff_a).get("/api/v1/tasks/?light=red")
    assert "B 本周转红" not in {row["title"] for row in response.json()["results"]}


def test_the_task_list_page_filters_by_todays_light(tasks, leader, login):
    client = login(leader)
    page = client.get("/tasks/?scope=all&light=orange").content.decode()
    assert "A 橙灯" in page and "A 绿灯" not in page and "A 早已逾期" not in page
    page = client.get("/tasks/?scope=all&red_since=2022-06-13").content.decode()
    assert "A 本周转红" in page and "A 早已逾期" not in page
    bad = client.get("/tasks/?scope=all&light=purple")
    # An unknown colour lists nothing and says why, as any bad filter does.
    assert bad.status_code == 200 and "A 橙灯" not in bad.content.decode()
    assert "purple" in bad.content.decode() and "有效" in bad.content.decode()
