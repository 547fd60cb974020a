"""Session limits and the audit records of security events."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.security.models import UserSession


def session_register(*, user: Any, session_key: str | None) -> list[str]:
    """Record a new login session; end the oldest ones beyond
    ``SESSION_MAX_PER_USER`` (0 = no limit). Returns the ended keys."""
    if not session_key:
        return []
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})
        live = list(
            UserSession.objects.select_for_update()
            .filter(user=user)
            .order_by("-created_at", "-id")
            .values_list("session_key", flat=True)
        )
        limit = settings.SESSION_MAX_PER_USER
        ended = live[limit:] if limit else []
        for key in ended:
            store(session_key=key).delete()
        UserSession.objects.filter(session_key__in=ended).delete()
    if ended:
        audit_record(
            action=AuditAction.SESSION_ENDED,
            actor=user,
            obj=user,
            after={"ended": len(ended)},
        )
    return ended


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def user_permissions_changed(*, actor: Any, user: Any, before: Any, after: Any) -> None:
    """权限变更: a role, an account's state or admin rights changed."""
    audit_record(
        action=AuditAction.PERMISSION_CHANGE, actor=actor, obj=user, before=before, after=after
    )


def user_locked_out(*, username: str, request: Any) -> None:
    audit_record(
        action=AuditAction.LOCKOUT,
        object_type="org.user",
        object_repr=str(username or "")[:150],
        request=request,
    )
