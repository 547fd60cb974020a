"""Rendering a 督办单 (a numbered supervision slip) as .docx and PDF.

Plain Python: a ``SlipContent`` in, bytes out, no Django import. The same
content always gives the same bytes — the zip entries of the .docx carry a
fixed date and the PDF is written in reportlab's invariant mode — so a slip
can be re-rendered from its stored content and compared with the stored file.

The layout follows the 督办单 offices print: the issuing office and the slip's
name at the top, the number (督办〔2022〕12号) under it, a table with the task,
the lead and co-operating departments, the deadline and the requirements,
the signature and date, and below a cut line the 回执 the division returns
when it signs for the task.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tracker.security.text import xml_text

# A date every zip entry carries, so that equal content gives equal bytes.
_FIXED_ZIP_DATE = (2000, 1, 1, 0, 0, 0)

# Fonts with Chinese glyphs found on Debian/Kylin/UOS servers, in order of
# preference; SLIP_PDF_FONT in the settings names another one.
PDF_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)


def clean_text(value: str) -> str:
    """Text safe for XML: control characters removed, line ends kept (no text for None)."""
    return xml_text(value or "")


@dataclass(frozen=True)
class SlipContent:
    """Everything printed on a slip, as the user reads it."""

    heading: str  # e.g. 督办事项交办通知单
    office: str  # the issuing office
    number: str  # e.g. 交办〔2022〕3号
    task_title: str
    task_description: str
    lead_department: str
    cooperating_departments: str
    deadline: str  # e.g. 2022年6月30日
    requirements: str  # what the division must do, in the office's words
    signature: str  # the issuing office again, or a named person
    issued_on: str  # e.g. 2022年3月1日
    receipt: bool = True  # print the 回执 part
    extra_rows: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["extra_rows"] = [list(row) for row in self.extra_rows]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlipContent:
        values = dict(data)
        rows: list[list[str]] = values.pop("extra_rows", None) or []
        return cls(**values, extra_rows=tuple((str(a), str(b)) for a, b in rows))

    def rows(self) -> list[tuple[str, str]]:
        rows = [
            ("督办事项", self.task_title),
            ("事项内容", self.task_description or "—"),
            ("牵头单位", self.lead_department or "—"),
            ("配合单位", self.cooperating_departments or "—"),
            ("完成时限", self.deadline or "—"),
            *self.extra_rows,
            ("办理要求", self.requirements),
        ]
        return [(label, clean_text(value)) for label, value in rows]


RECEIPT_ROWS = ("签收单位", "签收人", "联系电话", "签收时间")


def render_docx(content: SlipContent) -> bytes:
    """The slip as a Word document (A4, 仿宋/黑体 where the reader has them)."""

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def paragraph(
        text: str,
        *,
        size: int,
        bold: bool = False,
        font: str = "仿宋_GB2312",
        align: Any = WD_ALIGN_PARAGRAPH.LEFT,
    ) -> None:
        para = document.add_paragraph()
        para.alignment = align
        run = para.add_run(clean_text(text))
        run.font.size = Pt(size)
        run.bold = bold
        run.font.name = font
        # East Asian text takes its font from w:eastAsia, not from w:ascii.
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    paragraph(content.office, size=16, font="黑体", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(
        content.heading, size=22, bold=True, font="方正小标宋简体", align=WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph(content.number, size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in content.rows():
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.2), Cm(12.4)
        cells[0].text, cells[1].text = label, value

    paragraph("", size=12)
    paragraph(f"{content.signature}（盖章）", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(content.issued_on, size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    if content.receipt:
        paragraph("-" * 30 + " 沿此线剪开 " + "-" * 30, size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph("回    执", size=18, bold=True, font="黑体", align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph(f"{content.number}　{content.task_title}", size=14)
        receipt = document.add_table(rows=0, cols=2)
        receipt.style = "Table Grid"
        for label in RECEIPT_ROWS:
            cells = receipt.add_row().cells
            cells[0].text, cells[1].text = label, ""

    # Fixed document properties: a re-render must give the same bytes.
    properties = document.core_properties
    properties.author = clean_text(content.office)
    properties.title = clean_text(f"{content.heading} {content.number}")
    properties.created = properties.modified = _fixed_datetime()
    properties.last_modified_by = ""
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalised_zip(buffer.getvalue())


def _fixed_datetime() -> dt.datetime:
    return dt.datetime(*_FIXED_ZIP_DATE)  # noqa: DTZ001 - a document property, not a moment


def _normalised_zip(data: bytes) -> bytes:
    """The same zip with every entry dated alike, so equal content is equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _pdf_font(font_path: str | None) -> str:
    """Register a font with Chinese glyphs and return its name for reportlab."""

    candidates = [font_path] if font_path else list(PDF_FONT_CANDIDATES)
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            name = "DubanSlip-" + Path(candidate).stem
            if name not in pdfmetrics.getRegisteredFontNames():
                kwargs = {"subfontIndex": 0} if candidate.endswith(".ttc") else {}
                pdfmetrics.registerFont(TTFont(name, candidate, **kwargs))
            return name
    # No font file: Adobe's built-in CID font (shown by readers that have it).
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_pdf(content: SlipContent, *, font_path: str | None = None) -> bytes:
    """The slip as an A4 PDF, invariant (no creation date or random id)."""

    font = _pdf_font(font_path)

    def style(size: int, align: int = 0, leading: float | None = None) -> ParagraphStyle:
        return ParagraphStyle(
            f"s{size}{align}",
            fontName=font,
            fontSize=size,
            leading=leading or size * 1.5,
            alignment=align,
            wordWrap="CJK",
        )

    def para(text: str, st: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(clean_text(text)).replace("\n", "<br/>"), st)

    body = style(12)
    story: list[object] = [
        para(content.office, style(15, TA_CENTER)),
        Spacer(1, 0.2 * cm),
        para(content.heading, style(22, TA_CENTER)),
        Spacer(1, 0.3 * cm),
        para(content.number, style(13, TA_RIGHT)),
        Spacer(1, 0.3 * cm),
    ]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), font),
        ]
    )
    rows = [[para(label, body), para(value, body)] for label, value in content.rows()]
    story.append(Table(rows, colWidths=[3 * cm, 12.5 * cm], style=grid))
    story += [
        Spacer(1, 0.8 * cm),
        para(f"{content.signature}（盖章）", style(13, TA_RIGHT)),
        para(content.issued_on, style(13, TA_RIGHT)),
    ]
    if content.receipt:
        story += [
            Spacer(1, 0.8 * cm),
            para("- - - - - - - - - - 沿此线剪开 - - - - - - - - - -", style(10, TA_CENTER)),
            Spacer(1, 0.3 * cm),
            para("回　执", style(18, TA_CENTER)),
            Spacer(1, 0.2 * cm),
            para(f"{content.number}　{content.task_title}", body),
            Spacer(1, 0.2 * cm),
            Table(
                [[para(label, body), ""] for label in RECEIPT_ROWS],
                colWidths=[3 * cm, 12.5 * cm],
                rowHeights=0.9 * cm,
                style=grid,
            ),
        ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title=clean_text(f"{content.heading} {content.number}"),
        author=clean_text(content.office),
        leftMargin=2.6 * cm,
        rightMargin=2.6 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
    )
    document.build(story)
    return buffer.getvalue()
