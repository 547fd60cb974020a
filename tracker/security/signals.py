"""Connect login/logout and django-axes lockouts to the session limit and the audit trail."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from tracker.security import services
from tracker.security.middleware import SEEN_KEY


@receiver(user_logged_in)
def limit_sessions(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(time.time())
        if session.session_key is None:
            session.save()
        services.session_register(user=user, session_key=session.session_key)


@receiver(user_logged_out)
def forget_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    services.session_forget(session_key=getattr(session, "session_key", None))


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str, **kwargs: Any) -> None:
    services.user_locked_out(username=username, request=request)
