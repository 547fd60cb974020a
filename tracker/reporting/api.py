"""API: /api/v1/dashboard/, /api/v1/exports/ledger.xlsx|csv and the report draft.

They call the same services as the pages; token auth works as everywhere
under /api/v1/.
"""

from __future__ import annotations

from django.http import HttpResponseBase
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.audit.services import audit_record
from tracker.dbrouter import reading_from_replica
from tracker.reporting import views
from tracker.reporting.dashboard import dashboard_compute
from tracker.reporting.services import (
    ExportFilterError,
    export_league,
    export_tasks,
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
        filters, errors = views.parse_dashboard_filters(
            request.query_params.dict(),
            request.user,  # type: ignore[arg-type]
        )
        if errors:
            raise ValidationError({"detail": errors})
        with reading_from_replica():
            data = dashboard_compute(user=request.user, filters=filters)  # type: ignore[arg-type]
        return Response(data.as_dict())


class BinaryRenderer(renderers.BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # type: ignore[no-untyped-def]
        return data


class XlsxRenderer(BinaryRenderer):
    media_type = views.XLSX
    format = "xlsx"


class CsvRenderer(BinaryRenderer):
    media_type = "text/csv"
    format = "csv"


class DocxRenderer(BinaryRenderer):
    media_type = views.DOCX
    format = "docx"


class LedgerExportView(APIView):
    """工作台账: the visible tasks, filtered with the task list's parameters."""

    renderer_classes = [XlsxRenderer, renderers.JSONRenderer]
    as_csv = False

    @extend_schema(responses={(200, views.XLSX): bytes})
    def get(self, request: Request) -> HttpResponseBase:
        try:
            tasks = export_tasks(user=request.user, params=request.query_params)  # type: ignore[arg-type]
            league = (
                None
                if self.as_csv
                else export_league(user=request.user, params=request.query_params)  # type: ignore[arg-type]
            )
        except ExportFilterError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        audit_record(
            action="ledger.export",
            actor=request.user,
            object_type="ledger",
            object_repr=f"{'csv' if self.as_csv else 'xlsx'} api {request.query_params.urlencode()}"[
                :300
            ],
            request=request,
        )
        if self.as_csv:
            return views.ledger_csv_response(tasks)
        return views.ledger_xlsx_response(tasks, league)


class LedgerCsvExportView(LedgerExportView):
    renderer_classes = [CsvRenderer, renderers.JSONRenderer]
    as_csv = True

    @extend_schema(responses={(200, "text/csv"): bytes})
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ReportDraftView(APIView):
    """下一年度报告初稿 (.docx) of a report, from the tasks the caller can see."""

    renderer_classes = [DocxRenderer, renderers.JSONRenderer]

    @extend_schema(responses={(200, views.DOCX): bytes})
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        report, docx_file = report_draft_build(user=request.user, report_id=pk)  # type: ignore[arg-type]
        audit_record(action="report.draft", actor=request.user, obj=report, request=request)
        return views.report_draft_response(report, docx_file)
