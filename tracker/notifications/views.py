"""The notification centre (消息中心): a person's own in-app messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tracker.audit.selectors import deny, get_visible_or_404
from tracker.identity.models import UserIdentity
from tracker.identity.services import workapp_ids_update
from tracker.notifications import workapps
from tracker.notifications.models import NotificationPreference
from tracker.notifications.selectors import calendar_warnings, inbox
from tracker.notifications.services import (
    notification_preference_update,
    notifications_failing,
    notifications_mark_read,
    notifications_redrive,
)
from tracker.org.models import Department

FAILED_SHOWN = 20


def notification_list(request: HttpRequest) -> HttpResponse:
    items = inbox(request.user).select_related("task").order_by("-created_at", "-id")
    if request.GET.get("unread"):
        items = items.filter(read_at__isnull=True)
    preference = NotificationPreference.objects.filter(user_id=request.user.pk or 0).first()
    context = {
        "page": Paginator(items, 50).get_page(request.GET.get("page")),
        "preference": preference or NotificationPreference(),
        "identity": UserIdentity.objects.filter(user_id=request.user.pk or 0).first(),
        "dingtalk_enabled": workapps.dingtalk_enabled(),
        "wecom_enabled": workapps.wecom_enabled(),
    }
    if request.user.is_supervisor:  # type: ignore[union-attr]
        context["missing_years"] = calendar_warnings()
        context["disabled_robots"] = Department.objects.exclude(robot_disabled_reason="")
        # How many fail and why, and which person did not get which message
        # (the latest ones), with the buttons to send them again.
        context["delivery"] = notifications_failing(latest=FAILED_SHOWN)
    return render(request, "notifications/notification_list.html", context)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    get_visible_or_404(
        inbox(request.user),
        pk,
        actor=request.user,
        attempted="notification_read",
        message=_("没有这条消息。"),
        request=request,
    )
    notifications_mark_read(user=request.user, notification_id=pk)
    return redirect("notification-list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect("notification-list")


@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """提醒方式: e-mail, robot @mention, digest, DingTalk/WeCom work messages and userids."""
    try:
        workapp_ids_update(
            user=request.user,
            dingtalk_userid=request.POST.get("dingtalk_userid", ""),
            wecom_userid=request.POST.get("wecom_userid", ""),
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notification-list")
    notification_preference_update(
        user=request.user,
        email=request.POST.get("email") == "on",
        robot=request.POST.get("robot") == "on",
        daily_digest=request.POST.get("delivery") == "digest",
        dingtalk_work=request.POST.get("dingtalk_work") == "on",
        wecom_app=request.POST.get("wecom_app") == "on",
        request=request,
    )
    messages.success(request, _("提醒方式已保存。"))
    return redirect("notification-list")


@require_POST
def notification_redrive(request: HttpRequest) -> HttpResponse:
    """重新发送: a supervisor sends failed rows again once their cause is fixed —
    all of them, or those that failed for one reason (as the page groups them)."""
    if not getattr(request.user, "is_supervisor", False):
        deny(
            actor=request.user,
            attempted="notifications_redrive",
            message=_("只有督办管理员可以重新发送通知。"),
            object_type="notifications.notification",
            request=request,
        )
    scope = request.POST.get("scope", "")
    reason = request.POST.get("reason")
    if scope not in ("all", "reason") or (scope == "reason" and not reason):
        messages.error(request, _("请选择要重新发送的通知。"))
        return redirect("notification-list")
    count = notifications_redrive(
        reason=reason if scope == "reason" else None, actor=request.user, request=request
    )
    if count:
        messages.success(
            request,
            ngettext(
                "已重新排队 %(count)d 条发送失败的通知，将立即重新发送。",
                "已重新排队 %(count)d 条发送失败的通知，将立即重新发送。",
                count,
            )
            % {"count": count},
        )
    else:
        messages.warning(request, _("没有符合条件的发送失败通知，未做任何处理。"))
    return redirect(f"{reverse('notification-list')}#delivery-health")
