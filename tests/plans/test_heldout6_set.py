"""The sixth held-out set (tests/fixtures/corpus-heldout-6/) is well formed.

Deliberately no score here: the set's expectations were committed before the parser was ever
run on it, and its first run is its one held-out measurement (bench/bench_reading.py, figures
in its README). These checks read the files only; they never call the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.plans.corpus import HELDOUT_6, documents, fold

FIXTURES = HELDOUT_6.parent


def test_sixth_heldout_set_is_real_documents_with_hand_written_expectations() -> None:
    paths = documents(HELDOUT_6)
    assert len(paths) >= 8 and (HELDOUT_6 / "README.md").exists()
    negatives = 0
    for path in paths:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["source"].startswith("http"), path.name
        assert meta["date"] and meta["kind"] and meta["shapes"], path.name
        expected = meta["expected"]
        assert set(expected) == {"plan_items", "problems"}, path.name
        text = fold(path.read_text(encoding="utf-8"))
        for phrase in expected["plan_items"] + expected["problems"]:
            # Each phrase is the document's own text, found once, so that it names one item.
            assert text.count(fold(phrase)) == 1, (path.name, phrase)
        negatives += not expected["plan_items"] and not expected["problems"]
    assert 3 <= negatives < len(paths)


def test_sixth_heldout_set_repeats_no_document_of_the_earlier_sets() -> None:
    def sources(folder: Path) -> set[str]:
        return {
            json.loads(path.read_text(encoding="utf-8"))["source"] for path in folder.glob("*.json")
        }

    earlier: set[str] = set()
    for folder in FIXTURES.glob("corpus*"):
        if folder != HELDOUT_6:
            earlier |= sources(folder)
    assert earlier, "the earlier sets were not found"
    new = sources(HELDOUT_6)
    assert len(new) == len(documents(HELDOUT_6))
    assert not new & earlier, sorted(new & earlier)
