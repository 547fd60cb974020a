"""The reader turns every accepted upload into the same paragraphs, and refuses the rest in Chinese."""

from __future__ import annotations

import io
import zipfile

import pytest

from plans.reading import Document, ReadError, read_document
from tests.plans import builders

REFERENCE = builders.fixture_text("jilin_2021.txt")
LINES = builders.report_lines(REFERENCE)


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_utf8_text_keeps_lines_and_locators() -> None:
    document = read_document(REFERENCE.encode("utf-8"), "report.txt")
    assert document.format == "txt"
    assert document.encoding == "utf-8"
    assert texts(document) == LINES
    assert document.paragraphs[1].locator == "第 3 行"
    assert [p.index for p in document.paragraphs] == list(range(len(LINES)))


def test_utf8_with_bom_and_gb18030_read_the_same() -> None:
    with_bom = read_document(b"\xef\xbb\xbf" + REFERENCE.encode("utf-8"), "report.txt")
    gb = read_document(REFERENCE.encode("gb18030"), "report.txt")
    assert texts(with_bom) == LINES
    assert texts(gb) == LINES
    assert gb.encoding == "gb18030"


def test_full_width_spaces_and_nbsp_are_stripped() -> None:
    document = read_document(
        "\u3000\u3000（一）加强\u00a0\u00a0执法。\r\n\u00a0\n".encode(), "a.txt"
    )
    assert texts(document) == ["（一）加强 执法。"]


def test_html_drops_scripts_and_splits_blocks() -> None:
    document = read_document(builders.build_html(LINES), "page.html")
    assert document.format == "html"
    found = texts(document)
    assert "一、这不是标题" not in " ".join(found)
    assert "吉林省应急管理厅关于2021年度" in found
    assert "2022年1月13日" in found
    # The footer line's indentation run splits it, as in the text reading.
    assert "主办:吉林省应急管理厅" in found and "吉ICP备05001602号" in found


def test_html_with_gb2312_meta_is_decoded() -> None:
    document = read_document(builders.build_html(LINES, charset="gb18030"), "page.htm")
    assert "吉林省应急管理厅关于2021年度" in texts(document)
    assert document.encoding == "gb18030"


def test_html_br_is_a_paragraph_boundary() -> None:
    page = b"<html><body><p>\xe4\xb8\x80\xe3\x80\x81A<br>B</p></body></html>"
    assert texts(read_document(page, "x.html")) == ["一、A", "B"]


def test_docx_paragraphs_and_heading_styles() -> None:
    lines = [builders.to_full_width(line) for line in LINES]
    document = read_document(builders.build_docx(lines), "report.docx")
    assert document.format == "docx"
    assert texts(document) == lines
    heading = next(p for p in document.paragraphs if p.text.startswith("三、"))
    assert heading.style == "Heading 1"
    assert heading.locator.startswith("第 ") and heading.locator.endswith(" 段")


def test_docx_content_is_recognised_whatever_the_name() -> None:
    data = builders.build_docx(["一、标题"])
    assert read_document(data, "upload.bin").format == "docx"


def test_pdf_text_is_extracted_and_wrapped_lines_rejoined() -> None:
    document = read_document(builders.build_pdf(LINES), "report.pdf")
    assert document.format == "pdf"
    found = texts(document)
    item = next(t for t in found if t.startswith("(一)强化法规体系建设"))
    assert "紧密跟踪国家立法进程" in item
    assert not any(t.startswith("- ") for t in found)  # page numbers are dropped
    assert document.paragraphs[-1].locator.startswith("第 ") and document.paragraphs[
        -1
    ].locator.endswith(" 页")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "文件为空。"),
        (b"  \n\t ", "a.txt", "文件为空。"),
        (bytes(range(256)) * 8, "report.docx", "文件已损坏，无法读取 Word 文档。"),
        (
            b"\x00\x01\x02garbage\xff" * 50,
            "report.txt",
            "文件内容不是文字，请上传 .txt、.html、.docx、.pdf 或 .xlsx 文件。",
        ),
        (b"%PDF-1.4\n garbage", "report.pdf", "PDF 文件已损坏，无法读取。"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "old.doc",
            "暂不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后重新上传。",
        ),
    ],
)
def test_bad_input_is_refused_in_chinese(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError) as raised:
        read_document(data, name)
    assert raised.value.message == message
    assert "\n" not in raised.value.message


def test_zero_page_pdf() -> None:
    with pytest.raises(ReadError, match="PDF 文件没有页面。"):
        read_document(builders.build_empty_pdf(), "empty.pdf")


def test_scanned_pdf_without_text() -> None:
    with pytest.raises(ReadError, match="可能是扫描件"):
        read_document(builders.build_scanned_pdf(), "scan.pdf")


def test_file_over_the_size_limit() -> None:
    with pytest.raises(ReadError, match=r"^文件超过大小上限（20 MB）。$"):
        read_document(b"a" * (20 * 1024 * 1024 + 1), "big.txt")
    with pytest.raises(ReadError, match="文件超过大小上限"):
        read_document(b"a" * 11, "small.txt", max_bytes=10)


def test_zip_that_is_not_word() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="文件已损坏"):
        read_document(buffer.getvalue(), "report.docx")
    with pytest.raises(ReadError, match="无法识别的文件格式"):
        read_document(buffer.getvalue(), "archive.zip")


def test_docx_automatic_numbering_becomes_visible_prefix() -> None:
    import docx

    from plans.parsing import parse_report

    word = docx.Document()
    word.add_paragraph("某局关于2021年度工作情况的报告")
    word.add_paragraph("下一步工作计划", style="Heading 1")
    word.add_paragraph("加强执法监督工作。", style="List Number")
    word.add_paragraph("推进政务公开。", style="List Number")
    buffer = io.BytesIO()
    word.save(buffer)
    document = read_document(buffer.getvalue(), "numbered.docx")
    assert texts(document)[2:] == ["1.加强执法监督工作。", "2.推进政务公开。"]
    plan = parse_report(document.paragraphs).to_dict()["plan_section"]
    # The Word heading has no visible number, its style still makes it a section heading.
    assert plan["heading"] == "下一步工作计划"
    assert [(i["number"], i["title"]) for i in plan["items"]] == [
        ("1.", "加强执法监督工作。"),
        ("2.", "推进政务公开。"),
    ]
