"""The notification centre: own messages only, unread count, mark as read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tracker.audit.models import AuditEvent
from tracker.notifications.models import Channel, DeliveryStatus, Notification
from tracker.org.models import Department, User
from tracker.tasks.models import Task


def message(
    user: User, task: Task | None, subject: str, channel: str = Channel.APP
) -> Notification:
    return Notification.objects.create(
        recipient=user,
        task=task,
        kind="due_soon",
        channel=channel,
        dedupe_key=f"t:{user.pk}:{subject}:{channel}",
        subject=subject,
        status=DeliveryStatus.SENT,
    )


@pytest.mark.django_db
def test_page_lists_own_messages_with_unread_count_and_marks_read(
    staff_a: User, staff_b: User, task_a: Task, task_b: Task, login: Callable[[User], Client]
) -> None:
    mine = message(staff_a, task_a, "请于12月31日前完成：法规任务")
    message(staff_a, task_a, "邮件副本", channel=Channel.EMAIL)
    theirs = message(staff_b, task_b, "执法处的提醒")
    client = login(staff_a)
    page = client.get("/notifications/").content.decode()
    assert "请于12月31日前完成" in page
    assert "执法处的提醒" not in page and "邮件副本" not in page
    assert '<span class="badge" title="未读消息">1</span>' in page
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    denied = AuditEvent.objects.get(action="permission_denied", object_id=str(theirs.pk))
    assert denied.actor == staff_a and denied.after["attempted"] == "notification_read"
    assert client.post(f"/notifications/{mine.pk}/read/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="badge"' not in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_mark_all_read_touches_only_own_messages(
    staff_a: User, staff_b: User, task_a: Task, task_b: Task, login: Callable[[User], Client]
) -> None:
    message(staff_a, task_a, "一")
    message(staff_a, None, "二")
    theirs = message(staff_b, task_b, "三")
    response = login(staff_a).post("/notifications/read-all/", follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=staff_a, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_message_about_a_task_no_longer_visible_is_hidden(
    staff_a: User, task_b: Task, login: Callable[[User], Client]
) -> None:
    message(staff_a, task_b, "别处的任务")
    assert "别处的任务" not in login(staff_a).get("/notifications/").content.decode()


@pytest.mark.django_db
def test_api_lists_own_messages_and_read_action(
    staff_a: User, staff_b: User, task_a: Task, task_b: Task
) -> None:
    mine = message(staff_a, task_a, "我的提醒")
    theirs = message(staff_b, task_b, "别人的提醒")
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_a).key}")
    listing = client.get("/api/v1/notifications/").json()
    assert [item["subject"] for item in listing["results"]] == ["我的提醒"]
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    refused = AuditEvent.objects.filter(
        action="permission_denied", object_type="notifications.notification", actor=staff_a
    )
    assert refused.count() == 2  # the GET and the POST above
    answer = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert answer.status_code == 200 and answer.json()["read_at"]
    assert client.get("/api/v1/notifications/?unread=1").json()["count"] == 0
    message(staff_a, task_a, "又一条")
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}


@pytest.mark.django_db
def test_anonymous_gets_nothing(staff_a: User, task_a: Task) -> None:
    message(staff_a, task_a, "我的提醒")
    assert Client().get("/api/v1/notifications/").status_code == 401
    assert Client().get("/notifications/").status_code == 302


@pytest.mark.django_db
def test_disabled_robot_notice_for_supervisor(
    supervisor: User, staff_a: User, dept_b: Department, login: Callable[[User], Client]
) -> None:
    dept_b.robot_disabled_reason = "企业微信机器人连续发送失败，已自动停用：机器人返回错误 93000"
    dept_b.save()
    assert "机器人返回错误 93000" in login(supervisor).get("/notifications/").content.decode()
    assert "93000" not in login(staff_a).get("/notifications/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 20])
def test_page_query_count_is_flat(
    size: int,
    staff_a: User,
    task_a: Task,
    login: Callable[[User], Client],
    django_assert_max_num_queries: object,
) -> None:
    for n in range(size):
        message(staff_a, task_a, f"提醒{n}")
    client = login(staff_a)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/notifications/").status_code == 200


@pytest.mark.django_db
def test_preferences_form_saves_own_choice_and_is_audited(
    staff_a: User, login: Callable[[User], Client]
) -> None:
    from tracker.audit.models import AuditEvent
    from tracker.notifications.models import NotificationPreference

    client = login(staff_a)
    response = client.post(
        "/notifications/preferences/", {"email": "on", "delivery": "digest"}, follow=True
    )
    assert "提醒方式已保存" in response.content.decode()
    preference = NotificationPreference.objects.get(user=staff_a)
    assert (preference.email, preference.robot, preference.daily_digest) == (True, False, True)
    assert AuditEvent.objects.filter(
        action="notification_preference_update", actor=staff_a
    ).exists()
    assert 'value="digest" checked' in client.get("/notifications/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("unread", [0, 1, 3])
def test_the_header_reads_department_and_unread_count_in_one_query(
    unread: int,
    staff_a: User,
    staff_b: User,
    supervisor: User,
    task_a: Task,
    login: Callable[[User], Client],
) -> None:
    """Every page's header shows the user's department and unread count: one
    query for both (issue #17), counting only this user's unread in-app messages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(unread):
        message(staff_a, task_a, f"提醒{i}")
    message(staff_a, task_a, "邮件副本", channel=Channel.EMAIL)
    message(staff_b, task_a, "别人的提醒")
    done = message(staff_a, task_a, "已读的提醒")
    done.read_at = done.created_at
    done.save()
    client = login(staff_a)
    client.get("/tasks/")  # the session's first page writes it
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/tasks/").content.decode()
    badge = f'<span class="badge" title="未读消息">{unread}</span>'
    assert (badge in page) == bool(unread) and ('class="badge"' in page) == bool(unread)
    assert f"（{staff_a.get_role_display()} · {staff_a.department}）" in page
    header = [
        q["sql"]
        for q in queries.captured_queries
        if "notifications_notification" in q["sql"] or 'FROM "org_department" WHERE' in q["sql"]
    ]
    assert len(header) == 1 and "org_department" in header[0]
    # Without a department: the count alone, right all the same.
    User.objects.filter(pk=supervisor.pk).update(department=None)
    message(supervisor, task_a, "督办提醒")
    page = login(supervisor).get("/tasks/").content.decode()
    assert '<span class="badge" title="未读消息">1</span>' in page
