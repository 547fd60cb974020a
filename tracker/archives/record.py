"""The printed parts of an archive package: a task's record (.docx and PDF),
its timeline (.csv) and the human-readable manifest (归档清单.docx).

Plain Python over plain values (``TaskRecord``), no database access: the
services gather the values, these functions lay them out. The .docx files
follow GB/T 9704 like the report draft (tracker.reporting.draft) and carry
its page numbers; the PDF uses the slips' Chinese font (tracker.slips.rendering).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tracker.reporting.draft import (
    H1_FONT,
    TITLE_FONT,
    _paragraph,
    _set_run_font,
    _setup,
    add_page_numbers,
)
from tracker.slips.rendering import _normalised_zip, _pdf_font, clean_text


@dataclass
class TaskRecord:
    """Everything the record of one task prints, as the reader reads it."""

    office: str
    title: str
    facts: list[tuple[str, str]]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    timeline: list[dict[str, str]] = field(default_factory=list)


TIMELINE_COLUMNS = (
    ("time", "时间"),
    ("actor", "操作人"),
    ("role", "角色"),
    ("department", "所在单位"),
    ("action", "操作代码"),
    ("sentence", "办理过程"),
    ("hash", "审计哈希"),
)


def _table(document: Any, rows: list[tuple[str, str]], widths: tuple[float, float]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        for cell, text, bold in ((cells[0], label, True), (cells[1], value, False)):
            paragraph = cell.paragraphs[0]
            _set_run_font(paragraph.add_run(clean_text(text)), "仿宋_GB2312", 12, bold)


def record_docx(record: TaskRecord) -> bytes:
    document = Document()
    _setup(document)
    _paragraph(
        document,
        record.office,
        font=H1_FONT,
        size=16,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        document,
        "督办事项办理记录",
        font=TITLE_FONT,
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "", indent=False)
    _table(document, record.facts, (3.2, 12.4))
    for heading, lines in record.sections:
        _paragraph(document, heading, font=H1_FONT, indent=True)
        for line in lines or ["无。"]:
            _paragraph(document, clean_text(line), size=14)
    add_page_numbers(document)
    properties = document.core_properties
    properties.title = clean_text(record.title)[:200]
    properties.author = clean_text(record.office)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue())


def record_pdf(record: TaskRecord, *, font_path: str | None = None) -> bytes:
    font = _pdf_font(font_path)

    def style(size: int, align: int = 0) -> ParagraphStyle:
        return ParagraphStyle(
            f"r{size}{align}",
            fontName=font,
            fontSize=size,
            leading=size * 1.5,
            alignment=align,
            wordWrap="CJK",
        )

    def para(text: str, st: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(clean_text(text)).replace("\n", "<br/>"), st)

    body = style(11)
    story: list[Any] = [
        para(record.office, style(14, TA_CENTER)),
        Spacer(1, 0.2 * cm),
        para("督办事项办理记录", style(20, TA_CENTER)),
        Spacer(1, 0.4 * cm),
        Table(
            [[para(label, body), para(value, body)] for label, value in record.facts],
            colWidths=[3 * cm, 12.5 * cm],
            style=TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            ),
        ),
    ]
    for heading, lines in record.sections:
        story += [Spacer(1, 0.4 * cm), para(heading, style(13))]
        story += [para(line, body) for line in lines or ["无。"]]

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 11)
        canvas.drawCentredString(A4[0] / 2, 1.5 * cm, f"— {doc.page} —")

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title=clean_text(record.title)[:200],
        author=clean_text(record.office),
        leftMargin=2.6 * cm,
        rightMargin=2.6 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
    ).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def timeline_csv(record: TaskRecord) -> bytes:
    """办理过程 as CSV (UTF-8 with BOM, so Excel and WPS open it in Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _key, label in TIMELINE_COLUMNS])
    for row in record.timeline:
        writer.writerow([clean_text(row.get(key, "")) for key, _label in TIMELINE_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def manifest_docx(
    *, office: str, title: str, facts: list[tuple[str, str]], files: list[dict[str, Any]]
) -> bytes:
    """归档清单: who archived what, and every file with its size and checksums."""
    document = Document()
    _setup(document)
    _paragraph(
        document, office, font=H1_FONT, size=16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph(
        document,
        "归 档 清 单",
        font=TITLE_FONT,
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, clean_text(title), size=14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", indent=False)
    _table(document, facts, (3.2, 12.4))
    _paragraph(document, "", indent=False)
    with_sm3 = any("sm3" in item for item in files)
    headers = ["序号", "文件", "大小（字节）", "SHA-256", *(["SM3"] if with_sm3 else [])]
    # Widths in cm within the 15.6 cm text area: the hashes need the room.
    widths = [0.9, 5.4, 1.7, 3.8, 3.8] if with_sm3 else [0.9, 6.8, 1.9, 6.0]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # w:gridCol, which LibreOffice and WPS follow
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)
        _set_run_font(cell.paragraphs[0].add_run(text), "黑体", 10.5)
    for number, item in enumerate(files, 1):
        values = [str(number), item["path"], str(item["size"]), item["sha256"]]
        if with_sm3:
            values.append(item.get("sm3", ""))
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths, strict=True):
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(clean_text(text))
            _set_run_font(run, "仿宋_GB2312", 9)
            run.font.size = Pt(7) if len(text) == 64 else Pt(9)
    _paragraph(document, "", indent=False)
    _paragraph(
        document,
        "核验方法：在督办系统服务器上运行 manage.py verify_archive 归档包.zip，"
        "逐一核对上表各文件的大小与校验值；任何文件被增删或改动都会被指出。",
        size=12,
    )
    add_page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue())
