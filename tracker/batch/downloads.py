"""The finished file of a job as an HTTP response (the page and the API send the same)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tracker.batch.models import BatchJob, JobStatus
from tracker.batch.services import batch_download_record


def job_file_response(*, job: BatchJob, actor: Any, request: HttpRequest | None) -> FileResponse:
    """The job's file (its download on the record); 404 while it is not ready or if it is gone."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404(_("文件尚未生成。"))
    batch_download_record(job=job, actor=actor, request=request)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不存在，请重新生成。")) from None
    response = FileResponse(handle, content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response
