"""Task pages: the list of the user's tasks and a task's detail page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tracker.evidence.models import EvidenceFile
from tracker.tasks.models import Status, Task


def task_list(request: HttpRequest) -> HttpResponse:
    """我的任务: the tasks this user may see, soonest deadline first."""
    tasks = (
        Task.objects.visible_to(request.user)
        .select_related("lead_department", "responsible")
        .prefetch_related("cooperating_departments")
        .order_by("due_on", "id")
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        tasks = tasks.filter(status=status)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/task_list.html",
        {"page": page, "statuses": Status.choices, "status": status, "today": timezone.localdate()},
    )


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task as its holder sees it; another division's task is a 404."""
    task = get_object_or_404(
        Task.objects.visible_to(request.user)
        .select_related("lead_department", "responsible", "created_by", "report", "source_item")
        .prefetch_related(
            "cooperating_departments",
            "progress_updates__author",
            Prefetch("evidence", queryset=EvidenceFile.objects.select_related("uploaded_by")),
            "reviews__reviewer",
        ),
        pk=pk,
    )
    return render(request, "tasks/task_detail.html", {"task": task, "today": timezone.localdate()})
