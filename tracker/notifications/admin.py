from django.contrib import admin

from tracker.notifications.models import Notification


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
    ]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["subject", "dedupe_key"]
    raw_id_fields = ["recipient", "task", "department"]
    readonly_fields = ["dedupe_key", "attempts", "last_error", "claimed_at", "sent_at"]
