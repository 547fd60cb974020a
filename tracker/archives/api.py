"""REST resource ``archives``: the archive packages a user may have, and the
jobs that archive a report or pack an archived task again (202 + the job)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from plans.models import Report
from tracker.archives.models import ArchivePackage
from tracker.archives.services import (
    archive_package_start,
    archive_report,
    package_download_record,
    packages_visible_to,
)
from tracker.batch.api import JobSerializer
from tracker.batch.selectors import job_state
from tracker.org.models import User
from tracker.tasks.models import Task


class ArchivePackageSerializer(serializers.ModelSerializer[ArchivePackage]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ArchivePackage
        fields = [
            "id",
            "title",
            "report",
            "tasks",
            "filename",
            "size",
            "sha256",
            "manifest_sha256",
            "file_count",
            "sm3",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, package: ArchivePackage) -> str:
        return f"/api/v1/archives/{package.pk}/download/"


class ArchivePackageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """归档包：含任务记录、办理过程、全部佐证材料版本、督办单和校验清单。"""

    serializer_class = ArchivePackageSerializer
    filterset_fields = ["report", "tasks"]

    def get_queryset(self) -> QuerySet[ArchivePackage]:
        if getattr(self, "swagger_fake_view", False):
            return ArchivePackage.objects.none()
        return packages_visible_to(self.request.user).prefetch_related("tasks")

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """下载归档包（zip）。"""
        package = self.get_object()
        package_download_record(package=package, actor=request.user, request=request._request)
        try:
            handle = package.file.open("rb")
        except FileNotFoundError:
            raise NotFound("归档包文件已不存在。") from None
        response = FileResponse(handle, content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, package.filename)
        return response

    def _job(self, start: Any) -> Response:
        try:
            job = start()
        except DjangoValidationError as error:
            raise ValidationError({"detail": " ".join(error.messages)}) from None
        return Response(job_state(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=inline_serializer("ArchiveReportJob", {"report": serializers.IntegerField()}),
        responses={202: JobSerializer},
    )
    @action(detail=False, methods=["post"], url_path="report-jobs")
    def report_jobs(self, request: Request) -> Response:
        """归档一份报告的全部已办结任务（督查室），返回生成归档包的后台作业。"""
        user = cast(User, request.user)
        report = (
            Report.objects.visible_to(user).filter(pk=_int(_data(request).get("report"))).first()
        )
        if report is None:
            raise NotFound("报告不存在或您无权查看。")
        return self._job(
            lambda: archive_report(report=report, actor=user, request=request._request)
        )

    @extend_schema(
        request=inline_serializer("ArchiveTaskJob", {"task": serializers.IntegerField()}),
        responses={202: JobSerializer},
    )
    @action(detail=False, methods=["post"], url_path="task-jobs")
    def task_jobs(self, request: Request) -> Response:
        """为一项已归档的任务重新生成归档包（督查室）。"""
        user = cast(User, request.user)
        task = Task.objects.visible_to(user).filter(pk=_int(_data(request).get("task"))).first()
        if task is None:
            raise NotFound("任务不存在或您无权查看。")
        if task.archived_at is None:
            raise ValidationError({"detail": "该任务尚未归档。"})
        return self._job(
            lambda: archive_package_start(tasks=[task], actor=user, request=request._request)
        )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _data(request: Request) -> dict[str, Any]:
    return request.data if isinstance(request.data, dict) else {}
