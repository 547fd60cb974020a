"""The job page (progress bar, then the file), its status and the download."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.batch.models import BatchJob, JobStatus
from tracker.batch.registry import KINDS
from tracker.batch.services import batch_download_record


def filename_header(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


def visible_job(request: HttpRequest, pk: uuid.UUID) -> BatchJob:
    job = BatchJob.objects.visible_to(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if job is None:
        raise Http404(_("作业不存在或您无权查看。"))
    return job


def job_state(job: BatchJob) -> dict[str, object]:
    """What the page and the API show of a job."""
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "label": str(KINDS[job.kind].label) if job.kind in KINDS else job.kind,
        "status": job.status,
        "status_label": job.get_status_display(),
        "percent": job.percent,
        "done_items": job.done_items,
        "total_items": job.total_items,
        "error": job.error,
        "filename": job.filename,
        "download_url": reverse("batch-download", args=[job.pk])
        if job.status == JobStatus.DONE
        else None,
    }


def job_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = visible_job(request, pk)
    return render(request, "batch/job.html", {"job": job, "state": job_state(job)})


def job_status(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    return JsonResponse(job_state(visible_job(request, pk)))


def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = visible_job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404(_("文件尚未生成。"))
    batch_download_record(job=job, actor=request.user, request=request)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不存在，请重新生成。")) from None
    response = FileResponse(handle, content_type=job.content_type)
    response["Content-Disposition"] = filename_header(job.filename)
    return response
