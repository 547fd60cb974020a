"""Minutes whose decisions carry no cue ('会议要求/会议议定/会议明确') and whose title runs into
its document number on one line ('…经理办公会纪要〔2026〕12号关于…的纪要3月6日上午，…'):
recognised by the title and its number, then read topic by topic — each topic heading standing
on its own line ('一、全力抓好春季供水保障') is one task when the numbered points under it direct
work ('…要…', '…牵头，于…前完成'); the points are its body (issue 13). A topic whose points
only tell work done gives none; a report quoting minutes stays a report. Every text is invented."""

from __future__ import annotations

from plans.minutes import is_minutes, minutes_title
from plans.reading import Paragraph, read_document
from tests.plans.shapes import items, read

HEAD = (
    "某县供水公司经理办公会纪要〔2026〕12号关于2026年3月份经营工作例会的纪要3月6日上午，"
    "公司召开3月份经营工作例会，各部门负责人参加，总经理主持会议。\n"
)

NO_CUES = (
    HEAD
    + """一、全力抓好春季供水保障
1.加强水源调度。调度中心要密切监测水库水位，科学安排取水计划。
2.做好管网抢修。由管网部牵头，于2026年4月底前完成老旧阀门更换。
二、扎实推进营业收费改革
1.推广线上缴费。营业部组织，各营业所做好宣传引导。
2.清理历年欠费。财务部要在2026年5月底前完成欠费清收。
"""
)


def test_topics_under_a_numbered_title_are_one_task_each() -> None:
    data = read(NO_CUES)
    got = items(data)
    assert [i["title"] for i in got] == ["全力抓好春季供水保障", "扎实推进营业收费改革"]
    assert [i["number"] for i in got] == ["一、", "二、"]
    assert "调度中心要密切监测水库水位" in got[0]["body"]
    assert "于2026年4月底前完成老旧阀门更换" in got[0]["body"]
    assert "财务部要在2026年5月底前完成欠费清收" in got[1]["body"]
    assert data["document_kind"] == "minutes"
    assert got[0]["lead"] == ["管网部"]
    assert got[0]["deadline"]["due_on"] == "2026-04-30"
    reason = got[0]["reason"]
    assert "议题“全力抓好春季供水保障”是一项任务，其下2项" in reason
    assert "没有提示语的编号条目“1.”" in reason
    section = data["plan_section"]["reason"]
    assert "纪要〔2026〕12号" in section
    assert "没有“会议议定、会议要求”等提示语，按2个独立成行的编号议题" in section


TWO_LEADS = (
    NO_CUES
    + """三、加快重点工程建设
1.水厂扩建。由工程部牵头，于2026年9月底前完成主体工程。
2.管网延伸。由管网部负责，于2026年10月底前完成城东片区管网铺设。
"""
)


def test_a_point_naming_another_lead_is_a_task_of_its_own() -> None:
    got = items(read(TWO_LEADS))
    assert [i["title"] for i in got][2:] == ["加快重点工程建设", "加快重点工程建设：管网延伸"]
    assert [i["lead"] for i in got][2:] == [["工程部"], ["管网部"]]
    assert got[3]["deadline"]["due_on"] == "2026-10-31"
    assert "与本议题第一项任务的牵头单位“工程部”不同" in got[3]["reason"]


def test_the_title_is_cut_before_its_number() -> None:
    paragraphs = [Paragraph(0, HEAD.strip(), "第 1 行")]
    assert minutes_title(paragraphs) == "某县供水公司经理办公会纪要"
    # The issuer's code before the year: '…会议纪要某规纪〔2026〕8号'.
    coded = Paragraph(0, "某市规划局会议纪要某规纪〔2026〕8号关于某路方案的会议纪要3月6日，", "")
    assert minutes_title([coded]) == "某市规划局会议纪要"
    # A sentence mentioning minutes with a number names no title.
    said = Paragraph(0, "会后，办公室印发了会议纪要〔2026〕8号，各单位抓好落实。", "")
    assert minutes_title([said]) is None


DONE_ONLY = (
    HEAD
    + """一、春季供水保障情况
1.水源调度。调度中心完成了水库水位监测，取水计划已全部落实。
2.管网抢修。管网部更换了老旧阀门120个。
"""
)


def test_topics_telling_work_done_give_no_minutes() -> None:
    paragraphs = read_document(DONE_ONLY.encode("utf-8"), "m.txt").paragraphs
    assert not is_minutes(paragraphs)
    # No task from them; titled as minutes, they are shown as minutes in which no decision was
    # found (r16a), not as a report missing its title, plan and problems.
    data = read(DONE_ONLY)
    assert data["plan_section"] is None and data["problem_section"] is None
    assert data["warnings"] == [
        "会议纪要中未找到议定事项（会议决定或要求由谁办理的事项），未生成任务；"
        "如有需要督办的事项，请在预览中手动标记。"
    ]


QUOTED = """某县供水公司2026年一季度工作总结
按照《经理办公会纪要〔2026〕12号》的部署，公司抓好春季供水保障。
一、全力抓好春季供水保障
1.加强水源调度。调度中心要密切监测水库水位，科学安排取水计划。
2.做好管网抢修。由管网部牵头，于2026年4月底前完成老旧阀门更换。
"""


def test_a_report_quoting_numbered_minutes_is_no_minutes() -> None:
    paragraphs = read_document(QUOTED.encode("utf-8"), "m.txt").paragraphs
    assert not is_minutes(paragraphs)
