"""Read an uploaded report (.txt, .html, .docx, text-based .pdf) into plain paragraphs.

Plain Python on purpose: no Django import, so it can be tested, fuzzed and benchmarked
on its own. Every failure on any input is a :class:`ReadError` with one line of
Simplified Chinese a supervisor can act on.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from plans.limits import (
    Budget,
    LimitExceeded,
    ReadLimits,
    check_characters,
    check_pages,
    check_zip,
)
from plans.numerals import chinese_numeral

__all__ = [
    "Document",
    "Paragraph",
    "RawTable",
    "ReadError",
    "ReadLimits",
    "normalise_text",
    "read_document",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

MSG_EMPTY = "文件为空。"
MSG_UNKNOWN_FORMAT = "无法识别的文件格式，请上传 .txt、.html、.docx、.pdf 或 .xlsx 文件。"
MSG_DOC_LEGACY = "暂不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后重新上传。"
MSG_XLS_LEGACY = "暂不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后重新上传。"
MSG_XLSX_BROKEN = "文件已损坏，无法读取 Excel 表格。"
MSG_DOCX_BROKEN = "文件已损坏，无法读取 Word 文档。"
MSG_PDF_BROKEN = "PDF 文件已损坏，无法读取。"
MSG_PDF_NO_PAGES = "PDF 文件没有页面。"
MSG_PDF_ENCRYPTED = "该 PDF 已加密，请去除密码保护后重新上传。"
MSG_PDF_NO_TEXT = "该 PDF 没有可提取的文字（可能是扫描件），暂不支持 OCR 识别。"
MSG_TEXT_ENCODING = "无法识别文本文件的编码，请另存为 UTF-8 或 GB18030 编码后重新上传。"
MSG_BINARY = "文件内容不是文字，请上传 .txt、.html、.docx、.pdf 或 .xlsx 文件。"
MSG_NO_TEXT = "文件中没有可读取的文字。"
MSG_HTML_BROKEN = "网页文件无法读取。"


class ReadError(Exception):
    """The upload cannot be read; ``message`` is one line of Simplified Chinese for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the source, in reading order.

    ``locator`` says where a person finds it in the original file ('第 12 行',
    '第 7 段', '第 3 页'); ``style`` is the Word (or HTML heading) style name.
    """

    index: int
    text: str
    locator: str
    style: str | None = None


@dataclass
class RawTable:
    """A table as its cells' text, one list per row, merged cells repeated in every row and
    column they cover. ``caption`` is the text just before the table (a Word paragraph, or a
    spreadsheet's title row); ``locators`` say where each row is ('第 1 个表格第 3 行')."""

    rows: list[list[str]]
    locators: list[str]
    caption: str | None = None


@dataclass
class Document:
    """What a file contained, as paragraphs; ``format`` is 'txt', 'html', 'docx', 'pdf' or
    'xlsx'. ``tables`` holds the tables of a .docx and the sheets of a .xlsx, cell by cell."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    format: str = "txt"
    encoding: str | None = None
    tables: list[RawTable] = field(default_factory=list)


# --- text normalisation ---------------------------------------------------------------------

# Spaces that web pages and Word use for indentation: NBSP, ideographic (full-width) space,
# the typographic spaces and tabs. They all become one ordinary space.
_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+")
# Invisible characters that would make the same words compare unequal.
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Reposting sites insert the pronunciation after some characters ('建設(shè)', '問(wèn)題'); the
# marks split words ('問題' no longer reads as one) and are no part of the text. A mark is
# lower-case pinyin with at least one tone mark, in brackets, right after a Chinese character.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_MARK_RE = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}} ?[)）]\s?"
)

# A page saved through a legacy code page writes each full-width indentation space as '?':
# '??（一）…' opening a paragraph. Two or more marks before the first character are lost
# indentation, not text (engineer r16f); a '?' inside a line is left alone.
_LOST_INDENT_RE = re.compile(r"^\?{2,}\s*(?=[^\s?])")


def normalise_text(text: str) -> str:
    """Normalise one paragraph: drop invisible/control characters and the pronunciation marks
    reposts insert ('問(wèn)題'), make every kind of space an ordinary space, collapse runs of
    spaces, strip both ends and drop the '??' of lost indentation before the first character.

    The parser applies the same function to plain-text input, so what it returns can always be
    found again in the normalised source.
    """
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = _PINYIN_MARK_RE.sub("", text)
    text = _SPACE_RE.sub(" ", text).strip()
    return _LOST_INDENT_RE.sub("", text)


# Web pages flattened to one line keep their paragraph indentation as a run of spaces inside
# the line ('…报告   乡镇政权是…   一、乡镇工作困难…'): two ideographic spaces or three ordinary
# (or no-break) spaces between two pieces of text start a new paragraph.
INDENT_RUN_RE = re.compile("(?<=\\S)(?:[\u3000]{2,}|[ \u00a0\u3000]{3,})(?=\\S)")


# A page copied without its line breaks can lose the indentation too: its paragraphs are joined
# by one space or by nothing ('…参加会议。 会议指出，…。 一、要…。' or '…平稳发展。一、上半年…（一）…').
# Such a line is split where a paragraph visibly starts: after a sentence end and a space, and
# before a heading or point marker ('一、', '（一）', '1.') that follows a sentence end. Points
# written '一是…二是…' stay in their paragraph: the first usually follows a colon, and the parser
# reads such a run inline; cutting at '。二是' alone would part the list from its first point.
_MARKER = (
    r"(?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[．.、](?!\d))"
)
# A division scheme's row ends with its units in a labelled bracket, and the next row or
# heading follows the bracket at once ('…问题。(责任单位:省水利厅牵头，…分工负责)二、…'): such a
# bracket after a stop ends a paragraph as the stop does (r14c).
_UNITS_BRACKET = r"[（(]\s*(?:牵头单位|责任单位|牵头部门|责任部门|主责单位|承办单位)\s*[：:][^（）()]{2,200}[)）]"
_UNITS_BRACKET_END_RE = re.compile(rf"(?<=[。！？!?；;])\s*{_UNITS_BRACKET}(?={_MARKER})")
_RUN_ON_HEADING_RE = re.compile(
    r"(?:(?<=[。！？!?；;])|(?<=[。！？!?；;：:] ))(?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）])"
)
_RUN_ON_BREAK_RE = re.compile(
    rf"(?<=[。！？!?：:]) +|(?<=[。！？!?])(?={_MARKER})"
    r"|(?<=[^\s条款项、和及与或])(?=[（(][一二三四五六七八九十]{1,2}[)）])"
)
# A group heading with no stop, its first numbered row run on at once ('二、健全工作机制1.认真…').
_RUN_ON_FIRST_ROW_RE = re.compile(
    r"((?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）])[^，,。；;：:！？!?\s\d]{2,30})"
    r"(1[．.、](?!\d)\S.*)",
    re.DOTALL,
)
_RUN_ON_TITLE_RE = re.compile(
    r"((?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）])[^，,。；;：:！？!?\s]{2,30}) +(\S.*)",
    re.DOTALL,
)
# Clearly one run-on line: long, most of the document's text, with headings in it (see _run_on).
RUN_ON_MIN_CHARACTERS = 250
RUN_ON_MIN_SHARE = 0.8
RUN_ON_MIN_HEADINGS = 3


# Chinese text puts no space after a sentence's stop: several such spaces are paragraph breaks.
_SPACED_STOP_RE = re.compile(r"[。！？!?] +(?=\S)")
RUN_ON_MIN_SPACED_STOPS = 4


def _run_on(line: str, total: int) -> bool:
    """True when ``line`` is a whole page copied onto one line (see _RUN_ON_BREAK_RE): long, most
    of the document, with three headings in it, or two and several spaced sentence stops (a page
    cut after its second point)."""
    if len(line) < RUN_ON_MIN_CHARACTERS or len(line) < RUN_ON_MIN_SHARE * total:
        return False
    headings = len(_RUN_ON_HEADING_RE.findall(line))
    if "单位" in line or "部门" in line:
        headings += len(_UNITS_BRACKET_END_RE.findall(line))
    return headings >= RUN_ON_MIN_HEADINGS or (
        headings == RUN_ON_MIN_HEADINGS - 1
        and len(_SPACED_STOP_RE.findall(line)) >= RUN_ON_MIN_SPACED_STOPS
    )


def _pieces(raw: str, total: int) -> Iterator[str]:
    """The paragraphs a line holds: split at indentation runs, and a run-on page's line also at
    its sentence-end breaks."""
    for piece in INDENT_RUN_RE.split(raw):
        if not _run_on(piece, total):
            yield piece
            continue
        if "单位" in piece or "部门" in piece:
            piece = _UNITS_BRACKET_END_RE.sub(lambda m: m.group(0) + "\n", piece)
        parts = [p for line in piece.split("\n") for p in _RUN_ON_BREAK_RE.split(line)]
        for at, run in enumerate(parts):
            following = parts[at + 1] if at + 1 < len(parts) else ""
            for part in _first_of_list(run, following):
                # a heading with no stop of its own, then a space and its first sentence
                heading = _RUN_ON_TITLE_RE.match(part) or _RUN_ON_FIRST_ROW_RE.match(part)
                yield from heading.groups() if heading else (part,)


# '…抓好贯彻落实。附件：…分工方案一、持续…' before a part opening '二、': the list's first
# heading starts a paragraph too, whatever stands before it (r14c).
_FIRST_OF_LIST = {"二、": "一、", "（二）": "（一）", "(二)": "(一)"}


def _first_of_list(part: str, following: str) -> tuple[str, ...]:
    first = next((v for k, v in _FIRST_OF_LIST.items() if following.startswith(k)), None)
    if first is None:
        return (part,)
    at = part.rfind(first)
    if at <= 0 or part[at - 1] in "第0123456789" or part[at - 1].isspace():
        return (part,)
    return part[:at], part[at:]


def _paragraphs(items: Iterable[tuple[str, str, str | None]]) -> list[Paragraph]:
    """Number the non-empty paragraphs in order; ``items`` is (raw text, locator, style).

    A line that a web page flattened from several paragraphs is split at its indentation runs,
    and a whole page run onto one line at its paragraph breaks (see _run_on); the pieces keep
    the line's locator.
    """
    items = list(items)
    total = sum(len(raw) for raw, _, _ in items)
    result: list[Paragraph] = []
    for raw, locator, style in items:
        for piece in _pieces(raw, total):
            text = normalise_text(piece)
            if text:
                result.append(Paragraph(index=len(result), text=text, locator=locator, style=style))
    return result


# --- entry point ----------------------------------------------------------------------------

_EXTENSIONS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}
_EXTENSIONS |= {".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx", ".xls": "xls"}


# The limits and time budget of the read in progress (see plans/limits.py).
_limits: contextvars.ContextVar[tuple[ReadLimits, Budget]] = contextvars.ContextVar("read_limits")


def _check_time() -> None:
    current = _limits.get(None)
    if current is not None:
        current[1].check()


def read_document(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: ReadLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Read an uploaded report into paragraphs.

    The format is decided by the content (``%PDF``, a zip holding ``word/document.xml``,
    HTML markup, text); the file name's extension is only a hint, except that a file called
    .docx or .pdf that is not one is reported as damaged. Raises :class:`ReadError` (and
    nothing else) with a one-line Chinese message when the file cannot be used, or when it
    goes past ``limits`` (unpacked size and parts of a .docx, pages of a PDF, characters,
    wall-clock seconds), each checked before the work it bounds.
    ``progress(done, total)`` is called as PDF pages or Word body elements are read.
    """
    if len(data) > max_bytes:
        megabytes = max_bytes / (1024 * 1024)
        size = f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes} 字节"
        raise ReadError(f"文件超过大小上限（{size}）。")
    if not data.strip():
        raise ReadError(MSG_EMPTY)
    hint = _EXTENSIONS.get(_extension(filename))
    limits = limits or ReadLimits()
    token = _limits.set((limits, Budget(limits.seconds)))
    try:
        if data.startswith(b"PK\x03\x04"):
            check_zip(data, limits)
        document = _dispatch(data, hint, progress or _no_progress)
        check_characters(sum(len(p.text) for p in document.paragraphs), limits)
    except LimitExceeded as exc:
        raise ReadError(exc.message) from None
    except ReadError:
        raise
    except Exception as exc:  # any library failure is the user's damaged file
        raise ReadError(_broken_message(hint)) from exc
    finally:
        _limits.reset(token)
    if not document.paragraphs:
        raise ReadError(MSG_PDF_NO_TEXT if document.format == "pdf" else MSG_NO_TEXT)
    return document


def _extension(filename: str) -> str:
    name = filename.strip().lower()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def _broken_message(hint: str | None) -> str:
    return {
        "docx": MSG_DOCX_BROKEN,
        "pdf": MSG_PDF_BROKEN,
        "html": MSG_HTML_BROKEN,
        "xlsx": MSG_XLSX_BROKEN,
    }.get(hint or "", MSG_UNKNOWN_FORMAT)


def _no_progress(done: int, total: int) -> None:
    pass


def _dispatch(data: bytes, hint: str | None, progress: Callable[[int, int], None]) -> Document:
    head = data[:1024]
    if b"%PDF-" in head:
        return _read_pdf(data, progress)
    if data.startswith(b"PK\x03\x04"):
        members = _zip_members(data)
        if "word/document.xml" in members:
            return _read_docx(data, progress)
        if "xl/workbook.xml" in members:
            return _read_xlsx(data)
        broken = {"docx": MSG_DOCX_BROKEN, "xlsx": MSG_XLSX_BROKEN}
        raise ReadError(broken.get(hint or "", MSG_UNKNOWN_FORMAT))
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 container: a Word 97-2003 .doc or an Excel 97-2003 .xls file.
        raise ReadError(MSG_XLS_LEGACY if hint in ("xls", "xlsx") else MSG_DOC_LEGACY)
    if hint == "docx":
        raise ReadError(MSG_DOCX_BROKEN)
    if hint in ("xlsx", "xls"):
        raise ReadError(MSG_XLSX_BROKEN)
    if hint == "pdf":
        raise ReadError(MSG_PDF_BROKEN)
    if hint == "html" or _looks_like_html(data):
        return _read_html(data)
    if hint == "txt" or hint is None:
        return _read_txt(data)
    raise ReadError(MSG_UNKNOWN_FORMAT)


# --- plain text -----------------------------------------------------------------------------


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode text the way Chinese offices save it: UTF-8 (with or without BOM), UTF-16 with BOM
    (Word's "Unicode text"), otherwise GB18030, the superset of GBK and GB2312."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ReadError(MSG_BINARY)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError(MSG_TEXT_ENCODING) from None


def _looks_binary(text: str) -> bool:
    """True when too many characters are controls, replacement marks or private-use code points,
    which is what random bytes decoded as GB18030 look like."""
    if not text:
        return False
    odd = 0
    for ch in text:
        if ch in "\n\r\t\f":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Co", "Cs", "Cn") or ch == "\ufffd":
            odd += 1
    return odd > max(2, len(text) // 100)


def _check_decoded(text: str) -> None:
    current = _limits.get(None)
    if current is not None:
        check_characters(len(text), current[0])


def _read_txt(data: bytes) -> Document:
    text, encoding = _decode_text(data)
    _check_decoded(text)
    if _looks_binary(text):
        raise ReadError(MSG_BINARY)
    lines = text.splitlines()
    paragraphs = _paragraphs(_join_wrapped_txt_lines(lines))
    return Document(paragraphs=paragraphs, format="txt", encoding=encoding)


# A line of running text: it holds a clause break, or it is an enumerated point ('二是…'),
# which is a sentence, never a heading of its own.
_RUNNING_TEXT_RE = re.compile(r"[，,、]|^[一二三四五六七八九十]{1,2}是")
_POINT_START_RE = re.compile(r"^[一二三四五六七八九十]{1,2}是")
_PAGE_STRIP_RE = re.compile(r"^\d{1,4}(?:\s+\d{1,4}){3,}$")
# A page's number between the lines of a hard-wrapped page: '- 6 -', '—6—', '第2页', '第1 页共 3页'.
_TXT_PAGE_MARK_RE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)$"
)


def _wrapped(line: str) -> bool:
    """A line that stops in the middle of a sentence: running text with no stop at its end."""
    return (
        len(line) >= 8
        and not _LINE_END_RE.search(line)
        and _RUNNING_TEXT_RE.search(line) is not None
        and (not _LINE_START_HEADING_RE.match(line) or "，" in line or "," in line)
    )


def _runs_on(line: str) -> bool:
    """In hard-wrapped text, a line runs on unless it ends a sentence or is a short heading."""
    if _LINE_END_RE.search(line) or len(line) < 6:
        return False
    heading = _LINE_START_HEADING_RE.match(line)
    return heading is None or _RUNNING_TEXT_RE.search(line, heading.end()) is not None


def _join_comma_lines(lines: list[str], clean: list[str]) -> Iterator[tuple[str, str, str | None]]:
    """Text written one clause a line ('安全生产方面,' / '企业主体责任落实不到位,' / ',整体监管水平
    不高;'): no sentence ends at a comma, so a line ending with one runs on to the next line, and
    inside such a run a line opening with one goes on with it (a first line opening with a comma
    after a title stays apart). Every other line is a paragraph, as before."""
    current: list[str] = []
    first = 0
    for number, text in enumerate(clean, 1):
        if text and (
            (current and current[-1].endswith(("，", ",")))
            or (len(current) > 1 and text.startswith(("，", ",")))
        ):
            current.append(text)
            continue
        if current:
            joined = "".join(current) if len(current) > 1 else lines[first - 1]
            yield joined, f"第 {first} 行", None
        current, first = ([text], number)
    if current:
        joined = "".join(current) if len(current) > 1 else lines[first - 1]
        yield joined, f"第 {first} 行", None


def _join_wrapped_txt_lines(lines: list[str]) -> Iterator[tuple[str, str, str | None]]:
    """Text saved from a flip-book or a PDF page keeps the page's line breaks ('…不够。少数部门
    主要领导对政府信息公开工' / '作重视不够，…'). When at least three lines, and a quarter of the
    lines of eight characters or more, stop mid-sentence, the text is taken as hard-wrapped: a
    line that stops mid-sentence continues on the next, unless that one is blank or starts a
    numbered heading, a point ('二是…') or a dated line. A strip of page numbers ('7   8   9   10 …') is dropped,
    and so is a page's number between two lines of one sentence ('- 6 -', '第1页共3页').
    Within such text a line of six characters or more without a stop runs on, unless it is a
    numbered heading. Otherwise every line is a paragraph, as before. A joined paragraph keeps its first line's
    number."""
    clean = [normalise_text(line) for line in lines]
    long_lines = [line for line in clean if len(line) >= 8]
    wrapped = sum(1 for line in long_lines if _wrapped(line))
    if wrapped < 3 or wrapped * 4 < len(long_lines):
        yield from _join_comma_lines(lines, clean)
        return
    current: list[str] = []
    first = 0
    for number, line in enumerate(clean, 1):
        if _PAGE_STRIP_RE.match(line) or _TXT_PAGE_MARK_RE.match(line):
            continue
        continues = (
            current
            and line
            and _runs_on(current[-1])
            and not _LINE_START_HEADING_RE.match(line)
            and not _POINT_START_RE.match(line)
            and not _DATE_LINE_RE.match(line)
        )
        if continues:
            current.append(line)
            continue
        if current:
            yield "".join(current), f"第 {first} 行", None
        current, first = ([line], number) if line else ([], 0)
    if current:
        yield "".join(current), f"第 {first} 行", None


# --- HTML -----------------------------------------------------------------------------------

_HTML_SNIFF_RE = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|meta|div|p|table)\b", re.IGNORECASE
)
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE
)


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and _HTML_SNIFF_RE.search(head) is not None


def _decode_html(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    match = _META_CHARSET_RE.search(data[:8192])
    candidates: list[str] = []
    if match:
        declared = match.group(1).decode("ascii", "ignore").lower()
        # Pages that say gb2312 or gbk routinely contain characters only GB18030 has.
        if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "euc-cn", "cp936"):
            declared = "gb18030"
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(candidates[0] if match else "utf-8", errors="replace"), candidates[0]


class _HtmlText(HTMLParser):
    """Collect visible text; block elements and <br> end a paragraph."""

    BLOCKS = frozenset(
        [
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "br",
            "caption",
            "center",
            "dd",
            "details",
            "dialog",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "html",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "title",
            "tr",
            "ul",
        ]
    )
    HIDDEN = frozenset(
        ["head", "script", "style", "noscript", "template", "iframe", "object", "svg", "select"]
    )
    VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str | None]] = []
        self._buffer: list[str] = []
        self._hidden: list[str] = []
        self._headings: list[int] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            if tag not in self.VOID:
                self._hidden.append(tag)
            return
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._headings.append(int(tag[1]))
        elif tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            # Close the innermost matching hidden element; tolerate sloppy nesting.
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._headings:
            self._headings.pop()
        elif tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            lines = data.split("\n")
            for line in lines[:-1]:
                self._buffer.append(line)
                self._flush()
            self._buffer.append(lines[-1])
        else:
            # HTML collapses source whitespace, but NBSP (used for indentation) survives.
            self._buffer.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        if text.strip():
            style = f"Heading {self._headings[-1]}" if self._headings else None
            self.blocks.append((text, style))


def _read_html(data: bytes) -> Document:
    text, encoding = _decode_html(data)
    _check_decoded(text)
    if _looks_binary(text):
        raise ReadError(MSG_BINARY)
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    paragraphs = _paragraphs(
        (block, f"第 {number} 段", style) for number, (block, style) in enumerate(parser.blocks, 1)
    )
    return Document(paragraphs=paragraphs, format="html", encoding=encoding)


# --- Word (.docx) ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _zip_members(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return set()


def _read_docx(data: bytes, progress: Callable[[int, int], None] = _no_progress) -> Document:
    import docx  # python-docx; imported here so text/PDF reading does not pay for it
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on bad zips
        raise ReadError(MSG_DOCX_BROKEN) from exc
    numbering = _WordNumbering(word)
    tables: list[RawTable] = []
    style_name = _StyleNames(word)

    def items() -> Iterator[tuple[str, str, str | None]]:
        paragraph_number = 0
        table_number = 0
        last_text: str | None = None
        body = list(word.element.body.iterchildren())
        for position, element in enumerate(body, 1):
            progress(position, len(body))
            _check_time()
            if element.tag == _W + "p":
                paragraph = DocxParagraph(element, word)
                paragraph_number += 1
                style = style_name(paragraph)
                prefix = numbering.prefix(paragraph)
                text = prefix + paragraph.text
                if text.strip():
                    last_text = normalise_text(text)
                yield text, f"第 {paragraph_number} 段", style
            elif element.tag == _W + "tbl":
                table_number += 1
                table = RawTable(rows=[], locators=[], caption=last_text)
                tables.append(table)
                # Read the XML directly: python-docx's row.cells rebuilds the whole grid for
                # every row, which makes a 200-row table take seconds.
                above: list[str] = []
                docx_table = Table(element, word)
                for row_number, tr in enumerate(element.tr_lst, 1):
                    locator = f"第 {table_number} 个表格第 {row_number} 行"
                    texts: list[str] = []
                    for tc in tr.tc_lst:
                        span = max(1, tc.grid_span)
                        column = len(texts)
                        if tc.vMerge == "continue":
                            # A vertically merged cell repeats the text of the cell above.
                            repeated = above[column : column + span]
                            texts += repeated + [""] * (span - len(repeated))
                            continue
                        cell = _Cell(tc, docx_table)
                        text = normalise_text(cell.text)
                        texts += [text] * span
                        for cell_paragraph in cell.paragraphs:
                            yield cell_paragraph.text, locator, style_name(cell_paragraph)
                    table.rows.append(texts)
                    table.locators.append(locator)
                    above = texts

    paragraphs = _paragraphs(items())
    return Document(paragraphs=paragraphs, format="docx", encoding=None, tables=tables)


# --- Excel (.xlsx) --------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Document:
    """Every sheet as a table (merged ranges filled with their top-left value) and every
    non-empty row as one paragraph, its cells joined by ' | ', located '工作表“名”第 N 行'."""
    import openpyxl  # imported here so reports that are not spreadsheets do not pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ReadError(MSG_XLSX_BROKEN) from exc
    tables: list[RawTable] = []
    items: list[tuple[str, str, str | None]] = []
    for sheet in workbook.worksheets:
        merged: dict[tuple[int, int], Any] = {}
        for cell_range in sheet.merged_cells.ranges:
            value = sheet.cell(cell_range.min_row, cell_range.min_col).value
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    merged[(row, column)] = value
        table = RawTable(rows=[], locators=[], caption=None)
        for row_number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [
                _cell_text(merged.get((row_number, column), value))
                for column, value in enumerate(row, 1)
            ]
            while cells and not cells[-1]:
                cells.pop()
            if not any(cells):
                continue
            locator = f"工作表“{sheet.title}”第 {row_number} 行"
            table.rows.append(cells)
            table.locators.append(locator)
            distinct: list[str] = []
            for text in cells:
                if text and text not in distinct:
                    distinct.append(text)
            items.append((" | ".join(distinct), locator, None))
        if table.rows:
            tables.append(table)
    workbook.close()
    return Document(paragraphs=_paragraphs(items), format="xlsx", encoding=None, tables=tables)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalise_text(str(value))


class _StyleNames:
    """A paragraph's style name from its style id, with the names looked up once: python-docx's
    paragraph.style searches the whole styles part on every call (seconds for a long table)."""

    def __init__(self, word: Any) -> None:
        self.names: dict[str, str] = {}
        self.default: str | None = None
        try:
            for style in word.styles:
                if style.style_id and style.name:
                    self.names[style.style_id] = style.name
            from docx.enum.style import WD_STYLE_TYPE

            default = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self.default = default.name if default is not None else None
        except Exception:  # noqa: BLE001 - a damaged styles part must not stop the import
            self.names, self.default = {}, None

    def __call__(self, paragraph: Any) -> str | None:
        try:
            style_id = paragraph._p.style
        except Exception:  # noqa: BLE001
            return _style_name(paragraph)
        if style_id is None:
            return self.default
        return self.names.get(style_id, self.default)


def _style_name(paragraph: Any) -> str | None:
    try:
        style = paragraph.style
    except Exception:  # noqa: BLE001 - a dangling style id must not stop the import
        return None
    return style.name if style is not None else None


class _WordNumbering:
    """Synthesise the visible prefix of Word's automatic numbering ('一、', '（一）', '1.')."""

    def __init__(self, word: Any) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = word.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part at all is normal
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.findall(_W + "abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in definition.findall(_W + "lvl"):
                fmt = level.find(_W + "numFmt")
                text = level.find(_W + "lvlText")
                start = level.find(_W + "start")
                levels[_int(level.get(_W + "ilvl"))] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    _int(start.get(_W + "val"), 1) if start is not None else 1,
                )
            abstract[definition.get(_W + "abstractNumId", "")] = levels
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None and ref.get(_W + "val") in abstract:
                self._levels[num.get(_W + "numId", "")] = abstract[ref.get(_W + "val", "")]

    def prefix(self, paragraph: Any) -> str:
        if not self._levels:
            return ""
        num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            # Heading styles often carry the numbering themselves.
            try:
                style_element = paragraph.style.element if paragraph.style is not None else None
            except Exception:  # noqa: BLE001 - a broken style falls back to no numbering
                style_element = None
            if style_element is not None:
                num_pr = style_element.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id_el = num_pr.find(_W + "numId")
        ilvl_el = num_pr.find(_W + "ilvl")
        num_id = num_id_el.get(_W + "val", "") if num_id_el is not None else ""
        ilvl = _int(ilvl_el.get(_W + "val")) if ilvl_el is not None else 0
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels or not paragraph.text.strip():
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        fmt, template, _ = levels[ilvl]
        if fmt == "bullet":
            return ""

        def substitute(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            return _format_number(counters.get(level, level_start), level_fmt)

        return re.sub(r"%([1-9])", substitute, template)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return chinese_numeral(n)
    if fmt in ("japaneseCounting", "taiwaneseCounting", "ideographDigital"):
        return chinese_numeral(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "upperLetter" and 1 <= n <= 26:
        return chr(ord("A") + n - 1)
    if fmt == "lowerLetter" and 1 <= n <= 26:
        return chr(ord("a") + n - 1)
    if fmt == "none":
        return ""
    return str(n)


# --- PDF ------------------------------------------------------------------------------------
# pypdf is used rather than pdfplumber: both extract the same text from the reference PDF,
# and pypdf is several times faster (see bench/RESULTS.md).

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
# A sentence's stop ends a line, and so does a bracket closed after one ('…公布。（牵头单位：…）').
_LINE_END_RE = re.compile(r"[。！？；：!?;:]$|[。！？；!?;]\s*[（(][^（）()]*[)）]$")
_LINE_START_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、，.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d))"
)
_DATE_LINE_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _read_pdf(data: bytes, progress: Callable[[int, int], None] = _no_progress) -> Document:
    import pypdf
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(MSG_PDF_ENCRYPTED)
        page_count = len(reader.pages)
    except ReadError:
        raise
    except FileNotDecryptedError as exc:
        raise ReadError(MSG_PDF_ENCRYPTED) from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ReadError(MSG_PDF_BROKEN) from exc
    if page_count == 0:
        raise ReadError(MSG_PDF_NO_PAGES)
    current = _limits.get(None)
    if current is not None:
        check_pages(page_count, current[0])
    pages: list[list[str]] = []
    for number, page in enumerate(reader.pages, 1):
        _check_time()
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page should not lose the others
            text = ""
        lines = [normalise_text(line) for line in text.splitlines()]
        pages.append([line for line in lines if line and not _PAGE_NUMBER_RE.match(line)])
        progress(number, page_count)
    return Document(paragraphs=_paragraphs(_join_pdf_lines(pages)), format="pdf", encoding=None)


def _join_pdf_lines(pages: list[list[str]]) -> Iterator[tuple[str, str, str | None]]:
    """Re-join lines that PDF layout wrapped: a line as long as the page's longest line that does
    not end a sentence continues on the next line, unless that line starts a numbered heading."""
    current: list[str] = []
    current_page = 0
    previous_full = False
    for page_number, lines in enumerate(pages, 1):
        full_width = max((len(line) for line in lines), default=0) * 0.9
        for line in lines:
            continues = (
                current
                and previous_full
                and not _LINE_START_HEADING_RE.match(line)
                and not _DATE_LINE_RE.match(line)
            )
            if continues:
                current.append(line)
            else:
                if current:
                    yield "".join(current), f"第 {current_page} 页", None
                current = [line]
                current_page = page_number
            previous_full = (
                full_width >= 15 and len(line) >= full_width and not _LINE_END_RE.search(line)
            )
    if current:
        yield "".join(current), f"第 {current_page} 页", None
