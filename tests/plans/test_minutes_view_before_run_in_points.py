"""A numbered view ('一、会议指出，…各单位、各部门要全力以赴…') just before the meeting's
requirements run in on one line ('二、会议要求：一要…。二要…。三是…。') is their reason, no task
of its own — as before a '会议要求：' standing alone (test_minutes_view_before_points); the
preview counts it among what is not a task. A view followed by a decision that is no list stays
a task. Every text is invented (issue 13)."""

from __future__ import annotations

from tests.plans.shapes import items, read

HEAD = """城东片区重点项目建设现场调度会纪要
2025年4月10日下午，县长主持召开了城东片区重点项目建设现场调度会。县发改局、县自然资源局、县住建局主要负责人参加会议。现将会议主要内容纪要如下：
一、会议指出，城东片区是全县城市扩容提质的主阵地。近年来，我县坚持规划引领，城市框架不断拉开。片区项目多、任务重，各单位、各部门要立足职责，全力以赴加快推进重点项目建设。
"""

RUN_IN = (
    HEAD
    + "二、会议要求：一要摸清底数，理清问题。由片区项目办牵头，各责任单位参与，把突出矛盾梳理出来。"
    "二要明确目标，落实责任。项目办要及时组织协调，明确责任和时限并跟踪落实。"
    "三是加强政策宣传。各街道要做好征地拆迁政策宣传，争取群众理解和支持。\n"
)


def test_a_view_before_run_in_requirements_is_their_reason() -> None:
    data = read(RUN_IN)
    got = items(data)
    assert [i["title"] for i in got] == [
        "摸清底数，理清问题。",
        "明确目标，落实责任。",
        "加强政策宣传。",
    ]
    assert not any("扩容提质" in i["title"] + i["body"] for i in got)
    assert "（1段，是要求的理由）" in data["plan_section"]["reason"]


DECIDED = HEAD + "二、会议决定，由县住建局牵头，于2025年6月底前完成片区路网规划调整。\n"


def test_a_view_before_a_decision_stays_a_task() -> None:
    got = items(read(DECIDED))
    assert len(got) == 2
    assert "全力以赴加快推进重点项目建设" in got[0]["body"]
