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


# A column page with neither title nor announcement: the dated opening, then each topic heard
# and spoken to ('会议听取了…汇报。会议指出，…要…'); a topic only assessed gives none.
RECORD = """2025年6月3日下午，区委副书记、区长王某某同志在区府808会议室主持召开了区政府七届五次常务会议。会议通报了《某区2025年度营商环境评价中期报告》、《某区2025年上半年安全生产检查结果的报告》等事项。
会议听取了区营商办关于《某区2025年度营商环境评价中期报告》的汇报。会议指出，各牵头部门、各配合部门要对标先进，补齐短板，力争全年排名进位。
会议听取了区应急管理局关于《某区2025年上半年安全生产检查结果的报告》的汇报。会议指出，各街道各部门认真落实安全生产责任制，较好地完成了上半年各项检查任务。
会议听取了区住建局关于老旧小区改造进展情况的汇报。会议指出，各街道要把老旧小区改造作为民生实事来抓，加快推进，确保年底前全面完工。
会议还研究审议了其他事项。
"""


def _glossed(text: str) -> str:
    """The record as a mirror serves it: traditional characters, pinyin after some."""
    table = str.maketrans("区务议汇报会听各街道门进", "區務議匯報會聽各街道門進")
    return (
        text.translate(table)
        .replace("區", "區(qū)")
        .replace("務", "務(wù)")
        .replace("匯", "匯(huì)")
    )


def test_a_dated_record_of_topics_heard_and_spoken_to_is_minutes() -> None:
    for text in (RECORD, _glossed(RECORD)):
        data = read(text)
        got = items(data)
        assert len(got) == 2, text[:20]
        assert "补齐短板" in got[0]["body"]
        assert "作为民生实事来抓" in got[1]["body"]
        assert "首段写明日期、主持人和所开的会议" in data["plan_section"]["reason"]


# The same meeting told as news: a headline first, a leader's words; and, with no headline,
# one topic only.
RECORD_NEWS = "区政府召开七届五次常务会议\n" + RECORD.replace("会议指出", "王某某指出")
ONE_TOPIC = "\n".join(RECORD.splitlines()[:2]) + "\n"


def test_news_of_the_meeting_and_a_record_of_one_topic_stay_silent() -> None:
    assert items(read(RECORD_NEWS)) == []
    assert items(read(ONE_TOPIC)) == []
