"""REST resource ``circulars``: 督查通报 — list, generate (202 + the job),
edit 表扬/批评, issue, download the .docx."""

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

from tracker.batch.api import JobSerializer
from tracker.batch.selectors import job_state
from tracker.circulars.models import Circular
from tracker.circulars.services import (
    DOCX,
    circular_download_record,
    circular_edit,
    circular_generate,
    circular_issue,
    circulars_visible_to,
)
from tracker.org.models import User


class CircularSerializer(serializers.ModelSerializer[Circular]):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Circular
        fields = [
            "id",
            "number",
            "title",
            "period_kind",
            "period_start",
            "period_end",
            "period_label",
            "status",
            "status_display",
            "facts",
            "praise",
            "criticism",
            "docx_sha256",
            "issued_at",
            "version",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, circular: Circular) -> str | None:
        return f"/api/v1/circulars/{circular.pk}/download/" if circular.docx else None


class EditSerializer(serializers.Serializer[dict[str, Any]]):
    praise = serializers.CharField(allow_blank=True, max_length=5000, required=False)
    criticism = serializers.CharField(allow_blank=True, max_length=5000, required=False)
    version = serializers.IntegerField()


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError({"detail": " ".join(error.messages)})


class CircularViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """督查通报：草稿仅督查室可见；签发后厅领导和处室负责人可见。"""

    serializer_class = CircularSerializer
    filterset_fields = ["status", "period_kind"]

    def get_queryset(self) -> QuerySet[Circular]:
        if getattr(self, "swagger_fake_view", False):
            return Circular.objects.none()
        return circulars_visible_to(self.request.user)

    @extend_schema(
        request=inline_serializer("CircularGenerate", {"period": serializers.CharField()}),
        responses={
            202: inline_serializer(
                "CircularStarted", {"circular": CircularSerializer(), "job": JobSerializer}
            )
        },
    )
    def create(self, request: Request) -> Response:
        """生成通报（督查室）：period 为 2026-11（月度）或 2026Q3（季度）；返回草稿和后台作业。"""
        try:
            circular, job = circular_generate(
                actor=cast(User, request.user),
                period=str(_data(request).get("period", "")),
                request=request._request,
            )
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(
            {"circular": CircularSerializer(circular).data, "job": job_state(job)},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=EditSerializer, responses={200: CircularSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """填写表扬、批评（督查室，签发前）；version 为乐观锁版本号。"""
        circular = self.get_object()
        data = _validated(EditSerializer, request.data)
        try:
            circular = circular_edit(
                circular=circular,
                actor=cast(User, request.user),
                praise=data.get("praise", circular.praise),
                criticism=data.get("criticism", circular.criticism),
                expected_version=data["version"],
                request=request._request,
            )
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(CircularSerializer(circular).data)

    @extend_schema(request=None, responses={200: CircularSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        """签发（督查室）：编号、生成正式文件并通知厅领导和各处室负责人。"""
        circular = self.get_object()
        try:
            circular = circular_issue(
                circular=circular, actor=cast(User, request.user), request=request._request
            )
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(CircularSerializer(circular).data)

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """下载通报（Word）。"""
        circular = self.get_object()
        if not circular.docx:
            raise NotFound("通报文件尚未生成。")
        circular_download_record(circular=circular, actor=request.user, request=request._request)
        response = FileResponse(circular.docx.open("rb"), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{circular.number or '督查通报（征求意见稿）'}.docx"
        )
        return response


def _validated(serializer_class: Any, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _data(request: Request) -> dict[str, Any]:
    return request.data if isinstance(request.data, dict) else {}
