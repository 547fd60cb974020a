"""Evidence files (佐证材料): checking uploads by content and storing them.

This module knows nothing of the task workflow, so the task services can
store the files of a progress report without importing the evidence services
(which use ``tracker.tasks.services.task_transition``).

The type of a file is decided by its content, never by its name alone:

- PDF, PNG and JPEG by their signatures (the ``filetype`` package);
- OLE compound files (D0 CF 11 E0) are the old Office formats: accepted only
  with a .doc, .xls or .ppt name;
- ZIP containers are .docx / .xlsx / .pptx when they hold
  ``word/document.xml`` / ``xl/workbook.xml`` / ``ppt/presentation.xml``,
  otherwise a plain .zip;
- anything else is text: accepted only as .txt, only when it decodes as UTF-8
  or GB18030, has no NUL byte and does not look like HTML, SVG, XML or script
  (a browser could otherwise be tricked into rendering it).

The name's last extension must agree with what the content is. Nothing is
written to storage before every file of the request has passed.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.security.digests import StreamingSM3
from tracker.tasks.models import ProgressUpdate, Task

MAX_FILES_PER_REQUEST = 100

# detected kind → (allowed last extensions, the Content-Type we store and send)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "png": ((".png",), "image/png"),
    "jpg": ((".jpg", ".jpeg"), "image/jpeg"),
    "doc": ((".doc",), "application/msword"),
    "xls": ((".xls",), "application/vnd.ms-excel"),
    "ppt": ((".ppt",), "application/vnd.ms-powerpoint"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "zip": ((".zip",), "application/zip"),
    "txt": ((".txt",), "text/plain; charset=utf-8"),
}
ALLOWED_EXTENSIONS = sorted({ext for exts, _ct in KINDS.values() for ext in exts})
PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MARKUP_MARKERS = (b"<html", b"<!doctype", b"<svg", b"<?xml", b"<script", b"<body", b"<iframe")


class EvidenceLimitHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file as they stream in and stops the
    upload as soon as one goes past ``EVIDENCE_MAX_BYTES``: the chunk that
    crosses the limit never reaches the handlers that write to disk.

    Put it first: ``request.upload_handlers.insert(0, EvidenceLimitHandler(request))``.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            if self.request is not None:
                self.request.evidence_too_large = self.file_name  # type: ignore[attr-defined]
            # connection_reset: the rest of the body is not read (nor written anywhere).
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_message() -> str:
    return _("文件超过大小上限（%(mb)s MB），已拒收。") % {
        "mb": f"{settings.EVIDENCE_MAX_BYTES / 1024 / 1024:g}"
    }


def clean_original_name(name: str) -> str:
    """The name as shown and offered for download: no path, no control characters."""
    name = str(name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".").strip()
    if len(name) > 200:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: 200 - len(suffix)] + suffix
    return name or _("未命名文件")


@dataclass
class CheckedFile:
    upload: Any
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    sm3: str = ""


def _detect(upload: Any, head: bytes) -> str:
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime == "application/pdf" or head.startswith(b"%PDF-"):
        return "pdf"
    if mime == "image/png":
        return "png"
    if mime == "image/jpeg":
        return "jpg"
    if head.startswith(OLE_SIGNATURE):
        return "ole"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "bad"
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        return "zip"
    if guess is not None:
        return "other:" + mime
    return "text"


def _is_plain_text(upload: Any) -> bool:
    upload.seek(0)
    data = upload.read(1024 * 1024)
    upload.seek(0)
    if b"\x00" in data:
        return False
    lowered = data[:8192].lower().lstrip()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            # a multi-byte character cut at the 1 MB boundary is fine
            try:
                data[:-4].decode(encoding)
                return len(data) == 1024 * 1024
            except UnicodeDecodeError:
                continue
    return False


def evidence_check(*, upload: Any) -> CheckedFile:
    """Decide by content whether one uploaded file is acceptable; raise
    ``ValidationError`` with a Chinese message if not. Writes nothing."""
    name = clean_original_name(getattr(upload, "name", ""))
    size = upload.size
    if size is None or size <= 0:
        raise ValidationError(_("「%s」是空文件，已拒收。") % name)
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(f"「{name}」：{too_large_message()}")
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("「%(name)s」的类型不允许上传。允许的类型：%(allowed)s")
            % {"name": name, "allowed": "、".join(e.lstrip(".") for e in ALLOWED_EXTENSIONS)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = _detect(upload, head)
    if kind == "ole":
        kind = extension.lstrip(".") if extension in (".doc", ".xls", ".ppt") else "ole"
    if kind == "text":
        kind = "txt" if extension == ".txt" and _is_plain_text(upload) else "markup-or-binary"
    if kind not in KINDS or extension not in KINDS[kind][0]:
        raise ValidationError(
            _("「%(name)s」的文件内容与扩展名 %(ext)s 不符，已拒收。")
            % {"name": name, "ext": extension}
        )
    digest = hashlib.sha256()
    # 国密: an SM3 digest as well when CRYPTO_HASH = "sm3".
    national = StreamingSM3() if settings.CRYPTO_HASH == "sm3" else None
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        if national is not None:
            national.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload,
        original_name=name,
        kind=kind,
        content_type=KINDS[kind][1],
        size=size,
        sha256=digest.hexdigest(),
        sm3=national.hexdigest() if national is not None else "",
    )


def evidence_check_all(*, files: Sequence[Any]) -> list[CheckedFile]:
    """Check every file of one request; one bad file refuses them all."""
    files = list(files)
    if len(files) > MAX_FILES_PER_REQUEST:
        raise ValidationError(_("一次最多上传 %(n)d 个文件。") % {"n": MAX_FILES_PER_REQUEST})
    return [evidence_check(upload=upload) for upload in files]


def evidence_write(*, checked: Sequence[CheckedFile], actor: User) -> list[EvidenceFile]:
    """Write checked files to storage, before the task is locked: the records are
    saved later by ``evidence_store``. The caller removes the files
    (``evidence_files_delete``) when what follows does not commit.

    Writing a 40 MB scan takes a while; done here, it holds no lock: not the
    task's row, which the task's other writes wait for."""
    written: list[EvidenceFile] = []
    try:
        for item in checked:
            evidence = EvidenceFile(
                original_name=item.original_name,
                size=item.size,
                sha256=item.sha256,
                sm3=item.sm3,
                content_type=item.content_type,
                uploaded_by=actor,
            )
            evidence.file.save(item.original_name, item.upload, save=False)
            written.append(evidence)
    except BaseException:
        evidence_files_delete(written)
        raise
    return written


# An evidence file's version: the next among the task's files of the same name.
EVIDENCE_VERSION = ("version", ("task", "original_name"))


def evidence_store(
    *,
    task: Task,
    written: Sequence[EvidenceFile],
    progress_update: ProgressUpdate | None = None,
    request: Any = None,
) -> list[EvidenceFile]:
    """Record files ``evidence_write`` wrote (inside the caller's transaction, the
    task locked), each as the next version when the task has a file of that name."""
    from tracker.tasks.sentinels import model_insert

    for evidence in written:
        evidence.task = task
        evidence.progress_update = progress_update
        # Not the three look-ups full_clean would run in the write window: the task
        # is the row locked, the uploader wrote the file. The version is the INSERT's
        # own (below), so it is not validated here: one more than the highest of the
        # task's files of that name, ≥ 1, read by the INSERT under the task's row
        # lock (the database's unique constraint holds it too).
        evidence.full_clean(
            exclude=["task", "uploaded_by", "progress_update", "version"],
            validate_unique=False,
            validate_constraints=False,
        )
        # evidence.save() with its version the next of its name on the task, from a
        # statement kept per process: one INSERT, the MAX(version) inside it.
        model_insert(evidence, numbered=EVIDENCE_VERSION)
        audit_record(
            action=AuditAction.EVIDENCE_UPLOAD,
            actor=evidence.uploaded_by,
            obj=task,
            after={
                "evidence_id": evidence.pk,
                "name": evidence.original_name,
                "version": evidence.version,
                "size": evidence.size,
                "sha256": evidence.sha256,
            },
            request=request,
        )
    return list(written)


def evidence_files_delete(stored: Sequence[EvidenceFile]) -> None:
    """Remove stored files whose transaction did not commit."""
    for evidence in stored:
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)


def evidence_verify() -> Iterator[str]:
    """Yield a line for every evidence file whose content no longer matches
    its recorded SHA-256 (and SM3, when one was recorded), or that is gone."""
    for evidence in EvidenceFile.objects.order_by("id").iterator(chunk_size=500):
        sha = hashlib.sha256()
        national = StreamingSM3() if evidence.sm3 else None
        try:
            with evidence.file.open("rb") as stored:
                for chunk in iter(lambda: stored.read(1024 * 1024), b""):  # noqa: B023
                    sha.update(chunk)
                    if national is not None:
                        national.update(chunk)
        except OSError:
            yield f"佐证材料 #{evidence.pk}「{evidence.original_name}」：文件缺失"
            continue
        if sha.hexdigest() != evidence.sha256:
            yield f"佐证材料 #{evidence.pk}「{evidence.original_name}」：SHA-256 不符（文件可能被篡改）"
        if national is not None and national.hexdigest() != evidence.sm3:
            yield f"佐证材料 #{evidence.pk}「{evidence.original_name}」：SM3 不符（文件可能被篡改）"
