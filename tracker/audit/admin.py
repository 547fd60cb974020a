from django.contrib import admin
from django.http import HttpRequest

from tracker.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only, even for superusers."""

    list_display = [
        "created_at",
        "actor_name",
        "actor_role",
        "actor_department",
        "action",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["action", "actor_role"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
