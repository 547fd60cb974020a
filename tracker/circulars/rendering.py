"""Rendering a 督查通报 as .docx in the GB/T 9704 layout (no Django import).

版头: the issuing office's name in red (发文机关标志), the number (督查通报〔2026〕1号)
centred under it and a red line across the text area; 主体: title in 2号小标宋,
主送机关, body in 3号仿宋 at 28 pt, level-1 headings 黑体 and level-2 楷体,
tables for the numbers, signature and date; 版记: 抄送 and 印发 between
lines; page numbers — n — (odd right, even left). The page set-up, fonts and
page numbers are the report draft's (tracker.reporting.draft); the zip is
normalised as the slips' (tracker.slips.rendering), so equal content gives
equal bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tracker.reporting.draft import (
    BODY_FONT,
    H1_FONT,
    H2_FONT,
    TITLE_FONT,
    _paragraph,
    _set_run_font,
    _setup,
    add_page_numbers,
)
from tracker.slips.rendering import _fixed_datetime, _normalised_zip, clean_text

RED = RGBColor(0xE6, 0x00, 0x12)


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    after: list[str] = field(default_factory=list)


@dataclass
class CircularContent:
    issuer: str  # 发文机关, printed in red at the top
    number: str  # 督查通报〔2026〕1号, or "（未编号）" for a draft
    title: str
    addressee: str  # 主送机关
    opening: str
    sections: list[Section]
    signature: str
    issued_on: str  # 2026年12月1日
    copy_to: str  # 抄送
    printed_by: str  # 印发机关
    draft: bool = False


_PBDR_SUCCESSORS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_SIDES = ("top", "left", "bottom", "right")


def _border(paragraph: Any, *, color: str = "E60012", size: int = 12, side: str = "bottom") -> None:
    """A line above or below the paragraph, across the text area (schema order kept)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.insert_element_before(borders, *_PBDR_SUCCESSORS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)
    for child in sorted(borders, key=lambda e: _SIDES.index(e.tag.split("}")[1])):
        borders.append(child)  # re-appending moves it: top, left, bottom, right


def _widths(table: Table) -> list[float]:
    """Column widths (cm) over the 15.6 cm text area: the longest texts get the room."""
    longest = [
        max([len(table.headers[i]), *(len(row[i]) for row in table.rows)])
        for i in range(len(table.headers))
    ]
    weights = [min(max(n, 3), 24) for n in longest]
    return [15.6 * w / sum(weights) for w in weights]


def _table(document: Any, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = _widths(table)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)  # w:gridCol, which LibreOffice and WPS follow
    for cell, text, width in zip(grid.rows[0].cells, table.headers, widths, strict=True):
        cell.width = Cm(width)
        _set_run_font(cell.paragraphs[0].add_run(clean_text(text)), H1_FONT, 12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.width = Cm(width)
            _set_run_font(cell.paragraphs[0].add_run(clean_text(text)), BODY_FONT, 12)


def render_circular_docx(content: CircularContent) -> bytes:
    document = Document()
    _setup(document)
    if content.draft:
        _paragraph(
            document, "（征求意见稿，未签发）", size=12, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT
        )
    head = _paragraph(
        document,
        clean_text(content.issuer),
        font=TITLE_FONT,
        size=36,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    head.paragraph_format.line_spacing = Pt(54)
    for run in head.runs:
        run.font.color.rgb = RED
    _paragraph(document, "", indent=False)
    number = _paragraph(
        document, clean_text(content.number), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _border(number, size=18)  # 版头中的分隔线: red, across the text area
    _paragraph(document, "", indent=False)
    _paragraph(
        document,
        clean_text(content.title),
        font=TITLE_FONT,
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "", indent=False)
    _paragraph(document, clean_text(content.addressee), indent=False)
    _paragraph(document, clean_text(content.opening))
    for section in content.sections:
        level = 2 if section.heading.startswith("（") else 1
        _paragraph(document, clean_text(section.heading), font=H1_FONT if level == 1 else H2_FONT)
        for text in section.paragraphs:
            for line in clean_text(text).splitlines() or [""]:
                if line.strip():
                    _paragraph(document, line.strip())
        if section.table is not None and section.table.rows:
            _table(document, section.table)
        for text in section.after:
            _paragraph(document, clean_text(text))
    _paragraph(document, "", indent=False)
    _paragraph(
        document, clean_text(content.signature), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT
    ).paragraph_format.right_indent = Pt(64)
    _paragraph(
        document, clean_text(content.issued_on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT
    ).paragraph_format.right_indent = Pt(48)
    _paragraph(document, "", indent=False)
    # 版记: 抄送 and 印发机关/日期 between a thick first and last line and a thin one between.
    copy = _paragraph(document, f"抄送：{clean_text(content.copy_to)}。", size=14, indent=False)
    _border(copy, color="000000", size=12, side="top")
    _border(copy, color="000000", size=4, side="bottom")
    printed = _paragraph(
        document,
        f"{clean_text(content.printed_by)}　　　　{clean_text(content.issued_on)}印发",
        size=14,
        indent=False,
    )
    _border(printed, color="000000", size=12, side="bottom")
    add_page_numbers(document)
    properties = document.core_properties
    properties.title = clean_text(f"{content.number} {content.title}")[:200]
    properties.author = clean_text(content.issuer)
    properties.created = properties.modified = _fixed_datetime()
    properties.last_modified_by = ""
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue())
