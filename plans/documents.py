"""Decide what kind of document an upload is and read it with the matching rules.

Plain Python, no Django. A task-division table (a .docx or .xlsx table with a task column and
a lead or deadline column) gives one task per row; meeting minutes give one task per agreed
item; anything else is read as a report (plans.parsing). All three give a ParsedReport, so
the preview, the CLI and the API handle them alike; ``document_kind`` tells them apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import replace
from typing import Any

from plans.bulletins import (
    normative_number,
    read_bulletin,
    read_counted_findings,
    read_delayed_items,
    read_flattened_rectification,
    read_notice_requirements,
    read_site_findings,
    read_site_requirements,
    read_situation_admission,
    read_situation_findings,
)
from plans.cover_notice import Cover, split_cover
from plans.foot import Foot, find_foot, printed_date_note
from plans.minutes import heard_only, is_minutes, is_topic_heading, minutes_title, read_minutes
from plans.numerals import parse_written_date
from plans.parsing import (
    ParsedReport,
    PlanItem,
    Section,
    _fill_assignments,
    _find_frame,
    _Restorer,
    parse_report,
    split_title,
)
from plans.phrases import Assignment, Deadline, parse_assignment, split_units
from plans.reading import Document, Paragraph
from plans.tables import (
    TaskTable,
    find_task_table,
    table_from_bare_cell_lines,
    table_from_cell_lines,
)
from plans.traditional import to_simplified

__all__ = ["parse_document"]


def parse_document(document: Document) -> ParsedReport:
    """Read a Document (from plans.reading.read_document) as a table, minutes or a report."""
    table = find_task_table(document.tables) if document.tables else None
    flattened = joined = False
    if table is None and not document.tables:
        # A task table copied from a web page as text, one cell a line.
        rebuilt = table_from_cell_lines(document.paragraphs)
        table = find_task_table([rebuilt]) if rebuilt is not None else None
        flattened = True
        if table is None and (bare := table_from_bare_cell_lines(document.paragraphs)):
            # The same without the '|' marks, a header cell perhaps split over lines.
            table = find_task_table([bare[0]])
            joined = bare[1]
    if table is not None and table.rows:
        return _from_table(document, table, flattened=flattened, joined=joined)
    cover = split_cover(document.paragraphs, _simplified(document.paragraphs))
    if cover is not None:
        return _forwarded(document, cover)
    return _parse_text(document)


def _simplified(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs in simplified characters (same length), for matching."""
    return [
        p if (s := to_simplified(p.text)) == p.text else Paragraph(p.index, s, p.locator, p.style)
        for p in paragraphs
    ]


def _forwarded(document: Document, cover: Cover) -> ParsedReport:
    """A document forwarded under a cover notice with a leader's comments: read as itself, the
    cover's comments no plan; every section's reason and the warnings say so."""
    report = _parse_text(replace(document, paragraphs=cover.paragraphs))
    first = cover.paragraphs[0]
    note = (
        f"转发通知：开头{cover.count}段是“{cover.title}”及其批示、转发说明，不作为计划或问题，"
        f"从其后所附的文件（“{first.text[:20]}…”）读起"
    )
    for section in (report.plan_section, report.problem_section):
        if section is not None:
            section.reason = f"{note}；{section.reason}"
    report.warnings.insert(0, f"{note}。")
    report.content_sha256 = _hash([p.text for p in document.paragraphs])
    return report


def _parse_text(document: Document) -> ParsedReport:
    """A text with no task table: minutes, or a report (with a division, a bulletin, a
    notice's requirements or a situation's admissions where the report reading found none).
    Every reader reads the text above its foot ('抄送：…', '…印发', plans.foot); the report
    reader is given the whole text, its frame ends at the same foot and takes the printing
    date from it."""
    whole = document
    # Minutes are matched on the simplified text (same length), shown in the document's own.
    simplified = _simplified(document.paragraphs)
    foot = find_foot(simplified)
    if foot is not None:
        simplified = simplified[: foot.start]
        document = replace(document, paragraphs=document.paragraphs[: foot.start])
    minutes_shaped = is_minutes(simplified)
    if minutes_shaped:
        printed_on = foot.printed_on if foot is not None else None
        minutes = _from_minutes(document.paragraphs, simplified, whole.paragraphs, printed_on)
        if minutes is not None:
            return _with_foot(minutes, foot)
    elif heard := heard_only(simplified):
        return _with_foot(_heard_minutes(whole, simplified, heard), foot)
    return _with_foot(_read_as_report(document, simplified, minutes_shaped, whole), foot)


def _with_foot(report: ParsedReport, foot: Foot | None) -> ParsedReport:
    """The reason of the plan section says the foot was not read (when it had lines to say)."""
    if foot is not None and report.plan_section is not None:
        report.plan_section.reason += f"；文末版记（自“{foot.first_line[:16]}”起{foot.lines}行，抄送、印发等）不是正文，未读入"
    return report


def _read_as_report(
    document: Document, simplified: list[Paragraph], minutes_shaped: bool, whole: Document
) -> ParsedReport:
    report = parse_report(whole.paragraphs)
    if without := _minutes_without_items(document, simplified, report, whole):
        return without
    if (
        minutes_shaped
        and report.problem_section is not None
        and is_topic_heading(to_simplified(report.problem_section.heading))
    ):
        # Minutes whose agreed items were not found: their topic '一、关于…的问题' is no
        # problems heading (the problems would be what the meeting heard).
        report.problem_section = None
    if report.document_kind == "report" and (
        report.plan_section is None or not report.plan_section.items
    ):
        division = _division_text(document.paragraphs)
        if division is not None:
            _notice_before_division(report, document.paragraphs, division[1])
            _with_division(report, *division, keep=True)
        elif (measures := _bracketed_division(simplified)) is not None:
            _with_division(report, *_own_entries(measures, document.paragraphs), bracketed=True)
    elif (
        report.document_kind == "report"
        and (measures := _bracketed_division(simplified)) is not None
        and _only_headings_over(report.plan_section, measures[1])
    ):
        # '一、提升政务服务效能' over '1.…。（市政务服务局牵头，…负责）': the headings a whole-plan
        # reading took for tasks group the entries that name who carries them out.
        _with_division(report, *_own_entries(measures, document.paragraphs), bracketed=True)
    elif (
        report.document_kind == "report"
        and report.plan_section is not None
        and (division := _division_text(document.paragraphs)) is not None
        and _follows(division[1], report.plan_section.items)
    ):
        # A notice's own requirements, then the division it issues (r16a): both are tasks.
        _with_division(report, *division, keep=True)
    if report.document_kind == "report" and (
        report.plan_section is None
        or not report.plan_section.items
        or report.problem_section is None
        or not report.problem_section.items
    ):
        _with_bulletin(report, document.paragraphs, simplified)
    if report.document_kind == "report" and (
        report.plan_section is None or not report.plan_section.items
    ):
        requirements = read_notice_requirements(document.paragraphs)
        if requirements is None and (number := normative_number(document.paragraphs)):
            report.warnings.append(
                f"文号“{number}”表明这是规范性文件：其中“…要…”是长期适用的规定，不是一个时期的任务，未作为计划。"
            )
        if requirements is not None:
            # A notice's requirements run from its date, as a bulletin's.
            _plan_from_issue_date(report, requirements)
    if report.document_kind == "report" and (
        report.problem_section is None or not report.problem_section.items
    ):
        flattened = read_flattened_rectification(document.paragraphs)
        if flattened is not None:
            # A rectification report in one paragraph (r16f): its findings' list was read as
            # the plan; the findings are the problems, the actions after them the tasks.
            report.plan_section, report.problem_section = flattened
            report.warnings = [
                w
                for w in report.warnings
                if not w.startswith(("未找到存在的问题", "未找到下一步工作计划"))
            ]
            _fill_assignments(report)
    if report.document_kind == "report":
        _targets_before_plan(report, document.paragraphs)
    if report.document_kind == "report" and (
        report.problem_section is None or not report.problem_section.items
    ):
        admitted = (
            read_situation_admission(document.paragraphs)
            or read_situation_findings(document.paragraphs)
            or read_delayed_items(document.paragraphs, simplified)
            or read_counted_findings(document.paragraphs)
        )
        sites = None if admitted is not None else read_site_findings(document.paragraphs)
        admitted = admitted or sites
        if admitted is not None:
            report.problem_section = admitted
            report.warnings = [w for w in report.warnings if not w.startswith("未找到存在的问题")]
    if (
        report.document_kind == "report"
        and (report.plan_section is None or not report.plan_section.items)
        and report.problem_section is not None
        and report.problem_section.items
    ):
        # A bulletin's '三、工作要求' after the problems it found (r16f): its limits run from
        # its date, as a bulletin's.
        asked = read_site_requirements(document.paragraphs, report.problem_section)
        if asked is not None:
            _plan_from_issue_date(report, asked)
    return report


def _plan_from_issue_date(report: ParsedReport, section: Section) -> None:
    """``section`` as the plan of a document whose requirements run from its date (a
    notice, a bulletin): the plan year is the issue year, limits without a year are
    counted from the issue date."""
    report.plan_section = section
    report.warnings = [w for w in report.warnings if not w.startswith("未找到下一步工作计划")]
    if report.issued_on is not None:
        report.plan_year = report.issued_on.year
    _fill_assignments(report, issued_on=report.issued_on)


def _with_bulletin(
    report: ParsedReport, paragraphs: list[Paragraph], simplified: list[Paragraph]
) -> None:
    """A supervision bulletin's tasks and problems where the report reading found none: read
    on the simplified text (a report written in traditional characters too), shown in the
    document's own characters."""
    bulletin = read_bulletin(simplified)
    if bulletin is None:
        return
    own = {id(s): p for s, p in zip(simplified, paragraphs, strict=True)}
    heading = paragraphs[0].text.strip()[:60] if paragraphs else ""
    plan, problems = (
        None if section is None else replace(_in_own_characters(section, own), heading=heading)
        for section in bulletin
    )
    if plan is not None and (report.plan_section is None or not report.plan_section.items):
        report.plan_section = plan
        report.warnings = [w for w in report.warnings if not w.startswith("未找到下一步工作计划")]
    if problems is not None and (
        report.problem_section is None or not report.problem_section.items
    ):
        report.problem_section = problems
        report.warnings = [w for w in report.warnings if not w.startswith("未找到存在的问题")]
    if plan is not None and report.plan_section is plan and report.issued_on is not None:
        # A bulletin's requirements are for the time after it, not an annual report's next
        # year: '12月底前' in one signed in November is this December.
        report.plan_year = report.issued_on.year
        _fill_assignments(report, issued_on=report.issued_on)
    else:
        # The plan read before (a report's, a division's) keeps the base it was read with.
        _fill_assignments(report, issued_on=report.issued_on if report.limits_from_issue else None)


def _own_text(text: str, simplified: Paragraph, original: Paragraph) -> str:
    at = simplified.text.find(text) if text else -1
    return original.text[at : at + len(text)] if at >= 0 else text


def _in_own_characters(section: Section, own: dict[int, Paragraph]) -> Section:
    """A section read on the simplified paragraphs, its texts and paragraphs the document's
    own (the simplified text has the same length, so each text is found at its place)."""
    items: list[Any] = []
    for item in section.items:
        original = own.get(id(item.paragraph), item.paragraph)
        # A plan item's words are its title, a problem's its text.
        head = "title" if isinstance(item, PlanItem) else "text"
        own_head = {head: _own_text(getattr(item, head), item.paragraph, original)}
        items.append(
            replace(
                item,
                **own_head,
                body=_own_text(item.body, item.paragraph, original),
                paragraph=original,
            )
        )
    return replace(
        section, items=items, paragraph=own.get(id(section.paragraph), section.paragraph)
    )


# --- a task division written as text (engineer r13w) ----------------------------------------

# '某县2027年法治政府建设重点任务分工方案', '…工作责任分解', '…任务分解清单'.
_DIVISION_TITLE_RE = re.compile(r"(?:分工|分解)(?:方案|清单|表|安排)?$")
_DIVISION_NOT_RE = re.compile(r"通知|解读|情况|报告|总结|汇报")
# '1.', '（一）', '(3)', '一、' opening an entry ('1.5亿元' is no number).
_ENTRY_RE = re.compile(
    r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*[)）]|\d{1,3}\s*[.．、](?!\d)|"
    r"[一二三四五六七八九十]{1,3}\s*、)\s*"
)
# '（牵头单位：…', '责任单位：…': the entry names who carries it out.
_UNIT_LABEL_RE = re.compile(
    r"[（(]?\s*(?:牵头单位|责任单位|牵头部门|责任部门|主责单位|承办单位)\s*[：:]"
)


# '（县发改局牵头，县统计局配合）', '（县卫健局牵头）', '（县应急管理局牵头，县市场监管局参与）': the
# lead unit written before '牵头' in a bracket of the entry (r16h); a bracket naming no lead
# ('（试行）', '（含县城）') is none.
_LEAD_BRACKET_RE = re.compile(
    r"[（(](?=[^（）()]{0,60}?牵头)(?![^（）()]*(?:牵头单位|牵头部门)\s*[：:])[^（）()：:]{2,40}?牵头"
    r"(?:[，,；;、][^（）()]{0,80})?[)）]"
)


def _units_named(text: str) -> re.Match[str] | None:
    """Where an entry names who carries it out: a label ('牵头单位：…') or a lead's bracket
    ('（X牵头，Y配合）'), whichever comes first."""
    found = [m for m in (_UNIT_LABEL_RE.search(text), _LEAD_BRACKET_RE.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


# '完成时限：…', '配合单位：…': a field of the entry above.
_FIELD_LINE_RE = re.compile(r"^[^：:，,。；;]{2,8}[：:]")


def _division_text(
    paragraphs: list[Paragraph],
) -> tuple[str, list[tuple[Paragraph, str, str, str | None]]] | None:
    """A task division written as text: a title naming a division ('…任务分工方案'), then
    numbered entries each naming its lead unit ('（牵头单位：…；完成时限：…）' after it, or
    '责任单位：…' on the lines under it). Returns the title and, per entry, its paragraph, its
    task (the entry up to the units), the rest with the units, and the heading above it; None
    unless two entries at least name their units."""
    title = next(
        (
            p.text.strip()
            for p in paragraphs[:3]
            if len(p.text.strip()) <= 60
            and _DIVISION_TITLE_RE.search(p.text.strip())
            and not _DIVISION_NOT_RE.search(p.text)
            and not re.search(r"[。；;，,：:]", p.text)
        ),
        None,
    )
    start = 0
    if title is None:
        issued = _issued_division(paragraphs)
        if issued is None:
            return None
        title, start = issued
    entries: list[list[Any]] = []  # [paragraph, text, detail lines, closed, marker]
    following = 1
    for paragraph in paragraphs[start:]:
        text = paragraph.text.strip()
        # '5.2027年6月底前完成…' is entry 5 when the list has come to 5 (r16h).
        if marker := _entry_marker(text, following):
            arabic = re.match(r"\d+", marker.group(0).strip())
            following = int(arabic.group(0)) + 1 if arabic else following
            entries.append([paragraph, text, [], False, marker])
        elif entries and not entries[-1][3]:
            entry = entries[-1]
            named = _units_named("\n".join([entry[1], *entry[2]]))
            if named and not _FIELD_LINE_RE.match(text):
                # After the units, a line that is no field ('完成时限：…') ends the entry:
                # the signature and date under the last one are none of it.
                entry[3] = True
                continue
            entry[2].append(text)
    found: list[tuple[Paragraph, str, str, str | None]] = []
    group: str | None = None
    for paragraph, text, detail, _closed, marker in entries:
        own = text[marker.end() :]
        whole = "\n".join([own, *detail])
        label = _units_named(whole)
        if label is None:
            group = own  # a heading over entries ('一、健全依法决策机制')
            continue
        task, rest = split_title(whole[: label.start()].strip())
        units = whole[label.start() :].strip()
        found.append((paragraph, task, "\n".join(x for x in (rest, units) if x), group))
    return (title, found) if len(found) >= 2 else None


def _notice_before_division(
    report: ParsedReport,
    paragraphs: list[Paragraph],
    entries: list[tuple[Paragraph, str, str, str | None]],
) -> None:
    """The requirements of the notice that issues a division, read on the notice alone (the
    lines before the scheme's title), as the plan the division's entries join (r16a)."""
    issued = _issued_division(paragraphs)
    if issued is None or any(p.index < paragraphs[issued[1] - 1].index for p, *_ in entries):
        return
    requirements = read_notice_requirements(paragraphs[: issued[1] - 1])
    if requirements is not None and requirements.items:
        report.plan_section = requirements
        _fill_assignments(report, issued_on=report.issued_on)


def _follows(entries: list[tuple[Paragraph, str, str, str | None]], items: list[Any]) -> bool:
    """Every entry of a division stands after every item read so far (a notice's requirements
    before the scheme it issues)."""
    last = max(item.paragraph.index for item in items)
    return all(paragraph.index > last for paragraph, *_rest in entries)


# '…关于印发《某县2026年重点工作任务分解和责任分工方案》的通知', '…关于印发2023年区《政府工作
# 报告》确定的主要目标任务责任分解方案的通知': a notice issuing a division (r16a).
_ISSUING_DIVISION_RE = re.compile(
    r"(?:印发|转发)\s*(?P<name>[^。；;，,：:]{4,80}?(?:分工|分解)(?:方案|清单|表|安排)?)\s*》?\s*的通知"
)
# How far down the scheme's own title may stand: after the notice, its requirements and signature.
_ISSUED_TITLE_LINES = 40


def _issued_division(paragraphs: list[Paragraph]) -> tuple[str, int] | None:
    """A division issued by the notice it follows (r16a): the notice's title, in the first
    lines, names the division ('关于印发《…任务分解和责任分工方案》的通知'), and the scheme's own
    title stands on a line of its own further down (its last line, when it is split:
    '某县2026年重点工作' / '任务分解和责任分工方案'). Returns the division's name and the index
    of the paragraph after its title, where its entries start; None when the notice names no
    division or the scheme is not on the page (only the notice's own requirements)."""
    found = next(
        (
            match
            for p in paragraphs[:4]
            if (match := _ISSUING_DIVISION_RE.search(to_simplified(p.text))) is not None
        ),
        None,
    )
    if found is None:
        return None
    name = re.sub(r"\s+", "", found.group("name")).lstrip("《")
    if name.count("《") < name.count("》"):
        name = name.replace("》", "", 1)
    for at in range(4, min(len(paragraphs), _ISSUED_TITLE_LINES)):
        line = to_simplified(paragraphs[at].text.strip())
        if (
            len(line) <= 60
            and _DIVISION_TITLE_RE.search(line)
            # '…《政府工作报告》确定的…分解方案': a document cited in 《》 is not its kind.
            and not _DIVISION_NOT_RE.search(re.sub(r"《[^》]*》", "", line))
            and not re.search(r"[。；;，,：:]", line)
        ):
            return name, at + 1
    return None


# '…，给予一次性奖励。（市财政局、市税务局负责）' ending a numbered measure (engineer r13x).
_BRACKET_UNITS = r"[（(](?P<units>[^（）()]{2,80}?)(?:牵头)?负责[)）]"
_BRACKET_UNITS_RE = re.compile(_BRACKET_UNITS)
_RESPONSIBLE_BRACKET_RE = re.compile(
    r"(?:(?<=[。；;.!！])|(?=[（(][^（）()]{2,80}?负责[)）]\s*$))\s*" + _BRACKET_UNITS
)


# '…定期向社会公布。（牵头单位：市发展改革委，配合单位：市委组织部）', '…水平。(责任单位:省应急厅
# 牵头，省财政厅等部门分工负责)': a labelled bracket of units closing a numbered entry (r14c).
_LABELLED_BRACKET_RE = re.compile(
    r"(?<=[。；;.!！])\s*[（(]\s*(?:牵头单位|责任单位|牵头部门|责任部门|主责单位|承办单位)"
    r"\s*[：:][^（）()]{2,200}[)）]\s*$"
)


# '11.121人才梯队项目。', '5、2027年6月底前完成…': the entry's title opens with a figure, right
# after its number.
_NUMBER_BEFORE_FIGURE_RE = re.compile(r"^\s*(\d{1,3})\s*[.．、](?=\d)")


def _entry_marker(text: str, following: int) -> re.Match[str] | None:
    """An entry's number: as _ENTRY_RE reads it, or '11.' before a title opening with a figure
    ('11.121人才…') when 11 is the number the list has come to (so '1.5亿元' stays no entry)."""
    if marker := _ENTRY_RE.match(text):
        return marker
    marker = _NUMBER_BEFORE_FIGURE_RE.match(text)
    return marker if marker and int(marker.group(1)) == following else None


# The page cut inside a measure's closing bracket: '…。（市住建局、市' and nothing after.
_CUT_BRACKET_RE = re.compile(r"(?<=[。；;.!！])\s*[（(](?P<units>[^（）()]{1,80})$")
_UNIT_WORD_RE = re.compile(r"局|委|办|厅|政府|部门|单位|中心|院|会|所|站|队")
_CUT_BRACKET_REASON = (
    "编号措施末尾的负责单位括注在页面截断处中断（“{bracket}”），与前面各项同样写明由谁承担，"
    "作为一项任务；牵头单位未写全，请核对"
)


def _own_entries(
    measures: tuple[str, list[tuple[Paragraph, str, str, str | None]]],
    paragraphs: list[Paragraph],
) -> tuple[str, list[tuple[Paragraph, str, str, str | None]]]:
    """Entries read on the simplified text, in the document's own characters (same length)."""
    own = {p.index: p for p in paragraphs}
    title, entries = measures
    # The title is the first paragraph's beginning (same length in either characters).
    head = paragraphs[0].text.strip()[: len(title)] if paragraphs else title
    converted = []
    for paragraph, task, body, group in entries:
        mine = own.get(paragraph.index, paragraph)

        def back(text: str, simplified: Paragraph = paragraph, original: Paragraph = mine) -> str:
            at = simplified.text.find(text) if text else -1
            return original.text[at : at + len(text)] if at >= 0 else text

        lines = "\n".join(back(line) for line in body.split("\n"))
        converted.append((mine, back(task), lines, group))
    return (head if to_simplified(head) == title else title), converted


def _only_headings_over(
    plan: Section | None, entries: list[tuple[Paragraph, str, str, str | None]]
) -> bool:
    """Whether a plan's items are only the headings above bracketed entries (none an entry,
    each before one), fewer than the entries."""
    if plan is None or not plan.items or not entries:
        return False
    own = {entry[0].index for entry in entries}
    heads = [item.paragraph.index for item in plan.items]
    return (
        len(heads) < len(entries)
        and not own.intersection(heads)
        and all(h < max(own) for h in heads)
    )


def _bracketed_division(
    paragraphs: list[Paragraph],
) -> tuple[str, list[tuple[Paragraph, str, str, str | None]]] | None:
    """A notice whose numbered measures each end naming who carries them out ('一、对…，给予…。
    （市财政局负责）', or a labelled '（牵头单位：…，配合单位：…）'), whatever its title: one task
    per such measure, the bracket its body. None unless three measures at least, and most of
    the numbered ones, end so."""
    numbered: list[Paragraph] = []
    following = 1
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if marker := _entry_marker(text, following):
            numbered.append(paragraph)
            arabic = re.match(r"\d+", marker.group(0).strip())
            following = int(arabic.group(0)) + 1 if arabic else following
    found: list[tuple[Paragraph, str, str, str | None]] = []
    following = 1
    for paragraph in numbered:
        text = paragraph.text.strip()
        bracket = _RESPONSIBLE_BRACKET_RE.search(text) or _LABELLED_BRACKET_RE.search(text)
        marker = _entry_marker(text, following)
        arabic = re.match(r"\d+", marker.group(0).strip()) if marker else None
        following = int(arabic.group(0)) + 1 if arabic else following
        if bracket is None or marker is None:
            continue
        task, rest = split_title(text[marker.end() : bracket.start()].strip())
        # A line run on after the bracket ('各有关部门要…') is the notice's, not the measure's.
        body = "\n".join(x for x in (rest, bracket.group(0).strip()) if x)
        found.append((paragraph, task, body, None))
    last = numbered[-1] if numbered and numbered[-1] is paragraphs[-1] else None
    if last is not None and not any(entry[0] is last for entry in found):
        text = last.text.strip()
        cut = _CUT_BRACKET_RE.search(text)
        marker = _ENTRY_RE.match(text)
        if cut is not None and marker is not None and _UNIT_WORD_RE.search(cut.group("units")):
            # The page ends inside the last measure's bracket ('…。（市住建局、市'): it was
            # opened for the units that carry the measure out, as in the entries before it.
            task, rest = split_title(text[marker.end() : cut.start()].strip())
            body = "\n".join(x for x in (rest, cut.group(0).strip()) if x)
            found.append((last, task, body, None))
    # Group headings ('三、保障措施', '（一）培育行动。…实施如下重点项目：') are no measures.
    measures = [
        p
        for p in numbered
        if re.search(r"[。；;！!]", p.text) and not re.search(r"[：:]\s*$", p.text)
    ]
    # Three measures at least, most of the numbered ones ending so; or two when every measure
    # does (a short page): one bracket among prose points stays prose.
    if len(found) < 2 or 2 * len(found) <= len(measures):
        return None
    if len(found) < 3 and len(found) < len(measures):
        return None
    head = paragraphs[0].text.strip()
    named = re.search(r"(?:通知|意见|方案|办法|措施|决定)", head)
    return (head[: named.end()] if named else head[:40]), found


# A growth target ('地区生产总值增长6.5%左右', '城镇新增就业3200人以上', '居民收入增长与经济增长
# 基本同步', '其他主要经济指标不低于全市平均水平'): an indicator and the figure it is to reach, no
# work named (r16a). '新建农村公路120公里' is work: no indicator moves.
_TARGET_OPENER_RE = re.compile(r"^(?:努力|力争|确保|争取)?(?:实现)?")
_TARGET_RE = re.compile(
    r"^[^。；;，,：:]{2,24}?(?:增长|增加|下降|降低|提高|达到|控制在|稳定在|保持在|不低于|不高于|"
    r"不少于|超过|新增[^。；;，,]{1,8}?)\s*(?:"
    r"[^。；;，,]{0,6}?\d+(?:\.\d+)?\s*(?:%|％|个百分点|万人|人次|人|万户|户|万元|亿元|元|家|个)?"
    r"\s*(?:左右|以上|以内|以下)?"
    r"|[^。；;，,]{0,16}?(?:基本)?同步|[^。；;，,]{0,12}?平均水平)\s*[。.]?$"
)
# A target assigned to a lead is followed up like any task (目标责任, the thirteenth session's
# coordinator's decision): its progress is reported every quarter.
_TARGET_REPORTING = "按季度报送进展"


def _is_assigned_target(task: str) -> bool:
    """Whether a division entry's task is a growth target rather than work ('r16a')."""
    return _TARGET_RE.match(_TARGET_OPENER_RE.sub("", task.strip(), count=1)) is not None


def _as_target(item: PlanItem) -> None:
    """A target assigned to a lead: a task followed up quarterly, the reason says so."""
    found = item.assignment or Assignment()
    # No time written ('' as written): the preview shows the note, not '文中写明'.
    deadline = found.deadline or Deadline(
        "", "periodic", period="quarterly", note=f"文中未写时限：目标任务{_TARGET_REPORTING}"
    )
    item.assignment = replace(found, deadline=deadline)
    cooperating = f"、{'、'.join(found.cooperating)}配合" if found.cooperating else ""
    lead = (
        f"写明由{'、'.join(found.lead)}牵头{cooperating}"
        if found.lead
        else "牵头单位未写全（请在预览中选择）"
    )
    item.reason = f"目标任务：预期目标{lead}，作为目标责任跟踪，{_TARGET_REPORTING}"


# A heading over a plan's targets: '一、主要预期目标', '（一）发展目标'; not a review of them
# ('一、2025年主要目标完成情况').
_TARGET_HEADING_RE = re.compile(r"目标(?:任务)?$")
_TARGET_HEADING_NOT_RE = re.compile(r"完成|情况|回顾|成效|成绩|落实")
# A target's lead written after it: '（县发改局牵头）', '（县财政局牵头，县税务局配合）', '（牵头单位：
# 县发改局）', '，由县人社局负责'.
_TARGET_LEAD_RE = re.compile(
    r"\s*(?:[（(](?:[^（）()]{2,40}?(?:牵头|负责)[^（）()]{0,30}|"
    r"\s*(?:牵头单位|责任单位|牵头部门|责任部门)\s*[：:][^（）()]{2,60})[)）]"
    r"|[，,]\s*由[^，,。；;（）()]{2,30}?(?:牵头|负责))\s*[。.；;]?\s*$"
)


def _targets_before_plan(report: ParsedReport, paragraphs: list[Paragraph]) -> None:
    """A plan's targets that each name their lead ('一、主要预期目标 1.地区生产总值增长7%以上（县发改
    局牵头）。2.城镇新增就业3000人以上，由县人社局负责。'), above the work found as its plan: each is
    a task followed up quarterly (目标责任, r16a), put before the work. Targets that name no lead
    frame the plan and stay none."""
    section = report.plan_section
    if section is None or not section.items:
        return
    first = min(item.paragraph.index for item in section.items)
    found: list[PlanItem] = []
    taken: set[str] = set()
    heading: str | None = None
    for paragraph in paragraphs:
        if paragraph.index >= first:
            break
        text = to_simplified(paragraph.text.strip())
        marker = _ENTRY_RE.match(text)
        own = text[marker.end() :] if marker else text
        lead = _TARGET_LEAD_RE.search(own)
        if lead is None:
            # A heading (a target without its lead is none: the targets' heading holds on).
            if (
                len(own) <= 30
                and not re.search(r"[。；;，,]", own)
                and not _is_assigned_target(own)
            ):
                named = own.rstrip("：:")
                heading = (
                    named
                    if _TARGET_HEADING_RE.search(named) and not _TARGET_HEADING_NOT_RE.search(named)
                    else None
                )
            continue
        target = own[: lead.start()].strip()
        if heading is None or marker is None or not _is_assigned_target(target):
            continue
        at = paragraph.text.find(target)
        shown = paragraph.text[at : at + len(target)] if at >= 0 else target
        body = lead.group(0).strip(" ，,。.；;")
        item = PlanItem(marker.group(0).strip(), shown, body, paragraph, "")
        item.assignment = parse_assignment(own, year=report.plan_year, planned=True) or None
        if item.assignment is None or not item.assignment.lead:
            continue
        _as_target(item)
        found.append(item)
        taken.add(heading)
    if not found:
        return
    section.items[:0] = found
    section.reason += (
        f"；其前预期目标中写明牵头单位的{len(found)}项也是任务（目标任务，{_TARGET_REPORTING}）"
    )
    # '“一、主要预期目标”是计划的目标或思路，未作为任务' no longer holds for the targets taken.
    report.warnings = [
        w
        for w in report.warnings
        if not (w.endswith("未作为任务，请核对。") and any(name in w for name in taken))
    ]


def _with_division(
    report: ParsedReport,
    title: str,
    entries: list[tuple[Paragraph, str, str, str | None]],
    *,
    bracketed: bool = False,
    keep: bool = False,
) -> None:
    # ``keep``: the notice's own requirements read before its scheme (r16a) stay, the scheme's
    # entries after them; else the entries replace what the report reading found.
    kept = (
        report.plan_section
        if keep and report.plan_section is not None and report.plan_section.items
        else None
    )
    items = []
    for paragraph, task, body, group in entries:
        number = _ENTRY_RE.match(paragraph.text) or _NUMBER_BEFORE_FIGURE_RE.match(paragraph.text)
        marker = number.group(0).strip() if number else None
        if group:
            body = f"分类：{group}\n{body}"
        plain = to_simplified(paragraph.text.strip())
        labelled = bracketed and _LABELLED_BRACKET_RE.search(plain) is not None
        cut = _CUT_BRACKET_RE.search(plain) if bracketed else None
        reason = (
            "编号事项末尾括注“牵头单位：…”或“责任单位：…”，写明了由谁承担"
            if labelled
            else _CUT_BRACKET_REASON.format(bracket=paragraph.text.strip()[cut.start() :].strip())
            if cut is not None
            else "编号措施末尾以“（…负责）”写明负责单位，括号中的单位是牵头单位"
            if bracketed
            else "编号事项写明了牵头（责任）单位"
        )
        items.append(PlanItem(marker, task, body, paragraph, reason))
    # The year a division's title names ('某县2027年…分工方案') is its plan year; without one
    # its limits run from its date (an annual report's next-year rule is no division's).
    titled = re.search(r"(20\d{2})\s*年", title)
    issued_on = None
    if titled is not None:
        report.plan_year = int(titled.group(1))
    elif report.issued_on is not None:
        report.plan_year = report.issued_on.year
        issued_on = report.issued_on
    reason = (
        (
            f"按编号措施分工（“{title}”）：{len(items)}项编号措施各在末尾括注负责单位"
            "（“（…负责）”或“（牵头单位：…）”），每项是一项任务"
        )
        if bracketed
        else f"任务分工（标题“{title}”）：每个写明牵头单位或责任单位的编号事项是一项任务，"
        "其上不写单位的标题是分类"
    )
    if kept is not None:
        assigned = [(item, item.assignment) for item in kept.items]
        report.plan_section = Section(
            kept.heading,
            [*kept.items, *items],
            kept.paragraph,
            f"{kept.reason}；其后所附{reason}",
        )
    else:
        report.plan_section = Section(title, items, items[0].paragraph, reason)
    report.warnings = [
        w
        for w in report.warnings
        if not w.startswith("未找到下一步工作计划") and "下未找到具体工作条目" not in w
    ]
    _fill_assignments(report, issued_on=issued_on)
    for item, assignment in assigned if kept is not None else []:
        item.assignment = assignment
    for item in items:
        if _is_assigned_target(item.title):
            _as_target(item)
    for item in items if bracketed else []:
        # Judged on the simplified text (same length), the units taken in the document's own.
        bracket = _BRACKET_UNITS_RE.search(to_simplified(item.body))
        plain = to_simplified(item.paragraph.text.strip())
        if bracket is not None and not _LABELLED_BRACKET_RE.search(plain):
            # '（市财政局、市税务局负责）': the units in the bracket lead it.
            found = item.assignment or Assignment()
            units = item.body[bracket.start("units") : bracket.end("units")]
            plain_units = bracket.group("units")
            named = parse_assignment(f"（{plain_units}负责）")
            if named.lead:
                # '（A、B牵头，C按职责分工负责）': the units before '牵头' lead (in the
                # document's own characters), not every unit of the bracket.
                at = [plain_units.find(unit) for unit in named.lead]
                lead = [
                    units[i : i + len(unit)] if i >= 0 else unit
                    for i, unit in zip(at, named.lead, strict=True)
                ]
                item.assignment = replace(found, lead=lead)
            else:
                item.assignment = replace(found, lead=split_units(units))


def _hash(texts: list[str]) -> str:
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "\n".join(texts)))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _from_table(
    document: Document, table: TaskTable, *, flattened: bool = False, joined: bool = False
) -> ParsedReport:
    by_locator: dict[str, Paragraph] = {}
    for paragraph in document.paragraphs:
        by_locator.setdefault(paragraph.locator, paragraph)
    fallback = document.paragraphs[0]
    items: list[PlanItem] = []
    for row in table.rows:
        paragraph = by_locator.get(row.locator, fallback)
        item = PlanItem(row.number, row.title, row.body, paragraph, f"任务分工表{row.locator}")
        item.assignment = row.assignment
        items.append(item)
    columns = "、".join(f"“{name}”" for name in table.columns.values())
    heading = table.caption or "任务分工"
    return ParsedReport(
        title=table.caption,
        organization=None,
        report_year=None,
        plan_year=table.year,
        issued_on=None,
        plan_section=Section(
            heading,
            items,
            None,
            f"任务分工表：根据表头{columns}识别"
            + (
                "（表格被展开为每行一个单元格：按表头的列数和行首的序号还原各行）"
                if flattened
                else ""
            )
            + ("；表头中被拆成几行的单元格已按常见列名合并" if joined else ""),
        ),
        problem_section=None,
        outline=[],
        warnings=list(table.warnings),
        content_sha256=_hash([p.text for p in document.paragraphs]),
        document_kind="table",
    )


def _from_minutes(
    original: list[Paragraph],
    paragraphs: list[Paragraph],
    whole: list[Paragraph],
    printed_on: dt.date | None = None,
) -> ParsedReport | None:
    """``whole``: the document's paragraphs with its foot, hashed; ``printed_on``: the foot's
    printing date. The minutes' date: their signature's, else one in their head (before the
    first decision: a decision's deadline is no date of theirs), else the printing date."""
    reading = read_minutes(paragraphs)
    items, cue = reading.items, reading.cue
    if not items:
        return None
    frame = _find_frame(paragraphs)
    title = minutes_title(paragraphs) or paragraphs[0].text
    issued_on = frame.issued_on
    first = min(item.paragraph.index for item in items)
    if issued_on is None:
        for paragraph in [p for p in paragraphs[:6] if p.index < first]:
            issued_on = parse_written_date(paragraph.text)
            if issued_on:
                break
    warnings = []
    if issued_on is None and printed_on is not None:
        issued_on = printed_on
        warnings.append(printed_date_note(printed_on))
    year = issued_on.year if issued_on else None
    if year is None:
        match = re.search(r"(20\d{2})\s*年", title)
        year = int(match.group(1)) if match else None
    report = ParsedReport(
        title=title,
        organization=frame.organization,
        report_year=None,
        plan_year=year,
        issued_on=issued_on,
        plan_section=Section(
            "会议议定事项",
            items,
            items[0].paragraph,
            f"会议纪要：根据“{cue}”识别{reading.notes()}",
        ),
        problem_section=None,
        outline=[],
        warnings=warnings,
        content_sha256=_hash([p.text for p in whole]),
        document_kind="minutes",
    )
    # Minutes look forward from their date: '3月底前' in minutes of November is next March's.
    _fill_assignments(report, issued_on=issued_on)
    for item in items:
        shared = reading.shared_deadlines.get(id(item))
        if shared is not None and item.assignment is not None and item.assignment.deadline is None:
            # '由A牵头负责X；B牵头Y，于6月底前完成': A's part shares the deadline closing it.
            item.assignment = replace(
                item.assignment,
                deadline=parse_assignment(shared, year=year, issued_on=issued_on).deadline,
            )
    if any(a is not b for a, b in zip(original, paragraphs, strict=True)):
        _restore(report, _Restorer(original, paragraphs))
    missing = sum(1 for item in items if item.assignment is None or not item.assignment.lead)
    if missing:
        report.warnings.append(f"{missing} 项议定事项没有写明牵头单位，请在预览中选择。")
    return report


# The report's warnings that mean nothing for minutes.
_REPORT_ONLY_WARNINGS = (
    "未找到落款日期",
    "未找到存在的问题",
    "未找到下一步工作计划",
    "未识别出报告标题",
)


def _minutes_without_items(
    document: Document, paragraphs: list[Paragraph], report: ParsedReport, whole: Document
) -> ParsedReport | None:
    """Minutes (titled so) in which no decision was found stay minutes (r16a, a product
    decision): read as a report, a topic '二、关于明年重点工作的安排' became the plan heading and its
    aims 'tasks', with a report's warnings. A topic that states the work to come (the one the
    report reading took for a plan) is one task, titled by the topic, its aims the body, the
    reason saying that nobody and no date were decided; when the report reading found nothing,
    no task and a warning. None when the title names no minutes (a page announcing minutes in
    its body is left to the report reading) or the report reading found a plan or problems
    under headings that are no topics (minutes written as a report: '存在问题', '下步措施')."""
    title = minutes_title(paragraphs)
    if title is None:
        return None
    restorer = _Restorer(document.paragraphs, paragraphs)
    plan = report.plan_section
    heading = to_simplified(plan.heading) if plan is not None else ""
    section: Section | None = None
    if plan is not None and plan.items and is_topic_heading(heading):
        topic = re.sub(
            r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])\s*", "", heading
        )
        topic = topic.rstrip("。.；;：:")
        texts = [
            "".join(part for part in (item.title, item.body) if part).strip() for item in plan.items
        ]
        body = "\n".join(text for text in texts if text)
        item = PlanItem(
            plan.items[0].number if len(plan.items) == 1 else None,
            topic,
            body,
            plan.paragraph or plan.items[0].paragraph,
            f"会议纪要：议题“{topic}”只写了今后工作的方向和目标，没有议定由谁办理、何时完成，"
            "整个议题作为一项任务，请核对牵头单位和时限",
        )
        item.number = None
        section = Section(
            "会议议题",
            [item],
            item.paragraph,
            f"会议纪要（标题“{title}”）：未找到议定事项，按写明今后工作的议题读出",
        )
        warning = (
            f"会议纪要中未找到议定事项（会议决定或要求由谁办理的事项）：议题“{topic}”写了今后的工作，"
            "已作为一项任务，请核对。"
        )
    elif (plan is not None and plan.items) or (
        report.problem_section is not None and report.problem_section.items
    ):
        return None  # read as a report, minutes written as one (a problems part, measures)
    else:
        warning = (
            "会议纪要中未找到议定事项（会议决定或要求由谁办理的事项），未生成任务；"
            "如有需要督办的事项，请在预览中手动标记。"
        )
    parsed = ParsedReport(
        title=restorer.text(title) or title,
        organization=report.organization,
        report_year=None,
        plan_year=report.plan_year,
        issued_on=report.issued_on,
        plan_section=section,
        problem_section=None,
        outline=report.outline,
        warnings=[
            warning,
            *(
                w
                for w in report.warnings
                if not w.startswith(_REPORT_ONLY_WARNINGS) and "下没有编号条目" not in w
            ),
        ],
        content_sha256=_hash([p.text for p in whole.paragraphs]),
        document_kind="minutes",
    )
    _fill_assignments(parsed)
    return parsed


def _heard_minutes(document: Document, paragraphs: list[Paragraph], heard: int) -> ParsedReport:
    """Minutes of topics the meeting only heard: no task, and none of their '关于…的问题'
    topics read as a problem."""
    restorer = _Restorer(document.paragraphs, paragraphs)
    title = minutes_title(paragraphs) or paragraphs[0].text
    return ParsedReport(
        title=restorer.text(title) or title,
        organization=None,
        report_year=None,
        plan_year=None,
        issued_on=None,
        plan_section=None,
        problem_section=None,
        outline=[],
        warnings=[
            f"会议纪要：{heard}个议题都只写了会议听取、审议的汇报，没有议定事项或要求，未生成任务。"
        ],
        content_sha256=_hash([p.text for p in document.paragraphs]),
        document_kind="minutes",
    )


def _restore(report: ParsedReport, restorer: _Restorer) -> None:
    """Show traditional minutes in their own characters, the units read from them too."""
    restorer.apply(report)
    for item in report.plan_section.items if report.plan_section else []:
        found = item.assignment
        if found is None:
            continue
        deadline = found.deadline
        if deadline is not None:
            deadline = replace(deadline, text=restorer.text(deadline.text) or deadline.text)
        item.assignment = Assignment(
            lead=[restorer.text(unit) or unit for unit in found.lead],
            cooperating=[restorer.text(unit) or unit for unit in found.cooperating],
            deadline=deadline,
        )
