"""A year's aims written as counted groups (issue 13, r15a). Product decision: where a sentence
names its aims as counted groups with their members inline ('打造A、B、C三个示范区，守住D、E两条红线'),
each group is one task (the members are what the office follows up under it); where a counted
group's label is followed by '一是…二是…' ('突出三个重点：一是…。实施六大工程：一是…'), each point
is one task, and the points of a later group start counting afresh. Texts invented."""

from __future__ import annotations

from plans.parsing import parse_report

INLINE = """2025年，全区文旅工作稳步推进，接待游客同比增长一成，乡村旅游持续升温。2025年，要坚定发展信心，锚定目标任务，建设古镇游览、湿地观鸟、茶园研学三个精品片区，守住旅游安全和文物安全两条底线，实现游客人次稳步增长、旅游收入明显提高、服务质量持续改善三个目标，力争全区文旅工作在全市争先进位。
"""


def test_inline_counted_groups_are_one_task_each() -> None:
    plan = parse_report(INLINE).plan_section
    assert plan is not None
    assert [item.title for item in plan.items] == [
        "建设古镇游览、湿地观鸟、茶园研学三个精品片区",
        "守住旅游安全和文物安全两条底线",
        "实现游客人次稳步增长、旅游收入明显提高、服务质量持续改善三个目标",
    ]
    assert "三个精品片区、两条底线、三个目标" in plan.reason
    assert "“坚定发展信心”等）是总体要求" in plan.reason
    assert "“两条底线”" in plan.items[1].reason


def test_counted_words_naming_no_members_or_another_number_are_no_groups() -> None:
    # '两个维护' names no members; '三个片区' after only two names counts something else.
    text = (
        "2025年工作回顾略。2025年，要坚定拥护“两个维护”，建设古镇游览、湿地观鸟三个精品片区，"
        "力争全区文旅工作在全市争先进位。\n"
    )
    plan = parse_report(text).plan_section
    assert plan is None or not any("按数目" in item.reason for item in plan.items)


NESTED = """某县文旅局2025年工作总结
一、主要工作成效
全年接待游客二百万人次。
二、2026年工作思路
2026年，我局将突出三个重点，实施四大行动。突出三个重点：一是抓项目，推进古镇二期开工；二是抓节会，办好茶文化旅游节；三是抓品牌，申报省级旅游度假区。实施四大行动：一是景区提质行动；二是民宿规范行动；三是导游培训行动；四是智慧旅游行动。
"""


def test_a_counted_group_label_starts_the_points_afresh() -> None:
    report = parse_report(NESTED)
    plan = report.plan_section
    assert plan is not None
    titles = [item.title for item in plan.items]
    assert len(titles) == 7
    assert titles[2] == "抓品牌，申报省级旅游度假区"  # the next group's label is not in it
    assert titles[3:] == ["景区提质行动", "民宿规范行动", "导游培训行动", "智慧旅游行动"]
    assert plan.items[0].reason.startswith("“突出三个重点”下")
    assert plan.items[3].reason.startswith("“实施四大行动”下")
    assert not any("重复" in warning for warning in report.warnings)


def test_a_restart_after_no_counted_label_stays_in_the_item() -> None:
    text = NESTED.replace("实施四大行动：一是", "同时做好以下工作：一是")
    plan = parse_report(text).plan_section
    assert plan is not None
    # The restarted list, with no counted label, is nested in 三是 (r15d): its 一是…四是 all
    # stay in that item; before, its 四是 alone was taken for the outer list's fourth point.
    assert len(plan.items) == 3
    assert "同时做好以下工作" in plan.items[2].title + plan.items[2].body
    assert not any("同时做好以下工作" in item.reason for item in plan.items)
