"""The home page: what this person must do now (我的待办), and for leaders and
heads the 领导驾驶舱 of the departments they answer for (tracker/tasks/cockpit.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tracker.tasks.cockpit import cockpit_build
from tracker.tasks.models import UNASSIGNED_STATUSES
from tracker.tasks.selectors import DUE_SOON_DAYS, my_scope, todo_buckets

if TYPE_CHECKING:
    from tracker.org.models import User


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
    # 领导驾驶舱: leaders see every division, heads their own.
    cockpit = cockpit_build(user=user, today=today) if (user.is_leader or user.is_head) else None
    return render(
        request,
        "tasks/home.html",
        {
            "counted": counted,
            "show": show,
            "page": page,
            "today": today,
            "due_soon_days": DUE_SOON_DAYS,
            "cockpit": cockpit,
        },
    )
