from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header needs on every page: the user's role and unread count,
    and (as ``user.department``) the department's name beside the user's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.db.models import Count, IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    from tracker.notifications.models import Channel, Notification
    from tracker.org.models import Department

    unread = Notification.objects.filter(
        recipient_id=user.pk, channel=Channel.APP, read_at__isnull=True
    )
    descriptor = user.__class__.department
    if user.department_id is None or descriptor.is_cached(user):
        return {"unread_notification_count": unread.count()}
    # The department's row and the count in one query (issue #17: one query less a page).
    count = unread.order_by().values("recipient_id").annotate(n=Count("pk")).values("n")
    department = (
        Department.objects.filter(pk=user.department_id)
        .annotate(
            unread_for_header=Coalesce(Subquery(count), Value(0), output_field=IntegerField())
        )
        .first()
    )
    if department is None:  # pragma: no cover - the foreign key keeps the row
        return {"unread_notification_count": unread.count()}
    n = department.__dict__.pop("unread_for_header")
    descriptor.field.set_cached_value(user, department)
    return {"unread_notification_count": n}
