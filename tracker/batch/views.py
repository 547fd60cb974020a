"""The job page (progress bar, then the file), its status and the download."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.audit.services import audit_record
from tracker.batch.models import BatchJob, JobStatus
from tracker.batch.registry import KINDS


def filename_header(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


def visible_job(request: HttpRequest, pk: uuid.UUID) -> BatchJob:
    job = BatchJob.objects.visible_to(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if job is None:
        raise Http404(_("作业不存在或您无权查看。"))
    return job


def job_state(job: BatchJob) -> dict[str, object]:
    """What the page and the API show of a job."""
    kind = KINDS.get(job.kind)
    next_url = None
    if job.status == JobStatus.DONE and kind is not None and kind.next_url is not None:
        next_url = kind.next_url(job)
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
        if job.status == JobStatus.DONE and not (kind and kind.next_url)
        else None,
        "leads_to_page": bool(kind and kind.next_url),
        "next_url": next_url,
        "next_label": str(kind.next_label) if next_url and kind and kind.next_label else None,
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
    audit_record(
        action="batch.download",
        actor=request.user,
        object_type="batch.job",
        object_id=str(job.pk),
        object_repr=job.filename[:300],
        request=request,
    )
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不存在，请重新生成。")) from None
    response = FileResponse(handle, content_type=job.content_type)
    response["Content-Disposition"] = filename_header(job.filename)
    return response
