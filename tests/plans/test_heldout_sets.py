"""The fifth to fourteenth held-out sets (tests/fixtures/corpus-heldout-5/ to -16b/) are well formed.

Deliberately no score here: each set's expectations were committed before the parser was ever
run on it, and its first run is its one held-out measurement (bench/bench_reading.py, figures
in its README). These checks read the files only; they never call the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.plans.corpus import (
    HELDOUT_5,
    HELDOUT_6,
    HELDOUT_7,
    HELDOUT_8,
    HELDOUT_9,
    HELDOUT_10,
    HELDOUT_11,
    HELDOUT_12,
    HELDOUT_13,
    HELDOUT_14A,
    HELDOUT_14B,
    HELDOUT_15A,
    HELDOUT_15B,
    HELDOUT_16A,
    HELDOUT_16B,
    documents,
    fold,
)

FIXTURES = HELDOUT_5.parent
# Each set with the number of documents it was collected with, at the least.
SETS = [
    pytest.param(HELDOUT_5, 10, id="fifth"),
    pytest.param(HELDOUT_6, 8, id="sixth"),
    pytest.param(HELDOUT_7, 14, id="seventh"),
    pytest.param(HELDOUT_8, 16, id="eighth"),
    pytest.param(HELDOUT_9, 16, id="ninth"),
    pytest.param(HELDOUT_10, 16, id="tenth"),
    pytest.param(HELDOUT_11, 17, id="eleventh"),
    pytest.param(HELDOUT_12, 17, id="twelfth"),
    pytest.param(HELDOUT_13, 17, id="thirteenth"),
    pytest.param(HELDOUT_14A, 12, id="fourteenth-a"),
    pytest.param(HELDOUT_14B, 14, id="fourteenth-b"),
    pytest.param(HELDOUT_15A, 13, id="fifteenth-a"),
    pytest.param(HELDOUT_15B, 17, id="fifteenth-b"),
    pytest.param(HELDOUT_16A, 14, id="sixteenth-a"),
    pytest.param(HELDOUT_16B, 15, id="sixteenth-b"),
]


@pytest.mark.parametrize(("corpus", "at_least"), SETS)
def test_heldout_set_is_real_documents_with_hand_written_expectations(
    corpus: Path, at_least: int
) -> None:
    paths = documents(corpus)
    assert len(paths) >= at_least and (corpus / "README.md").exists()
    negatives = 0
    for path in paths:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        # An address, a repository's file ('github:owner/name …'), or, where the search index
        # named no repository, the stored file's id with what the file is.
        assert meta["source"].startswith(("http", "github:", "find_string/read_file id ")), (
            path.name
        )
        assert meta["date"] and meta["kind"] and meta["shapes"], path.name
        expected = meta["expected"]
        assert set(expected) == {"plan_items", "problems"}, path.name
        text = fold(path.read_text(encoding="utf-8"))
        for phrase in expected["plan_items"] + expected["problems"]:
            # Each phrase is the document's own text, found once, so that it names one item.
            assert text.count(fold(phrase)) == 1, (path.name, phrase)
        negatives += not expected["plan_items"] and not expected["problems"]
    assert 3 <= negatives < len(paths)


@pytest.mark.parametrize(("corpus", "at_least"), SETS)
def test_heldout_set_repeats_no_document_of_the_other_sets(corpus: Path, at_least: int) -> None:
    def sources(folder: Path) -> set[str]:
        return {
            json.loads(path.read_text(encoding="utf-8"))["source"] for path in folder.glob("*.json")
        }

    others: set[str] = set()
    for folder in FIXTURES.glob("corpus*"):
        if folder != corpus:
            others |= sources(folder)
    assert others, "the other sets were not found"
    new = sources(corpus)
    assert len(new) == len(documents(corpus))
    assert not new & others, sorted(new & others)
