"""What a person may see of the background jobs: their own, and its state."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker.audit.selectors import get_visible_or_404
from tracker.batch.models import BatchJob, JobStatus
from tracker.batch.registry import KINDS


def job_visible_or_404(*, user: Any, pk: uuid.UUID | str, request: HttpRequest | None) -> BatchJob:
    """The job if this user started it; otherwise a 404 (another's job is an audited denial)."""
    return get_visible_or_404(
        BatchJob.objects.visible_to(user),
        pk,
        actor=user,
        attempted="batch_job",
        message=_("作业不存在或您无权查看。"),
        request=request,
    )


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
        # A kind whose result is a page (a report read for its import preview).
        "leads_to_page": bool(kind and kind.next_url),
        "next_url": next_url,
        "next_label": str(kind.next_label) if next_url and kind and kind.next_label else None,
    }
