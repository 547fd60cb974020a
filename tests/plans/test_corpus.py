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
