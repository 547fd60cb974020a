"""The job page (progress bar, then the file), its status and the download."""

from __future__ import annotations

import uuid

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tracker.batch.downloads import job_file_response
from tracker.batch.selectors import job_state, job_visible_or_404


def job_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = job_visible_or_404(user=request.user, pk=pk, request=request)
    return render(request, "batch/job.html", {"job": job, "state": job_state(job)})


def job_status(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    return JsonResponse(job_state(job_visible_or_404(user=request.user, pk=pk, request=request)))


def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = job_visible_or_404(user=request.user, pk=pk, request=request)
    return job_file_response(job=job, actor=request.user, request=request)
