"""Score the parser on the development corpus (tests/fixtures/corpus/).

Each document ``NN_name.txt`` has a hand-written ``NN_name.json`` whose ``expected`` lists the
plan items and problems a person reading the text would name, each by a short phrase taken from
the document. A produced item matches an expected one when the phrase occurs in the item's text
(title and body, folded: width, traditional → simplified, punctuation and spaces dropped); a
list marker opening the phrase ('一是', '二要', '第三') is not looked for, since the reader drops it
from the item's text, the marker being the list's and not the item's words. Each
produced item matches at most one expected item and the other way round. So an item that merges
two problems finds one of them (the other is missed), and a heading kept as an item finds none.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plans.documents import parse_document
from plans.parsing import to_simplified
from plans.reading import normalise_text, read_document

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
# Documents the rules were not developed on, scored apart (see its README).
HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout"
# Collected after the rules were changed for the first held-out set; measured once.
HELDOUT_2 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-2"
# Collected after the rules were changed for the second set; expectations committed first.
HELDOUT_3 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-3"
# Collected after every rule of the fifth session; expectations committed first; measured once.
HELDOUT_4 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-4"
# Collected by c13 while the rules were being changed again; expectations committed before any
# run; to be measured once, after those rules land (see its README).
HELDOUT_5 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-5"
# Collected by c13b after set 5's rules; expectations committed before any run; to be measured
# once (see its README).
HELDOUT_6 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-6"
# Collected by c13c after set 6's measurement; expectations committed before any run; to be
# measured once (see its README).
HELDOUT_7 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-7"
# Collected by c13h after set 7 was studied; expectations committed before any run; to be
# measured once (see its README).
HELDOUT_8 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-8"
# Collected by c13j after set 8 was measured and used; expectations committed before any run;
# measured once (eighth session, 15:15 UTC), then used to choose shapes.
HELDOUT_9 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-9"
# Collected by c13m after set 9 was measured and used; expectations committed before any run;
# to be measured once (see its README).
HELDOUT_10 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-10"
# Collected by c13o after set 10 was measured; expectations committed before any run; to be
# measured once (see its README).
HELDOUT_11 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-11"
# Collected by c13p after set 11 was measured; expectations committed before any run; to be
# measured once (see its README).
HELDOUT_12 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-12"
# Collected by c13u after set 12 was measured; expectations committed before any run; measured
# once before and once after the eleventh session's reader commits (see its README).
HELDOUT_13 = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-13"
# Whole documents collected by c14a (reports, bulletins, rectification reports) and c14b (minutes,
# task-division schemes, bulletins), expectations written first; measured before and after the
# twelfth session's reader commits (see their READMEs), then committed as development material.
HELDOUT_14A = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-14a"
HELDOUT_14B = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-14b"
# Collected by c15a (reports, mostly page beginnings) and c15b (minutes, task divisions, work points,
# supervision reports), expectations written first; measured at the thirteenth session's start and
# after its reader commits (identical; see their READMEs), then committed as development material.
HELDOUT_15A = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-15a"
HELDOUT_15B = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-15b"
# Collected by c16a (reports, rectification reports, website-inspection bulletins) and c16b
# (minutes, division schemes, supervision bulletins), expectations written first; measured at the
# fourteenth session's start and after its reader commits (see their READMEs), then committed as
# development material.
HELDOUT_16A = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-16a"
HELDOUT_16B = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-heldout-16b"

_DROP_RE = re.compile(r"[\W_]+")
# A folded phrase's opening list marker: '一是', '二要', '第三'.
_MARKER_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[是要]|第[一二三四五六七八九十]{1,3})")


def fold(text: str) -> str:
    # As the reader reads the page: a repost's pronunciation marks ('項(xiàng)目') dropped.
    text = unicodedata.normalize("NFKC", normalise_text(text))
    return _DROP_RE.sub("", to_simplified(text))


@dataclass
class Score:
    expected: int = 0
    produced: int = 0
    matched: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.produced += other.produced
        self.matched += other.matched

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentScore:
    name: str
    plan: Score
    problems: Score
    negative: bool


def match(expected: list[str], produced: list[str]) -> Score:
    """One-to-one matching of expected phrases to produced item texts, in document order."""
    score = Score(expected=len(expected), produced=len(produced))
    free = [fold(text) for text in produced]
    used = [False] * len(free)
    for phrase in expected:
        key = _MARKER_RE.sub("", fold(phrase)) or fold(phrase)
        for i, text in enumerate(free):
            if not used[i] and key in text:
                used[i] = True
                score.matched += 1
                break
        else:
            score.missed.append(phrase)
    score.extra = [produced[i] for i in range(len(produced)) if not used[i]]
    return score


def documents(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def expected_for(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def produced_for(path: Path) -> tuple[list[str], list[str]]:
    """The plan item texts and problem texts the import would propose for one document:
    read as the import reads it (plans.documents.parse_document, which tells meeting minutes
    and task tables from reports), not by the report rules alone."""
    document = read_document(path.read_bytes(), path.name)
    result = parse_document(document).to_dict()
    plan = result["plan_section"]["items"] if result["plan_section"] else []
    problems = result["problem_section"]["items"] if result["problem_section"] else []
    return (
        [f"{item['title']} {item.get('body') or ''}" for item in plan],
        [f"{item['text']} {item.get('body') or ''}" for item in problems],
    )


def score_document(path: Path) -> DocumentScore:
    expected = expected_for(path)["expected"]
    plan, problems = produced_for(path)
    negative = not expected["plan_items"] and not expected["problems"]
    return DocumentScore(
        path.stem,
        match(expected["plan_items"], plan),
        match(expected["problems"], problems),
        negative,
    )


def score_corpus(corpus: Path = CORPUS) -> tuple[list[DocumentScore], Score, Score]:
    scores = [score_document(path) for path in documents(corpus)]
    plan, problems = Score(), Score()
    for score in scores:
        plan.add(score.plan)
        problems.add(score.problems)
    return scores, plan, problems
