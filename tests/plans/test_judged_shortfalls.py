"""Shortfalls told after a turn that judges by what was found (issue 13, r15a): '…成效明显。
但从检查结果来看，A参差不齐，B认识还不够。' — each comma clause naming a shortfall is a problem,
as after '也清醒地看到，'. A judgement naming no shortfall ('但从全年来看，运行总体平稳') gives none.
Texts invented."""

from __future__ import annotations

from plans.parsing import parse_report

BULLETIN = """关于2025年度安全生产检查情况的通报
各乡镇、各部门：
现将2025年度安全生产检查情况通报如下：
一、检查开展情况
各单位高度重视，认真开展自查自纠，隐患整改率明显提高，安全生产形势总体平稳。但从抽查结果来看，各乡镇之间隐患排查质量参差不齐，部分企业对安全培训重要性认识还不够等。
二、下一步工作要求
希望各单位对照问题开展专项整治，建立隐患排查长效机制。
"""


def test_shortfalls_after_a_judging_turn_are_problems() -> None:
    problems = parse_report(BULLETIN).problem_section
    assert problems is not None
    assert [item.text for item in problems.items] == [
        "各乡镇之间隐患排查质量参差不齐",
        "部分企业对安全培训重要性认识还不够等",
    ]
    assert "但从抽查结果来看" in problems.reason
    assert problems.items[0].reason.startswith("“但从抽查结果来看”之后")


def test_a_judging_turn_naming_no_shortfall_gives_no_problem() -> None:
    text = BULLETIN.replace(
        "各乡镇之间隐患排查质量参差不齐，部分企业对安全培训重要性认识还不够等",
        "全县安全生产形势持续向好，重点行业事故起数同比下降",
    )
    assert parse_report(text).problem_section is None
