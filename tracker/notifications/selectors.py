"""What a person may read of the notifications (used by the pages and the API), and
which years still lack a holiday calendar (the supervisor's warning)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from tracker.notifications.models import Channel, Holiday, Notification
from tracker.notifications.workdays import missing_years
from tracker.tasks.models import Task


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own in-app messages about tasks they may still see."""
    visible = Task.objects.visible_to(user)
    mine = Notification.objects.filter(recipient=user, channel=Channel.APP)
    return mine.filter(task__isnull=True) | mine.filter(task__in=visible.values("pk"))


def calendar_warnings() -> list[int]:
    """Years the reminders need whose official calendar is neither in the package nor entered
    by an admin (节假日（补充）): this year, the years of open deadlines, and — from November,
    when the State Council publishes it — next year."""
    today = timezone.localdate()
    years = {today.year}
    if today.month >= 11:
        years.add(today.year + 1)
    years |= set(
        Task.objects.open()
        .filter(due_on__isnull=False, due_on__gte=today - dt.timedelta(days=60))
        .annotate(year=ExtractYear("due_on"))
        .values_list("year", flat=True)
        .distinct()
    )
    entered = set(
        Holiday.objects.annotate(year=ExtractYear("day")).values_list("year", flat=True).distinct()
    )
    return [year for year in missing_years(years) if year not in entered]
