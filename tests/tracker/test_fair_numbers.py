"""Fair numbers: a task not yet with a division (待交办, 退办) is never counted
against the division proposed as its lead — in the dashboard's ranking, the
leader's overview, the weekly briefing's ranking or the ledger — and the
按期率 agrees with the 逾期 count on the same page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from openpyxl import load_workbook

from tracker.reporting.dashboard import dashboard_compute
from tracker.reporting.services import briefing_summary
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2022, 6, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def tasks(supervisor, dept_a, dept_b, staff_a):
    """Division A: one task done on time, one overdue in progress; and two tasks
    *proposed* to A but not with it — a 待交办 draft and a 退办 — both past due."""

    def make(title: str, status: str, due: str, **extra: object) -> Task:
        return Task.objects.create(
            title=title,
            lead_department=extra.pop("lead", dept_a),
            status=status,
            due_on=dt.date.fromisoformat(due),
            created_by=supervisor,
            **extra,
        )

    return {
        "done": make(
            "A 按期办结", Status.DONE, "2022-05-31", completed_at=NOW - dt.timedelta(days=10)
        ),
        "overdue": make("A 逾期办理中", Status.IN_PROGRESS, "2022-05-01", responsible=staff_a),
        "draft": make("拟由A牵头 待交办", Status.DRAFT, "2022-04-01"),
        "declined": make("A 已退办", Status.DECLINED, "2022-04-15"),
        "b": make("B 办理中", Status.IN_PROGRESS, "2022-12-31", lead=dept_b),
    }


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_dashboard_row_of_a_division_counts_only_its_assigned_tasks(tasks, supervisor, dept_a):
    data = dashboard_compute(user=supervisor)
    row = next(r for r in data.by_department if r.key == str(dept_a.pk))
    assert (row.counts.total, row.counts.done, row.counts.overdue) == (2, 1, 1)
    # 按期率 = on time / (done + overdue) = 1 / (1 + 1): not 100 % beside an overdue task.
    assert row.counts.on_time_rate == pytest.approx(0.5)
    # Both are past their proposed dates but with nobody yet: not 逾期 (overdue_q
    # counts handed-out tasks only; the page tags them 拟定时限已过).
    assert (data.unassigned.total, data.unassigned.overdue) == (2, 0)
    assert [r.label for r in data.by_department] != [] and all(
        "未指定" not in r.label for r in data.by_department
    )


def test_dashboard_page_shows_the_unassigned_row_with_links(tasks, supervisor, login):
    page = login(supervisor).get("/dashboard/").content.decode()
    assert "尚未交办（待交办、退办）" in page
    assert "（未指定牵头单位）" not in page
    assert '/tasks/?assigned=false"' in page  # its 任务数 links to its list
    listed = login(supervisor).get("/tasks/?assigned=false").content.decode()
    assert "拟由A牵头 待交办" in listed and "A 已退办" in listed and "A 逾期办理中" not in listed
    assert "按期率 = 按期办结 ÷（已办结 + 逾期未办结）" in page


def test_division_link_lists_only_its_assigned_tasks(tasks, supervisor, login, dept_a):
    page = login(supervisor).get(f"/tasks/?lead_department={dept_a.pk}&assigned=true")
    text = page.content.decode()
    assert "A 逾期办理中" in text and "A 按期办结" in text
    assert "拟由A牵头 待交办" not in text and "A 已退办" not in text


def test_leader_overview_and_briefing_leave_unassigned_tasks_out(tasks, leader, login):
    # The draft and the 退办 are past due too: only A's own may be counted.
    page = login(leader).get("/").content.decode()
    overview = page[page.index('id="overview"') :]
    row = overview[overview.index("政策法规处") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="n[^"]*"[^>]*>(?:<a [^>]*>)?([^<]*)', row)
    # A's row: 红 1 (the overdue task; done tasks have no light), 橙/黄/绿 0,
    # 办理中 1, 已办结 1 — not the draft's and the 退办's.
    assert cells == ["1", "0", "0", "0", "1", "1"]
    assert "拟由A牵头 待交办" not in page[page.index('id="turned-red"') :]
    ranking = {
        r["lead_department__name"]: r
        for r in briefing_summary(user=leader, today=NOW.date())["ranking"]
    }
    assert ranking["政策法规处"]["total"] == 2 and ranking["政策法规处"]["overdue"] == 1


def test_ledger_says_an_unassigned_task_is_nobodys_yet(tasks, supervisor, login):
    response = login(supervisor).get("/exports/ledger.xlsx")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    by_title = {row[2]: row for row in rows[1:]}
    assert by_title["拟由A牵头 待交办"][3] == "（尚未交办，拟由政策法规处牵头）"
    assert by_title["A 已退办"][3] == "（尚未交办，拟由政策法规处牵头）"
    assert by_title["A 逾期办理中"][3] == "政策法规处"
