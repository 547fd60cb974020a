"""Minutes published with no '纪要' title (issue 13): a government's column of standing
meetings gives each meeting as a page opening '…主持召开区政府第N次常务会议，会议研究了以下
事项：', then topics '一、审议《…》' each closed by '会议议定：原则同意，…后，由X组织实施。'. The
opening announces the matters as '现纪要如下：' does: the text is minutes, an approval with a
follow-up is a task, and the preview says why it was read as minutes. A news item telling that
a meeting studied some matters ('会议研究了…等事项。') stays silent. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

MATTERS = """2025年3月5日上午，县长李某某在县政府三楼会议室主持召开县政府第21次常务会议，会议研究了以下事项：
一、审议《某县政府投资项目管理办法（送审稿）》
会议议定：原则同意，按会议要求修改完善后，以县政府党组名义提请县委常委会会议审议。
二、审议《关于某县城北片区棚户区改造项目相关事宜的请示》
会议议定：原则同意，按会议要求修改完善后，由县城投公司按程序组织实施。
"""


def test_an_opening_announcing_the_matters_makes_minutes_with_one_task_per_topic() -> None:
    data = read(MATTERS)
    got = items(data)
    assert len(got) == 2
    assert "提请县委常委会" in got[0]["body"]
    assert "由县城投公司按程序组织实施" in got[1]["body"]
    assert got[1]["lead"] == ["县城投公司"]
    assert data["document_kind"] == "minutes"
    assert "开头一段以“会议研究了以下事项”引出议题" in data["plan_section"]["reason"]


NEWS = """县政府召开第21次常务会议
2025年3月5日上午，县长李某某在县政府三楼会议室主持召开县政府第21次常务会议，会议研究了城北片区棚户区改造、政府投资项目管理等事项。
李某某强调，各部门要提高站位，狠抓落实。
"""


def test_news_saying_the_meeting_studied_some_matters_stays_silent() -> None:
    assert items(read(NEWS)) == []
