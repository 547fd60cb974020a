"""API: /api/v1/dashboard/, /api/v1/exports/ledger.xlsx|csv and the report draft.

They call the same services as the pages; token auth works as everywhere
under /api/v1/.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.http import HttpResponseBase
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.dbrouter import reading_from_replica
from tracker.org.models import User
from tracker.reporting.dashboard import dashboard_compute, dashboard_filters_parse
from tracker.reporting.downloads import (
    DOCX,
    XLSX,
    ledger_csv_response,
    ledger_xlsx_response,
    report_draft_response,
)
from tracker.reporting.memo import dashboard_key, snapshot_memo
from tracker.reporting.services import (
    ExportFilterError,
    export_league,
    ledger_export,
    report_draft_build,
)


class DashboardViewSet(viewsets.ViewSet):
    """统计分析: the same numbers as the dashboard page, with their task-list links."""

    @extend_schema(
        parameters=[
            OpenApiParameter("report", int),
            OpenApiParameter("year", int),
            OpenApiParameter("department", int),
        ],
        responses={200: dict},
    )
    def list(self, request: Request) -> Response:
        filters, errors = dashboard_filters_parse(
            request.query_params.dict(),
            cast(User, request.user),
        )
        if errors:
            raise ValidationError({"detail": errors})
        user = cast(User, request.user)
        today = timezone.localdate()
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        key = (*dashboard_key("api", user, filters, today), media_type)

        def rendered() -> bytes:
            data = dashboard_compute(user=user, filters=filters, today=today)
            body = renderer.render(data.as_dict(), media_type, self.get_renderer_context())
            return body if isinstance(body, bytes) else body.encode(renderer.charset or "utf-8")

        with reading_from_replica():
            # The answer's bytes, remembered for this state of the database.
            return RenderedResponse(snapshot_memo(key, rendered))


class RenderedResponse(Response):
    """A Response whose body the accepted renderer has written already: the
    same headers as any Response, without rendering it again."""

    @property
    def rendered_content(self) -> bytes:  # type: ignore[override]
        renderer = self.accepted_renderer
        self["Content-Type"] = (
            f"{renderer.media_type}; charset={renderer.charset}"
            if renderer.charset
            else renderer.media_type
        )
        return cast(bytes, self.data)


class BinaryRenderer(renderers.BaseRenderer):
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        return data


class XlsxRenderer(BinaryRenderer):
    media_type = XLSX
    format = "xlsx"


class CsvRenderer(BinaryRenderer):
    media_type = "text/csv"
    format = "csv"


class DocxRenderer(BinaryRenderer):
    media_type = DOCX
    format = "docx"


class JsonErrorsMixin:
    """A file download answers its errors (400, 403, 404) in JSON, as the schema
    says, not in the file's media type with a body that is not a file."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)  # type: ignore[misc]
        self.request.accepted_renderer = renderers.JSONRenderer()  # type: ignore[attr-defined]
        self.request.accepted_media_type = "application/json"  # type: ignore[attr-defined]
        return response  # type: ignore[no-any-return]


class LedgerExportView(JsonErrorsMixin, APIView):
    """工作台账: the visible tasks, filtered with the task list's parameters."""

    renderer_classes = [XlsxRenderer, renderers.JSONRenderer]
    as_csv = False

    @extend_schema(responses={(200, XLSX): bytes})
    def get(self, request: Request) -> HttpResponseBase:
        try:
            league = (
                None
                if self.as_csv
                else export_league(user=cast(User, request.user), params=request.query_params)
            )
            tasks = ledger_export(
                user=cast(User, request.user),
                params=request.query_params,
                file_format="csv" if self.as_csv else "xlsx",
                via_api=True,
                request=request._request,
            )
        except ExportFilterError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        if self.as_csv:
            return ledger_csv_response(tasks)
        return ledger_xlsx_response(tasks, league)


class LedgerCsvExportView(LedgerExportView):
    renderer_classes = [CsvRenderer, renderers.JSONRenderer]
    as_csv = True

    @extend_schema(responses={(200, "text/csv"): bytes})
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ReportDraftView(JsonErrorsMixin, APIView):
    """下一年度报告初稿 (.docx) of a report, from the tasks the caller can see."""

    renderer_classes = [DocxRenderer, renderers.JSONRenderer]

    @extend_schema(responses={(200, DOCX): bytes})
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        report, docx_file = report_draft_build(
            user=cast(User, request.user),
            report_id=pk,
            request=request._request,
        )
        return report_draft_response(report, docx_file)
