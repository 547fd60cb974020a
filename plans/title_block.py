"""The head of a speech or a government work report: its title, the subtitle saying where and
when it was delivered ('——2026年1月10日在某县第十八届人民代表大会第五次会议上', '——在2025年全市
经济工作会议上的讲话'), a delivery date in brackets ('（2025年2月10日）') and the speaker's line
('县长 张某').

Text copied from a PDF or a web page often joins these lines into one paragraph, sometimes
with the salutation and the first sentences ('…会议上 县长 张某 各位代表：现在，我代表…'); such a
paragraph is cut back into its lines here. The parser then takes the title without the
speaker (and without a subtitle that only gives the date and the meeting), and the delivery
date as the document's date when it has no signature: a speech is dated by its subtitle.

Plain Python, no Django; used by the report parser (plans.parsing) before it looks for the
title.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from plans.numerals import WRITTEN_DATE, parse_written_date
from plans.reading import Paragraph

__all__ = [
    "TitleBlock",
    "is_delivery_date",
    "is_subtitle",
    "opens_with_salutation",
    "read_title_block",
    "split_title_block",
]

# A date written in arabic or Chinese numerals (read by plans.numerals.parse_written_date).
_DATE = rf"(?:{WRITTEN_DATE})"
# What a speech or a report was delivered at: '在…会议上', '在…大会上', '在…会上', '在…座谈会上',
# optionally '…的讲话/报告/发言/致辞'.
_VENUE = r"在[^，,。；;：:！!？?]{2,50}?(?:会议|大会|会|典礼|仪式|论坛|报告会|座谈会|培训班)上"
_KIND = r"(?:的)?(?:主旨)?(?:讲话|工作报告|报告|发言|致辞|总结讲话|动员讲话|讲话提纲)"
# The subtitle: a dash, then a date and the venue, or the venue and what was delivered; or, at
# the start of a line, '在…上的讲话' alone.
_SUBTITLE_RE = re.compile(
    rf"(?:——|—|--|－－)\s*(?:{_DATE}\s*)?{_VENUE}(?:{_KIND})?"
    rf"|(?:——|—|--|－－)\s*{_DATE}"
    rf"|^{_VENUE}{_KIND}"
)
_BRACKETED_DATE_RE = re.compile(rf"^\s*[（(]\s*{_DATE}\s*[）)]")
# '各位代表：', '同志们：': the speech proper begins.
_SALUTATION_RE = re.compile(
    r"(?:各位代表|各位委员|各位领导|各位同志|同志们|同志们、朋友们|尊敬的|女士们|大家好)[，,：:！!]?"
)
# The speaker: an office title and a name, or a name; no sentence in it.
_SPEAKER_RE = re.compile(r"^[^，,。；;：:！!？?“”《》]{2,24}$")


@dataclass(frozen=True)
class TitleBlock:
    """What the head of a speech says. ``title`` is None when the lines hold no subtitle."""

    title: str | None
    subtitle: str | None
    speaker: str | None
    delivered_on: dt.date | None


def is_subtitle(text: str) -> bool:
    """'——2026年1月10日在…会议上', '——在2025年全市…会议上的讲话', '在…会议上的讲话'."""
    match = _SUBTITLE_RE.search(text)
    return match is not None and match.start() <= 1 and len(text) <= 80


def opens_with_salutation(text: str) -> bool:
    """'同志们：', '各位代表：现在，我代表…': the speaker addressing the audience."""
    return (
        _SALUTATION_RE.match(text) is not None
        and re.match(r"^[^，,。]{0,12}[：:]", text) is not None
    )


def is_delivery_date(text: str) -> bool:
    """A date in brackets alone on a line: '（2025年2月10日）'."""
    match = _BRACKETED_DATE_RE.match(text)
    return match is not None and not text[match.end() :].strip()


def read_title_block(lines: Sequence[str]) -> TitleBlock:
    """The title lines of a speech read apart: the title is the lines before the subtitle, with
    the subtitle when it names what was delivered ('…上的讲话'); the line after the subtitle
    (and the bracketed date) is the speaker's."""
    at = next((i for i, text in enumerate(lines) if is_subtitle(text)), None)
    if at is None or at == 0 and not re.search(_KIND + r"$", lines[0]):
        return TitleBlock(None, None, None, None)
    subtitle = lines[at]
    delivered_on = parse_written_date(subtitle)
    rest = list(lines[at + 1 :])
    while rest and is_delivery_date(rest[0]):
        delivered_on = delivered_on or parse_written_date(rest.pop(0))
    speaker = rest[0] if rest and _SPEAKER_RE.match(rest[0]) else None
    named = re.search(_KIND + r"$", subtitle) is not None
    title = "".join([*lines[:at], subtitle if named else ""]).strip() or None
    return TitleBlock(title, subtitle, speaker, delivered_on)


def _cuts(text: str) -> list[int]:
    """Where a joined head paragraph is cut: before the subtitle, after it (and after a bracketed
    date), after the speaker. Empty when the paragraph is no such head."""
    match = _SUBTITLE_RE.search(text)
    if match is None or match.start() > 40 or re.search(r"[。；;：:！!？?]", text[: match.start()]):
        return []
    cuts = [match.start()] if match.start() > 0 else []
    end = match.end()
    date = _BRACKETED_DATE_RE.match(text[end:])
    if date is not None:
        cuts.append(end)
        end += date.end()
    cuts.append(end)
    tail = text[end:]
    salutation = _SALUTATION_RE.search(tail)
    speaker = tail[: salutation.start()] if salutation else tail
    if speaker.strip() and not _SPEAKER_RE.match(speaker.strip()):
        # Prose after the subtitle that is no speaker's line: cut only before and after the
        # subtitle, the rest stays one paragraph.
        return [c for c in cuts if 0 < c < len(text)]
    if salutation is not None and speaker.strip():
        cuts.append(end + salutation.start())
    return [c for c in cuts if 0 < c < len(text)]


def split_title_block(
    original: list[Paragraph], simplified: list[Paragraph]
) -> tuple[list[Paragraph], list[Paragraph]]:
    """Cut the first paragraph holding a joined title, subtitle and speaker ('政府工作报告 ——2026年
    1月10日在…会议上 县长 张某') into those lines. Only among the first paragraphs, before any
    long prose; the pieces keep the paragraph's index, locator and style. Cuts are found in the
    simplified text and applied to both lists (same lengths)."""
    found: tuple[int, list[int]] | None = None
    for at, paragraph in enumerate(simplified[:6]):
        if cuts := _cuts(paragraph.text):
            found = (at, cuts)
            break
        if len(paragraph.text) > 60:
            break
    if found is None:
        return original, simplified
    position, cuts = found
    plain, source = simplified[position], original[position]
    pieces_original: list[Paragraph] = []
    pieces_simplified: list[Paragraph] = []
    bounds = [0, *cuts, len(plain.text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        text = plain.text[start:end]
        if not text.strip():
            continue
        lead = len(text) - len(text.lstrip())
        stop = start + len(text.rstrip())
        pieces_simplified.append(
            Paragraph(plain.index, plain.text[start + lead : stop], plain.locator, plain.style)
        )
        pieces_original.append(
            Paragraph(source.index, source.text[start + lead : stop], source.locator, source.style)
        )
    if len(pieces_simplified) < 2:
        return original, simplified
    return (
        [*original[:position], *pieces_original, *original[position + 1 :]],
        [*simplified[:position], *pieces_simplified, *simplified[position + 1 :]],
    )
