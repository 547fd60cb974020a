"""REST resource ``slips``: the numbered 督办单 of the tasks the user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request

from tracker.slips.downloads import slip_response
from tracker.slips.models import Slip
from tracker.slips.services import SLIP_FORMATS, slips_visible_to
from tracker.tasks.api import visible_or_404


class SlipSerializer(serializers.ModelSerializer[Slip]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Slip
        fields = ["id", "task", "kind", "kind_display", "number", "year", "issued_at", "content"]
        read_only_fields = fields


class SlipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """督办单：交办通知单、催办单、预警督办单（按任务可见范围）。"""

    serializer_class = SlipSerializer
    filterset_fields = ["task", "kind", "year"]

    def get_queryset(self) -> QuerySet[Slip]:
        if getattr(self, "swagger_fake_view", False):
            return Slip.objects.none()
        return slips_visible_to(self.request.user).order_by("-issued_at", "-id")

    def get_object(self) -> Slip:
        # Another division's slip: 404, and the attempt on the record.
        return visible_or_404(self, self.get_queryset(), _("督办单不存在或您无权查看。"))

    def _file(self, request: Request, fmt: str) -> HttpResponse:
        slip = self.get_object()
        return slip_response(slip=slip, fmt=fmt, actor=request.user, request=request._request)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: Any = None) -> HttpResponse:
        """下载 PDF。"""
        return self._file(request, "pdf")

    @extend_schema(responses={(200, SLIP_FORMATS["docx"]): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: Any = None) -> HttpResponse:
        """下载 Word 文件。"""
        return self._file(request, "docx")
