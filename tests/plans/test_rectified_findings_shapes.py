"""Problem shapes of the tenth session (r13p): a rectification report's numbered findings
('1、针对…问题' with the work done below), self-examination parts ('（二）…方面。') turning
from what the writer does to its shortfalls, an '一是' list broken by a line end, and the
problems of a speech analysing causes. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

FINDINGS = """关于省生态环境保护督察反馈问题整改落实情况的报告
一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。
1、针对乡村两级干部重视不够问题
收到督察反馈意见后，我乡立即召开党委会议，一是成立了整改工作领导小组，由乡长任组长。
制定了整改工作方案，将各项任务分解到人。
二是每月召开一次专题会议研究生态保护工作。
2、针对“养殖场污染治理不彻底问题
我乡组织各村对养殖场逐一排查，督促养殖户完善粪污处理设施，签订了治理承诺书。
3、针对“河道日常巡查不到位，没有及时发现违规排污”问题
一是由河长办牵头开展每周巡河。
二是配合县环保部门开展联合检查。
"""


def test_a_rectification_reports_numbered_findings_are_its_problems() -> None:
    data = parsed(FINDINGS)
    assert problems(data) == [
        "针对乡村两级干部重视不够问题",
        "针对“养殖场污染治理不彻底问题",
        "针对“河道日常巡查不到位，没有及时发现违规排污”问题",
    ]
    section = data["problem_section"]
    assert "已做的整改工作" in section["reason"]
    # The work done is kept with its finding, never a problem of its own.
    assert "整改工作领导小组" in section["items"][0]["body"]


def test_findings_at_the_top_level_are_not_read_as_one_problem_heading() -> None:
    # The group heading run into the title: the '1、针对…问题' headings are the top level, and
    # the first is no problem heading whose work done would be split into problems.
    flat = FINDINGS.replace(
        "报告\n一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。",
        "报告一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。",
    )
    data = parsed(flat)
    assert problems(data) == [
        "针对乡村两级干部重视不够问题",
        "针对“养殖场污染治理不彻底问题",
        "针对“河道日常巡查不到位，没有及时发现违规排污”问题",
    ]


def test_headings_naming_what_was_targeted_outside_a_rectification_are_not_findings() -> None:
    # The same headings in a year's summary: measures against matters, no rectification.
    summary = FINDINGS.replace(
        "关于省生态环境保护督察反馈问题整改落实情况的报告", "某乡2025年生态保护工作总结"
    ).replace("一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。", "一、主要做法")
    summary = summary.replace("收到督察反馈意见后", "年初").replace("整改工作", "工作")
    assert "整改" not in summary
    assert problems(parsed(summary)) == []
    # '针对上述问题' points back and names no finding.
    pointers = FINDINGS.replace("针对乡村两级干部重视不够问题", "针对上述问题").replace(
        "针对“养殖场污染治理不彻底问题", "针对反馈的问题"
    )
    assert "针对乡村两级干部重视不够问题" not in problems(parsed(pointers))
