"""Growth targets assigned to a lead unit are tasks (issue 13, a product decision of the
thirteenth session's coordinator): in a task-division scheme, a target such as '地区生产总值增长
6.5%左右' with '牵头单位：县发改局' under it is followed up by the office like any task (目标责任),
so it becomes a task with its lead and co-operating units and a quarterly progress report,
and the preview's reason says so. A target reached, told in a report with no assignment
('全年地区生产总值增长7.2%'), stays silent. Every text is invented."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from plans.services import preview_load
from tests.plans.shapes import items, read
from tests.plans.test_cooperating import upload
from tracker.org.models import User

# A division scheme under its issuing notice; the scheme's own title split over two lines.
ISSUED_SCHEME = """青川县人民政府办公室文件
青政办发〔2026〕5号
青川县人民政府办公室关于印发《青川县2026年重点工作任务分解和责任分工方案》的通知
各乡镇人民政府，县政府各部门：
经县政府同意，现将《青川县2026年重点工作任务分解和责任分工方案》印发给你们，请认真贯彻落实。
青川县人民政府办公室
2026年2月10日
青川县2026年重点工作
任务分解和责任分工方案
一、主要预期目标
1.地区生产总值增长6.5%左右。
牵头单位：县发改局
责任单位：县统计局，各乡镇
2.城镇新增就业3200人以上。
牵头单位：县人社局
责任单位：各乡镇
3.一般公共预算收入增长5%左右。
牵头单位：县财政局
责任单位：县税务局
"""


def test_a_target_assigned_to_a_lead_in_an_issued_scheme_is_a_task() -> None:
    found = items(read(ISSUED_SCHEME))
    assert [item["title"] for item in found] == [
        "地区生产总值增长6.5%左右。",
        "城镇新增就业3200人以上。",
        "一般公共预算收入增长5%左右。",
    ]
    first = found[0]
    assert first["lead"] == ["县发改局"]
    assert "县统计局" in first["cooperating"]
    assert first["deadline"]["kind"] == "periodic"
    assert first["deadline"]["period"] == "quarterly"
    assert first["deadline"]["text"] == ""  # not written: the preview shows the note only
    assert first["reason"].startswith("目标任务：")
    assert "县发改局牵头" in first["reason"]
    assert "按季度报送进展" in first["reason"]


# The notice's own requirements, then the scheme of the targets it issues ('责任单位：' only).
NOTICE_THEN_TARGETS = """青川县人民政府办公室关于印发2026年县《政府工作报告》确定的主要目标任务责任分解方案的通知
各乡镇人民政府，县政府各部门：
2026年县《政府工作报告》确定的主要目标任务责任分解方案已经县政府同意，现印发给你们，并就有关事项通知如下：
一、各责任单位要对照目标任务制订工作方案，明确责任和时间节点，并于2026年2月28日前将工作方案报县政府办公室。
二、各责任单位要在每季度最后一个月的25日前将目标任务进展情况报县政府办公室，县政府办公室将跟踪督办。
青川县人民政府办公室
2026年2月3日
2026年县《政府工作报告》确定的主要目标任务责任分解方案
一、主要预期目标
（一）地区生产总值增长7%以上
责任单位：县发展和改革局
（二）规上工业增加值增长9%以上
责任单位：县经信局
"""


def test_a_notice_s_requirements_and_the_targets_of_the_scheme_it_issues_are_tasks() -> None:
    found = items(read(NOTICE_THEN_TARGETS))
    titles = [item["title"] for item in found]
    assert len(found) == 4, titles
    assert "制订工作方案" in titles[0]
    assert titles[2:] == ["地区生产总值增长7%以上", "规上工业增加值增长9%以上"]
    assert found[2]["lead"] == ["县发展和改革局"]
    assert found[2]["deadline"]["period"] == "quarterly"
    assert "目标任务" in found[2]["reason"]
    # The notice's requirement keeps its own written deadline and reason.
    assert found[0]["deadline"]["due_on"] == "2026-02-28"
    assert "目标任务" not in found[0]["reason"]


# A work item of a scheme is not a target: no quarterly report is added to it.
SCHEME_WITH_WORK = """青川县2026年重点工作任务分工方案
一、主要预期目标
1.地区生产总值增长6.5%左右。
牵头单位：县发改局
2.新建改建农村公路120公里，年底前完成。
牵头单位：县交通运输局
"""


def test_a_work_item_beside_a_target_keeps_its_own_deadline_and_reason() -> None:
    found = items(read(SCHEME_WITH_WORK))
    assert len(found) == 2
    assert found[0]["reason"].startswith("目标任务：")
    assert not found[1]["reason"].startswith("目标任务")
    assert found[1]["deadline"]["kind"] == "date"


# --- silent negatives -------------------------------------------------------------------------

# What was reached, told in a report: no lead, no assignment.
ACHIEVED = """青川县人民政府2025年工作总结
一、主要指标完成情况
全年地区生产总值增长7.2%，城镇新增就业3500人，一般公共预算收入增长6.1%。
二、存在的问题
一是产业结构不优，工业支撑不足。二是财政收支矛盾突出。
三、2026年工作打算
一是加快园区基础设施建设。二是抓好农村公路改造。
"""


def test_a_target_reached_in_a_report_stays_silent() -> None:
    found = items(read(ACHIEVED))
    assert found, "the report's plan is still read"
    assert not any("地区生产总值" in f"{item['title']}{item['body']}" for item in found)
    assert not any(item["reason"].startswith("目标任务") for item in found)


# A report on the scheme's targets: what each unit reached, its name under it; no task.
TARGETS_REPORTED = """青川县人民政府办公室关于2025年主要目标任务责任分解方案落实情况的报告
一、主要预期目标完成情况
1.地区生产总值增长7.2%。
责任单位：县发展和改革局
2.城镇新增就业3500人。
责任单位：县人社局
"""


def test_targets_reported_as_reached_under_their_units_stay_silent() -> None:
    data = read(TARGETS_REPORTED)
    assert not any(item["reason"].startswith("目标任务") for item in items(data))
    assert not any("地区生产总值" in item["title"] for item in items(data))


# A notice issuing a division whose scheme is not on the page: its requirements only.
NOTICE_ONLY = """青川县人民政府办公室关于印发2026年重点工作任务分工方案的通知
各乡镇人民政府，县政府各部门：
现将2026年重点工作任务分工方案印发给你们，并提出以下要求：
一、各单位要于2026年3月10日前制订推进计划报县政府办公室。
二、各单位要每季度报送工作进展情况。
"""


def test_a_notice_whose_scheme_is_not_on_the_page_gives_no_target() -> None:
    found = items(read(NOTICE_ONLY))
    assert not any(item["reason"].startswith("目标任务") for item in found)


# A year's work points: the targets, each with its lead in a bracket or a '由…负责' clause, then
# the work.
WORK_POINTS = """青川县2026年政府工作要点
一、主要预期目标
1.地区生产总值增长7%以上（县发改局牵头）。
2.城镇新增就业3000人以上，由县人社局负责。
3.一般公共预算收入增长6%左右（县财政局牵头，县税务局配合）。
二、重点工作
4.加快推进青川工业园区标准化厂房建设，年底前建成10万平方米（县经信局牵头）。
5.实施农村公路提档升级工程，新改建农村公路120公里（县交通运输局牵头）。
6.推进城区老旧小区改造，完成改造小区20个（县住建局牵头）。
"""


def test_targets_with_their_leads_in_work_points_are_tasks_before_the_work() -> None:
    data = read(WORK_POINTS)
    found = items(data)
    assert [item["title"] for item in found[:3]] == [
        "地区生产总值增长7%以上",
        "城镇新增就业3000人以上",
        "一般公共预算收入增长6%左右",
    ]
    assert len(found) == 6
    assert [item["lead"] for item in found[:3]] == [["县发改局"], ["县人社局"], ["县财政局"]]
    assert found[2]["cooperating"] == ["县税务局"]
    assert all(item["deadline"]["period"] == "quarterly" for item in found[:3])
    assert all(item["reason"].startswith("目标任务：") for item in found[:3])
    assert not any(item["reason"].startswith("目标任务") for item in found[3:])
    assert "目标任务" in data["plan_section"]["reason"]


# The same points with targets that name no lead: the targets frame the plan, no task.
WORK_POINTS_UNASSIGNED = """青川县2026年政府工作要点
一、主要预期目标
1.地区生产总值增长7%以上。
2.城镇新增就业3000人以上。
3.一般公共预算收入增长6%左右。
二、重点工作
4.加快推进青川工业园区标准化厂房建设，年底前建成10万平方米（县经信局牵头）。
5.实施农村公路提档升级工程，新改建农村公路120公里（县交通运输局牵头）。
6.推进城区老旧小区改造，完成改造小区20个（县住建局牵头）。
"""


def test_targets_with_no_lead_in_work_points_stay_silent() -> None:
    found = items(read(WORK_POINTS_UNASSIGNED))
    assert len(found) == 3
    assert not any("地区生产总值" in item["title"] for item in found)


def test_the_preview_shows_a_target_s_quarterly_report_as_not_written(
    login: Callable[[User], Any], supervisor: User
) -> None:
    client = login(supervisor)
    token = upload(client, ISSUED_SCHEME, "fengong.txt")
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    assert len(rows) == 3
    assert rows[0]["reason"].startswith("目标任务：")
    assert rows[0]["deadline_written"] == ""
    assert "按季度报送进展" in rows[0]["deadline_note"]
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "文中未写时限：目标任务按季度报送进展" in page
    assert "目标任务：预期目标写明由县发改局牵头" in page
