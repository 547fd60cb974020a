"""The unit a text tells to act is the item's lead when no label or '牵头' names one (issue 13,
r15a): '区住建局要加快…', '县财政局负责统筹…', '由县卫健局会同县医保局制定…'. Not a lead: the
writer ('我局要…'), a class of units ('各乡镇要…', '有关部门要…': no single lead, the supervisor
picks), an office the text is about ('为县住建局提供…', '县住建局存在…', '县住建局要求…'), and a
duty described ('中转站负责三个乡镇的垃圾清运'). Texts invented."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from plans.documents import parse_document
from plans.phrases import parse_assignment
from plans.reading import read_document
from plans.services import preview_load
from tests.plans.test_cooperating import upload
from tracker.org.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "lead", "cooperating"),
    [
        ("二是加快背街小巷改造，区住建局要加快施工进度，年底前完工。", ["区住建局"], []),
        ("落实补助资金。县财政局负责统筹安排专项资金。", ["县财政局"], []),
        ("四是区城管局和区水务局要联合排查积水点。", ["区城管局", "区水务局"], []),
        ("区卫健局会同区医保局、区财政局要抓紧制定细则。", ["区卫健局"], ["区医保局", "区财政局"]),
        ("由县卫健局会同县医保局制定实施细则。", ["县卫健局"], ["县医保局"]),
    ],
)
def test_the_unit_told_to_act_leads(text: str, lead: list[str], cooperating: list[str]) -> None:
    assignment = parse_assignment(text)
    assert assignment.lead == lead
    assert assignment.cooperating == cooperating


def test_the_reason_names_the_phrase() -> None:
    assert parse_assignment("区住建局要加快施工进度。").lead_reason == (
        "文中“区住建局要…”指明由其办理（未写牵头单位）"
    )
    # A labelled lead keeps its own way and no such reason.
    labelled = parse_assignment("区住建局要加快施工进度。（牵头单位：区城管局）")
    assert labelled.lead == ["区城管局"] and labelled.lead_reason == ""


@pytest.mark.parametrize(
    "text",
    [
        "一是我局要加快施工进度。",
        "各乡镇要加强隐患排查。",
        "乡镇（街道）党工委要扛牢主体责任。",
        "有关部门要加强协调配合。",
        "为县住建局提供技术支持。",
        "县住建局存在审批超时问题。",
        "县住建局要求施工单位限期整改。",
        "督促县住建局加快施工进度。",
        "中转站负责三个乡镇的垃圾清运，但车辆不足。",
        "县住建局负责人要到现场督办。",
    ],
)
def test_no_single_unit_told_to_act_gives_no_lead(text: str) -> None:
    assert parse_assignment(text).lead == []


REPORT = """某市应急管理局2022年度工作总结
一、2022年工作情况
全年开展执法检查120次。
二、2023年工作打算
（一）修订危化品应急预案。市应急管理局政策法规处要抓紧组织修订，年底前印发。
（二）开展汛前隐患排查。各区县应急局要组织全面排查。
某市应急管理局
2023年1月10日
"""


def test_the_preview_shows_the_lead_and_why(login: Callable[[User], Any], supervisor: User) -> None:
    client = login(supervisor)
    token = upload(client, REPORT, "yingji.txt")
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    by_title = {row["title"][:4]: row for row in rows}
    plan_row = by_title["修订危化"]
    assert plan_row["lead_written"] == "市应急管理局政策法规处"
    assert plan_row["lead_department"] == supervisor.department_id  # 政策法规处, by its suffix
    assert plan_row["lead_reason"] == "文中“市应急管理局政策法规处要…”指明由其办理（未写牵头单位）"
    assert by_title["开展汛前"]["lead_written"] == ""


MINUTES = """某县人民政府常务会议纪要
5月6日，县长主持召开县政府第8次常务会议。现将会议议定事项纪要如下：
一、关于县农机站改制有关问题
（一）会议明确，由县农业农村局牵头制定县农机站改制方案，职工按原岗位安置。
（二）会议要求，县农机站要做好职工思想工作。
二、关于春季植树造林有关问题
会议原则同意县林业局关于春季植树造林的安排。
"""


def test_a_unit_told_to_act_in_one_point_does_not_part_a_minutes_topic() -> None:
    # The topic stays one task: only a lead named as such ('由X牵头') parts a topic.
    data = parse_document(read_document(MINUTES.encode("utf-8"), "m.txt")).to_dict()
    titles = [item["title"] for item in data["plan_section"]["items"]]
    assert titles == ["关于县农机站改制有关问题", "关于春季植树造林有关问题"]
    assert data["plan_section"]["items"][0]["lead"] == ["县农业农村局"]
