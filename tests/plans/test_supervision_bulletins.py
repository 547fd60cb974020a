"""A supervision office's bulletin (督查通报, engineer r13x), in invented text: the lagging
items it names are problems, its requirements and the office's own next step are tasks.
Beside each, a text of its shape that must stay silent."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "b.txt")).to_dict()


def plan(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


DECIDED_ITEMS = (
    "关于2027年第三次区政府常务会议议定事项落实情况的通报\n"
    "近期，区政府督查室对第三次常务会议议定事项落实情况开展了专项督查，现通报如下。\n"
    "一、总体情况\n"
    "议定事项15件，已办结9件，正在办理6件。\n"
    "二、工作要求\n"
    "其中，由区住建局负责的第2件、区水务局负责的第7件议定事项进展滞后，请以上单位加快推进，"
    "确保按期办结。区政府督查室将适时开展跟踪督查，直至办结销号。\n"
)


def test_a_bulletins_lagging_items_are_a_problem_and_its_requests_tasks() -> None:
    data = read(DECIDED_ITEMS)
    assert problems(data) == ["由区住建局负责的第2件、区水务局负责的第7件议定事项进展滞后"]
    assert plan(data) == [
        "请以上单位加快推进，确保按期办结。",
        "区政府督查室将适时开展跟踪督查，直至办结销号。",
    ]
    assert "督查通报" in data["plan_section"]["reason"]
    assert "督查通报" in data["problem_section"]["items"][0]["reason"]


QUARTER = (
    "2027年重点工作一季度推进情况通报\n"
    "市政府督查室对重点工作一季度推进情况进行了专项督查，现将有关情况予以通报。\n"
    "从督查情况看，多数单位行动迅速，部分项目已开工建设。\n"
    "督查中发现，部分项目推进缓慢。城南污水厂扩建、滨河公园二期等均未达序时；"
    "有的单位报送进度不及时。东湖街道、西山镇等未按要求报送月报。\n"
    "下一步，各责任单位要对照目标任务，倒排工期，加快推进。市政府督查室将加大跟踪督查力度。\n"
)


def test_a_headline_shortfall_keeps_its_named_instances_as_its_body() -> None:
    data = read(QUARTER)
    assert problems(data) == ["部分项目推进缓慢", "有的单位报送进度不及时"]
    bodies = [i.get("body", "") for i in data["problem_section"]["items"]]
    assert "滨河公园二期等均未达序时" in bodies[0] and "西山镇等未按要求报送月报" in bodies[1]
    assert plan(data) == [
        "下一步，各责任单位要对照目标任务，倒排工期，加快推进。",
        "市政府督查室将加大跟踪督查力度。",
    ]


HALF_YEAR = (
    "关于2027年重点任务上半年落实情况的通报\n"
    "各镇人民政府，县政府各部门：\n"
    "县政府督查室对重点任务上半年落实情况进行了专项督查。从督查情况看，多数指标进展顺利，"
    "受天气影响也有少数指标滞后序时，其余指标均按序时推进。但也存在个别单位工作主动性不强，"
    "推进措施不够实等问题。\n"
    "请各镇、县直有关单位要进一步细化措施，狠抓落实。对未达到序时进度的任务，相关单位要认真整改。\n"
    "附件：重点任务上半年落实情况\n"
)


def test_a_lag_inside_a_good_sentence_and_a_list_of_faults_are_problems() -> None:
    data = read(HALF_YEAR)
    assert problems(data) == [
        "受天气影响也有少数指标滞后序时",
        "个别单位工作主动性不强，推进措施不够实",
    ]
    assert plan(data) == [
        "请各镇、县直有关单位要进一步细化措施，狠抓落实。",
        "对未达到序时进度的任务，相关单位要认真整改。",
    ]


ALL_WELL = (
    "2027年重点工作一季度推进情况通报\n"
    "市政府督查室对重点工作一季度推进情况进行了专项督查，现将有关情况予以通报。\n"
    "从督查情况看，各项目均按序时推进，城南污水厂扩建已完工。\n"
)


def test_a_bulletin_that_names_no_lag_and_no_request_stays_silent() -> None:
    data = read(ALL_WELL)
    assert problems(data) == [] and plan(data) == []


NEWS = (
    "市政府督查室开展重点项目督查\n"
    "近日，市政府督查室对城南污水厂扩建等项目进行了专项督查。部分项目推进缓慢。"
    "督查组要求，各责任单位要倒排工期，加快推进。\n"
)


def test_an_account_of_a_supervision_that_reports_nothing_stays_silent() -> None:
    data = read(NEWS)
    assert problems(data) == [] and plan(data) == []


# --- a notice whose numbered measures each end naming who carries them out ------------------

MEASURES = (
    "某市人民政府办公室关于进一步支持民营经济发展若干措施的通知\n"
    "各区人民政府，市政府各部门：\n"
    "为支持民营经济发展，现将有关措施通知如下：\n"
    "一、对年度纳税增长较快的民营企业，给予一次性奖励。（市财政局、市税务局负责）\n"
    "二、对新认定的专精特新企业，优先安排技术改造资金。（市工信局负责）\n"
    "三、对吸纳就业人数较多的企业，落实社保补贴政策。（市人社局负责）\n"
    "各有关部门要抓紧制定实施细则。\n"
    "某市人民政府办公室\n"
    "2027年3月1日\n"
)


def test_numbered_measures_each_ending_with_who_is_responsible_are_its_tasks() -> None:
    data = read(MEASURES)
    assert plan(data) == [
        "对年度纳税增长较快的民营企业，给予一次性奖励。",
        "对新认定的专精特新企业，优先安排技术改造资金。",
        "对吸纳就业人数较多的企业，落实社保补贴政策。",
    ]
    items = data["plan_section"]["items"]
    assert items[1]["lead"] == ["市工信局"]
    assert "（市工信局负责）" in items[1]["body"]
    # The line run on after the last bracket is the notice's closing, not the measure's.
    assert items[2]["lead"] == ["市人社局"] and "实施细则" not in items[2]["body"]
    assert "（…负责）" in data["plan_section"]["reason"]


def test_numbered_measures_with_other_brackets_stay_silent() -> None:
    text = MEASURES.replace("（市财政局、市税务局负责）", "（2027年起实施）").replace(
        "（市人社局负责）", "（试行）"
    )
    assert plan(read(text)) == []


# --- a notice's numbered requirements after '…如下要求：' -----------------------------------

REQUIREMENTS = (
    "某市人民政府办公室关于加强汛期安全工作的通知\n"
    "各区人民政府，市政府各部门：\n"
    "入汛以来，全市降雨偏多。为做好汛期安全工作，现提出如下要求：\n"
    "一、压实防汛责任。各区要落实行政首长负责制，明确各级责任人。\n"
    "二、加强隐患排查。各部门要对水库、河道、地质灾害点开展拉网式排查。\n"
    "三、做好应急值守。汛期实行24小时值班，各单位必须确保信息畅通。\n"
    "某市人民政府办公室\n"
    "2027年6月1日\n"
)


def test_a_notices_numbered_requirements_are_its_tasks() -> None:
    data = read(REQUIREMENTS)
    assert plan(data) == ["压实防汛责任。", "加强隐患排查。", "做好应急值守。"]
    assert "如下" in data["plan_section"]["reason"]


NORMATIVE = (
    "某省民政厅办公室\n"
    "某民办规〔2027〕4号\n"
    "关于加强养老服务机构信用管理的通知\n"
    "各市民政局，省直有关单位：\n"
    "为规范养老服务市场秩序，现就有关事项通知如下。\n"
    "一、总体要求。各地要坚持依法监管原则，建立健全养老服务机构信用记录。\n"
    "二、规范信用评价。各市要按统一标准评定机构信用等级，评价结果向社会公开。\n"
    "三、强化组织实施。各单位必须明确专人负责，加强部门协同。\n"
    "某省民政厅办公室\n"
    "2027年3月1日\n"
)


def test_a_normative_notices_points_are_standing_rules_not_tasks() -> None:
    """Its number says '规〔…〕': the points bind the addressees for good, not for a period."""
    data = read(NORMATIVE)
    assert plan(data) == [] and problems(data) == []
    assert any("规范性文件" in warning for warning in data["warnings"])


def test_the_same_points_under_an_ordinary_number_stay_tasks() -> None:
    data = read(NORMATIVE.replace("某民办规〔2027〕4号", "某民办发〔2027〕4号"))
    assert len(plan(data)) == 3


HOLIDAYS = (
    "某市人民政府办公室关于2027年端午节放假安排的通知\n"
    "各区人民政府，市政府各部门：\n"
    "现将端午节放假安排通知如下：\n"
    "一、放假时间：6月7日至9日放假，共3天。\n"
    "二、调休上班：6月10日（星期六）上班。\n"
    "三、值班安排：由办公室统一排班。\n"
    "节假日期间，各单位要妥善安排好值班工作。\n"
    "某市人民政府办公室\n"
    "2027年6月1日\n"
)


def test_a_notices_numbered_arrangements_stay_silent() -> None:
    data = read(HOLIDAYS)
    assert plan(data) == [] and problems(data) == []


# --- an inspection bulletin's counted findings (r15f) --------------------------------------

COUNTED = (
    "市容巡查通报（第3期）\n"
    "一、日常巡查情况\n"
    "本月共巡查主要道路320条，发现占道经营问题58处73起，问题率为4%。\n"
    "二、夜间抽查情况\n"
    "5月6日-9日，抽查夜市点位41处，发现油烟直排问题涉及5个区共12处。\n"
)


def test_an_inspection_bulletins_counted_findings_are_its_problems() -> None:
    data = read(COUNTED)
    assert problems(data) == ["发现占道经营问题58处73起", "发现油烟直排问题涉及5个区共12处"]
    assert "检查通报" in data["problem_section"]["reason"]


def test_counted_findings_put_right_or_alone_stay_silent() -> None:
    fixed = COUNTED.replace("问题率为4%", "已全部整改到位").replace(
        "共12处。", "共12处，均已整改完毕。"
    )
    assert problems(read(fixed)) == []
    alone = COUNTED.replace("发现油烟直排问题涉及5个区共12处", "未发现油烟直排")
    assert problems(read(alone)) == []


SUPERVISION_OFFICE = (
    "近日，县政府督查室对我县12件民生实事项目1-6月进展情况进行跟踪督查。其中，"
    "城东菜市场改造、乡村道路亮化等项目进度较为缓慢，其他项目按序时推进。\n"
    "进度缓慢项目的责任单位要倒排工期，加快推进，确保按期完成年度任务。\n"
    "附件：进度缓慢项目清单\n"
)


def test_a_supervision_offices_own_check_is_a_bulletin() -> None:
    """No '通报如下': the supervision office saying in its own voice ('我县') that it checked is
    enough (told with no '我…' it is news: test_an_account_of_a_supervision_…)."""
    data = read(SUPERVISION_OFFICE)
    assert problems(data) == ["城东菜市场改造、乡村道路亮化等项目进度较为缓慢"]
    assert plan(data) == ["进度缓慢项目的责任单位要倒排工期，加快推进，确保按期完成年度任务。"]


def test_a_check_told_by_no_supervision_office_nor_reported_stays_silent() -> None:
    data = read(SUPERVISION_OFFICE.replace("县政府督查室对我县", "县政府督查室对全县"))
    assert problems(data) == [] and plan(data) == []
