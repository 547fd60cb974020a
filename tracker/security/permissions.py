"""三员分立: what each role may do in the management site, in one table.

GB/T 22239-2019 level 3 asks for a system administrator, a security
administrator and an audit administrator, each with only their own
functions, none of them a superuser in daily use. Django's admin asks
``user.has_perm("app.codename")`` for every model and button; this backend
answers from the user's role alone, so granting a right means editing this
table (reviewed in code), not clicking in the admin.
"""

from __future__ import annotations

from typing import Any

from tracker.org.models import Role


def _crud(model: str, *verbs: str) -> set[str]:
    app, name = model.split(".")
    return {f"{app}.{verb}_{name}" for verb in verbs}


ROLE_PERMISSIONS: dict[str, set[str]] = {
    # 系统管理员: accounts and departments, reminder rules and holidays, the
    # delivery of notifications (re-sending failed ones once the mail server or
    # robot is fixed); no roles, no audit, no task data.
    Role.SYSTEM_ADMIN: (
        _crud("org.department", "view", "add", "change")
        | _crud("org.user", "view", "add", "change")
        | _crud("notifications.reminderpolicy", "view", "add", "change")
        | _crud("notifications.holiday", "view", "add", "change", "delete")
        | _crud("notifications.robotstate", "view")
        | _crud("notifications.notification", "view", "change")
    ),
    # 安全管理员: roles and account state, lockouts and API tokens.
    Role.SECURITY_ADMIN: (
        _crud("org.user", "view", "change")
        | _crud("axes.accessattempt", "view", "delete")
        | _crud("axes.accessfailurelog", "view")
        | _crud("authtoken.tokenproxy", "view", "delete")
    ),
    # 审计管理员: reads the audit trail and the login records, nothing else.
    Role.AUDIT_ADMIN: _crud("audit.auditevent", "view") | _crud("axes.accesslog", "view"),
    # 督办管理员 (supervisors) do their settings in the app (系统设置) and do
    # not enter the management site; nor do heads, staff or leaders.
}

# Fields of a user that only the security administrator may change.
SECURITY_FIELDS = ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def role_permissions(user: Any) -> set[str]:
    if not (user and user.is_active):
        return set()
    return ROLE_PERMISSIONS.get(getattr(user, "role", ""), set())


class RolePermissionBackend:
    """Answers permission questions from ROLE_PERMISSIONS; authenticates nobody."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: int) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        return perm in role_permissions(user)

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return any(perm.startswith(app_label + ".") for perm in role_permissions(user))

    def get_all_permissions(self, user: Any, obj: Any = None) -> set[str]:
        return set(role_permissions(user))
