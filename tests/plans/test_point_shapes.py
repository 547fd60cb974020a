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


PROSE = """某县2025年政府工作报告（摘要）
总结过去一年的工作，我们也清醒地看到，在发展中还存在不少困难和问题。县域经济总量偏小，产业层次不高。镇级财政债务规模较大，存在一定风险，农村养老服务任务仍然很重。这些都需要我们在今后工作中认真加以解决。
"""


def test_a_clause_without_its_own_subject_stays_with_the_shortfall_before_it() -> None:
    # '存在一定风险' goes on with '镇级财政债务规模较大'; '农村养老服务任务仍然很重' is a
    # shortfall of its own: two problems from the sentence.
    data = parsed(PROSE)
    assert problems(data) == [
        "县域经济总量偏小，产业层次不高",
        "镇级财政债务规模较大，存在一定风险",
        "农村养老服务任务仍然很重",
    ]
    assert "没有自己的主语" in data["problem_section"]["items"][1]["reason"]


def test_a_sentence_whose_last_clause_is_a_consequence_stays_one() -> None:
    text = PROSE.replace("农村养老服务任务仍然很重", "导致部分民生项目推进缓慢")
    assert problems(parsed(text))[1:] == [
        "镇级财政债务规模较大，存在一定风险，导致部分民生项目推进缓慢"
    ]


ADMITTED_LIST = """某街道2025年政务公开工作年度报告
五、存在的主要问题及改进情况
我街道政务公开工作虽然取得了一定成效，但是仍然存在一些问题和不足，主要体现在政策解读不够深入，办事指南更新不够及时、有部分村务公开栏长期未更新。
下一步，我街道将加强政策解读，及时更新办事指南。
"""


def test_clauses_of_their_own_joined_by_a_dunhao_are_one_problem_each() -> None:
    data = parsed(ADMITTED_LIST)
    assert problems(data) == [
        "政策解读不够深入",
        "办事指南更新不够及时",
        "有部分村务公开栏长期未更新",
    ]
    assert "顿号" in data["problem_section"]["items"][2]["reason"]


def test_short_shortfalls_joined_by_a_dunhao_stay_one() -> None:
    # '内容简单、形式单一': two words of one shortfall, not clauses of their own.
    text = ADMITTED_LIST.replace(
        "办事指南更新不够及时、有部分村务公开栏长期未更新", "公开内容简单、形式单一"
    )
    assert problems(parsed(text)) == ["政策解读不够深入", "公开内容简单、形式单一"]
