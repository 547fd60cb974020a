"""Dashboard page, ledger exports and the report draft download."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from tracker.dbrouter import reading_from_replica
from tracker.http import AuthedRequest
from tracker.reporting import svg
from tracker.reporting.batch_kinds import ledger_job_start
from tracker.reporting.dashboard import dashboard_compute, dashboard_filters_parse
from tracker.reporting.downloads import (
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
from tracker.supervision.feedback import feedback_rates
from tracker.supervision.selectors import urge_counts
from tracker.tasks.models import Task


def dashboard(request: AuthedRequest) -> HttpResponse:
    """统计分析: the numbers of the tasks this user may see."""
    filters, errors = dashboard_filters_parse(request.GET.dict(), request.user)
    user, today = request.user, timezone.localdate()
    export_query = "&".join(f"{k}={v}" for k, v in filters.params())

    def parts() -> dict[str, str]:
        data = dashboard_compute(user=user, filters=filters, today=today)
        scope = data.totals.total - data.totals.cancelled
        tasks = Task.objects.visible_to(user)
        context = {
            "user": user,
            "data": data,
            "totals_urls": data.totals.urls(),
            "burnup_svg": svg.burnup_chart(data.trend, scope),
            "department_svg": svg.department_chart(data.by_department),
            "years": range(today.year + 1, today.year - 5, -1),
            "export_query": export_query,
            "feedback_rates": feedback_rates(tasks, today),
            "urge_counts": urge_counts(tasks),
        }
        # The page around them (CSRF token, legend, user box) is per request.
        return {
            part: render_to_string(f"reporting/_dashboard_{part}.html", context)
            for part in ("head", "filters", "body")
        }

    with reading_from_replica():
        # Written once for this state of the database.
        page = snapshot_memo(dashboard_key("html", user, filters, today), parts)
    return render(
        request,
        "reporting/dashboard.html",
        {"parts": page, "errors": errors, "export_query": export_query},
    )


def ledger_xlsx(request: AuthedRequest) -> HttpResponseBase:
    """工作台账 (.xlsx) of the visible tasks, filtered like the task list."""
    try:
        league = export_league(user=request.user, params=request.GET)
        tasks = ledger_export(
            user=request.user,
            params=request.GET,
            file_format="xlsx",
            request=request,
        )
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return ledger_xlsx_response(tasks, league)


@require_POST
def ledger_job(request: AuthedRequest) -> HttpResponse:
    """导出台账 as a background job: answers at once with the job page, where
    a progress bar runs until the file is offered."""
    try:
        job = ledger_job_start(
            user=request.user, query=request.POST.get("query", ""), request=request
        )
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return redirect("batch-job", pk=job.pk)


def ledger_csv(request: AuthedRequest) -> HttpResponseBase:
    """The same ledger as CSV (UTF-8 with BOM), streamed row by row."""
    try:
        tasks = ledger_export(
            user=request.user,
            params=request.GET,
            file_format="csv",
            request=request,
        )
    except ExportFilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return ledger_csv_response(tasks)


def report_draft(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """下一年度报告初稿 (.docx) built from the report's visible tasks."""
    report, docx_file = report_draft_build(
        user=request.user,
        report_id=pk,
        request=request,
    )
    return report_draft_response(report, docx_file)
