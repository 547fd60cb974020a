"""The HTTP responses of the reporting downloads, shared by the pages and the API."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from plans.models import Report
from tracker.reporting.ledger import ledger_csv_lines, ledger_xlsx_file
from tracker.scoring.services import LeagueRow
from tracker.tasks.models import Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(name: str) -> str:
    return content_disposition_header(as_attachment=True, filename=name) or "attachment"


def ledger_xlsx_response(
    tasks: QuerySet[Task], league: tuple[str, list[LeagueRow]] | None = None
) -> FileResponse:
    name = f"工作台账-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(ledger_xlsx_file(tasks, league), content_type=XLSX)
    response["Content-Disposition"] = _attachment(name)
    return response


def ledger_csv_response(tasks: QuerySet[Task]) -> StreamingHttpResponse:
    name = f"工作台账-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(
        ledger_csv_lines(tasks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _attachment(name)
    return response


def report_draft_response(report: Report, docx_file: IO[bytes]) -> FileResponse:
    year = report.plan_year or timezone.localdate().year
    response = FileResponse(docx_file, content_type=DOCX)
    response["Content-Disposition"] = _attachment(f"{year}年度报告初稿.docx")
    return response
