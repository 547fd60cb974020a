"""The management site (管理后台): who may enter is decided by the role table."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tracker.security.permissions import role_permissions


class DubanAdminSite(admin.AdminSite):
    site_header = "督办系统管理后台"
    site_title = "督办系统"
    index_title = "数据管理"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and (user.is_superuser or role_permissions(user))  # type: ignore[union-attr]
        )
