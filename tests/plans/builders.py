"""Build the same report as .docx, .pdf, .html and GB18030 text, for tests and the benchmark."""

from __future__ import annotations

import html
import io
from pathlib import Path

from plans.reading import INDENT_RUN_RE, normalise_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"

# The reference report mixes half-width punctuation in; a Word original would use full width.
_TO_FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def report_lines(text: str) -> list[str]:
    """The non-empty lines of a report, normalised as the reader would (a line a web page
    flattened from several paragraphs, with indentation runs inside, gives several)."""
    pieces = (piece for raw in text.splitlines() for piece in INDENT_RUN_RE.split(raw))
    return [line for line in (normalise_text(piece) for piece in pieces) if line]


def to_full_width(line: str) -> str:
    return line.translate(_TO_FULL_WIDTH)


def build_docx(lines: list[str], *, heading_styles: bool = True) -> bytes:
    """A Word document with one paragraph per line; '一、' headings get the Heading 1 style."""
    import docx

    document = docx.Document()
    for line in lines:
        if heading_styles and line[:2] in ("一、", "二、", "三、", "四、"):
            document.add_paragraph(line, style="Heading 1")
        else:
            document.add_paragraph("\u3000\u3000" + line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf(lines: list[str], *, chars_per_line: int = 28, repeat: int = 1) -> bytes:
    """An A4 PDF in the official-document layout (28 characters a line), text drawn with the
    STSong-Light CID font so no font file is needed; ``repeat`` multiplies the body for size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    size = 15
    y = height - 72
    page = 1

    def new_page() -> None:
        nonlocal y, page
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(width / 2, 40, f"- {page} -")
        pdf.showPage()
        page += 1
        y = height - 72

    for _ in range(repeat):
        for line in lines:
            chunks = [line[i : i + chars_per_line] for i in range(0, len(line), chars_per_line)]
            for chunk in chunks:
                if y < 80:
                    new_page()
                pdf.setFont("STSong-Light", size)
                pdf.drawString(60, y, chunk)
                y -= size * 1.6
    new_page()
    pdf.save()
    return buffer.getvalue()


def build_empty_pdf() -> bytes:
    """A syntactically valid PDF with zero pages."""
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


def build_scanned_pdf() -> bytes:
    """A page with only drawings and no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for i in range(20):
        pdf.rect(50 + i * 10, 400, 8, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_html(lines: list[str], *, charset: str = "utf-8") -> bytes:
    """A web page as a government site serves it: navigation, breadcrumb, script, footer."""
    body = "\n".join(
        f'<p style="text-indent:2em">&nbsp;&nbsp;{html.escape(line)}</p>' for line in lines
    )
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(lines[0])}_应急厅文件</title>
<style>.nav {{ color: red; }}</style>
<script>var notAParagraph = "一、这不是标题";</script></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>
<div class="crumb">当前位置:首页&nbsp;&gt;&nbsp;公文通告&nbsp;&gt;&nbsp;应急厅文件</div>
<div class="article">
{body}
</div>
<div class="info">发布时间:2022-12-09 13:20:00 来源:<br>打印| 字号:[ ]|</div>
<div class="footer">主办:吉林省应急管理厅 &nbsp; 吉ICP备05001602号<br>
地址:吉林省长春市人民大街3727号<br>网站标识码:2200000056 访问量统计:<br>微信公众号</div>
<script>document.write("二、也不是")</script>
</body></html>"""
    return page.encode(charset)


# --- task-division tables (任务分工方案) -------------------------------------------------------

TASK_TABLE_CAPTION = "某省应急管理厅2022年法治政府建设重点任务分工方案"
# (group heading | (task, measure, lead, cooperating, time limit)) — the task cell of rows
# under the same task is merged vertically, the group rows are merged across the table.
TASK_TABLE_ROWS: list[str | tuple[str, str, str, str, str]] = [
    "一、完善依法行政制度体系",
    (
        "加强重点领域立法",
        "起草《安全生产条例》修订草案",
        "省应急厅政策法规处",
        "安全生产基础处、执法总队",
        "2022年6月底前",
    ),
    ("加强重点领域立法", "开展规章清理", "政策法规处", "办公室", "年底前"),
    "二、严格规范公正文明执法",
    ("深化执法改革", "推行行政执法三项制度", "执法监督处", "", "每季度"),
    ("深化执法改革", "开展执法案卷评查", "执法监督处", "各市（州）应急局", "长期坚持"),
    ("加强执法队伍建设", "组织执法资格培训", "人事处", "政策法规处", "持续推进"),
]
TASK_TABLE_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]


def build_task_table_docx(
    rows: list[str | tuple[str, str, str, str, str]] | None = None,
    *,
    header: list[str] | None = None,
    two_row_header: bool = False,
) -> bytes:
    """A Word document: a caption paragraph and the task-division table, with the task cells of
    consecutive rows merged vertically and group rows merged across the table."""
    import docx

    rows = TASK_TABLE_ROWS if rows is None else rows
    header = header or TASK_TABLE_HEADER
    document = docx.Document()
    document.add_paragraph(TASK_TABLE_CAPTION)
    header_rows = 2 if two_row_header else 1
    table = document.add_table(rows=header_rows + len(rows), cols=len(header))
    if two_row_header:
        # '责任单位' over '牵头单位' / '配合单位'.
        for column, name in enumerate(header):
            table.cell(0, column).text = "责任单位" if name in ("牵头单位", "配合单位") else name
            table.cell(1, column).text = name if name in ("牵头单位", "配合单位") else ""
        lead = header.index("牵头单位")
        table.cell(0, lead).merge(table.cell(0, lead + 1)).text = "责任单位"
        for column, name in enumerate(header):
            if name not in ("牵头单位", "配合单位"):
                table.cell(0, column).merge(table.cell(1, column)).text = name
    else:
        for column, name in enumerate(header):
            table.cell(0, column).text = name
    number = 0
    previous: tuple[int, str] | None = None
    for offset, row in enumerate(rows):
        r = header_rows + offset
        if isinstance(row, str):
            merged = table.cell(r, 0).merge(table.cell(r, len(header) - 1))
            merged.text = row
            previous = None
            continue
        number += 1
        task, measure, lead, cooperating, deadline = row
        values = [str(number), task, measure, lead, cooperating, deadline]
        for column, value in enumerate(values):
            if column == 1 and previous is not None and previous[1] == task:
                continue
            table.cell(r, column).text = value
        if previous is not None and previous[1] == task:
            table.cell(previous[0], 1).merge(table.cell(r, 1)).text = task
        else:
            previous = (r, task)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_task_table_xlsx(
    rows: list[str | tuple[str, str, str, str, str]] | None = None,
    *,
    header: list[str] | None = None,
) -> bytes:
    """The same table as a spreadsheet: a merged title row, the header, merged task cells."""
    import openpyxl

    rows = TASK_TABLE_ROWS if rows is None else rows
    header = header or TASK_TABLE_HEADER
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分工"
    sheet.cell(1, 1, TASK_TABLE_CAPTION)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for column, name in enumerate(header, 1):
        sheet.cell(2, column, name)
    number = 0
    start_of_task: tuple[int, str] | None = None
    for offset, row in enumerate(rows):
        r = 3 + offset
        if isinstance(row, str):
            sheet.cell(r, 1, row)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
            start_of_task = None
            continue
        number += 1
        task, measure, lead, cooperating, deadline = row
        for column, value in enumerate([number, task, measure, lead, cooperating, deadline], 1):
            if column == 2 and start_of_task is not None and start_of_task[1] == task:
                continue
            sheet.cell(r, column, value or None)
        if start_of_task is not None and start_of_task[1] == task:
            sheet.merge_cells(start_row=start_of_task[0], start_column=2, end_row=r, end_column=2)
        else:
            start_of_task = (r, task)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
