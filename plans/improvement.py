"""The closing part of an annual open-government report (政府信息公开工作年度报告).

Every government body publishes one each year; its part '五、存在的主要问题及改进情况' (or
'…及改进措施') names the problems and then the improvements for the coming year, which are the
tasks. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plans.phrases import WRITER_SUBJECT

__all__ = ["announced_measures", "names_improvement", "promise_sentences"]

_PROBLEMS_AND_IMPROVEMENT_RE = re.compile(
    r"(?:问题|不足|困难)[^，,。；;：:]{0,4}?[和与及、]\s*(?:改进|改善)(?:情况|措施|举措|方向|计划|打算)?$"
)


def names_improvement(title: str) -> bool:
    """Whether a heading names problems and their improvement ('存在的主要问题及改进情况');
    '…及整改情况' (work done in a rectification report) does not count."""
    return bool(_PROBLEMS_AND_IMPROVEMENT_RE.search(title.rstrip("。.：:")))


# '2021年将从以下方面进行改进：一是…', '我局将采取以下措施：': a sentence announcing the measures
# that follow; the problems end before it.
_ANNOUNCED_MEASURES_RE = re.compile(
    r"(?<=[。！？!?])\s*(?=[^。！？!?：:]{0,20}?将(?:从|在|采取|通过|着力|重点)?[^。！？!?：:]{0,4}?以下"
    r"[^。！？!?：:]{0,12}[：:])"
)


def announced_measures(text: str) -> int | None:
    """Where a sentence announcing the measures that follow begins in ``text``, if one does."""
    match = _ANNOUNCED_MEASURES_RE.search(text)
    return match.start() if match else None


# What opens a promise sentence before its work: '我局将', '同时，', '此外，我们还将'.
_PROMISE_LEAD_RE = re.compile(
    rf"\s*(?:(?:同时|此外|另外|并且)\s*[，,]?\s*)?(?:{WRITER_SUBJECT}[^，,。！？!?]{{0,8}}?"
    r"(?<![主需重必只已])(?:将|要|拟)(?![来求]))?\s*"
)
_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]?")
_CLAUSE_END_RE = re.compile(r"[，,；;。！？!?]")


def promise_sentences(text: str, is_task: Callable[[str], bool]) -> list[tuple[int, int, int]]:
    """'我局将加大A，提升B。同时，加强C，努力提升D。' written as the only text of a measures
    heading: each sentence is one task, named by its first clause after the promise's lead
    ('加大A', '加强C'), the rest of the sentence its detail. Every sentence must open its
    work with a verb of doing (``is_task``); otherwise none. Returns (title start, title end,
    sentence end) offsets in ``text``."""
    found: list[tuple[int, int, int]] = []
    for sentence in _SENTENCE_RE.finditer(text):
        if not sentence.group(0).strip():
            continue
        lead = _PROMISE_LEAD_RE.match(text, sentence.start(), sentence.end())
        start = lead.end() if lead else sentence.start()
        clause_end = _CLAUSE_END_RE.search(text, start, sentence.end())
        stop = clause_end.start() if clause_end else sentence.end()
        if not is_task(text[start:stop]):
            return []
        found.append((start, stop, sentence.end()))
    return found
