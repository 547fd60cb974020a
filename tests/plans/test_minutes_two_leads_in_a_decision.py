"""One decision holding two assignment sentences with different leads ('由A牵头负责X；B牵头Y，
于…前完成'): two tasks, each with its own lead and deadline — r14a's 'one task per topic and
lead' (the coordinator's decision) carried into a decision. A clause's lead is what
plans.phrases.parse_assignment reads ('由B负责', 'B牵头'). A deadline closing the sentence
(after the '；' clause) is shared by the clause before it, which names none; a second clause
naming the same lead, or units only co-operating, stays in one task. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

HEAD = """某区人民政府常务会议纪要
2026年3月5日，区长主持召开区政府第12次常务会议。现将会议议定事项纪要如下：
"""


def topic(decision: str) -> str:
    return f"{HEAD}一、关于城区老旧管网改造的问题。会议同意区住建局提出的改造方案，{decision}\n"


SHARED = topic("由区住建局牵头负责管网改造；区财政局牵头落实配套资金，于2026年6月底前完成。")


def test_a_topic_decision_with_two_leads_gives_two_tasks_sharing_the_deadline() -> None:
    got = items(read(SHARED))
    assert [i["title"] for i in got] == [
        "关于城区老旧管网改造的问题",
        "关于城区老旧管网改造的问题：区财政局牵头落实配套资金，于2026年6月底前完成",
    ]
    assert [i["lead"] for i in got] == [["区住建局"], ["区财政局"]]
    assert [i["deadline"]["due_on"] for i in got] == ["2026-06-30", "2026-06-30"]
    assert "由区住建局牵头负责管网改造" in got[0]["body"]
    assert "区财政局" not in got[0]["body"]
    assert "同一项决定中另写了牵头单位" in got[1]["reason"]
    assert "完成时限与同一句的“于2026年6月底前完成”相同" in got[0]["reason"]


OWN = topic(
    "由区住建局牵头负责管网改造，于2026年9月底前完成；由区财政局负责落实配套资金，于2026年6月底前完成。"
)


def test_each_clause_keeps_its_own_deadline() -> None:
    got = items(read(OWN))
    assert [i["lead"] for i in got] == [["区住建局"], ["区财政局"]]
    assert [i["deadline"]["due_on"] for i in got] == ["2026-09-30", "2026-06-30"]
    assert "相同" not in got[0]["reason"]


LISTED = (
    HEAD
    + "一、由区教育局牵头负责新建学校开办准备；由区人社局负责教师招聘，于2026年8月底前完成。\n"
    + "二、由区卫健委牵头负责社区医院建设，于2026年12月底前完成。\n"
)


def test_a_listed_decision_with_two_leads_gives_two_tasks() -> None:
    got = items(read(LISTED))
    assert [i["lead"] for i in got] == [["区教育局"], ["区人社局"], ["区卫健委"]]
    assert [i["deadline"]["due_on"] for i in got] == ["2026-08-31", "2026-08-31", "2026-12-31"]
    assert got[1]["title"].startswith("由区人社局负责教师招聘")
    assert "同一项决定中另写了牵头单位" in got[1]["reason"]


def test_the_same_lead_twice_stays_one_task() -> None:
    text = topic("由区住建局牵头负责管网改造；区住建局负责施工监管，于2026年6月底前完成。")
    got = items(read(text))
    assert len(got) == 1
    assert "区住建局负责施工监管" in got[0]["body"]


def test_units_only_co_operating_stay_one_task() -> None:
    text = topic("由区住建局牵头负责管网改造；区财政局、区水务局配合，于2026年6月底前完成。")
    got = items(read(text))
    assert len(got) == 1
    assert got[0]["lead"] == ["区住建局"]
    assert "区财政局、区水务局配合" in got[0]["body"]


# r15d: a clause whose office is told to act ('区财政局负责落实…', r15a's reading in
# parse_assignment) names a lead as '牵头' does, so it parts the decision too; an office the
# clause only describes ('中转站负责…的清运') does not.
ACTING = topic("由区住建局牵头负责管网改造；区财政局负责落实配套资金，于2026年6月底前完成。")


def test_a_clause_telling_another_office_to_act_is_a_task_of_its_own() -> None:
    got = items(read(ACTING))
    assert [i["lead"] for i in got] == [["区住建局"], ["区财政局"]]
    assert got[1]["title"].endswith("区财政局负责落实配套资金，于2026年6月底前完成")


DUTY = topic("由区住建局牵头负责管网改造；施工期间中转站负责沿线垃圾清运，于2026年6月底前完成。")


def test_a_clause_describing_a_duty_stays_in_the_decision() -> None:
    got = items(read(DUTY))
    assert [i["lead"] for i in got] == [["区住建局"]]
