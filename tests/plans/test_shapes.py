"""The report shapes of issue 13, each written anew here (not copied from the corpus).

Each test states what a person reading the text would take as plan items and problems, and
that the preview says why ('问题段落：根据“主要是”识别').
"""

from __future__ import annotations

from typing import Any

from plans.parsing import parse_report


def problems(data: dict[str, Any]) -> list[str]:
    section = data["problem_section"]
    return [item["text"] for item in section["items"]] if section else []


def plans(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [item["title"] for item in section["items"]] if section else []


def test_problems_as_a_sentence_closing_an_achievements_paragraph() -> None:
    text = (
        "某区水务局2023年工作总结\n"
        "一、主要工作\n"
        "（一）河湖长制全面落实。全年巡河1200余次，清理河道垃圾300吨，成效明显。"
        "但与市委的要求相比还有差距，主要是：基层河长履职不够到位；部分河道水质反弹；"
        "执法力量与任务不匹配。\n"
        "（二）供水保障有力。新建管网20公里。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["基层河长履职不够到位", "部分河道水质反弹", "执法力量与任务不匹配"]
    assert data["problem_section"]["reason"] == "问题段落：根据“主要是”识别"
    assert data["plan_section"] is None


def test_problems_after_tong_shi_ye_yao_kan_dao() -> None:
    text = (
        "某县市场监管局2022年度工作总结\n"
        "今年以来，我局各项工作稳步推进。同时也要看到，我局工作还存在一些不足：一是食品抽检覆盖面不够广；"
        "二是智慧监管平台应用不充分；三是基层所人员老化。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["食品抽检覆盖面不够广", "智慧监管平台应用不充分", "基层所人员老化"]
    assert [i["number"] for i in data["problem_section"]["items"]] == ["一是", "二是", "三是"]


def test_numbered_problem_sub_headings_are_problems_not_plans() -> None:
    text = (
        "某镇2022年工作总结\n"
        "一、2022年工作完成情况\n（一）完成道路硬化12公里。\n"
        "二、面临的困难和问题\n"
        "（一）集体经济收入来源单一\n"
        "全镇14个村中有9个村集体收入主要依靠资产租赁。\n"
        "（二）专业技术人才不足\n"
        "镇农技站仅有技术人员2名。\n"
        "三、2023年工作计划\n（一）发展壮大村级集体经济。\n（二）引进农技人才。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["集体经济收入来源单一", "专业技术人才不足"]
    assert (
        data["problem_section"]["items"][0]["body"]
        == "全镇14个村中有9个村集体收入主要依靠资产租赁。"
    )
    assert plans(data) == ["发展壮大村级集体经济。", "引进农技人才。"]


def test_colon_plan_heading_with_yi_shi_in_separate_paragraphs() -> None:
    text = (
        "某街道办事处2023年工作总结\n"
        "一、工作成效\n（一）完成老旧小区改造3个。\n"
        "下一步，我们将重点抓好以下几项工作：\n"
        "一是推进垃圾分类全覆盖，年底前实现小区全覆盖。\n"
        "二是加强网格化管理。\n"
        "三是做好重点人群服务。\n"
    )
    data = parse_report(text).to_dict()
    assert plans(data) == [
        "推进垃圾分类全覆盖，年底前实现小区全覆盖。",
        "加强网格化管理。",
        "做好重点人群服务。",
    ]
    assert data["plan_section"]["heading"] == "下一步，我们将重点抓好以下几项工作"
    assert data["plan_section"]["reason"].startswith("计划段落：根据")


def test_colon_plan_heading_with_items_run_together() -> None:
    text = (
        "某局2021年度工作报告\n"
        "一、工作情况\n（一）完成了甲项工作。\n"
        "2022年，我局将重点做好以下工作：一是完善制度体系；二是强化队伍建设；三是提升服务水平。\n"
    )
    data = parse_report(text).to_dict()
    assert plans(data) == ["完善制度体系", "强化队伍建设", "提升服务水平"]


def test_one_heading_for_problems_and_plans_with_cause_sub_headings() -> None:
    text = (
        "某市统计局关于2022年度法治政府建设情况的报告\n"
        "一、主要工作\n（一）完善统计执法制度。\n"
        "二、存在的问题及下一步打算\n"
        "（一）主观方面\n1.个别干部法治意识不强。\n2.执法文书制作不规范。\n"
        "（二）客观方面\n1.统计执法人员数量偏少。\n"
        "（三）下一步工作打算\n"
        "一是开展统计执法专项培训；二是规范执法文书。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["个别干部法治意识不强", "执法文书制作不规范", "统计执法人员数量偏少"]
    assert data["problem_section"]["items"][0]["reason"] == "“主观方面”下的编号小标题"
    assert plans(data) == ["开展统计执法专项培训", "规范执法文书"]


def test_traditional_characters_are_matched_and_kept() -> None:
    text = (
        "某縣司法局關於2022年度法治政府建設情況的報告\n"
        "一、主要工作\n（一）開展普法宣傳。\n"
        "二、存在的問題\n"
        "一是基層法治力量薄弱；二是執法人員專業素質有待提高。\n"
        "三、2023年工作打算\n"
        "（一）加強執法隊伍建設。\n（二）深化法治宣傳教育。\n"
        "某縣司法局\n2023年1月10日\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["基層法治力量薄弱", "執法人員專業素質有待提高"]
    assert plans(data) == ["加強執法隊伍建設。", "深化法治宣傳教育。"]
    assert data["problem_section"]["heading"] == "二、存在的問題"
    assert data["title"] == "某縣司法局關於2022年度法治政府建設情況的報告"
    assert data["plan_year"] == 2023 and data["issued_on"] == "2023-01-10"


def test_web_repost_fragment_starting_mid_sentence() -> None:
    text = (
        "首页 > 信息公开 > 工作总结\n发布时间：2023-02-01 浏览次数：120\n"
        "工作，取得了较好成效。\n"
        "回顾一年来的工作，我们也清醒认识到存在的问题，主要表现在：村级组织带头作用发挥不够，"
        "产业发展后劲不足。\n"
        "【打印】【关闭】\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["村级组织带头作用发挥不够", "产业发展后劲不足"]
    assert "打印" not in str(data["problem_section"])


def test_a_meeting_news_item_yields_nothing_and_says_why() -> None:
    text = (
        "3月2日上午，某县召开法治政府建设工作推进会，总结2022年工作，部署2023年任务。\n"
        "会议指出，我县法治政府建设还存在一些短板，主要是：执法不够规范；普法针对性不强。\n"
        "会议要求，下一步要重点抓好以下工作：一是加强执法监督；二是创新普法形式。\n"
        "（记者 王某）\n"
    )
    data = parse_report(text).to_dict()
    assert data["plan_section"] is None and data["problem_section"] is None
    assert data["document_kind"] == "news"
    assert any("会议新闻" in w or "新闻" in w for w in data["warnings"])


def test_achievements_that_mention_problems_and_next_steps_yield_nothing() -> None:
    text = (
        "某局2022年工作总结\n"
        "一、主要工作\n"
        "（一）开展专项整治。对排查出的36个问题已全部整改到位，问题整改率100%。\n"
        "（二）加强学习。下一步，我局将继续深化学习成果。\n"
        "（三）坚持问题导向，解决群众反映的突出问题12个。\n"
    )
    data = parse_report(text).to_dict()
    assert data["plan_section"] is None and data["problem_section"] is None


def test_lead_cooperating_and_deadline_from_an_item() -> None:
    text = (
        "某局2021年度工作报告\n一、工作情况\n（一）做了一件事。\n"
        "二、2022年工作打算\n"
        "（一）修订执法细则。由政策法规处牵头、执法总队配合，于2022年6月底前完成。\n"
        "（二）加强队伍建设。\n"
    )
    item, plain = parse_report(text).to_dict()["plan_section"]["items"]
    assert item["lead"] == ["政策法规处"]
    assert item["cooperating"] == ["执法总队"]
    assert item["deadline"]["due_on"] == "2022-06-30"
    assert (plain["lead"], plain["cooperating"], plain["deadline"]) == ([], [], None)


def test_items_are_re_derived_from_a_marked_range_with_the_same_rules() -> None:
    from plans.marking import items_from_marked_range
    from plans.parsing import _text_to_paragraphs

    paragraphs = _text_to_paragraphs(
        "某局报告\n一、工作情况\n（一）做了甲。\n我们还要做好：一是完善制度；二是加强培训。\n"
        "四、打算\n（一）计划甲。\n（二）计划乙。\n二、存在的問題\n一是甲不夠；二是乙不強。\n"
    )

    def marked(start: int, end: int, kind: str) -> list[tuple[str | None, str]]:
        section = items_from_marked_range(paragraphs, start, end, kind)
        assert section.reason.startswith("人工标记：")
        return [(i.number, getattr(i, "title", None) or i.text) for i in section.items]

    assert marked(3, 3, "plan") == [("一是", "完善制度"), ("二是", "加强培训")]
    assert marked(4, 6, "plan") == [("（一）", "计划甲。"), ("（二）", "计划乙。")]
    assert marked(5, 6, "plan") == [("（一）", "计划甲。"), ("（二）", "计划乙。")]
    # Traditional characters are matched and kept; the heading is not a problem.
    assert marked(7, 8, "problems") == [("一是", "甲不夠"), ("二是", "乙不強")]
    assert marked(2, 2, "task") == [("（一）", "做了甲。")]


def test_a_problem_is_linked_to_the_plan_item_on_the_same_matter() -> None:
    from tests.plans import builders

    data = parse_report(builders.fixture_text("jilin_2021.txt")).to_dict()
    plan_items = data["plan_section"]["items"]
    by_text = {i["text"]: i["related_plan"] for i in data["problem_section"]["items"]}
    fang_guan_fu = by_text["“放管服”改革还需要进一步深化"]
    assert fang_guan_fu["reason"] == "同涉“放管服”"
    assert "放管服" in plan_items[fang_guan_fu["index"]]["title"]
    # No shared matter, no proposal: never a guess for the sake of one.
    assert by_text["应急管理体制机制还不够完善"] is None
