"""A supervision report's shapes (issue 13, engineer r15d), in invented text, each beside a
near miss that must stay as it was:

- a numbered heading whose '一是…二是…' list runs on in the same line ('四、下一步工作打算一是…');
- a '一是…五是' list nested inside one point of an outer '一是…三是' list;
- '需要（重点）关注的事项': what the office asks units to attend to, read as tasks (a product
  decision: a supervising office follows requests up as tasks; '需要关注的问题' stays problems);
- a list of delayed items ('N项推迟的工作具体如下：一是…二是…'): each delayed item a problem;
- '督察' (环保督察, 督察组) wherever '督查' is a cue.
"""

from __future__ import annotations

from typing import Any

from plans.bulletins import read_bulletin
from plans.documents import parse_document
from plans.parsing import _enumeration
from plans.reading import Paragraph, read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "s.txt")).to_dict()


def plan(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


# --- a numbered heading running on into its '一是' list -----------------------------------------

RUN_ON_LIST = (
    "某县农业农村局2027年上半年工作总结\n"
    "一、上半年工作开展情况\n"
    "上半年，我局完成高标准农田建设1.2万亩，新建村级光伏电站5座。\n"
    "二、存在的问题\n"
    "一是农田水利设施老化，部分泵站带病运行。二是农技推广人员年龄偏大，力量不足。\n"
    "三、下半年工作打算一是加快高标准农田建设进度。确保9月底前完成剩余0.8万亩。"
    "二是加强农技推广队伍建设。组织开展农技人员轮训。三是抓好秋粮生产。落实秋粮面积。\n"
)


def test_a_heading_running_on_into_its_yishi_list_is_cut_before_the_list() -> None:
    data = read(RUN_ON_LIST)
    assert data["plan_section"]["heading"] == "三、下半年工作打算"
    assert plan(data) == [
        "加快高标准农田建设进度。",
        "加强农技推广队伍建设。",
        "抓好秋粮生产。",
    ]


SAYING = (
    "某县农业农村局2027年上半年工作总结\n"
    "一、上半年工作开展情况\n"
    "上半年，我局完成高标准农田建设1.2万亩。\n"
    "二、坚持一是一二是二的务实作风，各项工作稳步推进。\n"
    "三、下半年工作打算\n"
    "（一）加快高标准农田建设进度。确保9月底前完成。\n"
)


def test_a_heading_saying_yishi_yi_is_no_list() -> None:
    # '一是一、二是二' is a saying inside a heading's name, not the start of a list.
    outline = read(SAYING)["outline"]
    assert outline[1]["title"].startswith("坚持一是一二是二的务实作风")
    assert plan(read(SAYING)) == ["加快高标准农田建设进度。"]


# --- a list nested inside one point ------------------------------------------------------------

NESTED = (
    "一是统一思想认识，提高站位。二是紧盯上级关注重点，了解到上级重点关注三方面工作："
    "一是减税降费政策落地情况；二是项目审批提速情况；三是营商环境投诉办理情况。"
    "各单位要主动对接。三是改进督办方式，建立线上督办机制。"
)


def test_a_list_nested_in_one_point_stays_inside_that_point() -> None:
    items = [NESTED[s:e] for _m, s, e in _enumeration(NESTED)]
    assert len(items) == 3
    assert items[0].startswith("统一思想认识")
    assert items[1].startswith("紧盯上级关注重点") and "营商环境投诉办理情况" in items[1]
    assert items[2].startswith("改进督办方式")


def test_a_plain_list_is_read_as_before() -> None:
    plain = "一是统一思想认识。二是紧盯上级关注重点。三是改进督办方式。四是加强考核。"
    items = [plain[s:e] for _m, s, e in _enumeration(plain)]
    assert [i[:4] for i in items] == ["统一思想", "紧盯上级", "改进督办", "加强考核"]


# --- '需要重点关注的事项' ---------------------------------------------------------------------------

CONCERNS = (
    "2027年9月份重点工作督办情况报告\n"
    "一、重点工作推进情况\n"
    "9月份，办公室跟踪督办重点工作20项，均按计划推进。\n"
    "二、需要重点关注的事项\n"
    "一是抓好四季度安全生产。各单位务必压实责任，深入开展隐患排查。\n"
    "二是加快项目建设进度。各项目单位要倒排工期，确保年底前完工。\n"
)


def test_matters_needing_attention_are_the_offices_requests() -> None:
    data = read(CONCERNS)
    assert plan(data) == ["抓好四季度安全生产。", "加快项目建设进度。"]
    assert data["plan_section"]["heading"] == "二、需要重点关注的事项"
    assert "需要关注的事项" in data["plan_section"]["reason"]
    assert "要求" in data["plan_section"]["reason"]


CONCERN_PROBLEMS = CONCERNS.replace("需要重点关注的事项", "需要关注的问题")


def test_problems_needing_attention_are_no_plan() -> None:
    data = read(CONCERN_PROBLEMS)
    assert plan(data) == []


# --- delayed items -----------------------------------------------------------------------------

DELAYED = (
    "2027年9月份重点工作督办情况报告\n"
    "一、重点工作推进情况\n"
    "9月份，党组部署的20项重点工作有序推进，完成18项，有2项工作推迟。2项推迟的工作具体如下："
    "一是“建成城北污水处理厂二期工程”，推迟至11月份投运。"
    "二是“与省交通厅签订合作协议”，等待对方确定签约时间。\n"
    "二、下一步工作\n"
    "（一）抓好城北污水处理厂二期调试。确保11月份投运。\n"
)


def test_each_delayed_item_is_a_problem() -> None:
    data = read(DELAYED)
    assert problems(data) == [
        "“建成城北污水处理厂二期工程”，推迟至11月份投运",
        "“与省交通厅签订合作协议”，等待对方确定签约时间",
    ]
    reason = data["problem_section"]["reason"]
    assert "推迟" in reason


AHEAD = DELAYED.replace("有2项工作推迟。2项推迟的工作", "有2项工作提前完成。2项提前完成的工作")


def test_items_done_ahead_of_time_are_no_problems() -> None:
    assert problems(read(AHEAD)) == []


# --- '督察' ---------------------------------------------------------------------------------------


def paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(i, line, f"第 {i + 1} 行") for i, line in enumerate(text.splitlines())]


INSPECTED = (
    "关于中央环保督察反馈问题整改落实情况的通报\n"
    "近期，市生态环境局对各区整改落实情况开展了专项督察，现通报如下。\n"
    "督察中发现，部分区整改工作进展滞后。城西区、城东区等未按要求报送整改台账。\n"
    "请各区对照问题清单，加快推进整改。\n"
)


def test_a_bulletin_on_a_duchao_check_is_read() -> None:
    found = read_bulletin(paragraphs(INSPECTED))
    assert found is not None
    _plan, problem_section = found
    assert problem_section is not None
    assert [i.text for i in problem_section.items] == ["部分区整改工作进展滞后"]


GUIDED = INSPECTED.replace("开展了专项督察", "开展了专项指导")


def test_a_visit_that_checked_nothing_is_no_bulletin() -> None:
    assert read_bulletin(paragraphs(GUIDED)) is None


POSTPONED = (
    "关于2027年第二次常务会议议定事项落实情况的通报\n"
    "近期，县政府督查室对议定事项落实情况开展了专项督查，现通报如下。\n"
    "议定事项12件，已办结10件。其中，由县交通局负责的第4件议定事项未按期办结；"
    "由县文旅局负责的第9件推迟至明年实施。\n"
    "请以上单位加快推进。\n"
)


def test_items_postponed_or_not_done_on_time_in_a_bulletin_are_problems() -> None:
    assert problems(read(POSTPONED)) == [
        "由县交通局负责的第4件议定事项未按期办结",
        "由县文旅局负责的第9件推迟至明年实施",
    ]


ON_TIME = POSTPONED.replace("未按期办结", "已按期办结").replace("推迟至明年实施", "如期实施")


def test_items_done_on_time_in_a_bulletin_are_no_problems() -> None:
    assert problems(read(ON_TIME)) == []


TEAM_NEWS = (
    "省环保督察组到某县开展生态环境保护专项督察\n"
    "6月3日，省环保督察组一行到某县开展生态环境保护专项督察。\n"
    "督察组通过查阅资料、实地检查等方式，对某县生态环境保护工作进行了全面督察。"
    "督察组认为，某县生态环境保护工作总体向好，但还存在一些问题和不足，主要有："
    "一是部分企业环保设施运行不正常；二是农村生活污水治理滞后；三是执法监管力量薄弱。\n"
    "督察组要求，某县要高度重视督察发现的问题，举一反三，立行立改。\n"
)


def test_a_duchao_teams_findings_told_in_the_third_person_are_nobodys_problems() -> None:
    data = read(TEAM_NEWS)
    assert problems(data) == []
    assert data["document_kind"] == "news"


def test_the_inspected_county_reporting_a_duchao_teams_findings_keeps_them() -> None:
    text = TEAM_NEWS.replace("某县", "我县").replace(
        "省环保督察组到我县开展生态环境保护专项督察\n",
        "某县关于省环保督察反馈问题整改情况的报告\n",
    )
    assert problems(read(text)) == [
        "部分企业环保设施运行不正常",
        "农村生活污水治理滞后",
        "执法监管力量薄弱",
    ]
