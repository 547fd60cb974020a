"""Single sign-on pages: each delegates to its library and answers 404 when off."""

from __future__ import annotations

import secrets
import urllib.parse

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from tracker.identity import sso, workbench
from tracker.notifications import workapps
from tracker.security.backends import PATH as USER_BACKEND

WORKBENCH_STATE = "workbench_state"
WORKBENCH_NEXT = "workbench_next"


@login_not_required
def oidc_authenticate(request: HttpRequest) -> HttpResponseBase:
    if not sso.oidc_enabled():
        raise Http404
    return oidc_views.OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
def oidc_callback(request: HttpRequest) -> HttpResponseBase:
    if not sso.oidc_enabled():
        raise Http404
    try:
        response = oidc_views.OIDCAuthenticationCallbackView.as_view()(request)
    except SuspiciousOperation:
        # A callback this browser never started (forged, replayed or expired state).
        messages.error(request, _("统一身份认证登录已过期或无效，请重新登录。"))
        return HttpResponseRedirect(resolve_url("login"))
    if not request.user.is_authenticated and not messages.get_messages(request):
        messages.error(request, _("统一身份认证登录未完成，请重新登录。"))
    return response


@csrf_exempt  # the CAS server's single-logout POST carries no CSRF token
@login_not_required
def cas_login(request: HttpRequest) -> HttpResponseBase:
    if not sso.cas_enabled():
        raise Http404
    try:
        return cas_views.LoginView.as_view()(request)
    except PermissionDenied:
        if not messages.get_messages(request):
            messages.error(request, _("统一身份认证登录未完成，请重新登录。"))
        return HttpResponseRedirect(resolve_url("login"))


@require_POST
@login_not_required
def logout(request: HttpRequest) -> HttpResponseBase:
    """One logout for every way in: the platform's session ends too (single logout)."""
    backend = request.session.get(BACKEND_SESSION_KEY, "")
    if backend == sso.CAS_BACKEND and sso.cas_enabled():
        return cas_views.LogoutView.as_view()(request)
    target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if backend == sso.OIDC_BACKEND and sso.oidc_enabled() and request.user.is_authenticated:
        target = sso.oidc_logout_url(request)
    auth.logout(request)
    return HttpResponseRedirect(target)


def _workbench_start(request: HttpRequest, url: str, query: dict[str, str]) -> HttpResponseBase:
    state = secrets.token_urlsafe(24)
    request.session[WORKBENCH_STATE] = state
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    request.session[WORKBENCH_NEXT] = next_url if safe else ""
    return HttpResponseRedirect(f"{url}?{urllib.parse.urlencode({**query, 'state': state})}")


def _workbench_finish(request: HttpRequest, platform: str, code: str) -> HttpResponseBase:
    expected = request.session.pop(WORKBENCH_STATE, None)
    next_url = request.session.pop(WORKBENCH_NEXT, "") or resolve_url(settings.LOGIN_REDIRECT_URL)
    if not expected or not secrets.compare_digest(expected, request.GET.get("state", "")):
        messages.error(request, _("登录已过期或无效，请从工作台重新打开。"))
        return HttpResponseRedirect(resolve_url("login"))
    user = workbench.workbench_user(request, platform=platform, code=code)
    if user is None:
        return HttpResponseRedirect(resolve_url("login"))
    auth.login(request, user, backend=USER_BACKEND)
    return HttpResponseRedirect(next_url)


@login_not_required
def wecom_login(request: HttpRequest) -> HttpResponseBase:
    """免登 from the WeCom workbench: OAuth2 snsapi_base, then the code's userid."""
    if not workapps.wecom_enabled():
        raise Http404
    code = request.GET.get("code")
    if code:
        return _workbench_finish(request, workapps.Platform.WECOM, code)
    response = _workbench_start(
        request,
        settings.WECOM_OAUTH_URL,
        {
            "appid": settings.WECOM_CORP_ID,
            "redirect_uri": request.build_absolute_uri(reverse("wecom-login")),
            "response_type": "code",
            "scope": "snsapi_base",
            "agentid": settings.WECOM_AGENT_ID,
        },
    )
    response["Location"] += "#wechat_redirect"
    return response


@login_not_required
def dingtalk_login(request: HttpRequest) -> HttpResponseBase:
    """免登 from the DingTalk workbench: DingTalk's OAuth2 (silent inside DingTalk)."""
    if not workapps.dingtalk_enabled():
        raise Http404
    code = request.GET.get("authCode") or request.GET.get("code")
    if code:
        return _workbench_finish(request, workapps.Platform.DINGTALK, code)
    return _workbench_start(
        request,
        settings.DINGTALK_LOGIN_URL,
        {
            "redirect_uri": request.build_absolute_uri(reverse("dingtalk-login")),
            "response_type": "code",
            "client_id": settings.DINGTALK_APP_KEY,
            "scope": "openid",
            "prompt": "consent",
        },
    )
