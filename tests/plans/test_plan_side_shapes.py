"""Shapes of the plan side of reports (engineer r13w), in invented text. Beside each, a text
of its shape that must stay as it was (nothing, or what it gave before)."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "p.txt")).to_dict()


def plan(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


# --- '稳定…', '稳住…' open a task ------------------------------------------------------------

STEADY_POINTS = (
    "某镇2027年农业农村工作要点\n"
    "一、稳定粮食播种面积\n全年粮食播种面积保持在3万亩以上。\n"
    "二、稳住生猪产能\n能繁母猪存栏稳定在800头左右。\n"
    "三、稳妥推进农村改厕\n完成改厕200户。\n"
    "四、加快高标准农田建设\n新建高标准农田5000亩。\n"
)


def test_work_points_opening_with_steady_verbs_are_tasks() -> None:
    got = plan(read(STEADY_POINTS))
    assert got == ["稳定粮食播种面积", "稳住生猪产能", "稳妥推进农村改厕", "加快高标准农田建设"]


def test_chapters_about_stability_stay_no_tasks() -> None:
    # The same plan shape whose headings name fields ('稳定性…', '稳定工作'), not tasks: nothing.
    text = (
        "某镇2027年安全生产工作安排\n"
        "一、稳定性评估情况\n辖区内边坡稳定性总体良好。\n"
        "二、稳定工作\n全年信访总量下降。\n"
        "三、加快隐患排查\n完成隐患排查300处。\n"
    )
    assert plan(read(text)) == []


STEADY_PROMISE = (
    "某县商务局2026年工作总结\n"
    "一、工作开展情况\n全年完成外贸进出口额12亿元。\n"
    "二、下一步工作打算\n"
    "2027年，我局将稳住外贸基本盘，确保重点企业订单不流失，守住不发生重大安全事故的底线。\n"
)


def test_a_promise_of_steady_clauses_gives_one_task_each() -> None:
    assert plan(read(STEADY_PROMISE)) == [
        "稳住外贸基本盘",
        "确保重点企业订单不流失",
        "守住不发生重大安全事故的底线",
    ]


def test_a_promise_of_general_words_stays_one_resolve() -> None:
    # The same promise in general words ('稳中求进，开拓创新'): no task per clause.
    text = STEADY_PROMISE.replace(
        "稳住外贸基本盘，确保重点企业订单不流失，守住不发生重大安全事故的底线",
        "稳中求进，开拓创新，推动商务工作再上新台阶",
    )
    assert len(plan(read(text))) <= 1
