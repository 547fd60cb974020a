"""A combined heading ('存在问题及改进措施') whose numbered points each name a shortfall in their
first sentence and then say what will be done about it ('下一步将…', '今后要…'): the shortfall
is a problem, the rest of the point a task. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

POINTS = """某社区2026年消防安全工作总结
一、主要工作
1. 开展消防安全宣传
全年张贴宣传海报80余张，组织疏散演练2次。
二、存在问题及改进措施
1. 楼道杂物清理不够及时。下一步将建立每周巡查制度，发现杂物当天督促清理。
2. 微型消防站器材老化。今后要逐步更新灭火器和水带，并落实专人维护。
3. 居民参与演练的积极性不高。在今后组织演练时要提前发动楼长，增加居民参与人数。
"""


def test_a_shortfall_followed_by_its_measure_gives_a_problem_and_a_task() -> None:
    data = parsed(POINTS)
    assert problems(data) == [
        "楼道杂物清理不够及时",
        "微型消防站器材老化",
        "居民参与演练的积极性不高",
    ]
    assert [t.split("，")[0] for t in plans(data)] == [
        "下一步将建立每周巡查制度",
        "今后要逐步更新灭火器和水带",
        "在今后组织演练时要提前发动楼长",
    ]
    assert "措施" in data["plan_section"]["items"][0]["reason"]


def test_a_shortfall_followed_by_its_cause_gives_no_task() -> None:
    # The rest of each point tells why, not what will be done: problems only.
    causes = POINTS.replace(
        "下一步将建立每周巡查制度，发现杂物当天督促清理。", "主要是部分居民习惯在楼道堆放物品。"
    )
    causes = causes.replace(
        "今后要逐步更新灭火器和水带，并落实专人维护。", "原因是购置经费一直未落实。"
    )
    causes = causes.replace(
        "在今后组织演练时要提前发动楼长，增加居民参与人数。", "上班族居多，白天难以组织。"
    )
    data = parsed(causes)
    assert len(problems(data)) == 3
    assert plans(data) == []
