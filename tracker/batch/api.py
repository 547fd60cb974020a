"""API of the background jobs: start a ledger export, follow it, download it.

``POST /api/v1/exports/ledger-jobs/`` (the task list's filter parameters in
the query string) answers 202 with the job; ``GET /api/v1/jobs/{id}/`` gives
its progress; ``GET /api/v1/jobs/{id}/download/`` the file once ``status`` is
``done``. Another person's job answers 404.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.http import FileResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.batch.downloads import job_file_response
from tracker.batch.selectors import job_state, job_visible_or_404
from tracker.org.models import User
from tracker.reporting.batch_kinds import ledger_job_start
from tracker.reporting.services import ExportFilterError

JobSerializer = inline_serializer(
    name="BatchJob",
    fields={
        "id": serializers.UUIDField(),
        "kind": serializers.CharField(),
        "label": serializers.CharField(),
        "status": serializers.ChoiceField(choices=["queued", "running", "done", "failed"]),
        "status_label": serializers.CharField(),
        "percent": serializers.IntegerField(),
        "done_items": serializers.IntegerField(),
        "total_items": serializers.IntegerField(allow_null=True),
        "error": serializers.CharField(),
        "filename": serializers.CharField(),
        "download_url": serializers.CharField(allow_null=True),
    },
)


class LedgerJobView(APIView):
    """工作台账（Excel）as a background job, filtered like the task list."""

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request: Request) -> Response:
        try:
            job = ledger_job_start(
                user=cast(User, request.user),
                query=request.query_params.urlencode(),
                request=request._request,
            )
        except ExportFilterError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(job_state(job), status=status.HTTP_202_ACCEPTED)


class JobView(APIView):
    @extend_schema(responses={200: JobSerializer})
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        job = job_visible_or_404(user=request.user, pk=pk, request=request._request)
        return Response(job_state(job))


class JobDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: uuid.UUID) -> FileResponse:
        job = job_visible_or_404(user=request.user, pk=pk, request=request._request)
        return job_file_response(job=job, actor=request.user, request=request._request)
