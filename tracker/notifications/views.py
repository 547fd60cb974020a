"""The notification centre (消息中心): a person's own in-app messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.notifications.models import NotificationPreference
from tracker.notifications.selectors import calendar_warnings, inbox
from tracker.notifications.services import (
    notification_preference_update,
    notifications_failing,
    notifications_mark_read,
)
from tracker.org.models import Department


def notification_list(request: HttpRequest) -> HttpResponse:
    items = inbox(request.user).select_related("task").order_by("-created_at", "-id")
    if request.GET.get("unread"):
        items = items.filter(read_at__isnull=True)
    preference = NotificationPreference.objects.filter(user_id=request.user.pk or 0).first()
    context = {
        "page": Paginator(items, 50).get_page(request.GET.get("page")),
        "preference": preference or NotificationPreference(),
    }
    if request.user.is_supervisor:  # type: ignore[union-attr]
        context["missing_years"] = calendar_warnings()
        context["disabled_robots"] = Department.objects.exclude(robot_disabled_reason="")
        context["delivery"] = notifications_failing()
    return render(request, "notifications/notification_list.html", context)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not inbox(request.user).filter(pk=pk).exists():
        raise Http404(_("没有这条消息。"))
    notifications_mark_read(user=request.user, notification_id=pk)
    return redirect("notification-list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect("notification-list")


@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """提醒方式: e-mail on/off, robot @mention on/off, immediate or daily digest."""
    notification_preference_update(
        user=request.user,
        email=request.POST.get("email") == "on",
        robot=request.POST.get("robot") == "on",
        daily_digest=request.POST.get("delivery") == "digest",
        request=request,
    )
    messages.success(request, _("提醒方式已保存。"))
    return redirect("notification-list")
