"""'…不同程度存在A、B等问题。主要表现在：一是…二是…': the list's opening stands alone in its
sentence, and the sentence before it says the list is of problems. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

FINDINGS = """某县2026年社区专项检查情况
按照县委部署，2026年3月至4月，县委4个检查组对全县30个社区开展了专项检查。
检查发现，被检查社区不同程度存在学习不深入、制度不落实等问题。主要表现在：一是理论学习不深入，学习记录不全。二是制度执行不严格，会议记录流于形式。三是财务管理不规范，票据混乱。
"""


def test_a_list_opening_after_a_sentence_naming_problems_lists_them() -> None:
    data = parsed(FINDINGS)
    assert problems(data) == [
        "理论学习不深入，学习记录不全",
        "制度执行不严格，会议记录流于形式",
        "财务管理不规范，票据混乱",
    ]
    assert "主要表现在" in data["problem_section"]["reason"]


def test_a_list_opening_after_a_sentence_naming_achievements_stays_silent() -> None:
    achieved = (
        FINDINGS.replace(
            "被检查社区不同程度存在学习不深入、制度不落实等问题",
            "被检查社区普遍取得学习深入、制度落实等成效",
        )
        .replace("不深入，学习记录不全", "深入，学习记录齐全")
        .replace("不严格，会议记录流于形式", "严格，会议记录完整")
        .replace("不规范，票据混乱", "规范，票据齐全")
    )
    assert problems(parsed(achieved)) == []
