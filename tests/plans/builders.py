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
