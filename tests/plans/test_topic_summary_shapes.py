"""A summary written topic by topic, each topic telling its progress, an admission and its own
next step in one paragraph (engineer r14b), in invented text:

- '下一步，我镇将…。具体工作计划：…' closing a topic's paragraph is that topic's task (the whole
  run from '下一步' to the paragraph's end); a topic closing with a general resolve
  ('下一步，我镇将再接再厉…再上新台阶') gives none;
- '由于我镇…薄弱、…不足，…还不到位，导致…缓慢' — an own shortfall causing a lag — is one
  problem; '由于措施得力、资金到位，…明显加快' is none;
- the year's targets listed with their progress ('2027年，全镇计划实施的项目有三项：一是…。截至
  6月底，已完成…') are the targets being checked, not a plan; the same list as a promise
  ('2027年，全镇将实施以下项目：一是…') stays a plan."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "s.txt")).to_dict()


def plan_texts(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [f"{i['title']}|{i.get('body') or ''}" for i in section["items"]] if section else []


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


HEAD = (
    "某镇2027年上半年重点工作推进情况自查报告\n"
    "2027年上半年，我镇在县委、县政府的领导下，各项工作取得较好成绩。现将有关情况报告如下：\n"
)
TOPIC = (
    "一、农村人居环境整治扎实推进\n"
    "截至6月底，全镇完成农村改厕320户，清理村内沟塘15处。由于我镇环卫力量薄弱，保洁经费不足，"
    "部分村庄日常保洁还不到位，导致整治成效巩固缓慢。下一步，我镇将持续推进农村改厕，"
    "建立村庄保洁长效机制。具体工作计划：下半年完成剩余改厕任务180户。\n"
)
TARGETS = (
    "二、重点项目建设稳步推进\n"
    "2027年，全镇计划实施的重点项目有三项：一是建成农产品冷链仓储中心；二是完成集镇供水管网改造；"
    "三是启动文化广场建设。截至6月底，冷链仓储中心已完成主体工程，供水管网改造已完成60%。\n"
)


def test_a_topics_own_next_step_is_its_task_and_its_targets_are_not() -> None:
    data = read(HEAD + TOPIC + TARGETS)
    assert plan_texts(data) == [
        "下一步，我镇将持续推进农村改厕，建立村庄保洁长效机制|具体工作计划：下半年完成剩余改厕任务180户。"
    ]
    assert "下一步" in data["plan_section"]["reason"]
    assert any("截至" in w for w in data["warnings"])


def test_an_own_shortfall_causing_a_lag_is_a_problem() -> None:
    data = read(HEAD + TOPIC + TARGETS)
    assert problems(data) == [
        "由于我镇环卫力量薄弱，保洁经费不足，部分村庄日常保洁还不到位，导致整治成效巩固缓慢"
    ]
    assert "由于" in data["problem_section"]["reason"]


def test_a_general_resolve_and_a_good_cause_stay_silent() -> None:
    topic = (
        "一、农村人居环境整治扎实推进\n"
        "由于措施得力、资金到位，全镇农村改厕进度明显加快，截至6月底完成改厕320户。"
        "下一步，我镇将再接再厉，推动各项工作再上新台阶。\n"
    )
    data = read(HEAD + topic)
    assert plan_texts(data) == []
    assert problems(data) == []


def test_the_same_list_as_a_promise_stays_a_plan() -> None:
    promised = TARGETS.replace("计划实施的重点项目有三项", "将实施以下重点项目").replace(
        "截至6月底，冷链仓储中心已完成主体工程，供水管网改造已完成60%。", ""
    )
    assert len(plan_texts(read(HEAD + promised))) == 3


def test_a_next_step_naming_only_a_direction_stays_silent() -> None:
    # An annual report cut in its review: a topic closing with where the work will go, naming
    # no time, amount or concrete arrangement — a resolve of the review, the plan part later.
    topic = (
        "一、深入学习贯彻全会精神\n"
        "我镇通过召开党委会、干部大会，传达学习全会精神，部署全镇学习宣传工作。"
        "下一步，我镇将迅速在全镇掀起学习宣传热潮，按照上级要求，推动全会精神落地见效。\n"
    )
    assert plan_texts(read(HEAD + topic)) == []
