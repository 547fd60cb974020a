from django.contrib import admin

from tracker.evidence.models import EvidenceFile


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "version",
        "task",
        "size",
        "uploaded_by",
        "uploaded_at",
        "withdrawn_at",
    ]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["task", "progress_update", "uploaded_by", "withdrawn_by"]
    # Evidence is never edited or deleted in place: withdraw it through the app.
    readonly_fields = ["file", "size", "sha256", "content_type", "version", "uploaded_at"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
