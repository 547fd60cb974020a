"""Reading a long report as a background job (tracker.batch): a 300-page PDF or
Word file is read and parsed by the Celery worker while the supervisor watches
a progress bar; when it is done the job page opens the import preview."""

from __future__ import annotations

import json
import uuid
from typing import IO
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.services import ReportImportError, report_preview
from tracker.batch.models import BatchJob
from tracker.batch.registry import BatchRefused, Progress, batch_kind

# Uploads waiting for the worker (deleted once read, whatever the outcome).
UPLOAD_DIR = "report-uploads"
KIND = "report.read"


def upload_keep(data: bytes) -> str:
    """Put an upload where the worker can read it; returns its storage path."""
    return default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.upload", ContentFile(data))


def report_read_run(job: BatchJob, target: IO[bytes], progress: Progress) -> str:
    """Read, parse and propose the tasks of the upload in ``params["upload"]``;
    the preview is kept as an interactive upload's is, and its token put on
    the job for the page to open."""
    path = str(job.params.get("upload", ""))
    user = job.requested_by
    try:
        if not user.is_supervisor:  # the role may have changed since the upload
            raise BatchRefused("只有督办管理员可以导入报告。")
        if not path.startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(path):
            raise BatchRefused("上传的文件已不存在，请重新上传报告。")
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        try:
            preview = report_preview(
                data=data,
                filename=str(job.params.get("filename", "")),
                user=user,
                progress=progress,
            )
        except ReportImportError as error:
            raise BatchRefused(error.message) from None
    finally:
        if path.startswith(f"{UPLOAD_DIR}/") and default_storage.exists(path):
            default_storage.delete(path)
    params = {**job.params, "preview_token": preview["preview_token"]}
    params.pop("upload", None)
    BatchJob.objects.filter(pk=job.pk).update(params=params)
    summary = {
        "title": preview.get("title"),
        "proposals": len(preview.get("proposals", [])),
        "paragraphs": len(preview.get("paragraphs", [])),
    }
    target.write(json.dumps(summary, ensure_ascii=False).encode())
    return "preview.json"


def preview_url(job: BatchJob) -> str | None:
    token = job.params.get("preview_token")
    if not token:
        return None
    return f"{reverse('report-preview')}?{urlencode({'token': token})}"


REPORT_READ = batch_kind(
    name=KIND,
    label=_("读取报告"),
    run=report_read_run,
    content_type="application/json",
    next_url=preview_url,
    next_label=_("打开导入预览"),
)
