"""The header's navigation tag writes what base.html's template block wrote."""

from __future__ import annotations

import itertools

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from tests.conftest import make_user
from tests.tracker.conftest import calls_of
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
        # Its words looked up once per language: a page's navigation ~300 calls fewer.
        context = {"user": users[0], "request": request, "unread_notification_count": 3}
        calls = calls_of(lambda: new.render(Context(context)))
        assert calls <= 260, calls


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


# templates/base.html before its header links and language options were written by tags.
OLD_BASE = """{% load i18n cached_i18n static navigation %}<!DOCTYPE html>
{% get_current_language as LANGUAGE_CODE %}
<html lang="{{ LANGUAGE_CODE }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% translate "督办系统" %}{% endblock %} · {% translate "督办" %}</title>
  <link rel="stylesheet" href="{% static 'css/duban.css' %}">
  {% block head %}{% endblock %}
</head>
<body>
<header class="topbar">
  <a class="brand" href="{% url 'home' %}">{% translate "督办系统" %}</a>
  {% if user.is_authenticated %}
  <input type="checkbox" id="navtoggle" class="navtoggle" aria-label="{% translate '显示或隐藏菜单' %}">
  <label for="navtoggle" class="navtoggle-label">{% translate "菜单" %}</label>
  <nav class="mainnav" aria-label="{% translate '主导航' %}">
    {% block nav %}
    {% main_nav %}
    {% endblock %}
  </nav>
  {% endif %}
  <div class="userbox">
    <form class="langswitch" action="{% url 'set_language' %}" method="post">{% csrf_token %}
      <input name="next" type="hidden" value="{{ request.get_full_path }}">
      <select name="language" aria-label="{% translate '界面语言' %}" class="autosubmit">
        {% get_available_languages as LANGUAGES %}
        {% for code, name in LANGUAGES %}<option value="{{ code }}"{% if code == LANGUAGE_CODE %} selected{% endif %}>{{ name }}</option>{% endfor %}
      </select>
      <noscript><button type="submit">{% translate "切换" %}</button></noscript>
    </form>
    {% if user.is_authenticated %}
      <span class="who">{{ user.display_name }}（{{ user.get_role_display }}{% if user.department %} · {{ user.department }}{% endif %}）</span>
      <form action="{% url 'logout' %}" method="post" class="inline">{% csrf_token %}<button type="submit" class="linkbutton">{% translate "退出" %}</button></form>
    {% endif %}
  </div>
</header>
<main class="content">
  {% if messages %}<ul class="messages">{% for message in messages %}<li class="{{ message.tags }}">{{ message }}</li>{% endfor %}</ul>{% endif %}
  {% block content %}{% endblock %}
</main>
<footer class="footer">{% translate "督办系统 · 开源的督查督办任务跟踪系统" %}</footer>
<script src="{% static 'js/duban.js' %}" defer></script>
{% block scripts %}{% endblock %}
</body>
</html>
"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_base_layout_writes_what_it_wrote_before_its_tags(
    language: str, dept_a: Department
) -> None:
    """base.html's header links ({% url %} per page) and its language options
    (``get_available_languages`` and a loop per page) are written by tags from
    values kept per process/language: every page's frame stays byte for byte
    what the template wrote, for each kind of user, signed out, in both
    languages, on a path needing escaping."""
    import re

    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.template.loader import get_template

    from tracker.org.models import User

    engine = engines["django"]
    old, new = engine.from_string(OLD_BASE), get_template("base.html")
    users: list[object] = [AnonymousUser()]
    for role in (Role.SUPERVISOR, Role.HEAD, Role.STAFF, Role.LEADER, Role.AUDIT_ADMIN):
        users.append(make_user(f"base-{role}", role=role, department=dept_a))
    users.append(make_user("base-nodept", role=Role.STAFF, department=None))
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    seen = set()
    with translation.override(language):
        for user in users:
            for path in ("/tasks/", "/dashboard/?q=<b>&amp;\"'"):
                request = RequestFactory().get(path)
                request.user = user
                request.resolver_match = resolve(path.split("?")[0])
                if isinstance(user, User):
                    request.user = User.objects.get(pk=user.pk)
                written = new.render({"unread_notification_count": 2}, request)
                expected = old.render({"unread_notification_count": 2}, request)
                assert token.sub("T", written) == token.sub("T", expected)
                seen.add(written.count("<option"))
    assert seen == {2}
    # Signed in, the second page in the language: the frame's own work only.
    request = RequestFactory().get("/tasks/")
    request.user = User.objects.get(pk=users[2].pk)  # type: ignore[attr-defined]
    request.resolver_match = resolve("/tasks/")
    context = {"unread_notification_count": 2, "user": request.user}
    with translation.override(language):
        new.render(context, request)
        written = calls_of(lambda: new.render(context, request))
        before = calls_of(lambda: old.render(context, request))
    assert written <= before - 400, (written, before)


def test_the_frames_static_urls_follow_the_settings() -> None:
    """base.html's stylesheet and script URLs, kept per process, are what
    ``{% static %}`` writes, and follow a change of the static settings."""
    from django.template import Context, Template
    from django.test import override_settings

    both = Template(
        "{% load static navigation %}{% static 'css/duban.css' %}|{% header_static 'css/duban.css' %}"
        "|{% static 'js/duban.js' %}|{% header_static 'js/duban.js' %}|{% header_static 'a&b.css' %}"
        "|{% static 'a&b.css' %}"
    )
    for _ in range(2):
        css, kept_css, js, kept_js, odd, plain = both.render(Context({})).split("|")
        assert (kept_css, kept_js, odd) == (css, js, plain)
    with override_settings(STATIC_URL="/elsewhere/"):
        css, kept_css, *_ = both.render(Context({})).split("|")
        assert kept_css == css and kept_css.startswith("/elsewhere/")
    css, kept_css, *_ = both.render(Context({})).split("|")
    assert kept_css == css and not kept_css.startswith("/elsewhere/")
