from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tracker.org.models import Department, Role, User
from tracker.security.permissions import SECURITY_FIELDS
from tracker.security.services import user_permissions_changed


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
        (_("督办信息"), {"fields": ("full_name", "department", "email")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # 三员分立: the system administrator keeps accounts, the security
        # administrator decides roles and whether an account may log in.
        role = getattr(request.user, "role", "")
        if request.user.is_superuser:  # type: ignore[union-attr]
            return ()
        if role == Role.SECURITY_ADMIN:
            editable = {"role", "is_active"}
            names = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
            return tuple(sorted(names - editable - {"password"}))
        return SECURITY_FIELDS

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = None
        if change:
            old = User.objects.get(pk=obj.pk)
            before = {name: getattr(old, name) for name in SECURITY_FIELDS[:4]}
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in SECURITY_FIELDS[:4]}
        if before != after:
            user_permissions_changed(actor=request.user, user=obj, before=before, after=after)
