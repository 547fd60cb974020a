"""Parse an annual report's paragraphs into an outline, its plan section and its problems.

Plain Python, no Django. The rules aim at the general shape of Chinese official reports
(GB/T 9704 heading levels 一、 / （一） / 1. / （1）), not at one department's wording.

Decisions worth knowing:

* Heading numbers are normalised in the output: '一、', '（一）', '1.' (ASCII digit and full stop,
  whatever the source used: '1．', '1、', '１.'), '（1）'; 一是/二是 enumerations keep '一是'.
  Titles and bodies keep the document's own characters (half-width commas stay half-width).
* A heading that runs on into its body ('（一）强化…工作。紧密跟踪…') is split at the first 。！？
  (kept in the title) or ；： (dropped) outside quotes and brackets.
* ``level`` in the outline is the depth in the tree (1 = top), so a report that skips a level
  ('一、' then '1.') still nests sensibly.
* A heading that names both problems and plans ('存在问题及下一步工作安排'): if it has sub-headings
  for each, those are the sections; otherwise its numbered children are the plan items and the
  problems come from its paragraphs before the first child.
* Problems are returned as exact substrings of the source: lead-in clauses ('机构改革后') and the
  words framing the list ('存在…', '…等问题', '主要表现在：') are left out, nothing is rewritten.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plans.numerals import chinese_numeral, parse_chinese_numeral
from plans.reading import Paragraph, normalise_text

__all__ = ["ParsedReport", "parse_report", "to_simplified"]

# --- traditional characters -----------------------------------------------------------------


@functools.cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's traditional → simplified character table (TSCharacters), first candidate each.

    Every entry maps one character to one character, so converted text has the same length
    and offsets found in it are offsets in the document's own text.
    """
    import opencc  # opencc-python-reimplemented: ships OpenCC's dictionaries as text files

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


def to_simplified(text: str) -> str:
    """The text with traditional characters replaced by simplified ones, same length."""
    return text.translate(_t2s_table())

# --- headings -------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇"
_DIGIT = "0-9０-９"
_HEADING_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    ("cn", 1, re.compile(rf"^([{_CN}]{{1,4}})\s*[、，,.．]\s*")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*([{_CN}]{{1,4}})\s*[）)]\s*[、，,.．]?\s*")),
    ("arabic", 3, re.compile(rf"^([{_DIGIT}]{{1,3}})\s*[.．、，,](?![{_DIGIT}])\s*")),
    ("arabic_paren", 4, re.compile(rf"^[（(]\s*([{_DIGIT}]{{1,3}})\s*[）)]\s*[、.．]?\s*")),
    ("circled", 5, re.compile(r"^([\u2460-\u2473])\s*")),
]
_STYLE_HEADING_RE = re.compile(r"^(?:Heading|标题)\s*([1-9])$", re.IGNORECASE)

_OPENERS = "《“‘（(【「『〈[〔"
_CLOSERS = "》”’）)】」』〉]〕"
_FULL_STOPS = "。！？!?"
_SOFT_STOPS = "；;：:"


@dataclass
class _Heading:
    kind: str
    rank: int
    value: int | None
    number: str | None
    title: str
    body: str


def _fullwidth_digits_to_ascii(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def _match_heading(paragraph: Paragraph) -> _Heading | None:
    text = paragraph.text
    for kind, rank, pattern in _HEADING_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end() :]
        if not rest:
            return None
        raw = match.group(1)
        if kind in ("cn", "cn_paren"):
            value = parse_chinese_numeral(raw)
            if value is None or value == 0:
                continue
            number = (
                f"{chinese_numeral(value)}、" if kind == "cn" else f"（{chinese_numeral(value)}）"
            )
        elif kind in ("arabic", "arabic_paren"):
            value = int(_fullwidth_digits_to_ascii(raw))
            number = f"{value}." if kind == "arabic" else f"（{value}）"
        else:
            value = ord(raw) - 0x2460 + 1
            number = raw
        title, body = split_title(rest)
        return _Heading(kind, rank, value, number, title, body)
    style_match = _STYLE_HEADING_RE.match(paragraph.style or "")
    if style_match and len(text) <= 40:
        # A Word heading without a visible number still structures the outline.
        title, body = split_title(text)
        return _Heading("style", int(style_match.group(1)), None, None, title, body)
    return None


def _cut_points(text: str, stops: str) -> Iterator[int]:
    """Positions of characters in ``stops`` that are outside quotes and brackets."""
    depth = 0
    for position, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in stops:
            # '13:20' or '2.5' is not a sentence boundary.
            if ch in ":" and 0 < position < len(text) - 1 and text[position + 1].isdigit():
                continue
            yield position


def split_title(text: str) -> tuple[str, str]:
    """Split a heading that runs on into its body: the title is the first sentence.

    A full stop (。！？) stays with the title; a semicolon or colon is dropped. Returns
    (title, body); body is '' when the heading stands alone.
    """
    for position in _cut_points(text, _FULL_STOPS + _SOFT_STOPS):
        ch = text[position]
        title = text[: position + 1] if ch in _FULL_STOPS else text[:position]
        body = text[position + 1 :].strip()
        if title.strip():
            return title.strip(), body
    return text.strip(), ""


# --- outline --------------------------------------------------------------------------------


@dataclass
class _Node:
    heading: _Heading
    paragraph: Paragraph
    level: int
    children: list[_Node] = field(default_factory=list)
    # Paragraphs directly under this heading, before its first child heading.
    content: list[Paragraph] = field(default_factory=list)

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def full_body(self) -> str:
        """The heading's run-on text, its paragraphs and everything under it, one per line."""
        lines = [self.heading.body] if self.heading.body else []
        lines += [p.text for p in self.content]
        for child in self.children:
            lines.append(child.paragraph.text)
            child_body = child.full_body()
            # The child's run-on text is already inside its heading line.
            if child.heading.body and child_body.startswith(child.heading.body):
                child_body = child_body[len(child.heading.body) :].lstrip("\n")
            if child_body:
                lines.append(child_body)
        return "\n".join(lines)

    def label(self) -> str:
        title = self.heading.title.rstrip("。.")
        return f"{self.heading.number or ''}{title}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "number": self.heading.number,
            "title": self.heading.title,
            "children": [child.to_dict() for child in self.children],
            "source": _source(self.paragraph),
        }


def _source(paragraph: Paragraph) -> dict[str, Any]:
    return {"paragraph": paragraph.index, "locator": paragraph.locator}


def _build_outline(paragraphs: Sequence[Paragraph]) -> tuple[list[_Node], list[Paragraph]]:
    """Nest headings by rank; returns (top-level nodes, paragraphs before the first heading)."""
    roots: list[_Node] = []
    preamble: list[Paragraph] = []
    stack: list[_Node] = []
    for paragraph in paragraphs:
        heading = _match_heading(paragraph)
        if heading is None:
            (stack[-1].content if stack else preamble).append(paragraph)
            continue
        while stack and stack[-1].heading.rank >= heading.rank:
            stack.pop()
        node = _Node(heading=heading, paragraph=paragraph, level=len(stack) + 1)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots, preamble


# --- site chrome, title and signature -------------------------------------------------------

_CHROME_RE = re.compile(
    r"当前位置|您的位置|您现在的位置|现在位置|首页\s*[>＞»/›]|发布时间|发布日期|信息来源|来源[:：]|"
    r"^打印|字号|【\s*大\s*中\s*小\s*】|关闭窗口|主办[:：]|承办[:：]|协办[:：]|ICP|网站标识码|公网安备|"
    r"访问量|浏览次数|阅读次数|点击数|微信公众号|官方微博|扫一扫|分享到|^地址[:：]|邮编[:：]|"
    r"电话[:：]|传真[:：]|版权所有|Copyright|©|联系我们|网站地图|责任编辑|索引号|上一篇|下一篇|"
    r"相关链接|【打印】|【关闭】",
    re.IGNORECASE,
)
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE_RE = re.compile(rf"([{_CN}]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日")
_SIGNATURE_DATE_RE = re.compile(
    rf"^(?P<org>[^，,。；;：:]{{2,40}}?)?\s*[（(]?(?P<date>\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
    rf"|[{_CN}]{{4}}年[{_CN}]{{1,3}}月[{_CN}]{{1,3}}日)[)）]?$"
)
_TITLE_KEYWORD_RE = re.compile(r"报告|总结|情况|关于|自查|述职")
_DOC_NUMBER_RE = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_TITLE_YEAR_RE = re.compile(r"(\d{4})\s*年")


def is_chrome(text: str) -> bool:
    """True for web-page furniture around the report: breadcrumbs, footers, counters."""
    return bool(_CHROME_RE.search(text))


def _parse_date(text: str) -> dt.date | None:
    match = _DATE_RE.search(text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE_RE.search(text)
        if match:
            year, month, day = (parse_chinese_numeral(group) for group in match.groups())
            if year and month and day:
                return dt.date(year, month, day)
    except ValueError:
        return None
    return None


@dataclass
class _Frame:
    """Where the report proper sits among the paragraphs."""

    title_lines: list[Paragraph]
    body: list[Paragraph]
    organization: str | None
    issued_on: dt.date | None


def _find_title(paragraphs: Sequence[Paragraph], stop: int) -> list[Paragraph]:
    """The title is a run of short lines before the first heading, preferring one that names a
    report ('…关于…情况的报告'); site chrome, document numbers and salutations are skipped."""
    groups: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    for paragraph in paragraphs[:stop]:
        text = paragraph.text
        candidate = (
            len(text) <= 40
            and not is_chrome(text)
            and not re.search(r"[。；;]", text)
            and not text.endswith(("：", ":"))
            and not _DOC_NUMBER_RE.search(text)
            and not _SIGNATURE_DATE_RE.match(text)
        )
        if candidate:
            current.append(paragraph)
        else:
            if current:
                groups.append(current)
            current = []
            if len(text) > 40 and not is_chrome(text):
                # The first long paragraph starts the report text; the title is before it.
                break
    if current:
        groups.append(current)
    if not groups:
        return []
    named = [g for g in groups if any(_TITLE_KEYWORD_RE.search(p.text) for p in g)]
    group = named[-1] if named else groups[-1]
    if len(group) > 3:
        keyword_lines = [i for i, p in enumerate(group) if _TITLE_KEYWORD_RE.search(p.text)]
        last = keyword_lines[-1] if keyword_lines else len(group) - 1
        group = group[max(0, last - 1) : last + 1]
    # Pages often repeat the title (header band and article); keep one copy.
    unique: list[Paragraph] = []
    for paragraph in group:
        if all(paragraph.text != kept.text for kept in unique):
            unique.append(paragraph)
    return unique


def _find_frame(paragraphs: Sequence[Paragraph]) -> _Frame:
    first_heading = next(
        (i for i, p in enumerate(paragraphs) if _match_heading(p) is not None), len(paragraphs)
    )
    title_lines = _find_title(paragraphs, first_heading)
    start = title_lines[-1].index + 1 if title_lines else 0
    start_position = next((i for i, p in enumerate(paragraphs) if p.index >= start), 0)

    organization: str | None = None
    issued_on: dt.date | None = None
    end = len(paragraphs)
    # The signature (organisation line + date line) ends the report; anything after is chrome.
    for position in range(max(first_heading, start_position), len(paragraphs)):
        match = _SIGNATURE_DATE_RE.match(paragraphs[position].text)
        if not match:
            continue
        issued_on = _parse_date(match.group("date"))
        if issued_on is None:
            continue
        end = position
        if match.group("org"):
            organization = match.group("org").strip()
        elif position > start_position:
            previous = paragraphs[position - 1].text
            if (
                len(previous) <= 40
                and not re.search(r"[。，,；;：:]", previous)
                and _match_heading(paragraphs[position - 1]) is None
            ):
                organization = previous
                end = position - 1
        break
    else:
        # No signature: stop at the first line of site furniture after the report starts.
        for position in range(max(first_heading, start_position), len(paragraphs)):
            if is_chrome(paragraphs[position].text):
                end = position
                break
    body = [p for p in paragraphs[start_position:end] if not is_chrome(p.text)]
    return _Frame(title_lines, body, organization, issued_on)


# --- sections -------------------------------------------------------------------------------

_PLAN_WORDS = r"(?:打算|计划|安排|思路|重点|举措|措施|设想|目标|方向|谋划|规划|任务)"
_PLAN_NEXT_RE = re.compile(r"下一步|下步|下一阶段|下阶段|今后|明年|来年|新的一年|未来")
_PLAN_YEAR_RE = re.compile(rf"(\d{{4}})\s*年(?:度)?(?:的)?(?:主要)?(?:工作)?{_PLAN_WORDS}")
_PLAN_BARE_RE = re.compile(r"^(?:主要|有关|相关)?(?:的)?(?:工作)?(?:打算|计划|安排|思路|设想)$")
_PLAN_NEGATIVE_RE = re.compile(r"情况|成效|成绩|完成|做法|经验|回顾|落实|执行")
_PROBLEM_RE = re.compile(r"问题|不足|短板|差距|困难|薄弱环节|弱项")
_PROBLEM_NEGATIVE_RE = re.compile(
    r"解决|化解|整改|破解|回应|办理|处理|查处|排查|治理|聚焦|导向|意识|坚持"
)


def _plan_strength(title: str, report_year: int | None) -> int:
    """How surely a heading names next year's plan: 0 not at all, 1 plainly, 2 surely."""
    title = title.rstrip("。.")
    if len(title) > 30:
        return 0
    if _PLAN_NEXT_RE.search(title) and (
        re.search(_PLAN_WORDS, title) or "工作" in title or _PROBLEM_RE.search(title)
    ):
        return 2
    match = _PLAN_YEAR_RE.search(title)
    if (
        match
        and not _PLAN_NEGATIVE_RE.search(title)
        and (report_year is None or int(match.group(1)) > report_year)
    ):
        return 2
    if _PLAN_BARE_RE.search(title) and not _PLAN_NEGATIVE_RE.search(title):
        return 1
    return 0


def _problem_strength(title: str) -> int:
    title = title.rstrip("。.")
    if len(title) > 30 or not _PROBLEM_RE.search(title) or _PROBLEM_NEGATIVE_RE.search(title):
        return 0
    return 2 if re.search(r"存在|主要|面临|问题和不足|不足和问题|困难和问题", title) else 1


def _pick(candidates: list[tuple[_Node, int]], *, prefer_last: bool) -> _Node | None:
    """Shallowest heading wins; then the surer match; then position (plans come late)."""
    if not candidates:
        return None
    order = {id(node): i for i, (node, _) in enumerate(candidates)}

    def key(item: tuple[_Node, int]) -> tuple[int, int, int]:
        node, strength = item
        position = order[id(node)]
        return (node.level, -strength, -position if prefer_last else position)

    return min(candidates, key=key)[0]


# --- enumerations and problem lists ---------------------------------------------------------

_ENUM_MARKER_RE = re.compile(
    r"(?<![\u4e00-\u9fff])([一二三四五六七八九十]{1,2})(?:是|要)(?=[^\s，,。；;])"
)
_LIST_END_RE = re.compile(
    r"等(?:方面的?|一系列|一些|诸多|突出)?(?:问题|不足|短板|困难|情况|现象|差距)"
)
_LEAD_IN_START_RE = re.compile(
    r"^(?:随着|由于|总体|整体|一年来|对照|回顾|然而|当前|目前)|虽然|尽管|取得"
)
_LEAD_IN_END_RE = re.compile(r"(?:后|时|中|下|来|以来|方面|看|上|里|期间)$")
_LIST_INTRO_RE = re.compile(r"(?:表现在|表现为|主要有|具体是|体现在|主要是|如下|以下|包括)\s*$")
_CONNECTIVE_RE = re.compile(
    r"(?:同时|并且|而且|以及|但是|但|且|和|还|也|仍然|仍|依然|尚)*(?:存在(?:着)?)?"
)
_SUMMARY_RE = re.compile(
    r"(?:一些|一定|若干|以下|如下|不少|诸多|部分)(?:的)?(?:问题|不足|困难|短板)"
)


def _enumeration(text: str) -> list[tuple[str, int, int]]:
    """Find '一是…二是…三是…' items; returns (marker, start, end) spans of each item's text.

    The sequence must start at 一 and count up, so '一是' alone in a sentence is not a list.
    """
    markers: list[tuple[str, int, int]] = []
    expected = 1
    for match in _ENUM_MARKER_RE.finditer(text):
        value = parse_chinese_numeral(match.group(1))
        if value == expected:
            markers.append((match.group(0), match.start(), match.end()))
            expected += 1
    if len(markers) < 2:
        return []
    spans: list[tuple[str, int, int]] = []
    for i, (marker, _, content_start) in enumerate(markers):
        content_end = markers[i + 1][1] if i + 1 < len(markers) else len(text)
        start, end = _trim(text, content_start, content_end)
        if end > start:
            spans.append((marker, start, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to leave out surrounding spaces and list punctuation."""
    while start < end and text[start] in " ，,、；;：:":
        start += 1
    while end > start and text[end - 1] in " ，,、；;。：:！!":
        end -= 1
    return start, end


def _split_clauses(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    segment = text[start:end]
    previous = 0
    for position in _cut_points(segment, separators):
        spans.append((start + previous, start + position))
        previous = position + 1
    spans.append((start + previous, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[1] > span[0]]


def _sentences(text: str) -> list[tuple[int, int]]:
    return _split_clauses(text, 0, len(text), "。！？!?")


def split_problems(text: str) -> list[tuple[str | None, int, int]]:
    """Split a paragraph that lists problems into (marker, start, end) spans of ``text``.

    Handles '一是A；二是B', '主要表现在：A；B；C', '存在A，B，C等问题' and otherwise treats each
    sentence as one problem, skipping summary sentences ('还存在一些不足').
    """
    enumerated = _enumeration(text)
    if enumerated:
        return [(marker, start, end) for marker, start, end in enumerated]
    problems: list[tuple[str | None, int, int]] = []
    for sentence_start, sentence_end in _sentences(text):
        sentence = text[sentence_start:sentence_end]
        if _PLAN_TURN_RE.search(sentence):
            break  # '下一步，…' — from here on the paragraph is about plans, not problems
        colon = next(_cut_points(sentence, "：:"), None)
        if colon is not None and colon < len(sentence) - 1:
            # 'A方面主要表现在：B；C' — the list is after the colon.
            list_start = sentence_start + colon + 1
            separators = "；;" if re.search("[；;]", sentence[colon:]) else "，,"
            for start, end in _split_clauses(text, list_start, sentence_end, separators):
                start, end = _strip_framing(text, start, end)
                if end - start >= 2:
                    problems.append((None, start, end))
            continue
        list_end = _LIST_END_RE.search(sentence)
        if list_end:
            clauses = _split_clauses(
                text, sentence_start, sentence_start + list_end.start(), "，,；;"
            )
            leading = True
            for start, end in clauses:
                clause = text[start:end]
                if leading and _is_lead_in(clause):
                    continue
                leading = False
                start, end = _strip_framing(text, start, end)
                if end - start >= 2:
                    problems.append((None, start, end))
            continue
        if _SUMMARY_RE.search(sentence) or _LIST_INTRO_RE.search(sentence):
            continue
        start, end = _strip_framing(text, sentence_start, sentence_end)
        if end - start >= 2:
            problems.append((None, start, end))
    return problems


def _is_lead_in(clause: str) -> bool:
    """Context before the list ('机构改革后', '虽然取得了一定成效'), not a problem itself."""
    if _LEAD_IN_START_RE.search(clause) and len(clause) <= 25:
        return True
    return len(clause) <= 8 and bool(_LEAD_IN_END_RE.search(clause))


def _strip_framing(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the words that frame a list item ('还存在', '…等问题') but none of its own words."""
    match = _CONNECTIVE_RE.match(text, start, end)
    if match and match.end() < end - 1 and "存在" in match.group(0):
        start = match.end()
    tail = _LIST_END_RE.search(text, start, end)
    if tail and tail.end() == end:
        end = tail.start()
    return _trim(text, start, end)


# --- the result -----------------------------------------------------------------------------


@dataclass
class PlanItem:
    """One commitment of the plan section: becomes one task."""

    number: str | None
    title: str
    body: str
    paragraph: Paragraph

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "kind": "plan",
            "source": _source(self.paragraph),
        }


@dataclass
class ProblemItem:
    """One admitted problem: becomes one rectification task (整改任务)."""

    number: str | None
    text: str
    paragraph: Paragraph
    body: str = ""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "number": self.number,
            "text": self.text,
            "kind": "problem",
            "source": _source(self.paragraph),
        }
        if self.body:
            result["body"] = self.body
        return result


@dataclass
class Section:
    heading: str
    items: list[Any]
    paragraph: Paragraph | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "heading": self.heading,
            "items": [item.to_dict() for item in self.items],
        }
        if self.paragraph is not None:
            result["source"] = _source(self.paragraph)
        return result


@dataclass
class ParsedReport:
    """What the parser found; ``to_dict()`` is the public JSON contract of DESIGN.md."""

    title: str | None
    organization: str | None
    report_year: int | None
    plan_year: int | None
    issued_on: dt.date | None
    plan_section: Section | None
    problem_section: Section | None
    outline: list[_Node]
    warnings: list[str]
    content_sha256: str

    def to_dict(self) -> dict[str, Any]:
        """The import preview: exactly the keys of the ``import_report --json`` contract."""
        return {
            "title": self.title,
            "organization": self.organization,
            "report_year": self.report_year,
            "plan_year": self.plan_year,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "plan_section": self.plan_section.to_dict() if self.plan_section else None,
            "problem_section": self.problem_section.to_dict() if self.problem_section else None,
            "outline": [node.to_dict() for node in self.outline],
            "warnings": list(self.warnings),
        }


def _text_to_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for number, line in enumerate(text.splitlines(), 1):
        normalised = normalise_text(line)
        if normalised:
            paragraphs.append(Paragraph(len(paragraphs), normalised, f"第 {number} 行"))
    return paragraphs


def _content_sha256(paragraphs: Sequence[Paragraph]) -> str:
    """Hash of the report text with width and spacing folded, so the same report gives the same
    hash whether it came as .txt, .docx, .pdf or a web page with different furniture."""
    folded = unicodedata.normalize("NFKC", "\n".join(p.text for p in paragraphs))
    folded = re.sub(r"\s+", "", folded)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _report_year(title: str | None, roots: list[_Node], issued_on: dt.date | None) -> int | None:
    for text in [title or ""] + [node.heading.title for node in roots[:1]]:
        match = _TITLE_YEAR_RE.search(text)
        if match and 1949 < int(match.group(1)) < 2200:
            return int(match.group(1))
    if issued_on is not None:
        # Annual reports are issued early the following year, or in December of the same year.
        return issued_on.year if issued_on.month >= 11 else issued_on.year - 1
    return None


def _plan_items(node: _Node, warnings: list[str]) -> list[PlanItem]:
    if node.children:
        return [
            PlanItem(child.heading.number, child.heading.title, child.full_body(), child.paragraph)
            for child in node.children
        ]
    items: list[PlanItem] = []
    for paragraph in node.content:
        for marker, start, end in _enumeration(paragraph.text):
            title, body = split_title(paragraph.text[start:end])
            items.append(PlanItem(marker, title, body, paragraph))
    if items:
        return items
    for paragraph in node.content:
        if paragraph.text.endswith(("：", ":")):
            continue  # an introduction ('下一步，我们将重点做好以下工作：')
        title, body = split_title(paragraph.text)
        items.append(PlanItem(None, title, body, paragraph))
    if len(items) > 1:
        warnings.append(f"“{node.label()}”下没有编号条目，已按段落拆分，请核对。")
    elif items:
        warnings.append(f"“{node.label()}”下没有编号条目，已将整段作为一项，请核对。")
    return items


def _problem_items(
    node: _Node, paragraphs: Sequence[Paragraph], *, children: bool = True
) -> list[ProblemItem]:
    if children and node.children:
        items: list[ProblemItem] = []
        for child in node.children:
            text = child.heading.title.rstrip("。；;，,")
            items.append(
                ProblemItem(child.heading.number, text, child.paragraph, child.full_body())
            )
        return items
    items = []
    for paragraph in paragraphs:
        for marker, start, end in split_problems(paragraph.text):
            items.append(ProblemItem(marker, paragraph.text[start:end], paragraph))
    return items


_PLAN_TURN_RE = re.compile(
    r"^(?:下一步|下步|今后|下一阶段|\d{4}\s*年[，,]|为此|针对(?:上述|以上|这些))"
)


def _numbering_warnings(section: Section, warnings: list[str]) -> None:
    """Duplicated or skipped numbers in a section a supervisor will turn into tasks."""
    numbers = [item.number for item in section.items if item.number]
    seen: set[str] = set()
    for number in numbers:
        if number in seen:
            warnings.append(f"“{section.heading}”中编号“{number}”重复，请核对。")
        seen.add(number)
    values = [_number_value(number) for number in numbers]
    known = [value for value in values if value is not None]
    if known and len(set(known)) == len(known):
        expected = list(range(known[0], known[0] + len(known)))
        if known != expected:
            warnings.append(f"“{section.heading}”中编号不连续，请核对是否有遗漏。")


def _number_value(number: str) -> int | None:
    core = number.strip("（）、.是")
    if core.isdigit():
        return int(core)
    if len(core) == 1 and 0x2460 <= ord(core) <= 0x2473:
        return ord(core) - 0x2460 + 1
    return parse_chinese_numeral(core)


def parse_report(paragraphs: list[Paragraph] | str) -> ParsedReport:
    """Parse a report's paragraphs (or its plain text, split by lines) into a ParsedReport.

    Never raises on any text: what it cannot find is None, with a Chinese warning saying what a
    supervisor should check.
    """
    if isinstance(paragraphs, str):
        paragraphs = _text_to_paragraphs(paragraphs)
    else:
        # Callers may pass paragraphs from elsewhere; make sure the text is normalised.
        paragraphs = [
            p
            if p.text == normalise_text(p.text)
            else Paragraph(p.index, normalise_text(p.text), p.locator, p.style)
            for p in paragraphs
        ]
        paragraphs = [p for p in paragraphs if p.text]
    warnings: list[str] = []
    frame = _find_frame(paragraphs)
    roots, _preamble = _build_outline(frame.body)

    title = "".join(p.text for p in frame.title_lines) or None
    organization = frame.organization
    if organization is None and title and "关于" in title:
        prefix = title.split("关于", 1)[0].strip()
        organization = prefix if 2 <= len(prefix) <= 40 else None
    report_year = _report_year(title, roots, frame.issued_on)

    nodes = [node for root in roots for node in root.walk()]
    # A plain '工作计划' or a heading merely mentioning 问题 counts only at the top level; deeper
    # down such words are usually achievements ('制定工作计划', '坚持问题导向').
    plan_candidates = [
        (n, s)
        for n in nodes
        if (s := _plan_strength(n.heading.title, report_year)) and (s > 1 or n.level == 1)
    ]
    problem_candidates = [
        (n, s)
        for n in nodes
        if (s := _problem_strength(n.heading.title)) and (s > 1 or n.level == 1)
    ]
    plan_node = _pick(plan_candidates, prefer_last=True)
    problem_node = _pick(problem_candidates, prefer_last=False)

    plan_section: Section | None = None
    problem_section: Section | None = None
    if plan_node is not None and plan_node is problem_node:
        # One heading for both ('存在问题及下一步工作安排').
        combined = plan_node
        sub_plan = _pick(
            [(c, s) for c in combined.children if (s := _plan_strength(c.heading.title, None))],
            prefer_last=True,
        )
        sub_problem = _pick(
            [(c, s) for c in combined.children if (s := _problem_strength(c.heading.title))],
            prefer_last=False,
        )
        if sub_plan is not None and sub_problem is not None and sub_plan is not sub_problem:
            plan_node, problem_node = sub_plan, sub_problem
        else:
            plan_node = problem_node = None
            plan_section, problem_section = _combined_sections(combined, warnings)
    if plan_node is not None:
        plan_section = Section(
            plan_node.label(), _plan_items(plan_node, warnings), plan_node.paragraph
        )
    if problem_node is not None:
        problem_section = Section(
            problem_node.label(),
            _problem_items(problem_node, problem_node.content),
            problem_node.paragraph,
        )

    plan_year: int | None = None
    if plan_section is not None:
        match = _TITLE_YEAR_RE.search(plan_section.heading)
        if match:
            plan_year = int(match.group(1))
    if plan_year is None and report_year is not None:
        plan_year = report_year + 1

    if title is None:
        warnings.append("未识别出报告标题，请核对。")
    if frame.issued_on is None:
        warnings.append("未找到落款日期，请核对成文日期。")
    if plan_section is None:
        warnings.append("未找到下一步工作计划（工作打算）部分，请人工核对。")
    elif not plan_section.items:
        warnings.append(f"“{plan_section.heading}”下未找到具体工作条目，请人工核对。")
    else:
        _numbering_warnings(plan_section, warnings)
    if problem_section is None:
        warnings.append("未找到存在的问题部分，请人工核对。")
    elif not problem_section.items:
        warnings.append(f"“{problem_section.heading}”下未能拆分出具体问题，请人工核对。")
    else:
        _numbering_warnings(problem_section, warnings)

    hashed = frame.title_lines + frame.body
    return ParsedReport(
        title=title,
        organization=organization,
        report_year=report_year,
        plan_year=plan_year,
        issued_on=frame.issued_on,
        plan_section=plan_section,
        problem_section=problem_section,
        outline=roots,
        warnings=warnings,
        content_sha256=_content_sha256(hashed or paragraphs),
    )


def _combined_sections(node: _Node, warnings: list[str]) -> tuple[Section, Section]:
    """A heading covering problems and plans with no sub-heading for each.

    Numbered children are the plan items and the paragraphs before them hold the problems. With
    no children, paragraphs up to one starting '下一步…'/'今后…' hold the problems and the rest the
    plan.
    """
    heading = node.label()
    if node.children:
        plan_items = [
            PlanItem(child.heading.number, child.heading.title, child.full_body(), child.paragraph)
            for child in node.children
        ]
        problem_items = _problem_items(node, node.content, children=False)
    else:
        turn = next(
            (i for i, p in enumerate(node.content) if _PLAN_TURN_RE.search(p.text)),
            len(node.content),
        )
        problem_items = _problem_items(node, node.content[:turn], children=False)
        plan_items = []
        for paragraph in node.content[turn:]:
            for marker, start, end in _enumeration(paragraph.text):
                title, body = split_title(paragraph.text[start:end])
                plan_items.append(PlanItem(marker, title, body, paragraph))
        if not plan_items:
            for paragraph in node.content[turn:]:
                title, body = split_title(paragraph.text)
                plan_items.append(PlanItem(None, title, body, paragraph))
    return (
        Section(heading, plan_items, node.paragraph),
        Section(heading, problem_items, node.paragraph),
    )
