"""The parser's scores on the development corpus stay above the targets of issue 13.

A regression on any real document shows here as a drop below the pinned totals; run
`python bench/bench_reading.py -v` to see which document and which item.
"""

from __future__ import annotations

import json

from tests.plans.corpus import CORPUS, documents, score_corpus


def test_corpus_is_real_documents_with_sources_and_hand_written_expectations() -> None:
    paths = documents()
    assert len(paths) >= 30
    for path in paths:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http"), path.name
        assert meta["date"] and meta["kind"] and meta["shapes"], path.name
        assert set(meta["expected"]) == {"plan_items", "problems"}, path.name
    assert (CORPUS / "README.md").exists()


def test_corpus_scores_meet_the_targets() -> None:
    scores, plan, problems = score_corpus()
    assert plan.f1 >= 0.95, (plan.matched, plan.expected, plan.produced)
    assert problems.f1 >= 0.90, (problems.matched, problems.expected, problems.produced)
    talkative_negatives = [
        score.name
        for score in scores
        if score.negative and (score.plan.produced or score.problems.produced)
    ]
    assert talkative_negatives == []
    # Both kinds of document are really there: positives with items and pure negatives.
    assert plan.expected >= 15 and problems.expected >= 40
    assert sum(score.negative for score in scores) >= 20


def test_a_phrase_is_matched_without_its_list_marker_and_only_once() -> None:
    from tests.plans.corpus import match

    produced = ["锚定时限狠抓落实。相关单位要紧扣时间节点。", "二是加快整改进度。"]
    score = match(["一是锚定时限狠抓落实", "二是加快整改进度", "三是做好统筹工作"], produced)
    assert (score.matched, score.missed, score.extra) == (2, ["三是做好统筹工作"], [])
    # The marker is dropped only where it opens the phrase; a phrase that is only a marker
    # is looked for as written.
    assert match(["统一是关键"], ["标准统一是关键。"]).matched == 1
    assert match(["二是"], ["一是加快。"]).matched == 0


def test_a_phrase_is_matched_without_the_pronunciation_marks_the_reader_drops() -> None:
    from tests.plans.corpus import match

    # A repost's pinyin marks ('項(xiàng)目') are dropped by the reader (plans.reading), so a
    # phrase labelled as the page has them is looked for without them.
    produced = ["搶項目、興產業,打好項目建設突破戰"]
    assert match(["搶項(xiàng)目、興產(chǎn)業(yè)"], produced).matched == 1
    # Brackets that are not pronunciation stay part of the phrase.
    assert match(["搶項(一)目"], produced).matched == 0
