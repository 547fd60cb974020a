"""Small helpers shared by the workflow tests: real file contents and task states."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zip_with("[Content_Types].xml", "word/document.xml")
XLSX = zip_with("[Content_Types].xml", "xl/workbook.xml")
PPTX = zip_with("[Content_Types].xml", "ppt/presentation.xml")
ZIP = zip_with("readme.txt")


def upload(name: str, content: bytes = PDF, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def files_on_disk(root: Path | str) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def make_task(
    *,
    supervisor: User,
    department: Department | None,
    status: str = Status.DRAFT,
    responsible: User | None = None,
    title: str = "加强应急管理法治宣传",
    require_evidence: bool = True,
    **extra: object,
) -> Task:
    return Task.objects.create(
        title=title,
        lead_department=department,
        responsible=responsible,
        status=status,
        due_on=extra.pop("due_on", dt.date(2022, 12, 31)),
        created_by=supervisor,
        require_evidence=require_evidence,
        **extra,
    )
