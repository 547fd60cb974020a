"""Refuse hostile requests before any view does work.

``RequestLimitsMiddleware`` answers 413 from ``Content-Length`` alone when a
request is larger than ``UPLOAD_MAX_REQUEST_BYTES`` (nothing of the body is
read), and 400 when a form or JSON body carries a character that no
document may hold (see ``tracker.security.text``) or JSON nested deeper than
``JSON_MAX_DEPTH``. Zero-width characters (invisible, pasted from Word or
web pages) are stripped from form and JSON values, so a title made only of
them is empty and refused by its form as any empty title is. Multipart bodies are not parsed here: the upload views
install their streaming size limit first, and reading the body here would
defeat it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tracker.security.text import invalid_characters, strip_zero_width

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
    if wants_json:
        response: HttpResponse = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(
            render_to_string("400.html", {"message": message, "status": status}, request),
            status=status,
        )
    # The body was not (fully) read: the connection cannot carry another request.
    response["Connection"] = "close"
    return response


def _strings(value: Any, depth: int = 0) -> Iterator[tuple[str, int]]:
    """Every string (keys too) in a parsed JSON value, with its nesting depth."""
    if isinstance(value, str):
        yield value, depth
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key, depth + 1
            yield from _strings(item, depth + 1)
    elif isinstance(value, list):
        if not value:
            yield "", depth + 1
        for item in value:
            yield from _strings(item, depth + 1)
    else:
        yield "", depth


def _without_zero_width(value: Any) -> Any:
    if isinstance(value, str):
        return strip_zero_width(value)
    if isinstance(value, dict):
        return {strip_zero_width(k): _without_zero_width(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_zero_width(item) for item in value]
    return value


def characters_message(labels: list[str]) -> str:
    return _("提交的内容包含不允许的控制字符（%(chars)s），请删除后重新提交。") % {
        "chars": "、".join(labels[:5])
    }


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in WRITE_METHODS:
            refusal = self._check(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("请求头 Content-Length 无效。"))
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        if length > limit:
            return _refuse(
                request,
                413,
                _("提交的内容超过大小上限（%(mb)s MB），已拒收。")
                % {"mb": f"{limit / 1024 / 1024:g}"},
            )
        content_type = request.content_type or ""
        parsed: Any = None
        try:
            if content_type == "application/x-www-form-urlencoded":
                strings: list[tuple[str, int]] = [
                    (text, 0) for key, values in request.POST.lists() for text in (key, *values)
                ]
            elif content_type == "application/json" or content_type.endswith("+json"):
                try:
                    parsed = json.loads(request.body or b"null")
                except (ValueError, UnicodeDecodeError):
                    return None  # the API's parser answers with its own 400
                except RecursionError:
                    return _refuse(request, 400, _("提交的数据嵌套层数过多，已拒收。"))
                strings = list(_strings(parsed))
            else:
                return None
        except RequestDataTooBig:
            return _refuse(request, 413, _("提交的内容过大，已拒收。"))
        except TooManyFieldsSent:
            return _refuse(request, 400, _("提交的字段过多，已拒收。"))
        if any(depth > settings.JSON_MAX_DEPTH for _text, depth in strings):
            return _refuse(request, 400, _("提交的数据嵌套层数过多，已拒收。"))
        labels: list[str] = []
        for text, _depth in strings:
            for label in invalid_characters(text):
                if label not in labels:
                    labels.append(label)
        if labels:
            return _refuse(request, 400, characters_message(labels))
        if any(strip_zero_width(text) != text for text, _depth in strings):
            self._strip_zero_width(request, content_type, parsed)
        return None

    def _strip_zero_width(self, request: HttpRequest, content_type: str, parsed: Any) -> None:
        if content_type == "application/x-www-form-urlencoded":
            cleaned = QueryDict(mutable=True, encoding=request.encoding)
            for key, values in request.POST.lists():
                cleaned.setlist(strip_zero_width(key), [strip_zero_width(v) for v in values])
            cleaned._mutable = False
            request._post = cleaned  # type: ignore[attr-defined]
        else:
            # The API's parser reads the body again from here.
            cleaned_json = _without_zero_width(parsed)
            request._body = json.dumps(cleaned_json, ensure_ascii=False).encode()  # type: ignore[attr-defined]


class PasswordPolicyMiddleware:
    """A signed-in user whose password was set by an administrator or is
    older than ``PASSWORD_MAX_AGE_DAYS`` can only change it (or log out)."""

    ALLOWED_NAMES = ("password_change", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect

        from tracker.security.passwords import (
            api_refusal,
            password_change_required,
            password_policy_on,
            session_password_state,
        )

        # Session logins only: API tokens are refused by the same rule in
        # tracker.security.authentication (DRF authenticates after the middleware).
        user = getattr(request, "user", None)
        if (
            password_policy_on()
            and user is not None
            and user.is_authenticated
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            and request.path not in _allowed_paths(self.ALLOWED_NAMES)
        ):
            if user.has_usable_password():
                session_password_state(request.session, user)
            reason = password_change_required(user)
            if reason is not None:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": api_refusal(reason)}, status=403)
                from django.contrib import messages

                messages.warning(request, reason)
                return redirect("password_change")
        return self.get_response(request)


def _allowed_paths(names: tuple[str, ...]) -> frozenset[str]:
    """The paths of ``names`` under this request's script prefix and URLconf,
    reversed once per prefix (they were reversed on every request)."""
    from django.urls import get_script_prefix, get_urlconf, reverse

    key = (names, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    paths = _ALLOWED_PATHS.get(key)
    if paths is None:
        paths = _ALLOWED_PATHS[key] = frozenset(reverse(name) for name in names)
    return paths


_ALLOWED_PATHS: dict[tuple[tuple[str, ...], str, str], frozenset[str]] = {}


SEEN_KEY = "_duban_seen"


class SessionActivityMiddleware:
    """The idle timeout: a session lives SESSION_COOKIE_AGE (30 minutes) from
    the last request. Instead of saving the session on every request, it is
    marked as used at most once a minute, which renews its expiry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(SEEN_KEY, 0)) >= 60:
                session[SEEN_KEY] = now
        return self.get_response(request)
