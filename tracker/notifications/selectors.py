"""What a person may read of the notifications (used by the pages and the API)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tracker.notifications.models import Channel, Notification
from tracker.tasks.models import Task


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own in-app messages about tasks they may still see."""
    visible = Task.objects.visible_to(user)
    mine = Notification.objects.filter(recipient=user, channel=Channel.APP)
    return mine.filter(task__isnull=True) | mine.filter(task__in=visible.values("pk"))
