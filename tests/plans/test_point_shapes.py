"""Problems written inside one point or one sentence: a '一是' point holding two shortfalls
separated by '；', and a sentence of several shortfalls where a clause without a subject of its
own goes on with the one before. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

POINTS = """某镇2025年政务公开工作年度报告
一、总体情况
今年以来，我镇主动公开政府信息120条，办理依申请公开2件。
二、存在的主要问题及改进措施
（一）存在问题
我镇政务公开工作虽然取得了一定成效，但还存在一些不足，主要有以下几个方面：一是栏目内容更新较慢，部分栏目长期未更新。二是政策解读形式单一，图解数量偏少；部分村干部公开意识有待进一步增强。三是公开工作人员不足，业务培训还需加强。
（二）改进措施
一是加强栏目维护，及时更新各栏目内容。
二是丰富解读形式，提高解读质量。
三是加强业务培训，提升工作人员能力。
"""


def test_a_point_holding_two_shortfalls_separated_by_a_semicolon_gives_two() -> None:
    data = parsed(POINTS)
    assert problems(data) == [
        "栏目内容更新较慢，部分栏目长期未更新",
        "政策解读形式单一，图解数量偏少",
        "部分村干部公开意识有待进一步增强",
        "公开工作人员不足，业务培训还需加强",
    ]
    assert "分号" in data["problem_section"]["items"][2]["reason"]


def test_a_point_whose_semicolon_gives_a_cause_or_an_example_stays_one() -> None:
    # After the '；' the cause of the shortfall, or what was done: one point, one problem.
    cause = POINTS.replace(
        "图解数量偏少；部分村干部公开意识有待进一步增强", "图解数量偏少；主要是专业人员不足"
    )
    done = POINTS.replace(
        "图解数量偏少；部分村干部公开意识有待进一步增强", "图解数量偏少；今年已制作图解3篇"
    )
    for text, tail in ((cause, "主要是专业人员不足"), (done, "今年已制作图解3篇")):
        assert problems(parsed(text))[1] == f"政策解读形式单一，图解数量偏少；{tail}"
