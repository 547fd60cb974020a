"""The header's main navigation, written in Python (every page draws it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

register = template.Library()

_NAMES = (
    "home",
    "task-list",
    "dashboard",
    "scoring-league",
    "report-list",
    "notification-list",
    "instruction-register",
    "briefing",
    "circular-list",
    "archive-list",
    "division-people",
    "audit-list",
    "settings-home",
    "admin:index",
    # base.html's own links beside the navigation (header_path).
    "set_language",
    "logout",
)
_PATHS: dict[tuple[Any, str], dict[str, str]] = {}


def _paths() -> dict[str, str]:
    """The links' paths (escaped as {% url %} wrote them), reversed once per
    URLconf and script prefix."""
    key = (get_urlconf(), get_script_prefix())
    paths = _PATHS.get(key)
    if paths is None:
        paths = _PATHS[key] = {name: conditional_escape(reverse(name)) for name in _NAMES}
    return paths


# The navigation's words by active language: {literal: its translation}.
_NAV_WORDS: dict[str | None, dict[str, str]] = {}


@register.simple_tag(takes_context=True)
def main_nav(context: Any) -> SafeString:
    """What base.html's navigation block wrote with ~15 {% url %} and
    {% translate %} tags (issue #17): the same lines, links by role, the
    current page marked, the unread count on 消息中心."""
    user = context["user"]
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    here = (getattr(match, "url_name", None) or "") if match is not None else ""
    paths = _paths()

    language = get_language()
    words = _NAV_WORDS.get(language)
    if words is None:
        words = _NAV_WORDS[language] = {}

    def t(text: str) -> str:
        # As {% translate "literal" %}: a template literal is safe, its translation unescaped;
        # looked up once per language (~20 function calls a word on every page).
        word = words.get(text)
        if word is None:
            word = words[text] = gettext(text)
        return word

    def link(name: str, label: str, current: bool) -> str:
        mark = ' aria-current="page"' if current else ""
        return f'<a href="{paths[name]}"{mark}>{label}</a>'

    supervisor, leader, head = user.is_supervisor, user.is_leader, user.is_head
    unread = context.get("unread_notification_count")
    badge = (
        f' <span class="badge" title="{t("未读消息")}">{conditional_escape(localize(unread))}</span>'
        if unread
        else ""
    )
    lines = [
        link("home", t("工作总览") if leader else t("我的待办"), here == "home"),
        link("task-list", t("任务列表"), here == "task-list"),
        link("dashboard", t("统计分析"), here == "dashboard"),
        link("scoring-league", t("考评"), here[:8] == "scoring-"),
        link("report-list", t("报告导入"), here == "report-list") if supervisor else "",
        link("notification-list", t("消息中心") + badge, here == "notification-list"),
        link("instruction-register", t("批示件"), here == "instruction-register"),
    ]
    if supervisor or leader or head:
        lines.append(link("briefing", t("每周简报"), here == "briefing"))
        lines.append(link("circular-list", t("督查通报"), here[:9] == "circular-"))
    else:
        lines.append("")
    lines.append(link("archive-list", t("归档"), here == "archive-list") if supervisor else "")
    lines.append(
        link("division-people", t("本处人员"), here[:9] == "division-")
        if head and user.department_id
        else ""
    )
    if supervisor:
        lines.append(link("audit-list", t("审计日志"), here == "audit-list"))
        lines.append(link("settings-home", t("系统设置"), here[:9] == "settings-"))
    else:
        lines.append("")
    lines.append(
        f'<a href="{paths["admin:index"]}">{t("管理后台")}</a>' if user.is_superuser else ""
    )
    return SafeString("".join(f"\n    {line}" for line in lines) + "\n    ")


@register.simple_tag
def header_path(name: str) -> str:
    """``{% url name %}`` for base.html's links (the home page, the language
    switch, logout) from the paths reversed once (``_paths``): a ``{% url %}``
    tag reversed its name on every page (~60 function calls each)."""
    return _paths()[name]


# The language select's options, written once per active language.
_LANGUAGE_OPTIONS: dict[str, SafeString] = {}


@register.simple_tag
def language_options() -> SafeString:
    """What base.html's ``{% get_available_languages %}`` loop wrote: an
    option per language of ``LANGUAGES``, its name in the active language, the
    active one selected — written once per active language instead of
    translating both names and rendering the loop on every page (~340
    function calls)."""
    current = get_language()
    written = _LANGUAGE_OPTIONS.get(current)
    if written is None:
        written = _LANGUAGE_OPTIONS[current] = SafeString(
            "".join(
                f'<option value="{conditional_escape(code)}"'
                f"{' selected' if code == current else ''}>"
                f"{conditional_escape(gettext(str(name)))}</option>"
                for code, name in settings.LANGUAGES
            )
        )
    return written


# base.html's stylesheet and script URLs, by path.
_STATIC_URLS: dict[str, SafeString] = {}


@register.simple_tag
def header_static(path: str) -> SafeString:
    """``{% static path %}`` for base.html's stylesheet and script, asked of
    the static files storage once per process (its manifest is read once per
    process too): the storage's ``url`` cost ~100 function calls per file and
    page. Escaped as ``{% static %}`` writes it."""
    url = _STATIC_URLS.get(path)
    if url is None:
        url = _STATIC_URLS[path] = conditional_escape(static(path))
    return url


@receiver(setting_changed)
def _forget_written_header(*, setting: str, **kwargs: Any) -> None:
    """A test that changes the languages, the URLconf or any setting the static
    files' URLs follow (STATIC_URL, STORAGES, DEBUG…) reads them afresh."""
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _LANGUAGE_OPTIONS.clear()
        _NAV_WORDS.clear()
    if setting == "ROOT_URLCONF":
        _PATHS.clear()
    _STATIC_URLS.clear()
