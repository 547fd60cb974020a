"""Start a background job and run it (in the Celery worker)."""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from typing import Any

from celery import current_app
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.batch.models import BatchJob, JobStatus
from tracker.batch.registry import KINDS, BatchRefused
from tracker.org.models import User

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds): a row update per chunk
# of work, not per item.
PROGRESS_INTERVAL = 0.5
RUN_JOB = "tracker.batch.jobs.run_batch_job"


def batch_start(
    *, kind: str, user: User, params: dict[str, Any], request: HttpRequest | None = None
) -> BatchJob:
    """Record the job and queue it after commit; the caller answers at once."""
    if kind not in KINDS:
        raise BatchRefused(f"未知的作业类型：{kind}")
    with transaction.atomic():
        job = BatchJob.objects.create(kind=kind, params=params, requested_by=user)
        audit_record(
            action=AuditAction.BATCH_START,
            actor=user,
            object_type="batch.job",
            object_id=str(job.pk),
            object_repr=f"{kind} {params}"[:300],
            request=request,
        )
        job_id = str(job.pk)
        transaction.on_commit(lambda: _queue(job_id))
    return job


def _queue(job_id: str) -> None:
    # By name: tracker.batch.jobs imports this module, not the other way round.
    if current_app.conf.task_always_eager:
        batch_run(job_id=job_id)
    else:
        current_app.send_task(RUN_JOB, args=[job_id])


def batch_run(*, job_id: uuid.UUID | str) -> BatchJob | None:
    """Run a queued job: write its file, keeping its progress up to date.

    A job already running or finished is left alone (a redelivered message
    does not run the work twice).
    """
    claimed = BatchJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = BatchJob.objects.get(pk=job_id)
    kind = KINDS[job.kind]
    last = 0.0

    def progress(done: int, total: int | None) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL and done != total:
            return
        last = now
        BatchJob.objects.filter(pk=job.pk).update(done_items=done, total_items=total)

    try:
        with tempfile.TemporaryFile() as target:
            filename = kind.run(job, target, progress)
            target.seek(0)
            job.file.save(f"{job.pk}-{filename}", File(target), save=False)
        BatchJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            file=job.file.name,
            filename=filename,
            content_type=kind.content_type,
            finished_at=timezone.now(),
        )
    except BatchRefused as refused:
        BatchJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(refused), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("batch job %s failed", job.pk)
        BatchJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error="作业执行出错，请稍后重试或联系管理员。",
            finished_at=timezone.now(),
        )
        raise
    job.refresh_from_db()
    return job


def batch_download_record(*, job: BatchJob, actor: Any, request: HttpRequest | None = None) -> None:
    """A finished job's file is handed out: on the record, like every download."""
    audit_record(
        action=AuditAction.BATCH_DOWNLOAD,
        actor=actor,
        object_type="batch.job",
        object_id=str(job.pk),
        object_repr=job.filename[:300],
        request=request,
    )
