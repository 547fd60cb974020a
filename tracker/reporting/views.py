"""Dashboard page, ledger exports and the report draft download."""

from __future__ import annotations

from urllib.parse import quote

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans.models import Report
from tracker.audit.services import audit_record
from tracker.batch.services import batch_start
from tracker.dbrouter import reading_from_replica
from tracker.org.models import Department, User
from tracker.reporting import svg
from tracker.reporting.batch_kinds import LEDGER_XLSX
from tracker.reporting.dashboard import DashboardFilters, dashboard_compute
from tracker.reporting.ledger import ledger_csv_lines, ledger_xlsx_file
from tracker.reporting.services import (
    ExportFilterError,
    export_league,
    export_tasks,
    report_draft_build,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def parse_dashboard_filters(
    params: dict[str, str], user: User
) -> tuple[DashboardFilters, list[str]]:
    """Read report / year / department; unknown values are reported, not 500s.
    A report the user may not see is unknown to them."""
    errors: list[str] = []
    report = department = None
    year = None
    if params.get("report"):
        report_id = _int(params["report"])
        report = (
            Report.objects.visible_to(user).filter(pk=report_id).first()
            if report_id is not None
            else None
        )
        if report is None:
            errors.append("所选报告不存在。")
    if params.get("department"):
        department_id = _int(params["department"])
        department = (
            Department.objects.filter(pk=department_id).first()
            if department_id is not None
            else None
        )
        if department is None:
            errors.append("所选单位不存在。")
    if params.get("year"):
        year = _int(params["year"])
        if year is None or not 2000 <= year <= 2100:
            errors.append("年度应为 2000 至 2100 之间的四位数字。")
            year = None
    return DashboardFilters(report=report, year=year, department=department), errors


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def dashboard(request: HttpRequest) -> HttpResponse:
    """统计分析: the numbers of the tasks this user may see."""
    filters, errors = parse_dashboard_filters(request.GET.dict(), request.user)  # type: ignore[arg-type]
    with reading_from_replica():
        data = dashboard_compute(user=request.user, filters=filters)  # type: ignore[arg-type]
    scope = data.totals.total - data.totals.cancelled
    this_year = timezone.localdate().year
    export_query = "&".join(f"{k}={v}" for k, v in filters.params())
    return render(
        request,
        "reporting/dashboard.html",
        {
            "data": data,
            "errors": errors,
            "totals_urls": data.totals.urls(),
            "burnup_svg": svg.burnup_chart(data.trend, scope),
            "department_svg": svg.department_chart(data.by_department),
            "years": range(this_year + 1, this_year - 5, -1),
            "export_query": export_query,
        },
    )


def filename_header(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    """工作台账 (.xlsx) of the visible tasks, filtered like the task list."""
    try:
        tasks = export_tasks(user=request.user, params=request.GET)  # type: ignore[arg-type]
        league = export_league(user=request.user, params=request.GET)  # type: ignore[arg-type]
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    audit_record(
        action="ledger.export",
        actor=request.user,
        object_type="ledger",
        object_repr=f"xlsx {request.GET.urlencode()}"[:300],
        request=request,
    )
    return ledger_xlsx_response(tasks, league)


def ledger_xlsx_response(tasks, league=None):  # type: ignore[no-untyped-def]
    name = f"工作台账-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(ledger_xlsx_file(tasks, league), content_type=XLSX)
    response["Content-Disposition"] = filename_header(name)
    return response


@require_POST
def ledger_job(request: HttpRequest) -> HttpResponse:
    """导出台账 as a background job: answers at once with the job page, where
    a progress bar runs until the file is offered."""
    query = request.POST.get("query", "")
    try:
        export_tasks(user=request.user, params=QueryDict(query))  # type: ignore[arg-type]
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    job = batch_start(
        kind=LEDGER_XLSX.name,
        user=request.user,  # type: ignore[arg-type]
        params={"query": query},
        request=request,
    )
    return redirect("batch-job", pk=job.pk)


def ledger_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The same ledger as CSV (UTF-8 with BOM), streamed row by row."""
    try:
        tasks = export_tasks(user=request.user, params=request.GET)  # type: ignore[arg-type]
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    audit_record(
        action="ledger.export",
        actor=request.user,
        object_type="ledger",
        object_repr=f"csv {request.GET.urlencode()}"[:300],
        request=request,
    )
    return ledger_csv_response(tasks)


def ledger_csv_response(tasks):  # type: ignore[no-untyped-def]
    name = f"工作台账-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(
        ledger_csv_lines(tasks), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = filename_header(name)
    return response


def report_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """下一年度报告初稿 (.docx) built from the report's visible tasks."""
    report, docx_file = report_draft_build(user=request.user, report_id=pk)  # type: ignore[arg-type]
    audit_record(action="report.draft", actor=request.user, obj=report, request=request)
    return report_draft_response(report, docx_file)


def report_draft_response(report, docx_file):  # type: ignore[no-untyped-def]
    year = report.plan_year or timezone.localdate().year
    response = FileResponse(docx_file, content_type=DOCX)
    response["Content-Disposition"] = filename_header(f"{year}年度报告初稿.docx")
    return response
