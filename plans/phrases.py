"""Read who leads, who co-operates and by when, from the phrases offices write them in.

Plain Python, no Django. Used for meeting minutes ("由X牵头、Y配合，于Z前完成"), task-division
tables (a 完成时限 cell: "2022年6月底前", "每季度", "长期坚持") and any plan item or problem
that carries the same phrase. Nothing here guesses: a phrase that is not understood gives no
value and a note saying so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from plans.numerals import parse_chinese_numeral

__all__ = [
    "OFFICE_NOUNS",
    "WRITER_SUBJECT",
    "Assignment",
    "Deadline",
    "department_matches",
    "names_work_to_come",
    "parse_assignment",
    "parse_deadline",
    "parse_stages",
    "reports_work_done",
    "split_units",
]

_CN_NUM = "一二三四五六七八九十〇零两"

# The writer naming itself: '我们', '我局', '本单位', '我街道'. One definition for every rule of
# the report reader that asks whether a sentence is in the writer's own voice.
OFFICE_NOUNS = r"(?:镇|乡|县|区|市|局|街道|社区|村|委|办|处|部门|单位|厅|院|所|站|校|中心|公司)"
WRITER_SUBJECT = rf"(?:我们|[我本]{OFFICE_NOUNS})"


@dataclass(frozen=True)
class Deadline:
    """A time limit as written (``text``) and what it means.

    ``kind`` is 'date' (``due_on`` set), 'periodic' (``period`` is 'weekly', 'monthly',
    'quarterly', 'half-yearly' or 'yearly': a progress report is due every period) or 'none'
    (a standing task, or a phrase not understood; ``note`` says which).
    """

    text: str
    kind: str
    due_on: dt.date | None = None
    period: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "period": self.period,
            "note": self.note,
        }


@dataclass(frozen=True)
class Assignment:
    """Lead units, co-operating units and the deadline named in one text; empty when none."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    # How the lead was read when no label or '牵头' names it ('区住建局要…': the unit told to act).
    lead_reason: str = ""

    def __bool__(self) -> bool:
        return bool(self.lead or self.cooperating or self.deadline)


# --- deadlines ------------------------------------------------------------------------------

_PERIODS = [
    (re.compile(r"每(?:个)?周|每星期"), "weekly", "每周反馈进展"),
    (re.compile(r"每(?:个)?月|按月"), "monthly", "每月反馈进展"),
    (re.compile(r"每(?:个)?季度?|按季度?|季度报送|每季末"), "quarterly", "每季度反馈进展"),
    (re.compile(r"每半年|半年一次"), "half-yearly", "每半年反馈进展"),
    (re.compile(r"每年|按年度|年度报送"), "yearly", "每年反馈进展"),
]
_STANDING_RE = re.compile(
    r"长期(?:坚持|推进|开展|执行|任务)?|持续(?:推进|开展|实施|抓好|落实|进行)?|常态化|经常性|"
    r"动态(?:更新|调整|管理)|日常"
)
_PROMPT_RE = re.compile(r"立即|马上|即时|及时|适时|随时|尽快")
_YEAR = r"(?:(?P<year>\d{4}|[一二三四五六七八九〇零]{4})\s*年)"
_MONTH = rf"(?P<month>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月"
_DAY = rf"(?P<day>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
_DATE_RE = re.compile(rf"{_YEAR}?\s*{_MONTH}\s*(?:{_DAY}|(?P<part>底|末|中旬|上旬|下旬|份|中))?")
_NUMERIC_DATE_RE = re.compile(
    r"(?P<year>20\d{2})\s*[-./]\s*(?P<month>\d{1,2})(?:\s*[-./]\s*(?P<day>\d{1,2}))?"
)
# '2028年前三季度' is the first three quarters of 2028: due at the third's end.
_QUARTER_RE = re.compile(rf"{_YEAR}?\s*(?:第|前)?(?P<quarter>[一二三四1-4])\s*季度")
_HALF_RE = re.compile(rf"{_YEAR}?\s*(?P<half>上|下)半年")
# '2028年底' is the end of 2028 (not '年底' of the plan year after the figures '2028').
_YEAR_END_RE = re.compile(rf"{_YEAR}?\s*(?:年底|年末|年内|年终|全年|底前|(?<=年)底|(?<=年)末)")
_BARE_YEAR_RE = re.compile(rf"^\s*{_YEAR}\s*(?:度)?\s*(?:完成|(?P<before>之前|以前|前)|内)?\s*$")
# '2028年前' (r15c, a product decision): before 2028 begins, so due the last day of 2027. Writers
# sometimes mean 'within 2028': the preview says so beside the date.
_YEAR_BEFORE_NOTE = (
    "“{year}年前”按{earlier}年12月31日计，请核对（如指{year}年内，应为{year}年12月31日）"
)
# '明年3月底前', '今年12月15日前', '明年底前': a year named from the document's own (r16d).
_RELATIVE_YEAR = r"(?:明年|来年|次年|今年|本年度?|当年)"
_RELATIVE_YEAR_END_RE = re.compile(rf"(?P<word>{_RELATIVE_YEAR})度?的?\s*$")
_NEXT_YEAR_WORDS = ("明年", "来年", "次年")


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return parse_chinese_numeral(text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(
    text: str, *, year: int | None = None, issued_on: dt.date | None = None
) -> Deadline | None:
    """Read a time limit ('2022年6月底前', '年底前', '每季度', '长期坚持', '2022.9.30').

    ``year`` is the year a limit without one refers to (the plan year: an annual report's
    plan is next year's). ``issued_on``, the date of a document that is no annual report (a
    bulletin, minutes, a notice), reads such a limit forward from that date instead: the
    first such date on or after it ('3月底前' in a text issued on 2026-11-20 is 2027-03-31,
    '12月底前' 2026-12-31), '明年' its year + 1, '今年' and '年底前' its own year; it wins over
    ``year``. A year written in the limit wins over both. Returns None for an
    empty text; a text that is not understood gives kind 'none' with a note, never a guess.
    When several dates are written ('6月底前完成方案，12月底前全面完成') the last one counts:
    it is when the whole task is due.
    """
    text = text.strip()
    if not text:
        return None
    for pattern, period, note in _PERIODS:
        if pattern.search(text):
            return Deadline(text, "periodic", period=period, note=note)
    dates = _dates_in(text, year, issued_on)
    if dates:
        before = _BARE_YEAR_RE.match(text)
        if before is not None and before["before"]:
            y = dates[-1].year + 1
            note = _YEAR_BEFORE_NOTE.format(year=y, earlier=y - 1)
            return Deadline(text, "date", due_on=dates[-1], note=note)
        return Deadline(text, "date", due_on=dates[-1])
    if _STANDING_RE.search(text):
        return Deadline(text, "none", note="长期任务，无固定完成时限")
    if _PROMPT_RE.search(text):
        return Deadline(text, "none", note="要求尽快办理但未写日期，请人工填写")
    if (
        re.search(r"\d{4}\s*年|[月季]|年底|年末|年内|半年", text)
        and year is None
        and issued_on is None
    ):
        return Deadline(text, "none", note="时限缺少年份，请补充")
    return Deadline(text, "none", note="未能识别时限，请人工填写")


def _relative_year(text: str, start: int, issued_on: dt.date) -> int | None:
    """The year '明年'/'今年' just before ``start`` names (the '年' of '明年底' may be the
    match's own first character), counted from ``issued_on``; None when no such word."""
    ends = (start, start + 1) if text.startswith("年", start) else (start,)
    for end in ends:
        word = _RELATIVE_YEAR_END_RE.search(text[:end])
        if word is not None:
            return issued_on.year + (1 if word["word"] in _NEXT_YEAR_WORDS else 0)
    return None


def _dates_in(text: str, year: int | None, issued_on: dt.date | None = None) -> list[dt.date]:
    found: list[tuple[int, dt.date]] = []
    consumed: list[tuple[int, int]] = []

    def yearless(
        start: int, written: int | None, make: Callable[..., dt.date | None], *args: int
    ) -> dt.date | None:
        """The date of a limit (``make(year, *args)``): in the year written, else as
        parse_deadline says for ``year`` and ``issued_on``."""
        if written is not None:
            return make(written, *args)
        if issued_on is None:
            return make(year, *args) if year is not None else None
        named = _relative_year(text, start, issued_on)
        if named is not None:
            return make(named, *args)
        date = make(issued_on.year, *args)
        if date is not None and date < issued_on:
            return make(issued_on.year + 1, *args)
        return date

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in consumed)

    def add(position: int, end: int, date: dt.date | None) -> None:
        if date is not None and free(position, end):
            found.append((position, date))
            consumed.append((position, end))

    y: int | None
    m: int | None
    for match in _NUMERIC_DATE_RE.finditer(text):
        d = match["day"]
        add(
            match.start(),
            match.end(),
            _safe_date(int(match["year"]), int(match["month"]), int(d) if d else None),
        )
    for match in _DATE_RE.finditer(text):
        m = _number(match["month"])
        if m is None:
            continue
        day = _number(match["day"])
        part = match["part"]
        if day is None and part in ("上旬",):
            day = 10
        elif day is None and part in ("中旬", "中"):
            day = 20
        add(
            match.start(),
            match.end(),
            yearless(match.start(), _number(match["year"]), _safe_date_or_end, m, day or 0),
        )
    for match in _QUARTER_RE.finditer(text):
        q = {"一": 1, "二": 2, "三": 3, "四": 4}.get(match["quarter"]) or int(match["quarter"])
        add(
            match.start(),
            match.end(),
            yearless(match.start(), _number(match["year"]), _month_end, q * 3),
        )
    for match in _HALF_RE.finditer(text):
        month = 6 if match["half"] == "上" else 12
        add(
            match.start(),
            match.end(),
            yearless(match.start(), _number(match["year"]), _month_end, month),
        )
    for match in _YEAR_END_RE.finditer(text):
        add(
            match.start(),
            match.end(),
            yearless(match.start(), _number(match["year"]), lambda y: dt.date(y, 12, 31)),
        )
    bare = _BARE_YEAR_RE.match(text)
    if bare:
        y = _number(bare["year"])
        if y is not None:
            add(bare.start(), bare.end(), dt.date(y - 1 if bare["before"] else y, 12, 31))
    return [date for _, date in sorted(found)]


def _safe_date_or_end(year: int, month: int, day: int) -> dt.date | None:
    """_safe_date with 0 for no day (the month's end)."""
    return _safe_date(year, month, day or None)


def _safe_date(year: int, month: int, day: int | None) -> dt.date | None:
    if not (1900 < year < 2200 and 1 <= month <= 12):
        return None
    if day is None:
        return _month_end(year, month)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- who leads and who co-operates ----------------------------------------------------------

_UNIT_BREAK = "，,。；;：:（）()\n"
_UNIT = rf"[^{_UNIT_BREAK}]{{2,60}}?"
# The units after a label, up to the next label ('…，配合单位：…') or the end of the clause.
# Labels on one line may be parted by spaces only ('责任单位：X  配合单位：Y  完成时限：Z').
_LABELLED_UNITS = r"(?:(?!(?:[，,]|\s)\s*[^，,：:；;\s]{2,8}[：:])[^；;。\n）)])+"
_LABELLED_LEAD_RE = re.compile(
    r"(?:牵头(?:单位|部门|处室)|责任(?:单位|部门|处室)|主责(?:单位|部门))\s*[：:]\s*(?P<units>"
    rf"{_LABELLED_UNITS})"
)
_LABELLED_COOP_RE = re.compile(
    r"(?:配合|协办|协助|参与|协同)(?:单位|部门|处室)\s*[：:]\s*(?P<units>"
    rf"{_LABELLED_UNITS})"
)
_LEAD_RE = re.compile(
    rf"(?:^|[{_UNIT_BREAK}\s])(?:由)?(?P<units>{_UNIT})(?:负责)?牵头(?:负责|抓总)?"
)
_COOP_AFTER_RE = re.compile(
    rf"^\s*[、，,]?\s*(?P<units>{_UNIT})(?:等(?:有关)?(?:单位|部门|处室))?"
    r"(?:按职责)?(?:配合|协助|协同|参与|协办)"
)
_TOGETHER_RE = re.compile(
    rf"(?:^|[{_UNIT_BREAK}\s])(?:由)?(?P<lead>{_UNIT})会同(?P<coop>{_UNIT})(?:负责|共同|办理|推进|完成|落实|研究)"
)
_RESPONSIBLE_RE = re.compile(rf"(?:^|[{_UNIT_BREAK}\s])由(?P<units>{_UNIT})(?:具体)?负责")
# '县教育局负责，9月10日前完成': a clause that is only an office's name and 负责.
_OFFICE_END = r"(?:局|委|办|厅|处|科|室|所|站|中心|政府|街道|镇|乡|公司|队|院|部|组)"
_CLAUSE_RESPONSIBLE_RE = re.compile(
    rf"(?:^|[{_UNIT_BREAK}\s])(?P<units>[^{_UNIT_BREAK}\s要将已]{{2,30}}?{_OFFICE_END})(?:具体)?负责(?=[，,。；;]|$)"
)
# '由县司法局按程序印发实施', '由市住建局、市财政局按职责…': who does it, named after 由.
_BY_OFFICE_RE = re.compile(
    rf"(?:^|[{_UNIT_BREAK}\s])由(?![于此衷])(?P<units>[^{_UNIT_BREAK}\s]{{2,30}}?{_OFFICE_END}"
    rf"(?:[、和及与][^{_UNIT_BREAK}\s]{{2,20}}?{_OFFICE_END})*)"
)
# '会议责成县市场监管局于8月15日前…': the office charged leads.
_CHARGED_RE = re.compile(
    rf"责成(?P<units>[^{_UNIT_BREAK}\s]{{2,30}}?{_OFFICE_END})(?=于|在|要|抓紧|尽快|立即|牵头|负责|[，,])"
)
# '区住建局要加快…', '县财政局负责做好…', '由县卫健局会同县医保局制定…': the one office a clause
# tells to act, when no label or '牵头' names the lead (engineer r15a). The name opens its clause;
# the writer ('我局要'), a class of units ('各乡镇要', '有关部门要', '乡镇(街道)党工委要') and an
# office the clause is about ('为县住建局提供…', '县住建局存在…', '县住建局要求…') are none.
_ACTING_UNITS = (
    rf"(?![我本各全有相该请经在按\d])(?![一二三四五六七八九十]{{1,2}}是)(?!(?:为|向|对|给|与|和|帮助|协助|支持|配合|督促|推动|要求|"
    rf"指导|组织|联合|协调|通知|提请|建议|由于|根据|依托|加强)[^{_UNIT_BREAK}\s])"
    rf"[^{_UNIT_BREAK}\s的]{{2,20}}?{_OFFICE_END}"
    rf"(?:[、和及与](?![我本各全有相该])[^{_UNIT_BREAK}\s]{{2,20}}?{_OFFICE_END})*"
)
_ACTING_UNIT_RE = re.compile(
    r"(?:^|[，,。；;：:\n\s])(?:[一二三四五六七八九十]{1,2}是|\d{1,2}[.．、])?(?:由)?"
    rf"(?P<units>{_ACTING_UNITS})"
    r"(?P<modal>要(?!求)|应当?|须|必须|务必|抓紧|尽快|立即|切实|加快|会同|"
    # '负责统筹安排…' is an instruction; '负责xx乡镇的垃圾清运' a duty described, no instruction.
    r"负责(?=做好|抓好|推进|落实|组织|制定|协调|督促|统筹|开展|实施|完成|筹措|保障|指导|监督|编制|拟定))"
)
_ACTING_COOP_RE = re.compile(
    rf"(?P<units>[^{_UNIT_BREAK}\s]{{2,20}}?{_OFFICE_END}"
    rf"(?:[、和及与][^{_UNIT_BREAK}\s]{{2,20}}?{_OFFICE_END})*)"
)
_BY_WHEN_RE = re.compile(
    r"(?:于|在|力争于?|务必于)\s*(?P<when>[^，,。；;（()）、]{1,24}?)\s*(?:以)?前|"
    r"(?P<bare>[^，,。；;（()）、]{1,24}?)\s*(?:以)?前\s*"
    r"(?:完成|办结|落实到位|落实|到位|报送|上报|提交|出台|印发|建成|办理完毕)"
)
_WHEN_START_RE = re.compile(
    rf"{_RELATIVE_YEAR}(?=\s*(?:\d|[{_CN_NUM}]{{1,3}}\s*月|[底末内]|[上下]半年|第?[一二三四]季度))|"
    r"\d|[一二三四五六七八九十〇]{1,4}\s*[年月]|年底|年末|年内|上半年|下半年|第?[一二三四]季度|月底"
)
_LABELLED_WHEN_RE = re.compile(
    r"(?:完成)?(?:时限|时间|期限)(?:要求)?\s*[：:]\s*(?P<when>[^；;。\n]+)"
)
# A date limit written in the item's own words, when no '于Z前完成' / '完成时限：Z' names one
# (r14e): '2027年6月底前制定…', '9月30日前出台…', '年底前实现…', '2027年上半年完成…'. The date is
# followed by 前 and what is to be done, or (a period only: 上/下半年, 季度, 年内, 年底) by 完成-like
# verbs. Not a limit: '6月底前已完成' (done), '2026年6月，我局制定了…' (no 前), '6月前后'.
_LIMIT_YEAR = r"(?:\d{4}|[一二三四五六七八九〇零]{4})\s*年"
_LIMIT_DATE = (
    rf"(?:{_LIMIT_YEAR}\s*|{_RELATIVE_YEAR})?(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*"
    rf"(?:(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[日号]|底|末|中旬|上旬|下旬|份)?"
)
_LIMIT_PERIOD = (
    rf"(?:{_LIMIT_YEAR}\s*|{_RELATIVE_YEAR})?"
    r"(?:(?:第|前)?[一二三四1-4]\s*季度(?:末)?|[上下]半年(?:末)?|年底|年末|年内)"
    rf"|(?:{_LIMIT_YEAR}|{_RELATIVE_YEAR})\s*(?:底|末)"
)
# A year alone ('2028年前完成', r15c) is a limit too (see _YEAR_BEFORE_NOTE); a count of years
# ('3年前', '十年前': years ago) is not, nor '2028年前后' or '2028年前三季度' (a quarter's limit).
_WRITTEN_LIMIT_RE = re.compile(
    rf"(?P<when>(?:{_LIMIT_DATE}|{_LIMIT_PERIOD}|{_LIMIT_YEAR})\s*(?:之前|以前|前))"
    r"(?![后一二三四五六七八九十两几半\d])"
    r"(?![^，,。；;]{0,3}已)(?=\s*[\u4e00-\u9fff])"
    rf"|(?P<period>{_LIMIT_PERIOD})\s*(?:内)?\s*(?=(?:基本|全面|全部)?(?:完成|建成|实现|出台|印发)(?!了))"
)
# A text reporting work done (r15c): a limit in it ('今年以来开展了…清理，2026年上半年完成清理工作，
# 累计…') was met, not set. The text's words decide, not the limit's sentence: a mark of work
# done anywhere ('了', '已', '累计', '截至'…) and no word of intent anywhere ('将', '要', '力争',
# '预计'…). '已有' (what exists) and '为了/了解' report nothing done.
_WORK_DONE_RE = re.compile(r"(?<![为除])了(?!解)|已(?!有)|累计|共计|截至|截止|圆满|顺利")
_INTENT_RE = re.compile(
    r"将|(?<![纲摘提概重主需])要(?![求点])|拟|计划|打算|力争|力求|争取|确保|预计|务必|必须|"
    r"尽快|抓紧|明年|下一步|下步|下阶段|会议(?:要求|议定|决定|明确)"
)
_PERIODIC_REPORT_RE = re.compile(
    r"(?:每(?:个)?(?:周|月|季度?|半年|年)|按(?:月|季度?))[^，,。；;]{0,8}(?:报送|报告|反馈|通报|调度|汇报)"
)
_UNIT_TRIM_RE = re.compile(
    r"^(?:(?:会议)?(?:原则|一致)?同意由|由|请|各|有关)|(?:等(?:有关)?(?:单位|部门|处室)?|分别|共同|负责|按职责)$"
)


_SHARED_LABEL_RE = re.compile(r"\s*(?P<lead>[^，,、]{2,30}?)牵头\s*[，,]\s*(?P<coop>\S.*)$")
_SHARED_COOP_TAIL_RE = re.compile(
    r"(?:等(?:有关)?(?:单位|部门|处室)?)?(?:分工|按职责)?(?:负责|配合)?\s*$"
)


# '人力资源和社会保障局', '住房和城乡建设局', '工业和信息化局': one office whose name holds '和'
# (r14c). A '和/及/与' parts two units unless the words before it name no office and the words
# after it end in one, not opening with a place ('县教育局和县财政局', '住建和消防部门', '住建和市财政局'
# are still two).
_JOINED_NAME_LEFT_RE = re.compile(rf"{_OFFICE_END}$")
_JOINED_NAME_RIGHT_RE = re.compile(
    r"^(?![市县区省州镇乡])[^、，,；;]{2,12}?(?:局|厅|委|办|署|院|中心)$"
)


def _unit_parts(text: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"[、，,；;/／]|以及", text):
        pieces = re.split(r"(和|及|与)", piece)
        current = pieces[0]
        for joiner, following in zip(pieces[1::2], pieces[2::2], strict=True):
            left = current.strip(" 　")
            if not _JOINED_NAME_LEFT_RE.search(left) and _JOINED_NAME_RIGHT_RE.match(following):
                current = f"{current}{joiner}{following}"
            else:
                parts.append(current)
                current = following
        parts.append(current)
    return parts


def split_units(text: str) -> list[str]:
    """'省应急厅政策法规处、执法总队等单位' → ['省应急厅政策法规处', '执法总队']."""
    units: list[str] = []
    for part in _unit_parts(text):
        part = part.strip(" 　")
        previous = None
        while previous != part:
            previous = part
            part = _UNIT_TRIM_RE.sub("", part).strip(" 　")
        if len(part) >= 2 and part not in units:
            units.append(part)
    return units


def parse_assignment(
    text: str,
    *,
    year: int | None = None,
    planned: bool | None = None,
    issued_on: dt.date | None = None,
) -> Assignment:
    """Find '由X牵头、Y配合，于Z前完成' and its variants in a text.

    Recognised: 'X牵头，Y、Z配合', '由X会同Y负责', '由X负责', '牵头单位：X；配合单位：Y',
    '责任单位：X', 'Z前完成', '完成时限：Z'; when none of these names a lead, the one office a
    clause tells to act ('区住建局要加快…', '县财政局负责…', '由X会同Y制定…'), with
    ``lead_reason`` saying so. Returns an empty Assignment when nothing matches.
    ``planned`` is the role of the section the text stands in: True for a plan section (its
    limits are deadlines whatever its words), None when not known — then a text reporting work
    done (``reports_work_done``) names no deadline but a labelled one ('完成时限：Z').
    ``year`` and ``issued_on`` give the year of a limit written without one (parse_deadline).
    """
    lead: list[str] = []
    cooperating: list[str] = []
    labelled = _LABELLED_LEAD_RE.search(text)
    if labelled:
        lead = split_units(labelled["units"])
        # '责任单位：X牵头，Y、Z等部门分工负责': the label covers both; X leads, the rest co-operate.
        shared = _SHARED_LABEL_RE.match(labelled["units"])
        if shared:
            lead = split_units(shared["lead"])
            cooperating = split_units(_SHARED_COOP_TAIL_RE.sub("", shared["coop"]))
    labelled_coop = _LABELLED_COOP_RE.search(text)
    if labelled_coop and not cooperating:
        cooperating = split_units(labelled_coop["units"])
    if labelled and labelled.group(0).startswith("牵头") and not cooperating:
        # '牵头单位：X' then '责任单位：Y、Z' (a division's two lines, r16a): Y and Z share it.
        sharing = _LABELLED_LEAD_RE.search(text, labelled.end())
        if sharing and sharing.group(0).startswith("责任"):
            cooperating = split_units(sharing["units"])
    if not lead:
        together = _TOGETHER_RE.search(text)
        if together:
            lead = split_units(together["lead"])
            cooperating = cooperating or split_units(together["coop"])
    if not lead:
        match = _LEAD_RE.search(text)
        if match:
            lead = split_units(match["units"])
            after = _COOP_AFTER_RE.match(text[match.end() :])
            if after and not cooperating:
                cooperating = split_units(after["units"])
    if not lead:
        match = (
            _RESPONSIBLE_RE.search(text)
            or _CLAUSE_RESPONSIBLE_RE.search(text)
            or _CHARGED_RE.search(text)
            or _BY_OFFICE_RE.search(text)
        )
        if match:
            lead = split_units(match["units"])
            # '由县卫健局会同县医保局制定…': the offices it works with co-operate.
            together_with = _ACTING_COOP_RE.match(text, match.end() + 2)
            if text.startswith("会同", match.end()) and together_with and not cooperating:
                cooperating = split_units(together_with["units"])
    lead_reason = ""
    if not lead:
        acting = _ACTING_UNIT_RE.search(text)
        if acting:
            lead = split_units(acting["units"])
            if acting["modal"] == "会同" and not cooperating:
                together_with = _ACTING_COOP_RE.match(text, acting.end())
                cooperating = split_units(together_with["units"]) if together_with else []
            lead_reason = f"文中“{acting['units']}{acting['modal']}…”指明由其办理（未写牵头单位）"
    deadline: Deadline | None = None
    labelled_when = _LABELLED_WHEN_RE.search(text)
    met = not labelled_when and planned is not True and reports_work_done(text)
    by_when = None if met else _BY_WHEN_RE.search(text)
    when_text = (
        labelled_when["when"]
        if labelled_when
        else (by_when["when"] or by_when["bare"])
        if by_when
        else None
    )
    if when_text and not labelled_when:
        # '政策法规处6月底前完成' — the time starts at the first date word.
        date_start = _WHEN_START_RE.search(when_text)
        when_text = when_text[date_start.start() :] if date_start else when_text
        if _BARE_YEAR_RE.match(when_text):
            when_text += "前"  # '于2028年前完成': the 前 decides the year (_YEAR_BEFORE_NOTE)
    if when_text:
        deadline = parse_deadline(when_text, year=year, issued_on=issued_on)
        if deadline is not None and deadline.kind == "none" and not _STANDING_RE.search(when_text):
            deadline = None  # '按要求前完成' names no time; better none than a wrong one
    if deadline is None and not labelled_when and not met:
        deadline = _written_limit(text, year, issued_on)
    if deadline is None:
        periodic = _PERIODIC_REPORT_RE.search(text)
        if periodic:
            deadline = parse_deadline(periodic.group(0), year=year, issued_on=issued_on)
    return Assignment(
        lead=lead,
        cooperating=[u for u in cooperating if u not in lead],
        deadline=deadline,
        lead_reason=lead_reason,
    )


def names_work_to_come(text: str) -> bool:
    """Whether a text holds a word of intent ('将', '要', '力争', '下一步'…)."""
    return bool(_INTENT_RE.search(text))


def reports_work_done(text: str) -> bool:
    """Whether a text tells work done rather than work to do (see _WORK_DONE_RE)."""
    return bool(_WORK_DONE_RE.search(text)) and not names_work_to_come(text)


def _written_limit(
    text: str, year: int | None, issued_on: dt.date | None = None
) -> Deadline | None:
    """'2027年6月底前制定…' in the item's text: the deadline, shown as written ('2027年6月底前').

    Several limits ('3月底前制定方案，6月底前出台') are kept together in the text and the last
    one counts, as in parse_deadline. Without a year and none given ('6月底前制定', year=None)
    the deadline is kind 'none' with parse_deadline's note: the phrase is a limit, its year is
    missing.
    """
    limits = [
        (match["when"] or match["period"]).strip() for match in _WRITTEN_LIMIT_RE.finditer(text)
    ]
    if not limits:
        return None
    return parse_deadline("，".join(limits), year=year, issued_on=issued_on)


# --- stages: '6月底前完成初稿，9月底前报审，年底前印发' ------------------------------------------

_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。]")
_BEFORE_RE = re.compile(r"^\s*(?:之前|以前|前|内|底前|为止)\s*")
_STAGE_LEAD_RE = re.compile(r"^\s*(?:于|在|到|至)\s*")


@dataclass(frozen=True)
class Stage:
    """One dated stage of a task as written: what is to be done (``title``) by ``due_on``."""

    title: str
    due_on: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "due_on": self.due_on.isoformat()}


def parse_stages(
    text: str, *, year: int | None = None, issued_on: dt.date | None = None
) -> list[Stage]:
    """The dated stages a text lists, oldest first; the last is when the whole task is due.

    '2022年6月底前完成初稿，9月底前报审，年底前印发实施' gives 完成初稿 (2022-06-30), 报审
    (2022-09-30) and 印发实施 (2022-12-31). A clause counts only when it carries one date, says
    it is a time limit ('…前', '…内', or 完成) and words saying what is due. Fewer than two such
    clauses, a periodic limit, or stages not in time order give [] (nothing guessed).
    """
    clauses = [c.strip() for c in _CLAUSE_SPLIT_RE.split(text or "") if c.strip()]
    found: list[Stage] = []
    for clause in clauses:
        if any(pattern.search(clause) for pattern, _period, _note in _PERIODS):
            return []
        dates = _dates_in(clause, year, issued_on)
        if len(dates) != 1:
            continue
        words = _stage_words(clause)
        if words:
            found.append(Stage(words, dates[0]))
    dates = [stage.due_on for stage in found]
    if len(found) < 2 or dates != sorted(dates) or len(set(dates)) != len(dates):
        return []
    return found


class StageLineError(ValueError):
    """Line ``number`` of a stages text is not 'YYYY-MM-DD 内容' (``reason``: 'date' or 'title')."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(f"line {number}: {reason}")
        self.number = number
        self.reason = reason


def read_stage_lines(text: str) -> list[Stage]:
    """The stages a supervisor typed, one per line as 'YYYY-MM-DD 内容' (what the preview's
    时间节点 box shows and the API's text form takes); blank lines are skipped."""
    stages = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        date_text, _sep, title = line.strip().partition(" ")
        try:
            due_on = dt.date.fromisoformat(date_text.strip())
        except ValueError:
            raise StageLineError(number, "date") from None
        title = " ".join(title.split())[:300]
        if not title:
            raise StageLineError(number, "title")
        stages.append(Stage(title, due_on))
    return stages


def _stage_words(clause: str) -> str:
    """What a dated clause says is to be done by then ('' when it is not a time limit)."""
    for pattern in (_NUMERIC_DATE_RE, _DATE_RE, _QUARTER_RE, _HALF_RE, _YEAR_END_RE):
        match = pattern.search(clause)
        if match:
            before, after = clause[: match.start()], clause[match.end() :]
            limit = _BEFORE_RE.match(after) or match.group(0).endswith("底前") or "完成" in clause
            if not limit:
                return ""
            after = _BEFORE_RE.sub("", after)
            return (_STAGE_LEAD_RE.sub("", before) + after).strip(" ：:、")[:300]
    return ""


# --- matching unit names to the organisation ------------------------------------------------

_ORG_PREFIX_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|市|县|区|州|盟|旗))?(?:[\u4e00-\u9fff]{0,8}?(?:厅|局|委|办|院|部|中心))?"
)


def department_matches(raw: str, departments: list[tuple[str, str]]) -> list[str]:
    """Names of the departments a written unit name may mean, best first.

    ``departments`` is (name, short name) pairs of the organisation. '省应急厅政策法规处' matches
    '政策法规处' because the written name ends with it after the organisation's own prefix;
    an exact name or short name wins over a suffix. An unknown name gives [] (the user maps it).
    """
    written = raw.strip()
    exact = [name for name, short in departments if written in (name, short) and written]
    if exact:
        return exact
    suffix = [
        name
        for name, short in departments
        if (name and written.endswith(name))
        or (short and len(short) >= 2 and written.endswith(short))
    ]
    if suffix:
        return sorted(suffix, key=len, reverse=True)
    stripped = _ORG_PREFIX_RE.sub("", written)
    if stripped and stripped != written:
        return [name for name, short in departments if stripped in (name, short)]
    return []
