"""The header's navigation tag writes what base.html's template block wrote."""

from __future__ import annotations

import itertools

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from tests.conftest import make_user
from tracker.org.models import Department, Role

pytestmark = pytest.mark.django_db

OLD_NAV = """{% load i18n %}{% with here=request.resolver_match.url_name %}
    <a href="{% url 'home' %}"{% if here == "home" %} aria-current="page"{% endif %}>{% if user.is_leader %}{% translate "工作总览" %}{% else %}{% translate "我的待办" %}{% endif %}</a>
    <a href="{% url 'task-list' %}"{% if here == "task-list" %} aria-current="page"{% endif %}>{% translate "任务列表" %}</a>
    <a href="{% url 'dashboard' %}"{% if here == "dashboard" %} aria-current="page"{% endif %}>{% translate "统计分析" %}</a>
    <a href="{% url 'scoring-league' %}"{% if here|slice:":8" == "scoring-" %} aria-current="page"{% endif %}>{% translate "考评" %}</a>
    {% if user.is_supervisor %}<a href="{% url 'report-list' %}"{% if here == "report-list" %} aria-current="page"{% endif %}>{% translate "报告导入" %}</a>{% endif %}
    <a href="{% url 'notification-list' %}"{% if here == "notification-list" %} aria-current="page"{% endif %}>{% translate "消息中心" %}{% if unread_notification_count %} <span class="badge" title="{% translate '未读消息' %}">{{ unread_notification_count }}</span>{% endif %}</a>
    <a href="{% url 'instruction-register' %}"{% if here == "instruction-register" %} aria-current="page"{% endif %}>{% translate "批示件" %}</a>
    {% if user.is_supervisor or user.is_leader or user.is_head %}<a href="{% url 'briefing' %}"{% if here == "briefing" %} aria-current="page"{% endif %}>{% translate "每周简报" %}</a>
    <a href="{% url 'circular-list' %}"{% if here|slice:":9" == "circular-" %} aria-current="page"{% endif %}>{% translate "督查通报" %}</a>{% endif %}
    {% if user.is_supervisor %}<a href="{% url 'archive-list' %}"{% if here == "archive-list" %} aria-current="page"{% endif %}>{% translate "归档" %}</a>{% endif %}
    {% if user.is_head and user.department_id %}<a href="{% url 'division-people' %}"{% if here|slice:":9" == "division-" %} aria-current="page"{% endif %}>{% translate "本处人员" %}</a>{% endif %}
    {% if user.is_supervisor %}<a href="{% url 'audit-list' %}"{% if here == "audit-list" %} aria-current="page"{% endif %}>{% translate "审计日志" %}</a>
    <a href="{% url 'settings-home' %}"{% if here|slice:":9" == "settings-" %} aria-current="page"{% endif %}>{% translate "系统设置" %}</a>{% endif %}
    {% if user.is_superuser %}<a href="{% url 'admin:index' %}">{% translate "管理后台" %}</a>{% endif %}
    {% endwith %}"""
NEW_NAV = "{% load navigation %}{% main_nav %}"
PAGES = [
    "/",
    "/tasks/",
    "/dashboard/",
    "/scoring/",
    "/notifications/",
    "/briefing/",
    "/settings/",
    "/division/people/",
    "/division/people/new/",
    "/circulars/",
    "/archives/",
    "/instructions/",
    "/no-such-page/",
    None,
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_main_nav_writes_what_the_template_block_wrote(language: str, dept_a: Department) -> None:
    users = [
        make_user(f"u-{role}", role, dept_a if role != Role.SUPERVISOR else None)
        for role in (Role.SUPERVISOR, Role.LEADER, Role.HEAD, Role.STAFF)
    ]
    users.append(make_user("u-head-nodept", Role.HEAD, None))
    root = make_user("u-root", Role.SUPERVISOR, None, is_superuser=True, is_staff=True)
    users.append(root)
    old, new = Template(OLD_NAV), Template(NEW_NAV)
    with translation.override(language):
        for user, page, unread in itertools.product(users, PAGES, (0, 3, 1200)):
            request = RequestFactory().get(page or "/")
            if page is not None:
                try:
                    request.resolver_match = resolve(page)
                except Exception:  # noqa: BLE001 - an unknown page: no match, as a 404 has
                    request.resolver_match = None
            context = {"user": user, "request": request, "unread_notification_count": unread}
            assert new.render(Context(context)) == old.render(Context(context)), (user, page)


def test_the_role_shown_in_the_header_is_djangos_get_role_display() -> None:
    """``User.get_role_display`` (every page's header) reads its labels once
    per process; each role, in both languages, and a value that is no role
    are shown as Django's ``_get_FIELD_display`` shows them."""
    import sys

    from django.db.models import Model

    from tracker.org.models import User

    field = User._meta.get_field("role")
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            for role in [*Role.values, "no-such-role", ""]:
                user = User(role=role)
                expected = Model._get_FIELD_display(user, field)
                assert user.get_role_display() == expected
                assert type(user.get_role_display()) is str
            assert User(role=Role.HEAD).get_role_display() == translation.gettext("处室负责人")
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    user = User(role=Role.HEAD)
    sys.setprofile(count)
    try:
        user.get_role_display()
    finally:
        sys.setprofile(None)
    assert calls <= 60, calls  # Django's: ~320 (a dict of every choice per call)
