from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from tracker.org.models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name", "keywords"]
    list_editable = ["order", "is_active"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "department", "is_liaison", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("督办信息"),
            {"fields": ("full_name", "role", "department", "title", "phone", "is_liaison")},
        ),
    )
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        (_("督办信息"), {"fields": ("full_name", "role", "department", "email")}),
    )
