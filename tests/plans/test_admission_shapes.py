"""Admissions of a work report read without a word of recognition ('当前，…仍然面临不小压力和
挑战。从需求看，…') and '；' groups holding more than one difficulty. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

FACING = """2026年某县政府工作报告
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全县地区生产总值增长5.6%，一般公共预算收入增长4.1%。
这些成绩的取得，是县委坚强领导的结果，是全县人民团结奋斗的结果。在肯定成绩的同时，我们也要把问题说透。
当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。
二、2026年工作安排
重点做好以下工作：
（一）全力扩大有效需求。
（二）加快培育新动能。
"""


def test_difficulties_stated_before_the_plan_without_a_recognition_word() -> None:
    data = parsed(FACING)
    assert problems(data) == [
        "从需求看，居民消费意愿不强",
        "从供给看，新动能支撑不足",
        "从财政看，收支平衡压力较大",
        "化债任务艰巨",
    ]
    assert "仍然面临不小压力和挑战" in data["problem_section"]["reason"]
    assert plans(data) == ["全力扩大有效需求", "加快培育新动能"]


def test_the_worlds_difficulties_or_ones_stated_in_the_plan_are_no_problems() -> None:
    outside = FACING.replace("当前，全县经济运行仍然面临", "当前，世界经济仍然面临")
    assert problems(parsed(outside)) == []
    # The same paragraph after the plan heading introduces the work to do.
    moved = FACING.replace(
        "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。\n",
        "",
    ).replace(
        "重点做好以下工作：\n",
        "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足。我们将重点做好以下工作：\n",
    )
    assert problems(parsed(moved)) == []
    # A difficulty named and at once answered by the writer's resolve lists nothing.
    answered = FACING.replace(
        "从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
        "",
    )
    assert problems(parsed(answered)) == []


# --- a '；' group holding two difficulties --------------------------------------------------

TWO_IN_A_GROUP = FACING.replace(
    "从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
    "有效需求不足，部分企业生产经营困难；科技创新能力不强，新旧动能转换还不够快；民生领域还有不少短板。",
)


def test_a_group_of_two_complete_shortfalls_gives_two_problems() -> None:
    assert problems(parsed(TWO_IN_A_GROUP)) == [
        "有效需求不足",
        "部分企业生产经营困难",
        "科技创新能力不强",
        "新旧动能转换还不够快",
        "民生领域还有不少短板",
    ]


def test_a_comma_inside_one_statement_keeps_the_group_whole() -> None:
    # The second clause gives the cause, the first sets the scene, or the first names no
    # shortfall: one problem each group.
    text = TWO_IN_A_GROUP.replace(
        "有效需求不足，部分企业生产经营困难；", "部分企业生产经营困难，主要是原材料价格上涨；"
    ).replace("科技创新能力不强，新旧动能转换还不够快；", "受外部环境影响，出口增长放缓明显不足；")
    assert problems(parsed(text)) == [
        "部分企业生产经营困难，主要是原材料价格上涨",
        "受外部环境影响，出口增长放缓明显不足",
        "民生领域还有不少短板",
    ]
