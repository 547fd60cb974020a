"""A task-division scheme whose numbered entries name their lead in a bracket written the
short way ('（县财政局牵头，县税务局配合）', '（县教育局牵头）') rather than labelled ('（牵头单位：…）'):
one task per entry with its lead, co-operating units and deadline, the scheme's title year
its plan year (r16h, issue 13). A preview of such a scheme found nothing: only labelled
brackets were read as naming units. Prose with one stray bracket stays silent. Every text
is invented."""

from __future__ import annotations

from tests.plans.shapes import due, items, read

SCHEME = """石岭县2027年重点工作任务分工方案

各乡镇人民政府，县政府各部门：
现将《石岭县2027年重点工作任务分工方案》印发给你们，请认真贯彻落实。

一、主要预期目标
1.一般公共预算收入增长5%左右（县财政局牵头，县税务局配合）。
2.城镇新增就业2800人以上（县人社局牵头）。
二、重点任务
3.实施城区雨污分流改造，年内完成8公里管网铺设（县住建局牵头，县城管局、各乡镇人民政府配合）。
4.每季度开展一次食品安全专项抽检（县市场监管局牵头，县卫健局参与），每季度报送进展。
5.2027年9月底前建成县职业教育实训基地（县教育局牵头）。

抄送：县委办公室，县人大常委会办公室。
石岭县人民政府办公室　　　　　　　　2026年12月2日印发
"""


def test_short_lead_brackets_give_one_task_per_entry() -> None:
    data = read(SCHEME)
    found = items(data)
    assert [item["title"].rstrip("。") for item in found] == [
        "一般公共预算收入增长5%左右",
        "城镇新增就业2800人以上",
        "实施城区雨污分流改造，年内完成8公里管网铺设",
        "每季度开展一次食品安全专项抽检",
        "2027年9月底前建成县职业教育实训基地",
    ]
    assert [item["lead"] for item in found] == [
        ["县财政局"],
        ["县人社局"],
        ["县住建局"],
        ["县市场监管局"],
        ["县教育局"],
    ]
    assert found[0]["cooperating"] == ["县税务局"]
    assert "县城管局" in found[2]["cooperating"]
    assert found[3]["cooperating"] == ["县卫健局"]
    # '年内' is the scheme's year; '每季度' recurs; a written date is kept; targets quarterly.
    assert [due(item) for item in found] == [
        "quarterly",
        "quarterly",
        "2027-12-31",
        "quarterly",
        "2027-09-30",
    ]
    assert not any(w.startswith("未找到下一步工作计划") for w in data["warnings"])


def test_entries_numbered_with_a_comma_read_the_same() -> None:
    text = SCHEME.replace("1.", "1、").replace("2.", "2、").replace("3.", "3、")
    text = text.replace("4.", "4、").replace("5.2027", "5、2027")
    assert len(items(read(text))) == 5


def test_a_labelled_entry_among_short_brackets_is_read_too() -> None:
    text = SCHEME.replace(
        "（县住建局牵头，县城管局、各乡镇人民政府配合）",
        "（牵头单位：县住建局；责任单位：各乡镇人民政府）",
    )
    found = items(read(text))
    assert len(found) == 5
    assert found[2]["lead"] == ["县住建局"]


def test_the_scheme_title_year_is_the_plan_year() -> None:
    data = read(SCHEME)
    assert data["plan_year"] == 2027
    assert data["report_year"] == 2026


def test_a_year_summary_keeps_the_following_plan_year() -> None:
    text = """石岭县住建局2026年工作总结
一、2026年工作开展情况
今年以来，我局完成城区雨污分流管网改造6公里，新建公共停车场2处。
二、存在的问题
老旧小区改造资金缺口较大，部分项目进度滞后。
三、下一步工作打算
1.年内完成剩余管网改造任务。
2.加快推进老旧小区改造。
石岭县住房和城乡建设局
2026年12月5日
"""
    data = read(text)
    assert data["report_year"] == 2026
    assert data["plan_year"] == 2027


def test_prose_with_one_stray_lead_bracket_stays_silent() -> None:
    # A division title over prose points, only one of them naming a lead: no division.
    text = """石岭县2027年重点工作任务分工方案
一、总体要求
1.坚持以人民为中心的发展思想，统筹发展和安全，推动全县经济社会高质量发展。
2.各地各部门要强化责任意识，确保各项工作落到实处（县政府办公室牵头）。
3.要加强宣传引导，营造良好氛围，及时总结推广好经验好做法。
"""
    data = read(text)
    assert items(data) == []
    prose = """石岭县2026年营商环境工作情况
1.全县新登记市场主体4200户，同比增长8%。
2.政务服务事项网上可办率达到98%（县政务服务中心牵头）。
3.群众满意度持续提升，企业获得感不断增强。
"""
    assert items(read(prose)) == []
