"""Single sign-on with the organisation's identity platform (统一身份认证).

OIDC through mozilla-django-oidc, CAS through django-cas-ng; each is off
until its settings are given. Both end in ``sso_user``: the account linked to
the platform's subject, else the account of the same username (linked on first
login), else — only when ``SSO_AUTO_PROVISION`` is on — a new staff account.
Otherwise nothing is created and the login page says why, in Chinese.
Superusers and ``LOCAL_ACCOUNTS`` never log in through a platform.
"""

from __future__ import annotations

import logging
import urllib.parse
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tracker.identity import directory
from tracker.identity.models import Source, UserIdentity
from tracker.org.models import Role, User

logger = logging.getLogger(__name__)

OIDC_BACKEND = "tracker.identity.sso.OIDCBackend"
CAS_BACKEND = "tracker.identity.sso.CASBackend"


def oidc_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def cas_enabled() -> bool:
    return bool(settings.CAS_SERVER_URL)


def sso_user(
    request: HttpRequest | None,
    *,
    source: str,
    subject: str,
    username: str,
    full_name: str = "",
    email: str = "",
) -> User | None:
    """The Duban account for a person the identity platform vouches for, or None."""
    label = dict(Source.choices)[source]
    identity = (
        UserIdentity.objects.select_related("user")
        .filter(source=source, external_subject=subject)
        .first()
    )
    user = identity.user if identity else None
    if user is None and username:
        user = User.objects.filter(username__iexact=username).first()
    if (user is not None and directory.is_kept_local(user)) or directory.is_local_name(username):
        _tell(request, _("管理员账号只能使用本地密码登录。"))
        return None
    if user is None:
        if not settings.SSO_AUTO_PROVISION or not username:
            _tell(
                request,
                _(
                    "您已通过%(platform)s登录，但督办系统中没有与账号“%(name)s”对应的用户。"
                    "请联系督办管理员开通账号后再登录。"
                )
                % {"platform": label, "name": username or subject},
            )
            return None
        try:
            with transaction.atomic():
                user = User(
                    username=username[:150],
                    full_name=full_name[:50],
                    email=email,
                    role=Role.STAFF,
                )
                user.set_unusable_password()
                user.save()
        except IntegrityError:
            _tell(request, _("账号“%(name)s”无法自动开通，请联系督办管理员。") % {"name": username})
            return None
    if not user.is_active:
        _tell(request, _("该账号已停用，请联系督办管理员。"))
        return None
    with transaction.atomic():
        link, _created = UserIdentity.objects.get_or_create(user=user, defaults={"source": source})
        if link.source != Source.DIRECTORY:
            link.source = source
        # Keep the directory as the source of a directory person; remember the subject all the same.
        if link.external_subject != subject and not (
            link.source == Source.DIRECTORY and link.external_subject
        ):
            link.external_subject = subject
        link.synced_at = timezone.now()
        link.save()
        changed = []
        if full_name and not user.full_name:
            user.full_name = full_name[:50]
            changed.append("full_name")
        if email and not user.email:
            user.email = email
            changed.append("email")
        if changed:
            user.save(update_fields=changed)
    return user


def _tell(request: HttpRequest | None, text: str) -> None:
    if request is not None:
        messages.error(request, text)


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow; accounts found by ``sso_user``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = oidc_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if not self.enabled or request is None:
            return None
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            return None
        return sso_user(
            self.request,
            source=Source.OIDC,
            subject=str(claims["sub"]),
            username=str(claims.get(settings.OIDC_USERNAME_CLAIM) or ""),
            full_name=str(claims.get("name") or ""),
            email=str(claims.get("email") or ""),
        )


def oidc_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout: the provider's end-session address, back to our login page."""
    back = request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL_PATH)
    if not settings.OIDC_OP_LOGOUT_ENDPOINT:
        return back
    query = {"post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        query["id_token_hint"] = id_token
    return settings.OIDC_OP_LOGOUT_ENDPOINT + "?" + urllib.parse.urlencode(query)


class CASBackend(ModelBackend):
    """A CAS service ticket validated with the CAS server (django-cas-ng's client)."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        ticket: str | None = None,
        service: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not cas_enabled() or not ticket or not service:
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            username, attributes, _pgtiou = client.verify_ticket(ticket)
        except Exception:  # python-cas raises whatever requests/lxml raise
            logger.exception("CAS ticket validation failed")
            _tell(request, _("统一身份认证服务器暂时无法验证登录，请稍后再试。"))
            return None
        if not username:
            _tell(request, _("统一身份认证票据无效或已过期，请重新登录。"))
            return None
        attributes = attributes or {}
        return sso_user(
            request,
            source=Source.CAS,
            subject=str(username),
            username=str(attributes.get(settings.CAS_USERNAME_ATTR) or username),
            full_name=str(attributes.get("name") or attributes.get("cn") or ""),
            email=str(attributes.get("email") or attributes.get("mail") or ""),
        )
