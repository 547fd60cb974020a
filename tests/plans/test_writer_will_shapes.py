"""A plan announced by the writer's own promise with no time word before it (engineer r14b):
'我们将重点抓好以下工作：' or '我局将从以下几个方面抓好落实：' followed by numbered points, as a
work report's plan part opens after its year's approach. Beside it, a review's '一年来，我们重点
抓好以下工作：' with no 将/要 and a '将' that means 把 ('我局将政务公开纳入考核，做了以下工作：')
stay silent. The same promise as a sentence of comma clauses ('我街道将进一步规范…，加强…，抓好…')
is the plan when the plan heading found has nothing under it (the page cut in its measures),
its closing aim ('进一步提升…水平') the last task's body. Invented text."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "r.txt")).to_dict()


def plan_titles(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


ANNOUNCED = (
    "2027年是承上启下的关键之年，做好全年工作意义重大。全年工作的总体思路是：坚持稳中求进，"
    "统筹发展和安全，奋力谱写高质量发展新篇章。\n"
    "我们将重点抓好以下工作：\n"
    "（一）抓招商、育产业，打好园区建设攻坚战\n"
    "围绕主导产业开展精准招商，全年引进亿元以上项目5个，推动园区标准厂房投入使用。\n"
    "（二）强基础、补短板，提升集镇承载能力\n"
    "实施集镇道路提质改造，完成雨污分流管网建设8公里。\n"
)


def test_a_numbered_plan_after_the_writers_own_announcement() -> None:
    data = read(ANNOUNCED)
    assert plan_titles(data) == [
        "抓招商、育产业，打好园区建设攻坚战",
        "强基础、补短板，提升集镇承载能力",
    ]
    assert "我们将重点抓好以下工作" in data["plan_section"]["reason"]


def test_the_same_announcement_cut_in_its_first_point() -> None:
    cut = ANNOUNCED.split("（二）")[0][:-20]
    assert plan_titles(read(cut)) == ["抓招商、育产业，打好园区建设攻坚战"]


def test_an_announcement_from_the_writers_unit_with_its_means() -> None:
    text = (
        "某县司法局关于2026年法治政府建设情况的报告\n"
        "2026年，我局全面推进依法行政，各项工作取得新成效。\n"
        "我局将从以下几个方面抓好落实：\n"
        "1.健全行政执法监督制度，年底前出台执法案卷评查办法。\n"
        "2.深化公共法律服务体系建设，实现村居法律顾问全覆盖。\n"
    )
    assert plan_titles(read(text)) == [
        "健全行政执法监督制度，年底前出台执法案卷评查办法。",
        "深化公共法律服务体系建设，实现村居法律顾问全覆盖。",
    ]


def test_a_review_of_work_done_in_the_same_words_stays_silent() -> None:
    text = (
        "某镇2026年工作总结\n"
        "一年来，我们重点抓好以下工作：\n"
        "（一）招商引资取得新突破\n"
        "全年引进亿元以上项目4个，园区标准厂房投入使用。\n"
        "（二）集镇面貌明显改善\n"
        "完成集镇道路提质改造，建成雨污分流管网6公里。\n"
    )
    assert plan_titles(read(text)) == []


def test_a_jiang_meaning_ba_in_a_review_stays_silent() -> None:
    text = (
        "某局2026年政务公开工作情况\n"
        "我局将政务公开工作纳入年度目标考核，主要开展了以下工作：\n"
        "（一）主动公开政府信息\n"
        "全年公开各类信息320条，办理依申请公开12件。\n"
        "（二）加强平台建设\n"
        "完成门户网站集约化改造。\n"
    )
    assert plan_titles(read(text)) == []


CUT_MEASURES = (
    "某街道2026年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2026年，我街道认真落实《条例》要求，各项工作取得较好成绩。"
    "我街道将持续巩固政务公开标准化建设成果，规范公开栏目管理，加强专职信息员培训，"
    "抓好便民服务站公开专栏建设，及时公开低保救助办理流程，进一步提升政务服务水平。\n"
    "二、存在的主要问题及改进措施\n"
    "一是公开栏目更新不及时；二是政策解读形式单一。\n"
    "在今后的工作中，将从以下几个方面采取\n"
)


def test_the_writers_promise_is_the_plan_when_the_measures_are_cut() -> None:
    data = read(CUT_MEASURES)
    assert plan_titles(data) == [
        "规范公开栏目管理",
        "加强专职信息员培训",
        "抓好便民服务站公开专栏建设",
        "及时公开低保救助办理流程",
    ]
    # Holding on to results ('持续巩固…成果') opening the chain is no task; the aim closing it
    # ('进一步提升…水平') is the last task's body, not a task.
    assert data["plan_section"]["items"][-1]["body"] == "进一步提升政务服务水平"
    assert "下没有可拆分的内容" in data["plan_section"]["reason"]


def test_a_review_telling_what_the_unit_put_in_place_stays_silent() -> None:
    text = CUT_MEASURES.replace(
        "我街道将持续巩固政务公开标准化建设成果，规范公开栏目管理，加强专职信息员培训，"
        "抓好便民服务站公开专栏建设，及时公开低保救助办理流程，进一步提升政务服务水平。",
        "我街道将信息公开纳入社区考核，配齐了专职信息员，建成便民服务站公开专栏，"
        "公开了低保救助办理流程。",
    )
    assert plan_titles(read(text)) == []
