"""Shapes the held-out set showed the reader missing (tests/fixtures/corpus-heldout/README.md),
each written anew here — not the held-out documents' text — with the negatives that keep the
new rules from reading too much."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plans.parsing import _enumeration, parse_report
from plans.reading import normalise_text
from tests.plans.corpus import (
    HELDOUT,
    HELDOUT_2,
    HELDOUT_3,
    HELDOUT_4,
    HELDOUT_5,
    HELDOUT_6,
    HELDOUT_7,
    HELDOUT_8,
    HELDOUT_9,
    HELDOUT_10,
    HELDOUT_11,
    documents,
    score_corpus,
)


def problems(data: dict[str, Any]) -> list[str]:
    section = data["problem_section"]
    return [item["text"] for item in section["items"]] if section else []


def plans(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [item["title"] for item in section["items"]] if section else []


def test_pronunciation_marks_inserted_by_reposts_are_dropped() -> None:
    assert normalise_text("存在的主要問(wèn)題：一是資(zī)金不足") == "存在的主要問題：一是資金不足"
    assert normalise_text("社會(huì )治安") == "社會治安"
    # Brackets that are no pronunciation stay: no tone mark, a number, Latin words.
    assert normalise_text("方法(a)与(一)及(PPP)项目(de)") == "方法(a)与(一)及(PPP)项目(de)"


def test_a_missing_number_does_not_end_a_yi_shi_list() -> None:
    text = (
        "某镇2023年工作总结\n一、工作成效\n全年完成投资3亿元。\n"
        "同时也要看到，工作中还存在一些困难和问题：一是财政收支矛盾突出。"
        "三是产业带动能力不强。四是干部队伍老化。\n"
    )
    assert problems(parse_report(text).to_dict()) == [
        "财政收支矛盾突出",
        "产业带动能力不强",
        "干部队伍老化",
    ]


def test_a_list_must_still_start_at_one_and_skip_at_most_one_number() -> None:
    assert _enumeration("二是甲问题。三是乙问题。") == []
    assert _enumeration("一是甲问题。四是乙问题。") == []
    assert len(_enumeration("一是甲问题。三是乙问题。四是丙问题。")) == 3


def test_problems_given_as_examples_after_zhu_ru() -> None:
    text = (
        "某县政府述职报告\n一年来，全县经济平稳增长。同上级要求相比还存在一定差距，诸如工业"
        "总量还不大，城乡收入差距较大、公共服务供给不足、干部作风不够扎实等。对此我们将认真解决。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == [
        "工业总量还不大",
        "城乡收入差距较大",
        "公共服务供给不足",
        "干部作风不够扎实",
    ]
    assert data["problem_section"]["reason"] == "问题段落：根据“诸如…等”识别"


def test_zhu_ru_listing_achievements_or_short_nouns_is_no_problem_list() -> None:
    achievements = "某县总结\n全年建成诸如学校、医院、道路等一批民生工程。\n"
    assert problems(parse_report(achievements).to_dict()) == []
    nouns = "某县总结\n还存在一些不足，诸如文化、教育等公益设施不够完善。\n"
    assert problems(parse_report(nouns).to_dict()) != ["文化", "教育"]


def test_rectification_report_with_numbered_problems_inline_before_their_measures() -> None:
    text = (
        "某街道关于环境卫生督查问题的整改报告\n"
        "区督查组反馈问题如下：(一)农贸市场周边占道经营严重。整改措施：已组织城管队员清理，"
        "并设立临时疏导点。(二)老旧小区楼道堆物较多。整改情况：已全部清理。\n"
        "(三)部分路段绿化带缺株。整改措施：已补植。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == [
        "农贸市场周边占道经营严重",
        "老旧小区楼道堆物较多",
        "部分路段绿化带缺株",
    ]
    assert data["problem_section"]["items"][0]["reason"] == "问题在“整改措施：”之前"


def test_numbered_achievements_without_measures_labels_are_not_rectification_problems() -> None:
    text = "某镇总结\n一年来：(一)新建道路5条。(二)改造危房20户。(三)新增就业300人。\n"
    assert problems(parse_report(text).to_dict()) == []


def test_plan_items_as_unnumbered_paragraphs_after_a_colon_intro() -> None:
    text = (
        "某乡2023年工作报告\n2023年工作回顾\n全年粮食产量稳定。\n2024年工作安排\n"
        "2024年，我们将重点抓好以下工作：\n"
        "推进高标准农田建设，新建农田5000亩。\n"
        "加快乡村道路提档，完成20公里硬化。\n"
        "提升便民服务水平，推行一窗通办。\n"
        "各位代表，让我们团结一心，奋发有为！\n"
    )
    data = parse_report(text).to_dict()
    assert [t.rstrip("。") for t in plans(data)] == [
        "推进高标准农田建设，新建农田5000亩",
        "加快乡村道路提档，完成20公里硬化",
        "提升便民服务水平，推行一窗通办",
    ]
    assert data["plan_section"]["items"][0]["reason"] == "“以下”之后的各段，每段一项（无编号）"


def test_one_unnumbered_paragraph_after_an_intro_is_no_list() -> None:
    text = "某乡报告\n2024年，我们将重点抓好以下工作：\n各位代表，让我们团结一心！\n"
    assert plans(parse_report(text).to_dict()) == []


def test_a_problem_label_run_together_with_numbered_items() -> None:
    text = (
        "某局自查报告 一、存在的问题及整改措施（一）存在的问题1、制度执行不严，审批超时。"
        "部分事项未按时办结。2、窗口服务不规范。（二）整改措施1、健全制度。\n"
    )
    data = parse_report(text).to_dict()
    assert problems(data) == ["制度执行不严，审批超时", "窗口服务不规范"]


def test_a_yi_shi_paragraph_without_er_shi_is_one_item() -> None:
    text = "某村情况报告\n四、存在的主要问题\n一是道路失修，群众出行难。排水沟渠多处堵塞\n"
    assert len(problems(parse_report(text).to_dict())) == 1


def test_heldout_set_is_real_documents_with_sources_and_its_scores_hold() -> None:
    paths = documents(HELDOUT)
    assert len(paths) >= 10
    assert (HELDOUT / "README.md").exists()
    for path in paths:
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http") and meta["date"] and meta["kind"], path.name
    scores, plan, found = score_corpus(HELDOUT)
    # After the shape rules of this session, then r13's (no longer a held-out figure, see the
    # README): a floor, so that a later change that loses these shapes shows here.
    assert plan.f1 >= 0.95 and found.f1 >= 0.95, (plan.f1, found.f1)
    assert not [s.name for s in scores if s.negative and (s.plan.produced or s.problems.produced)]


@pytest.mark.parametrize("name", ["09", "10", "11", "12", "13"])
def test_heldout_negatives_stay_silent(name: str) -> None:
    (path,) = [p for p in documents(HELDOUT) if p.name.startswith(name)]
    scores, _plan, _found = score_corpus(HELDOUT)
    (score,) = [s for s in scores if s.name == path.stem]
    assert score.plan.produced == 0 and score.problems.produced == 0


def test_second_heldout_set_is_real_documents_and_its_first_figures_hold() -> None:
    paths = documents(HELDOUT_2)
    assert len(paths) >= 9 and (HELDOUT_2 / "README.md").exists()
    for path in paths:
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http") and meta["date"] and meta["kind"], path.name
    scores, plan, found = score_corpus(HELDOUT_2)
    # After the fifth session's shape rules, then r13's (README; no longer a held-out figure):
    # a floor against losing what was found.
    assert found.matched >= 21 and found.precision >= 0.95, (found.matched, found.precision)
    assert plan.matched >= 7 and plan.precision >= 0.95, (plan.matched, plan.precision)
    assert not [s.name for s in scores if s.negative and (s.plan.produced or s.problems.produced)]


def test_third_heldout_set_is_real_documents_and_its_first_figures_hold() -> None:
    paths = documents(HELDOUT_3)
    assert len(paths) >= 8 and (HELDOUT_3 / "README.md").exists()
    for path in paths:
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http") and meta["date"] and meta["kind"], path.name
    scores, plan, found = score_corpus(HELDOUT_3)
    negatives = [s for s in scores if s.negative]
    assert len(negatives) >= 2
    # First measured (README): plan 2 of 6, problems 9 of 18, one negative producing items.
    # After the rules chosen from its misses, then r13's run-on rule (no longer held-out): a
    # floor against losing them.
    assert plan.matched >= 6 and found.matched >= 18, (plan.matched, found.matched)
    assert plan.precision >= 0.95 and found.precision >= 0.95, (plan.precision, found.precision)
    assert not [s.name for s in negatives if s.plan.produced or s.problems.produced]


def test_fourth_heldout_set_is_real_documents_and_its_first_figures_hold() -> None:
    paths = documents(HELDOUT_4)
    assert len(paths) >= 8 and (HELDOUT_4 / "README.md").exists()
    for path in paths:
        meta = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http") and meta["date"] and meta["kind"], path.name
    scores, plan, found = score_corpus(HELDOUT_4)
    negatives = [s for s in scores if s.negative]
    assert len(negatives) >= 2
    # First measured (README): plan 0 of 7, problems 3 of 12. After r13's rules, chosen from
    # its misses (no longer held-out): a floor against losing them.
    assert found.matched >= 12 and found.precision >= 0.95, (found.matched, found.precision)
    assert plan.matched >= 7 and plan.precision >= 0.95, (plan.matched, plan.precision)
    assert not [s.name for s in negatives if s.plan.produced or s.problems.produced]


# What each later set showed, kept as a floor against losing what was found and against
# its negatives starting to produce items: (set, plan matched, plan precision, problems
# matched, problem precision).
# - fifth: measured once (its README, 07:04 UTC): plan 3 of 16, problems 0 of 23 (10 wrong);
#   then used by engineer r13b to choose shapes (no longer held-out): 16/16 and 22/23.
# - sixth: measured once (its README, 07:52 UTC): plan 0 of 8 (1 wrong), problems 0 of 13;
#   then studied by engineer r13c for general mechanisms (no longer held-out): 8/8, 9/13.
# - seventh: measured once (its README, sixth session 09:53 UTC), with every rule of r13c:
#   plan 11 of 16 (14 produced), problems 25 of 34 (29 produced). Still held-out: its misses
#   have not been used; this only keeps the measurement from falling unnoticed.
FLOORS = [
    # Problems 22 → 23 (ninth session, r13l: a clause without its own subject joined, the
    # sentence's other shortfall its own problem).
    ("fifth", HELDOUT_5, 16, 1.0, 23, 1.0),
    ("sixth", HELDOUT_6, 8, 1.0, 12, 1.0),
    # Problems 32 → 33 (ninth session, r13l: a '一是' point holding two shortfalls split at '；').
    ("seventh", HELDOUT_7, 16, 1.0, 33, 0.97),
    # Measured once at 12:26 (plan 8, problems 4), then used by r13f and r13g; plan 10 → 16
    # (ninth session, r13j: numbered points run into the plan's introducing line).
    ("eighth", HELDOUT_8, 16, 0.94, 7, 0.77),
    # Measured once at 15:15 (plan 6, problems 14), then used by r13i and r13h; plan 18 → 21
    # (ninth session, r13j: an answer's tasks between its means, '并增设…').
    # Problems 23 → 24 (r13l: clauses of their own joined by '、').
    # Plan 21 → 25 (twelfth session, r14b: the writer's promise with no time word is the plan when
    # the plan heading found has nothing under it).
    ("ninth", HELDOUT_9, 25, 1.0, 24, 1.0),
    # Measured once at 18:32 (ninth session: plan 0 of 11 with 6 wrongly proposed, problems 9
    # of 19 of 11), then development material: r13m's plan commits (an attached task list,
    # '一要…二要…', a bulletin's '工作要求', '摘要:' no intro) and r13n's problem commits (the page
    # mark, the advert, one clause a line) bring it to plan 9 of 9, problems 11 of 11.
    # Problems 11 → 16 (tenth session, r13p: a problem heading with nothing under it gives way).
    ("tenth", HELDOUT_10, 9, 1.0, 16, 1.0),
    # Measured at 18:45 and 19:04 (plan 8 of 18 with 10 proposed, problems 6 of 16 with 11
    # proposed, one negative yielding two plan items), then development material: the tenth
    # session's commits bring problems to 16 of 16 (r13p: '针对…问题' findings, an aspect's
    # turn, the causes before an admission, a list broken by a line end) and plan to 12 of 12.
    ("eleventh", HELDOUT_11, 12, 1.0, 16, 1.0),
]


@pytest.mark.parametrize(
    ("corpus", "plan_matched", "plan_precision", "found_matched", "found_precision"),
    [floor[1:] for floor in FLOORS],
    ids=[floor[0] for floor in FLOORS],
)
def test_later_heldout_sets_keep_what_they_showed_and_their_negatives_stay_silent(
    corpus: Path,
    plan_matched: int,
    plan_precision: float,
    found_matched: int,
    found_precision: float,
) -> None:
    scores, plan, found = score_corpus(corpus)
    negatives = [s for s in scores if s.negative]
    assert len(negatives) >= 3
    assert not [s.name for s in negatives if s.plan.produced or s.problems.produced]
    assert plan.matched >= plan_matched, plan.matched
    assert plan.precision >= plan_precision, plan.precision
    assert found.matched >= found_matched, found.matched
    assert found.precision >= found_precision, found.precision
