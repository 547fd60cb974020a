"""Celery entry point of the background jobs."""

from __future__ import annotations

from celery import shared_task

from tracker.batch import services


@shared_task(name=services.RUN_JOB, acks_late=True)
def run_batch_job(job_id: str) -> None:
    services.batch_run(job_id=job_id)
