"""归档 pages: the packages a user may have, starting a report's archiving,
packing an archived task again, and downloading a package."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Report
from tracker.archives.services import (
    archive_package_start,
    archive_report,
    package_download_record,
    packages_visible_to,
)
from tracker.tasks.models import Status, Task


def archive_list(request: HttpRequest) -> HttpResponse:
    packages = packages_visible_to(request.user).select_related("report", "created_by")
    report_id = request.GET.get("report", "")
    if report_id.isdigit():
        packages = packages.filter(report_id=int(report_id))
    context = {
        "page": Paginator(
            packages.annotate(task_count=Count("tasks")).order_by("-created_at", "-id"), 30
        ).get_page(request.GET.get("page")),
        "report_id": report_id,
        "reports": Report.objects.visible_to(request.user).order_by("-id")[:200],  # type: ignore[arg-type]
    }
    if getattr(request.user, "is_supervisor", False):
        context["archivable"] = (
            Report.objects.annotate(
                ready=Count(
                    "tasks",
                    filter=Q(tasks__status=Status.DONE, tasks__archived_at__isnull=True),
                )
            )
            .filter(ready__gt=0)
            .order_by("-id")
        )
    return render(request, "archives/archive_list.html", context)


@require_POST
def archive_report_start(request: HttpRequest) -> HttpResponse:
    report = Report.objects.filter(pk=request.POST.get("report") or 0).first()
    if report is None or not getattr(request.user, "is_supervisor", False):
        raise Http404(_("报告不存在或您无权归档。"))
    try:
        job = archive_report(report=report, actor=request.user, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("archive-list")
    messages.success(request, _("已归档该报告的已办结任务，归档包正在后台生成。"))
    return redirect("batch-job", job.pk)


@require_POST
def archive_task_repack(request: HttpRequest, pk: int) -> HttpResponse:
    task = Task.objects.visible_to(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if task is None:
        raise Http404(_("任务不存在或您无权查看。"))
    if task.archived_at is None:
        messages.error(request, _("该任务尚未归档。"))
        return redirect("task-detail", task.pk)
    try:
        job = archive_package_start(tasks=[task], actor=request.user, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task-detail", task.pk)
    return redirect("batch-job", job.pk)


def archive_download(request: HttpRequest, pk: int) -> FileResponse:
    package = packages_visible_to(request.user).filter(pk=pk).first()
    if package is None:
        raise Http404(_("归档包不存在或您无权下载。"))
    package_download_record(package=package, actor=request.user, request=request)
    try:
        handle = package.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("归档包文件已不存在，请联系管理员从备份恢复。")) from None
    response = FileResponse(handle, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, package.filename)
    return response
