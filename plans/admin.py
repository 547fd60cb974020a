from django.contrib import admin

from plans.models import PlanItem, RectificationLink, Report, UnitAlias


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["kind", "number", "title", "order"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "report_year", "plan_year", "issued_on", "imported_at"]
    search_fields = ["title", "organization"]
    readonly_fields = ["content_sha256", "paragraphs", "outline", "warnings"]
    inlines = [PlanItemInline]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "created_by", "created_at"]
    search_fields = ["name", "department__name"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(RectificationLink)
class RectificationLinkAdmin(admin.ModelAdmin):
    list_display = ["problem_task", "plan_task", "reason", "created_by", "created_at"]
    search_fields = ["problem_task__title", "plan_task__title"]
    raw_id_fields = ["problem_task", "plan_task"]
    readonly_fields = ["created_by", "created_at"]
