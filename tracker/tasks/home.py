"""The home page: what this person must do now (我的待办), and for leaders and
heads an overview of the departments they answer for (工作总览)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tracker.tasks.models import UNASSIGNED_STATUSES, Status, Task, open_q, overdue_q
from tracker.tasks.selectors import DUE_SOON_DAYS, my_scope, todo_buckets

if TYPE_CHECKING:
    from tracker.org.models import User


def department_overview(user: User, today: Any) -> list[dict[str, Any]]:
    """One row per lead department of the tasks this user sees: open, overdue, done."""
    rows = (
        Task.objects.visible_to(user)
        .exclude(status__in=(*UNASSIGNED_STATUSES, Status.CANCELLED))
        .filter(lead_department__isnull=False)
        .values("lead_department_id", "lead_department__name")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=open_q()),
            overdue=Count("id", filter=overdue_q(today)),
            done=Count("id", filter=Q(status=Status.DONE)),
        )
        .order_by("-overdue", "-open", "lead_department__name")
    )
    return [
        {
            "department_id": row["lead_department_id"],
            "name": row["lead_department__name"],
            "total": row["total"],
            "open": row["open"],
            "overdue": row["overdue"],
            "done": row["done"],
            "rate": round(100 * row["done"] / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]


def home(request: HttpRequest) -> HttpResponse:
    """我的待办: counters first (待我签收 / 待我提交 / 待我审核 / 即将到期 / 已逾期), then the list."""
    user: User = request.user  # type: ignore[assignment]  # LoginRequiredMiddleware
    today = timezone.localdate()
    buckets = todo_buckets(user, today)
    counted = [(bucket, bucket.tasks.count()) for bucket in buckets]
    keys = [bucket.key for bucket in buckets]
    show = request.GET.get("show", "")
    if show not in keys and show != "open":
        show = next((bucket.key for bucket, n in counted if n), "open")
    if show == "open":
        tasks = my_scope(user).open().exclude(status__in=UNASSIGNED_STATUSES)
    else:
        tasks = next(bucket.tasks for bucket in buckets if bucket.key == show)
    tasks = tasks.select_related("lead_department", "responsible").order_by("due_on", "id")
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    overview = department_overview(user, today) if (user.is_leader or user.is_head) else None
    return render(
        request,
        "tasks/home.html",
        {
            "counted": counted,
            "show": show,
            "page": page,
            "today": today,
            "due_soon_days": DUE_SOON_DAYS,
            "overview": overview,
        },
    )
