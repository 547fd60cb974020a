"""Read the agreed items of meeting minutes (会议纪要) as tasks.

Plain Python, no Django. Minutes say what was agreed under '会议议定' / '会议要求' /
'会议明确' / '会议决定' — as a heading with numbered items under it, as an introducing
sentence ending in a colon, or as paragraphs each opening with those words — and each item
often names who leads, who co-operates and by when: '由X牵头、Y配合，于Z前完成'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plans.parsing import PlanItem, _enumeration, _match_heading, split_title
from plans.reading import Paragraph

__all__ = ["is_minutes", "minutes_items"]

_MINUTES_TITLE_RE = re.compile(r"纪要")
_CUE = r"会议(?:议定|要求|明确|决定|同意|原则同意|研究决定|认为|指出|强调)"
_CUE_HEADING_RE = re.compile(
    rf"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])?\s*{_CUE}"
)
_CUE_PARAGRAPH_RE = re.compile(
    rf"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?P<cue>{_CUE})[，,：:\s]*"
)
# Said in the meeting but not an agreed action: who attended, what was reported.
_NOT_ACTION_RE = re.compile(
    r"^(?:出席|列席|参加|参会|记录|主持|请假|会议听取|会议审议|会议传达|会议学习)"
)
_ACTION_CUES = ("议定", "要求", "明确", "决定", "同意", "原则同意", "研究决定")


def is_minutes(paragraphs: Sequence[Paragraph]) -> bool:
    """Minutes have '纪要' in their first lines and say what the meeting agreed."""
    head = " ".join(p.text for p in paragraphs[:4])
    return bool(_MINUTES_TITLE_RE.search(head)) and any(
        _CUE_HEADING_RE.search(p.text) or _CUE_PARAGRAPH_RE.match(p.text) for p in paragraphs
    )


def minutes_items(paragraphs: Sequence[Paragraph]) -> tuple[list[PlanItem], str | None]:
    """The agreed items, each one task, and the cue they were found by ('会议议定')."""
    items: list[PlanItem] = []
    cue_found: str | None = None
    position = 0
    while position < len(paragraphs):
        paragraph = paragraphs[position]
        text = paragraph.text
        match = _CUE_PARAGRAPH_RE.match(text)
        if match is None:
            position += 1
            continue
        cue = match.group("cue")
        if not any(word in cue for word in _ACTION_CUES):
            position += 1
            continue
        cue_found = cue_found or cue
        rest = text[match.end() :]
        if rest.endswith(("：", ":")) or not rest or _is_heading_only(paragraph, rest):
            # '会议议定如下：' / '二、会议议定事项' — the items follow as numbered paragraphs.
            position = _numbered_after(paragraphs, position + 1, cue, items)
            continue
        spans = _enumeration(rest)
        if spans:
            for marker, start, end in spans:
                title, body = split_title(rest[start:end])
                items.append(
                    PlanItem(marker, title, body, paragraph, f"会议纪要：“{cue}”下的“一是、二是”")
                )
        elif not _NOT_ACTION_RE.match(rest):
            title, body = split_title(rest)
            items.append(PlanItem(None, title, body, paragraph, f"会议纪要：以“{cue}”开头的段落"))
        position += 1
    return items, cue_found


def _is_heading_only(paragraph: Paragraph, rest: str) -> bool:
    return _match_heading(paragraph) is not None and len(rest) <= 8 and "。" not in rest


def _numbered_after(
    paragraphs: Sequence[Paragraph], start: int, cue: str, items: list[PlanItem]
) -> int:
    """Numbered paragraphs after an introducing line; stops at a heading of a higher level or
    at the next cue."""
    first = _match_heading(paragraphs[start]) if start < len(paragraphs) else None
    position = start
    while position < len(paragraphs):
        paragraph = paragraphs[position]
        if _CUE_PARAGRAPH_RE.match(paragraph.text):
            break
        heading = _match_heading(paragraph)
        if heading is None:
            if items and first is not None and position > start:
                items[-1].body = "\n".join(b for b in (items[-1].body, paragraph.text) if b)
                position += 1
                continue
            break
        if first is not None and heading.rank < first.rank:
            break
        body = heading.body
        items.append(
            PlanItem(
                heading.number, heading.title, body, paragraph, f"会议纪要：“{cue}”下的编号条目"
            )
        )
        position += 1
    return position
