from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tracker.notifications.models import (
    Holiday,
    Notification,
    NotificationPreference,
    ReminderPolicy,
    RobotState,
    TaskReminderPolicy,
)
from tracker.notifications.services import notifications_redrive
from tracker.notifications.workdays import OFFICIAL_LAST_YEAR


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient",
        "department",
        "kind",
        "channel",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["subject", "dedupe_key", "last_error"]
    raw_id_fields = ["recipient", "task", "department"]
    actions = ["redrive"]
    readonly_fields = [
        "dedupe_key",
        "attempts",
        "last_error",
        "first_attempt_at",
        "claimed_at",
        "claim_token",
        "queued_at",
        "sent_at",
    ]

    @admin.action(description=_("重新发送所选失败通知"))
    def redrive(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        """A supervisor's decision, once the cause of the failures is fixed."""
        if not getattr(request.user, "is_supervisor", False):
            self.message_user(request, _("只有督办管理员可以重新发送通知。"), messages.ERROR)
            return
        ids = list(queryset.values_list("pk", flat=True))
        count = notifications_redrive(notification_ids=ids, actor=request.user, request=request)
        skipped = len(ids) - count
        self.message_user(
            request,
            ngettext(
                "已重新排队 %(count)d 条通知。",
                "已重新排队 %(count)d 条通知。",
                count,
            )
            % {"count": count}
            + (
                str(_("另有 %(skipped)d 条不是发送失败状态，未处理。")) % {"skipped": skipped}
                if skipped
                else ""
            ),
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(TaskReminderPolicy)
class TaskReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["task", "days_before", "overdue_every", "report_cycle", "report_day"]
    raw_id_fields = ["task"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "is_workday"]
    date_hierarchy = "day"

    def changelist_view(self, request, extra_context=None):  # type: ignore[no-untyped-def]
        self.message_user(
            request,
            _("国家法定节假日已收录至 %(year)d 年；之后的年份请在此补充放假日期和调休工作日。")
            % {"year": OFFICIAL_LAST_YEAR},
        )
        return super().changelist_view(request, extra_context)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "robot", "daily_digest"]
    raw_id_fields = ["user"]


@admin.register(RobotState)
class RobotStateAdmin(admin.ModelAdmin):
    list_display = ["department", "channel", "sent_in_window", "consecutive_failures", "last_error"]
