"""考评: scores derived from the audit trail, checked against a table computed by hand.

The scenario: three divisions (A 政策法规处, B 安全生产执法监督处, C 救援协调和预案
管理处) over the first two quarters of 2022, every step taken through the
services at a controlled time, so the audit trail is the one production writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
import time_machine

from tracker.scoring.periods import Period, period_parse
from tracker.scoring.services import league_table, league_table_for, scoring_rules_save
from tracker.supervision.services import feedback_set, task_urge
from tracker.tasks.models import Task
from tracker.tasks.services import (
    extension_decide,
    extension_request,
    progress_report,
    task_acknowledge,
    task_approve,
    task_assign,
    task_create,
    task_decline,
    task_return,
    task_submit,
)

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
Q1, Q2, YEAR = Period(2022, 1), Period(2022, 2), Period(2022)

DEFAULT_RULES = {
    "base_points": "100",
    "on_time_points": "2",
    "early_bonus": "1",
    "early_days": 7,
    "overdue_deduction": "3",
    "late_report_deduction": "0.5",
    "missing_report_deduction": "1",
    "return_deduction": "1",
    "urge_deduction": "0.5",
}


@contextmanager
def on(day: str, hour: int = 10) -> Iterator[None]:
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=TZ)
    with time_machine.travel(moment, tick=False):
        yield


def new_task(supervisor, title: str, lead, due: str, day: str) -> Task:
    with on(day, 9):
        task = task_create(
            actor=supervisor,
            title=title,
            due_on=dt.date.fromisoformat(due),
            lead_department=lead,
            require_evidence=False,
        )
    return task


def assign(supervisor, head, task: Task, lead, day: str) -> Task:
    with on(day, 9):
        task = task_assign(task=task, actor=supervisor, lead_department=lead)
    with on(day, 11):
        task = task_acknowledge(task=task, actor=head, responsible=head)
    return task


def submit(head, task: Task, day: str) -> Task:
    with on(day, 9):
        return task_submit(task=task, actor=head)


def approve(supervisor, task: Task, day: str) -> Task:
    with on(day, 15):
        return task_approve(task=task, actor=supervisor, confirm_incomplete=True)


def report(head, task: Task, day: str) -> None:
    with on(day):
        progress_report(task=task, actor=head, text=f"{day} 进展情况", percent=50)


@pytest.fixture
def scenario(supervisor, head_a, head_b, head_c, dept_a, dept_b, dept_c):
    with on("2021-12-01"):
        scoring_rules_save(actor=supervisor, values=DEFAULT_RULES)

    # -- A ---------------------------------------------------------------
    a1 = new_task(supervisor, "A1 修订行政处罚裁量基准", dept_a, "2022-03-31", "2022-01-05")
    a1 = assign(supervisor, head_a, a1, dept_a, "2022-01-05")
    approve(supervisor, submit(head_a, a1, "2022-03-09"), "2022-03-10")  # 21 days early

    a2 = new_task(supervisor, "A2 清理规范性文件", dept_a, "2022-02-28", "2022-01-05")
    a2 = assign(supervisor, head_a, a2, dept_a, "2022-01-05")
    a2 = submit(head_a, a2, "2022-02-20")
    with on("2022-02-22"):
        a2 = task_return(task=a2, actor=supervisor, reason="佐证材料不全")
    report(head_a, a2, "2022-03-05")  # back to 办理中; the deadline passes on 02-28
    approve(supervisor, submit(head_a, a2, "2022-03-14"), "2022-03-15")  # late: no points

    a3 = new_task(supervisor, "A3 法治政府建设年度报告", dept_a, "2022-06-30", "2022-04-01")
    a3 = assign(supervisor, head_a, a3, dept_a, "2022-04-01")
    approve(supervisor, submit(head_a, a3, "2022-06-19"), "2022-06-20")  # 10 days early

    # -- B ---------------------------------------------------------------
    b1 = new_task(supervisor, "B1 执法案卷评查", dept_b, "2022-04-30", "2022-01-10")
    b1 = assign(supervisor, head_b, b1, dept_b, "2022-01-10")
    with on("2022-01-10", 14):
        feedback_set(task=b1, actor=supervisor, cycle="monthly", day=5)
    report(head_b, b1, "2022-02-03")  # for 02-05: on time
    report(head_b, b1, "2022-03-08")  # for 03-05: late (迟报); nothing for 04-05 (缺报)
    with on("2022-03-20"):
        task_urge(task=b1, actor=supervisor, message="请加快进度")
    approve(supervisor, submit(head_b, b1, "2022-04-27"), "2022-04-28")  # 2 days early

    b2 = new_task(supervisor, "B2 执法人员资格管理", dept_b, "2022-03-31", "2022-02-01")
    b2 = assign(supervisor, head_b, b2, dept_b, "2022-02-01")
    with on("2022-04-10"):
        task_urge(task=b2, actor=supervisor, message="已逾期，请说明情况")

    # -- C ---------------------------------------------------------------
    # C1 stays 待交办 with C proposed as lead: never charged to C.
    new_task(supervisor, "C1 修订应急预案管理办法", dept_c, "2022-02-15", "2022-01-05")

    c2 = new_task(supervisor, "C2 应急预案演练评估", dept_a, "2022-03-20", "2022-01-20")
    with on("2022-01-20", 9):
        c2 = task_assign(task=c2, actor=supervisor, lead_department=dept_a)
    with on("2022-01-25"):
        c2 = task_decline(task=c2, actor=head_a, reason="属于预案处职责")
    c2 = assign(supervisor, head_c, c2, dept_c, "2022-01-28")
    approve(supervisor, submit(head_c, c2, "2022-03-24"), "2022-03-25")  # late

    c3 = new_task(supervisor, "C3 预案数字化管理", dept_c, "2022-05-31", "2022-02-01")
    c3 = assign(supervisor, head_c, c3, dept_c, "2022-02-01")
    c3 = submit(head_c, c3, "2022-04-18")
    with on("2022-04-20"):
        c3 = task_return(task=c3, actor=supervisor, reason="质量不高，请补充")
    report(head_c, c3, "2022-04-22")
    approve(supervisor, submit(head_c, c3, "2022-04-25"), "2022-05-01")  # 30 days early
    return {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2, "c2": c2, "c3": c3}


def table(period: Period, as_of: str) -> list[tuple[int, str, Decimal]]:
    return [
        (row.rank, row.department_name, row.score)
        for row in league_table(period=period, as_of=dt.date.fromisoformat(as_of))
    ]


def test_scores_match_the_hand_computed_table(scenario):
    # Q1 2022, rules of 2021-12-01 (base 100, 按期 +2, 提前≥7天 +1, 逾期 −3,
    # 迟报 −0.5, 缺报 −1, 退回 −1, 催办 −0.5):
    #   A: 100 + 2 + 1 (A1 on 03-10, due 03-31, 21 days early)
    #          − 1     (A2 returned 02-22)
    #          − 3     (A2 still 办理中 when 02-28 ended: 逾期 on 03-01; done 03-15, late: 0)
    #      = 99
    #   B: 100 − 0.5   (B1's report due 03-05 filed 03-08: 迟报)
    #          − 0.5   (B1 urged 03-20)
    #      = 99        (B2 due 03-31 becomes overdue on 04-01: that is Q2)
    #   C: 100 − 3     (C2 due 03-20, done 03-25: 逾期 on 03-21)
    #      = 97        (C1 never assigned: nothing; C2's weeks with A were declined: nothing for A)
    assert table(Q1, "2022-07-15") == [
        (1, "政策法规处", Decimal("99")),
        (1, "安全生产执法监督处", Decimal("99")),
        (3, "救援协调和预案管理处", Decimal("97")),
    ]
    # Q2 2022:
    #   A: 100 + 2 + 1 (A3 on 06-20, due 06-30, 10 days early) = 103
    #   B: 100 − 1     (B1's report due 04-05 never filed: 缺报)
    #          + 2     (B1 done 04-28, due 04-30: on time, 2 days early, no bonus)
    #          − 3     (B2 overdue on 04-01)
    #          − 0.5   (B2 urged 04-10)
    #      = 97.5
    #   C: 100 − 1     (C3 returned 04-20)
    #          + 2 + 1 (C3 done 05-01, due 05-31, 30 days early)
    #      = 102
    assert table(Q2, "2022-07-15") == [
        (1, "政策法规处", Decimal("103")),
        (2, "救援协调和预案管理处", Decimal("102")),
        (3, "安全生产执法监督处", Decimal("97.5")),
    ]
    # The year 2022 as of 07-15 is the sum of both quarters' events:
    #   A: 100 + 3 − 1 − 3 + 3 = 102;  B: 100 − 0.5 − 0.5 − 1 + 2 − 3 − 0.5 = 96.5;
    #   C: 100 − 3 − 1 + 3 = 99
    assert table(YEAR, "2022-07-15") == [
        (1, "政策法规处", Decimal("102")),
        (2, "救援协调和预案管理处", Decimal("99")),
        (3, "安全生产执法监督处", Decimal("96.5")),
    ]


def test_breakdown_lists_each_event_with_its_task(scenario):
    rows = {row.department_name: row for row in league_table(period=Q2, as_of=dt.date(2022, 7, 15))}
    b = rows["安全生产执法监督处"]
    assert [(e.on.isoformat(), e.kind, e.points_text, e.task_title[:2]) for e in b.events] == [
        ("2022-04-01", "overdue", "-3", "B2"),
        ("2022-04-05", "missing_report", "-1", "B1"),
        ("2022-04-10", "urged", "-0.5", "B2"),
        ("2022-04-28", "on_time", "+2", "B1"),
    ]
    assert b.counts["overdue"] == 1 and b.counts["missing_report"] == 1
    assert all(e.url == f"/tasks/{e.task_id}/" for e in b.events)
    assert b.score == Decimal("100") + sum(e.points for e in b.events)


def test_a_past_period_recalculates_to_the_same_table(scenario, supervisor, head_b):
    q1_then = table(Q1, "2022-04-15")
    # Afterwards: new rules, an extension for B2, a new task — none of it reaches back.
    with on("2022-07-01"):
        scoring_rules_save(actor=supervisor, values={**DEFAULT_RULES, "overdue_deduction": "10"})
    b2 = scenario["b2"]
    with on("2022-07-02"):
        extension_request(
            task=b2, actor=head_b, requested_due_on=dt.date(2022, 9, 30), reason="配套制度未出台"
        )
    with on("2022-07-03"):
        extension_decide(task=b2, actor=supervisor, approve=True)
    assert table(Q1, "2022-12-31") == q1_then
    assert table(Q2, "2022-12-31") == [
        (1, "政策法规处", Decimal("103")),
        (2, "救援协调和预案管理处", Decimal("102")),
        (3, "安全生产执法监督处", Decimal("97.5")),
    ]
    # The year ends after the new rules were saved: it is scored with them (逾期 −10),
    # and B2's new deadline 09-30 passes too (a second missed deadline, on 10-01):
    #   A: 100 + 3 − 1 − 10 + 3 = 95
    #   B: 100 − 0.5 − 0.5 − 1 + 2 − 10 − 0.5 − 10 = 79.5
    #   C: 100 − 10 − 1 + 3 = 92
    assert table(YEAR, "2022-12-31") == [
        (1, "政策法规处", Decimal("95")),
        (2, "救援协调和预案管理处", Decimal("92")),
        (3, "安全生产执法监督处", Decimal("79.5")),
    ]


def test_a_head_sees_only_their_own_division(scenario, head_b, leader, staff_a):
    as_of = dt.date(2022, 7, 15)
    mine = league_table_for(user=head_b, period=Q2, as_of=as_of)
    assert [(r.rank, r.department_name) for r in mine] == [(3, "安全生产执法监督处")]
    assert len(league_table_for(user=leader, period=Q2, as_of=as_of)) == 3
    assert [r.department_name for r in league_table_for(user=staff_a, period=Q2, as_of=as_of)] == [
        "政策法规处"
    ]


def test_period_parse():
    assert period_parse("2022Q3") == Period(2022, 3)
    assert period_parse(" 2022 ") == Period(2022)
    assert Period(2022, 1).end == dt.date(2022, 3, 31)
    assert Period(2022, 4).end == dt.date(2022, 12, 31)
    for bad in ("2022Q5", "22Q1", "", "二〇二二"):
        with pytest.raises(ValueError, match="考评"):
            period_parse(bad)


# -- pages and API ---------------------------------------------------------------


def test_league_page_and_breakdown_link_to_tasks(scenario, supervisor, login, dept_b):
    client = login(supervisor)
    with on("2022-07-15"):
        page = client.get("/scoring/?period=2022Q2").content.decode()
        assert "2022年第2季度" in page and "97.5" in page and "103" in page
        assert f"/scoring/division/{dept_b.pk}/?period=2022Q2" in page
        detail = client.get(f"/scoring/division/{dept_b.pk}/?period=2022Q2").content.decode()
    assert "定期反馈缺报" in detail and "被催办" in detail and "-0.5" in detail
    assert f'href="/tasks/{scenario["b2"].pk}/"' in detail
    assert f'href="/tasks/{scenario["b1"].pk}/"' in detail


def test_bad_period_is_told_in_chinese_and_shows_the_current_quarter(supervisor, login):
    response = login(supervisor).get("/scoring/?period=2022Q9")
    assert response.status_code == 200
    assert "考评期间「2022Q9」格式不对" in response.content.decode()
    api = login(supervisor).get("/api/v1/scoring/league/?period=abc")
    assert api.status_code == 400 and "格式不对" in api.json()["period"]


def test_head_gets_only_their_division_on_page_and_api(scenario, head_b, login, dept_a, dept_b):
    client = login(head_b)
    with on("2022-07-15"):
        page = client.get("/scoring/?period=2022Q2").content.decode()
        assert "安全生产执法监督处" in page and "政策法规处" not in page
        assert client.get(f"/scoring/division/{dept_a.pk}/?period=2022Q2").status_code == 404
        assert client.get(f"/scoring/division/{dept_b.pk}/?period=2022Q2").status_code == 200
        data = client.get("/api/v1/scoring/league/?period=2022Q2").json()
    assert [(r["department"], r["rank"], r["score"]) for r in data["rows"]] == [
        ("安全生产执法监督处", 3, "97.5")
    ]
    assert {e["task_id"] for e in data["rows"][0]["events"]} == {
        scenario["b1"].pk,
        scenario["b2"].pk,
    }


def test_a_user_of_another_department_gets_nothing(scenario, login, dept_a):
    from tests.conftest import make_user
    from tracker.org.models import Department, Role

    other = Department.objects.create(name="办公室", order=90)
    outsider = make_user("outsider", Role.HEAD, other)
    client = login(outsider)
    with on("2022-07-15"):
        assert "政策法规处" not in client.get("/scoring/?period=2022Q2").content.decode()
        assert client.get(f"/scoring/division/{dept_a.pk}/?period=2022Q2").status_code == 404
        assert client.get("/api/v1/scoring/league/?period=2022Q2").json()["rows"] == []
    nobody = make_user("nobody", Role.STAFF, None)
    assert login(nobody).get("/api/v1/scoring/league/?period=2022Q2").json()["rows"] == []


def test_api_leader_sees_all_with_events(scenario, leader, login):
    with on("2022-07-15"):
        data = login(leader).get("/api/v1/scoring/league/?period=2022Q1").json()
    assert [(r["rank"], r["score"]) for r in data["rows"]] == [(1, "99"), (1, "99"), (3, "97")]
    assert data["rules"]["overdue_deduction"] == "3.0"
    event = data["rows"][2]["events"][0]
    assert event["kind"] == "overdue" and event["url"] == f"/tasks/{scenario['c2'].pk}/"


def test_rules_page_saves_a_new_version_for_supervisors_only(supervisor, head_a, leader, login):
    from tracker.scoring.models import ScoringRules

    assert login(head_a).get("/scoring/rules/").status_code == 403
    assert login(leader).post("/scoring/rules/", {**DEFAULT_RULES}).status_code == 403
    assert ScoringRules.objects.count() == 0
    client = login(supervisor)
    assert client.get("/scoring/rules/").status_code == 200
    bad = client.post("/scoring/rules/", {**DEFAULT_RULES, "overdue_deduction": "-2"})
    assert bad.status_code == 200 and "分值不能为负数" in bad.content.decode()
    bad = client.post("/scoring/rules/", {**DEFAULT_RULES, "urge_deduction": "abc"})
    assert "请输入数字" in bad.content.decode()
    assert ScoringRules.objects.count() == 0
    ok = client.post("/scoring/rules/", {**DEFAULT_RULES, "overdue_deduction": "5"})
    assert ok.status_code == 302
    client.post("/scoring/rules/", {**DEFAULT_RULES, "overdue_deduction": "6"})
    assert list(ScoringRules.objects.values_list("overdue_deduction", flat=True)) == [
        Decimal("6"),
        Decimal("5"),
    ]


def test_rules_api(supervisor, head_a, login):
    assert login(head_a).post("/api/v1/scoring/rules/", {"urge_deduction": "2"}).status_code == 403
    client = login(supervisor)
    assert client.get("/api/v1/scoring/rules/").json()["version"] is None
    bad = client.post(
        "/api/v1/scoring/rules/", {"urge_deduction": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "请输入数字" in str(bad.json())
    saved = client.post(
        "/api/v1/scoring/rules/", {"urge_deduction": "2"}, content_type="application/json"
    )
    assert saved.status_code == 201
    current = client.get("/api/v1/scoring/rules/").json()
    assert current["urge_deduction"] == "2.0" and current["overdue_deduction"] == "3.0"


def _sheets(response) -> dict[str, list[tuple]]:
    import io

    from openpyxl import load_workbook

    data = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(data))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_ledger_carries_the_scores_and_their_events(scenario, supervisor, head_b, login):
    with on("2022-07-15"):
        sheets = _sheets(login(supervisor).get("/exports/ledger.xlsx?scoring_period=2022Q2"))
        assert [row[:3] for row in sheets["考评得分"][1:]] == [
            (1, "政策法规处", 103),
            (2, "救援协调和预案管理处", 102),
            (3, "安全生产执法监督处", 97.5),
        ]
        assert sheets["考评得分"][0][2] == "得分（2022年第2季度）"
        details = [r for r in sheets["考评明细"][1:] if r[0] == "安全生产执法监督处"]
        assert [(r[1], r[2], r[3]) for r in details] == [
            ("2022-04-01", "逾期未办结", -3),
            ("2022-04-05", "定期反馈缺报", -1),
            ("2022-04-10", "被催办", -0.5),
            ("2022-04-28", "按期办结", 2),
        ]
        mine = _sheets(login(head_b).get("/exports/ledger.xlsx?scoring_period=2022Q2"))
        assert [row[1] for row in mine["考评得分"][1:]] == ["安全生产执法监督处"]
        assert {r[0] for r in mine["考评明细"][1:]} == {"安全生产执法监督处"}
        bad = login(supervisor).get("/exports/ledger.xlsx?scoring_period=2022Q7")
        assert bad.status_code == 400 and "考评期间" in bad.content.decode()
        api = login(supervisor).get("/api/v1/exports/ledger.xlsx?scoring_period=2022Q1")
        assert [row[2] for row in _sheets(api)["考评得分"][1:]] == [99, 99, 97]
