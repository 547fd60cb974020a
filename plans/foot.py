"""The foot of an issued document (its 版记): the distribution lines ('抄送：县委办公室。',
'分送：…', '主送：…' or '送：…' when a distribution or printing line follows), the subject
words ('主题词：…'), the printing line ('县人民政府办公室　　2026年11月20日印发', its office
maybe on the line before) and the copies printed ('（共印30份）').

It comes after the text and its signature, whatever the kind of document — report, minutes,
bulletin, task division —, so every reader stops where it starts (plans.documents cuts the
text there before any reader, plans.parsing's frame ends the report there). The printing
line's date is the date the document was issued: the document's date when nothing above
gives one.

Not the foot: an attachment list ('附件：1.…') comes before the signature and an annex after
it, both read by the report parser (plans.parsing's annex tasks); a sentence telling what was
printed ('…《办法》于2026年4月3日印发', '由县司法局修改完善后印发') is the text's own.

Plain Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from plans.numerals import WRITTEN_DATE, parse_written_date
from plans.reading import Paragraph

__all__ = ["Foot", "find_foot", "is_foot_line", "printed_date_note"]

# Lines that are the foot wherever they stand after the title: distribution to others, the
# printing line and the copies printed.
_DISTRIBUTION_RE = re.compile(r"^[（(]?(?:抄送|抄报|分送)(?:机关|单位)?\s*[：:]")
_PRINTING_RE = re.compile(
    rf"^(?:(?P<office>[^，,。；;：:《》“”]{{2,40}}?)\s*)?(?P<date>{WRITTEN_DATE})\s*印发$"
)
_COPIES_RE = re.compile(r"^[（(]?\s*共印\s*[\d〇零一二三四五六七八九十百]+\s*份\s*[)）]?$")
# Lines that are the foot only when a line of the kinds above follows them: '主送：' and '送：'
# also head a notice under its title, '主题词：' stands over the distribution lines.
_WEAK_RE = re.compile(r"^[（(]?(?:(?:主送|发送|报送|送|报|发)(?:机关|单位)?\s*[：:]|主题词)")
# An office alone on its line above the printing date: '青河县人民政府办公室'.
_OFFICE_RE = re.compile(r"^[^，,。；;：:、《》“”\s（(]{2,30}$")
_MARKER_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}|\d{1,3})[、.．](?!\d)|^[（(][一二三四五六七八九十\d]{1,3}[)）]"
)


def _office(texts: Sequence[str], at: int) -> bool:
    """The line at ``at`` is an office alone (not the title line, not a numbered heading)."""
    return at >= 1 and bool(_OFFICE_RE.match(texts[at])) and not _MARKER_RE.match(texts[at])


@dataclass(frozen=True)
class Foot:
    """Where the foot starts (a position in the paragraphs given), its first line, and the
    printing date and office when a printing line is in it."""

    start: int
    first_line: str
    lines: int
    printed_on: dt.date | None
    printed_by: str | None


def _strong(text: str) -> bool:
    return bool(
        _DISTRIBUTION_RE.match(text) or _COPIES_RE.match(text) or _printing(text) is not None
    )


def _printing(text: str) -> re.Match[str] | None:
    match = _PRINTING_RE.match(text)
    if match is None or (match.group("office") or "").endswith(("于", "在", "已", "将")):
        return None  # '《河口镇项目考核办法》于2026年4月3日印发': the text telling what was printed
    return match


def is_foot_line(text: str) -> bool:
    """A line of the foot's kinds, wherever it stands (a reader skipping it as furniture)."""
    text = text.strip()
    return _strong(text) or _WEAK_RE.match(text) is not None


def find_foot(paragraphs: Sequence[Paragraph]) -> Foot | None:
    """The document's foot: from its first line (not the title's) to the end. A weak line
    ('主送：', '主题词：') opens it only with a distribution or printing line among the three
    after it; the office alone on the line above the printing line is its first line then.
    Numbered points after a line say the text goes on: no foot there. None when the
    document has no foot."""
    texts = [p.text.strip() for p in paragraphs]
    for at in range(1, len(texts)):
        text = texts[at]
        if not _strong(text):
            if not _WEAK_RE.match(text) or not any(_strong(t) for t in texts[at + 1 : at + 4]):
                continue
        if any(_MARKER_RE.match(t) for t in texts[at + 1 :]):
            continue  # numbered points after it: the text goes on ('主送：…抄送：…' at the top)
        start = at
        printing = _printing(text)
        if printing is not None and printing.group("office") is None and _office(texts, at - 1):
            start = at - 1  # '青河县人民政府办公室' / '2026年11月20日印发'
        printed_on, printed_by = None, None
        for line_at in range(at, len(texts)):
            printing = _printing(texts[line_at])
            if printing is None:
                continue
            printed_on = parse_written_date(printing.group("date"))
            office = printing.group("office")
            if office is None and line_at > start and _office(texts, line_at - 1):
                office = texts[line_at - 1]
            printed_by = office.strip() if office else None
            break
        return Foot(start, texts[start], len(texts) - start, printed_on, printed_by)
    return None


def printed_date_note(printed_on: dt.date) -> str:
    """The warning shown when the printing date stands for the document's date."""
    return (
        f"成文日期取自文末版记的印发日期：{printed_on.year}年{printed_on.month}月{printed_on.day}日"
        "（文中没有落款日期），请核对。"
    )
