"""A document forwarded under a cover notice: '关于印发（转发）…的通知', the leader's 批示 or
comments on it ('董事长在《…报告》上批示：一、…二、…三、赞成下步工作考虑。'), '现将…予以印发。',
the issuing office and date, then the document itself. The cover's comments are the reader's
words about the document, not its plan (its '三、赞成下步工作考虑' was read as a plan heading);
the forwarded document is read as itself.

Plain Python, no Django; used by plans.documents.parse_document before it tells minutes from
reports. Matching is done on the simplified text (same offsets as the document's own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from plans.reading import Paragraph

__all__ = ["Cover", "split_cover"]

# '…关于印发10月份…督察专项报告的通知', '…关于转发《…》的通知' near the start of the first lines.
_COVER_TITLE_RE = re.compile(r"(?:印发|转发|转送|批转|印送)[^。；;！？!?]{2,80}?的通知")
# The leader's comment on it: '在《…报告》上批示：', '批阅', '作出指示'.
_COMMENT_RE = re.compile(r"批示|指示|批阅|阅示|批注|圈阅|《[^》]{2,80}》上")
# '现将督察报告予以印发。', '现将该报告印发给你们，请结合实际抓好落实。': the cover's last sentence.
_FORWARDING_RE = re.compile(
    r"现将[^。；;！？!?]{0,60}?(?:予以)?(?:印发|转发|转送|印送)[^。；;！？!?]{0,40}[。！!]"
)
# After it, the issuing office and the date ('国网办公室2020年11月3日'), and a note in brackets
# ('（此件不公开发布…）'), on the sentence's own line or on lines of their own.
_SIGNATURE_RE = re.compile(
    r"\s*(?:[^。，,；;：:！？!?\s（(]{2,30}?\s*)?(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
)
_NOTE_RE = re.compile(r"\s*[（(]\s*此件[^）)]{0,120}[)）]\s*")
_OFFICE_LINE_RE = re.compile(r"^[^。，,；;：:！？!?]{2,30}$")

# How far the cover may run: its title within the first lines, its last sentence soon after.
_TITLE_LINES = 3
_COVER_LINES = 15


@dataclass(frozen=True)
class Cover:
    """Where the forwarded document starts: ``paragraphs`` are the document's own (the first
    perhaps cut from the line the cover ends on, keeping its index and locator); ``count`` the
    paragraphs the cover takes, whole or in part; ``title`` the cover's title words."""

    paragraphs: list[Paragraph]
    count: int
    title: str


def split_cover(original: Sequence[Paragraph], simplified: Sequence[Paragraph]) -> Cover | None:
    """The document after a cover notice that forwards it with a leader's comments, or None
    (no cover title, no comment, no forwarding sentence, or nothing after it)."""
    title = next(
        (
            found
            for p in simplified[:_TITLE_LINES]
            if (found := _COVER_TITLE_RE.search(p.text, 0, 120)) is not None
        ),
        None,
    )
    if title is None:
        return None
    for at, paragraph in enumerate(simplified[:_COVER_LINES]):
        forwarding = _FORWARDING_RE.search(paragraph.text)
        if forwarding is None:
            continue
        before = "".join(p.text for p in simplified[:at]) + paragraph.text[: forwarding.start()]
        if not _COMMENT_RE.search(before.replace(title.group(0), "", 1)):
            return None
        own = original[at]
        rest = _after_signature(own.text, forwarding.end())
        following = list(original[at + 1 :])
        start = [Paragraph(own.index, own.text[rest:], own.locator, own.style)] if rest else []
        if not start:
            following = _without_signature_lines(following)
        paragraphs = [*start, *following]
        if not paragraphs:
            return None
        return Cover(paragraphs, at + 1, title.group(0))
    return None


def _after_signature(text: str, end: int) -> int:
    """Where the text after the forwarding sentence starts, past the office, date and note;
    0 when nothing follows on the line."""
    position = end
    for pattern in (_SIGNATURE_RE, _NOTE_RE):
        found = pattern.match(text, position)
        if found is not None:
            position = found.end()
    return position if text[position:].strip() else 0


def _without_signature_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The office and date lines after the cover's last sentence ('县人民政府办公室' /
    '2026年3月30日' / '（此件公开发布）'), when they stand on lines of their own."""
    at = 0
    while at < len(paragraphs) and at < 3:
        text = paragraphs[at].text
        dated = _SIGNATURE_RE.match(text)
        if dated is not None and not text[dated.end() :].strip():
            at += 1
        elif _NOTE_RE.match(text) and not _NOTE_RE.sub("", text).strip():
            at += 1
        elif (
            _OFFICE_LINE_RE.match(text)
            and at + 1 < len(paragraphs)
            and (found := _SIGNATURE_RE.match(paragraphs[at + 1].text)) is not None
            and not paragraphs[at + 1].text[found.end() :].strip()
        ):
            at += 1
        else:
            break
    return paragraphs[at:]
