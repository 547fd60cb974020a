"""Single sign-on pages: each delegates to its library and answers 404 when off."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from tracker.identity import sso


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
