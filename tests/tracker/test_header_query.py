"""The header's department and unread count (tracker.org.context_processors),
read with SQL compiled once per process, equal the ORM's answer (issue #17)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tracker.notifications.models import Channel, Notification, NotificationKind
from tracker.org import context_processors
from tracker.org.models import Department, User

pytestmark = pytest.mark.django_db


def note(user: User, key: str, channel: str = Channel.APP, read: bool = False) -> None:
    Notification.objects.create(
        recipient=user,
        kind=NotificationKind.ASSIGNED,
        channel=channel,
        dedupe_key=key,
        subject="新任务已交办",
        send_after=timezone.now() - dt.timedelta(minutes=1),
        read_at=timezone.now() if read else None,
    )


def header(user: User) -> tuple[dict[str, object], Department]:
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)  # nothing cached
    context = context_processors.navigation(request)
    return context, request.user.department


def test_header_equals_the_orm(
    staff_a: User, head_a: User, staff_b: User, dept_a: Department, dept_b: Department
) -> None:
    context_processors._HEADER_SQL.clear()
    for i in range(3):
        note(staff_a, f"a{i}")
    note(staff_a, "a-read", read=True)
    note(staff_a, "a-mail", channel=Channel.EMAIL)
    note(staff_b, "b0")
    dept_a.short_name = "法规处<&>"
    dept_a.keywords = "立法，审查"
    dept_a.save()
    for user, unread, department in (
        (staff_a, 3, dept_a),
        (head_a, 0, dept_a),
        (staff_b, 1, dept_b),
    ):
        context, cached = header(user)
        assert context == {"unread_notification_count": unread}
        fresh = Department.objects.get(pk=department.pk)
        assert cached is not None and cached._state.adding is False
        assert {
            f.attname: getattr(cached, f.attname) for f in Department._meta.concrete_fields
        } == {f.attname: getattr(fresh, f.attname) for f in Department._meta.concrete_fields}
    assert list(context_processors._HEADER_SQL) == ["default"]  # compiled once


def test_the_header_builds_no_queryset_where_its_one_query_answers(
    staff_a: User, staff_b: User, dept_a: Department
) -> None:
    """The unread count's queryset was built on every page (~370 function
    calls) although the one-query header answered: now only where it is read
    (a user without a department, or whose department is already at hand)."""
    from django.db.models.query import QuerySet

    note(staff_a, "mine")
    note(staff_b, "not-mine")
    built: list[object] = []
    original = QuerySet.filter

    def counted(self: QuerySet, *args: object, **kwargs: object) -> QuerySet:
        if self.model is Notification:
            built.append(self.model)
        return original(self, *args, **kwargs)

    header(staff_a)  # compiled once
    QuerySet.filter = counted  # type: ignore[method-assign]
    try:
        context, department = header(staff_a)
        assert built == [] and context == {"unread_notification_count": 1}
        assert department == dept_a
        # Near miss: without a department the ORM counts, as before.
        staff_a.department = None
        staff_a.save(update_fields=["department"])
        context, department = header(staff_a)
    finally:
        QuerySet.filter = original  # type: ignore[method-assign]
    assert built == [Notification] and context == {"unread_notification_count": 1}
    assert department is None
