"""Limits that hold before the reader does any real work on an upload.

Plain Python like the reader. A small file can still be expensive: a 90 KB
.docx may unpack to 30 MB of XML, a PDF may hold thousands of pages, a text
file may be one 15 MB line. Each limit is checked from what can be known
cheaply (the zip's directory, the PDF's page count, the decoded length)
before the expensive step, and a :class:`Budget` stops reading when the
wall-clock time runs out. Every refusal is a ``ReadError``-style one-line
Chinese message (raised by the caller's error type).
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadLimits:
    docx_max_unpacked_bytes: int = 60 * 1024 * 1024
    docx_max_xml_bytes: int = 12 * 1024 * 1024
    docx_max_parts: int = 1000
    pdf_max_pages: int = 300
    max_characters: int = 1_000_000
    seconds: float = 20.0


class LimitExceeded(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def check_zip(data: bytes, limits: ReadLimits) -> None:
    """Refuse a .docx or .xlsx whose directory announces too many parts or too much
    unpacked data. The directory is all that is read; zipfile will not
    inflate a member past the size the directory gives, so these numbers
    bound the work that follows."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # the reader reports the damaged file in its own words
    if len(members) > limits.docx_max_parts:
        raise LimitExceeded(
            f"文档包含的部件过多（{len(members)} 个，上限 {limits.docx_max_parts} 个），已拒收。"
        )
    unpacked = sum(max(m.file_size, 0) for m in members)
    if unpacked > limits.docx_max_unpacked_bytes:
        raise LimitExceeded(
            f"文档解压后过大（{_mb(unpacked)}，上限 {_mb(limits.docx_max_unpacked_bytes)}），"
            "可能是压缩炸弹，已拒收。"
        )
    xml = sum(
        max(m.file_size, 0) for m in members if m.filename.lower().endswith((".xml", ".rels"))
    )
    if xml > limits.docx_max_xml_bytes:
        raise LimitExceeded(
            f"文档的正文数据过大（{_mb(xml)}，上限 {_mb(limits.docx_max_xml_bytes)}），已拒收。"
        )


def check_pages(count: int, limits: ReadLimits) -> None:
    if count > limits.pdf_max_pages:
        raise LimitExceeded(f"PDF 页数过多（{count} 页，上限 {limits.pdf_max_pages} 页），已拒收。")


def check_characters(count: int, limits: ReadLimits) -> None:
    if count > limits.max_characters:
        raise LimitExceeded(
            f"文件文字过多（{count} 字，上限 {limits.max_characters} 字），请只上传年度报告本身。"
        )


@dataclass
class Budget:
    """A wall-clock allowance, checked between steps of the reader and parser."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise LimitExceeded(
                f"文件处理超时（超过 {self.seconds:g} 秒），请检查文件内容或拆分后重新上传。"
            )
