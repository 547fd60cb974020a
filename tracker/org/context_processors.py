from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header needs on every page: the user's role and unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from tracker.notifications.models import Channel

    unread = user.notifications.filter(channel=Channel.APP, read_at__isnull=True).count()
    return {"unread_notification_count": unread}
