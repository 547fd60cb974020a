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
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from plans.foot import find_foot, printed_date_note
from plans.fragments import cut_field_heading, names_no_work
from plans.improvement import announced_measures, names_improvement, promise_sentences
from plans.not_reports import not_a_report
from plans.numerals import WRITTEN_DATE, chinese_numeral, parse_chinese_numeral, parse_written_date
from plans.phrases import WRITER_SUBJECT, Assignment, names_work_to_come, parse_assignment
from plans.radicals import fold_radicals
from plans.reading import Paragraph, normalise_text
from plans.task_lists import bare_task_list
from plans.title_block import (
    is_delivery_date,
    is_subtitle,
    opens_with_salutation,
    read_title_block,
    split_title_block,
)
from plans.traditional import to_simplified

__all__ = ["ParsedReport", "parse_report", "to_simplified"]

# --- headings -------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇"
_DIGIT = "0-9０-９"
_HEADING_PATTERNS: list[tuple[str, float, re.Pattern[str]]] = [
    ("part", 0, re.compile(rf"^第([{_CN}]{{1,3}})部分\s*[、，,.．：:]?\s*")),
    ("cn", 1, re.compile(rf"^([{_CN}]{{1,4}})\s*[、，,.．]\s*")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*([{_CN}]{{1,4}})\s*[）)]\s*[、，,.．]?\s*")),
    ("arabic", 3, re.compile(rf"^([{_DIGIT}]{{1,3}})\s*[.．、，,](?![{_DIGIT}])\s*")),
    ("arabic_paren", 4, re.compile(rf"^[（(]\s*([{_DIGIT}]{{1,3}})\s*[）)]\s*[、.．]?\s*")),
    # '1）加强…' (engineer r13w): a half parenthesis, before a word (not '30）', '2）1').
    ("arabic_half", 4.5, re.compile(rf"^([{_DIGIT}]{{1,3}})\s*[）)](?![{_DIGIT}）)])\s*")),
    ("circled", 5, re.compile(r"^([\u2460-\u2473])\s*")),
]
_SECTION_PREFIX_RE = re.compile(
    r"(?:\d{4}\s*年(?:度)?|下半年|明年|来年|下一步|下步|今后|下一阶段|下阶段)(?:的)?(?:主要)?(?:工作)?"
    r"(?:打算|计划|安排|思路|重点|设想|任务)|"
    r"(?:存在的?|面临的?)?(?:主要)?(?:问题|困难|不足|短板)(?:[和与及](?:不足|问题|困难|短板|差距))?"
)
_STYLE_HEADING_RE = re.compile(r"^(?:Heading|标题)\s*([1-9])$", re.IGNORECASE)

_OPENERS = "《“‘（(【「『〈[〔"
_CLOSERS = "》”’）)】」』〉]〕"
_FULL_STOPS = "。！？!?"
_SOFT_STOPS = "；;：:"


@dataclass
class _Heading:
    kind: str
    rank: float
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
        if kind in ("cn", "cn_paren", "part"):
            value = parse_chinese_numeral(raw)
            if value is None or value == 0:
                continue
            number = {
                "cn": f"{chinese_numeral(value)}、",
                "cn_paren": f"（{chinese_numeral(value)}）",
                "part": f"第{chinese_numeral(value)}部分 ",
            }[kind]
        elif kind in ("arabic", "arabic_paren", "arabic_half"):
            value = int(_fullwidth_digits_to_ascii(raw))
            number = {"arabic": f"{value}.", "arabic_paren": f"（{value}）"}.get(kind, f"{value}）")
        else:
            value = ord(raw) - 0x2460 + 1
            number = raw
        title, body = split_title(rest)
        listed = _name_into_list(rest)
        if listed is not None:
            # '四、需要重点关注的事项一是…二是…' — the name runs on into its list on one line.
            title, body = rest[:listed], rest[listed:]
        elif len(title) > 30:
            # '二、下半年工作安排1. 重点工作部署下半年，……' — a section name run into its text.
            prefix = _SECTION_PREFIX_RE.match(title)
            if prefix:
                body = (rest[prefix.end() :]).strip()
                title = prefix.group(0)
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


def _name_into_list(rest: str) -> int | None:
    """Where a heading's name ends when it runs on into its '一是…二是…' list with no pause
    ('需要重点关注的事项一是…', a page whose line breaks were lost): the '一是' within the first
    24 characters, no punctuation before it, opening a list of at least two points of a few
    characters each. None otherwise — '坚持一是一二是二的作风' is a saying, not a list."""
    head = rest[:26]
    start = head.find("一是")
    if start < 0:
        start = head.find("一要")
    if start < 2 or any(ch in _PUNCTUATION for ch in rest[:start]):
        return None
    # The marker follows a word here, which _ENUM_MARKER_RE does not take for a marker
    # ('统一是'): the list is read from the marker on.
    points = _enumeration(rest[start:])
    if len(points) < 2 or points[0][0] != rest[start : start + 2]:
        return None
    if any(end - begin < 4 for _marker, begin, end in points):
        return None
    return start


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


# An unnumbered label on a line of its own, or followed at once by its numbered items:
# '存在问题：', '改进措施：', '下一步打算：1.…'.
_COLON_LABEL_RE = re.compile(r"^(?P<label>[^，,。；;：:！？!?\s]{2,14})\s*[：:]\s*(?P<rest>.*)$")
# '【存在问题】', '〖下步打算〗' on a line of their own (or before their items).
_BRACKET_LABEL_RE = re.compile(
    r"^[【〖\[]\s*(?P<label>[^，,。；;：:！？!?\s】〗\]]{2,14})\s*[】〗\]]\s*[：:]?\s*(?P<rest>.*)$"
)
_LABEL_REST_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}(?:是|要)|[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[）)]|"
    r"[一二三四五六七八九十\d]{1,2}\s*[、.．])"
)


_LABEL_START_RE = re.compile(
    r"(?:存在|主要|面临|突出|下一步|下步|今后|明年|来年|下阶段|下一阶段|下半年|改进|整改|完善|努力|"
    r"工作|意见|对策|问题|不足|困难|短板|差距|\d{4}\s*年)"
)


# Words of a sentence, not of a section name: '工作中还存在一些不足：', '主要有：', '存在问题如下：'.
_LABEL_SENTENCE_RE = re.compile(r"[还也仍但我将已了是有经]|一些|如下|以下|之中|工作中")


_BARE_LABEL_RE = re.compile(r"^[^，,。；;：:！？!?\s、（）()【】“”]{3,12}$")


def _colon_label(text: str) -> tuple[str, str] | None:
    """(label, rest) when the paragraph is a section label ending in a colon that names
    problems or plans ('存在问题：', '改进措施：', '下一步打算：一是…'), else None."""
    match = _COLON_LABEL_RE.match(text) or _BRACKET_LABEL_RE.match(text)
    if match is None:
        return None
    label, rest = match.group("label"), match.group("rest").strip()
    if len(label) > 10 or not _LABEL_START_RE.match(label) or _LABEL_SENTENCE_RE.search(label):
        return None  # '区督查组反馈问题如下：' is a sentence introducing a list, not a label
    if rest and not _LABEL_REST_RE.match(rest):
        return None  # '问题：…' / '整改措施：…' per item is a field, not a section
    if not (_problem_strength(label) or _plan_strength(label, None)):
        return None
    return label, rest


def _split_label_items(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """'存在问题：1.A；2.B。' — a label followed on its line by numbered items: the label and
    each item become paragraphs of their own (same index and locator), read as a label and
    its numbered items."""
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text
        found = _colon_label(text)
        match = _COLON_LABEL_RE.match(text) or _BRACKET_LABEL_RE.match(text)
        cuts: list[int] = []
        if found and found[1] and match is not None:
            rest = match.start("rest")
            for sub in _SUB_ITEM_RES:
                expected, cuts = 1, []
                for item in sub.finditer(text, rest):
                    before = text[: item.start()].rstrip()
                    starts = item.start() == rest or before.endswith(tuple("。！？!?；;"))
                    if starts and _number(item.group("num")) == expected:
                        cuts.append(item.start())
                        expected += 1
                if len(cuts) >= 2 and cuts[0] == rest:
                    break
                cuts = []
        if not cuts:
            result.append(paragraph)
            continue
        bounds = [0, *cuts, len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            piece = text[start:end].strip()
            if piece:
                result.append(Paragraph(paragraph.index, piece, paragraph.locator, paragraph.style))
    return result


def _label_headings(paragraphs: Sequence[Paragraph]) -> dict[int, _Heading]:
    """Colon labels that stand for section headings, by position. A label used more than once
    ('存在问题：' under every numbered item of a rectification list) is a field, not a section."""
    found = {i: pair for i, p in enumerate(paragraphs) if (pair := _colon_label(p.text))}
    for i, paragraph in enumerate(paragraphs[:-1]):
        # '存在的不足' / '明年工作打算' alone on a line (a Word heading whose style was lost),
        # its numbered items right after it: read like the same name with a colon.
        if i not in found and _BARE_LABEL_RE.match(paragraph.text.strip()):
            pair = _colon_label(paragraph.text.strip() + "：")
            if pair is not None and _LABEL_REST_RE.match(paragraphs[i + 1].text):
                found[i] = pair
    counts: dict[str, int] = {}
    for label, _ in found.values():
        counts[label] = counts.get(label, 0) + 1
    result: dict[int, _Heading] = {}
    for i, (label, rest) in found.items():
        if counts[label] > 1 or _match_heading(paragraphs[i]) is not None:
            continue
        # Its rank: just above the numbered items that follow it (within three paragraphs);
        # with none, or only top-level ones ('二、'), it sits just under its enclosing heading.
        rank: float | None = None
        for following in paragraphs[i + 1 : i + 4]:
            if _colon_label(following.text):
                break
            heading = _match_heading(following)
            if heading is not None:
                rank = heading.rank - 0.5 if heading.rank >= 2 else None
                break
        result[i] = _Heading("label", rank if rank is not None else -1, None, None, label, rest)
    return result


def _build_outline(paragraphs: Sequence[Paragraph]) -> tuple[list[_Node], list[Paragraph]]:
    """Nest headings by rank; returns (top-level nodes, paragraphs before the first heading).
    Colon labels ('存在问题：') nest like headings between their enclosing heading and their
    numbered items; a label ends the previous label's part."""
    roots: list[_Node] = []
    preamble: list[Paragraph] = []
    stack: list[_Node] = []
    paragraphs = _split_label_items(paragraphs)
    labels = _label_headings(paragraphs)
    for position, paragraph in enumerate(paragraphs):
        heading = _match_heading(paragraph) or labels.get(position)
        if heading is None:
            (stack[-1].content if stack else preamble).append(paragraph)
            continue
        if heading.kind == "label":
            while any(node.heading.kind == "label" for node in stack):
                stack.pop()
            if heading.rank < 0:
                heading.rank = stack[-1].heading.rank + 0.5 if stack else 9.5
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
    r"访问量|浏览次数|阅读次数|点击数|微信公众号|官方微博|扫一扫|分享到|分享至|分享给好友|^地址[:：]|邮编[:：]|"
    r"电话[:：]|传真[:：]|版权所有|Copyright|©|联系我们|网站地图|责任编辑|索引号|上一篇|下一篇|"
    r"相关链接|【打印】|【关闭】|^(?:相关|推荐|延伸|热门|更多)[\u4e00-\u9fff]{0,8}(?:阅读|文章|推荐|范文|报告|总结)\s*[:：]|"
    r"^猜你喜欢|"
    # A reposting site's footer under the text: '本文链接：…', '本文word下载地址：…', '版权声明：…'.
    r"^本文(?:链接|地址|网址)\s*[:：]|^本文\s*(?:word|pdf)?\s*下载地址|^版权声明\s*[:：]|"
    r"^本文发布于|^(?:留言与评论|发表评论|网友评论)|"
    # A page's tool buttons: '【打印本页】 【关闭本页】', '[返回顶部]', '返回顶部 字号：大 中 小'.
    r"[【\[]\s*(?:打印|关闭|返回顶部|收藏|加入收藏)[\u4e00-\u9fff]{0,3}\s*[】\]]|^返回顶部",
    re.IGNORECASE,
)
# A line with no word at all: a table's leftover '|', a rule '—— ——', '* * *'.
_NO_WORD_RE = re.compile(r"^[\W_]+$")
_SIGNATURE_DATE_RE = re.compile(
    rf"^(?P<org>[^，,。；;：:]{{2,40}}?)?\s*[（(]?(?P<date>{WRITTEN_DATE})[)）]?$"
)
_MASKED_DATE_RE = re.compile(
    r"^[^，,。；;：:]{0,30}?\s*(?:\d{2})?[xX×＊*Ｘ]{2,4}\s*年\s*[xX×＊*Ｘ\d]{1,2}\s*月"
    r"\s*[xX×＊*Ｘ\d]{1,2}\s*日$"
)
_TITLE_KEYWORD_RE = re.compile(r"报告|总结|情况|关于|自查|述职")
_DOC_NUMBER_RE = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_TITLE_YEAR_RE = re.compile(r"(\d{4})\s*年")


# Furniture no report sentence contains; the other words of _CHROME_RE ('微信公众号', '电话：',
# '发布时间') also occur in the report's own prose ('通过微博、微信公众号等媒体发布信息。').
_STRONG_CHROME_RE = re.compile(
    r"ICP|网站标识码|公网安备|版权所有|Copyright|©|^版权声明\s*[:：]", re.IGNORECASE
)


# A model-text site's watermark appended to a paragraph, or standing alone: '公文汇 www.…com',
# 'https://…', '第一范文网'. Only at the end of the paragraph and only after a sentence end, a
# space or the start: an address inside a sentence ('登录www.12345.gov.cn反映问题') or after a
# colon ('网址：www…') is the report's own text, and government sites (.gov) never watermark.
_WATERMARK_RE = re.compile(
    r"(?:(?<=[。！？!?；;\s）)】”])|^)\s*(?P<mark>"
    r"(?:[\u4e00-\u9fff]{2,8}\s*)?(?:https?://)?(?:www\.)?(?![^/\s]*\bgov\b)"
    r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|cc|top|info|vip)(?:/\S*)?"
    r"|[\u4e00-\u9fff]{1,6}(?:文网|范文|文库|文秘网|文档网|写作网|资料网|文章网|文網|範文|文庫)"
    # A site's advert for its material: '【更多公文素材,微信:…】'; a page mark '第1 页共 3页'.
    r"|[【\[][^】\]]{0,16}(?:素材|范文|资料|公文)[^】\]]{0,8}(?:微信|QQ|qq|VX|vx|公众号)[^】\]]{0,30}[】\]]"
    r"|第\s*\d{1,4}\s*页\s*[，,/]?\s*共\s*\d{1,4}\s*页"
    r")\s*$",
    re.IGNORECASE,
)


def strip_watermark(text: str) -> tuple[str, str]:
    """(the paragraph without a site watermark at its end, the watermark or '')."""
    tail = text[-90:]
    if "." not in tail and not tail.endswith(("网", "库", "文", "網", "庫", "】", "]", "页")):
        return text, ""  # most paragraphs: no address and no site name at the end
    match = _WATERMARK_RE.search(text, max(0, len(text) - 90))
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), match.group("mark").strip()


def is_chrome(text: str) -> bool:
    """True for web-page furniture around the report: breadcrumbs, footers, counters, a site's
    watermark on a line of its own. A paragraph of prose (over 60 characters with two or more
    full stops, or over 40 in one sentence of four or more clauses with at most one label's
    colon) that merely mentions such a word ('微信公众号') is report text, unless the word is
    one only furniture uses."""
    if not _CHROME_RE.search(text):
        return bool(text) and (
            strip_watermark(text)[0] == "" or _NO_WORD_RE.match(text) is not None
        )
    sentence = (
        len(text) > 40
        and text.rstrip().endswith("。")
        and text.count("，") >= 3
        and text.count("：") + text.count(":") <= 1
    )
    if (len(text) > 60 and text.count("。") >= 2) or sentence or _numbered_prose(text):
        return _STRONG_CHROME_RE.search(text) is not None
    return True


def _numbered_prose(text: str) -> bool:
    """'4.平台管理。目前主抓微信公众号…的运营。': a numbered point of the report, not furniture."""
    heading = _match_heading(Paragraph(0, text, ""))
    return heading is not None and heading.kind != "style" and "。" in text and len(text) >= 20


@dataclass
class _Frame:
    """Where the report proper sits among the paragraphs."""

    title_lines: list[Paragraph]
    body: list[Paragraph]
    organization: str | None
    issued_on: dt.date | None
    # The foot's printing date ('…2026年11月20日印发'), when the report is not signed and dated.
    printed_on: dt.date | None = None


def _find_title(paragraphs: Sequence[Paragraph], stop: int) -> list[Paragraph]:
    """The title is a run of short lines before the first heading, preferring one that names a
    report ('…关于…情况的报告'); site chrome, document numbers and salutations are skipped."""
    groups: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    for paragraph in paragraphs[:stop]:
        text = paragraph.text
        # A speech's subtitle and the bracketed date after it are part of its head.
        head_line = is_subtitle(text) or (
            bool(current) and is_subtitle(current[-1].text) and is_delivery_date(text)
        )
        candidate = head_line or (
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
    named = [g for g in groups if any(is_subtitle(p.text) for p in g)] or [
        g for g in groups if any(_TITLE_KEYWORD_RE.search(p.text) for p in g)
    ]
    group = named[-1] if named else groups[-1]
    sub = next((i for i, p in enumerate(group) if is_subtitle(p.text)), None)
    if sub is not None:
        # Up to two title lines before the subtitle; after it a bracketed date and the speaker.
        after = sub + 1
        while after < len(group) and is_delivery_date(group[after].text):
            after += 1
        group = group[max(0, sub - 2) : after + 1]
    elif len(group) > 3:
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
    # By position, not by index: pieces of a run-on paragraph share its index.
    start_position = (
        next((i + 1 for i, p in enumerate(paragraphs) if p is title_lines[-1]), 0)
        if title_lines
        else 0
    )

    organization: str | None = None
    issued_on: dt.date | None = None
    end = len(paragraphs)
    # The foot of an issued document (plans.foot: '抄送：…', '…2026年11月21日印发') comes
    # after the text and its signature: it ends the report.
    foot = find_foot(paragraphs)
    body_from = max(first_heading, start_position)
    foot_at = foot.start if foot is not None and foot.start >= body_from else None
    # The signature (organisation line + date line) ends the report; anything after is chrome.
    for position in range(body_from, len(paragraphs)):
        if position == foot_at:
            end = position
            break
        if _MASKED_DATE_RE.match(paragraphs[position].text):
            # A model-text site's masked signature date ('20xx年xx月xx日') ends the report too.
            end = position
            break
        match = _SIGNATURE_DATE_RE.match(paragraphs[position].text)
        if not match:
            continue
        issued_on = parse_written_date(match.group("date"))
        if issued_on is None:
            continue
        end = position
        if match.group("org"):
            organization = match.group("org").strip()
        elif position > start_position:
            if _bare_office_line(paragraphs[position - 1]):
                organization = paragraphs[position - 1].text
                end = position - 1
        break
    else:
        # No signature: stop at the first line of site furniture after the report starts —
        # not at a site's watermark line, nor at furniture the report's headings go on after
        # ('公文汇 www.…' or '分享到：' between two sections of a repost).
        for position in range(max(first_heading, start_position), len(paragraphs)):
            text = paragraphs[position].text
            if not is_chrome(text) or strip_watermark(text)[0] == "" or _NO_WORD_RE.match(text):
                continue  # a rule or a stray '|' is dropped, but does not end the report
            if any(
                (heading := _match_heading(later)) is not None and heading.rank <= 2
                for later in paragraphs[position + 1 : position + 4]
            ):
                continue
            end = position
            break
    body = [p for p in paragraphs[start_position:end] if not is_chrome(p.text)]
    printed_on = foot.printed_on if foot is not None and end == foot_at else None
    return _Frame(title_lines, body, organization, issued_on, printed_on)


def _bare_office_line(paragraph: Paragraph) -> bool:
    """'县人民政府办公室' alone above a signature or printing date: the office signing."""
    text = paragraph.text
    return (
        len(text) <= 40
        and not re.search(r"[。，,；;：:]", text)
        and _match_heading(paragraph) is None
    )


# --- sections -------------------------------------------------------------------------------

_PLAN_WORDS = r"(?:打算|计划|安排|思路|重点|举措|措施|设想|目标|方向|谋划|规划|任务|要点)"
_PLAN_NEXT_RE = re.compile(
    r"下一步|下步|下一阶段|下阶段|今后|明年|来年|新的一年|新一年|新年度|未来|下半年"
)
# '二〇二六年工作安排': a year written in Chinese numerals.
_CN_YEAR_RE = re.compile(r"[二〇零一三四五六七八九]{4}(?=\s*年)")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
# '2026年工作安排', '2026年政府工作的建议' ('今年' stands for the year of a report delivered in
# the year it plans, see _plan_strength).
_PLAN_YEAR_RE = re.compile(
    rf"(\d{{4}})\s*年(?:度)?(?:的)?(?:政府)?(?:主要)?(?:工作)?(?:的)?(?:{_PLAN_WORDS}|建议)"
)
# '2023年推进法治政府建设的主要安排' (the prescribed last heading of a 法治政府建设年度报告): the
# year, what the work is about, and a plan word ending the heading.
_PLAN_YEAR_AIM_RE = re.compile(
    r"^(\d{4})\s*年(?:度)?[^，,。；;：:]{2,20}?的?(?:主要|重点)?(?:工作)?"
    r"(?:安排|打算|计划|思路|举措|设想|重点工作|工作重点|任务)$"
)
# '关于2025年工作': a year's work, a plan only when the year reported on is known to be earlier.
_PLAN_YEAR_WORK_RE = re.compile(r"^(?:关于)?(\d{4})\s*年(?:度)?(?:的)?(?:政府)?工作$")
# '20XX年工作计划' on a model-text site: the year is masked, the heading still promises work.
_PLAN_MASKED_YEAR_RE = re.compile(
    rf"(?:20|２０)?[xX×ｘＸ]{{2,4}}\s*年(?:度)?(?:的)?(?:主要)?(?:工作)?{_PLAN_WORDS}"
)
_PLAN_BARE_RE = re.compile(r"^(?:主要|有关|相关)?(?:的)?(?:工作)?(?:打算|计划|安排|思路|设想)$")
_PLAN_NEGATIVE_RE = re.compile(r"情况|成效|成绩|完成|做法|经验|回顾|落实|执行")
# '需要重点关注的事项', '需要注意的几项工作' (a supervision report's closing part): what the
# office asks the units to attend to. A product decision (engineer r15d): these are requests,
# followed up as tasks like any other; '需要关注的问题' names problems and is not one of them.
_PLAN_ATTENTION_RE = re.compile(
    r"^(?:需要|需|应当|应|值得)(?:重点|特别|进一步|高度)?(?:关注|注意)的?(?:几|[一二三四五六七八九十\d]+)?"
    r"(?:个|项|点)?(?:事项|工作|方面|重点)$"
)
# '改进措施', '整改要求', '今后改进方向', '努力方向': what the office will do about its problems.
_PLAN_REMEDY_RE = re.compile(
    r"(?:整改|改进|完善|努力|提升|改善)(?:的)?(?:措施|方向|要求|举措|建议|思路|意见|打算|办法)$"
)
# '存在问题及措施', '尚未整改到位的问题及措施': the problems, then what will be done about each.
_PLAN_PROBLEM_MEASURES_RE = re.compile(
    r"(?:问题|不足)(?:及|和|与|以及)(?:下一步|下步)?(?:工作)?措施$"
)
# '整改落实措施': '落实' here is what the measures will do, not a report of what was done.
_PLAN_RECTIFY_RE = re.compile(r"整改落实(?:的)?(?:措施|举措|计划|打算)$")
# '对策', '对策措施', '应对措施', '解决对策': what the writer means to do about the problems.
_PLAN_COUNTER_RE = re.compile(r"(?:^|解决|应对|主要|几点|工作|相关)对策(?:措施|建议)?$|^应对措施$")
# '工作建议', '意见建议', '对策建议', '几点建议', '对策与建议': what the writer proposes to do.
# Not suggestions the office received or handled ('办理人大代表建议', '征求意见建议').
_PLAN_SUGGEST_RE = re.compile(r"(?:^|工作|意见|对策|几点|相关|有关|发展|措施|[和与及])的?建议$")
_PLAN_SUGGEST_NEGATIVE_RE = re.compile(
    r"办理|答复|提案|代表|委员|征求|征集|收集|听取|采纳|吸纳|群众|收到|受理"
)
# '原因分析', '分析原因', '问题根源剖析': what went wrong and why, in the writer's own words.
_CAUSE_HEADING_RE = re.compile(
    r"^(?:存在问题的|产生问题的|问题(?:产生)?的?)?(?:主要)?(?:原因分析|分析原因|原因剖析|剖析原因|查找原因|"
    r"原因查找|根源分析|根源剖析|深挖根源|原因)$"
)
_PROBLEM_RE = re.compile(
    r"问题|不足|短板|差距|困难|薄弱环节|弱项|挑战|(?:需要|需|有待)(?:进一步)?(?:改进|加强|提高)的(?:地方|方面)"
)
_PROBLEM_NEGATIVE_RE = re.compile(
    r"(?<!需要)(?<!亟待)(?<!有待)(?<!尚待)(?<!亟需)解决|化解|(?<![未没])整改(?!到位的|完成的|完毕的)|破解|回应|办理|处理|查处|排查|治理|聚焦|导向|意识|坚持"
)


# '二、奋勇争先，开拓创新，全力以赴做好2023年工作', '三、真抓实干，努力完成全年目标任务': a
# slogan heading whose last clause tells the reader to do a year's work. The verb comes before
# the year (an order, not a report: '全年目标任务圆满完成'); '完成/实现' only with a word of
# striving before them ('圆满完成…' reports work done).
_SLOGAN_WHEN = r"(?P<when>\d{4}\s*年(?:度)?|今年|全年|明年|来年|新的一年|新一年)的?"
_SLOGAN_WORK_RE = re.compile(
    r"(?:(?:扎实|全力|努力|奋力|切实|认真|着力|坚决|合力|齐心|全力以赴|确保|力争|争取)?"
    r"(?:做好|抓好|干好|推进)|(?:努力|全力|奋力|确保|力争|争取|坚决|全力以赴)(?:完成|实现))"
    rf"{_SLOGAN_WHEN}[^，,。；;：:]{{0,10}}?(?:工作|任务|目标)$"
)
# '确保全年目标任务圆满完成': the order, with the verb after the targets.
_SLOGAN_TARGETS_RE = re.compile(
    rf"(?:确保|力争|争取|努力){_SLOGAN_WHEN}[^，,。；;：:]{{0,8}}?(?:任务|目标)"
    r"(?:圆满|全面|顺利|超额)?(?:完成|实现)$"
)
_SLOGAN_PAST_RE = re.compile(r"过去|回顾|一年来|以来|取得|成效|成绩|情况|了")


def _slogan_plan(title: str, report_year: int | None) -> str | None:
    """The clause of a slogan heading that orders the coming year's work, or None. A named year
    must be after the year reported on (when known); a heading looking back ('过去一年，我们
    全力以赴做好…') is none."""
    if not ("好" in title or "推进" in title or "完成" in title or "实现" in title):
        return None  # no verb of doing: most headings stop here
    title = _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGITS), title.rstrip("。.！!"))
    if len(title) > 60 or _SLOGAN_PAST_RE.search(title):
        return None
    clause = re.split(r"[，,；;、\s]", title)[-1]
    match = _SLOGAN_WORK_RE.search(clause) or _SLOGAN_TARGETS_RE.search(clause)
    if match is None or len(clause) > 24:
        return None
    year = re.match(r"\d{4}", match.group("when"))
    if year and report_year is not None and int(year.group(0)) <= report_year:
        return None
    return clause


def _this_year(title: str, this_year: int | None) -> str:
    """'二、对今年政府工作的建议' read with the year the document is dated in for '今年'."""
    return title.replace("今年", f"{this_year}年") if this_year is not None else title


def _plan_strength(title: str, report_year: int | None, this_year: int | None = None) -> int:
    """How surely a heading names next year's plan: 0 not at all, 1 plainly, 2 surely.
    ``this_year``: the year the document is dated in (its signature, or the day a speech or
    government work report was delivered), which '今年' in a heading means; a report
    delivered at the start of the year it plans calls that year '今年'."""
    if this_year is not None and "今年" in title:
        title = _this_year(title, this_year)
    if _slogan_plan(title, report_year) is not None:
        return 2
    title = _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGITS), title.rstrip("。."))
    if len(title) > 30:
        return 0
    if re.search(r"^(?:工作)?展望|展望$", title) and not _PLAN_NEGATIVE_RE.search(title):
        return 2  # '三、工作展望', '三、展望2026年'
    if (
        _PLAN_NEXT_RE.search(title)
        and (re.search(_PLAN_WORDS, title) or "工作" in title or _PROBLEM_RE.search(title))
        and not _PLAN_NEGATIVE_RE.search(title)
    ):
        return 2
    match = _PLAN_YEAR_RE.search(title) or _PLAN_YEAR_AIM_RE.search(title)
    if (
        match
        and not _PLAN_NEGATIVE_RE.search(title)
        and (report_year is None or int(match.group(1)) > report_year)
    ):
        return 2
    # '二、关于2025年工作' after '一、2024年工作回顾': the next year's work, with no plan word.
    match = _PLAN_YEAR_WORK_RE.match(title)
    if match and report_year is not None and int(match.group(1)) > report_year:
        return 2
    if _PLAN_MASKED_YEAR_RE.search(title) and not _PLAN_NEGATIVE_RE.search(title):
        return 2
    if _PLAN_RECTIFY_RE.search(title) and "情况" not in title:
        return 1
    if _PLAN_ATTENTION_RE.search(title):
        return 1
    if (
        _PLAN_BARE_RE.search(title)
        or _PLAN_REMEDY_RE.search(title)
        or _PLAN_COUNTER_RE.search(title)
        or _PLAN_PROBLEM_MEASURES_RE.search(title)
    ) and not _PLAN_NEGATIVE_RE.search(title):
        return 1
    if (
        _PLAN_SUGGEST_RE.search(title)
        and not _PLAN_SUGGEST_NEGATIVE_RE.search(title)
        and not _PLAN_NEGATIVE_RE.search(title)
    ):
        return 1
    return 0


# '存在问题及整改措施', '主要问题和解决办法': the problems come first, whatever the rest says.
_PROBLEM_FIRST_RE = re.compile(
    r"^(?:存在的?|面临的?|当前|目前)?(?:主要)?(?:的)?(?:问题|不足|困难|短板)(?:[和与及、](?:不足|问题|困难|短板|差距))?"
    r"(?:[和与及、]|以及)"
)


# '帮扶困难群众', '困难家庭': people in need, not a difficulty of the writer's.
_BENEFICIARY_RE = re.compile(
    r"困难(?=群众|家庭|户|职工|人员|学生|人群|老人|儿童|群体|党员|妇女|残疾人|退役军人|企业|村)"
)


def _problem_strength(title: str) -> int:
    title = _BENEFICIARY_RE.sub("", title.rstrip("。."))
    if _CAUSE_HEADING_RE.search(title):
        return 0  # '三、存在问题的主要原因': the causes of the problems, not the problems
    if len(title) <= 30 and _PROBLEM_FIRST_RE.match(title):
        return 2
    if len(title) > 30 or not _PROBLEM_RE.search(title) or _PROBLEM_NEGATIVE_RE.search(title):
        return 0
    surely = (
        r"存在|主要|面临|问题[和与及]不足|不足[和与及]问题|困难[和与及]问题|问题[和与及]困难|"
        r"^不足之处$|^(?:差距|短板)[和与及](?:不足|差距|弱项)$|^困难[和与及]挑战$"
    )
    return 2 if re.search(surely, title) else 1


# '一、滨河路段保洁不及时的问题。' in a rectification report: the heading is the problem.
_PROBLEM_HEADING_RE = re.compile(r"^(?P<stem>.{6,})的问题$")
_PROBLEM_HEADING_NEGATIVE_RE = re.compile(
    r"^(?:关于|存在|主要|面临|当前|目前|需要|有关|着力|切实|认真|妥善|积极|全面)|"
    r"解决|化解|整改|破解|回应|办理|处理|查处|排查|治理|聚焦|研究|注意|思考"
)


def _problem_headings(roots: Sequence[_Node]) -> list[_Node]:
    """Two or more top-level headings each naming one problem ('一、…的问题。', '二、…的
    问题。'), as a rectification report answers a notice: each heading is a problem, and
    what is below it (causes, measures taken) is not."""
    found = [
        node
        for node in roots
        if (match := _PROBLEM_HEADING_RE.match(node.heading.title.rstrip("。.；;：:")))
        and not _PROBLEM_HEADING_NEGATIVE_RE.search(match.group("stem"))
    ]
    return found if len(found) >= 2 else []


# What follows a problem in a rectification scheme or letter: '整改措施：…', '该问题已完成整改。'.
_MEASURES_FOLLOW_RE = re.compile(
    r"^\s*(?:整改措施\s*[：:]|(?:该|此|这一?)(?:个)?问题(?:已|已经|正在|基本|尚未|未)?[^。，,]{0,6}整改)"
)


def _measured_problems(nodes: Sequence[_Node]) -> Section | None:
    """A rectification scheme or letter ('…整改实施方案', '…整改情况的函') names each problem as a
    numbered heading followed by its measures ('(1)…。(牵头单位:…) 整改措施:…', '(一)…未完成。
    该问题已完成整改。…'): those headings are the problems, the measures are not."""
    found: list[_Node] = []
    for node in nodes:
        if node.heading.kind == "label":
            continue
        following = [p.text for p in node.content[:1]]
        label = node.children[0] if node.children else None
        if (following and _MEASURES_FOLLOW_RE.match(to_simplified(following[0]))) or (
            label is not None
            and label.heading.kind == "label"
            and to_simplified(label.heading.title).startswith("整改措施")
        ):
            found.append(node)
    if not found:
        return None
    items = [_problem_from_heading(n, "其后是“整改措施”或整改结果，标题本身是问题") for n in found]
    return Section(
        "整改问题",
        items,
        found[0].paragraph,
        "整改方案（函）：每个问题是一个编号条目，其后跟着整改措施，措施未作为问题",
    )


# A finding's number in a rectification notice: '1.', '1、', '（1）', '（一）', '一、', '问题1：'.
_FINDING_MARK_RE = re.compile(
    r"(?:(?<=^)|(?<=[。！？!?；;：:\s]))\s*(?:问题\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[：:]|"
    r"\d{1,3}\s*[.．、](?!\d)|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[）)]|"
    r"[一二三四五六七八九十]{1,3}\s*、)"
)
# The measures' label after the finding's sentence ('…不够深入。整改情况：'), not a word of a
# sentence ('每月报送整改情况：…').
_MEASURES_INLINE_RE = re.compile(
    r"(?:(?<=^)|(?<=[。！？!?；;\s]))[【\[（(]?\s*整改(?:措施|情况|进展|进度|落实情况|完成情况|结果|成效)\s*[】\]）)]?\s*[：:]"
)


def _reported_findings(body: Sequence[Paragraph]) -> Section | None:
    """A rectification notice ('…巡察反馈意见整改情况的通报', '…审计整改情况') tells each finding
    as a numbered point followed, on its line or the next, by what was done ('1.学习贯彻…不够深入。
    整改情况：一是…；二是…'; '问题3：…。整改进展：…'): each finding — from its number to the
    measures' label — is a problem; the measures are none, nor are the groups the findings stand
    under ('（一）…方面'). Two such findings at least, or the first alone (a page cut in its
    measures)."""
    found: list[tuple[str | None, int, int, Paragraph, str]] = []
    previous: Paragraph | None = None
    for paragraph in body:
        text = paragraph.text
        simple = to_simplified(text)
        after = 0
        for label in _MEASURES_INLINE_RE.finditer(simple):
            cue = simple[label.start() : label.end()].strip().rstrip("：:")
            marks = [m for m in _FINDING_MARK_RE.finditer(simple, after, label.start())]
            after = label.end()
            if marks:
                mark = marks[-1]
                start, end = _trim(text, mark.end(), label.start())
                if end - start >= 4:
                    found.append((mark.group(0).strip(), start, end, paragraph, cue))
            elif label.start() == 0 and previous is not None:
                # The measures on a line of their own: the finding is the line before.
                prev = to_simplified(previous.text)
                opening = _FINDING_MARK_RE.match(prev)
                if opening is not None and not _MEASURES_INLINE_RE.search(prev):
                    start, end = _trim(previous.text, opening.end(), len(prev))
                    if end - start >= 4:
                        found.append((opening.group(0).strip(), start, end, previous, cue))
        previous = paragraph
    # One finding only when it is the first (a page cut inside the first finding's measures).
    if not found or (
        len(found) == 1 and _number_value(re.sub(r"[问题\s：:]", "", found[0][0] or "")) != 1
    ):
        return None
    items = [
        _problem_from_span(
            marker,
            paragraph.text,
            start,
            end,
            paragraph,
            f"编号条目之后是“{cue}：”，条目本身是巡察（审计）发现的问题",
        )
        for marker, start, end, paragraph, cue in found
    ]
    return Section(
        "整改问题",
        items,
        found[0][3],
        (
            f"整改情况通报：{len(found)}个编号条目各写一个发现的问题"
            if len(found) > 1
            else "整改情况通报：第一个编号条目写一个发现的问题（页面在其后截断）"
        )
        + f"，其后跟着“{found[0][4]}：”（已采取的措施，未作为问题，也不是计划）",
    )


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
_EXISTS_RE = re.compile(r"存在(?:着)?")
# A sentence that promises rather than admits: '我们将进一步改进…', '以上就是…总结，我们会再接
# 再厉…把不足的地方加以改正'.
_COMMITMENT_RE = re.compile(
    rf"^以上(?:就)?是|{WRITER_SUBJECT}[^。！？]{{0,12}}"
    r"(?:将|会|要)(?:进一步|继续|再接再厉|切实|认真|加以|努力|不断|把)"
)
# '这些问题都需要在今后的工作中逐步解决', '上述不足亟待改进': a sentence about the problems just
# named, that they are still to be solved — no problem of its own ('上述问题整改不到位' is one).
_BACK_REFERENCE_RE = re.compile(
    r"\s*(?:这些|上述|以上|前述)(?:问题|不足|困难|短板|差距)(?:和|与|及)?(?:问题|不足|困难|挑战)?"
    r"(?:都|均|仍|还|也)?(?:需要|需|有待|亟待|亟需|要|须|必须)"
)
# '针对X的问题/情况', '对于X的现象': a measure sentence naming the problem X it answers.
_MEASURE_TARGET_RE = re.compile(
    r"(?:针对|对于)(?P<what>[^，,。；;！？]{5,40}?)的(?:问题|情况|现象|隐患|短板|不足)"
)
_GENERIC_TARGET_RE = re.compile(r"检查中|暴露|发现|上述|以上|这些|存在的|反馈的|提出的|指出的")
_REASSURANCE_RE = re.compile(
    r"(?:虽然|尽管|虽)[^。！？]*(?:但|但是)[^。！？]*(?:总体|整体|总的)[^。！？]*(?:平稳|良好|较好|稳定|可控)"
)
_CAUSE_SENTENCE_RE = re.compile(
    r"(?<=[。！？!?])\s*(?:究其原因|原因(?:主要)?(?:是|在于|有)|主要原因|产生(?:这些|上述)?问题的(?:主要)?原因)"
)
# A clause that explains the one before it: '…，导致…', '…，造成…', '…，影响了…'.
_CONSEQUENCE_RE = re.compile(
    r"\s*(?:导致|造成|致使|使得|使|影响|从而|进而|以致|因而|所以|因此|特别是|尤其是)"
)
# Words by which a clause admits a shortfall ('有待加强', '不够深入', '缺乏', '滞后').
_SHORTFALL_RE = re.compile(
    r"未按|未能|未设|未配|未落实|未建立|未开展|未及时|堵塞|不按|有待|不够|不足|不强|不高|不力|不深|不严|不实|不细|不及时|不到位|不完善|不健全|不规范|"
    r"不明确|不平衡|不充分|不畅|不稳定|不积极|不主动|不多|缺乏|缺少|欠缺|滞后|薄弱|偏低|偏少|"
    r"偏弱|较少|较弱|较低|单一|难以|尚未|未能|没有|不一|老化|短缺|匮乏|困难|问题|较差|不佳|淡薄|"
    r"不规范|不健全|不完善|不严格|不扎实|不明显|薄弱|欠缺"
)
# '…工作取得一定成效，但对照上级要求，仍存在一定差距': the year's achievement, then a gap named
# for nothing in particular — the sentence introducing the problems, none of them.
# '…仍有较大提升空间' closes such a sentence the same way: room to improve, for nothing named.
_GAP_SUMMARY_RE = re.compile(
    r"(?:取得|成效|成绩|进展)[^。！？]*(?:但|然而|不过)[^。！？]*(?:"
    r"(?:存在|有)(?:着)?(?:一定|一些|不少|些许)的?差距|"
    r"(?:仍|还|尚)(?:然)?(?:存在|有)(?:着)?(?:一定|较大|很大|不少|进一步)?的?"
    r"(?:提升|提高|改进|完善|进步|改善)(?:的)?空间)\s*$"
)


def _gap_summary_before(text: str, start: int) -> str | None:
    """The sentence of achievement and a gap left out before the first problem, if any."""
    for s, e in _sentences(text[:start]):
        if _GAP_SUMMARY_RE.search(text[s:e]):
            return text[s:e]
    return None


_SUMMARY_RE = re.compile(
    r"(?:一些|一定|若干|以下|如下|不少|诸多|部分)(?:的)?(?:潜在的)?(?:风险)?(?:问题|不足|困难|短板|隐患)"
)


# '第一，A。第二，B。' / '首先，A。其次，B。最后，C。' inside one paragraph: ordinal words at the
# start of the text or after a sentence end, followed by a comma.
_ORDINAL_MARK_RE = re.compile(
    r"(?:^|(?<=[。；;！？!?]))\s*(?P<word>第[一二三四五六七八九十]|其[一二三四五六七八九十]|"
    r"首先|其次|再次|再者|最后)\s*[，,、：:]"
)
_ORDINAL_ORDER = {"首先": 1, "其次": 2, "再次": 3, "再者": 3}


def _ordinal_markers(text: str) -> list[tuple[str, int, int]]:
    markers: list[tuple[str, int, int]] = []
    expected = 1
    for match in _ORDINAL_MARK_RE.finditer(text):
        word = match.group("word")
        if word == "最后":
            value: int | None = expected if markers else None
        elif word in _ORDINAL_ORDER:
            value = _ORDINAL_ORDER[word]
        else:
            value = parse_chinese_numeral(word[1:])
        if value is not None and (value == expected or (word == "再次" and expected == 3)):
            markers.append((word, match.start("word"), match.end()))
            expected += 1
            if word == "最后":
                break
    return markers


# '突出三个重点：', '实施六大工程：', '抓好“五项重点”：': a group of the year's aims named by its
# count, its members following as '一是…二是…' (engineer r15a).
_COUNTED_LABEL_RE = re.compile(
    r"[两二三四五六七八九十](?:个|大|项|条|种|类|方面)[\u4e00-\u9fff]{0,6}[”\"’']?\s*[：:]\s*$"
)


def _counted_label(text: str, at: int) -> tuple[str, int] | None:
    """The counted group label ('实施六大工程') just before the '一是' at ``at``, and where its
    clause starts; None when the words before it are no such label."""
    head = text[:at]
    cut = max(head.rfind(stop) for stop in "。；;！!？?，,") + 1
    clause = head[cut:]
    if not _COUNTED_LABEL_RE.search(clause):
        return None
    start = cut + len(clause) - len(clause.lstrip())
    label = clause.strip().rstrip("：: ").replace("“", "‘").replace("”", "’")
    return label, start


def _enumerated_plans(
    text: str, paragraph: Paragraph, reason: str, spans: list[tuple[str, int, int]]
) -> list[PlanItem]:
    """Plan items of '一是…二是…' spans (from _enumeration); the points after a counted group's
    label ('实施六大工程：一是…') carry the group, named in their reason."""
    items: list[PlanItem] = []
    group = ""
    for marker, start, end in spans:
        label = _counted_label(text, text.rfind(marker, 0, start))
        group = label[0] if label is not None else group
        item = _plan_from_span(marker, text, start, end, paragraph, reason)
        if group:
            item.group = group
            item.reason = f"“{group}”下{reason}"
        items.append(item)
    return items


def _enumeration(text: str) -> list[tuple[str, int, int]]:
    """Find '一是…二是…三是…' items; returns (marker, start, end) spans of each item's text.

    The sequence must start at 一 and count up, so '一是' alone in a sentence is not a list.
    It may start again at 一 after a sentence that names the next counted group ('…三是抓外贸。
    实施六大工程：一是…二是…'): the groups' points are all items, and the group's label ends
    the item before it (it is no part of that item). Started again inside a point's sentence
    ('二是…，重点关注五方面工作：一是…五是…。三是…'), it is a list nested in that point.
    """
    markers: list[tuple[str, int, int]] = []
    # Where an item ends early: at the label of the counted group after it.
    ends: dict[int, int] = {}
    expected = 1
    nested = 0  # the next number of a list started again inside the current point, or 0
    for match in _ENUM_MARKER_RE.finditer(text):
        value = parse_chinese_numeral(match.group(1))
        if nested and value == nested:
            nested += 1  # the nested list goes on, inside the outer point
            continue
        # One number may be missing ('一是…三是…', a slip of the writer or of the repost), but
        # the list must start at 一.
        if value == expected or (markers and value == expected + 1):
            markers.append((match.group(0), match.start(), match.end()))
            expected = value + 1
            nested = 0
        elif (
            value == 1
            and markers
            and (label := _counted_label(text, match.start())) is not None
            and text[: label[1]].rstrip()[-1:] in ("。", "；", ";", "！", "!")
        ):
            ends[len(markers) - 1] = label[1]
            markers.append((match.group(0), match.start(), match.end()))
            expected = 2
            nested = 0
        elif markers and value == 1:
            # '二是…，了解到重点关注五方面工作：一是…五是…。三是…' — a list inside one point
            # (not a counted group opening a sentence of its own): its points belong to that
            # point, and the outer list goes on after it.
            nested = 2
    if len(markers) < 2:
        markers, ends = _ordinal_markers(text), {}
    if len(markers) < 2:
        return []
    spans: list[tuple[str, int, int]] = []
    for i, (marker, _, content_start) in enumerate(markers):
        content_end = ends.get(i, markers[i + 1][1] if i + 1 < len(markers) else len(text))
        start, end = _trim(text, content_start, content_end)
        if end > start:
            spans.append((marker, start, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to leave out surrounding spaces and list punctuation."""
    while start < end and text[start] in " ，,、；;：:-–•·●▪■◆":
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


def _shortfall_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A '一是' point holding two shortfalls the writer separated by '；' ('二是政策解读形式单一；
    部分村干部公开意识有待进一步增强'): each '；' group, when every one names a shortfall of its
    own — not its cause or example ('主要是…', '如…'), not work done ('今年已…'). Else the point
    whole."""
    groups = _split_clauses(text, start, end, "；;")
    if len(groups) < 2 or not all(
        e - s >= 5
        and _SHORTFALL_WIDE_RE.search(text, s, e)
        and not _CONTINUING_RE.match(text[s:e])
        and not _CONSEQUENCE_RE.match(text, s)
        and not _EXAMPLE_OPEN_RE.match(text, s)
        and not _PAST_RE.search(text, s, e)
        and not _REMEDY_START_RE.match(text[s:e])
        for s, e in groups
    ):
        return [(start, end)]
    return groups


def _subject_clauses(text: str, commas: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The comma clauses of a sentence with a clause that has no subject of its own ('存在一定
    风险') joined to the one before, when there is such a clause and every joined clause names a
    shortfall or difficulty and none is a consequence ('导致…') or a continuation ('特别是…');
    else []."""
    joined: list[tuple[int, int]] = []
    for start, end in commas:
        if joined and _spells_out(text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    if len(joined) == len(commas) or not all(
        e - s >= 5
        and (_SHORTFALL_WIDE_RE.search(text, s, e) or _DIFFICULTY_RE.search(text, s, e))
        and not _CONSEQUENCE_RE.match(text, s)
        and not _CONTINUING_RE.match(text[s:e])
        and not _REMEDY_START_RE.match(text[s:e])
        for s, e in joined
    ):
        return []
    return joined


# '…栏目未进行公开', '…人员没有配齐': something a subject has not done.
_NOT_DONE_RE = re.compile(r"[\u4e00-\u9fff]{2}(?:未|没有)")


def _dunhao_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'覆盖面不够广泛、有个别栏目未进行公开': clauses of their own joined by '、' (each at least
    five characters and naming a shortfall), one each; '内容简单、形式单一' (words of one
    shortfall) or '不担当、不作为' (one subject's ways) stay whole."""
    pieces = _split_clauses(text, start, end, "、")
    if (
        len(pieces) >= 2
        and all(
            e - s >= 5
            and (_SHORTFALL_WIDE_RE.search(text, s, e) or _NOT_DONE_RE.search(text, s, e))
            for s, e in pieces
        )
        and not all(text[s] in "不未无没" for s, _ in pieces[1:])
    ):
        return pieces
    return [(start, end)]


def split_problems(text: str) -> list[tuple[str | None, int, int]]:
    """Split a paragraph that lists problems into (marker, start, end) spans of ``text``.

    Handles '一是A；二是B', '主要表现在：A；B；C', '存在A，B，C等问题' and otherwise treats each
    sentence as one problem, skipping summary sentences ('还存在一些不足').
    """
    enumerated = _enumeration(text)
    if enumerated:
        # '…二是B。原因主要是…': the causes after the last point are not part of it.
        result: list[tuple[str | None, int, int]] = []
        for marker, start, end in enumerated:
            cause = _CAUSE_SENTENCE_RE.search(text, start, end)
            if cause is not None:
                start, end = _trim(text, start, cause.start())
            if end > start:
                groups = _shortfall_groups(text, start, end)
                result.append((marker, *groups[0]))
                result += [(None, s, e) for s, e in groups[1:]]
        return result
    opened = _ENUM_START_RE.match(text)
    if opened and opened.group(1) == "一":
        # A paragraph opened by '一是' whose '二是' is not in it (the next paragraph, or cut
        # off): one item, its further sentences being that item's explanation.
        start, end = _trim(text, opened.end(), len(text))
        return [(opened.group(0), start, end)] if end - start >= 2 else []
    bullets = _bullets(text)
    if bullets:
        return [(marker, *_strip_framing(text, start, end)) for marker, start, end in bullets]
    examples = _example_list(text)
    if examples:
        # '还存在一些问题如A，B，C等等，…' / '存在差距，诸如A，B等。'
        return [(None, start, end) for start, end in examples[1]]
    problems: list[tuple[str | None, int, int]] = []
    for sentence_start, sentence_end in _sentences(text):
        sentence = text[sentence_start:sentence_end]
        if _is_turn(sentence):
            break  # '下一步，…' — from here on the paragraph is about plans, not problems
        if re.fullmatch(r"\s*其中[：:]?\s*", sentence):
            continue  # '…1项问题未整改到位。其中：' — the items follow, the word names none
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
                if leading:
                    # '信息公开工作主要存在A、B等问题': the list starts after '存在'.
                    exists = _EXISTS_RE.search(clause)
                    if exists and end - (start + exists.end()) >= 2:
                        start += exists.end()
                leading = False
                start, end = _strip_framing(text, start, end)
                pieces = _split_clauses(text, start, end, "、")
                if (
                    len(pieces) > 1
                    and all(e - s >= 5 for s, e in pieces)
                    and not all(text[s] in "不未无没" for s, _ in pieces[1:])
                ):
                    # 'A、B等问题' with clauses of their own; '文化、教育等设施' stays whole.
                    problems.extend((None, s, e) for s, e in pieces)
                elif end - start >= 2:
                    problems.append((None, start, end))
            continue
        if _GAP_SUMMARY_RE.search(sentence):
            continue  # '…取得一定成效，但对照上级要求，仍存在一定差距': introduces the problems
        if _COMMITMENT_RE.search(sentence):
            continue  # '我们将进一步改进…' / '以上就是…，我们会再接再厉…': a promise, not a problem
        if _BACK_REFERENCE_RE.match(sentence):
            continue  # '这些问题都有待逐步解决。': points back at the problems named, names none
        targets = [
            match.span("what")
            for match in _MEASURE_TARGET_RE.finditer(text, sentence_start, sentence_end)
            if _SHORTFALL_RE.search(match.group("what"))
            and not _GENERIC_TARGET_RE.search(match.group("what"))
        ]
        if targets:
            # '针对部分企业未配备器材的情况，要求限期整改': the problem is named inside a measure.
            problems.extend((None, start, end) for start, end in targets)
            continue
        if re.match(r"(?:例如|比如)?[，,]?\s*(?:针对|对于)", sentence) or _REASSURANCE_RE.search(
            sentence
        ):
            # '针对检查中暴露出来的问题，我们已采取…措施' / '虽然发现了一些隐患，但总体来看形势
            # 平稳': about measures or the overall picture, naming no problem.
            continue
        admitted = _admitted_list(text, sentence_start, sentence_end)
        if admitted:
            # '…但仍然存在一些问题与不足，A较为单一，B不够及时。': the clauses after the
            # admission, each naming a shortfall, are the problems.
            for start, end in admitted:
                problems.extend((None, s, e) for s, e in _dunhao_clauses(text, start, end))
            continue
        clauses = _split_clauses(text, sentence_start, sentence_end, "；;")
        if len(clauses) >= 2 and all(
            e - s >= 5 and _SHORTFALL_RE.search(text, s, e) for s, e in clauses
        ):
            # 'A有待加强，…；B有待探索。': each clause names a shortfall of its own.
            for start, end in clauses:
                start, end = _strip_framing(text, start, end)
                if end - start >= 2:
                    problems.append((None, start, end))
            continue
        commas = _split_clauses(text, sentence_start, sentence_end, "，,")
        if len(commas) >= 3 and all(
            e - s >= 5 and _SHORTFALL_RE.search(text, s, e) and not _CONSEQUENCE_RE.match(text, s)
            for s, e in commas
        ):
            # 'A台账不规范，B演练次数不够，C意识淡薄。': three or more shortfalls in one sentence.
            for start, end in commas:
                start, end = _strip_framing(text, start, end)
                problems.append((None, start, end))
            continue
        owned = _subject_clauses(text, commas)
        if len(commas) >= 3 and len(owned) >= 2:
            # '债务规模较大，存在一定风险，民生任务仍然很重。': a clause with no subject of its
            # own goes on with the one before; each of the others is a shortfall.
            for start, end in owned:
                problems.append((None, *_strip_framing(text, start, end)))
            continue
        if _SUMMARY_RE.search(sentence) or _LIST_INTRO_RE.search(sentence):
            continue
        start, end = _strip_framing(text, sentence_start, sentence_end)
        if end - start >= 2:
            problems.append((None, start, end))
    return problems


_ADMISSION_TAIL_RE = re.compile(r"(?:[和与及、](?:问题|不足|困难|短板|差距|挑战|矛盾))?\s*[，,]")


def _admitted_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'…但总体上还是存在一些问题与不足，A，B。': the comma clauses after the admission, when
    every one names a shortfall; else []."""
    admission = _ADMISSION_RE.search(text, start, end)
    if admission is None:
        return []
    tail = _ADMISSION_TAIL_RE.match(text, admission.end(), end)
    if tail is None or _ADMISSION_NEGATIVE_RE.search(text, start, admission.end()):
        return []
    clauses = _split_clauses(text, tail.end(), end, "，,；;")
    spans = [_strip_framing(text, s, e) for s, e in clauses]
    if not spans or not all(
        e - s >= 5 and _SHORTFALL_RE.search(text, s, e) and not _CONSEQUENCE_RE.match(text, s)
        for s, e in spans
    ):
        return []
    return spans


def _is_lead_in(clause: str) -> bool:
    """Context before the list ('机构改革后', '虽然取得了一定成效', '2023年'), not a problem itself."""
    if _TIME_ONLY_RE.fullmatch(clause.strip()):
        return True
    if _LEAD_IN_START_RE.search(clause) and len(clause) <= 25:
        return True
    return len(clause) <= 8 and bool(_LEAD_IN_END_RE.search(clause))


_TIME_ONLY_RE = re.compile(
    r"(?:\d{4}|[xX×]{4}|20[xX×]{2}|\d{2,3}[xX×])\s*年(?:度)?|今年|去年|本年度?|全年|上半年|下半年|一年来"
)


_ITEM_NUMBER_RE = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,2}\s*、|\d{1,2}\s*[、.．](?![0-9])|"
    r"[（(]\s*(?:[一二三四五六七八九十]{1,2}|\d{1,2})\s*[）)]|[\u2460-\u2473])\s*"
)


_EXAMPLE_OPEN_RE = re.compile(r"(?:例如|比如|诸如|如)(?![期实何今此同果])[，,：:]?\s*")


def _strip_framing(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the words that frame a list item ('还存在', '…等问题', a leading '一、' / '2.'
    number) but none of its own words."""
    number = _ITEM_NUMBER_RE.match(text, start, end)
    if number and end - number.end() >= 2:
        start = number.end()
    match = _CONNECTIVE_RE.match(text, start, end)
    if match and match.end() < end - 1 and "存在" in match.group(0):
        start = match.end()
    opening = _LIST_OPENING_RE.match(text, start, end)
    if opening and end - opening.end() >= 4:
        start = opening.end()  # '…不足，主要体现在信息公开不够及时' — the list's opening words
    example = _EXAMPLE_OPEN_RE.match(text, start, end)
    if example and end - example.end() >= 4:
        start = example.end()  # '…不足，如公开内容不够全面' — the example word is no part
    tail = _LIST_END_RE.search(text, start, end)
    if tail and tail.end() == end:
        end = tail.start()
    return _trim(text, start, end)


# --- the result -----------------------------------------------------------------------------


def _assignment_dict(assignment: Assignment | None) -> dict[str, Any]:
    """The lead / cooperating / deadline keys every item carries (empty when none was written)."""
    return {
        "lead": list(assignment.lead) if assignment else [],
        "cooperating": list(assignment.cooperating) if assignment else [],
        "deadline": assignment.deadline.to_dict() if assignment and assignment.deadline else None,
        **(
            {"lead_reason": assignment.lead_reason} if assignment and assignment.lead_reason else {}
        ),
    }


@dataclass
class PlanItem:
    """One commitment of the plan section: becomes one task.

    ``reason`` says how the item was cut out ('编号小标题', '按“一是、二是”拆分');
    ``assignment`` holds the lead, co-operating units and deadline written in its text;
    ``group`` the counted group it belongs to ('实施六大工程'), whose points number afresh.
    """

    number: str | None
    title: str
    body: str
    paragraph: Paragraph
    reason: str = ""
    assignment: Assignment | None = None
    group: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "kind": "plan",
            "source": _source(self.paragraph),
            "reason": self.reason,
            **_assignment_dict(self.assignment),
        }


@dataclass
class ProblemItem:
    """One admitted problem: becomes one rectification task (整改任务)."""

    number: str | None
    text: str
    paragraph: Paragraph
    body: str = ""
    reason: str = ""
    assignment: Assignment | None = None
    # The plan item that addresses the same matter: (its position, the shared term).
    related_plan: tuple[int, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "number": self.number,
            "text": self.text,
            "kind": "problem",
            "source": _source(self.paragraph),
        }
        if self.body:
            result["body"] = self.body
        result["reason"] = self.reason
        result.update(_assignment_dict(self.assignment))
        result["related_plan"] = (
            {"index": self.related_plan[0], "reason": f"同涉“{self.related_plan[1]}”"}
            if self.related_plan
            else None
        )
        return result


@dataclass
class Section:
    """A found section; ``reason`` says why the parser took it for one ('根据标题…识别')."""

    heading: str
    items: list[Any]
    paragraph: Paragraph | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "heading": self.heading,
            "items": [item.to_dict() for item in self.items],
        }
        if self.paragraph is not None:
            result["source"] = _source(self.paragraph)
        result["reason"] = self.reason
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
    # 'report', 'news' (a news item: nothing is proposed), 'table' (任务分工方案) or 'minutes'.
    document_kind: str = "report"
    # Limits without a year run from ``issued_on`` (minutes, a bulletin, a notice, a division
    # naming no year), not in the plan year: the import reads the stages of a limit alike.
    limits_from_issue: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The import preview: the keys of the ``import_report --json`` contract."""
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
            "document_kind": self.document_kind,
            "limits_from_issued_on": self.limits_from_issue,
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
    dated: int | None = None
    for text in [title or ""] + [node.heading.title for node in roots[:1]]:
        for match in _TITLE_YEAR_RE.finditer(text):
            year = int(match.group(1))
            if not 1949 < year < 2200:
                continue
            month = re.match(r"\s*(\d{1,2})\s*月", text[match.end() :])
            if month is None:
                return year
            # '——2026年1月10日在…会议上': the day it was delivered, not the year reported on.
            if dated is None:
                dated = year if int(month.group(1)) >= 11 else year - 1
    if dated is not None:
        return dated
    if issued_on is not None:
        # Annual reports are issued early the following year, or in December of the same year.
        return issued_on.year if issued_on.month >= 11 else issued_on.year - 1
    return None


# '一、2024年工作回顾', '2024年政府工作总结': a heading reviewing the year named.
_REVIEW_YEAR_RE = re.compile(r"^(?:关于)?(\d{4})\s*年(?:度)?[^，,。；;：:]{0,10}?(?:回顾|总结)$")
# '2025年政府工作报告', '2026年工作要点': documents about the year of their title; so is a
# division of a year's work ('某县2027年重点工作任务分工方案', r16h).
_PLANNED_YEAR_TITLE_RE = re.compile(
    r"政府工作报告|工作要点$|工作计划$|(?:分工|分解)(?:方案|清单|表|安排)?$"
)


# '一、过去一年工作回顾', '一、客观看待过去一年的成绩': a part looking back, naming no year.
_LAST_YEAR_RE = re.compile(r"过去一年|过去的一年|一年来|去年|上一年")


def _reviewed_year(title: str | None, roots: list[_Node]) -> tuple[int, str] | None:
    """The year reported on when the document itself says it differs from the title's year:
    a heading reviewing year Y followed by one setting out work for Y+1 ('一、2024年工作回顾'
    … '二、2025年工作安排'; or '一、过去一年…' naming no year before a part ordering 2025's
    work), or, failing that, a title naming a document about the year it
    plans ('2025年某省政府工作报告', delivered at the start of 2025, reviews 2024). Returns the
    year and the reason shown beside the plan section."""
    titles = [
        _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGITS), n.heading.title.rstrip("。."))
        for n in roots
    ]
    for i, text in enumerate(titles):
        review = _REVIEW_YEAR_RE.match(text)
        if review is None:
            continue
        year = int(review.group(1))
        for later, node in zip(titles[i + 1 :], roots[i + 1 :], strict=True):
            if _plan_strength(later, year) > 1 and str(year + 1) in later:
                return year, (
                    f"标题“{roots[i].label()}”回顾{year}年、“{node.label()}”安排{year + 1}年，"
                    f"计划年度为{year + 1}年"
                )
        return None
    # '一、客观看待过去一年的成绩' … '二、…全力以赴做好2027年工作' in a speech at '2027年…会议':
    # the part looking back at the past year names no year; the slogan ordering a year's work
    # does, and the year looked back at is the one before.
    for i, text in enumerate(titles):
        if not _LAST_YEAR_RE.search(text) or _TITLE_YEAR_RE.search(text):
            continue
        for later, node in zip(titles[i + 1 :], roots[i + 1 :], strict=True):
            named = _TITLE_YEAR_RE.search(later)
            if named is None or not 1949 < int(named.group(1)) < 2200:
                continue
            year = int(named.group(1)) - 1
            # Only a part ordering the work ('全力以赴做好2027年工作'): '关于2026年工作' after
            # '过去一年的工作' in a report titled 2026 may be about the same year.
            if _slogan_plan(later, year) is not None:
                return year, (
                    f"标题“{roots[i].label()}”回顾上一年、“{node.label()}”安排{year + 1}年，"
                    f"计划年度为{year + 1}年"
                )
        break
    simplified = to_simplified(title or "")
    kind = _PLANNED_YEAR_TITLE_RE.search(simplified)
    year_match = _TITLE_YEAR_RE.search(simplified)
    if kind is not None and year_match is not None:
        year = int(year_match.group(1))
        if 1949 < year < 2200:
            return year - 1, f"“{kind.group(0)}”讲的是标题中的{year}年，计划年度为{year}年"
    return None


# '2024年是极不平凡的一年。', '今年是“十四五”规划收官之年。': the year a part of a work report is
# about, in its opening sentence.
_PART_YEAR_RE = re.compile(r"^\s*(?:(\d{4})\s*年|今年)是")


def _plan_part_by_opening(
    roots: list[_Node], this_year: int | None = None
) -> tuple[_Node, int, str] | None:
    """A work report whose part headings are slogans ('二、牢记历史使命，在…中奋勇争先'): a part
    opening with 'Y+1年是…' after one opening with 'Y年是…' is the plan for Y+1. '今年是…'
    counts as the year the report was delivered in (``this_year``, given only when that is
    after the year reviewed)."""
    opened: list[tuple[_Node, int, str]] = []
    for node in roots:
        for paragraph in node.content[:3]:
            match = _PART_YEAR_RE.match(paragraph.text)
            year = (int(match.group(1)) if match.group(1) else this_year) if match else None
            if match and year is not None:
                opened.append((node, year, match.group(0).strip()))
                break
    for (review, year, _), (plan, later, words) in zip(opened, opened[1:], strict=False):
        if later == year + 1 and len(plan.children) >= 2:
            return (
                plan,
                year,
                (
                    f"“{review.label()}”开头写{year}年、“{plan.label()}”开头写“{words}”，"
                    f"计划年度为{later}年"
                ),
            )
    return None


# '-' and '·' are bullets only after a break; '•●▪■◆' are bullets wherever they stand.
_BULLET_RE = re.compile(r"(?:(?:^|(?<=[；;：:。！？\s]))\s*(?:——|[-–·])|\s*[•●▪■◆])\s*(?=\S)")
# '保障措施', '工作措施为确保……' under a plan say how the plan will be carried out, not what.
_MEASURE_GROUP_RE = re.compile(r"^(?:工作|保障|推进)(?:措施|要求)|^保障机制")


def _bullets(text: str) -> list[tuple[str, int, int]]:
    """'- A； - B；- C' or '•A；•B' → spans of A, B, C (at least two bullets)."""
    starts = [(match.start(), match.end()) for match in _BULLET_RE.finditer(text)]
    if len(starts) < 2:
        return []
    spans: list[tuple[str, int, int]] = []
    for i, (_, content_start) in enumerate(starts):
        content_end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        start, end = _trim(text, content_start, content_end)
        if end > start:
            spans.append(("·", start, end))
    return spans


def _plan_from_span(
    marker: str | None, text: str, start: int, end: int, paragraph: Paragraph, reason: str
) -> PlanItem:
    title, body = split_title(text[start:end])
    return PlanItem(marker, title, body, paragraph, reason)


# '改进措施：1.A；2.B。': an item number after the opening, a colon or a stop.
# '1.', '1、' and (engineer r13w) '（1）', '1）' after a colon or a stop.
_INLINE_ITEM_RE = re.compile(
    r"(?:^|(?<=[：:；;。]))\s*(?:[（(]\s*(?P<p>\d{1,2})\s*[）)]|(?P<n>\d{1,2})\s*[.．、）)])(?!\d)"
)


def _inline_value(match: re.Match[str]) -> str:
    return match.group("p") or match.group("n")


def _inline_numbered(text: str) -> list[tuple[str, int, int]]:
    """The items of a list numbered inside one paragraph, after its label or introduction
    ('改进措施：1.健全…；2.拓展…。'): (number, start, end) of each, numbered on from 1 and
    each after a colon or a stop; [] when there are fewer than two."""
    marks: list[re.Match[str]] = []
    for match in _INLINE_ITEM_RE.finditer(text):
        if int(_inline_value(match)) == len(marks) + 1:
            marks.append(match)
    if len(marks) < 2:
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    spans = []
    for mark, end in zip(marks, ends, strict=True):
        start, stop = _trim(text, mark.end(), end)
        spans.append((_inline_value(mark), start, stop))
    return spans


_FRAME_TITLE_RE = re.compile(r"^(?:总体|主要|工作|发展|年度)?(?:目标|思路|要求|原则)$")


def _key_work_child(children: Sequence[_Node]) -> _Node | None:
    """Of a plan's sub-headings, the one holding its tasks ('（三）重点工作' with '1.…7.' under it)
    when every other one frames the plan ('总体目标', '总体思路', '保障措施'); else None."""
    titles = [child.heading.title.rstrip("。.：:") for child in children]
    keys = [
        child
        for child, title in zip(children, titles, strict=True)
        if _PLAN_TASK_HEADING_RE.match(title) and len(child.children) >= 2
    ]
    if len(keys) != 1 or len(children) < 2:
        return None
    framing = all(
        child is keys[0]
        or _FRAME_TITLE_RE.match(title)
        or _PLAN_FRAME_HEADING_RE.search(title)
        or _MEASURE_GROUP_RE.search(title)
        for child, title in zip(children, titles, strict=True)
    )
    return keys[0] if framing else None


def _one_sentence(text: str, start: int, end: int) -> bool:
    """No full stop between ``start`` and ``end``: a list joined by '；' or '，' only."""
    return next(_cut_points(text[start:end], _FULL_STOPS), None) is None


def _plan_items(node: _Node, warnings: list[str]) -> list[PlanItem]:
    """Plan items under a plan heading: its numbered children, else the 一是/二是 or bulleted
    items of its text, else its paragraphs. Bulleted lists are expanded wherever they are
    ('重点任务落实•A；•B'): each bullet is one task."""
    items: list[PlanItem] = []
    own = [(node.heading.body, node.paragraph)] if node.heading.body else []
    own += [(p.text, p) for p in node.content]
    for text, paragraph in own:
        for marker, start, end in _bullets(text):
            items.append(_plan_from_span(marker, text, start, end, paragraph, "按项目符号拆分"))
    if node.children:
        key_work = _key_work_child(node.children)
        if key_work is not None:
            # '（一）总体目标 （二）总体思路 （三）重点工作 1.…7.': the aim and the ideas frame the
            # plan; the points under the key-work heading are its tasks.
            for child in node.children:
                if child is not key_work:
                    warnings.append(f"“{child.label()}”是计划的目标或思路，未作为任务，请核对。")
            return [
                replace(item, reason=f"“{key_work.label()}”下的{item.reason}")
                for item in _plan_items(key_work, warnings)
            ]
        for child in node.children:
            if child.heading.kind == "label":
                items += _plan_items(child, warnings)  # '改进措施：' inside the plan heading
                continue
            text = child.paragraph.text
            bullets = _bullets(text)
            if _MEASURE_GROUP_RE.search(child.heading.title):
                warnings.append(f"“{child.label()}”是保障措施，未作为任务，请核对。")
                continue
            if bullets:
                for marker, start, end in bullets:
                    items.append(
                        _plan_from_span(marker, text, start, end, child.paragraph, "按项目符号拆分")
                    )
                continue
            points = _enumeration(text) if not child.children and child.heading.body else []
            if (
                len(points) >= 2
                and points[0][1] >= len(text) - len(child.heading.body)
                and _one_sentence(text, points[0][1], points[-1][1])
            ):
                # '2、持续发展特色农业。一是…；二是…；三是…。': the heading groups separate
                # projects, one task each. Points written as sentences of their own
                # ('（一）…。一是实施…。二是深化…。') are the measures of the heading's task:
                # they stay in its body (below).
                for marker, start, end in points:
                    items.append(
                        _plan_from_span(
                            marker,
                            text,
                            start,
                            end,
                            child.paragraph,
                            f"“{child.label()[:20]}”下按“一是、二是”拆分",
                        )
                    )
                continue
            items.append(
                PlanItem(
                    child.heading.number,
                    child.heading.title,
                    child.full_body(),
                    child.paragraph,
                    "编号小标题（其下“一是、二是”各自成句，是这一项的措施）"
                    if len(points) >= 2
                    else "编号小标题",
                )
            )
        return items
    if items:
        return items
    for text, paragraph in own:
        items += _enumerated_plans(text, paragraph, "按“一是、二是”拆分", _enumeration(text))
    if items:
        return items
    if node.heading.body and not node.content:
        # '（二）改进措施：我局将加大A，提升B。同时，加强C。' — one task a sentence.
        text = node.heading.body
        for start, stop, end in promise_sentences(text, _is_chain_task):
            items.append(
                PlanItem(
                    None,
                    text[start:stop],
                    text[stop:end].lstrip("，,；; "),
                    node.paragraph,
                    "标题后的措施句，每句一项（以动词开头的第一个分句为名）",
                )
            )
        if items:
            return items
    for paragraph in node.content:
        if items and _REPORT_CLOSING_RE.match(paragraph.text):
            # '总之，通过此次整改…' / '以上为…，请审阅。' after the tasks: the report's closing,
            # not a task; the plan part ends there (the closing is shown as a warning).
            warnings.append(f"“{paragraph.text[:16]}…”是报告的结束语，不是任务，未列入。")
            break
        if paragraph.text.endswith(("：", ":")):
            continue  # an introduction ('下一步，我们将重点做好以下工作：')
        # '2027年，我局将重点做好以下工作：1.…2.…': the introduction's own points (before the
        # introduction is judged a preamble, which would drop them with it).
        numbered = _inline_numbered(paragraph.text)
        reason = "按段内编号“1.、2.”拆分"
        if numbered and re.search(r"[（(]\s*1\s*[）)]\s*$", paragraph.text[: numbered[0][1]]):
            reason = "按段内编号“（1）、（2）”拆分"
        elif numbered and re.search(r"1\s*[）)]\s*$", paragraph.text[: numbered[0][1]]):
            reason = "按段内编号“1）、2）”拆分"
        if not numbered:
            numbered, tight = _run_on_numbered(paragraph.text, 0)
            numbered = numbered if tight else []
            reason = "按段内编号“1、2、3”拆分（有的编号紧接上一项，前面没有标点）"
        if numbered:
            for number, start, end in numbered:
                items.append(_plan_from_span(number, paragraph.text, start, end, paragraph, reason))
            continue
        listed = _tasks_after_intro(paragraph)
        if listed:
            # '2027年，我局将重点做好以下工作：加强A；完善B；强化C。' — the introduction's own
            # tasks, on its line after the colon (the introduction alone would be none).
            items += listed
            continue
        cut = _cut_promise(paragraph) if paragraph is node.content[-1] else []
        if cut:
            # '我单位将以此次自查为契机，严格控制A，完善B' and the page ends: its tasks so far.
            items += cut
            tail = re.split(r"[，,；;]", paragraph.text.rstrip())[-1]
            warnings.append(f"“{tail}”在此中断，其后的任务未读到，请核对原文。")
            continue
        if _is_plan_preamble(paragraph.text):
            warnings.append(
                f"“{paragraph.text[:24]}…”是概括性的引导语，不是具体任务，未作为任务，请核对。"
            )
            continue
        clauses = _semicolon_items(paragraph.text)
        if clauses:
            for start, end in clauses:
                items.append(
                    _plan_from_span(None, paragraph.text, start, end, paragraph, "按分号拆分")
                )
            continue
        promised = _one_sentence_promise(paragraph)
        if promised:
            # '下一步，我局将稳住A，确保B，守住C。' as the plan's own paragraph: one task a
            # verb-led clause (three at least), as the same promise is read elsewhere.
            items += promised
            continue
        dash = re.match(r"\s*(?:——|[•●▪■◆]|-(?=\s|[\u4e00-\u9fff]))\s*", paragraph.text)
        if dash and len(paragraph.text) - dash.end() >= 2:
            # '——持续深入打好蓝天保卫战，…' one task a paragraph, each opened by a dash.
            title, body = split_title(paragraph.text[dash.end() :])
            items.append(PlanItem("·", title, body, paragraph, "按破折号（项目符号）分段"))
            continue
        opened = _ENUM_START_RE.match(paragraph.text)
        if opened and len(paragraph.text) - opened.end() >= 2:
            # '一是…' / '二是…' one point a paragraph: the marker is the item's number.
            title, body = split_title(paragraph.text[opened.end() :])
            items.append(PlanItem(opened.group(0), title, body, paragraph, "按“一是、二是”分段"))
            continue
        title, body = split_title(paragraph.text)
        items.append(PlanItem(None, title, body, paragraph, "按段落拆分"))
    if items and all(
        item.reason
        in (
            "按“一是、二是”分段",
            "按破折号（项目符号）分段",
            _PROMISE_REASON,
            _CUT_PROMISE_REASON,
            _INTRO_TASKS_REASON,
        )
        for item in items
    ):
        return items  # each item's reason says how it was split: no warning of a whole paragraph
    if len(items) > 1:
        warnings.append(f"“{node.label()}”下没有编号条目，已按段落拆分，请核对。")
    elif items:
        warnings.append(f"“{node.label()}”下没有编号条目，已将整段作为一项，请核对。")
    return items


# '今后我们将继续坚持…的原则，…' / '下一步，我局将重点做好以下工作。': the writer introducing the
# plan, not a task. Taken for one only when it also points ahead ('以下', '几个方面') or is
# general ('原则', '为指导', '基础上', '再接再厉') or is cut off mid-sentence (a page fragment);
# '下一步，我局将建成指挥平台，年底前投入使用。' stays a task.
_PLAN_PREAMBLE_RE = re.compile(
    r"^(?:(?:今后|下一步|下步|下阶段|下一阶段|新的一年|明年|来年|\d{4}\s*年)[，,]?\s*)?"
    rf"(?:{WRITER_SUBJECT}|全局|全镇|全乡)[^。！？，,]{{0,8}}?(?:将|要|会)"
)
_PLAN_GENERAL_RE = re.compile(
    r"以下|如下|下列|几个方面|几点|原则|为指导|为统领|基础上|再接再厉|一如既往|总体要求|总要求|"
    r"新台阶|新局面|新成效|新成绩|新贡献|新篇章|饱满的热情|务实的作风|全力以赴|奋力开创|努力开创"
)


def _one_sentence_promise(paragraph: Paragraph) -> list[PlanItem]:
    """A plan paragraph that is one promise sentence ('下一步，我局将…，…，…。'): its tasks
    by verb-led clause (engineer r13w); none when it is not one sentence or not such a chain."""
    text = paragraph.text.rstrip()
    if len(_sentences(text)) != 1:
        return []
    items = _promise_clauses(paragraph, text, 0, len(text))
    own = _PLAN_PREAMBLE_RE.match(text)
    if items or own is None:
        return items
    # '我局将以…为契机，加强A，完善B，强化C。': under the plan's heading no time word is needed.
    return _chain_tasks(paragraph, text, own.end(), len(text), 3, _PROMISE_REASON)


_INTRO_TASKS_REASON = "引导语冒号后的各分句（以动词开头）各是一项任务"
# What an introduction announcing the tasks says before its colon ('重点做好以下工作：').
_ANNOUNCES_RE = re.compile(r"以下|如下|下列|几个方面|几项|几点|重点")


def _tasks_after_intro(paragraph: Paragraph) -> list[PlanItem]:
    """'2027年，我局将重点做好以下工作：加强A；完善B；强化C。': one sentence, an introduction
    announcing the work before its colon, then two or more verb-led clauses (engineer r13w)."""
    text = paragraph.text.rstrip()
    colon = re.search(r"[：:]", text)
    if (
        colon is None
        or not _ANNOUNCES_RE.search(text, 0, colon.start())
        or len(_sentences(text)) != 1
    ):
        return []
    return _chain_tasks(paragraph, text, colon.end(), len(text), 2, _INTRO_TASKS_REASON)


_CUT_PROMISE_REASON = "展望句在此中断：以动词开头的分句各是一项任务"


def _restarted_points(
    roots: Sequence[_Node], plan_node: _Node, warnings: list[str]
) -> list[PlanItem]:
    """'2027年工作打算' (or '三、2027年工作打算') with nothing under it, and right after it
    top-level points numbering again from '一、': the plan's own points, read as if under it
    (engineer r13w). Text or a signature under the heading first: none (another part)."""
    if plan_node.children or plan_node.content or plan_node.heading.body:
        return []
    order = [node for root in roots for node in root.walk()]
    at = next((i for i, node in enumerate(order) if node is plan_node), len(order))
    if at + 1 >= len(order):
        return []
    first = order[at + 1]
    start = next((i for i, root in enumerate(roots) if root is first), None)
    if start is None or first.heading.value != 1:
        return []
    run: list[_Node] = []
    for node in roots[start:]:
        if node.heading.kind != first.heading.kind or node.heading.value != len(run) + 1:
            break
        run.append(node)
    if len(run) < 2:
        return []
    under = _Node(heading=plan_node.heading, paragraph=plan_node.paragraph, level=1, children=run)
    return [
        replace(item, reason=f"标题后重新从“{first.heading.number}”编号的要点：{item.reason}")
        for item in _plan_items(under, warnings)
    ]


def _cut_promise(paragraph: Paragraph) -> list[PlanItem]:
    """The plan's last paragraph, a promise cut by the page's end before its first stop
    ('我单位将以此次自查为契机，严格控制A，完善B'): the verb-led clauses after its occasion,
    the last (cut) one holding at least six characters; none for a general or short lead-in
    ('今后我们将继续坚持', '…为契机，进一'). Engineer r13w."""
    text = paragraph.text.rstrip()
    own = _PLAN_PREAMBLE_RE.match(text)
    if (
        own is None
        or text.endswith(("。", "！", "？", "；", ";", "!", "?", "”", "）", ")", "：", ":"))
        or re.search(r"[。！？!?]", text)
        or _PLAN_GENERAL_RE.search(text)
    ):
        return []
    last = re.split(r"[，,；;]", text[own.end() :])[-1]
    if len(last) < 6:
        return []
    return _chain_tasks(paragraph, text, own.end(), len(text), 1, _CUT_PROMISE_REASON)


def _is_plan_preamble(text: str) -> bool:
    if not _PLAN_PREAMBLE_RE.match(text):
        return False
    cut = not text.rstrip().endswith(("。", "！", "？", "；", ";", "!", "?", "”", "）", ")"))
    return cut or bool(_PLAN_GENERAL_RE.search(text))


def _semicolon_items(text: str) -> list[tuple[int, int]]:
    """A plan paragraph that is one sentence listing three or more tasks separated by '；'
    ('深入宣传A；利用农闲开展B，…；探索建立C。'): the spans of the tasks, else []."""
    stops = list(_cut_points(text.rstrip(), _FULL_STOPS))
    if any(stop < len(text.rstrip()) - 1 for stop in stops):
        return []
    clauses = _split_clauses(text, 0, len(text), "；;")
    if len(clauses) < 3 or any(not 6 <= e - s <= 120 for s, e in clauses):
        return []
    if re.search(r"[：:]$", text[clauses[0][0] : clauses[0][1] + 1]):
        return []
    return clauses


_GROUP_TITLE_RE = re.compile(r"(?:方面|原因|层面|领域|因素|问题)$|^(?:主观|客观)")


def _is_group(node: _Node) -> bool:
    """A sub-heading that groups problems ('（一）主观方面', '（二）执法领域') rather than being one."""
    title = node.heading.title.rstrip("。：:；;")
    return bool(node.children) and (len(title) <= 10 or bool(_GROUP_TITLE_RE.search(title)))


_FIELD_TITLE_RE = re.compile(r"方面$")


def _problem_from_heading(child: _Node, reason: str) -> ProblemItem:
    text = child.heading.title.rstrip("。；;，,")
    return ProblemItem(child.heading.number, text, child.paragraph, child.full_body(), reason)


# '（二）改进情况' under '存在的主要问题及改进情况': the improvement part, i.e. what will be done.
_IMPROVEMENT_PART_RE = re.compile(r"^(?:主要)?(?:改进|完善|提升)(?:情况|工作)?[。.：:]?$")


def _problems_part(node: _Node) -> Sequence[Paragraph]:
    """The paragraphs of a problem heading that hold its problems: under '存在的主要问题及改进情况'
    with no sub-headings, those before the improvements ('…等问题。2021年将从以下方面进行改进：
    一是…' is cut before '2021年'); else all of them."""
    if node.children or not names_improvement(node.heading.title):
        return node.content
    for position, paragraph in enumerate(node.content):
        if position and _is_turn(paragraph.text):
            return node.content[:position]
        at = announced_measures(paragraph.text)
        if at is not None:
            head = Paragraph(paragraph.index, paragraph.text[:at].rstrip(), paragraph.locator)
            return [*node.content[:position], head]
    return node.content


def _is_cause(node: _Node) -> bool:
    return bool(_CAUSE_HEADING_RE.search(node.heading.title.rstrip("。.：:；;")))


def _problem_items(
    node: _Node,
    paragraphs: Sequence[Paragraph],
    *,
    children: bool = True,
    warnings: list[str] | None = None,
) -> list[ProblemItem]:
    """Problems under a problem heading: numbered sub-headings (under grouping sub-headings
    when the problems are grouped by cause or field), else the sentences of its text."""
    if children and node.children:
        items: list[ProblemItem] = []
        causes_apart = any(not _is_cause(child) for child in node.children)
        for child in node.children:
            if child.heading.kind == "label":
                # '存在问题：' inside the problem heading: its items are the problems.
                items += _problem_items(child, child.content)
                continue
            if causes_apart and _is_cause(child) and (child.children or child.content):
                # '二、存在的问题及原因分析 （一）存在的问题 … （二）原因分析 …': the causes
                # explain the problems above; they are no problems of their own.
                if warnings is not None:
                    warnings.append(f"“{child.label()}”是原因分析，其中内容未作为问题，请核对。")
                continue
            title = child.heading.title.rstrip("。：:；;")
            if (
                not child.children
                and (child.content or child.heading.body)
                and len(title) <= 10
                and _problem_strength(title) > 1
            ):
                # '（一）存在问题' with its text below: a sub-section, not a problem itself.
                items += _problem_items(child, child.content)
                continue
            if (
                not child.children
                and child.heading.body
                and _FIELD_TITLE_RE.search(title)
                and len(title) <= 14
            ):
                # '1、干部队伍建设方面。一是…二是…': a field label with its points (or its one
                # problem) after it on the line.
                field = [
                    replace(item, reason=f"“{title}”下：{item.reason}")
                    for item in _problem_items(child, child.content)
                ]
                items += field
                continue
            if _is_group(child):
                group = child.heading.title.rstrip("。：:；;")
                for grandchild in child.children:
                    items.append(_problem_from_heading(grandchild, f"“{group}”下的编号小标题"))
            elif len(points := _points_under(child)) >= 2:
                # '（一）理论学习不够扎实。 一是…。二是…。三是…': the heading sums up its points,
                # and the points are the problems.
                items += [
                    replace(item, reason=f"“{title}”下的{item.reason}（标题是概括）")
                    for item in points
                ]
            elif (
                child is node.children[-1]
                and not (child.content or child.heading.body)
                and cut_field_heading(child.heading.title)
            ):
                # '（一）在带头强化政治忠诚、提高' as a page's last line: the field of problems
                # the page was cut before.
                if warnings is not None:
                    warnings.append(f"“{child.label()}”在此中断，其下的问题未读到，请核对原文。")
            else:
                items.append(_problem_from_heading(child, "编号小标题"))
        return items
    items = []
    texts = [(node.heading.body, node.paragraph)] if children and node.heading.body else []
    texts += [(p.text, p) for p in paragraphs]
    expected = 0  # the number a paragraph must open with to continue a '一是…' list
    for position, (text, paragraph) in enumerate(texts):
        if position and _is_turn(text):
            break  # '针对上述问题，下一步…': from here on the text answers the problems
        turn = _INLINE_TURN_RE.search(text)
        if turn is not None:
            # '…二是专职人员少。针对上述问题，我局将：一是…' — the problems end at the turn.
            text = text[: turn.start()].rstrip()
        opened = _ENUM_START_RE.match(text)
        value = parse_chinese_numeral(opened.group(1)) if opened else None
        if opened and value is not None and value == expected and not _enumeration(text):
            # '二是…' opening the paragraph after the one holding '一是…': the list runs on
            # one point a paragraph; the point is the whole paragraph.
            start, end = _trim(text, opened.end(), len(text))
            if end - start >= 2:
                items.append(
                    ProblemItem(
                        opened.group(0), text[start:end], paragraph, reason="按“一是、二是”拆分"
                    )
                )
            expected += 1
            continue
        spans = split_problems(text)
        for marker, start, end in spans:
            if marker:
                reason = "按“一是、二是”拆分"
            elif text[max(0, start - 2) : start] in ("针对", "对于"):
                reason = "措施句中“针对…的问题”所指的问题"
            elif (end < len(text) and text[end] in "；;") or text[:start].rstrip().endswith(
                ("；", ";")
            ):
                reason = "按分号拆分"
            elif (end < len(text) and text[end] == "、") or text[:start].rstrip().endswith("、"):
                reason = "按顿号拆分（顿号连接的各项各自写明不足）"
            elif (end < len(text) and text[end] in "，,") or text[:start].rstrip().endswith(
                ("，", ",")
            ):
                reason = "按逗号拆分"
            else:
                reason = "按句拆分"
            if start == spans[0][1] and (gap := _gap_summary_before(text, start)):
                reason += f"；前一句“{gap}”是引出问题的概括，没有写出具体问题，未列入"
            items.append(ProblemItem(marker, text[start:end], paragraph, reason=reason))
        last = spans[-1][0] if spans and spans[-1][0] else None
        last_value = parse_chinese_numeral(last[:-1]) if last else None
        expected = last_value + 1 if last_value else 0
    return items


def _points_under(node: _Node) -> list[ProblemItem]:
    """The '一是/二是' points written under a heading with no sub-headings of its own."""
    if node.children:
        return []
    points = [
        item
        for item in _problem_items(node, node.content)
        if item.number and item.number.endswith("是")
    ]
    if len(points) >= 2:
        return points
    # '存在着“三多三少”：一是A。' then '（A的说明）。二是B。' on the next line: each point's
    # explanation on a line of its own, the next point at the end of it. A point ends at the
    # end of its line, so that it stays a piece of the document's text.
    lines = [(node.heading.body, node.paragraph)] if node.heading.body else []
    lines += [(p.text, p) for p in node.content]
    starts, joined = [], ""
    for text, _ in lines:
        starts.append(len(joined))
        joined += text
    points = []
    for marker, start, end in _enumeration(joined):
        line = max(i for i, at in enumerate(starts) if at <= start)
        text, paragraph = lines[line]
        stop = min(end, starts[line] + len(text))
        own, stop = _trim(joined, start, stop)
        if stop - own >= 2:
            points.append(
                ProblemItem(
                    marker, joined[own:stop], paragraph, reason="按“一是、二是”拆分（跨行）"
                )
            )
    return points


# Where a text turns from what happened to what will be done: '下一步，…', '在今后的工作中，…',
# '接下来，…', '针对上述问题，…'.
_TURN_WORDS = (
    r"(?:在)?(?:今后|下一步|下步|下一阶段|下阶段|接下来|新的一年|明年|来年)|为此|"
    r"针对(?:上述|以上|这些|存在的)|"
    # One sentence that names the shortfalls and promises the answer: '针对工作中存在的问题和
    # 不足，我们将从以下三个方面改进。', '结合上述短板，我局将…'. The writer must promise ('已…整改'
    # and '上级部门将…' are no turn).
    r"(?:针对|结合|对照|围绕)[^。！？!?]{0,24}?(?:问题|不足|短板|差距|薄弱环节|弱项)[^。！？!?，,]{0,6}"
    rf"[，,]\s*{WRITER_SUBJECT}[^。！？!?]{{0,12}}?"
    r"(?<![主需重必只已])(?:将|要)(?![来求])"
)
_PLAN_TURN_RE = re.compile(rf"^(?:{_TURN_WORDS})")
# '2024年，我局将…': a year opening a promise (a year opening an admission, '2023年，我局…仍存在
# 一些不足', is no turn).
_YEAR_PROMISE_RE = re.compile(
    rf"^\d{{4}}\s*年(?:度)?[，,]?\s*{WRITER_SUBJECT}[^。！？!?]{{0,12}}?(?<![主需重必只])(?:将|要)(?![来求])"
)
# '改进情况：…', '改进：…', '下一步打算：…' opening a paragraph.
_PLAN_LABEL_OPEN_RE = re.compile(r"^(?P<label>[^，,。；;：:]{2,10})[：:]")


def _is_turn(text: str) -> bool:
    """Whether the text (a sentence or a paragraph) turns from problems to what will be done."""
    if _PLAN_TURN_RE.match(text) or _YEAR_PROMISE_RE.match(text):
        return True
    label = _PLAN_LABEL_OPEN_RE.match(text)
    if label is None:
        return False
    name = label.group("label")
    return bool(
        (_plan_strength(name, None) and not _problem_strength(name))
        or re.match(r"^(?:主要)?(?:改进|完善|提升)(?:情况|工作)?$", name)
    )


def _numbering_warnings(section: Section, warnings: list[str]) -> None:
    """Duplicated or skipped numbers in a section a supervisor will turn into tasks."""
    # The points of each counted group ('突出三个重点：一是…', '实施六大工程：一是…') number afresh.
    numbered = [
        (item.number, getattr(item, "group", ""))
        for item in section.items
        if item.number and item.number != "·"
    ]
    for group in dict.fromkeys(group for _, group in numbered):
        numbers = [number for number, its in numbered if its == group]
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
    core = number.strip("（）、.是要")
    if core.isascii() and core.isdigit():  # '①'.isdigit() is True, but int('①') fails
        return int(core)
    if len(core) == 1 and 0x2460 <= ord(core) <= 0x2473:
        return ord(core) - 0x2460 + 1
    return parse_chinese_numeral(core)


# --- sections without a heading of their own ------------------------------------------------

_PROBLEM_NOUN_RE = re.compile(
    r"问题|不足|差距|短板|困难|薄弱|弱项|挑战|矛盾|缺陷|失误|难题|难事|难干"
)
_PROBLEM_CUE_RE = re.compile(
    r"(?P<cue>(?:主要|具体)?(?:表现|体现)(?:在|为)(?:以下几个方面)?|主要(?:是|有)|"
    r"具体(?:讲|来说|来看|是|有)?(?:有)?(?:以下几个方面|以下几点)?|"
    r"(?:有|存在)?(?:以下|如下)(?:几个方面|几点|方面|几个问题|问题)?|"
    r"有[一二三四五六七八九十两几\d]+(?:件|个|点|条|项|大)(?:方面)?(?:问题|不足|困难)?|"
    r"(?:问题|不足|困难|短板|差距|挑战|缺陷|薄弱环节|弱项)(?:之处)?)\s*$"
)
_PROBLEM_INTRO_NEGATIVE_RE = re.compile(
    r"整改|解决|针对|改进|整治|措施|汇报|报告如下|总结如下|下一步|下步|为此|建议|对策|原因|"
    r"经验|成效|做法|如何"
)
_BUT_RE = re.compile(r"[，,。；;]\s*(?:但是|但|然而|不过|同时)")
_ADMISSION_RE = re.compile(
    r"(?:存在|暴露出?|面临|还有|仍有|尚有|也有)(?:着)?(?:一些|不少|诸多|许多|很多|若干|以下)?"
    r"(?:几个方面|几方面|方面)?(?:的)?(?:突出|明显)?(?:问题|不足|困难|短板|差距|挑战|矛盾|薄弱环节|弱项)"
)
# '困难和问题依然较多', '矛盾和困难仍然不少': the shortfalls as subject, still many.
_ADMISSION_HELD_RE = re.compile(
    r"(?:问题|困难|不足|矛盾|短板|挑战)(?:[和与、](?:问题|困难|不足|矛盾|短板|挑战))?"
    r"(?:依然|仍然|依旧|仍|还)(?:较多|不少|很多|(?:较为|比较)?突出)"
)
_ADMISSION_NEGATIVE_RE = re.compile(
    r"整改|解决|针对|改进|措施|下一步|原因|分析|研究|探讨|本文|回顾|如何"
)
_PLAN_INTRO_LEAD_RE = re.compile(
    r"下一步|下步|下阶段|下一阶段|下半年|明年|来年|新的一年|今后|\d{4}\s*年|"
    r"针对(?:上述|以上|这些|存在的|以上存在的)?(?:问题|不足)|为此|对此|"
    # The writer's own promise with no time word (r14b): '我们将重点抓好以下工作：', '我局将从以下
    # 几个方面抓好落实：'. The 将 must be followed by a word of manner, a 从/在/围绕 or the doing
    # verb, so that a review's 将 meaning 把 ('我局将政务公开纳入考核，开展了以下工作：') is none.
    rf"^\s*{WRITER_SUBJECT}"
    r"(?:还|也|仍)?(?:将|要|拟)(?=\s*(?:进一步|继续|持续|重点|着力|全力|切实|不断|坚持|努力|"
    r"加大|加快|积极|认真|始终|紧紧|围绕|聚焦|突出|大力|全面|扎实|从|在|做好|抓好|抓实|办好))"
)
_PLAN_INTRO_CUE_RE = re.compile(
    r"(?P<cue>以下|如下|几个方面|几项|几点|(?:计划|打算|安排|思路|重点|措施|举措)(?:如下|是|为)?|"
    r"(?:将|(?<![摘纲概提])要|拟)\s*$)"
)
# Also no plan of work: a scheme drawing itself up ('现制定…工作方案如下：' — by the corpus
# convention a 实施方案/工作方案 is no report) and a budget's breakdown of money or things
# ('2026年单位预算安排购置车辆1辆，其中：').
_PLAN_INTRO_NEGATIVE_RE = re.compile(
    r"汇报如下|报告如下|总结如下|情况如下|通报如下|公布如下|了以下|了如下|已经|取得|完成情况|回顾|"
    r"方案如下|(?:预算|资金|经费)安排|其中\s*$"
)
_LABEL_RE = re.compile(
    r"^(?P<label>(?:问题清单|问题描述|存在问题|反馈问题|问题表现|问题)(?:\s*[一二三四五六七八九十\d]{1,3})?)"
    r"\s*[：:]\s*(?P<text>\S.*)$"
)
# '存在问题：无' / '暂无' — a form's answer that there is none.
_NIL_RE = re.compile(r"^(?:无|没有|暂无|无问题|未发现|未发现问题|/|—|-)[。；;，,]?$")
_ORDINAL_FIRST_RE = re.compile(r"^(?:首先|第一|其一)\s*[，,、:：]?\s*")
_ORDINAL_NEXT_RE = re.compile(
    r"^(?:其次|再次|再者|此外|另外|最后|还有|同时|其[二三四五六七八九十]|第[二三四五六七八九十])\s*[，,、:：]?\s*"
)
_ENUM_START_RE = re.compile(r"^([一二三四五六七八九十]{1,2})(?:是|要)")
_LIST_STOP_RE = re.compile(r"^(?:针对|综上|总之|对此|为此|下一步|下步|因此|以上|上述|今后)")


@dataclass
class _Intro:
    cue: str
    list_start: int  # where the list starts in the paragraph; len(text) when it follows it


def _clauses_before_colons(text: str) -> Iterator[tuple[str, int]]:
    """Each sentence of the paragraph cut at its first colon: (clause, where its list starts).
    A sentence without a colon yields itself and the end of the paragraph when it is the last."""
    sentence_start = 0
    sentences = list(_cut_points(text, _FULL_STOPS))
    bounds = [*sentences, len(text)]
    for position in bounds:
        sentence = text[sentence_start:position]
        colon = next(_cut_points(sentence, "：:"), None)
        if colon is not None:
            yield sentence[:colon], sentence_start + colon + 1
        elif position == len(text):
            yield sentence, len(text)
        sentence_start = position + 1
        if sentence_start >= len(text):
            break


def _plan_intro(text: str) -> _Intro | None:
    for clause, list_start in _clauses_before_colons(text):
        ends_with_colon = list_start < len(text) or text.rstrip().endswith(("：", ":"))
        if not ends_with_colon and not _ENUM_MARKER_RE.search(text[list_start:]):
            continue
        if not ends_with_colon:
            continue
        lead = _PLAN_INTRO_LEAD_RE.search(clause)
        if lead is None:
            continue
        # Judge only from the lead on: '虽取得成绩，但……特制定2022年计划如下：' is a plan intro.
        tail = clause[lead.start() :]
        cue = _PLAN_INTRO_CUE_RE.search(tail)
        if cue and not _PLAN_INTRO_NEGATIVE_RE.search(tail):
            return _Intro(tail.strip(), list_start)
    return None


# '主要表现在', '具体表现为' alone before the colon: the list's opening, whose problems the
# sentence before it named ('…存在A、B等问题。主要表现在：一是…').
# ('主要是：' after '…面临一些困难和挑战。' is a work report's recognition, read with its own
# splitting by _recognised_difficulties.)
_BARE_LIST_OPENING_RE = re.compile(r"(?:主要|具体|突出)(?:表现在|表现为|体现在)")


def _problem_intro(text: str, next_text: str | None) -> _Intro | None:
    for clause, list_start in _clauses_before_colons(text):
        colon = list_start < len(text) or text.rstrip().endswith(("：", ":"))
        clause = clause.strip()
        if colon and _BARE_LIST_OPENING_RE.fullmatch(clause):
            # Judged with the sentence before it, which says what the list is of.
            head = text[: list_start - 1]
            own = max(head.rfind(ch) for ch in "。！？!?")
            if own > 0:
                previous = max(head.rfind(ch, 0, own) for ch in "。！？!?") + 1
                clause = f"{head[previous:own]}，{clause}"
        # '今年工作取得了一定成效，但也存在一些问题：' — judge only the part after the turn.
        turns = list(_BUT_RE.finditer(clause))
        if turns:
            clause = clause[turns[-1].end() :]
        # '回顾…的原因，主要存在以下几个方面的突出问题：' — the admission has a comma clause of its
        # own; only that clause is judged (not '产生问题的原因主要有：').
        admission = _ADMISSION_RE.search(clause)
        if admission is not None:
            clause = clause[max(clause.rfind(ch, 0, admission.start()) for ch in "，,") + 1 :]
        if not _PROBLEM_NOUN_RE.search(clause) or _PROBLEM_INTRO_NEGATIVE_RE.search(clause):
            continue
        cue = _PROBLEM_CUE_RE.search(clause)
        if cue is None:
            continue
        bare_noun = cue.group("cue") in (
            "问题",
            "不足",
            "困难",
            "短板",
            "差距",
            "挑战",
            "缺陷",
            "薄弱环节",
            "弱项",
        )
        bare_noun = bare_noun or cue.group("cue").endswith("之处")
        if bare_noun and not (colon and (_ADMISSION_RE.search(clause) or len(clause) <= 20)):
            continue
        if not colon and list_start == len(text) and next_text is None:
            continue
        return _Intro(cue.group("cue"), list_start)
    # '……但也暴露出一些问题和不足。' followed by paragraphs opened with 首先/一是 (a numbered
    # heading after such a sentence is more often the document's next part than a list).
    marker = _list_marker(next_text) if next_text is not None else None
    if marker in ("ordinal", "enum", "bullet") and _opens_list(next_text or ""):
        for admission in _ADMISSION_RE.finditer(text):
            sentence_start = max(text.rfind(ch, 0, admission.start()) for ch in "。！？") + 1
            before = text[sentence_start : admission.end()]
            if not _ADMISSION_NEGATIVE_RE.search(before):
                return _Intro(admission.group(0), len(text))
    return None


def _opens_list(text: str) -> bool:
    """A paragraph that can open a list: '一是…', '首先…', a bullet. '三是…' after an
    achievement ('二是…共查摆出问题15个，已全部整改。') goes on with the paragraph's own list."""
    enum = _ENUM_START_RE.match(text)
    if enum is not None:
        return enum.group(1) == "一"
    return _ORDINAL_NEXT_RE.match(text) is None


def _list_marker(text: str) -> str | None:
    """The kind of list marker a paragraph starts with, or None."""
    if _ORDINAL_FIRST_RE.match(text) or _ORDINAL_NEXT_RE.match(text):
        return "ordinal"
    if _ENUM_START_RE.match(text):
        return "enum"
    if _BULLET_RE.match(text):
        return "bullet"
    heading = _match_heading(Paragraph(0, text, ""))
    if heading is not None and heading.kind != "style":
        return f"heading:{heading.kind}"
    return None


def _strip_marker(text: str) -> tuple[str | None, str]:
    for pattern in (_ORDINAL_FIRST_RE, _ORDINAL_NEXT_RE, _ENUM_START_RE):
        match = pattern.match(text)
        if match:
            return match.group(0).strip(" ，,、:："), text[match.end() :]
    match = _BULLET_RE.match(text)
    if match:
        return "·", text[match.end() :]
    heading = _match_heading(Paragraph(0, text, ""))
    if heading is not None:
        rest = (heading.title + ("" if not heading.body else heading.body)).strip()
        # The heading regexes consumed the number; rebuild the text after it.
        for kind, _, pattern in _HEADING_PATTERNS:
            if kind == heading.kind:
                match = pattern.match(text)
                if match:
                    return heading.number, text[match.end() :]
        return heading.number, rest
    return None, text


@dataclass
class _ListEntry:
    marker: str | None
    text: str
    body: list[str]
    paragraph: Paragraph
    # The page ends inside it (see _unmarked_list): its reason says so.
    cut: str = ""


def _following_list(paragraphs: Sequence[Paragraph], start: int) -> tuple[list[_ListEntry], int]:
    """The list that follows an introducing paragraph: paragraphs opened by the same kind of
    marker (一是…, 首先/其次…, 1、2、…, bullets), each with the unmarked paragraphs after it
    as its body. Returns the entries and the index after the list."""
    if start >= len(paragraphs):
        return [], start
    first = paragraphs[start]
    kind = _list_marker(first.text)
    if kind is None:
        return [], start
    if kind == "enum":
        spans = _enumeration(first.text)
        if len(spans) >= 2:
            return [
                _ListEntry(marker, first.text[s:e], [], first) for marker, s, e in spans
            ], start + 1
    entries: list[_ListEntry] = []
    first_heading = _match_heading(first) if kind.startswith("heading:") else None
    position = start
    while position < len(paragraphs):
        paragraph = paragraphs[position]
        text = paragraph.text
        this_kind = _list_marker(text)
        if this_kind == kind or (kind == "ordinal" and this_kind == "ordinal"):
            if first_heading is not None:
                heading = _match_heading(paragraph)
                if heading is None or heading.rank != first_heading.rank:
                    break
            marker, rest = _strip_marker(text)
            entries.append(_ListEntry(marker, rest, [], paragraph))
        elif this_kind is not None and this_kind.startswith("heading:"):
            break  # a heading of another level ends the list
        elif _LIST_STOP_RE.match(text) or not entries:
            break
        elif first_heading is not None:
            entries[-1].body.append(text)
        else:
            break
        position += 1
    return entries, position


# A report's closing paragraph after its last part: '总之，…', '综上所述，…', '以上为/是本单位…'.
_REPORT_CLOSING_RE = re.compile(r"\s*(?:总之|综上|总而言之|以上(?:为|是|就是|即为))")
_CLOSING_RE = re.compile(r"^(?:各位|同志们|让我们|希望|最后|特此|我们将以|总之|综上)")


def _unmarked_list(paragraphs: Sequence[Paragraph], start: int) -> tuple[list[_ListEntry], int]:
    """Paragraphs with no number after an intro that ends in a colon ('努力实现以下工作：'):
    each is one item while it reads like one — a sentence of ordinary length that ends with a
    full stop. A heading, a closing ('各位领导…', '让我们…'), site furniture, a date or a
    paragraph cut off ends the list; fewer than two such paragraphs are no list."""
    entries: list[_ListEntry] = []
    position = start
    while position < len(paragraphs):
        paragraph = paragraphs[position]
        text = paragraph.text.strip()
        if (
            _list_marker(text) is not None
            or _CLOSING_RE.match(text)
            or _LIST_STOP_RE.match(text)
            or is_chrome(text)
            or not 8 <= len(text) <= 300
            or not text.endswith(("。", "；", ";"))
        ):
            break
        entries.append(_ListEntry(None, text, [], paragraph))
        position += 1
    if (
        len(entries) >= 2
        and position == len(paragraphs) - 1
        and (label := _FIELD_LABEL_RE.match(paragraphs[position].text.strip()))
        and len(paragraphs[position].text.strip()) >= label.end() + 2
        and not paragraphs[position].text.strip().endswith(tuple(_FULL_STOPS + "；;"))
        and all(_FIELD_LABEL_RE.match(entry.text) for entry in entries)
    ):
        # '安全生产方面，…；' / '食药安全方面，…；' / '生态环保方面，中央环保督察部分转': the
        # page ends inside the last field of the list, which still names it.
        cut = f"（文末在此段中截断；它与前几段一样先写领域“{label.group(0).rstrip('，,：: ')}”，仍计为一项）"
        entries.append(
            _ListEntry(None, paragraphs[position].text.strip(), [], paragraphs[position], cut)
        )
        position += 1
    return (entries, position) if len(entries) >= 2 else ([], start)


# A field a list entry is about: '安全生产方面，', '在食品安全领域，', '生态环保工作中：'.
_FIELD_LABEL_RE = re.compile(r"^(?:在)?[\u4e00-\u9fff]{2,10}(?:方面|领域|工作中)[，,：:]")


# An arabic item number inside running text: not part of an amount ('1.5亿元', '2、3月'), not
# an ordinal ('第2、'), and followed by words.
_RUN_ON_NUMBER_RE = re.compile(
    r"(?<![0-9.．第])(\d{1,2})\s*[、.．](?![0-9])(?=\s*[\u4e00-\u9fff“《（(])"
)
# '二、' opening a further group of points ('…3.C。二、强化监督。1.D…'): the numbers start again.
_GROUP_MARK_RE = re.compile(r"(?:^|(?<=[。！？；;：:\s]))\s*[二三四五六七八九十]{1,2}\s*、")


def _run_on_marks(text: str, start: int) -> tuple[list[re.Match[str]], bool]:
    """The numbers of points 1, 2, 3… written into one paragraph from ``start`` (see
    _run_on_numbered), or [] when they make no list; and whether some number stood straight
    after a word."""
    marks: list[re.Match[str]] = []
    tight = False
    expected = 1
    for match in _RUN_ON_NUMBER_RE.finditer(text, start):
        value = int(match.group(1))
        before = text[start : match.start()].rstrip()
        after_stop = not before or before.endswith(tuple("。！？!?；;：:，,"))
        if value == expected and (marks or after_stop):
            pass
        elif value == 1 and marks and _GROUP_MARK_RE.search(text, marks[-1].end(), match.start()):
            expected = 1
        else:
            continue
        tight = tight or not after_stop
        marks.append(match)
        expected += 1
    if len(marks) < (3 if tight else 2):
        return [], tight
    return marks, tight


def _run_on_numbered(text: str, start: int) -> tuple[list[tuple[str, int, int]], bool]:
    """The points numbered 1, 2, 3… written into one paragraph after its intro ('…如下：一、健全
    机制。1.压实责任2.建立队伍，…。3.加强…'), where a page or a copy lost the line breaks and
    sometimes the stop before a number. The first point opens the list or follows a stop; the
    others follow in order wherever they stand, and the count starts again after a group mark
    ('二、'). Two points after stops make a list; with a number standing straight after a word
    three are needed. Returns (number, start, end) of each point, or [], and whether some
    number stood straight after a word."""
    marks, tight = _run_on_marks(text, start)
    spans: list[tuple[str, int, int]] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        group = _GROUP_MARK_RE.search(text, mark.end(), end)
        s, e = _trim(text, mark.end(), group.start() if group else end)
        if e - s >= 2:
            spans.append((mark.group(1), s, e))
    return spans, tight


def _inline_list(text: str, start: int) -> tuple[list[tuple[str | None, int, int]], str]:
    """Items written after the intro inside the same paragraph, and how they were split."""
    spans = _enumeration(text[start:])
    if spans:
        return [(m, start + s, start + e) for m, s, e in spans], "按“一是、二是”拆分"
    bullets = _bullets(text[start:])
    if bullets:
        return [(m, start + s, start + e) for m, s, e in bullets], "按项目符号拆分"
    numbered, tight = _run_on_numbered(text, start)
    if numbered:
        reason = "按行文中的编号“1、2、3”拆分"
        return list(numbered), f"{reason}（有的编号紧接上一项，前面没有标点）" if tight else reason
    end = next((p for p in _cut_points(text, _FULL_STOPS) if p > start), len(text))
    clauses = _split_clauses(text, start, end, "；;")
    if len(clauses) < 2:
        clauses = _split_clauses(text, start, end, "，,") if end - start < 60 else clauses
    return [(None, s, e) for s, e in clauses if e - s >= 2], "按分号拆分"


def _entry_problem(entry: _ListEntry, reason: str) -> ProblemItem:
    title, body = split_title(entry.text.strip())
    body = "\n".join([b for b in [body, *entry.body] if b])
    return ProblemItem(
        entry.marker, title.rstrip("。；;，,"), entry.paragraph, body, reason + entry.cut
    )


def _entry_plan(entry: _ListEntry, reason: str) -> PlanItem:
    title, body = split_title(entry.text.strip())
    body = "\n".join([b for b in [body, *entry.body] if b])
    return PlanItem(entry.marker, title, body, entry.paragraph, reason + entry.cut)


def _headingless_sections(
    body: Sequence[Paragraph], *, want_plan: bool, want_problems: bool
) -> tuple[Section | None, Section | None]:
    """Problems and plans that have no heading of their own: a list after an introducing phrase
    ('主要表现在：', '下一步，重点做好以下工作：'), or '问题清单：' lines."""
    plan: Section | None = None
    problems: Section | None = None
    labelled: list[ProblemItem] = []
    # '(一)<problem>。整改措施：…' through the text: the rectification report's own layout
    # wins over an intro ('反馈问题如下：') that would split the running text by sentence.
    if want_problems:
        problems = _rectification_problems(body)
    position = 0
    while position < len(body):
        paragraph = body[position]
        text = paragraph.text
        next_text = body[position + 1].text if position + 1 < len(body) else None
        if want_problems and problems is None:
            label = _LABEL_RE.match(text)
            if label and not _NIL_RE.match(label.group("text")):
                problem_text = label.group("text").rstrip("。；;，,")
                clauses = _split_clauses(problem_text, 0, len(problem_text), "；;")
                if len(clauses) >= 2 and all(
                    e - s >= 4 and _SHORTFALL_WIDE_RE.search(problem_text, s, e) for s, e in clauses
                ):
                    # '存在问题：A不强；B单一。' — each '；' clause names a shortfall of its own.
                    labelled += [
                        ProblemItem(
                            None,
                            problem_text[s:e],
                            paragraph,
                            reason=f"“{label.group('label')}：”标签，按分号拆分",
                        )
                        for s, e in clauses
                    ]
                    position += 1
                    continue
                labelled.append(
                    ProblemItem(
                        None, problem_text, paragraph, reason=f"“{label.group('label')}：”标签"
                    )
                )
                position += 1
                continue
        intro = _plan_intro(text) if want_plan and plan is None else None
        if intro is not None and want_problems and problems is None:
            # '…还存在一些不足：一是A；二是B。下一步，我局将：一是C；二是D。' — the problems
            # before the plan's sentence, in the same paragraph.
            sentence_start = max(text.rfind(ch, 0, intro.list_start - 1) for ch in "。！？") + 1
            head = text[:sentence_start].rstrip()
            head_intro = _problem_intro(head, None) if head else None
            if head_intro is not None:
                piece = Paragraph(paragraph.index, head, paragraph.locator, paragraph.style)
                found = _intro_items([piece], 0, head_intro, plan=False)
                if found:
                    problems = Section(
                        head[: head_intro.list_start].rstrip("：: ")[-60:],
                        found[0],
                        paragraph,
                        f"问题段落：根据“{head_intro.cue}”识别",
                    )
        if intro is not None:
            items = _intro_items(body, position, intro, plan=True)
            if items:
                plan = Section(
                    text[: intro.list_start].rstrip("：: "),
                    items[0],
                    paragraph,
                    f"计划段落：根据“{intro.cue[:20]}”识别",
                )
                position = items[1]
                continue
        elif want_problems and problems is None:
            examples = _example_list(text)
            if examples:
                cue, spans = examples
                problems = Section(
                    text[: spans[0][0]].rstrip("：:， ")[-60:],
                    [
                        ProblemItem(None, text[s:e], paragraph, reason=f"按“{cue}…等”列举拆分")
                        for s, e in spans
                    ],
                    paragraph,
                    f"问题段落：根据“{cue}…等”识别",
                )
                position += 1
                continue
            inline = _labelled_inline_problems(text)
            if inline:
                cue_text, numbered = inline
                problems = Section(
                    cue_text,
                    [
                        _problem_from_span(m, text, s, e, paragraph, f"“{cue_text}”后的编号条目")
                        for m, s, e in numbered
                    ],
                    paragraph,
                    f"问题段落：根据行文中的“{cue_text}”识别",
                )
                position += 1
                continue
            intro_p = _problem_intro(text, next_text)
            if intro_p is not None:
                items = _intro_items(body, position, intro_p, plan=False)
                if items:
                    problems = Section(
                        text[: intro_p.list_start].rstrip("：: ")[-60:],
                        items[0],
                        paragraph,
                        f"问题段落：根据“{intro_p.cue}”识别",
                    )
                    position = items[1]
                    continue
        position += 1
    if problems is None and labelled:
        problems = Section(
            "问题清单", labelled, labelled[0].paragraph, "问题段落：根据“问题清单：”标签识别"
        )
    return plan, problems


_EXAMPLE_LIST_RE = re.compile(
    r"(?P<intro>(?:存在|还有|仍有|尚有)[^。！？!?]{0,40}?(?:差距|不足|问题|短板|困难|弱项)"
    r"[^。！？!?，,]{0,8}[，,：:]\s*|(?:存在|还有|仍有|尚有)[^。！？!?，,]{0,12}?"
    r"(?:问题|不足|短板|困难|弱项))(?P<cue>诸如|比如|例如|譬如|如)"
    r"(?P<list>[^。！？!?]{6,200}?)等(?:等)?(?:方面)?(?:的)?(?:问题|不足|短板|困难|差距)?"
    r"(?=[。；;！!，,]|$)"
)


_INLINE_PROBLEM_LABEL_RE = re.compile(
    r"(?P<cue>存在的?(?:主要)?问题|主要问题|问题清单)\s*[：:]?\s*(?=1\s*[、.．])"
)
_INLINE_ARABIC_RE = re.compile(r"(?<![\d.．])(\d{1,2})\s*[、．]")


def _labelled_inline_problems(text: str) -> tuple[str, list[tuple[str, int, int]]] | None:
    """A page flattened into one paragraph: '…（一）存在的问题1、A。…2、B。…' — the label is
    followed at once by items numbered 1、2、…, which run to the next number (or to the end of
    the paragraph, or to the next heading-like number such as '（二）')."""
    label = _INLINE_PROBLEM_LABEL_RE.search(text)
    if label is None:
        return None
    marks = []
    expected = 1
    for mark in _INLINE_ARABIC_RE.finditer(text, label.end()):
        if int(mark.group(1)) == expected:
            marks.append(mark)
            expected += 1
    spans: list[tuple[str, int, int]] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        stop = _INLINE_NUMBER_RE.search(text, mark.end(), end)
        start, end = _trim(text, mark.end(), stop.start() if stop else end)
        if end - start >= 4:
            spans.append((mark.group(0).strip(), start, end))
    return (label.group("cue"), spans) if spans else None


def _problem_from_span(
    marker: str | None, text: str, start: int, end: int, paragraph: Paragraph, reason: str
) -> ProblemItem:
    title, body = split_title(text[start:end])
    return ProblemItem(marker, title.rstrip("。；;，,"), paragraph, body, reason)


_INLINE_NUMBER_RE = re.compile(r"[（(]([一二三四五六七八九十]{1,2})[）)]")
_MEASURE_LABEL_RE = re.compile(r"整改(?:措施|情况|结果|进展|落实情况)\s*[：:]")


def _rectification_problems(body: Sequence[Paragraph]) -> Section | None:
    """A rectification report written '(一)<problem>。整改措施：…(二)<problem>。整改措施：…' inside
    running paragraphs: each problem is what stands between its number and the measures' label.
    The numbers must run 一, 二, 三… through the document, and at least two must be found."""
    items: list[ProblemItem] = []
    expected = 1
    for paragraph in body:
        text = paragraph.text
        marks = list(_INLINE_NUMBER_RE.finditer(text))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            label = _MEASURE_LABEL_RE.search(text, mark.end(), end)
            if label is None or parse_chinese_numeral(mark.group(1)) != expected:
                continue
            start, stop = _trim(text, mark.end(), label.start())
            if stop - start < 4:
                continue
            items.append(
                ProblemItem(
                    mark.group(0), text[start:stop], paragraph, reason="问题在“整改措施：”之前"
                )
            )
            expected += 1
    if len(items) < 2:
        return None
    return Section(
        "整改问题", items, items[0].paragraph, "问题段落：按“（一）问题……整改措施：”识别"
    )


def _example_list(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """'……还存在一定的差距，诸如A，B，C、D等。': the shortcomings the body admits, given as
    examples inside one sentence. Clauses are cut at commas; a clause is cut further at '、'
    only when every piece is a clause of its own (five characters or more), so that '文化、
    教育等设施' stays whole."""
    match = _EXAMPLE_LIST_RE.search(text)
    if match is None or _PROBLEM_INTRO_NEGATIVE_RE.search(match.group("intro")):
        return None
    spans: list[tuple[int, int]] = []
    for start, end in _split_clauses(text, match.start("list"), match.end("list"), "，,；;"):
        pieces = _split_clauses(text, start, end, "、")
        if len(pieces) > 1 and all(e - s >= 5 for s, e in pieces):
            spans.extend(pieces)
        else:
            spans.append((start, end))
    spans = [(s, e) for s, e in spans if e - s >= 3]
    return (match.group("cue"), spans) if len(spans) >= 2 else None


def _broken_enumeration(body: Sequence[Paragraph], position: int, list_start: int) -> str:
    """The next paragraph's text when the list written after an intro ('…问题：一是…；') holds
    only its point 一 and the next paragraph, opening with no mark or number of its own, goes
    on to point 二 ('有的…。二是…'): a line end broke point 一, not the list. Else ''."""
    text = body[position].text
    if position + 1 >= len(body) or list_start >= len(text):
        return ""
    marks = [m.group(1) for m in _ENUM_MARKER_RE.finditer(text, list_start)]
    following = body[position + 1].text
    if marks != ["一"] or _list_marker(following) is not None or _ENUM_START_RE.match(following):
        return ""
    return following if re.search(r"(?<![\u4e00-\u9fff])二是", following) else ""


# '安全生产方面，' opening a group of a problems list told by field.
_FIELD_GROUP_RE = re.compile(r"\s*(?P<field>[^，,。；;：:！？!?\s]{2,10}方面)\s*[，,：:]\s*")


def _field_groups(
    body: Sequence[Paragraph], position: int, start: int
) -> tuple[list[ProblemItem], int] | None:
    """After a problems intro ending in a colon, the problems told field by field ('安全生产方面，
    A，B；食药安全方面，C；生态环保方面，D。'), often with the lines broken inside the clauses:
    the text from ``start`` of paragraph ``position`` — with the lines after it up to the first
    sentence end when the intro ends its line — is cut at '；' and '。'; each group opening
    with a field is one problem (the writer's one point; its comma clauses stay together), up to
    a group opening with none. Two fields at least, the first group opening with one. One field
    a line is left to the readers of paragraph lists."""
    paragraph = body[position]
    pieces = [paragraph.text[start:]]
    after = position + 1
    if not pieces[0].strip():
        pieces = []
        while after < len(body) and len(pieces) < 40:
            line = body[after].text.strip()
            if (
                not line
                or _match_heading(body[after]) is not None
                or (_COLON_LABEL_RE.match(line) is not None and not _FIELD_GROUP_RE.match(line))
            ):
                # A heading or a label ('附件：…') is no part of the list.
                break
            pieces.append(line)
            after += 1
            if line.endswith(tuple(_FULL_STOPS)):
                break
    if len(pieces) > 1 and all(_FIELD_GROUP_RE.match(line) for line in pieces):
        # One field a line: the paragraph-list readers read it (and a cut last line).
        return None
    text = "".join(pieces)
    if after > position + 1:
        # The list's own lines: the items point at its first.
        paragraph = body[position + 1]
    groups = _split_clauses(text, 0, len(text), "；;" + _FULL_STOPS)
    if not groups or _FIELD_GROUP_RE.match(text, groups[0][0]) is None:
        return None
    fields = [m for s, _ in groups if (m := _FIELD_GROUP_RE.match(text, s)) is not None]
    if len(fields) < 2:
        return None
    joined = Paragraph(paragraph.index, text, paragraph.locator, paragraph.style)
    items = []
    field = ""
    for s, e in groups:
        opening = _FIELD_GROUP_RE.match(text, s)
        if opening is None:
            # The list ends where a group opens with no field ('今年下半年，我们将…').
            break
        field, s = opening.group("field"), opening.end()
        s, e = _trim(text, s, e)
        if e - s >= 4:
            reason = f"按领域分组（“{field}，”），以“；”分隔的一组是一个问题"
            items.append(ProblemItem(None, text[s:e], joined, reason=reason))
    return (items, after) if len(items) >= 2 else None


def _intro_items(
    body: Sequence[Paragraph], position: int, intro: _Intro, *, plan: bool
) -> tuple[list[Any], int] | None:
    paragraph = body[position]
    text = paragraph.text
    after = position + 1
    if not plan and (by_field := _field_groups(body, position, intro.list_start)) is not None:
        return by_field
    broken = "" if plan else _broken_enumeration(body, position, intro.list_start)
    if broken:
        # '…问题：一是A。…；' / '有的…。二是B…' — a line end inside point 一 split the list.
        text = text + broken
        paragraph = Paragraph(paragraph.index, text, paragraph.locator, paragraph.style)
        after = position + 2
    if intro.list_start < len(text):
        spans, reason = _inline_list(text, intro.list_start)
        if not spans:
            return None
        if broken:
            reason += "（“一是”一条在行末断开，下一段接着写到“二是”，合为一段读）"
        if plan:
            return [_plan_from_span(m, text, s, e, paragraph, reason) for m, s, e in spans], (
                position + 1
            )
        result = []
        for marker, s, e in spans:
            s, e = _strip_framing(text, s, e)
            if e - s >= 2:
                result.append(ProblemItem(marker, text[s:e], paragraph, reason=reason))
        return (result, after) if result else None
    entries, after = _following_list(body, position + 1)
    if not entries:
        entries, after = _unmarked_list(body, position + 1)
        if not entries:
            return None
        reason = "“以下”之后的各段，每段一项（无编号）"
        if plan:
            return [_entry_plan(entry, reason) for entry in entries], after
        return [_entry_problem(entry, reason) for entry in entries], after
    kind = _list_marker(body[position + 1].text) or ""
    reason = {
        "ordinal": "按“首先、其次”分段",
        "enum": "按“一是、二是”拆分",
        "bullet": "按项目符号拆分",
    }.get(kind, "编号段落")
    if plan:
        return [_entry_plan(entry, reason) for entry in entries], after
    return [_entry_problem(entry, reason) for entry in entries], after


# --- traditional characters in the output ---------------------------------------------------


class _Restorer:
    """Maps strings the parser cut from the simplified view back to the document's characters.

    Conversion is character for character, so a string found at offset N of the simplified
    text is the document's text at offset N.
    """

    def __init__(self, original: Sequence[Paragraph], simplified: Sequence[Paragraph]) -> None:
        self.simplified = "\n".join(p.text for p in simplified)
        self.original = "\n".join(p.text for p in original)
        self.by_index = {p.index: p for p in original}

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        lines = []
        for line in value.split("\n"):
            at = self.simplified.find(line) if line else -1
            if at < 0 and "：" in line:
                # '关于…问题：同意…': a title composed of a topic and a decision (minutes).
                lines.append("：".join(self.text(part) or part for part in line.split("：")))
                continue
            lines.append(self.original[at : at + len(line)] if at >= 0 else line)
        return "\n".join(lines)

    def quoted(self, value: str) -> str:
        return re.sub(r"“([^”]*)”", lambda m: f"“{self.text(m.group(1))}”", value)

    def paragraph(self, paragraph: Paragraph) -> Paragraph:
        return self.by_index.get(paragraph.index, paragraph)

    def apply(self, report: ParsedReport) -> None:
        report.title = self.text(report.title)
        report.organization = self.text(report.organization)
        for section in (report.plan_section, report.problem_section):
            if section is None:
                continue
            section.heading = self.text(section.heading) or section.heading
            section.reason = self.quoted(section.reason)
            if section.paragraph is not None:
                section.paragraph = self.paragraph(section.paragraph)
            for item in section.items:
                if isinstance(item, PlanItem):
                    item.title = self.text(item.title) or item.title
                else:
                    item.text = self.text(item.text) or item.text
                item.body = self.text(item.body) or item.body
                item.reason = self.quoted(item.reason)
                item.paragraph = self.paragraph(item.paragraph)
        for root in report.outline:
            for node in root.walk():
                node.heading.title = self.text(node.heading.title) or node.heading.title
                node.heading.body = self.text(node.heading.body) or node.heading.body
                node.paragraph = self.paragraph(node.paragraph)
        report.warnings = [self.quoted(w) for w in report.warnings]


# --- a report run together in one paragraph ----------------------------------------------

# Pieces cut out of a run-on paragraph carry this style (never a Word style name).
_RUN_ON_STYLE = "行文拆分"
# '…。二、存在问题…': a top-level number at the start of the text, after a sentence end, or
# after a space (a flattened page: '…规范性文件 2 0 五、存在的主要问题…').
_INLINE_TOP_RE = re.compile(
    r"(?:^|(?<=[。！？!?；;：:\s]))\s*(?P<mark>(?P<num>[一二三四五六七八九十]{1,3})\s*、)"
)
# '…。（二）下一步打算1.…' in a fragment whose top level is '（一）': tried when '一、' gives none.
_INLINE_PAREN_TOP_RE = re.compile(
    r"(?:^|(?<=[。！？!?；;\s]))\s*(?P<mark>[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)])"
)
# The first item straight after a run-on heading's name: '存在问题(一)…', '下一步打算1、…',
# '主要措施一是…'.
_FIRST_ITEM_RE = re.compile(
    r"[（(]\s*[一1１]\s*[）)]|[1１]\s*[、.．](?![0-9])|一是|一要|首先|第一[，,、]"
)
_SUB_ITEM_RES = (
    re.compile(r"[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]"),
    re.compile(r"[（(]\s*(?P<num>\d{1,2})\s*[）)]"),
    re.compile(r"(?<![0-9.．])(?P<num>\d{1,2})\s*[、.．](?![0-9])"),
)
_YEAR_START_RE = re.compile(r"\s*(?:\d{4}|\d{2,3}[xX×]{1,2}|[xX×]{4}|20[xX×]{2})\s*年")
_PUNCTUATION = '，,。；;：:！？!?、“”"（）()《》'


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese_numeral(text)


def _names_a_section(text: str, start: int) -> bool:
    """Whether the words after a run-on heading's number name a problem or plan section
    ('存在问题', '下一步工作计划', '存在的主要问题2019年…')."""
    if _SECTION_PREFIX_RE.match(text, start):
        return True
    window = text[start : start + 24]
    first = _FIRST_ITEM_RE.search(window)
    end = first.start() if first else len(window)
    end = min([end, *(i for i, ch in enumerate(window) if ch in _PUNCTUATION)])
    titles = [window[:end]]
    named = _NAME_INTO_SENTENCE_RE.match(text, start, start + 48)
    if named is not None and named.end() - start < len(titles[0]):
        # '下一步工作要求希望各单位…，': the name up to its last section word.
        titles.append(text[start : named.end()])
    return any(
        _problem_strength(title) or _plan_strength(title, None) or _CAUSE_HEADING_RE.search(title)
        for title in titles
    )


# A run-on heading's name up to its last section word ('下一步工作要求', '尚未整改的问题及措施'),
# followed by two characters or more that reach the clause's end: the first sentence.
_NAME_INTO_SENTENCE_RE = re.compile(
    r"[^，,。；;：:！？!?\s]{0,22}(?:情况|要求|打算|计划|安排|措施|成效|问题|不足|建议|思路|任务)"
    r"(?=[^，,。；;：:！？!?、\s]{2,}[，,。；;：:！？!?])"
)
_NAME_TURN_RE = re.compile(r"(?:下一步|下步|下一阶段|下阶段|今后|明年|新的一年)\s*[，,]")


def _name_before_turn(text: str, start: int) -> int | None:
    """'下阶段主要工作措施下阶段,我镇将…': the name ends where a sentence opened by a turn word
    ('下阶段,') begins."""
    turn = _NAME_TURN_RE.search(text, start + 4, start + 30)
    if turn is None or any(ch in _PUNCTUATION for ch in text[start : turn.start()]):
        return None
    name = text[start : turn.start()]
    return turn.start() if _plan_strength(name, None) > 1 or _problem_strength(name) > 1 else None


def _surely_a_section(text: str, start: int) -> bool:
    end = _name_before_turn(text, start)
    if end is None:
        return False
    rest = text[start:]
    return bool(re.search(r"(?<=[。！？])\s*1\s*、", rest)) and bool(
        re.search(r"(?<=[。！？])\s*2\s*、", rest)
    )


def _run_on_cuts(paragraphs: Sequence[Paragraph], top: re.Pattern[str]) -> dict[int, list[int]]:
    """Where to cut run-on paragraphs, by position in the list: the offsets of top-level
    headings written inside the running text. They must form the document's heading
    sequence — '一、', '二、', '三、'… in order (continuing a numbered paragraph before them is
    allowed), with at least two inside running text, and one of them must name a problem or
    plan section; a lone '三、' after a full stop, or numbers out of order, are no headings."""
    candidates: list[tuple[int, int, int]] = []  # (position, offset, value)
    mark_ends: dict[tuple[int, int], int] = {}
    for position, paragraph in enumerate(paragraphs):
        for match in top.finditer(paragraph.text):
            value = parse_chinese_numeral(match.group("num"))
            if value:
                candidates.append((position, match.start("mark"), value))
                mark_ends[(position, match.start("mark"))] = match.end("mark")
    inline_count = sum(1 for _, offset, _ in candidates if offset > 0)
    if inline_count == 1:
        # '…3、应急队伍建设有待加强。…。三、下阶段主要工作措施下阶段,我镇将…1、…2、…': one
        # heading in running text, a page fragment's only one, when it surely names the plan or
        # problems and its own items '1、…2、…' follow it.
        position, offset, _ = next(c for c in candidates if c[1] > 0)
        if _surely_a_section(paragraphs[position].text, mark_ends[(position, offset)]):
            return {position: [offset]}
        return {}
    if inline_count < 2:
        return {}
    chains: list[list[tuple[int, int, int]]] = []
    for candidate in candidates:
        for chain in chains:
            if chain[-1][2] + 1 == candidate[2]:
                chain.append(candidate)
                break
        else:
            chains.append([candidate])
    best = max(chains, key=lambda chain: sum(1 for _, offset, _ in chain if offset > 0))
    inline = [(position, offset) for position, offset, _ in best if offset > 0]
    if len(inline) < 2:
        return {}
    if not any(_names_a_section(paragraphs[place[0]].text, mark_ends[place]) for place in inline):
        return {}
    cuts: dict[int, list[int]] = {}
    for position, offset in inline:
        cuts.setdefault(position, []).append(offset)
    return cuts


# The sentence a run-on heading's name runs into, opened by a date or a frame: '截至2021年11月，',
# '根据…', '2021年…', '11月份…'.
_DATED_OPENING_RE = re.compile(r"(?:截至|截止|截止到|根据|按照|今年|目前)|\d{4}\s*年|\d{1,2}\s*月")


def _dated_name_start(text: str) -> int | None:
    """'三、尚未整改到位的问题及措施截至2021年11月，…' opening a paragraph (a text whose line
    breaks were lost): where the sentence after the heading's name begins, when the name ends
    at a section word, names a problem or plan part, and the sentence opens with a date or a
    frame ('截至', '根据'); else None."""
    if len(text) < 40:
        return None
    top = _INLINE_TOP_RE.match(text)
    if top is None:
        return None
    named = _NAME_INTO_SENTENCE_RE.match(text, top.end())
    if (
        named is None
        or not _DATED_OPENING_RE.match(text, named.end())
        or not _names_a_section(text[: named.end()], top.end())
    ):
        return None
    return named.end()


def _heading_cuts(text: str, pattern: re.Pattern[str]) -> list[int]:
    """Inside a piece that starts with a run-on heading ('二、存在问题(一)A。(二)B。'): where its
    name ends, and where its numbered items start (a sequence 1, 2, 3… after sentence ends)."""
    top = pattern.match(text)
    if top is None:
        return []
    cuts: list[int] = []
    name_end = top.end()
    first = _FIRST_ITEM_RE.search(text, top.end(), top.end() + 24)
    if (
        first is not None
        and first.start() - top.end() >= 2
        and not any(ch in _PUNCTUATION for ch in text[top.end() : first.start()])
    ):
        name_end = first.start()
        cuts.append(name_end)
    elif (space := re.compile(r"\s").search(text, top.end(), top.end() + 30)) is not None and (
        space.start() - top.end() >= 2
        and not any(ch in _PUNCTUATION for ch in text[top.end() : space.start()])
        and _names_a_section(text[: space.start()], top.end())
    ):
        # '五、存在的主要问题及改进情况 2023年，…' on a flattened page: the space ends the name.
        name_end = space.start()
        cuts.append(name_end)
    elif (turn := _name_before_turn(text, top.end())) is not None:
        name_end = turn
        cuts.append(name_end)
    else:
        prefix = _SECTION_PREFIX_RE.match(text, top.end())
        named = _NAME_INTO_SENTENCE_RE.match(text, top.end())
        if prefix is not None and _YEAR_START_RE.match(text, prefix.end()):
            # '五、存在的主要问题2019年，我局…': the name runs into a sentence opened by a year.
            name_end = prefix.end()
            cuts.append(name_end)
        elif named is not None and _names_a_section(text[: named.end()], top.end()):
            # '二、下一步工作要求希望各单位…，…' (a text whose line breaks were lost): the name
            # ends at its last section word, the rest of the clause is the first sentence.
            name_end = named.end()
            cuts.append(name_end)
    for sub in _SUB_ITEM_RES[1:] if pattern is _INLINE_PAREN_TOP_RE else _SUB_ITEM_RES:
        expected = 1
        found: list[int] = []
        for match in sub.finditer(text, name_end):
            before = text[: match.start()].rstrip()
            starts = (
                match.start() == name_end
                or before.endswith(tuple("。！？!?；;"))
                # '…1项问题未整改到位。其中：（1）…' — the items after '其中：'
                or (expected == 1 and re.search(r"。其中[：:]$", before) is not None)
            )
            if starts and _number(match.group("num")) == expected:
                found.append(match.start())
                expected += 1
        if len(found) >= 2 or (found and found[0] == name_end):
            cuts.extend(offset for offset in found if offset != name_end)
            break
    return sorted(set(cuts))


def _split_run_on(
    original: list[Paragraph], simplified: list[Paragraph]
) -> tuple[list[Paragraph], list[Paragraph]]:
    """A report run together in one paragraph (or a few long ones), its numbered headings
    inside the running text ('…完工率90%。二、存在问题(一)…三、下一步工作计划(一)…'), is cut at
    those headings, and each such heading at its name and at its numbered items, so that it
    is read as usual. The pieces keep the paragraph's index and locator (the preview still
    points at the paragraph) and carry the style '行文拆分', which the reasons mention. Cuts
    are found in the simplified text and applied to both lists (same lengths)."""
    cuts: dict[int, list[int]] = {}
    for top in (_INLINE_TOP_RE, _INLINE_PAREN_TOP_RE):
        cuts = _run_on_cuts(simplified, top)
        if cuts:
            break
    if not cuts:
        top = _INLINE_TOP_RE
        cuts = {
            position: [0]
            for position, paragraph in enumerate(simplified)
            if _dated_name_start(paragraph.text) is not None
        }
    if not cuts:
        return original, simplified
    new_original: list[Paragraph] = []
    new_simplified: list[Paragraph] = []
    for position, (source, plain) in enumerate(zip(original, simplified, strict=True)):
        offsets = cuts.get(position)
        if not offsets:
            new_original.append(source)
            new_simplified.append(plain)
            continue
        bounds = sorted({0, *offsets})
        pieces: list[tuple[int, int]] = []
        for i, start in enumerate(bounds):
            end = bounds[i + 1] if i + 1 < len(bounds) else len(plain.text)
            inner = [start + cut for cut in _heading_cuts(plain.text[start:end], top)]
            points = [start, *inner, end]
            pieces += list(zip(points, points[1:], strict=False))
        for start, end in pieces:
            text = plain.text[start:end].strip()
            if not text:
                continue
            lead = len(plain.text[start:end]) - len(plain.text[start:end].lstrip())
            stop = start + lead + len(text)
            new_simplified.append(Paragraph(plain.index, text, plain.locator, _RUN_ON_STYLE))
            new_original.append(
                Paragraph(
                    source.index, source.text[start + lead : stop], source.locator, _RUN_ON_STYLE
                )
            )
    return new_original, new_simplified


# '1、A；2、B；3、C。' / '（1）A。（2）B。' / '①A；②B' on one line: a numbered list whose items
# were not given lines of their own.
_LINE_LIST_RES = (
    re.compile(r"(?P<mark>(?P<num>\d{1,2})\s*[、.．](?![0-9]))"),
    re.compile(r"(?P<mark>[（(]\s*(?P<num>\d{1,2})\s*[）)])"),
    re.compile(r"(?P<mark>[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)])"),
    re.compile(r"(?P<mark>(?P<num>[\u2460-\u2473]))"),
)


def _list_value(num: str) -> int | None:
    if len(num) == 1 and 0x2460 <= ord(num) <= 0x2473:
        return ord(num) - 0x2460 + 1
    return _number(num)


def _line_list_cuts(text: str) -> list[int]:
    """Where the further items of a numbered list written on one line start: the paragraph
    opens with an item ('1、A；'), and items numbered on from it follow after a full stop or
    semicolon ('2、B；3、C。'). Returns [] when there are none."""
    for pattern in _LINE_LIST_RES:
        first = pattern.match(text)
        if first is None:
            continue
        expected = _list_value(first.group("num"))
        if expected is None:
            return []
        if pattern is _LINE_LIST_RES[0] and expected == 1 and "2" in text:
            # '1.强化组织领导2.健全…。3.加强…': some numbers straight after a word.
            marks, tight = _run_on_marks(text, 0)
            if tight and marks:
                return [mark.start() for mark in marks[1:]]
        cuts: list[int] = []
        for match in pattern.finditer(text, first.end()):
            before = text[: match.start()].rstrip()
            if before.endswith(tuple("。；;！？!?")) and _list_value(match.group("num")) == (
                expected + 1
            ):
                cuts.append(match.start())
                expected += 1
        return cuts
    return []


def _split_inline_lists(
    original: list[Paragraph], simplified: list[Paragraph]
) -> tuple[list[Paragraph], list[Paragraph]]:
    """Each item of a numbered list written on one line becomes a paragraph of its own (same
    index and locator), so that it is read like a list written one item a line."""
    new_original: list[Paragraph] = []
    new_simplified: list[Paragraph] = []
    for source, plain in zip(original, simplified, strict=True):
        cuts = _line_list_cuts(plain.text)
        if not cuts:
            new_original.append(source)
            new_simplified.append(plain)
            continue
        bounds = [0, *cuts, len(plain.text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            piece = plain.text[start:end]
            lead = len(piece) - len(piece.lstrip())
            stop = start + len(piece.rstrip())
            if stop <= start + lead:
                continue
            new_simplified.append(
                Paragraph(plain.index, plain.text[start + lead : stop], plain.locator, plain.style)
            )
            new_original.append(
                Paragraph(
                    source.index, source.text[start + lead : stop], source.locator, source.style
                )
            )
    return new_original, new_simplified


# --- the parser -----------------------------------------------------------------------------


def _normalised(paragraphs: list[Paragraph] | str) -> list[Paragraph]:
    if isinstance(paragraphs, str):
        return _text_to_paragraphs(paragraphs)
    # Callers may pass paragraphs from elsewhere; make sure the text is normalised.
    result = [
        p
        if p.text == normalise_text(p.text)
        else Paragraph(p.index, normalise_text(p.text), p.locator, p.style)
        for p in paragraphs
    ]
    return [p for p in result if p.text]


def _without_watermarks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Site watermarks appended to paragraphs are left out of what is parsed (the stored text
    keeps them; the preview marks them as site furniture). A paragraph that is nothing but a
    watermark stays, and is dropped as chrome."""
    result = []
    for paragraph in paragraphs:
        text, mark = strip_watermark(paragraph.text)
        if mark and text:
            paragraph = Paragraph(paragraph.index, text, paragraph.locator, paragraph.style)
        result.append(paragraph)
    return result


def parse_report(paragraphs: list[Paragraph] | str) -> ParsedReport:
    """Parse a report's paragraphs (or its plain text, split by lines) into a ParsedReport.

    Traditional characters are matched through OpenCC's character table; the result keeps
    the document's own characters. Never raises on any text: what it cannot find is None,
    with a Chinese warning saying what a supervisor should check.
    """
    original = _without_watermarks(_normalised(paragraphs))
    simplified = [
        p
        if (s := to_simplified(fold_radicals(p.text))) == p.text
        else Paragraph(p.index, s, p.locator, p.style)
        for p in original
    ]
    converted = any(a is not b for a, b in zip(original, simplified, strict=True))
    original, simplified = split_title_block(original, simplified)
    whole = simplified
    original, simplified = _split_run_on(original, simplified)
    original, simplified = _split_inline_lists(original, simplified)
    annex = _annex_tasks(simplified)
    if annex is None:
        report = _parse(simplified, whole)
    else:
        # The report proper ends where its annex starts; the annex's tasks join its plan.
        report = _parse(simplified[: annex[0]], whole)
        _add_annex_tasks(report, annex[1])
    if converted:
        _Restorer(original, simplified).apply(report)
    _fill_assignments(report)
    link_problems_to_plans(report)
    return report


# Words every plan and problem shares; a match on them says nothing about the matter.
_GENERIC_RE = re.compile(
    r"进一步|加强|推进|推动|深化|完善|提升|提高|强化|落实|建设|工作|管理|不够|不足|有待|还需|"
    r"需要|问题|部分|相关|有关|持续|全面|切实|积极|深入|能力|水平|机制|体系|制度"
)
_QUOTED_RE = re.compile(r"“([^”]{2,12})”|《([^》]{2,30})》")


def _add_annex_tasks(report: ParsedReport, annex: Section) -> None:
    """The tasks an annex lists join the plan found in the report proper, or are the plan (a
    notice's general requirements before them are none); a news item proposes nothing."""
    if report.document_kind != "report":
        return
    if report.plan_section is None:
        report.plan_section = annex
        report.warnings = [w for w in report.warnings if not w.startswith("未找到下一步工作计划")]
    else:
        report.plan_section.items += annex.items
        report.plan_section.reason += (
            f"；附件“{annex.heading}”所列的{len(annex.items)}个编号事项也是要办的任务"
        )


def link_problems_to_plans(report: ParsedReport) -> None:
    """Propose, for each problem, the plan item that addresses the same matter: one sharing a
    quoted term ('“放管服”', '《条例》') or, failing that, a distinctive four-character stretch
    found in that plan item only. A proposal, shown with its term; the user decides."""
    if report.plan_section is None or report.problem_section is None:
        return
    plans = [to_simplified(f"{item.title}\n{item.body}") for item in report.plan_section.items]
    for problem in report.problem_section.items:
        if not isinstance(problem, ProblemItem):
            continue
        text = to_simplified(problem.text)
        found: tuple[int, str] | None = None
        for match in _QUOTED_RE.finditer(text):
            term = match.group(1) or match.group(2)
            holders = [i for i, plan in enumerate(plans) if term in plan]
            if len(holders) == 1:
                found = (holders[0], term)
                break
        if found is None:
            core = _GENERIC_RE.sub("|", text)
            grams = {
                piece[i : i + 4]
                for piece in re.split(r"[|\W]+", core)
                for i in range(len(piece) - 3)
            }
            for gram in sorted(grams, key=text.find):
                holders = [i for i, plan in enumerate(plans) if gram in plan]
                if len(holders) == 1:
                    found = (holders[0], gram)
                    break
        problem.related_plan = found


# A plan section's heading naming work to come ('二、2027年工作打算', '三、下步措施', '会议议定事项',
# an intro '我们将重点抓好以下工作'):
# its items' limits are deadlines even where an item also tells work done (r15c).
_PLAN_ROLE_HEADING_RE = re.compile(
    r"打算|计划|安排|要点|思路|措施|举措|下一步|下步|下阶段|今后|明年|工作重点|重点任务|工作要求|"
    r"整改要求|议定|决定"
)


def _fill_assignments(report: ParsedReport, *, issued_on: dt.date | None = None) -> None:
    """'由X牵头、Y配合，于Z前完成' inside an item fills its lead, co-operating units, deadline.
    Under a heading naming work to come the item is a plan whatever its words; elsewhere (a
    problem, a plan found without such a heading) a text reporting work done names no deadline
    (phrases.reports_work_done). A limit without a year is in the plan year (an annual
    report's plan is next year's) or, given ``issued_on`` (minutes, a bulletin, a notice), the
    first such date on or after the document's date (phrases.parse_deadline)."""
    for section in (report.plan_section, report.problem_section):
        if section is None:
            continue
        heading = to_simplified(section.heading)
        planned = (
            True
            if section is report.plan_section
            and (_PLAN_ROLE_HEADING_RE.search(heading) or names_work_to_come(heading))
            else None
        )
        for item in section.items:
            text = f"{getattr(item, 'title', '') or getattr(item, 'text', '')}\n{item.body}"
            assignment = parse_assignment(
                text, year=report.plan_year, planned=planned, issued_on=issued_on
            )
            item.assignment = assignment if assignment else None
    report.limits_from_issue = issued_on is not None


# '审计发现的主要问题', '巡察反馈的问题': what an auditor or inspector found in others.
_FINDINGS_HEADING_RE = re.compile(
    r"^(?:审计|检查|巡察|巡视|督查|督察|评估|考核|核查)(?:中|工作中)?(?:发现|查出|反馈|指出)(?:的)?"
    r"(?:主要|重要|突出)?问题"
)


def _parse(paragraphs: list[Paragraph], whole: Sequence[Paragraph] | None = None) -> ParsedReport:
    """``whole``: the paragraphs before run-on text was split at its headings (a news item is
    judged on them)."""
    warnings: list[str] = []
    frame = _find_frame(paragraphs)
    roots, _preamble = _build_outline(frame.body)

    title = "".join(p.text for p in frame.title_lines) or None
    # A speech's head: the title shown is without the speaker (and without a subtitle giving
    # only the date and the meeting); the years are still read from the whole head.
    head = read_title_block([p.text for p in frame.title_lines])
    shown_title = head.title or title
    issued_on = frame.issued_on
    if issued_on is None and head.delivered_on is not None:
        issued_on = head.delivered_on
        warnings.append(
            f"成文日期取自副标题“{head.subtitle}”（讲话或报告的日期），请核对。"
            if head.delivered_on == parse_written_date(head.subtitle or "")
            else f"成文日期取自标题下的日期（讲话或报告的日期）：{issued_on.year}年{issued_on.month}月{issued_on.day}日，请核对。"
        )
    if issued_on is None and frame.printed_on is not None:
        # No signature date, none under the title: the printing date at the foot is the date
        # the document was issued, and counts as a signature's would.
        issued_on = frame.printed_on
        warnings.append(printed_date_note(issued_on))
    organization = frame.organization
    if organization is None and title and "关于" in title:
        prefix = title.split("关于", 1)[0].strip()
        organization = prefix if 2 <= len(prefix) <= 40 else None
    report_year = _report_year(title, roots, frame.issued_on or frame.printed_on)
    reviewed = _reviewed_year(title, roots)
    year_reason: str | None = None
    if reviewed is not None:
        report_year, year_reason = reviewed
    hashed = frame.title_lines + frame.body
    content_sha256 = _content_sha256(hashed or paragraphs)

    not_report = not_a_report(whole if whole is not None else paragraphs)
    if not_report is not None:
        warnings.append(
            f"{not_report}，看起来不是本单位的工作报告，未提取工作计划和问题；如需导入，请在预览中手动标记。"
        )
        return ParsedReport(
            title=shown_title,
            organization=organization,
            report_year=report_year,
            plan_year=report_year + 1 if report_year else None,
            issued_on=issued_on,
            plan_section=None,
            problem_section=None,
            outline=roots,
            warnings=warnings,
            content_sha256=content_sha256,
            document_kind="news",
        )

    nodes = [node for root in roots for node in root.walk()]
    # A plain '工作计划' or a heading merely mentioning 问题 counts only at the top level; deeper
    # down such words are usually achievements ('制定工作计划', '坚持问题导向').
    # '今年' in a heading is the plan year only in a report delivered after the year it reviews.
    this_year = (
        issued_on.year
        if issued_on is not None and report_year is not None and issued_on.year > report_year
        else None
    )
    plan_candidates = [
        (n, s)
        for n in nodes
        if (s := _plan_strength(n.heading.title, report_year, this_year))
        and (s > 1 or n.level == 1)
    ]
    # Nodes whose points are no problems of the writer's: under '三、存在问题的主要原因' the
    # sub-headings ('（一）思想认识存在差距') are causes.
    not_own = {id(d) for n in nodes if _is_cause(n) for d in n.walk() if d is not n}
    # '二、审计发现的主要问题' in an audit's own announcement: findings about the audited, no
    # problem of the writer's (the audited body's rectification report says 整改 at its head).
    findings = (
        []
        if any("整改" in to_simplified(p.text) for p in [*frame.title_lines, *frame.body[:5]])
        else [n for n in nodes if _FINDINGS_HEADING_RE.match(n.heading.title)]
    )
    for node in findings:
        not_own.update(id(d) for d in node.walk())
        warnings.append(
            f"“{node.label()}”是检查或审计对被审计（被检查）单位的发现，不是本单位的问题，未作为问题提取；"
            "如需导入，请在预览中手动标记。"
        )
    problem_candidates = [
        (n, s)
        for n in nodes
        if (s := _problem_strength(n.heading.title))
        and (s > 1 or n.level == 1)
        and id(n) not in not_own
    ]
    if not problem_candidates:
        # '（三）内部建设有待完善' opening with '…主要存在以下几个方面不足：' and its points below.
        problem_candidates = [
            (n, 1)
            for n in nodes
            if n.children
            and n.content
            and id(n) not in not_own
            and n.content[0].text.rstrip().endswith(("：", ":"))
            and _problem_intro(n.content[0].text, None) is not None
        ]
    if not plan_candidates and (by_opening := _plan_part_by_opening(roots, this_year)) is not None:
        plan_candidates = [(by_opening[0], 2)]
        report_year, year_reason = by_opening[1], by_opening[2]
    # A document that is itself a plan ('某镇2026年工作计划'): its task heading ('二、工作重点',
    # '三、主要任务') is the plan, not its aim ('一、工作思路').
    plan_document = _plan_document_title(frame)
    plan_document_reason: str | None = None
    if plan_document is not None:
        task_headings = [
            (n, 3)
            for n in roots
            if _PLAN_TASK_HEADING_RE.match(n.heading.title.rstrip("。.：:"))
            and (n.children or n.content)
        ]
        if task_headings:
            plan_candidates = task_headings
            plan_document_reason = f"全文是工作计划（标题“{plan_document}”）"
        elif _plan_document_tasks(roots, plan_document) is not None:
            # '一、工作思路' then '二、加快项目建设' '三、…': the aim gives way to the tasks.
            plan_candidates = [
                (n, s)
                for n, s in plan_candidates
                if not _PLAN_FRAME_HEADING_RE.search(n.heading.title)
            ]
    plan_node = _pick(plan_candidates, prefer_last=True)
    problem_node = _pick(problem_candidates, prefer_last=False)
    headed: list[_Node] = []
    if problem_node is None or _problem_strength(problem_node.heading.title) < 2:
        headed = _problem_headings(roots)
        if headed:
            problem_node = None
    # '1、针对…问题' in a rectification report merely mentions 问题: it is one of the findings
    # rectified, each a problem, and the work done under it none.
    targeted: Section | None = None
    if (
        problem_node is not None
        and _problem_strength(problem_node.heading.title) < 2
        and _TARGETED_FINDING_RE.match(problem_node.heading.title)
        and any("整改" in p.text for p in [*frame.title_lines, *frame.body[:5]])
    ):
        targeted = _quoted_problems(nodes)
        if targeted is not None and any(
            item.paragraph is problem_node.paragraph for item in targeted.items
        ):
            problem_node = None
        else:
            targeted = None

    # '（一）留守儿童心理问题有增多趋势。' merely mentions 问题: when it stands in a run of
    # headings that each name a shortfall, the run is the problems, not its first heading.
    run_found: tuple[Section | None, Section | None] = (None, None)
    if (
        problem_node is not None
        and not problem_node.children
        and _problem_strength(problem_node.heading.title) < 2
    ):
        run_found = _shortfall_runs(roots, not_own)
        if run_found[0] is not None and any(
            item.paragraph is problem_node.paragraph for item in run_found[0].items
        ):
            problem_node = None
        else:
            run_found = (None, None)

    plan_section: Section | None = None
    problem_section: Section | None = None
    if (
        plan_node is None
        and problem_node is not None
        and names_improvement(problem_node.heading.title)
        and problem_node.children
        and not any(_problem_strength(c.heading.title) for c in problem_node.children)
    ):
        # '五、存在的主要问题及改进情况' with its measures as '（一）…（二）…' sub-headings and
        # its problems in the paragraph before them: one heading for both.
        plan_node = problem_node
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
        elif (
            sub_plan is None
            and sub_problem is not None
            and _problem_strength(sub_problem.heading.title) > 1
            and combined.children[-1] is sub_problem
        ):
            # '十、主要问题和改进措施 （一）存在问题 …' with the measures' sub-heading not (yet)
            # there, as in a page fragment: the problems' sub-heading is the problem section.
            plan_node, problem_node = None, sub_problem
        else:
            plan_node = problem_node = None
            plan_section, problem_section = _combined_sections(combined, warnings)
    if problem_node is not None and problem_node.children and problem_node is not plan_node:
        # '四、存在的主要问题及改进情况 （一）存在的主要问题 … （二）改进措施 …': the problem heading
        # also holds the measures; its problem sub-heading is the problem section, and the
        # measures' sub-heading the plan (unless a plan heading was found elsewhere).
        plan_child = (
            plan_node
            if plan_node is not None and any(c is plan_node for c in problem_node.children)
            else _pick(
                [
                    (c, s)
                    for c in problem_node.children
                    if (
                        s := _plan_strength(c.heading.title, None)
                        or (1 if _IMPROVEMENT_PART_RE.match(c.heading.title) else 0)
                    )
                    and not _problem_strength(c.heading.title)
                ],
                prefer_last=True,
            )
        )
        if plan_child is not None:
            sub_problem = _pick(
                [
                    (c, s)
                    for c in problem_node.children
                    if c is not plan_child and (s := _problem_strength(c.heading.title)) > 1
                ],
                prefer_last=False,
            )
            if sub_problem is not None:
                problem_node = sub_problem
                if plan_node is None:
                    plan_node = plan_child
    if plan_node is not None:
        plan_section = Section(
            plan_node.label(),
            _plan_items(plan_node, warnings) or _restarted_points(roots, plan_node, warnings),
            plan_node.paragraph,
            _heading_reason(plan_node)
            if plan_document_reason is None
            else f"{plan_document_reason}：“{plan_node.label()}”下的各条是任务",
        )
        slogan = _slogan_plan(plan_node.heading.title, report_year)
        if slogan is not None:
            plan_section.reason += f"（标题末尾“{slogan}”部署的是要做的工作，不是回顾）"
        elif (
            "今年" in plan_node.heading.title
            and this_year is not None
            and _plan_strength(plan_node.heading.title, report_year, this_year)
            > _plan_strength(plan_node.heading.title, report_year)
        ):
            plan_section.reason += (
                f"（“今年”是报告所作的{this_year}年，报告回顾的是{report_year}年，所以这是计划）"
            )
        conduct = _own_conduct(roots, plan_node, warnings)
        if conduct is not None:
            node, extra = conduct
            plan_section.items += extra
            plan_section.reason += f"；其后“{node.label()}”（政府自身建设）的各条也是今年要做的工作"
    elif plan_document is not None and plan_section is None:
        plan_section = _plan_document_tasks(roots, plan_document)
    if problem_node is not None:
        problem_section = Section(
            problem_node.label(),
            _problem_items(problem_node, _problems_part(problem_node), warnings=warnings),
            problem_node.paragraph,
            _heading_reason(problem_node),
        )
    # '二、问题分析' with nothing under it (the page cut there): the shortfalls may be told
    # elsewhere ('一、…的现状 1.检查频次偏多：…'); the other rules look for them.
    empty_heading: Section | None = None
    if problem_section is not None and not problem_section.items:
        empty_heading, problem_section = problem_section, None
    if headed:
        problem_section = Section(
            headed[0].label(),
            [_problem_from_heading(node, "一级标题本身是一个问题（“…的问题”）") for node in headed],
            headed[0].paragraph,
            "根据一级标题识别：每个“…的问题”标题是一个问题，其下的原因和已采取的措施未作为问题",
        )
    if targeted is not None:
        problem_section = targeted
    if run_found[0] is not None:
        problem_section = run_found[0]
        plan_section = plan_section or run_found[1]
    if plan_section is None and not roots:
        plan_section = _work_plan_document([*frame.title_lines, *frame.body])
    if plan_section is None or problem_section is None:
        found_plan, found_problems = _headingless_sections(
            frame.body, want_plan=plan_section is None, want_problems=problem_section is None
        )
        if found_plan is not None and (progress := _targets_with_progress(found_plan)):
            warnings.append(
                f"“{found_plan.heading[:30]}”列出的是当年计划及其进度（其后“{progress}”），"
                "是在检查的目标，不是工作计划，未作为任务；如需导入，请在预览中手动标记。"
            )
            found_plan = None
        plan_section = plan_section or found_plan
        problem_section = problem_section or found_problems
    if plan_section is None and problem_node is not None:
        plan_section = _improvement_plan(problem_node, warnings)
    if plan_section is None and problem_node is not None:
        plan_section = _requirements_after_problems(roots, problem_node, warnings)
    if plan_section is None:
        plan_section = _unnumbered_plan_line(frame.body, roots, report_year, warnings)
    if plan_section is None:
        plan_section = _forward_points(frame.body)
    if plan_section is None:
        plan_section = _topic_next_steps(frame.body)
    if plan_section is None:
        plan_section = _directive_points(frame.body)
    if plan_section is None and roots:
        plan_section = _announced_speech_points(frame, roots)
    if plan_section is None and problem_section is None and not roots:
        plan_section = _points_only_plan(frame.body, title)
    if plan_section is None and problem_section is None and title is None:
        plan_section = _bare_task_list_plan(frame.body)
    if plan_section is not None and problem_section is None:
        plan_section, problem_section = _shortfall_points_in_plan(plan_section)
    if (
        plan_section is not None
        and (done := _years_work_told(plan_section, report_year)) is not None
    ):
        warnings.append(
            f"“{done}”写的是这一年在领导下推进的工作（没有“将、要、拟”），不是计划，"
            "未作为工作计划提取；如需导入，请在预览中手动标记。"
        )
        plan_section = None
    if problem_section is None and plan_section is not None and roots and _preamble:
        problem_section = _mid_list_problems(_preamble[0])
    if problem_section is None:
        problem_section = (
            _admitted_prose(frame.body)
            or _recognised_difficulties(frame.body)
            or _facing_difficulties(frame.body, plan_section)
        )
    if problem_section is None and title and "整改" in to_simplified(title):
        problem_section = _measured_problems(nodes)
    if problem_section is None and any(
        "整改" in p.text for p in [*frame.title_lines, *frame.body[:5]]
    ):
        problem_section = _quoted_problems(nodes)
    if problem_section is None:
        problem_section = (
            _admitted_points(frame.body)
            or _admitted_inline_list(frame.body)
            or _recognised_shortfalls(frame.body)
        )
    if problem_section is None:
        problem_section, run_plan = _shortfall_runs(roots, not_own)
        if plan_section is None:
            plan_section = run_plan
    if problem_section is None:
        problem_section = _shortfall_point_paragraphs(frame.body)
    if problem_section is None:
        problem_section = _balanced_points(roots, not_own)
    if problem_section is None:
        problem_section = _aspect_shortfalls(roots, not_own)
    if problem_section is None:
        # A self-criticism names its shortcomings under '一、原因分析' ('（一）工作重视不够。…').
        # Only when nothing else names problems: next to a problem heading the causes explain
        # the problems already found and are no further tasks.
        cause_node = next(
            (n for n in roots if _CAUSE_HEADING_RE.search(n.heading.title.rstrip("。.：:"))),
            None,
        )
        if cause_node is not None and "问题" not in cause_node.heading.title:
            # '三、存在问题的主要原因' presupposes problems stated elsewhere (cut, or not read):
            # its causes are no problems even then.
            items = _problem_items(cause_node, cause_node.content)
            if items:
                problem_section = Section(
                    cause_node.label(),
                    items,
                    cause_node.paragraph,
                    f"根据标题“{cause_node.label()}”识别：文中没有问题部分，原因分析所列的不足作为问题",
                )

    if problem_section is None:
        problem_section = _caused_shortfalls(frame.body) or _inline_causes(frame.body)

    # '…督查，发现A，B，具体情况如下：': the findings the sentence names, not the details' list
    # that a '如下' intro would take.
    named = (
        _findings_before_details(frame.body)
        if problem_section is None or "如下" in problem_section.heading
        else None
    )
    if named is not None and (
        problem_section is None
        or (
            problem_section.paragraph is not None
            and named.paragraph is not None
            and problem_section.paragraph.index == named.paragraph.index
        )
    ):
        problem_section = named

    # A rectification notice's findings, each followed by '整改情况：…': the problems, whatever
    # heading above them or word in them another rule read (a rule reading the same items keeps
    # its reason).
    if any("整改" in to_simplified(p.text) for p in [*frame.title_lines, *frame.body[:5]]):
        reported = _reported_findings(frame.body)
        if reported is not None and (
            problem_section is None
            or [item.text for item in problem_section.items]
            != [item.text for item in reported.items]
        ):
            problem_section = reported

    if problem_section is not None and empty_heading is not None:
        problem_section.reason += (
            f"（“{empty_heading.heading}”下没有可拆分的内容，改从其他部分识别）"
        )
    problem_section = problem_section or empty_heading
    if problem_section is not None and plan_section is not None:
        problem_section = _before_the_measures(problem_section, plan_section)
    if problem_section is not None:
        problem_section = _whole_admission(problem_section) or problem_section
        plan_section = (
            _promises_among_problems(frame.body, problem_section, plan_section) or plan_section
        )
        plan_section = _remedies_in_points(problem_section, plan_section) or plan_section

    if plan_section is not None:
        plan_section = _without_cut_fragments(plan_section, warnings)
    if (
        plan_section is not None
        and not plan_section.items
        and (forward := _forward_points(frame.body)) is not None
    ):
        # '五、存在的主要问题及改进措施' cut before its measures: the writer's promise told
        # elsewhere ('我街道将进一步…，选优配强…，抓好…') is the plan.
        forward.reason += f"（“{plan_section.heading[:20]}”下没有可拆分的内容）"
        plan_section = forward

    plan_year: int | None = None
    if plan_section is not None:
        match = _TITLE_YEAR_RE.search(plan_section.heading)
        if match and (report_year is None or int(match.group(1)) >= report_year):
            plan_year = int(match.group(1))
    if plan_year is None and report_year is not None:
        plan_year = report_year + 1
    if (
        year_reason is not None
        and plan_section is not None
        and report_year is not None
        and plan_year == report_year + 1
    ):
        plan_section.reason = f"{plan_section.reason}（{year_reason}）"

    # A page cut right after a sub-heading's marker ('（一）' and nothing after it) leaves an
    # item with no words: it is no item.
    for section in (plan_section, problem_section):
        if section is not None:
            section.items = [
                item
                for item in section.items
                if _has_words(
                    item.text if isinstance(item, ProblemItem) else item.title + item.body
                )
            ]

    if title is None:
        warnings.append("未识别出报告标题，请核对。")
    if issued_on is None:
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

    return ParsedReport(
        title=shown_title,
        organization=organization,
        report_year=report_year,
        plan_year=plan_year,
        issued_on=issued_on,
        plan_section=plan_section,
        problem_section=problem_section,
        outline=roots,
        warnings=warnings,
        content_sha256=content_sha256,
    )


_BARE_MARKER_RE = re.compile(
    r"[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、是]|\d{1,3}\s*[.．、]"
)
_WORD_RE = re.compile(r"[\u3400-\u9fffA-Za-z]")


def _has_words(text: str) -> bool:
    """Whether an item's text says anything once its list markers are taken out."""
    return _WORD_RE.search(_BARE_MARKER_RE.sub("", text)) is not None


_TURN_TO_PLAN_RE = re.compile(_TURN_WORDS)
_INLINE_TURN_RE = re.compile(
    rf"(?<=[。！？!?])\s*(?={_TURN_WORDS}|(?:主要)?(?:改进|整改|完善)[^，,。；;：:]{{0,6}}[：:]|\d{{4}}\s*年(?:度)?[，,]?\s*(?:我|本)[^。！？!?]{{0,12}}?"
    rf"(?<![主需重必只])(?:将|要)(?![来求]))"
)


def _cut_at_inline_turn(content: list[Paragraph]) -> list[Paragraph]:
    """Under one heading for problems and plans, a paragraph that turns to the plan inside
    its text ('…二是经费不足。针对上述问题，下一步我们将：一是…') is cut there, so that the
    problems end where the plan begins. Only when no paragraph opens with such a turn."""
    if any(_is_turn(p.text) for p in content):
        return content
    for position, paragraph in enumerate(content):
        match = _INLINE_TURN_RE.search(paragraph.text)
        if match is None:
            continue
        text = paragraph.text
        head = Paragraph(paragraph.index, text[: match.start()].rstrip(), paragraph.locator)
        tail = Paragraph(paragraph.index, text[match.end() :], paragraph.locator)
        return [*content[:position], head, tail, *content[position + 1 :]]
    return content


# A problem heading that also names the office's answer: '存在的主要问题及改进情况'.
_IMPROVEMENT_TITLE_RE = re.compile(r"改进|整改|完善|打算|措施|对策|建议|努力方向|下一步|下步|今后")
# '(我们…)将进一步改进，做到…': the promise's own words start after '将/要'.
_PROMISE_RE = re.compile(rf"{WRITER_SUBJECT}[^。！？]{{0,16}}?(?<![主需重必只])(?:将|要)(?![来求])")


# '三、工作要求', '整改要求', '下一步要求': what a bulletin requires after the problems it found.
_REQUIREMENTS_HEADING_RE = re.compile(r"^(?:工作|整改|下一步|下步|有关|几点)?要求$")


def _requirements_after_problems(
    roots: Sequence[_Node], problem_node: _Node, warnings: list[str]
) -> Section | None:
    """A bulletin's '三、工作要求' after its '二、存在的主要问题': the requirements answer the
    problems found, so its numbered points that open with a verb of doing ('（一）压实…责任')
    are the tasks. Without a problem heading before it (a covering notice) such requirements
    are general and no tasks."""
    top = next((r for r in roots if problem_node in r.walk()), None)
    if top is None:
        return None
    for node in roots[roots.index(top) + 1 :]:
        if not _REQUIREMENTS_HEADING_RE.match(node.heading.title.rstrip("。.：: ")):
            continue
        verbs = [c for c in node.children if _TASK_VERB_RE.match(c.heading.title)]
        if len(verbs) < 2 or len(verbs) * 2 < len(node.children):
            return None
        return Section(
            node.label(),
            _plan_items(node, warnings),
            node.paragraph,
            f"根据标题“{node.label()}”识别：它在“{problem_node.label()}”之后，"
            "所提要求针对查出的问题，其下各条是要做的工作",
        )
    return None


def _points_over_paragraphs(
    texts: Sequence[tuple[str, Paragraph]], turn_at: tuple[int, int], node: _Node
) -> list[PlanItem]:
    """The answer's '一是…二是…三是…' after its turn ('针对上述问题，…'), one point a paragraph
    or several in one: read over the paragraphs as one list, one task per point."""
    first, offset = turn_at
    pieces = [(texts[first][0][offset:], texts[first][1])] + list(texts[first + 1 :])
    joined = ""
    starts: list[int] = []
    for text, _paragraph in pieces:
        starts.append(len(joined))
        joined += text + "\n"
    items: list[PlanItem] = []
    for marker, start, end in _enumeration(joined):
        which = max(i for i, at in enumerate(starts) if at <= start)
        stop = min(end, starts[which] + len(pieces[which][0]))
        title, body = split_title(joined[start:stop].strip())
        items.append(
            PlanItem(
                marker,
                title,
                body,
                pieces[which][1],
                f"“{node.label()}”下“针对…问题”之后的“一是、二是”（分段书写），每条一项任务",
            )
        )
    return items


def _improvement_plan(node: _Node, warnings: list[str]) -> Section | None:
    """Under a problem heading that also names the answer ('存在的主要问题及改进情况'), with no
    plan section anywhere: the answer written as prose after the problems. From the first
    sentence that turns to it ('下一步…', '针对上述问题…', '我局将…'): its '一是…二是…' points,
    else each promise sentence is one item ('我们将进一步改进，做到信息公开及时…'). A general
    promise ('…将再接再厉…', '…在以下几个方面…' with nothing after) is no task."""
    if not _IMPROVEMENT_TITLE_RE.search(node.heading.title):
        return None
    texts = ([(node.heading.body, node.paragraph)] if node.heading.body else []) + [
        (p.text, p) for p in node.content
    ]
    items: list[PlanItem] = []
    started = False
    turn_at: tuple[int, int] | None = None
    for number, (text, paragraph) in enumerate(texts):
        for start, end in _sentences(text):
            sentence = text[start:end]
            promise = _PROMISE_RE.search(sentence)
            label = _PLAN_LABEL_OPEN_RE.match(sentence) if _is_turn(sentence) else None
            if not started and not (_is_turn(sentence) or promise):
                continue
            if not started:
                turn_at = (number, end)
            started = True
            if label is not None and promise is None and not _enumeration(text[start:]):
                # '改进：拓展公开内容。' — what follows the label is the item.
                own, stop = _trim(text, start + label.end(), end)
                if stop - own >= 4:
                    items.append(
                        _plan_from_span(
                            None, text, own, stop, paragraph, f"“{label.group('label')}：”后的内容"
                        )
                    )
                continue
            spans = _enumeration(text[start:])
            if spans:
                items += [
                    _plan_from_span(m, text, start + s, start + e, paragraph, "按“一是、二是”拆分")
                    for m, s, e in spans
                ]
                break
            if promise is None or _PLAN_GENERAL_RE.search(sentence):
                continue
            own = start + promise.end()
            while own < end and text[own] in "，, ":
                own += 1
            groups = _split_clauses(text, own, end, "；;")
            if len(groups) >= 2 and all(
                e - s >= 6 and _TASK_VERB_RE.match(text[s:e]) for s, e in groups
            ):
                # '我市将着力加强A，…；建立健全B，…。': each '；' group is a measure of its own.
                items += [
                    _plan_from_span(
                        None,
                        text,
                        s,
                        e,
                        paragraph,
                        f"“{node.label()}”下的改进承诺句，按分号拆分（每组以要做的事开头）",
                    )
                    for s, e in groups
                ]
            elif end - own >= 6:
                items.append(
                    _plan_from_span(
                        None, text, own, end, paragraph, f"“{node.label()}”下的改进承诺句"
                    )
                )
    if not items and turn_at is not None:
        items = _points_over_paragraphs(texts, turn_at, node)
        if items:
            return Section(
                node.label(),
                items,
                node.paragraph,
                f"计划段落：根据标题“{node.label()}”中的改进内容识别（“针对…问题”之后的“一是、二是”各条）",
            )
    if not items:
        return None
    warnings.append(f"“{node.label()}”下的改进内容没有编号，已按承诺句拆分，请核对。")
    return Section(
        node.label(), items, node.paragraph, f"计划段落：根据标题“{node.label()}”中的改进内容识别"
    )


# Words of work still to do, and of work done.
_FUTURE_RE = re.compile(r"进一步|确保|力争|推动|推进|持续|不断|切实|着力|努力|将")
_PAST_RE = re.compile(
    r"了|已|完成|取得|共计|累计|全年|今年以来|\d+\s*(?:条|件|个|次|人|家|户|万|亿|元|场|期)"
)


_WORK_PLAN_TITLE_RE = re.compile(r"工作(?:计划|要点|思路|安排|打算)$")
_WORK_PLAN_INTRO_RE = re.compile(
    r"^(?:\d{4}\s*年|明年|新的一年)[^。：:]{0,30}?(?:工作思路|工作计划|工作要点|工作安排|总体思路)"
    r"(?:是|为)?\s*[：:]"
)


def _work_plan_document(paragraphs: Sequence[Paragraph]) -> Section | None:
    """A document that is a work plan and nothing else ('…2025年工作要点', or opened by '2025年,
    …总的工作思路是:…'): unnumbered group headings ('夯实基层党建,凝聚治理合力'), each followed
    by a paragraph of tasks separated by '；'. Each clause is one task; the headings only group
    them, and the opening aim is no task."""
    if len(paragraphs) < 3:
        return None
    first = paragraphs[0].text.strip()
    if _WORK_PLAN_TITLE_RE.search(first.rstrip("。.")) and len(first) <= 40:
        opener = f"标题“{first}”"
    elif _WORK_PLAN_INTRO_RE.match(first):
        opener = f"开头“{first[: first.find('：') + 1 if '：' in first else first.find(':') + 1]}”"
    else:
        return None
    items: list[PlanItem] = []
    group: str | None = None
    for paragraph in paragraphs[1:]:
        text = paragraph.text.strip()
        if len(text) <= 30 and not re.search(r"[。；;：:！？!?]", text):
            group = text
            continue
        clauses = _split_clauses(text, 0, len(text), "；;")
        if len(clauses) < 2 or any(not 4 <= e - st <= 120 for st, e in clauses):
            return None
        # A plain-text reader may have joined the group heading to its tasks ('…建设和谐街道
        # 加强学习,提升…;'): the heading then stays at the front of the first task.
        reason = f"“{group}”下按分号拆分" if group else "按分号拆分"
        group = None
        for start, end in clauses:
            if _PAST_RE.search(text[start:end]):
                return None
            items.append(_plan_from_span(None, text, start, end, paragraph, reason))
    if len(items) < 3:
        return None
    return Section(
        "（无标题）",
        items,
        items[0].paragraph,
        f"全文是工作计划（{opener}）：无编号的分组标题下，每个分号分句是一项任务",
    )


# '…在发展和工作中还存在不少困难和问题。' closing its sentence, the problems following in prose.
# Also '成绩固然可喜，问题也不容忽视。': the shortfalls as subject, not to be overlooked.
_OVERLOOKED = (
    r"(?<![的些])(?:问题|不足|困难|短板)(?:[和与](?:问题|不足|困难|短板|挑战))?(?:也|同样|亦)?"
    r"(?:不容|不可|不能)(?:忽视|回避|小觑)"
)
_OVERLOOKED_RE = re.compile(_OVERLOOKED + r"\s*[。！!]?$")
_ADMISSION_SENTENCE_RE = re.compile(
    r"(?:(?:还|仍|也|依然|仍然)(?:然)?存在(?:着)?(?:不少|一些|诸多|许多|很多|较多)?(?:的)?"
    r"(?:困难|问题|不足|矛盾)(?:[和与及](?:困难|问题|不足|挑战|矛盾))?|"
    rf"{_OVERLOOKED})\s*[。！!]"
)
_CLOSING_SENTENCE_RE = re.compile(
    r"^(?:这些|以上|上述|对此|对这些)[^。]{0,30}(?:需要|要|必须|将)|^我们(?:一定|将|要|必须|决心)"
)


def _prose_reason(item: str, rest: str, end: int) -> str:
    """How a problem of admitted prose was cut: by sentence, or by comma inside one (with a
    clause joined to it that has no subject of its own)."""
    reason = (
        "按逗号拆分（一句中各有主语的几项不足）"
        if rest[end : end + 1] in "，," and end < len(rest)
        else "按句拆分"
    )
    joined = [c for c in re.split(r"[，,]", item)[1:] if _spells_out(c)]
    if joined:
        reason += f"；“{joined[0]}”没有自己的主语，接着写前一项，与之合为一个问题"
    return reason


def _before_the_measures(problems: Section, plan: Section) -> Section:
    """'五、存在的主要问题及改进情况' holding the problems, then '针对存在问题，2025年我们将切实抓好
    以下工作：一是…': the plan found at that paragraph ends the problems. Items read from it or
    after it are the measures, not problems — only when some problem came before it (a plan
    told before the problems cuts nothing)."""
    if plan.paragraph is None or not plan.items:
        return problems
    start = plan.paragraph.index
    before = [item for item in problems.items if item.paragraph.index < start]
    if not before or len(before) == len(problems.items):
        return problems
    return Section(
        problems.heading,
        before,
        problems.paragraph,
        f"{problems.reason}；“{plan.heading}”起是改进措施（工作计划），其后各条不是问题，未列入",
    )


def _before_closing(rest: str, start: int, end: int) -> int:
    """Where a point ends before the writer's closing words glued to it by numbering ('三是C不足，
    D偏低。以上问题必须下决心加以解决。'): the stop before a closing sentence, else ``end``."""
    stop = rest.find("。", start, end)
    while stop != -1:
        if _CLOSING_SENTENCE_RE.match(rest[stop + 1 : end].lstrip()):
            return stop
        stop = rest.find("。", stop + 1, end)
    return end


def _closing_reason(rest: str, start: int, end: int) -> str:
    cut = _before_closing(rest, start, end)
    if cut == end:
        return ""
    closing = rest[cut + 1 : end].strip("。 ")
    return f"；其后“{closing}”是作者表态，不是问题，未计入"


def _admitted_prose(body: Sequence[Paragraph]) -> Section | None:
    """A work report admitting '…还存在不少困难和问题。' and naming them in the sentences that
    follow in the same paragraph (no colon, no numbers): each sentence (or each '；' clause, or
    each shortfall of a list) is a problem; a closing '这些都需要我们…解决' is not."""
    for paragraph in body:
        text = paragraph.text
        admission = _ADMISSION_SENTENCE_RE.search(text)
        if admission is None:
            continue
        sentence_start = max(text.rfind(ch, 0, admission.start()) for ch in "。！？") + 1
        clause_start = max(text.rfind(ch, 0, admission.start()) for ch in "，,。！？；;") + 1
        if _ADMISSION_NEGATIVE_RE.search(text, clause_start, admission.end()):
            continue
        rest = text[admission.end() :]
        if len(_sentences(rest)) < 2:
            continue
        offset = admission.end()
        items = [
            ProblemItem(
                marker,
                text[offset + start : offset + _before_closing(rest, start, end)],
                paragraph,
                reason=_prose_reason(text[offset + start : offset + end], rest, end)
                + _closing_reason(rest, start, end),
            )
            for marker, start, end in split_problems(rest)
            if not _CLOSING_SENTENCE_RE.match(rest[start:end])
        ]
        if len(items) < 2:
            continue
        # Points of work done after the admission ('一是新建道路12公里。') name no shortfall.
        if not any(_names_shortfall(item.text) for item in items):
            continue
        return Section(
            "（无标题）",
            items,
            paragraph,
            f"问题段落：根据“{text[sentence_start : admission.end()].strip()}”识别，其后各句是问题",
        )
    return None


# --- a document that is itself a plan (engineer r13c) ---------------------------------------

# '某镇2026年工作计划', '…法治政府建设工作要点', a repost's '乡镇2026年工作计划篇1'.
_PLAN_DOC_TITLE_RE = re.compile(
    r"(?:计划|要点|打算|安排|思路|设想)(?:[(（][^)）]{0,12}[)）])?(?:篇\s*[一二三四五六七八九十\d]+)?$"
)
# '2027年全市机关党建主要工作', '某局2027年重点工作任务': a year's work named as a list of it
# (engineer r13w); its points still have to open with verbs of doing and tell no work done.
_YEAR_WORK_TITLE_RE = re.compile(r"20\d{2}\s*年(?:度)?[^。；;，,：:]*(?:主要|重点)工作(?:任务)?$")
_PLAN_DOC_NEGATIVE_RE = re.compile(r"总结|报告|情况|汇报|回顾|完成|会议|部署会|通知|解读|范文\d*篇")
# The headings of a plan that hold its tasks ('二、工作重点', '三、主要任务', '重点工作').
_PLAN_TASK_HEADING_RE = re.compile(
    r"^(?:主要|重点|具体|年度)?(?:工作)?(?:任务|重点|措施|举措)$|^重点工作(?:任务)?$"
)
# The frame of a plan, no task: its aim, targets, principles and the guarantees after it.
_PLAN_FRAME_HEADING_RE = re.compile(
    r"指导思想|总体要求|总体思路|工作思路|工作目标|主要目标|基本原则|工作原则|保障措施|组织保障|"
    r"工作要求|组织领导|保障机制|实施步骤|有关要求"
)


# A notice naming the document it issues: '印发《X》', '《X》印发给你们'.
_ISSUED_PLAN_RE = re.compile(
    r"印发[^《》。，,]{0,4}《(?P<a>[^》]{2,60})》|《(?P<b>[^》]{2,60})》[^《》。，,]{0,4}印发"
)
# '附件：某局2026年工作要点' / '附件2': the attachment's label before its title.
_ATTACHMENT_RE = re.compile(r"^附件\s*\d*\s*[：:]?\s*")


def _plan_document_title(frame: _Frame) -> str | None:
    """The title by which a document is a plan: the found title, or a short line before the
    first heading (a repost puts its own title there, after the site's blurb, an issuing
    notice after its signature, or as '附件：…'), or the plan a notice says it issues."""
    lines = [p.text for p in frame.title_lines]
    for paragraph in frame.body:
        if _match_heading(paragraph) is not None:
            break
        lines.append(paragraph.text)
    for line in lines:
        issued = _ISSUED_PLAN_RE.search(line)
        if issued is not None and (
            line.strip().endswith("通知") or re.search(r"印发给你们|印发给各", line)
        ):
            # '关于印发《某局2026年工作要点》的通知' / '现将《…工作要点》印发给你们': the notice
            # issues a plan, and the plan follows it (with or without its own title line).
            name = issued.group("a") or issued.group("b")
            if _PLAN_DOC_TITLE_RE.search(name) and not _PLAN_DOC_NEGATIVE_RE.search(name):
                return issued.group(0)
        line = _ATTACHMENT_RE.sub("", line.strip()).rstrip("。.")
        if (
            len(line) <= 40
            and not re.search(r"[。；;，,：:！？!?]", line)
            and (_PLAN_DOC_TITLE_RE.search(line) or _YEAR_WORK_TITLE_RE.search(line))
            and not _PLAN_DOC_NEGATIVE_RE.search(line)
        ):
            return line
    return None


def _titled_point(title: str) -> bool:
    """A heading that is a title, no sentence: short, or long without a pause ('一、深入学习
    贯彻…和…重要指示精神', a work-points heading over its own sub-points; engineer r13w)."""
    return len(title) <= 30 or not re.search(r"[。，,；;：:！？!?]", title)


def _point_alone(node: _Node, last: _Node) -> bool:
    """'四、做好…，把…落实到实处。': a numbered point written as one paragraph, nothing under it
    (under the last one, the document's closing resolve is no part of it)."""
    return not node.children and (not node.content or node is last)


def _point_lead(node: _Node) -> str:
    """A point's words up to its first pause: what a long point is about ('做好…清册')."""
    title = node.heading.title
    return title if len(title) <= 30 else re.split(r"[，,；;。：:]", title, maxsplit=1)[0]


# '…，全年接种了3000余人次': work done told further on in a long point ('为了', '了解' are none;
# '在完成本职工作的同时' is no account, so only the lead is read for the other past words).
_DONE_IN_POINT_RE = re.compile(r"(?<!为)了(?!解)")
# '为保证…，抓好…': a purpose before the point's verb.
_PURPOSE_RE = re.compile(r"^为(?:了)?[^，,。；;]{2,30}[，,]")


def _names_no_task(lead: str) -> bool:
    """'落实情况', '工作成效', '回顾': an account, no task. '落实/执行' after a verb of doing
    ('强化安全生产责任落实') name what is to be carried out."""
    negative = _PLAN_NEGATIVE_RE.search(lead)
    if negative is None:
        return False
    others = _PLAN_NEGATIVE_RE.sub(
        lambda m: "" if m.group(0) in ("落实", "执行") else m.group(0), lead
    )
    return bool(_PLAN_NEGATIVE_RE.search(others)) or not _TASK_VERB_RE.match(lead)


def _without_purpose(lead_and_rest: str) -> str:
    return _PURPOSE_RE.sub("", lead_and_rest, count=1)


def _plan_document_tasks(roots: Sequence[_Node], title: str) -> Section | None:
    """A plan document whose top-level headings are themselves the tasks ('一、深入学习贯彻…
    二、持续优化…'): each heading that opens with a verb of doing is one task; the aim, the
    targets and the guarantees ('四、组织保障') are not."""
    tasks = [
        node
        for node in roots
        if not _PLAN_FRAME_HEADING_RE.search(lead := _point_lead(node))
        and not _MEASURE_GROUP_RE.search(lead)
        and not _names_no_task(lead)
        and not _PAST_RE.search(lead if len(node.heading.title) > 30 else node.heading.title)
        and (_titled_point(node.heading.title) or _point_alone(node, roots[-1]))
        and not _DONE_IN_POINT_RE.search(node.heading.title)
    ]
    # Most of them must open with a verb of doing: the plan's tasks, not its chapters.
    verbs = sum(1 for node in tasks if _TASK_VERB_RE.match(_without_purpose(node.heading.title)))
    # One task is enough when the page holds one top-level point only: cut in its first.
    if (len(tasks) < 2 and len(roots) > 1) or verbs * 2 < len(tasks) or verbs * 2 < len(roots):
        return None
    if not tasks:
        return None
    items = []
    for node in tasks:
        if _titled_point(node.heading.title):
            point, body = node.heading.title, node.full_body()
            reason = "全文是工作计划：一级标题是一项任务"
        else:
            point, body = split_title(node.heading.title)
            reason = "全文是工作计划：这一条编号要点自成一段，是一项任务"
        items.append(PlanItem(node.heading.number, point, body, node.paragraph, reason))
    cut = "；本页只有这一条编号要点，其后中断" if len(roots) == 1 else ""
    return Section(
        "（无标题）",
        items,
        tasks[0].paragraph,
        f"全文是工作计划（标题“{title}”）：每个以动词开头的一级标题是一项任务，指导思想、目标和保障措施不是"
        + cut,
    )


# --- an annex listing numbered tasks (engineer r13m) ------------------------------------------

# '附件' / '附件1' / '附件 2：' standing alone: an annex starts, its title on the next line.
_ANNEX_MARK_RE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?$")
# The title of an annex that lists tasks: '2027年市民生实事', '…工作报告任务清单', '…任务分解'.
_ANNEX_TASKS_RE = re.compile(
    r"民生实事|为民办实事|实事项目|任务清单|任务分解|责任分解|重点任务|重点工作|重点项目|工作任务"
)
# Annexes of another kind: an account, a table to fill in, a list of names.
_ANNEX_NOT_TASKS_RE = re.compile(r"情况|总结|统计|名单|名册|报名|申请|样表|模板|格式|回执|说明")
# '1.新建…' / '2、推进…': one task of the list ('1.5亿元' is no number).
_ANNEX_ITEM_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.．、](?!\d)\s*(?P<text>\S.*)$")
# '一、县发改局牵头工作（3项）': a group of the list; its tasks may count from 1 again.
_ANNEX_GROUP_RE = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")


def _annex_tasks(paragraphs: Sequence[Paragraph]) -> tuple[int, Section] | None:
    """An annex whose title names a list of tasks ('附件' then '2027年市民生实事', a notice's
    '附件1' then '…任务清单'), followed by numbered lines: one plan item per line, its first
    clause ('；' or '。') the title. Returns where the annex starts (the report proper ends
    there) and its items."""
    for start, paragraph in enumerate(paragraphs[:-2]):
        # '附' near the start first: the test costs no call on the report's other lines.
        if "附" not in paragraph.text[:4] or not _ANNEX_MARK_RE.match(paragraph.text.strip()):
            continue
        title = paragraphs[start + 1].text.strip()
        if (
            len(title) > 40
            or re.search(r"[。；;，,：:]", title)
            or _ANNEX_ITEM_RE.match(title)
            or not _ANNEX_TASKS_RE.search(title)
            or _ANNEX_NOT_TASKS_RE.search(title)
        ):
            continue
        items: list[PlanItem] = []
        previous = 0
        reason = f"附件“{title}”所列的编号事项，每项是一项要办的任务"
        for line in paragraphs[start + 2 :]:
            text = line.text.strip()
            item = _ANNEX_ITEM_RE.match(text)
            if item is None:
                if _ANNEX_GROUP_RE.match(text) and len(text) <= 40:
                    previous = 0  # '二、…牵头工作': its tasks count from 1 again
                    continue
                break
            number = int(item.group("n"))
            if number != previous + 1:
                break
            previous = number
            body = item.group("text")
            cut = re.search(r"[。；;]", body)
            head = body[: cut.start()] if cut else body
            rest = body[cut.end() :].strip() if cut else ""
            head = re.sub(r"[（(](?:牵头|责任|主办|承办)单位[：:][^）)]*[）)]?$", "", head)
            items.append(PlanItem(item.group("n"), head.strip(), rest, line, reason))
        if len(items) >= 2:
            return start, Section(
                title,
                items,
                paragraphs[start + 1],
                f"根据附件标题“{title}”识别：其下每个编号事项是一项要办的任务",
            )
    return None


# --- general mechanisms (engineer r13c): shortfall vocabulary under the writer's admission ---

# Findings about other bodies ('检查发现…', '部分被评估城市仍然存在…', '巡察反馈…'): what the
# writer found or was told, not the writer's own admission.
_FINDINGS_RE = re.compile(r"被|发现|反馈|查出|查摆出|指出|评估|检查中|督查中|通报")
# The adverbs of an admission ('还/也/仍/尚存在'), or a turn before it ('但…存在').
_ADMIT_ADVERB_RE = re.compile(r"还|也|仍|尚|依然|依旧")
# '存在(着)A、B、C等困难和问题': the list between '存在' and the noun of shortfall.
_INLINE_ADMISSION_RE = re.compile(
    r"存在(?:着)?(?P<list>[^。！？!?；;：:，,]{3,200}?)(?:等|的)(?:方面|一系列|诸多)?(?:的)?(?:突出)?"
    r"(?P<noun>(?:困难|问题|不足|短板|差距|弱项)(?:[和与及、](?:困难|问题|不足|短板|差距|挑战|弱项))?)"
)
# The vocabulary of shortfall the general mechanisms accept: the older list and the words
# offices also write ('制度不全', '仍需加强', '存在差距', '短板', '流于形式').
_SHORTFALL_WIDE_RE = re.compile(
    _SHORTFALL_RE.pattern
    + r"|不全|不优|不精|不准|不紧|不硬|不广|不快|不灵|不顺|乏力|落后|脱节|缺失|空白|弱化|虚化|"
    r"松懈|仍需|尚需|亟需|亟待|差距|短板|弱项|流于形式|走过场|不平衡|不协调|参差不齐|"
    r"(?<=[\u4e00-\u9fff])难(?=$|[、，,；;。！？!?])|"
    r"欠账|漂浮|浮躁|懈怠|粗放|陈旧|老旧|低下|过多|过大|过重|过高|偏多|偏大|偏重|偏高|频发|制约|瓶颈|"
    r"紧张|碎片化|同质化|难度(?:较|很|仍|依然)?大|压力(?:较|很|仍|依然)?大|"
    r"任务(?:仍然|依然|还|十分|非常|很|较)*繁?重|"
    r"(?:增多|加剧|蔓延|反弹)(?:的)?趋势|存在[^，,。；;]{0,12}现象|"
    r"现象(?:较为|比较|仍然|依然|较|仍)?(?:突出|严重|普遍|多发)|不便|闲置|不均衡|不容乐观|堪忧"
)
# Words a measure or an achievement opens with ('着力解决…', '加快补齐…短板'): no problem.
_REMEDY_START_RE = re.compile(
    r"^(?:进一步|继续|持续|着力|加快|加强|加大|推动|推进|完善|健全|建立|强化|提高|提升|深化|"
    r"抓好|做好|狠抓|切实|全面|积极|坚持|注重|优化|补齐|破解|解决|整改|落实|扎实|大力|不断)"
)


# Verbs a task of a plan opens with: the measure verbs and the other verbs of doing.
_TASK_VERB_RE = re.compile(
    _REMEDY_START_RE.pattern
    + r"|^(?:深入|认真|全力|努力|聚焦|围绕|统筹|规范|严格|巩固|筑牢|夯实|打造|构建|培育|实施|开展|"
    r"抓实|做实|守牢|防范|增强|保障|改善|促进|创新|着眼|立足|突出|紧扣|紧盯|狠抓|稳步|有序|"
    r"用好|办好|管好|建好|打好|织密|压实|严守|维护|服务|助力|提速|提质|抓|转变|改进|"
    r"激发|弘扬|拓展|拓宽|延伸|壮大|做强|做大|做优|做精|提振|释放|"
    # '稳定粮食生产', '稳住外贸基本盘', '确保…', '守住…底线' (engineer r13w); '稳定性', '稳定的',
    # '稳定工作', '稳定形势' name a field, no task.
    r"稳定(?![性的]|工作|形势)|稳住|稳妥|稳固|坚定|确保|保持|守住|守好|兜牢|兜住|牢牢|落细|推行|加速|探索|"
    r"盘活|抓紧|加紧|营造|擦亮|唱响|严把|把好|把牢|选优|配强|挖掘|厚植|深耕|聚力|压紧)"
)


def _judged_clause(text: str, start: int, end: int) -> str:
    """The part of a sentence that speaks for the admission at ``end``: from the last turn
    ('但', '然而', '同时') on, else from the sentence's start."""
    sentence_start = max(text.rfind(ch, 0, end) for ch in "。！？!?") + 1
    sentence_start = max(sentence_start, start)
    clause = text[sentence_start:end]
    turns = list(_BUT_RE.finditer(clause))
    return clause[turns[-1].end() :] if turns else clause


# '我们也清醒地认识到，…' / '同时也要看到，…' / '不容忽视的是，…': a recognition that names the
# shortfalls in the clauses after it, with no noun of problem.
_RECOGNITION_RE = re.compile(
    r"(?:清醒地?|也要|也应|还要|必须|同时也|同时要|也|还)(?:认识到|看到|意识到)|不容忽视的是|需要指出的是|"
    # '但从考评结果来看，A参差不齐，B认识还不够': a turn judging by what was found (r15a).
    r"(?<=[，,。；;])\s*(?:但是?|然而|不过)从[^，,。；;！？!?]{2,16}?(?:来看|看)"
)


def _recognised_shortfalls(body: Sequence[Paragraph]) -> Section | None:
    """'回顾一年工作，我们也清醒地认识到，A偏小，B不足；C欠账较多；D仍需加强。': each '；' clause
    after the recognition (or each ',' clause when there is none) is a problem when every one
    names a shortfall; a recognition of a principle ('…发展是第一要务') names none."""
    for paragraph in body:
        text = paragraph.text
        for match in _RECOGNITION_RE.finditer(text):
            after = re.match(r"\s*[，,：:]\s*", text[match.end() :])
            if after is None:
                continue
            start = match.end() + after.end()
            stop = next(_cut_points(text[start:], _FULL_STOPS), len(text) - start) + start
            sentence_start = max(text.rfind(ch, 0, match.start()) for ch in "。！？!?") + 1
            if _FINDINGS_RE.search(text, sentence_start, match.start()):
                continue
            clauses = _split_clauses(text, start, stop, "；;")
            if len(clauses) < 2:
                clauses = _split_clauses(text, start, stop, "，,")
            spans = [_strip_framing(text, s, e) for s, e in clauses]
            if len(spans) < 2 or not all(
                e - s >= 4
                and _SHORTFALL_WIDE_RE.search(text, s, e)
                and not _REMEDY_START_RE.match(text[s:e])
                and not _CONSEQUENCE_RE.match(text, s)
                for s, e in spans
            ):
                continue
            cue = text[sentence_start : match.end()].strip()[-20:]
            return Section(
                "（无标题）",
                [
                    ProblemItem(None, text[s:e], paragraph, reason=f"“{match.group(0)}”之后的不足")
                    for s, e in spans
                ],
                paragraph,
                f"问题段落：根据“{cue}”识别，其后写明不足的各分句是问题",
            )
    return None


# '…依然面临一些困难和挑战。' / '认识到面临的困难和挑战：': a sentence admitting difficulties in
# general, whose list follows it.
# '…困难和挑战。', '…面临的风险挑战明显增多。' (difficulties in general, said to grow: no one named).
_DIFFICULTIES = (
    r"(?:困难|问题|挑战|不足|矛盾|短板)(?:[和与及、](?:困难|问题|挑战|不足|矛盾|短板))?"
    r"(?:(?:明显|日益|进一步|有所|不断)?(?:增多|加大|上升|增加))?\s*(?:[。！!：:]|$)"
)
_GENERAL_ADMISSION_RE = re.compile(rf"(?:面临|存在|有)[^。！？!?]{{0,12}}{_DIFFICULTIES}")
# '…认识到困难和挑战。' right after the recognition (matched at its end).
_BARE_ADMISSION_RE = re.compile(
    rf"\s*(?:面临的|存在的|[^，,。！？!?；;：:]{{1,8}}的)?{_DIFFICULTIES}"
)
# '主要是：', '主要表现在：' opening the list.
_LIST_OPENING_RE = re.compile(r"\s*(?:主要|具体|突出)(?:是|有|表现在|表现为|体现在)\s*[：:，,]?\s*")
# A sentence closing the list: the writer's resolve, not one more difficulty; also one opening
# with the bare '要' of resolve and a verb of facing or doing ('要直面问题挑战，…'; not the
# nouns '要素', '要求').
_RESOLVE_START_RE = re.compile(
    r"(?:对此|对这些|对于这些|这些|上述|以上|面对|针对|为此|我们(?:既|更|还|也|都)?(?:将|一定|要|必须|会|决心)"
    r"|必须|一定要|(?:既|更)?要(?:直面|正视|坚定|增强|勇于|敢于|善于|清醒|切实|认真|始终|坚持|尽心|"
    r"全力|努力|奋力|下大力气|采取|把|以|在))"
)
# '…困难挑战是常态，…我们将知重负重…', '我们既要正视困难问题，更要坚定发展信心': a sentence with
# the writer's resolve in it.
_WRITER_RESOLVE_RE = re.compile(r"我们(?:既|更|还|也|都)?(?:将|一定|要|必须|决心)")
# The world's or the outside's difficulties, not the writer's own: a group whose subject is the
# world ('世界经济增长动能不足', '外部环境不确定性加大', '地缘政治紧张…'), or every group after
# '从国际看，' until the writer looks home ('从国内看，', '从全省看，') or a group's subject is home.
_OUTSIDE_VIEW_RE = re.compile(
    r"^(?:从|就)(?:国际|外部|全球|世界|国外|外围)[^，,。]{0,6}(?:看|来看|上看|而言)(?:[，,]|$)"
)
_HOME_VIEW_RE = re.compile(r"^(?:从|就)[^，,。]{1,8}(?:看|来看|上看|而言)(?:[，,]|$)")
_OUTSIDE_GROUP_RE = re.compile(
    r"^(?:当前|目前|同时|此外|主要是|一是|二是)?[，,：:]?"
    r"(?:世界|全球|国际|外部|外围|国外|海外|地缘|各国|发达国家|单边主义|保护主义|贸易保护|逆全球化|"
    r"大国博弈|霸权主义|强权政治)"
)
# '当前发展面临诸多困难挑战', '老问题、新挑战仍然不少': a group saying there are difficulties,
# naming none of them — it announces the list it stands in.
_TROUBLE_NOUNS = r"(?:[老新]?(?:困难|问题|挑战|矛盾)[、和与及]?)+"
_GENERAL_GROUP_RE = re.compile(
    r"^(?:当前|目前|同时)?[，,]?(?:我们|发展|经济社会发展|工作|工作中|前进道路上|前进中|发展中)?"
    r"(?:还|仍|仍然|依然|也)?(?:面临|存在|有|遇到)着?(?:诸多|不少|许多|多重|一些|很多|较多|一系列)的?"
    rf"{_TROUBLE_NOUNS}$"
    rf"|^{_TROUBLE_NOUNS}(?:仍然|依然|仍|还|也)?(?:不少|很多|较多|交织叠加)$"
)
_HOME_GROUP_RE = re.compile(
    r"^(?:国内|我国|我省|我市|我县|我区|全国|全省|全市|全县|全区|本地|省内|市内|县内|区内)"
)
# Words of difficulty a work report uses beside the shortfall vocabulary.
_DIFFICULTY_RE = re.compile(
    r"压力|承压|风险|隐患|阵痛|不稳固|不牢固|困难|挑战|矛盾|不利影响|不确定|偏弱|偏慢|不足|不振|"
    r"不及预期|腐败|形式主义|官僚主义|任重道远|不容忽视|艰巨|突出|"
    # '…难度加大', '…供应偏紧', '少数干部不担当、不作为', '…时有发生', '…现象仍然存在'.
    r"难度(?:明显|进一步|有所|不断|持续)?(?:加大|增大|增加|上升)|偏紧|不担当|不作为|乱作为|时有发生|"
    r"(?:现象|问题)(?:仍然|依然|仍|还|也)?(?:存在|易发|多发)"
)


def _recognised_difficulties(body: Sequence[Paragraph], *, clauses: bool = True) -> Section | None:
    """A work report's admission: '我们也清醒看到，…依然面临一些困难和挑战。主要是：A，B；C，D；E。'
    (or the list straight after the recognition and a colon or comma). Each '；' group is a
    problem; with no '；', each sentence; a single sentence, each comma clause. The list ends
    at the writer's resolve ('对此，我们将…', '我们一定…'). Most groups must name a difficulty, so
    a recognition of a principle ('…必须坚持…') or of achievements gives none."""
    for paragraph in body:
        text = paragraph.text
        for match in _RECOGNITION_RE.finditer(text):
            sentence_start = max(text.rfind(ch, 0, match.start()) for ch in _FULL_STOPS) + 1
            if _FINDINGS_RE.search(text, sentence_start, match.start()):
                continue
            start = match.end()
            stop = next(_cut_points(text[start:], _FULL_STOPS), len(text) - start) + start
            framing = _BARE_ADMISSION_RE.match(
                text[: stop + 1], start
            ) or _GENERAL_ADMISSION_RE.search(text[: stop + 1], start)
            colon = next(_cut_points(text[start:stop], "：:"), None)
            if framing is not None:
                start = framing.end()
            elif colon is not None:
                start += colon + 1
            cue = text[sentence_start : match.end()].strip()[-20:]
            section = _difficulty_list(
                paragraph,
                start,
                f"“{match.group(0)}”之后承认的困难和问题",
                f"问题段落：根据“{cue}”识别，其后列举的困难和问题各是一个问题",
                clauses=clauses,
            )
            if section is not None:
                return section
    return None


# '当前，全县经济运行仍然面临不小压力和挑战。' opening a paragraph: the writer's own difficulties
# stated without a word of recognition, their list in the next sentences ('从需求看，…；从供给
# 看，…'). Not the world's or the outside's ('外部环境…面临').
_FACING_RE = re.compile(
    r"^(?:当前|目前|同时|但|但是|然而|与此同时|客观地看|也要看到)?\s*[，,]?\s*"
    r"(?P<subject>[^。！？!?；;：:]{0,30}?)(?:仍然|依然|仍|还|也|同样)(?:面临|存在)着?"
    r"[^。！？!?；;]{0,24}?(?:压力|挑战|困难|问题|风险|矛盾)[^。！？!?；;]{0,12}?[。！!：:]"
)
_OUTSIDE_SUBJECT_RE = re.compile(r"世界|全球|国际|外部|外围|各国|发达国家|他国|该")


def _facing_difficulties(body: Sequence[Paragraph], plan_section: Section | None) -> Section | None:
    """A paragraph before the plan opening with the writer's difficulties in general ('当前，全县
    经济运行仍然面临不小压力和挑战。') and listing them after: read like an admission after a
    recognition ('我们也清醒看到，…'). After the plan's start such a sentence introduces the work
    to be done, so only paragraphs before it count."""
    plan_start = plan_section.paragraph if plan_section is not None else None
    for paragraph in body:
        if plan_start is not None and paragraph.index >= plan_start.index:
            break
        match = _FACING_RE.match(paragraph.text)
        if match is None or _OUTSIDE_SUBJECT_RE.search(match.group("subject")):
            continue
        cue = match.group(0).rstrip("。！!：:")[-20:]
        section = _difficulty_list(
            paragraph,
            match.end(),
            f"“{cue}”之后列举的困难和问题",
            f"问题段落：“{cue}”（回顾之后、计划之前写本地面临的困难）之后列举的困难和问题各是一个问题",
        )
        if section is not None:
            return section
    return None


# '从需求看，' opening a group: where the group looks from, no difficulty of its own.
_VIEWPOINT_RE = re.compile(r"^(?:从|在|就)[^，,。]{1,10}(?:看|来看|上看|方面|而言)$")
# A clause going on with the previous one: its cause, its consequence, an example.
_CONTINUING_RE = re.compile(
    r"^(?:但|而|且|并|主要|特别|尤其|导致|造成|使|致使|影响|如|比如|例如|其中)"
)


# A clause that goes on with the difficulty before it rather than naming one of its own: no
# subject ('存在一定安全隐患', '面临较大压力'), or a problem named as its subject and only said to
# be prominent ('账款拖欠问题仍较突出' after '部分企业生产经营困难') — the detail of the one before.
_SUBJECTLESS_CLAUSE_RE = re.compile(r"^(?:还|也|仍|仍然|依然|并|且)?(?:存在|面临|带来|形成|出现)")
_DETAIL_CLAUSE_RE = re.compile(
    r"^(?!一些|部分|有的|有些|少数|个别|不少|多数|很多|许多)[^，,。；;]{2,16}?问题(?:仍然|依然|仍|还|也)?(?:较为|比较|较|十分|很|尤为)?"
    r"(?:突出|严重|多发|较多|凸显)$"
)


def _spells_out(clause: str) -> bool:
    """A comma clause after the first that belongs to the difficulty before it."""
    return bool(_SUBJECTLESS_CLAUSE_RE.match(clause) or _DETAIL_CLAUSE_RE.match(clause))


def _shortfall_clauses(
    text: str, start: int, end: int, *, detail: bool = True
) -> list[tuple[int, int]]:
    """A '；' group holding two difficulties ('有效需求不足，部分企业生产经营困难'): its comma
    clauses, when every one is a complete shortfall — a subject and then the shortfall or
    difficulty ('…不足', '…困难', '…不够快') — and none goes on with the one before ('主要是…',
    '导致…'). A leading viewpoint ('从需求看，') stays with the first clause. Otherwise the group
    is one problem, the comma inside one statement."""
    clauses = _split_clauses(text, start, end, "，,")
    if len(clauses) < 2:
        return [(start, end)]
    if _VIEWPOINT_RE.match(text[clauses[0][0] : clauses[0][1]]):
        clauses = [(clauses[0][0], clauses[1][1]), *clauses[2:]]
        first = _split_clauses(text, clauses[0][0], clauses[0][1], "，,")[-1]
    else:
        first = clauses[0]
    if len(clauses) < 2:
        return [(start, end)]
    for s, e in [first, *clauses[1:]]:
        clause = text[s:e]
        # A word of shortfall after the clause's subject ('形式主义、官僚主义现象仍然存在': the
        # subject is itself such a word, the shortfall comes after it).
        word = _SHORTFALL_WIDE_RE.search(clause, 2) or _DIFFICULTY_RE.search(clause, 2)
        if (
            word is None
            or (detail and (s, e) != first and _spells_out(clause))
            or not 4 <= len(clause) <= 30
            or _CONTINUING_RE.match(clause)
            or _REMEDY_START_RE.match(clause)
        ):
            return [(start, end)]
    return clauses


def _outside_groups(text: str, groups: list[tuple[int, int]]) -> list[bool]:
    """Which groups of a difficulties list tell the world's or the outside's difficulties: those
    after '从国际看，' until the writer looks home, and those whose subject is the world."""
    outside = False
    flags: list[bool] = []
    for s, e in groups:
        group = text[s:e]
        if _OUTSIDE_VIEW_RE.match(group):
            outside = True
        elif _HOME_VIEW_RE.match(group) or _HOME_GROUP_RE.match(group):
            outside = False
        flags.append(outside or _OUTSIDE_GROUP_RE.match(group) is not None)
    return flags


# A clause going on with the one before it, its consequence: '给…带来压力', '对…造成冲击', '导致…'.
_GOES_ON_RE = re.compile(r"^(?:给|对|使|让|令|导致|造成|致使|加剧|加大)")


def _own_after_outside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """'外部环境变化影响加深，有效需求仍然不足，产业转型任务艰巨': a group whose subject is the
    outside and which goes on, comma after comma, with the writer's own difficulties: the part
    from the first clause with a subject of its own that names a difficulty. None when every
    clause is the outside's or only goes on with it ('…，给外贸企业带来较大压力')."""
    if _OUTSIDE_GROUP_RE.match(text[start:end]) is None:
        return None
    clauses = _split_clauses(text, start, end, "，,")
    for index, (s, e) in enumerate(clauses[1:], 1):
        clause = text[s:e]
        if _OUTSIDE_GROUP_RE.match(clause) or _spells_out(clause) or _GOES_ON_RE.match(clause):
            continue
        # '世界经济增长动能不足，地区热点问题频发，外部环境…上升': the outside again later, so
        # the clause between is the world's too.
        later = clauses[index + 1 :]
        if any(_OUTSIDE_GROUP_RE.match(text[a:b]) for a, b in later):
            return None
        if _SHORTFALL_WIDE_RE.search(clause) or _DIFFICULTY_RE.search(clause):
            return s, end
        return None
    return None


def _named_points(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """'一是认识不足。一些单位对…不重视。二是基础薄弱。…' from ``start``: each point's (start,
    end of its name with the marker, start and end of its explanation), when every point opens
    with a name of at most ten characters naming a shortfall, and every point but the last (the
    page may be cut) explains it in a further sentence. Else none."""
    listed = text[start:end]
    spans = _enumeration(listed)
    if len(spans) < 2 or not listed.lstrip().startswith(spans[0][0]):
        return []
    points = []
    for i, (marker, s, e) in enumerate(spans):
        stops = [p for p in _cut_points(listed[s:e], _FULL_STOPS)]
        name_end = s + stops[0] if stops else e
        name = listed[s:name_end]
        explained = stops and e - (name_end + 1) >= 4
        if not (
            2 <= len(name) <= 10
            and (_SHORTFALL_WIDE_RE.search(name) or _DIFFICULTY_RE.search(name))
            and (explained or i == len(spans) - 1)
        ):
            return []
        marker_start = listed.rfind(marker, 0, s)
        points.append(
            (start + marker_start, start + name_end, start + min(name_end + 1, e), start + e)
        )
    return points


def _difficulty_list(
    paragraph: Paragraph, start: int, item_reason: str, reason: str, *, clauses: bool = True
) -> Section | None:
    """The difficulties listed in ``paragraph`` from ``start`` (after a '主要是：'): each '；'
    group, with no '；' each sentence, a single sentence each comma clause; up to the writer's
    resolve ('对此，…', '我们既要正视困难问题，…', '要直面问题挑战，…'). None unless most of them
    name a difficulty. The world's difficulties ('从国际看，…', '外部环境不确定性加大…') are left
    out; a group of two complete shortfalls gives two problems, a sentence running three or more
    together stays one (the writer's one point)."""
    text = paragraph.text
    opening = _LIST_OPENING_RE.match(text, start)
    if opening is not None:
        start = opening.end()
    start = _trim(text, start, len(text))[0]
    end = len(text)
    resolve: str | None = None
    for s, e in _sentences(text[start:]):
        if s > 0 and (
            _RESOLVE_START_RE.match(text, start + s)
            or _WRITER_RESOLVE_RE.search(text, start + s, start + e)
        ):
            end = start + s
            resolve = text[start + s : start + e]
            break
    closing = (
        f"至作者表态“{resolve.rstrip('。！!')}”止（表态不是问题）"
        if resolve
        else "至“对此/我们将…”止"
    )
    named_points = _named_points(text, start, end)
    if named_points:
        # '一是认识不足。一些单位…。二是基础薄弱。…': each point one problem, its short first
        # sentence naming it, the sentences after it explaining it.
        explained = f"{item_reason}；“一是、二是”各写一项：每项开头的短句是问题，其后的句子是说明"
        return Section(
            "（无标题）",
            [
                ProblemItem(None, text[s:n], paragraph, body=text[b:e], reason=explained)
                for s, n, b, e in named_points
            ],
            paragraph,
            f"{reason}（“一是、二是”各一项，开头的短句是问题、其后的句子是说明），{closing}",
        )
    groups = _split_clauses(text, start, end, "；;" + _FULL_STOPS)
    if not any(ch in text[start:end] for ch in "；;"):
        if len(groups) < 2:
            groups = _split_clauses(text, start, end, "，,")
    groups = [(s, e) for s, e in groups if e - s >= 4]
    named = [
        (s, e)
        for s, e in groups
        if (_SHORTFALL_WIDE_RE.search(text, s, e) or _DIFFICULTY_RE.search(text, s, e))
        and not _REMEDY_START_RE.match(text[s:e])
    ]
    if len(groups) < 2 or len(named) * 2 <= len(groups):
        return None
    general = [(s, e) for s, e in groups if _GENERAL_GROUP_RE.match(text[s:e])]
    groups = [group for group in groups if group not in general]
    # '主要是外部需求走弱' after '老问题、新挑战仍然不少，': the list's opening words.
    groups = [
        (opening.end(), e)
        if (opening := _LIST_OPENING_RE.match(text, s)) and opening.end() < e
        else (s, e)
        for s, e in groups
    ]
    flags = _outside_groups(text, groups)
    # The outside's part of each flagged group (all of it, or up to the own difficulties after).
    outside = []
    kept = []
    for (s, e), flag in zip(groups, flags, strict=True):
        own = _own_after_outside(text, s, e) if flag else (s, e)
        if flag:
            outside.append((s, e) if own is None else (s, own[0] - 1))
        if own is not None:
            kept.append(own)
    groups = kept
    if not groups:
        return None
    items: list[ProblemItem] = []
    for s, e in groups:
        pieces = _shortfall_clauses(text, s, e) if clauses else [(s, e)]
        if len(pieces) == 2:
            items += [
                ProblemItem(None, text[a:b], paragraph, reason=item_reason) for a, b in pieces
            ]
        elif len(pieces) > 2:
            run_on = (
                f"{item_reason}；一句中用逗号连写的{len(pieces)}项困难各有主语、各写一项不足，"
                "按逗号拆分，每项是一个问题"
            )
            items += [ProblemItem(None, text[a:b], paragraph, reason=run_on) for a, b in pieces]
        elif (
            clauses
            and len(_shortfall_clauses(text, s, e, detail=False)) == 2
            and (
                detail := next(
                    (
                        text[a:b]
                        for a, b in _split_clauses(text, s, e, "，,")[1:]
                        if _spells_out(text[a:b])
                    ),
                    None,
                )
            )
        ):
            spelt = (
                f"{item_reason}；后一分句“{detail}”接着写前一项困难（没有自己的主语，"
                "或只说其中某个问题突出），与前一分句合为一个问题"
            )
            items.append(ProblemItem(None, text[s:e], paragraph, reason=spelt))
        else:
            items.append(ProblemItem(None, text[s:e], paragraph, reason=item_reason))
    left_out = (
        f"；“{text[outside[0][0] : outside[0][1]][:16]}…”等写国际形势和外部环境的困难不是本地自身的问题，未列入"
        if outside
        else ""
    )
    if general:
        left_out += (
            f"；“{text[general[0][0] : general[0][1]]}”是概括的一句，没有写出具体问题，未列入"
        )
    return Section(
        "（无标题）",
        items,
        paragraph,
        f"{reason}（按“；”分组，没有分号时按句，只有一句时按逗号分句），{closing}{left_out}",
    )


def _whole_admission(section: Section) -> Section | None:
    """A section whose items come from one paragraph holding a recognition ('我们也清醒地看到面临的
    问题和挑战：A，B。C。'): when the recognition rule reads more of the paragraph's list (an
    earlier rule stopped at the list's first sentence, or took that sentence whole), its reading;
    a reading beyond the first sentence keeps its own (finer) split."""
    if not section.items:
        return None
    paragraph = section.items[0].paragraph
    if any(item.paragraph is not paragraph for item in section.items):
        return None
    recognition = _RECOGNITION_RE.search(paragraph.text)
    if recognition is None:
        return None
    # Compared group for group: a finer split into clauses is no longer list.
    whole = _recognised_difficulties([paragraph], clauses=False)
    if whole is None:
        return None
    text = paragraph.text

    def reach(items: list[Any]) -> int:
        return max(text.find(item.text) + len(item.text) for item in items)

    if reach(section.items) <= recognition.start():
        # '一是…，但总质量有待提升。…但我们必须清醒地看到，…': the recognition explains the
        # point already read, it opens no list of its own.
        return None
    first_stop = next(_cut_points(text[recognition.end() :], _FULL_STOPS), len(text))
    first_stop += recognition.end()
    if reach(section.items) > first_stop:
        return None
    if reach(whole.items) > first_stop or len(whole.items) > len(section.items):
        return _recognised_difficulties([paragraph])
    return None


def _admitted_inline_list(body: Sequence[Paragraph]) -> Section | None:
    """'…但也要看到，我局工作还存在着人员不足、能力不高、制度不全等困难和问题，…': each piece
    of the '、' list is a problem when every one names a shortfall and the sentence is the
    writer's own admission ('还/也/仍存在', after '但'), not findings about others ('发现',
    '被评估') nor a remedy ('着力解决…等问题')."""
    for paragraph in body:
        text = paragraph.text
        for match in _INLINE_ADMISSION_RE.finditer(text):
            sentence_start = max(text.rfind(ch, 0, match.start()) for ch in "。！？!?") + 1
            before = text[sentence_start : match.start()]
            turns = list(_BUT_RE.finditer("。" + before))
            judged = before[turns[-1].end() - 1 :] if turns else before
            if not turns and not _ADMIT_ADVERB_RE.search(judged[-8:]):
                continue
            if _FINDINGS_RE.search(judged) or _ADMISSION_NEGATIVE_RE.search(judged):
                continue
            start, end = match.span("list")
            pieces = [_trim(text, s, e) for s, e in _split_clauses(text, start, end, "、")]
            if len(pieces) >= 2 and all(text[s] in "不未无没" for s, _ in pieces[1:]):
                pieces = [(pieces[0][0], pieces[-1][1])]  # '不担当、不作为': one subject's ways
            if len(pieces) < 2 and not text[match.end("list") :].startswith("等"):
                continue
            if not all(e - s >= 3 and _SHORTFALL_WIDE_RE.search(text, s, e) for s, e in pieces):
                continue
            cue = text[match.end("list") : match.end()]
            return Section(
                "（无标题）",
                [
                    ProblemItem(None, text[s:e], paragraph, reason=f"按“存在…{cue}”列举拆分")
                    for s, e in pieces
                ],
                paragraph,
                f"问题段落：根据本单位自述“{text[sentence_start : match.start()].strip()[-20:]}存在…{cue}”识别，"
                "顿号列举的每项不足是一个问题",
            )
    return None


# A sentence that points at what follows ('…主要表现在以下几个方面。', '…如下。').
_POINTER_RE = re.compile(r"以下|如下|几个方面|几点|几项")


def _recognised_shortfalls_only(sentence: str) -> bool:
    """'在肯定成绩的同时，我们也清醒看到工作中的不足。': a recognition whose object, closing the
    sentence, is the shortfalls themselves — an admission without '存在/还有'."""
    sentence = sentence.strip()
    for match in _RECOGNITION_RE.finditer(sentence):
        bare = _BARE_ADMISSION_RE.match(sentence, match.end())
        if (
            bare is not None
            and bare.end() == len(sentence)
            and not _FINDINGS_RE.search(_judged_clause(sentence, 0, match.start()))
        ):
            return True
    return False


def _is_own_admission(sentence: str) -> bool:
    """'…我们也清醒地认识到，还存在一些问题和不足。': a sentence admitting shortfalls in the
    writer's own voice (an adverb of admission or a turn), not findings about others."""
    admissions = list(_ADMISSION_RE.finditer(sentence))
    if not admissions and _recognised_shortfalls_only(sentence):
        return True
    if not admissions and (overlooked := _OVERLOOKED_RE.search(sentence.strip())):
        # '成绩固然可喜，问题也不容忽视。': the shortfalls as subject closing the sentence.
        return not _FINDINGS_RE.search(_judged_clause(sentence, 0, overlooked.start()))
    if not admissions:
        # '…虽然取得了较好成绩，但困难和问题依然较多。': the difficulties as the subject, still
        # many, in the writer's turn from its achievements (not '检查发现…的问题依然较多').
        held = list(_ADMISSION_HELD_RE.finditer(sentence))
        return bool(
            held
            and _BUT_RE.search("，" + sentence[: held[-1].start()])
            and not _FINDINGS_RE.search(_judged_clause(sentence, 0, held[-1].start()))
        )
    admission = admissions[-1]
    judged = _judged_clause(sentence, 0, admission.start())
    if _FINDINGS_RE.search(judged) or _ADMISSION_NEGATIVE_RE.search(judged):
        return False
    return bool(
        _ADMIT_ADVERB_RE.search(sentence[: admission.end()])
        or _BUT_RE.search("，" + sentence)
        or sentence.startswith(("存在", "仍有", "还有", "尚有"))
    )


# Words of praise: a point written with them after an admission is an achievement.
_PRAISE_RE = re.compile(
    r"良好|明显|显著|成效|成绩|增长|提高|提升|加强|完善|好转|稳定|有序|扎实|有力|有效|全面|创新|突破"
)


def _other_problem_point(title: str) -> bool:
    """A point after an admission that names its shortfall in other words ('…“两张皮”'): no
    measure, no praise, nothing done."""
    return bool(
        not _is_turn(title)
        and not _TASK_VERB_RE.match(title)
        and not _PRAISE_RE.search(title)
        and not _PAST_RE.search(title)
        and 4 <= len(title) <= 40
    )


def _names_problem_point(title: str) -> bool:
    return bool(
        not _is_turn(title)
        and not _REMEDY_START_RE.match(title)
        and _SHORTFALL_WIDE_RE.search(title)
        and len(title) <= 60
    )


def _admitted_points(body: Sequence[Paragraph]) -> Section | None:
    """'在肯定成绩的同时，我们也清醒地认识到，还存在一些问题和不足。' followed by numbered
    points or paragraphs ('（三）产业结构不够优化。…', '1、…', '一是…'), or by '一是…二是…' in
    the rest of its paragraph, wherever it sits: each point whose title names a shortfall is a
    problem, up to the first that does not (an achievement, a measure '加强…', a heading of
    another kind, the turn to the plan)."""
    for position, paragraph in enumerate(body):
        text = paragraph.text.rstrip()
        bounds = [0, *(p + 1 for p in _cut_points(text, _FULL_STOPS))]
        for start, stop in zip(bounds, [*bounds[1:], len(text)], strict=True):
            sentence = text[start:stop].strip()
            if not sentence or not _is_own_admission(sentence):
                continue
            problems: list[ProblemItem] = []
            if stop >= len(text):
                if position + 1 >= len(body):
                    continue
                entries, _after = _following_list(body, position + 1)
                if not entries and _POINTER_RE.search(sentence):
                    # '…主要表现在以下几个方面。' then paragraphs without numbers: each one
                    # that names a shortfall.
                    unmarked, _after = _unmarked_list(body, position + 1)
                    for entry in unmarked:
                        if not _names_problem_point(entry.text.rstrip("。；;")):
                            break
                        problems.append(
                            _entry_problem(entry, "“以下几个方面”之后的段落，写明不足（无编号）")
                        )
                elif not entries:
                    # '…工作中的不足。' then paragraphs without numbers, each opening with a
                    # sentence that states what is lacking ('组织建设还需再筑基。…').
                    unmarked, _after = _unmarked_list(body, position + 1)
                    for entry in unmarked:
                        title, _body = split_title(entry.text.strip())
                        # The sentence, or its first clause with the detail after it
                        # ('基础设施建设相对滞后，部分农村道路年久失修。').
                        if not (
                            _states_shortfall(title.rstrip("。；;，,"))
                            or _states_shortfall(re.split(r"[，,；;]", title)[0])
                        ):
                            break
                        problems.append(
                            _entry_problem(
                                entry, "本单位自述不足之后的段落，段首一句写明不足（无编号）"
                            )
                        )
                named = len(problems)
                for entry in entries:
                    title, _body = split_title(entry.text.strip())
                    title = title.rstrip("。；;，,")
                    if _names_problem_point(title):
                        named += 1
                        reason = "本单位自述不足之后的编号条目，标题写明不足"
                    elif _other_problem_point(title):
                        reason = "本单位自述不足之后的编号条目（未用常见的不足用语，请核对）"
                    else:
                        break
                    problems.append(_entry_problem(entry, reason))
                # Most points must name their shortfall in its usual words.
                while problems and not (
                    _names_problem_point(problems[-1].text) or _states_shortfall(problems[-1].text)
                ):
                    problems.pop()
                if named * 2 < len(problems):
                    problems = []
            else:
                # '…主要是三个方面：一是认识不足。一些单位…。二是…': the admission's sentence
                # ends inside the first point; its points start after the colon.
                colon = re.search(r"[：:]\s*(?=一是)", text[start:stop])
                if colon is not None and _named_points(text, start + colon.end(), len(text)):
                    listed = _difficulty_list(
                        paragraph,
                        start + colon.end(),
                        "本单位自述不足之后的条目",
                        "问题段落：根据本单位自述"
                        f"“{text[start : start + colon.start()].strip()[-30:]}”识别，其后的各条是问题",
                    )
                    if listed is not None:
                        return listed
                if not _enumeration(text[stop:]):
                    # '…但也存在不少短板。产业链条不够完整。镇村两级财力偏弱。': the sentences
                    # after the admission, each stating a shortfall, up to the writer's resolve.
                    listed = _difficulty_list(
                        paragraph,
                        stop,
                        "本单位自述不足之后的句子，写明不足",
                        f"问题段落：根据本单位自述“{sentence[-30:]}”识别，其后写明不足的各句是问题",
                    )
                    if listed is not None and len(listed.items) >= 2:
                        return listed
                for marker, s, e in _enumeration(text[stop:]):
                    if not _names_problem_point(text[stop + s : stop + e].rstrip("。；;，,")):
                        break
                    problems.append(
                        ProblemItem(
                            marker,
                            text[stop + s : stop + e],
                            paragraph,
                            reason="本单位自述不足之后的“一是、二是”",
                        )
                    )
            if len(problems) < 2:
                continue
            return Section(
                "（无标题）",
                problems,
                paragraph,
                f"问题段落：根据本单位自述“{sentence[-30:]}”识别，其后写明不足的各条是问题",
            )
    return None


# A sentence that looks ahead: '2026年，我局将…重点做好以下工作。', '下一步，我们要…：'.
_FORWARD_LEAD_RE = re.compile(
    r"^(?:在)?(?:下一步|下步|下一阶段|下阶段|今后|接下来|明年|来年|新的一年|下半年|\d{4}\s*年(?:度)?)|"
    r"^(?:对此|为此|针对(?:上述|以上|这些|存在的)(?:问题|不足)?)[，,]|"
    # The writer's own promise with no time word: '我街道将进一步…，选优配强…' (r14b).
    rf"^{WRITER_SUBJECT}(?:还|也|仍)?(?=(?:将|要|拟)\s*(?:进一步|继续|持续|重点|着力|全力|切实|"
    r"不断|坚持|努力|加大|加快|积极|认真|始终|紧紧|围绕|聚焦|突出|大力|全面|扎实))"
)
_FORWARD_VERB_RE = re.compile(r"将|要(?!求)|拟|计划|打算|力争")
# Someone else setting the work ('会议强调，下一步要…', '局长指出…'): no plan of the writer's.
_OTHERS_SAY_RE = re.compile(r"会议|强调|指出|要求|提出|表示|讲话|部署|领导")


def _is_forward(sentence: str) -> bool:
    """A sentence that looks ahead in the writer's own voice: '2026年，我局将…', '对此，我们将…'
    (not '会议强调，下一步要…', not '今年，我们重点抓了…')."""
    lead = _FORWARD_LEAD_RE.match(sentence)
    return bool(
        lead is not None
        and _FORWARD_VERB_RE.search(sentence, lead.end())
        and not _PAST_RE.search(sentence, lead.end())
        and not _OTHERS_SAY_RE.search(_MANNER_REQUEST_RE.sub("", sentence))
        and not _PLAN_INTRO_NEGATIVE_RE.search(sentence)
    )


def _is_task_title(title: str) -> bool:
    """Work to do: opens with a verb of doing or says 将/进一步/确保…, and tells nothing done."""
    return bool(
        (_TASK_VERB_RE.match(title) or _FUTURE_RE.search(title))
        and not _PAST_RE.search(title)
        and len(title) <= 60
    )


# A clause that frames a promise rather than naming work: '按照区政府的统一部署', '根据…要求'.
_FRAME_CLAUSE_RE = re.compile(
    r"^(?:按照|根据|依照|遵照|对照|在)[^，,]*(?:要求|部署|精神|规定|安排|领导下|指导下)$"
)
# A clause opening with an adverb of manner is a predicate with its subject left out, as a
# task is ('逐步公开相关信息', '及时更新办事指南').
_MANNER_OPEN_RE = re.compile(r"^(?:按(?:照)?要求|按规定|依法|依规|逐步|及时|认真|主动|尽快|抓紧)")
# What the work is for, after the tasks of a chain: '增强工作透明度', '为公众查阅提供便利',
# '不断满足群众需求'.
_AIM_CLAUSE_RE = re.compile(
    r"^(?:为|以|从而|进而|使|让|不断满足|满足|促进)|"
    r"^(?:进一步|不断|全面|持续)?(?:增强|提高|提升)[^，,]{0,12}"
    r"(?:度|水平|实效|效能|效率|获得感|幸福感|安全感)$"
)
# Holding on to what was achieved, before the tasks: '进一步深化…改革成效', '巩固…成果' (r14b).
_CONSOLIDATE_CLAUSE_RE = re.compile(
    r"^(?:进一步|持续|不断|继续)?(?:深化|巩固|扩大|放大|拓展)[^，,]{0,16}(?:成效|成果)$"
)
# A promise that names no work: '认真研究', '切实加以整改', '进一步改进', '切实加以改进解决'.
_GENERAL_CLAUSE_RE = re.compile(
    r"^(?:认真|切实|及时|尽快|积极|努力|进一步|继续|不断|逐项|逐一|采取(?:有效|切实)?措施)*(?:加以)?"
    r"(?:研究|整改|改进|改正|解决|落实|完善|提高|提升|努力|克服|纠正|弥补){1,2}(?:到位)?$"
)
# The way of the work, no work: '坚持问题导向', '以问题为导向', '举一反三'.
_METHOD_CLAUSE_RE = re.compile(
    r"^(?:坚持|突出|强化)?(?:问题|目标|结果|需求)导向$|^以问题为导向$|^举一反三$|^立行立改$"
)
# '始终坚持以群众需求为导向', '以信息化为抓手': the way of the work, no work; '以此次检查为契机':
# its occasion.
_GUIDED_BY_RE = re.compile(
    r"^(?:始终)?(?:坚持)?以[^，,]{1,16}为(?:导向|中心|抓手|重点|核心|主线|引领|目标|契机)$"
)
# The means of the next task, no task: '依托社区网格员队伍', '利用网格化管理优势', '发挥微信公众号
# 作用'; and a frame inside the chain: '在现有公开栏的基础上'.
_MEANS_CLAUSE_RE = re.compile(
    r"^(?:充分)?(?:利用|依托|借助|发挥|结合|通过)[^，,]{2,20}$|^在[^，,]{2,24}(?:基础上|前提下)$"
)
# Opening a task as the writer sets up something: '开设…专区', '增设便民查阅点'.
_SETUP_VERB_RE = re.compile(r"^(?:设立|增设|开设|设置|搭建|组建|开辟|开通)")
# '并增设…', '同时开设…': the task after its joining word.
_JOINING_RE = re.compile(r"^(?:并且|并|同时|还)")
# '按照区委的要求', '根据…统一部署': the writer's own manner, not someone else setting the work.
_MANNER_REQUEST_RE = re.compile(r"(?:按(?:照)?|根据|依照|遵照)[^，,。；;]{0,20}?(?:要求|部署|精神)")


def _is_chain_task(clause: str) -> bool:
    return bool(
        len(clause) >= 4
        and (
            _TASK_VERB_RE.match(clause)
            or _MANNER_OPEN_RE.match(clause)
            or _SETUP_VERB_RE.match(clause)
        )
        and not _PAST_RE.search(clause)
        and not _GENERAL_CLAUSE_RE.match(clause)
    )


def _details_previous(clause: str, previous: str) -> bool:
    """'细化A、B、C等民生领域标准目录建设' after '切实加强标准目录建设': the parts of the work
    just named (a '、…等' list ending in the same words) are no task of their own."""
    tail = previous.rstrip("。；;")[-4:]
    return len(tail) == 4 and "、" in clause and "等" in clause and clause.endswith(tail)


def _chain_tasks(
    paragraph: Paragraph, text: str, start: int, stop: int, minimum: int, reason: str
) -> list[PlanItem]:
    """The comma clauses of a promise after its verb ('将'), from ``start`` to ``stop``: each
    opening with a verb of doing (or an adverb of manner) is a task, when there are at least
    ``minimum``. A framing clause before the first ('按照…要求') is left out, and so are the
    way and the means of the work wherever they stand ('坚持以…为导向', '依托…', '发挥…作用',
    '在…基础上'); the aims after a task ('增强…透明度', '为…提供便利') and a '、…等' list
    detailing it go into its body; a joining word ('并增设…') is left off a task's name. Any
    other clause means the sentence is no chain of tasks: none."""
    spans: list[list[int]] = []  # [title start, title end, body end]
    for s, e in _split_clauses(text, start, stop, "，,；;"):
        clause = text[s:e]
        if not spans and (
            _FRAME_CLAUSE_RE.match(clause)
            or _METHOD_CLAUSE_RE.match(clause)
            or _CONSOLIDATE_CLAUSE_RE.match(clause)
        ):
            continue
        if _GUIDED_BY_RE.match(clause) or _MEANS_CLAUSE_RE.match(clause):
            continue
        joined = _JOINING_RE.match(clause)
        if joined is not None and _is_chain_task(clause[joined.end() :]):
            s += joined.end()
            clause = text[s:e]
        if spans and (
            _AIM_CLAUSE_RE.match(clause)
            or _details_previous(clause, text[spans[-1][0] : spans[-1][1]])
        ):
            spans[-1][2] = e
            continue
        if not _is_chain_task(clause):
            return []
        spans.append([s, e, e])
    if len(spans) < minimum:
        return []
    return [
        PlanItem(None, text[s:e], text[e:end].lstrip("，,；; "), paragraph, reason)
        for s, e, end in spans
    ]


# '针对以上不足，…将…' / '对此，…': a promise that answers the problems just named.
_ANSWER_LEAD_RE = re.compile(r"^(?:对此|为此|针对)")


# '继续在深化A、深化B、深化C等方面下功夫': the fields of one resolve, not tasks of their own.
_FIELDS_RESOLVE_RE = re.compile(
    r"^(?:继续|持续|着力|重点|努力|进一步)*在[^，,；;。]{2,}?、[^，,；;。]+?等?(?:方面|领域)"
    r"(?:下(?:足|大|真)?功夫|发力|用力|持续用力|聚焦用力)$"
)
_ONE_RESOLVE_REASON = "展望句在几个方面下功夫（“在…等方面下功夫”），是一项决心，整句作为一项任务"


def _after_forward_verb(text: str, start: int, stop: int) -> int | None:
    """Where a forward-looking sentence's promise begins: after the '将/要/拟' that
    follows its lead ('下一步，我局将…', '2024年，要…'); None when the sentence is not
    one (no such lead, or no verb after it)."""
    sentence = text[start:stop]
    lead = _FORWARD_LEAD_RE.match(sentence.strip())
    if lead is None:
        return None
    offset = start + len(sentence) - len(sentence.lstrip())
    verb = re.compile(r"将|要|拟").search(text, offset + lead.end(), stop)
    return None if verb is None else verb.end()


def _one_resolve(paragraph: Paragraph, text: str, start: int, stop: int) -> PlanItem | None:
    """'下一步，我局将认真贯彻《…规划》，继续在深化A、深化B等方面下功夫，推动…再上新台阶。':
    a closing resolve naming the fields of its work is one task — its first clause the
    title, the rest the body — not one task per field nor per comma clause."""
    after = _after_forward_verb(text, start, stop)
    if after is None:
        return None
    clauses = _split_clauses(text, after, stop, "，,；;")
    if not any(_FIELDS_RESOLVE_RE.match(text[s:e]) for s, e in clauses):
        return None
    first_start, first_end = clauses[0]
    return PlanItem(
        None,
        text[first_start:first_end],
        text[first_end:stop].lstrip("，,；; "),
        paragraph,
        _ONE_RESOLVE_REASON,
    )


_PROMISE_REASON = "展望句按逗号拆分，以动词开头的分句"


def _promise_clauses(paragraph: Paragraph, text: str, start: int, stop: int) -> list[PlanItem]:
    """'下一步，我局将进一步加强A，持续推进B，着力完善C。': three or more clauses after the
    promise's verb, each opening with a verb of doing, are one task each (two when the
    promise answers the problems just named: '针对以上不足，…将…'); a general promise
    ('再接再厉，开拓创新，推动…再上新台阶') is none."""
    sentence = text[start:stop]
    lead = _FORWARD_LEAD_RE.match(sentence.strip())
    if lead is None or _is_plan_preamble(sentence.strip()):
        return []
    offset = start + len(sentence) - len(sentence.lstrip())
    verb = re.compile(r"将|要|拟").search(text, offset + lead.end(), stop)
    if verb is None:
        return []
    minimum = 2 if _ANSWER_LEAD_RE.match(sentence.strip()) else 3
    tasks = _chain_tasks(paragraph, text, verb.end(), stop, minimum, _PROMISE_REASON)
    # '…将A，B，C。同时，加强D，促进E。' (r15c): a sentence added with '同时/此外/另外' goes on
    # with the promise; its verb-led clauses are tasks too (its aims their bodies).
    while tasks and (added := _PROMISE_ADDED_RE.match(text, stop)) is not None:
        ends = (text.find(c, added.end()) for c in _FULL_STOPS)
        end = min((i + 1 for i in ends if i >= 0), default=len(text))
        more = _chain_tasks(paragraph, text, added.end(), end, 1, _PROMISE_ADDED_REASON)
        if not more:
            break
        tasks.extend(more)
        stop = end
    return tasks


_PROMISE_ADDED_RE = re.compile(r"\s*(?:同时|此外|另外)[，,]\s*(?:还要|还将|也要|将|要)?")
_PROMISE_ADDED_REASON = "展望句之后以“同时/此外”接续的句子按逗号拆分，以动词开头的分句"


def _promises_among_problems(
    body: Sequence[Paragraph], problems: Section, plan: Section | None
) -> Section | None:
    """'…还存在A、B等问题和不足。今后将切实加强C，推进D，不断满足群众需求。': a promise in the
    writer's voice after the problems, in their own paragraphs (up to the next heading), gives
    one task per verb-led clause (at least two); the plan section found elsewhere keeps its
    items after (or before) them. None when there is no such promise."""
    if not problems.items:
        return None
    first = problems.items[0].paragraph.index
    taken = {item.paragraph.index for item in plan.items} if plan is not None else set()
    stop = plan.paragraph.index if plan is not None and plan.paragraph is not None else None
    tasks: list[PlanItem] = []
    lead_sentence = ""
    for paragraph in body:
        if paragraph.index < first or paragraph.index in taken:
            continue
        if paragraph.index == stop or (paragraph.index > first and _match_heading(paragraph)):
            break
        text = paragraph.text.rstrip()
        bounds = [0, *(p + 1 for p in _cut_points(text, _FULL_STOPS))]
        for start, end in zip(bounds, [*bounds[1:], len(text)], strict=True):
            sentence = text[start:end].strip()
            if not sentence or not _is_forward(sentence) or _is_plan_preamble(sentence):
                continue
            offset = start + len(text[start:end]) - len(text[start:end].lstrip())
            lead = _FORWARD_LEAD_RE.match(sentence)
            verb = re.compile(r"将|要|拟").search(text, offset + (lead.end() if lead else 0), end)
            if verb is None:
                continue
            found = _chain_tasks(
                paragraph,
                text,
                verb.end(),
                end,
                2,
                "问题部分中的承诺句按逗号拆分，以动词开头的分句",
            )
            if found:
                tasks.extend(found)
                lead_sentence = lead_sentence or sentence
    if not tasks:
        return None
    if plan is None:
        return Section(
            "（无标题）",
            tasks,
            tasks[0].paragraph,
            f"计划段落：问题之后的承诺句“{lead_sentence[:30]}”中以动词开头的各分句，每句一项任务",
        )
    items = (
        [*tasks, *plan.items]
        if not plan.items or tasks[0].paragraph.index < plan.items[0].paragraph.index
        else [*plan.items, *tasks]
    )
    reason = f"{plan.reason}；问题部分中的承诺句“{lead_sentence[:30]}”以动词开头的各分句也是任务"
    return replace(plan, items=items, reason=reason)


# A numbered shortfall that goes on to the writer's remedy (a self-review's '因此在以后的工作中
# 必须…', '因此，只有…对以后的…实行…'): '因此/所以' then, after an optional time frame ending
# '中/里/时', an obligation or promise of the writer's; the remedy's sentence names the time to
# come. '因此今后一段时间任务仍然繁重' (a consequence) promises nothing.
_REMEDY_TURN_RE = re.compile(
    r"[，,。；;]?\s*(?:因此|所以)[，,]?\s*"
    r"(?P<remedy>(?:在?(?:以后|今后|下一步|下步)[^，,。；;！？!?]{0,10}?(?:中|里|时)[，,]?\s*)?"
    r"(?:我们?|本人|自己)?(?:必须|只有|一定要|务必|要|将|应当?))"
)
_REMEDY_FUTURE_RE = re.compile(r"以后|今后|下一步|下步")
_REMEDY_REASON = (
    "编号的不足之后以“因此…”写出今后必须怎样做（本人的改进措施），不足作为问题，措施作为一项任务"
)


def _remedy_turn(text: str) -> re.Match[str] | None:
    for match in _REMEDY_TURN_RE.finditer(text):
        ends = [i for i in (text.find(c, match.end()) for c in _FULL_STOPS) if i >= 0]
        sentence = text[match.start("remedy") : min(ends, default=len(text))]
        if _REMEDY_FUTURE_RE.search(sentence):
            return match
    return None


def _remedies_in_points(problems: Section, plan: Section | None) -> Section | None:
    """Numbered shortfalls that each may end in the writer's remedy ('一、办事拖拉，因此，只有
    …对以后的每项工作实行…'; '四、A缺乏变通：…。因此在以后的工作中必须…'): the remedy leaves
    the problem and is one task. Only when no plan was found elsewhere; None when no numbered
    problem has one."""
    if plan is not None:
        return None
    tasks: list[PlanItem] = []
    for item in problems.items:
        if not item.number:
            continue
        for field_name in ("text", "body"):
            value = getattr(item, field_name)
            turn = _remedy_turn(value) if value else None
            if turn is None:
                continue
            remedy = value[turn.start("remedy") :].strip()
            if field_name == "text" and item.body:
                # The point's later sentences go on with the remedy.
                remedy = f"{remedy}{'' if remedy.endswith(tuple(_FULL_STOPS)) else '。'}{item.body}"
            title, body = split_title(remedy)
            tasks.append(PlanItem(None, title, body, item.paragraph, _REMEDY_REASON))
            setattr(item, field_name, value[: turn.start()].rstrip("，,；; "))
            if field_name == "text":
                item.body = ""
            break
    if not tasks:
        return None
    return Section(
        "（无标题）",
        tasks,
        tasks[0].paragraph,
        "计划段落：编号的不足之后写明的改进措施（“因此…今后/以后…必须/只有…”），每处一项任务",
    )


def _unnumbered_plan_line(
    body: Sequence[Paragraph], roots: list[_Node], report_year: int | None, warnings: list[str]
) -> Section | None:
    """'2025年工作安排建议' as a line of its own, unnumbered, in a report whose numbered points
    ('（一）…') run through the review and the plan alike: the points after the line are the
    plan. The line must name a later year than the one reported on and a plan word."""
    for paragraph in body:
        text = paragraph.text.strip().rstrip("。.")
        if (
            len(text) > 24
            or re.search(r"[，,。；;：:！!？?]", text)
            or _match_heading(paragraph) is not None
            or not _TITLE_YEAR_RE.search(text)
            or _plan_strength(text, report_year) < 2
        ):
            continue
        after = [n for n in roots if n.paragraph.index > paragraph.index]
        if len(after) < 2:
            continue
        content = [p for p in body if paragraph.index < p.index < after[0].paragraph.index]
        node = _Node(_Heading("line", 0, None, None, text, ""), paragraph, 1, after, content)
        items = _plan_items(node, warnings)
        if len(items) < 2:
            continue
        return Section(
            text,
            items,
            paragraph,
            f"根据无编号的标题行“{text}”识别：其后的编号标题是任务，其前的是回顾",
        )
    return None


# '三、全面加强政府自身建设', '三、努力建设人民满意政府', '四、全面提升政府治理效能': the
# government's own conduct, the last part of a work report after its plan.
_OWN_CONDUCT_RE = re.compile(
    r"政府(?:自身|治理|现代化|作风|效能|建设)|(?:人民满意|服务型|法治|廉洁)政府"
)
# '各位代表！' opening the closing exhortation.
_CLOSING_ADDRESS_RE = re.compile(r"^\s*各位代表[！!，,]")
# '一是强化政治建设。' / '坚持依法行政。': a short lead sentence opening a paragraph.
_LEAD_SENTENCE_MAX = 20


def _own_conduct(
    roots: list[_Node], plan_node: _Node, warnings: list[str]
) -> tuple[_Node, list[PlanItem]] | None:
    """A work report's part after its plan on the government's own conduct ('三、全面加强政府自身
    建设'): what the government undertakes to do about itself, so tasks too. Its numbered
    points, or else its paragraphs opened by a short lead sentence ('坚持依法行政。…'); the
    paragraph introducing them and the closing address ('各位代表！…') are none."""
    if not any(root is plan_node for root in roots):
        return None
    after = roots[[id(r) for r in roots].index(id(plan_node)) + 1 :]
    for node in after:
        title = node.heading.title
        if not _OWN_CONDUCT_RE.search(title) or _PLAN_NEGATIVE_RE.search(title):
            continue
        if node.children:
            items = _plan_items(node, warnings)
        else:
            items = []
            for paragraph in node.content:
                if _CLOSING_ADDRESS_RE.match(paragraph.text):
                    break
                text = re.sub(r"^\s*[一二三四五六七八九十]+是", "", paragraph.text)
                title_text, body = split_title(text)
                if len(title_text) > _LEAD_SENTENCE_MAX or not body:
                    continue
                items.append(PlanItem(None, title_text, body, paragraph, "段首短句是任务"))
        if len(items) < 2:
            return None
        for item in items:
            item.reason = f"“{node.label()}”（政府自身建设）：{item.reason}"
        return node, items
    return None


# '党的建设还需再强链', '为民服务水平需再提档': a subject and what it still needs, a shortfall
# worded as a need ('还/仍/尚需', or '需再/需进一步'), with no verb of doing before it.
_NEEDS_AGAIN_RE = re.compile(
    r"^[^，,。；;：:]{2,16}?(?:(?:还|仍|尚|也)需要?(?:再|进一步|继续|持续)?|需要?(?:再|进一步))"
    r"[\u4e00-\u9fff]{1,4}$"
)


def _states_shortfall(title: str) -> bool:
    """A title that says what is lacking, the shortfall closing it ('…水平仍需提高。', '…还需再
    强链'), not a task mentioning one ('利用闲置资源，改造…')."""
    last = re.split(r"[，,；;]", title.strip("。；;，, "))[-1]
    if (
        _NEEDS_AGAIN_RE.match(last)
        and not _TASK_VERB_RE.match(last)
        and last == title.strip("。；;，, ")
    ):
        return True
    return _names_shortfall(title) and any(
        _SHORTFALL_TAIL_RE.fullmatch(last[match.end() :])
        for match in _SHORTFALL_WIDE_RE.finditer(last)
    )


# What may follow the shortfall word at a title's end: '仍需|提高', '有待|进一步增强'.
_SHORTFALL_TAIL_RE = re.compile(
    r".?|(?:进一步|持续|继续)?(?:提高|提升|加强|增强|改进|完善|强化|加力|改善|规范|优化|落实)"
)


# '2025年，我局在县委、县政府的坚强领导下，…重点承担并推进以下两项核心任务：' — the year's
# work told as a review formula; a plan for a year says '将/要/拟…'.
_YEAR_UNDER_LEADERSHIP_RE = re.compile(
    r"^\d{4}\s*年(?:度|以来)?\s*[，,]?[^。；;：:]{0,12}?在[^。；;：:]{2,30}?(?:坚强|正确|有力)?领导下"
)
_INTENT_RE = re.compile(r"将|(?<![纲摘提概重主需])要(?![求点])|拟|计划|打算|力争|争取|明年|下一步")


def _years_work_told(plan: Section, report_year: int | None) -> str | None:
    """The plan intro's sentence when a plan found by its intro ('…以下两项任务：') tells the
    year's work in the review's words ('2025年，我局在…的坚强领导下，…推进以下…'), else None.
    A year after the report's is a plan whatever the words; with the report year unknown, a
    sentence setting work to do ('重点做好/抓好以下工作') stays a plan."""
    if not plan.reason.startswith("计划段落：根据“"):
        return None
    sentence = re.split(r"[。！？!?]", plan.heading)[-1].strip()
    year = re.match(r"\d{4}", sentence)
    if year is None or (report_year is not None and int(year.group(0)) > report_year):
        return None
    if (
        _YEAR_UNDER_LEADERSHIP_RE.match(sentence)
        and not _INTENT_RE.search(sentence)
        and not re.search(r"(?:做好|抓好|抓实|办好|完成好)(?:以下|如下|这)", sentence)
    ):
        return sentence[:30] + ("…" if len(sentence) > 30 else "")
    return None


def _shortfall_points_in_plan(plan: Section) -> tuple[Section, Section | None]:
    """Points among a plan's items whose titles name a shortfall ('（二）…的精细化水平仍需
    提高。', '（三）…能力有待进一步增强。'), two or more: what is lacking, not what will be done
    (a problem heading between them lost, as on a page hiding its middle). With no problem
    section found, they leave the plan and are the problems; a point removing a shortfall
    ('补齐…短板') or merely mentioning one stays a task."""
    named = [item for item in plan.items if _states_shortfall(item.title)]
    if len(named) < 2 or len(named) == len(plan.items):
        return plan, None
    kept = [item for item in plan.items if not _states_shortfall(item.title)]
    problems = Section(
        "（无标题）",
        [
            ProblemItem(
                item.number,
                item.title.rstrip("。；;，,"),
                item.paragraph,
                item.body,
                "计划各条中标题写明不足的一条",
            )
            for item in named
        ],
        named[0].paragraph,
        f"问题：“{plan.heading[:20]}”下有{len(named)}条的标题写的是不足（如“{named[0].title[-12:]}”），"
        "不是要做的工作，作为问题",
    )
    return replace(plan, items=kept), problems


# '打造A、B、C、D四个示范区', '守住A和B两条红线': a clause naming the members of a group of aims
# and ending in their count and what they are (engineer r15a).
_COUNTED_CLUSTER_RE = re.compile(
    r"^(?P<members>.*[、和及与].*?)(?P<count>[两二三四五六七八九十])"
    r"(?P<unit>个|大|项|条|种|类|张|道|支|批)?(?P<noun>[\u4e00-\u9fff]{1,5})[”\"’']?$"
)


def _counted_cluster(clause: str) -> str | None:
    """'四个示范区' when ``clause`` names as many members ('、'-separated, the last perhaps joined
    by 和/及/与) as its closing count says; else None ('三个代表', '两个维护' name no members)."""
    match = _COUNTED_CLUSTER_RE.match(clause)
    if match is None:
        return None
    count = parse_chinese_numeral(match["count"])
    members = match["members"].split("、")
    named = {len(members), len(members) + len(re.findall(r"[和及与]", members[-1]))}
    if count is None or count < 2 or count not in named:
        return None
    return match["count"] + (match["unit"] or "") + match["noun"]


def _counted_clusters(paragraph: Paragraph, text: str, start: int, stop: int) -> Section | None:
    """'2024年，要坚定信心，锚定目标，打造A、B、C、D四个示范区，筑牢…五个底线，实现…六个目标，
    力争…走前列。': a year's aims written as counted groups. Each group is one task (its members
    are what the office follows up under it, not tasks of their own); the clauses that count
    nothing are the sentence's attitude and closing aim ('坚定信心', '力争…走前列'), no tasks.
    Needs two groups at least: one counted phrase in a chain of tasks is just one more task."""
    after = _after_forward_verb(text, start, stop)
    if after is None:
        return None
    tasks: list[PlanItem] = []
    counts: list[str] = []
    left: list[str] = []
    for s, e in _split_clauses(text, after, stop, "，,；;"):
        counted = _counted_cluster(text[s:e])
        if counted is None:
            left.append(text[s:e])
            continue
        counts.append(counted)
        tasks.append(
            PlanItem(
                None,
                text[s:e],
                "",
                paragraph,
                f"展望句中按数目列出的一组目标（“{counted}”，逐一写明），作为一项任务",
            )
        )
    if len(tasks) < 2:
        return None
    reason = (
        f"计划段落：展望句“{text[start:stop].strip()[:30]}”按数目列出各组目标（{'、'.join(counts)}），"
        "每组一项任务"
    )
    if left:
        reason += f"；其余分句（“{left[0][:16]}”等）是总体要求，未作为任务"
    return Section("（无标题）", tasks, paragraph, reason)


def _forward_points(body: Sequence[Paragraph]) -> Section | None:
    """'2026年，我局将继续…，重点做好以下工作。' followed by numbered points ('（三）加快培育
    外贸新业态。…'), or by '一是…二是…' in the rest of its paragraph, wherever it sits: each
    point that reads as work to do is a task, up to the first that does not."""
    for position, paragraph in enumerate(body):
        text = paragraph.text.rstrip()
        bounds = [0, *(p + 1 for p in _cut_points(text, _FULL_STOPS))]
        for start, stop in zip(bounds, [*bounds[1:], len(text)], strict=True):
            sentence = text[start:stop].strip()
            if not sentence or not _is_forward(sentence):
                continue
            tasks: list[PlanItem] = []
            if stop >= len(text.rstrip()) and position + 1 < len(body):
                entries, _after = _following_list(body, position + 1)
                reason = "展望句之后的编号条目，写的是要做的事"
                if not entries and _POINTER_RE.search(sentence):
                    entries, _after = _unmarked_list(body, position + 1)
                    reason = "展望句“以下…”之后的段落，写的是要做的事（无编号）"
                for entry in entries:
                    title, _body = split_title(entry.text.strip())
                    if not _is_task_title(title.rstrip("。；;")):
                        break
                    tasks.append(_entry_plan(entry, reason))
            else:
                spans: list[tuple[str, int, int]] = []
                for marker, s, e in _enumeration(text[stop:]):
                    title, _body = split_title(text[stop + s : stop + e])
                    if not _is_task_title(title.rstrip("。；;")):
                        break
                    spans.append((marker, stop + s, stop + e))
                tasks += _enumerated_plans(text, paragraph, "展望句之后的“一是、二是”", spans)
            reason = f"计划段落：根据展望句“{sentence[:30]}”识别，其后写明要做之事的各条是任务"
            if len(tasks) < 2 and (counted := _counted_clusters(paragraph, text, start, stop)):
                return counted
            if len(tasks) < 2 and (resolve := _one_resolve(paragraph, text, start, stop)):
                reason = f"计划段落：展望句“{sentence[:30]}”是一项决心，作为一项任务"
                return Section("（无标题）", [resolve], paragraph, reason)
            if len(tasks) < 2:
                tasks = _promise_clauses(paragraph, text, start, stop)
                reason = f"计划段落：展望句“{sentence[:30]}”中以动词开头的各分句，每句一项任务"
            if len(tasks) < 2:
                continue
            return Section("（无标题）", tasks, paragraph, reason)
    return None


# --- a summary told topic by topic (engineer r14b) --------------------------------------------

# '截止6月份，我乡已完成…', '截至目前，已完成…': progress on a list just given.
_PROGRESS_RE = re.compile(
    r"(?:截至|截止|到)\s*(?:目前|现在|\d{1,2}\s*月(?:份|底|末)?|[上本]半年|今年\d{1,2}月(?:份|底|末)?)"
    r"[，,]?[^。！？!?]{0,12}?已(?:完成|建成|实施|开工)?"
)


def _targets_with_progress(plan: Section) -> str | None:
    """'2016年，全乡计划进行的产业开发有五项：一是…。截止6月份，我乡已完成…': a list the
    review checks — stated, not promised (no 将/要/拟 in its introduction), and followed in its
    paragraph by its progress. The progress phrase, else None."""
    if plan.paragraph is None or not plan.items:
        return None
    text = plan.paragraph.text
    intro = plan.heading
    if not text.startswith(intro) or re.search(r"将|要|拟", intro):
        return None
    progress = _PROGRESS_RE.search(text, len(intro))
    return progress.group(0) if progress is not None else None


# '下一步，我乡将…', '下半年，我局将…': a topic's own next step.
_NEXT_STEP_RE = re.compile(r"^(?:下一步|下步|下阶段|下一阶段|下半年)[，,]")
# What makes the step a task and not a direction: a concrete arrangement spelled out, a time
# or a quantity ('具体工作计划：…', '下半年按期完成…', '年底前', '180户').
_CONCRETE_STEP_RE = re.compile(
    r"具体(?:工作)?(?:计划|安排|措施)[：:]|下半年|年底|年内|月底|季度|前完成|按期|\d"
)


def _topic_next_steps(body: Sequence[Paragraph]) -> Section | None:
    """A summary told topic by topic ('一、基础设施建设有序推进' then one paragraph of progress,
    shortfalls and '下一步，我乡将…。具体工作计划：…'): each topic paragraph that closes with its
    own next step gives one task, the run from '下一步' to the paragraph's end. The paragraph must
    follow its topic's heading and tell something before the step, and the step must name a
    concrete arrangement, a time or a quantity; a general resolve ('下一步，我镇将再接再厉，…再上
    新台阶') or a direction only ('…将迅速掀起学习热潮，推动…落地见效') is none."""
    tasks: list[PlanItem] = []
    for position, paragraph in enumerate(body):
        if position == 0 or _match_heading(body[position - 1]) is None:
            continue
        if _match_heading(paragraph) is not None:
            continue
        text = paragraph.text.rstrip()
        bounds = [0, *(p + 1 for p in _cut_points(text, _FULL_STOPS))]
        for start, stop in zip(bounds[1:], [*bounds[2:], len(text)], strict=False):
            sentence = text[start:stop].strip()
            if not _NEXT_STEP_RE.match(sentence) or not _is_forward(sentence):
                continue
            if _PLAN_GENERAL_RE.search(sentence) or not _CONCRETE_STEP_RE.search(text, start):
                break
            tasks.append(
                PlanItem(
                    None,
                    sentence.rstrip("。！？!?"),
                    text[stop:].strip(),
                    paragraph,
                    "专题段落末尾的“下一步”，连同其后的具体安排作为一项任务",
                )
            )
            break
    if not tasks:
        return None
    return Section(
        "（无标题）",
        tasks,
        tasks[0].paragraph,
        "计划段落：按专题写成的总结，各专题段落末尾的“下一步…”是该专题要做的事，每个一项任务",
    )


# '由于我乡财力有限，资金投入不足，…还不到位，导致…缓慢': an own shortfall causing a lag.
_CAUSED_RE = re.compile(
    r"(?:^|(?<=[。！？!?]))\s*由于(?P<cause>[^。！？!?]{4,120}?)(?:导致|致使|造成|以致|使得)(?P<effect>[^。！？!?]{2,80})"
)
_CAUSE_SHORT_RE = re.compile(r"有限|缓慢")


# A check's report naming its findings in the sentence that announces the details: '…进行实地督查，
# 发现A，B，具体情况如下：' (the details place by place follow), and later a finding with its
# causes: '…仍有瞒报现象，主要原因是：（一）…（二）…'.
_FINDINGS_BEFORE_DETAILS_RE = re.compile(
    r"(?:督查|督导|检查|核查|暗访|抽查|巡查|察看)[^。！？!?]*?[，,]\s*(?:经查[，,]?\s*)?"
    r"发现(?P<found>[^。！？!?：:]+?)[，,]\s*(?:具体|详细)?(?:情况|问题)如下[：:]?\s*$"
)
_FINDING_CAUSES_RE = re.compile(
    r"(?P<finding>[^，,。；;！？!?：:]+)[，,]\s*(?:其|究其)?主要原因(?:是|有|在于)[：:]\s*$"
)
# What a checker finds wrong: the shortfall words, and a check's own ('进展缓慢', '与实际不符',
# '认识不清', '仍有瞒报现象').
_CHECK_FINDING_RE = re.compile(
    _SHORTFALL_WIDE_RE.pattern
    + r"|缓慢|不符|不清|不准确|(?:还有|仍有|仍然有|依然有)[^，,。；;]{0,10}(?:现象|情况)"
)


def _findings_before_details(body: Sequence[Paragraph]) -> Section | None:
    """'…对6个乡镇进行实地督查，发现A，B，具体情况如下：' then the details ('一、实地督查情况',
    one line a place) and maybe '…仍有瞒报现象，主要原因是：（一）…（二）…': the findings the
    sentence names, the finding before '主要原因是' and each cause (a shortfall of the units
    checked) are the problems — the details' heading and lines are the evidence. None when the
    sentence names nothing wrong ('发现各乡镇均已按要求完成自查，具体情况如下')."""
    items: list[ProblemItem] = []
    intro: Paragraph | None = None
    for position, paragraph in enumerate(body):
        raw = paragraph.text
        if intro is None and ("如下" not in raw or ("发现" not in raw and "發現" not in raw)):
            continue
        if intro is not None and "原因" not in raw:
            continue
        text = to_simplified(raw).strip()
        if intro is None:
            match = _FINDINGS_BEFORE_DETAILS_RE.search(text)
            if match is None:
                continue
            found = match.group("found")
            clauses = [found[a:b] for a, b in _split_clauses(found, 0, len(found), "，,；;")]
            if not clauses or not all(len(c) >= 4 and _CHECK_FINDING_RE.search(c) for c in clauses):
                return None
            intro = paragraph
            reason = (
                "督查所见写在“发现…，具体情况如下”一句中，一个分句一个问题（其后各地情况是佐证）"
            )
            # The first from '发现' on, as counted findings are read (r15f).
            clauses[0] = f"发现{clauses[0]}"
            items += [ProblemItem(None, c, paragraph, reason=reason) for c in clauses]
            continue
        causes = _FINDING_CAUSES_RE.search(text)
        if causes is None or not _CHECK_FINDING_RE.search(causes.group("finding")):
            continue
        entries, _ = _following_list(body, position + 1)
        firsts = [re.split(r"[，,。；;]", e.text.strip(), maxsplit=1)[0] for e in entries]
        if len(entries) < 2 or not all(_CHECK_FINDING_RE.search(f) for f in firsts):
            continue
        finding = causes.group("finding").strip()
        items.append(
            ProblemItem(None, finding, paragraph, reason="督查所见，其后以“主要原因是：”列出原因")
        )
        items += [
            _entry_problem(
                entry, "“主要原因是：”所列原因写的是被督查单位的不足（如重视不够），各作为问题"
            )
            for entry in entries
        ]
    if intro is None or not items:
        return None
    return Section(
        intro.text.strip()[-60:],
        items,
        intro,
        "问题段落：督查报告在“发现…，具体情况如下”一句中写明所见问题",
    )


def _caused_shortfalls(body: Sequence[Paragraph]) -> Section | None:
    """'由于我乡财力有限，资金投入不足，一些基础设施还不到位，导致城镇化进程缓慢。': a sentence
    whose cause and effect both name a shortfall is one problem (the whole sentence); a good
    cause ('由于措施得力、资金到位，进度明显加快') is none. Only where nothing else names problems."""
    found: list[ProblemItem] = []
    for paragraph in body:
        text = paragraph.text
        for match in _CAUSED_RE.finditer(text):
            cause, effect = match.group("cause"), match.group("effect")
            if not all(
                _SHORTFALL_WIDE_RE.search(part) or _CAUSE_SHORT_RE.search(part)
                for part in (cause, effect)
            ):
                continue
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            found.append(
                ProblemItem(
                    None,
                    text[start : match.end()].rstrip("，,；; "),
                    paragraph,
                    reason="“由于…导致…”：自身的不足造成的后果",
                )
            )
    if not found:
        return None
    return Section(
        "（无标题）",
        found,
        found[0].paragraph,
        "问题段落：根据“由于…导致…”识别，原因和后果都写明不足的句子是问题",
    )


# '产生这些问题的原因，…归结起来有：', '问题产生的根源主要是：': the causes of the shortfalls just
# admitted, listed in running text.
_INLINE_CAUSE_RE = re.compile(
    r"(?:产生|出现|存在)?(?:这些|上述|以上)?(?:问题|不足|短板|差距)(?:产生|存在)?的(?:主要|根本)?"
    r"(?:原因|根源)[^。！？!?：:]{0,30}?(?:有|是|在于|如下)\s*[：:]\s*"
)


def _inline_causes(body: Sequence[Paragraph]) -> Section | None:
    """'…还存在不少短板。产生这些问题的原因，归结起来有：一是骄傲自满情绪抬头。…二是…': the
    causes the writer names for its own shortfalls, one problem per '一是' point (its first
    sentence the problem, the rest its body), as under a '原因分析' heading. Only where nothing
    else names problems; a page cut after the first point (nothing but site furniture after it) still
    gives it. The causes of success ('取得这些成绩的原因有：') name no problem."""
    for position, paragraph in enumerate(body):
        text = paragraph.text.rstrip()
        cue = _INLINE_CAUSE_RE.search(text)
        if cue is None:
            continue
        start = cue.end()
        spans = [(m, start + s, start + e) for m, s, e in _enumeration(text[start:])]
        last = all(is_chrome(p.text) for p in body[position + 1 :])
        if not spans and last and text.startswith("一是", start):
            spans = [("一是", start + 2, len(text))]
        if not spans:
            continue
        reason = f"“{cue.group(0).strip('：: ')}”之后的编号原因，是自身的不足"
        return Section(
            cue.group(0).strip("：: "),
            [_problem_from_span(m, text, s, e, paragraph, reason) for m, s, e in spans],
            paragraph,
            f"问题段落：根据“{cue.group(0).strip('：: ')}”识别：文中没有问题部分，所列原因作为问题",
        )
    return None


def _names_shortfall(title: str) -> bool:
    """Whether a heading's title names a shortfall by its own words ('…不到位', '…缺乏', '…薄弱'),
    not merely by '问题'/'困难' nor as a measure or achievement ('着力解决…', '帮扶困难群众')."""
    words = re.sub(r"问题|困难", "", _BENEFICIARY_RE.sub("", title))
    if not _SHORTFALL_WIDE_RE.search(words):
        return False
    if not _REMEDY_START_RE.match(title):
        return True
    # '整改措施不精准', '加强学习不够': a measure's word as the subject, the shortfall as the
    # predicate closing the clause; a measure removing a shortfall ('解决人员不足', '补齐短板')
    # is none.
    if _SOLVING_START_RE.match(title):
        return False
    first = re.split(r"[，,；;：:]", title.strip("。；;，, "), maxsplit=1)[0][-6:]
    return any(
        closing.end() >= len(first) - 1 and not _SHORTFALL_NOUN_RE.search(closing.group(0))
        for closing in _SHORTFALL_WIDE_RE.finditer(first)
    )


# A measure that removes a shortfall: '着力解决…不足', '补齐…短板', '克服…松懈'.
_SOLVING_START_RE = re.compile(
    r"^(?:着力|切实|全力|努力|进一步|积极|大力|加快|持续)?"
    r"(?:解决|破解|补齐|弥补|克服|改变|扭转|整治|纠正|防止|避免|杜绝|消除|改进|改善|化解|缓解)"
)
_SHORTFALL_NOUN_RE = re.compile(r"短板|差距|弱项|欠账|瓶颈|问题|困难|难题|制约")


def _sibling_runs(roots: Sequence[_Node]) -> Iterator[list[_Node]]:
    """Runs of sibling headings of one kind numbered in sequence (one number may be missing);
    a number starting again at 1 starts a new run."""
    groups: list[Sequence[_Node]] = [roots, *(n.children for r in roots for n in r.walk())]
    for siblings in groups:
        run: list[_Node] = []
        for node in siblings:
            heading = node.heading
            previous = run[-1].heading if run else None
            if (
                previous is not None
                and heading.kind == previous.kind
                and heading.value is not None
                and previous.value is not None
                and 1 <= heading.value - previous.value <= 2
            ):
                run.append(node)
                continue
            if run:
                yield run
            run = [node] if heading.kind != "label" and heading.value is not None else []
        if run:
            yield run


def _shortfall_runs(
    roots: Sequence[_Node], not_own: set[int]
) -> tuple[Section | None, Section | None]:
    """An analysis or survey ('…调研报告') whose numbered points each name a shortfall in their
    titles ('（一）发展基础总体薄弱。', '（四）扶持政策落实不到位。'), three or more and every one
    of the run: the problems. The run numbered again from 1 right after it, every title opening
    with a verb of doing ('（一）加大政策扶持力度。'), is the measures: the plan."""
    runs = list(_sibling_runs(roots))
    for position, run in enumerate(runs):
        titles = [n.heading.title.rstrip("。.；;") for n in run]
        named = [_names_shortfall(t) and len(t) <= 60 for t in titles]
        if len(run) < 3 or not (
            all(named)
            # '（二）青壮年劳动力大量外出务工。' between points that name their shortfalls:
            # a point in other words (no measure, praise or work done), when three or more
            # are named and the run opens and closes with named ones.
            or (
                named[0]
                and named[-1]
                and sum(named) >= 3
                and all(n or _other_problem_point(t) for n, t in zip(named, titles, strict=True))
            )
        ):
            continue
        if id(run[0]) in not_own or any(_is_cause(n) for n in run):
            continue  # the causes of problems ('三、存在问题的主要原因 （一）…不到位')
        problems = Section(
            "（无标题）",
            [
                _problem_from_heading(
                    n, "编号标题写明不足" if n_named else "编号标题（未用常见的不足用语，请核对）"
                )
                for n, n_named in zip(run, named, strict=True)
            ],
            run[0].paragraph,
            "问题段落：一组编号标题每条都写明不足（不够、缺乏、滞后、不到位…），每条是一个问题"
            if all(named)
            else "问题段落：一组编号标题大多写明不足（不够、缺乏、滞后、不到位…），每条是一个问题",
        )
        plan: Section | None = None
        following = runs[position + 1] if position + 1 < len(runs) else None
        if (
            following is not None
            and following[0].heading.value == 1
            and following[0].heading.kind == run[0].heading.kind
            and following[0].paragraph.index > run[-1].paragraph.index
            and all(_TASK_VERB_RE.match(n.heading.title) for n in following)
        ):
            plan = Section(
                "（无标题）",
                [
                    PlanItem(
                        n.heading.number,
                        n.heading.title,
                        n.full_body(),
                        n.paragraph,
                        "问题之后重新编号的措施",
                    )
                    for n in following
                ],
                following[0].paragraph,
                "计划段落：写明不足的各条之后重新编号、以动词开头的各条是对策，每条是一项任务",
            )
        return problems, plan
    return None, None


# The turn at the end of a praising point to what falls short: '…，这给…带来了一定的负面影响',
# '…与居民在情感联系上还存在一定的差距'.
_TAIL_SHORTCOMING_RE = re.compile(
    r"(?:负面|不良|消极)影响|(?:还|仍|也)(?:存在|有)(?:一定|一些|不少)?(?:的)?(?:问题|不足|差距|短板)"
)
_TAIL_TURN_RE = re.compile(r"^(?:但是|但|然而|不过|同时)\s*[，,]?\s*")


def _tail_shortcoming(node: _Node) -> tuple[Paragraph, str] | None:
    """The sentence at the end of a point's text that turns to a shortcoming (one of its last
    two), without the turn word; None when there is none or it is findings."""
    paragraphs = [p for p in node.content if p.text.strip()]
    if not paragraphs:
        return None
    paragraph = paragraphs[-1]
    text = paragraph.text.rstrip()
    bounds = [0, *(p + 1 for p in _cut_points(text, _FULL_STOPS))]
    sentences = [text[a:b].strip() for a, b in zip(bounds, [*bounds[1:], len(text)], strict=True)]
    sentences = [t for t in sentences if t]
    for sentence in sentences[-2:]:
        if _TAIL_SHORTCOMING_RE.search(sentence) and not _FINDINGS_RE.search(sentence):
            return paragraph, _TAIL_TURN_RE.sub("", sentence)
    return None


def _balanced_points(roots: Sequence[_Node], not_own: set[int]) -> Section | None:
    """A survey's run of points that praise in their headings ('（一）学历层次明显提升。') and
    end their text with a shortcoming ('…这给社区服务带来了一定的负面影响。'), beside a point
    whose heading names one ('（三）职业发展通道不够畅通'): each closing sentence, and each
    such heading, is a problem. Every point of the run must do one or the other."""
    for run in _sibling_runs(roots):
        if len(run) < 3 or id(run[0]) in not_own:
            continue
        items: list[ProblemItem] = []
        named = 0
        for node in run:
            title = node.heading.title.rstrip("。.；;")
            if _names_shortfall(title) and len(title) <= 60:
                named += 1
                items.append(_problem_from_heading(node, "编号标题写明不足"))
                continue
            tail = _tail_shortcoming(node)
            if tail is None or _TASK_VERB_RE.match(title):
                items = []
                break
            items.append(
                ProblemItem(
                    node.heading.number,
                    tail[1],
                    tail[0],
                    reason=f"“{node.label()[:16]}”写成绩，段末转而写不足",
                )
            )
        if items and named and named < len(items):
            return Section(
                "（无标题）",
                items,
                run[0].paragraph,
                "问题段落：一组编号要点，有的标题写明不足，其余写成绩而末句转而写不足"
                "（“负面影响”“还存在一定的差距”）：写明不足的标题和这些末句是问题",
            )
    return None


# '（二）理论学习方面。' in a self-examination (对照检查): a part named by its aspect alone.
_ASPECT_TITLE_RE = re.compile(r"^(?:在)?[\u4e00-\u9fff、和与及]{2,12}方面[。.：:]?$")
# The sentence turning from what the writer does to its shortfalls: '但往往…', '但由于…'.
_TURN_SENTENCE_RE = re.compile(r"(?:但是|但|然而|不过|可是)[，,]?")


def _aspect_shortfalls(roots: Sequence[_Node], not_own: set[int]) -> Section | None:
    """A self-examination written by aspect ('（二）理论学习方面。作为…，我…。但…较少。…不足。'):
    each part first says what the writer does, then a sentence opening with '但' turns to its
    shortfalls. From the turn on, each sentence is a problem (one a sentence, as the writer
    separates them; up to a resolve), read only in the part's own paragraph ('比如：…' after it
    illustrates). Two such parts among sibling '…方面' headings are needed."""
    for run in _sibling_runs(roots):
        aspects = [
            node
            for node in run
            if _ASPECT_TITLE_RE.match(node.heading.title) and id(node) not in not_own
        ]
        if len(aspects) < 2:
            continue
        items: list[ProblemItem] = []
        parts = 0
        for node in aspects:
            paragraph = (
                Paragraph(
                    node.paragraph.index,
                    node.heading.body,
                    node.paragraph.locator,
                    node.paragraph.style,
                )
                if node.heading.body
                else (node.content[0] if node.content else None)
            )
            if paragraph is None:
                continue
            text = paragraph.text
            turn = next(
                (
                    m
                    for start, _end in _sentences(text)
                    if start > 0 and (m := _TURN_SENTENCE_RE.match(text, start))
                ),
                None,
            )
            if turn is None:
                continue
            listed = _difficulty_list(
                paragraph,
                turn.end(),
                f"“{node.label()}”中“{turn.group(0).rstrip('，,')}”之后写明不足的一句",
                "",
                clauses=False,
            )
            if listed is None:
                continue
            parts += 1
            items += listed.items
        if parts >= 2:
            return Section(
                "（无标题）",
                items,
                items[0].paragraph,
                "自查（对照检查）材料：各“…方面”一节先写做了什么，“但”之后转而写不足，"
                "其后写明不足的各句是问题（一句一个；之前所写和“比如”举例不是问题）",
            )
    return None


# '二是整改措施不精准，…': a paragraph opened by its point's ordinal.
_POINT_OPEN_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,2})是\s*[，,、：:]?\s*")
# What the paragraph before a run of points may not be: findings about others ('巡察组反馈
# 指出…'), their causes ('原因如下'), the turn to the plan.
_NOT_OWN_POINTS_RE = re.compile(rf"{_FINDINGS_RE.pattern}|原因|认为|下一步|今后|将|要求")


def _shortfall_point_paragraphs(body: Sequence[Paragraph]) -> Section | None:
    """'一是整改措施不精准，部分问题整改不彻底。对…，存在…现象。例如，…': three or more
    paragraphs in a row opened by '一是、二是、三是…', the first sentence of every one naming
    a shortcoming (不到位、不足、不精准…): each first sentence is a problem, the rest of its
    paragraph (the evidence, '例如，…', findings quoted as '“…”问题') its body. Not when the
    paragraph before introduces findings about others, causes or the plan."""
    position = 0
    while position < len(body):
        run: list[tuple[Paragraph, re.Match[str]]] = []
        while position + len(run) < len(body):
            match = _POINT_OPEN_RE.match(body[position + len(run)].text)
            if match is None or parse_chinese_numeral(match.group(1)) != len(run) + 1:
                break
            run.append((body[position + len(run)], match))
        before = body[position - 1].text if position and run else ""
        if len(run) >= 3 and not _NOT_OWN_POINTS_RE.search(before):
            items: list[ProblemItem] = []
            for paragraph, match in run:
                title, rest = split_title(paragraph.text[match.end() :])
                named = title.rstrip("。；;，, ")
                if not _names_shortfall(named) or len(named) > 60 or _PAST_RE.search(named):
                    items = []
                    break
                items.append(
                    ProblemItem(
                        f"{match.group(1)}是",
                        title,
                        paragraph,
                        body=rest,
                        reason="段首“一是、二是”的首句写明不足，其后是佐证",
                    )
                )
            if items:
                return Section(
                    "（无标题）",
                    items,
                    items[0].paragraph,
                    "问题段落：连续以“一是、二是、三是”开头的段落，每段首句都写明不足，"
                    "首句是问题，其后的举例（“例如…”）是佐证",
                )
        position += max(len(run), 1)
    return None


# '关于“对班子成员日常监督不严”的问题' / '1.关于“…”问题的整改': a rectification bulletin quoting
# each problem as the inspectors worded it.
_QUOTED_PROBLEM_RE = re.compile(r"^关于[“\"](?P<q>[^”\"。！？]{4,80})(?P<close>[”\"](?:的)?问题)?")
# '1、针对“河道巡查不到位”问题' in a rectification report: the finding the work below answers,
# quoted or not, the heading closing with '问题'.
# '针对上述问题', '针对反馈的问题': a pointer back, no finding named.
_GENERIC_FINDING_RE = re.compile(
    r"^(?:上述|以上|这些|前述|存在的?|反馈的?|提出的?|指出的?|发现的?)"
)
_TARGETED_FINDING_RE = re.compile(
    r"^针对[“\"]?(?P<q>[^。！？；;：:]{4,80}?)[”\"]?(?:的)?问题[。.]?$"
)


def _quoted_problems(nodes: Sequence[_Node]) -> Section | None:
    """In a rectification bulletin, headings '关于“X”(的)问题…' at their deepest level: X is the
    problem when the heading calls it one ('”问题') or X names a shortfall. A quoted heading
    with quoted headings under it only groups them; the measures after each are no problems."""
    quoted: dict[int, tuple[_Node, str]] = {}
    targeted = [
        node
        for node in nodes
        if (match := _TARGETED_FINDING_RE.match(node.heading.title))
        and not _GENERIC_FINDING_RE.match(match.group("q"))
    ]
    if len(targeted) < 2:
        targeted = []
    targeted_ids = {id(node) for node in targeted}
    for node in nodes:
        text = node.paragraph.text
        number = _ITEM_NUMBER_RE.match(text)
        rest = text[number.end() :] if number else text
        match = _QUOTED_PROBLEM_RE.match(rest)
        if match and (match.group("close") or _names_shortfall(match.group("q"))):
            quoted[id(node)] = (node, match.group("q").strip())
    # The heading names the finding; the whole heading is kept ('针对…问题').
    quoted.update((id(node), (node, node.heading.title.rstrip("。."))) for node in targeted)
    leaves = [
        (node, q)
        for node, q in quoted.values()
        if not any(id(d) in quoted for d in node.walk() if d is not node)
    ]
    if not leaves:
        return None
    if any(id(node) in targeted_ids for node, _ in leaves):
        return Section(
            "整改问题",
            [
                ProblemItem(
                    node.heading.number,
                    q,
                    node.paragraph,
                    node.full_body(),
                    "整改报告中“针对…问题”的标题点明所整改的问题；其下是已做的整改工作，不是问题",
                )
                if id(node) in targeted_ids
                else ProblemItem(
                    node.heading.number, q, node.paragraph, reason="整改通报中引号内的问题"
                )
                for node, q in leaves
            ],
            leaves[0][0].paragraph,
            "整改报告：每个“针对…问题”（或“关于“…”问题”）标题是一个所整改的问题（取最深一层），"
            "其下已做的整改工作未作为问题",
        )
    return Section(
        "整改问题",
        [
            ProblemItem(node.heading.number, q, node.paragraph, reason="整改通报中引号内的问题")
            for node, q in leaves
        ],
        leaves[0][0].paragraph,
        "整改通报：每个“关于“…”问题”标题引号内的文字是一个问题（取最深一层），整改措施不是",
    )


_MID_ITEM_RE = re.compile(r"(?<=[。！？])\s*(\d{1,2})\s*[、.．](?!\d)")


def _mid_list_problems(paragraph: Paragraph) -> Section | None:
    """A page fragment that starts inside the problem list, before the plan heading: its first
    sentence is a problem whose number was lost ('经费保障不足。…'), then '3、…。' '4、…。'
    continue the list. Each item's first sentence is the problem when every one of them names a
    shortfall; the sentences after it explain it."""
    text = paragraph.text
    marks = list(_MID_ITEM_RE.finditer(text))
    if not marks or int(marks[0].group(1)) < 2:
        return None
    if any(int(m.group(1)) != int(marks[0].group(1)) + i for i, m in enumerate(marks)):
        return None
    starts = [(None, 0), *((m.group(0).strip(), m.end()) for m in marks)]
    items: list[ProblemItem] = []
    for marker, start in starts:
        stop = next(_cut_points(text[start:], _FULL_STOPS), None)
        if stop is None:
            return None
        begin, end = _trim(text, start, start + stop)
        if end - begin < 4 or not _SHORTFALL_RE.search(text, begin, end):
            return None
        items.append(ProblemItem(marker, text[begin:end], paragraph, reason="片段中的编号问题"))
    return Section(
        "（无标题）",
        items,
        paragraph,
        "问题段落：片段从问题列表中间开始（第一条的编号已缺），各条首句都写明不足",
    )


# '(第2/2页)', '第3页': a page after the first.
_LATER_PAGE_RE = re.compile(r"第\s*(?:[2-9]|\d{2,})\s*(?:/\s*\d+\s*)?页")


def _points_only_plan(body: Sequence[Paragraph], title: str | None = None) -> Section | None:
    """A page fragment that holds nothing but '一是…' '二是…' points (the next-steps part of a
    report cut out of its page): a plan when every point speaks of work still to do
    ('进一步完善…，确保…') and none of work done ('成立了…', '全年公开120条') — achievements are
    written with the same markers."""
    if len(body) < 2:
        return None
    items: list[PlanItem] = []
    # A later page ('…的汇报(第2/2页)') may hold the rest of a list begun before it ('四是…').
    later_page = _LATER_PAGE_RE.search(title or "")
    first = _ENUM_START_RE.match(body[0].text)
    start = parse_chinese_numeral(first.group(1)) if first and later_page else 1
    for expected, paragraph in enumerate(body, start or 1):
        opened = _ENUM_START_RE.match(paragraph.text)
        if opened is None or parse_chinese_numeral(opened.group(1)) != expected:
            return None
        rest = paragraph.text[opened.end() :]
        if not _FUTURE_RE.search(rest) or _PAST_RE.search(rest):
            return None
        title, item_body = split_title(rest)
        items.append(PlanItem(opened.group(0), title, item_body, paragraph, "按“一是、二是”分段"))
    continued = (
        f"（标题“{later_page.group(0)}”：前页所列各条之后的部分）"
        if later_page and start != 1
        else ""
    )
    return Section(
        "（无标题）",
        items,
        body[0],
        "计划段落：全文只有“一是、二是”各段，且都是今后要做的事（进一步、确保…），没有已做的事"
        + continued,
    )


# '一要…' '二要…' '三是要…' opening a paragraph: a speaker's instruction, work to do.
_DIRECTIVE_START_RE = re.compile(r"^([一二三四五六七八九十]{1,2})(?:是)?要(?!求|素|点|害|闻)")
# '王某书记对…提出两点要求：' before the points: a writer telling what a leader demanded (news),
# not the speaker's own '下面，我讲几点意见'.
_REPORTED_DEMAND_RE = re.compile(
    r"^[^我]{0,30}?(?:书记|主任|局长|县长|区长|市长|镇长|乡长|部长|厅长|主席|同志)[^我。]{0,40}?"
    r"(?:提出|强调|指出|要求)[^我。]{0,20}[：:]$"
)


# '下面，我就…再讲两点意见。' / '我强调三点要求': a speaker announcing the points that follow.
_ANNOUNCED_POINTS_RE = re.compile(
    r"我[^。！!]{0,30}?(?:讲|谈|强调|提)(?:[两三四五六七八九几]|一下)点(?:意见|要求|看法|建议)?"
)


def _announced_speech_points(frame: _Frame, roots: Sequence[_Node]) -> Section | None:
    """A speech ('同志们：') announcing its points ('下面，我再讲两点意见。') before its
    top-level headings: the headings are what the speaker deploys, one task each, when they read
    as tasks by the plan document's tests (a verb of doing, no review, no frame)."""
    lines = [p.text for p in [*frame.title_lines, *frame.body[:3]]]
    if not any(opens_with_salutation(text) for text in lines):
        return None
    first = roots[0].paragraph.index
    announced = next(
        (m for p in frame.body if p.index < first and (m := _ANNOUNCED_POINTS_RE.search(p.text))),
        None,
    )
    if announced is None:
        return None
    points = _plan_document_tasks(roots, "")
    if points is None:
        return None
    return Section(
        points.heading,
        points.items,
        points.paragraph,
        f"计划段落：讲话人说“{announced.group(0)}”，其后每个一级标题是部署要做的工作，"
        "每个一项任务（讲话中转述的会议精神属于其下的那一点）",
    )


def _directive_points(body: Sequence[Paragraph]) -> Section | None:
    """A speech's points, each a paragraph opening '一要…', '二要…', '三是要…' (numbered in
    sequence, at least two): each instructs what to do, one task per point; paragraphs between
    them (the point's further instructions) are skipped. '一是…' alone tells what was done as
    often as what to do, so it does not count here."""
    items: list[PlanItem] = []
    before = ""
    for paragraph in body:
        opened = _DIRECTIVE_START_RE.match(paragraph.text.strip())
        if opened is None:
            before = before if items else paragraph.text.strip()
            continue
        if parse_chinese_numeral(opened.group(1)) != len(items) + 1:
            if items:
                break
            continue
        if not items and _REPORTED_DEMAND_RE.match(before):
            return None
        title, item_body = split_title(paragraph.text.strip()[opened.end() :])
        items.append(
            PlanItem(
                opened.group(0),
                title,
                item_body,
                paragraph,
                f"以“{opened.group(0)}”开头的一段：部署要做的工作",
            )
        )
    if len(items) < 2:
        return None
    markers = "、".join(item.number for item in items if item.number)
    return Section(
        "（无标题）",
        items,
        items[0].paragraph,
        f"计划段落：各段以“{markers}”开头，是部署要做的工作，每段一项任务",
    )


def _bare_task_list_plan(body: Sequence[Paragraph]) -> Section | None:
    """A page with no title that is one numbered list of things to do (plans/task_lists.py)."""
    points = bare_task_list([p.text for p in body], _TASK_VERB_RE)
    if points is None:
        return None
    items = []
    for paragraph, (number, start) in zip(body, points, strict=True):
        title, item_body = split_title(paragraph.text[start:])
        items.append(PlanItem(number, title, item_body, paragraph, "编号条目：以要做的事开头"))
    return Section(
        "（无标题）",
        items,
        body[0],
        f"计划段落：全文只有一列编号条目（共{len(items)}条），没有标题，每条都以要做的事开头"
        "（做好、推进、举办…），没有已做的事",
    )


def _without_cut_fragments(plan: Section, warnings: list[str]) -> Section:
    """The plan without items a cut left naming no work ('一是继续', '…将从以下几个方面采取');
    a warning names each (plans/fragments.py)."""
    kept = []
    for item in plan.items:
        if isinstance(item, PlanItem) and names_no_work(item.title, item.body):
            warnings.append(f"“{item.title}”在此中断，没有写出要做的事，未作为任务，请核对原文。")
        else:
            kept.append(item)
    return plan if len(kept) == len(plan.items) else replace(plan, items=kept)


def _heading_reason(node: _Node) -> str:
    if node.heading.kind == "label":
        text, label = node.paragraph.text, node.label()
        shown = text[: text.find(label) + len(label) + 1] if label in text else f"{label}："
        return f"根据无编号的标签“{shown}”识别"
    if node.paragraph.style == _RUN_ON_STYLE:
        return f"根据行文中的标题“{node.label()}”识别（整段文字按其中的编号标题拆开）"
    if _PLAN_ATTENTION_RE.search(node.heading.title.rstrip("。.：:")):
        return (
            f"根据标题“{node.label()}”识别：“需要关注的事项”是督办机关要求各单位着力办好的事，"
            "按要求读作任务"
        )
    return f"根据标题“{node.label()}”识别"


def _names_measures(node: _Node) -> bool:
    title = node.heading.title
    return bool(_plan_strength(title, None)) and not _problem_strength(title)


# A date by which open work will be done: '2027年3月前完成', '力求年底前完成', '计划于12月底前'.
_DUE_COMPLETION_RE = re.compile(
    r"(?:计划|预计|力求|力争|争取|确保|将)?于?(?:\d{4}\s*年)?(?:\d{1,2}\s*月)?(?:底|末|中旬|下旬)?前"
    r"(?:组织)?(?:全部)?完成"
)


_MEASURE_AFTER_REASON = (
    "编号小标题先写不足，其后转入“下一步…/今后要…”，是针对该不足的措施，作为一项任务"
)


def _combined_sections(node: _Node, warnings: list[str]) -> tuple[Section, Section]:
    """A heading covering problems and plans with no sub-heading for each.

    Sub-headings that group problems ('（一）思想认识方面' with numbered problems under it) give
    the problems; numbered children that are not such groups are the plan items, and the
    paragraphs before them hold the problems. With no children, paragraphs up to one starting
    '下一步…'/'今后…' hold the problems and the rest the plan.
    """
    heading = node.label()
    reason = f"问题和计划同在标题“{heading}”下"
    if node.children:
        # '改进措施：1.A；2.B' (a label the reader made a sub-heading) groups measures, not problems.
        groups = [c for c in node.children if _is_group(c) and not _names_measures(c)]
        leaves = [c for c in node.children if c not in groups]
        problem_items: list[ProblemItem] = []
        for group in groups:
            label = group.heading.title.rstrip("。：:；;")
            for grandchild in group.children:
                problem_items.append(_problem_from_heading(grandchild, f"“{label}”下的编号小标题"))
        problem_items += _problem_items(node, node.content, children=False)
        plan_items: list[PlanItem] = []
        for child in leaves:
            title = child.heading.title
            due = _DUE_COMPLETION_RE.search(f"{title}{child.full_body()}")
            if not child.children and due is not None:
                # '（1）A公司尚有欠款6笔，…，2027年3月前完成剩余清理工作。' under '尚未整改到位的
                # 问题及措施': what is still open and by when it will be done — a task with a date.
                plan_items.append(
                    PlanItem(
                        child.heading.number,
                        title,
                        child.full_body(),
                        child.paragraph,
                        f"编号小标题写明尚未完成的事和完成时限（“{due.group(0)}”），作为一项任务",
                    )
                )
            elif not child.children and (
                _states_shortfall(title)
                or (_names_shortfall(title) and not _TASK_VERB_RE.match(title))
            ):
                # '（一）党的建设还需再强链。' among the children: what is lacking, not work.
                problem_items.append(
                    _problem_from_heading(
                        child, "编号小标题写的是不足（还欠缺什么），不是要做的工作"
                    )
                )
                measure = child.full_body().strip()
                if measure and _is_turn(to_simplified(measure)):
                    # '1. A不够生动。下一步将…' / '今后要…': the point's own answer to its
                    # shortfall, one task beside the problem.
                    title, body = split_title(measure)
                    plan_items.append(
                        PlanItem(
                            child.heading.number,
                            title,
                            body,
                            child.paragraph,
                            _MEASURE_AFTER_REASON,
                        )
                    )
            elif _plan_strength(child.heading.title, None):
                # '（三）下一步工作打算' under the combined heading holds the plan items.
                plan_items += _plan_items(child, warnings)
            else:
                plan_items.append(
                    PlanItem(
                        child.heading.number,
                        child.heading.title,
                        child.full_body(),
                        child.paragraph,
                        "编号小标题",
                    )
                )
        if not plan_items:
            # The plan is then in the paragraphs of the last group ('下一步，…：一是…').
            tail = groups[-1].children[-1].content if groups and groups[-1].children else []
            for paragraph in tail:
                for marker, start, end in _enumeration(paragraph.text):
                    plan_items.append(
                        _plan_from_span(
                            marker, paragraph.text, start, end, paragraph, "按“一是、二是”拆分"
                        )
                    )
    else:
        content = _cut_at_inline_turn(node.content)
        turn = next(
            (i for i, p in enumerate(content) if _is_turn(p.text)),
            len(content),
        )
        problem_items = _problem_items(node, content[:turn], children=False)
        plan_items = []
        for paragraph in content[turn:]:
            for marker, start, end in _enumeration(paragraph.text):
                plan_items.append(
                    _plan_from_span(
                        marker, paragraph.text, start, end, paragraph, "按“一是、二是”拆分"
                    )
                )
        if not plan_items:
            for paragraph in content[turn:]:
                if _is_plan_preamble(paragraph.text) or paragraph.text.endswith(("：", ":")):
                    continue
                numbered = _inline_numbered(paragraph.text)
                for number, start, end in numbered:
                    plan_items.append(
                        _plan_from_span(
                            number, paragraph.text, start, end, paragraph, "按段内编号“1.、2.”拆分"
                        )
                    )
                if not numbered:
                    title, body = split_title(paragraph.text)
                    plan_items.append(PlanItem(None, title, body, paragraph, "按段落拆分"))
    return (
        Section(heading, plan_items, node.paragraph, reason),
        Section(heading, problem_items, node.paragraph, reason),
    )
