"""A topic's decision naming the unit that does the work and then the person in charge
('…由工业园区管委会形成专题报告上报区政府…。张某同志牵头负责，李某等同志做好具体工作。', names
sometimes masked on a public page: '同志牵头负责，等同志做好具体工作。') is one task: a person is
the leader over the same work, not another lead unit parting the topic (issue 13). Two units
leading two decisions still part it (test_minutes_without_cues). Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

MINUTES = """区政府现场办公会议纪要
3月2日，区长主持召开现场办公会议，研究工业园区发展中的有关问题。现将会议议定事项纪要如下：
一、关于园区企业用地审批程序的问题
鉴于该问题涉及市级审批权限，需要市政府同意简化程序。会议明确，由工业园区管委会形成专题报告上报区政府，由区政府呈报市政府，积极争取市政府支持。{person}
二、关于园区污水管网建设的问题
会议明确，由区住建局牵头，于2026年6月底前完成园区污水管网建设。
"""


def test_a_person_in_charge_does_not_part_a_topic() -> None:
    for person in (
        "张某同志牵头负责，李某等同志做好具体工作。",
        "同志牵头负责，等同志做好具体工作。",
    ):
        got = items(read(MINUTES.format(person=person)))
        assert [i["title"] for i in got] == [
            "关于园区企业用地审批程序的问题",
            "关于园区污水管网建设的问题",
        ], person
        assert "牵头负责" in got[0]["body"]
        assert "是负责此事的人，不是另一牵头单位" in got[0]["reason"]


def test_a_unit_leading_another_decision_still_parts_a_topic() -> None:
    got = items(read(MINUTES.format(person="会议同意，由区财政局负责安排前期工作经费。")))
    assert len(got) == 3
    assert got[1]["title"].startswith("关于园区企业用地审批程序的问题：")
