"""A view of the meeting ('会议认为，…各有关部门一定要全力支持…') followed by '会议要求：' and its
numbered points: the view is the reason for the requirements, not a task of its own — as when
both stand in one paragraph (r13u). A view that directs work with no requirement list after it
is still a task. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import plans, read

HEAD = """某县人民政府现场办公会议纪要
3月2日，副县长带领县发改局、县自然资源局到某产业园召开现场办公会。
会议认为，产业园项目是我县重点招商项目，各有关部门一定要全力支持企业发展。
"""

POINTS = (
    HEAD
    + """[图片：现场办公会]
会议要求：
一、由县自然资源局牵头，于2026年4月底前完成项目用地报批。
二、由县发改局负责，尽快办理项目备案手续。
"""
)


def test_a_view_before_the_requirements_is_their_reason() -> None:
    data = read(POINTS)
    assert plans(data) == [
        "由县自然资源局牵头，于2026年4月底前完成项目用地报批",
        "由县发改局负责，尽快办理项目备案手续",
    ]
    assert "其后列出“会议要求”的“会议认为”（1段，是要求的理由）" in data["plan_section"]["reason"]


def test_a_directing_view_with_no_requirements_after_it_stays_a_task() -> None:
    data = read(HEAD + "会议同意由县发改局负责，尽快办理项目备案手续。\n")
    assert plans(data)[0].startswith("产业园项目是我县重点招商项目")
    assert len(plans(data)) == 2
