"""How well the importer reads real documents: precision, recall and F1 per corpus document.

Run from the repository root:  python bench/bench_reading.py [-v]

Twelve sets, scored apart:
- the development corpus, tests/fixtures/corpus/ (see its README): the documents the rules
  were developed against. Targets: plan-item F1 >= 0.95, problem F1 >= 0.90, no negative
  document producing items.
- the held-out set, tests/fixtures/corpus-heldout/ (see its README): documents collected and
  given expectations after the rules were written, to estimate how the reader does on
  documents it was not tuned on. Its misses were then used to add shape rules, so its
  figures now are no longer held-out;
- the second held-out set, tests/fixtures/corpus-heldout-2/, collected after those rules (its
  misses were used in the fifth session: no longer held-out either);
- the third held-out set, tests/fixtures/corpus-heldout-3/, collected after the fifth
  session's rules, expectations committed before the first run (first figures in its
  README); its misses were then used as well, so it is no longer held-out;
- the fourth held-out set, tests/fixtures/corpus-heldout-4/, collected after every rule of
  the fifth session, expectations committed before its one measurement; its misses were then
  used (engineer r13), so it is no longer held-out either.
- the fifth held-out set, tests/fixtures/corpus-heldout-5/, collected by c13 while the rules
  were being changed again, expectations committed before any run: its first run was its one
  held-out measurement (recorded in its README); its misses were then used (engineer r13b),
  so it is no longer held-out either.
- the sixth held-out set, tests/fixtures/corpus-heldout-6/, collected by c13b, expectations
  committed before any run of the parser on it: its first run was its one held-out
  measurement (recorded in its README); its misses were then studied (engineer r13c) for
  general mechanisms, so it is no longer held-out either.
- the seventh held-out set, tests/fixtures/corpus-heldout-7/, collected by c13c, expectations
  committed before any run of the parser on it: its first run was its one held-out
  measurement (recorded in its README); its misses were then studied (engineer r13d) for
  general defects, so it is no longer held-out either.
- the eighth held-out set, tests/fixtures/corpus-heldout-8/, collected by c13h, expectations
  committed before any run of the parser on it: its first run (12:26 UTC, 2026-11-29) was its
  one held-out measurement; its misses were then used (engineer r13f), so it is no longer
  held-out either.
- the ninth held-out set, tests/fixtures/corpus-heldout-9/, collected by c13j, expectations
  committed before any run of the parser on it: its first run (15:15 UTC, 2026-11-29) was its
  one held-out measurement; it was then used, so it is no longer held-out either.
- the tenth held-out set, tests/fixtures/corpus-heldout-10/, collected by c13m, expectations
  committed before any run of the parser on it: measured twice by the coordinator on
  2026-11-29 (17:57 UTC on the code before the ninth session's reader commits, 18:32 UTC after
  all of them; identical: plan 0/11, problems 9/19 of 11), recorded in its README; its misses
  may be used from now on, so it is no longer held-out either.
- the eleventh held-out set, tests/fixtures/corpus-heldout-11/, collected by c13o,
  expectations committed before any run of the parser on it: measured by the coordinator on
  2026-11-29 at 18:45 UTC (code before r13m's and r13n's commits) and at 19:04 UTC (after all of
  the ninth session's reader commits), recorded in its README; no longer held-out.
- the twelfth held-out set, tests/fixtures/corpus-heldout-12/, collected by c13p (five
  meeting minutes among its 17 page beginnings), expectations committed before any run of the
  reader on it: measured by the coordinator on 2026-11-29 at 21:07 UTC (the tenth session's
  start, with the scoring that reads a document as the import does) and at 22:07 UTC (after the
  session's reader and minutes commits), recorded in its README; no longer held-out.
- the thirteenth held-out set, tests/fixtures/corpus-heldout-13/, collected by c13u (two
  supervision bulletins, two minutes, seven negatives among its 17 page beginnings),
  expectations committed before any run of the reader on it: measured by the coordinator on
  2026-11-30 at 00:13 UTC (the eleventh session's start) and at 01:25 UTC (after the session's
  reader commits), recorded in its README; no longer held-out.
- sets 14a and 14b, tests/fixtures/corpus-heldout-14a/ and -14b/, whole documents collected by
  c14a (reports, bulletins, rectification reports) and c14b (minutes, task-division schemes,
  bulletins), expectations written before any run of the reader on them: measured by the
  coordinator on 2026-11-30 at 03:45 UTC (the twelfth session's start) and at 04:25 UTC (after
  r14a's and r14b's reader commits; identical), recorded in their READMEs; no longer held-out.
- sets 15a and 15b, tests/fixtures/corpus-heldout-15a/ and -15b/, collected by c15a (reports and
  summaries, most cut to a page's beginning) and c15b (minutes, task divisions, work points,
  supervision reports), expectations written before any run of the reader on them: measured by
  the coordinator on 2026-11-30 at ~06:55 UTC (the thirteenth session's start) and at 08:01 UTC
  (after r15a–r15d's reader commits; identical), recorded in their READMEs; no longer held-out.
- sets 16a and 16b, tests/fixtures/corpus-heldout-16a/ and -16b/, collected by c16a (rectification
  reports, website-inspection bulletins) and c16b (minutes, division schemes, supervision
  bulletins), expectations written before any run of the reader on them: measured by the
  coordinator on 2026-11-30 at ~10:15 UTC (the fourteenth session's start) and at ~11:17 UTC (after
  r16a–r16c's reader commits; 16a identical, 16b plan 0.724 → 0.787), recorded in their READMEs;
  no longer held-out.
With -v, every missed and every extra item is printed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.plans.corpus import (
    CORPUS,
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
    HELDOUT_12,
    HELDOUT_13,
    HELDOUT_14A,
    HELDOUT_14B,
    HELDOUT_15A,
    HELDOUT_15B,
    HELDOUT_16A,
    HELDOUT_16B,
    Score,
    score_corpus,
)


def cell(score: Score) -> str:
    if not score.expected and not score.produced:
        return f"{'-':>17}"
    return f"{score.matched:>2}/{score.expected:<2}/{score.produced:<2} F1 {score.f1:4.2f}"


def main() -> None:
    verbose = "-v" in sys.argv
    for title, corpus in (
        ("development corpus", CORPUS),
        ("held-out set (used since to choose shapes: no longer held-out)", HELDOUT),
        ("second held-out set (used since to choose shapes: no longer held-out)", HELDOUT_2),
        (
            "third held-out set (first measured, then used to choose shapes: no longer held-out)",
            HELDOUT_3,
        ),
        (
            "fourth held-out set (measured once, then used to choose shapes: no longer held-out)",
            HELDOUT_4,
        ),
        (
            "fifth held-out set (measured once, then used to choose shapes: no longer held-out)",
            HELDOUT_5,
        ),
        (
            "sixth held-out set (measured once, then studied for general mechanisms: no longer held-out)",
            HELDOUT_6,
        ),
        (
            "seventh held-out set (measured once, then studied for general defects: no longer held-out)",
            HELDOUT_7,
        ),
        (
            "eighth held-out set (measured once, then used by r13f: no longer held-out)",
            HELDOUT_8,
        ),
        (
            "ninth held-out set (measured once at 15:15 UTC, then used: no longer held-out)",
            HELDOUT_9,
        ),
        (
            "tenth held-out set (measured at 17:57 and 18:32 UTC, 2026-11-29: no longer held-out)",
            HELDOUT_10,
        ),
        (
            "eleventh held-out set (measured at 18:45 and 19:04 UTC, 2026-11-29: no longer held-out)",
            HELDOUT_11,
        ),
        (
            "twelfth held-out set (measured at 21:07 and 22:07 UTC, 2026-11-29: no longer held-out)",
            HELDOUT_12,
        ),
        (
            "thirteenth held-out set (measured at 00:13 and 01:25 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_13,
        ),
        (
            "set 14a, whole documents (measured at 03:45 and 04:25 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_14A,
        ),
        (
            "set 14b, whole documents (measured at 03:45 and 04:25 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_14B,
        ),
        (
            "set 15a, reports (measured at 06:55 and 08:01 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_15A,
        ),
        (
            "set 15b, minutes, divisions, supervision (measured at 06:55 and 08:01 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_15B,
        ),
        (
            "set 16a, reports and bulletins (measured at ~10:15 and ~11:17 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_16A,
        ),
        (
            "set 16b, minutes, divisions, supervision (measured at ~10:15 and ~11:17 UTC, 2026-11-30: no longer held-out)",
            HELDOUT_16B,
        ),
    ):
        print(f"== {title} ({corpus.name}/)")
        report(corpus, verbose)
        print()


def report(corpus: Path, verbose: bool) -> None:
    start = time.perf_counter()
    scores, plan, problems = score_corpus(corpus)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"{'document':<46} {'plan ok/exp/got':>17}  {'problems ok/exp/got':>17}")
    bad_negatives = []
    for score in scores:
        mark = ""
        if score.negative and (score.plan.produced or score.problems.produced):
            mark = "  <- negative produced items"
            bad_negatives.append(score.name)
        print(f"{score.name:<46} {cell(score.plan)}  {cell(score.problems)}{mark}")
        if verbose:
            for label, part in (("plan", score.plan), ("problem", score.problems)):
                for phrase in part.missed:
                    print(f"    missed {label}: {phrase}")
                for text in part.extra:
                    print(f"    extra  {label}: {text[:70]}")
    print()
    for label, total in (("plan items", plan), ("problems", problems)):
        print(
            f"{label:<11} expected {total.expected:>3}  produced {total.produced:>3}  "
            f"matched {total.matched:>3}  precision {total.precision:.3f}  "
            f"recall {total.recall:.3f}  F1 {total.f1:.3f}"
        )
    print(f"negative documents producing items: {len(bad_negatives)} {bad_negatives}")
    print(f"{len(scores)} documents read and parsed in {elapsed:.0f} ms")


if __name__ == "__main__":
    main()
