from django.contrib import admin

from tracker.tasks.models import Comment, ExtensionRequest, ProgressUpdate, Task


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "lead_department",
        "responsible",
        "due_on",
        "status",
        "progress",
    ]
    list_filter = ["status", "kind", "lead_department", "report"]
    search_fields = ["title", "description"]
    date_hierarchy = "due_on"
    raw_id_fields = ["parent", "source_item", "responsible", "created_by"]
    filter_horizontal = ["cooperating_departments"]
    readonly_fields = ["version", "next_remind_at", "created_at", "updated_at"]
    inlines = [ProgressInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["task", "requested_by", "current_due_on", "requested_due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["task", "requested_by", "decided_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["task", "author", "is_instruction", "created_at"]
    raw_id_fields = ["task", "author"]
