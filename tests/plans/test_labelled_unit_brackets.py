"""A task division written as prose: numbered entries each closing with a labelled bracket of
units ('（牵头单位：X，配合单位：Y）', '(责任单位:X牵头，Y等部门分工负责)'), under any title — an
implementing opinion, a notice's annex. One task per such entry; the same on one run-on line,
where the bracket, not a stop, ends each row. All texts here are invented."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

OPINIONS = """关于加快乡村工匠队伍建设的实施意见
为培育乡村工匠，提出以下实施意见。
一、总体目标
1.目标。到2030年培育乡村工匠五千名。
二、重点项目
（一）培育行动。围绕特色产业，实施如下重点项目：
2.乡村工匠遴选项目。每年遴选乡村工匠五百名，建立名录并动态管理。（牵头单位：市人力资源和社会保障局，配合单位：市农业农村局）
3.工匠工作室建设项目。每个乡镇建成一个工匠工作室，给予一次性建设补助。（牵头单位：市农业农村局，配合单位：市财政局，各区）
4.传统技艺传承项目。开展师带徒活动，对传承成效突出的给予奖励。（牵头单位：市文化广电旅游局，配合单位：市财政局）
三、保障措施
5.加强组织领导。建立联席会议制度，定期研究重点工作。（牵头单位：市委组织部，配合单位：各区）
6.5G应用人才项目。每年培训5G应用人才二百名。（牵头单位：市工业和信息化局）
9.5万人次的培训补贴按季度拨付。（牵头单位：市财政局）
"""

# A work report whose one numbered measure happens to name its lead in a labelled bracket.
REPORT_ONE_BRACKET = """某区2026年工作总结
一、工作开展情况
1.完成老旧小区改造十二个，惠及居民三千户。
2.新建口袋公园五个。（牵头单位：区住建局）
3.新增城镇就业一千二百人。
4.开展安全生产检查三百余次。
5.完成农村公路提升改造四十公里。
"""

ONE_LINE = (
    "关于印发落实市领导批示分工方案的通知各区、市直各有关单位:现将分工方案印发你们，请认真贯彻落实。"
    "附件:落实市领导批示分工方案市应急管理局2026年3月2日附件落实市领导批示分工方案"
    "一、加强排涝设施建设1.加快城区易涝点改造，完善排水管网，提高排涝能力。"
    "(责任单位:市住建局牵头，市水务局、市财政局等部门分工负责)"
    "二、完善预警响应机制1.健全气象预警与应急响应联动机制，明确各级响应措施。"
    "(责任单位:市应急局牵头，市气象局等部门分工负责)"
    "三、提升物资保障水平1.充实市级防汛物资储备，建立物资调拨台账。"
    "(责任单位:市应急局牵头，市发改委、市商务局等部门分工负责)"
    "2.加强抢险队伍培训演练，每年组织综合演练不少于两次。"
    "(责任单位:市应急局牵头，市消防救援支队等部门分工负责)"
)

# The same line with plain brackets that name no unit: no row ends at them.
ONE_LINE_PLAIN = ONE_LINE.replace("责任单位:", "说明:")


def parse(text: str):
    return parse_document(read_document(text.encode(), "doc.txt"))


def test_opinions_entries_with_labelled_units_are_tasks() -> None:
    parsed = parse(OPINIONS)
    assert parsed.plan_section is not None
    items = parsed.plan_section.items
    assert [item.title for item in items] == [
        "乡村工匠遴选项目。",
        "工匠工作室建设项目。",
        "传统技艺传承项目。",
        "加强组织领导。",
        "5G应用人才项目。",
    ]
    assert items[-1].number == "6."
    assert all("括注“牵头单位：…”" in item.reason for item in items)
    assert "末尾括注负责单位" in parsed.plan_section.reason
    assert items[1].assignment is not None
    assert items[1].assignment.lead == ["市农业农村局"]


def test_one_labelled_bracket_makes_no_division() -> None:
    parsed = parse(REPORT_ONE_BRACKET)
    items = parsed.plan_section.items if parsed.plan_section else []
    assert not any("括注" in item.reason for item in items)


def test_one_line_division_rows_end_at_their_unit_brackets() -> None:
    parsed = parse(ONE_LINE)
    assert parsed.plan_section is not None
    titles = [item.title for item in parsed.plan_section.items]
    assert len(titles) == 4
    assert titles[0].startswith("加快城区易涝点改造")
    assert titles[3].startswith("加强抢险队伍培训演练")
    assert parsed.plan_section.items[0].assignment.lead == ["市住建局"]
    assert parsed.plan_section.items[0].assignment.cooperating == ["市水务局", "市财政局"]


def test_one_line_without_unit_labels_is_not_split_at_brackets() -> None:
    paragraphs = read_document(ONE_LINE_PLAIN.encode(), "doc.txt").paragraphs
    assert len(paragraphs) == 1
    parsed = parse_document(read_document(ONE_LINE_PLAIN.encode(), "doc.txt"))
    assert parsed.plan_section is None or not parsed.plan_section.items


# Hard-wrapped text: a line ending in a bracket with no stop before it goes on with the next.
WRAPPED = """某县2026年工作总结
今年以来，全县上下紧紧围绕年初目标，扎实推进各项重点工作，全年完成固定资产投资八十亿元，
同比增长百分之六，其中工业投资增长百分之九，民间投资（含技改项目）
增长百分之五，城乡居民收入分别增长百分之五和百分之七，主要指标好于预期，
重点项目建设加快推进，新开工项目二十个，竣工项目十五个，完成投资四十亿元。
"""


def test_a_bracket_closed_after_a_stop_ends_the_line() -> None:
    texts = [p.text for p in read_document(OPINIONS.encode(), "doc.txt").paragraphs]
    assert any(text.startswith("6.5G应用人才项目。") for text in texts)


def test_a_bracket_without_a_stop_before_it_runs_on() -> None:
    texts = [p.text for p in read_document(WRAPPED.encode(), "doc.txt").paragraphs]
    assert any("（含技改项目）增长百分之五" in text for text in texts)
