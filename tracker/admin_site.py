"""The Django admin is for system administrators (superusers) only.

Supervisors do their everyday settings in the app (系统设置); the admin stays
for repairs by whoever runs the server.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class DubanAdminSite(admin.AdminSite):
    site_header = "督办系统管理后台（系统管理员）"
    site_title = "督办系统"
    index_title = "数据管理"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class DubanAdminConfig(AdminConfig):
    default_site = "tracker.admin_site.DubanAdminSite"
