"""Shapes of set 12's minutes pages and its policy interpretation (tests/fixtures/
corpus-heldout-12/), in invented text: minutes that open in the body with '现纪要如下：' and
no title line, a long opening paragraph that ends by announcing the agreed items, an
interpretation that says so in its opening sentence. Beside each, a text of its shape that
must stay silent."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "m.txt")).to_dict()


def plan(data: dict[str, Any]) -> list[str]:
    """Each task's title and body (a topic's requirements are its body: issue 13's decision)."""
    if not data["plan_section"]:
        return []
    return [f"{i['title']}\n{i['body']}".strip() for i in data["plan_section"]["items"]]


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


UNTITLED = (
    "5月9日上午，县水利局局长李某主持召开局务会，局领导王某、赵某参加会议。现纪要如下：\n"
    "会议原则同意《县农村饮水工程维修养护办法》。会议要求，各水管站要在6月底前完成"
    "供水管网巡查。\n"
    "会议听取了关于汛前河道清障情况的汇报。会议强调，要在5月底前清除主河道阻水障碍。\n"
    "本期发：局领导，局机关各股室。\n"
)


def test_minutes_opening_in_the_body_with_their_announcement_are_minutes() -> None:
    data = read(UNTITLED)
    assert data["document_kind"] == "minutes"
    got = plan(data)
    assert any("供水管网巡查" in t for t in got)
    assert any("阻水障碍" in t for t in got)


def test_a_news_item_mentioning_minutes_is_still_news() -> None:
    text = (
        "5月9日上午，县水利局局长李某主持召开局务会，研究部署汛前准备工作。\n"
        "会议原则同意《县农村饮水工程维修养护办法》，会后将印发会议纪要。会议要求，各水管站"
        "要在6月底前完成供水管网巡查。\n"
        "会议强调，要在5月底前清除主河道阻水障碍。\n"
    )
    data = read(text)
    assert data["document_kind"] != "minutes"
    assert (plan(data), problems(data)) == ([], [])


INTERPRETATION = (
    "2025年4月2日，某县人民政府印发了《2025年重点工作任务分工方案》（某政发〔2025〕3号），"
    "现将主要内容解读如下：\n"
    "一、出台背景\n"
    "为确保县政府工作报告确定的各项任务落到实处，县政府办公室对任务进行了分解。\n"
    "二、主要内容\n"
    "《方案》要求各责任单位高度重视，主要负责同志要亲自抓，加强调度，确保按期完成。\n"
    "三、保障措施\n"
    "县政府办公室将每季度调度一次工作进展，对进度缓慢的单位通报批评。\n"
)


def test_an_interpretation_saying_so_in_its_opening_yields_nothing() -> None:
    data = read(INTERPRETATION)
    assert (plan(data), problems(data)) == ([], [])


def test_a_report_opening_on_its_interpretation_work_is_still_read() -> None:
    text = (
        "某区政务公开工作报告\n"
        "今年以来，我区围绕重大政策开展解读20余次，现将有关情况报告如下：\n"
        "一、工作开展情况\n全年发布解读材料30篇。\n"
        "二、下一步工作计划\n（一）加强政策解读队伍建设。每季度开展一次培训。\n"
    )
    assert len(plan(read(text))) == 1


def test_an_opening_paragraph_ending_by_announcing_the_agreed_items_opens_the_list() -> None:
    text = (
        "城区学校建设协调会议纪要\n"
        "3月5日，副县长王某在县政府三楼会议室主持召开城区学校建设协调会，县教育局、县财政局"
        "等单位负责人参加。会议听取了县教育局关于新校区建设的汇报，并就有关问题进行了研究，"
        "现将会议议定事项纪要如下：\n"
        "一、明确目标。新校区关系城区两千名学生就学，县教育局要在8月底前完成主体工程。\n"
        "二、几个具体问题\n"
        "（一）资金问题。由县财政局按进度拨付建设资金。\n"
        "（二）用地问题。由县自然资源局在4月底前办结用地手续。\n"
    )
    data = read(text)
    got = plan(data)
    assert [t[:4] for t in got] == ["明确目标", "几个具体"]
    assert "用地手续" in data["plan_section"]["items"][1]["body"]
    assert problems(data) == []


def test_an_opening_paragraph_announcing_only_a_summary_opens_no_list() -> None:
    text = (
        "城区学校建设协调会议纪要\n"
        "3月5日，副县长王某主持召开城区学校建设协调会，县教育局、县财政局等单位负责人参加，"
        "研究了以下事项，现纪要如下：\n"
        "一、县教育局汇报了新校区建设进展，主体工程已完成六成。\n"
        "二、县财政局介绍了建设资金拨付情况，已拨付三千万元。\n"
    )
    assert plan(read(text)) == []
