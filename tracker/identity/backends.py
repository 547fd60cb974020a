"""Authentication backends: the directory (LDAP/AD) and the identity platforms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

try:
    import ldap
    from django_auth_ldap.backend import LDAPBackend
    from django_auth_ldap.config import LDAPSearch, LDAPSettings
except ImportError:  # the optional LDAP extra (requirements-ldap.txt) is not installed:
    # the settings refuse LDAP_SERVER_URI without it, so the backend never logs anyone in.
    ldap = None
    LDAPBackend = ModelBackend  # type: ignore[misc,assignment]

from tracker.identity import directory
from tracker.identity.models import DirectoryUnit
from tracker.org.models import User


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap, with Duban's mapping of OU → department and group → role.

    Does nothing unless ``LDAP_SERVER_URI`` is set. Never logs in as one of the
    administrators' local accounts (``directory.is_kept_local``).
    """

    @property
    def settings(self) -> LDAPSettings:
        # django-auth-ldap's own settings follow Duban's LDAP_* settings (one
        # place to configure); an explicit AUTH_LDAP_* setting still wins.
        if getattr(self, "_settings", None) is None:
            self._settings: LDAPSettings | None = LDAPSettings(
                self.settings_prefix,
                {
                    "SERVER_URI": settings.LDAP_SERVER_URI,
                    "BIND_DN": settings.LDAP_BIND_DN,
                    "BIND_PASSWORD": settings.LDAP_BIND_PASSWORD,
                    "START_TLS": settings.LDAP_START_TLS,
                    "CONNECTION_OPTIONS": {
                        ldap.OPT_REFERRALS: 0,
                        ldap.OPT_NETWORK_TIMEOUT: settings.LDAP_TIMEOUT,
                        ldap.OPT_TIMEOUT: settings.LDAP_TIMEOUT,
                    },
                    "USER_SEARCH": LDAPSearch(
                        settings.LDAP_USER_BASE,
                        ldap.SCOPE_SUBTREE,
                        f"(&{settings.LDAP_USER_FILTER}({settings.LDAP_LOGIN_ATTR}=%(user)s))",
                    ),
                },
            )
        return self._settings  # type: ignore[return-value]

    @settings.setter
    def settings(self, value: LDAPSettings) -> None:
        self._settings = value

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if ldap is None or not directory.directory_enabled() or not username:
            return None
        if directory.is_local_name(username):
            return None
        existing = User.objects.filter(username__iexact=username.strip()).first()
        if existing is not None and directory.is_kept_local(existing):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def authenticate_ldap_user(self, ldap_user: Any, password: str) -> User | None:
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        members = directory.read_group_members(ldap_user.connection)
        entry = directory.entry_from(ldap_user.dn, ldap_user.attrs, members)
        if entry is None or entry.disabled:
            return None
        now = timezone.now()
        unit_dn = directory.normalize_dn(directory.parent_dn(ldap_user.dn))
        unit = DirectoryUnit.objects.select_related("department").filter(dn=unit_dn).first()
        if unit is None:
            # Logged in before the first sync: map the OUs now (never deactivates any).
            units = directory.units_sync(
                ldap_user.connection, directory.SyncCounts(), now, deactivate_missing=False
            )
            department = units.get(unit_dn)
        else:
            department = unit.department
        directory.user_apply(user=user, entry=entry, department=department, now=now)
        return user if user.is_active else None
