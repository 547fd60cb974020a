"""Password rules of GB/T 22239-2019 level 3: complexity, history, expiry and
a forced change after an administrator set the password."""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Set while the owner changes their own password (the change page), so that
# the new password is not marked "must change".
self_service: contextvars.ContextVar[bool] = contextvars.ContextVar("self_service", default=False)


def character_classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class ComplexityValidator:
    """At least ``min_classes`` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes}


class HistoryValidator:
    """Not one of the last ``count`` passwords; records each new one."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def _recent(self, user: Any) -> list[str]:
        from tracker.security.models import PasswordHistory

        return list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                : self.count
            ]
        )

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = self._recent(user)
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("不能使用最近 %(n)d 次用过的密码。") % {"n": self.count},
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        from tracker.security.models import PasswordHistory, PasswordState

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=make_password(password))
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: self.count]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        PasswordState.objects.update_or_create(
            user=user,
            defaults={
                "changed_at": timezone.now(),
                "must_change": settings.PASSWORD_CHANGE_AFTER_RESET and not self_service.get(),
            },
        )

    def get_help_text(self) -> str:
        return _("不能与最近 %(n)d 次用过的密码相同。") % {"n": self.count}


def _password_state(user: Any) -> Any:
    """The user's PasswordState or None; read with the user when the query that
    loaded them selected it (the API's token lookup), otherwise asked for."""
    from tracker.security.models import PasswordState

    if user.__class__.password_state.is_cached(user):  # (request.user is a lazy object)
        try:
            return user.password_state
        except PasswordState.DoesNotExist:
            return None
    return PasswordState.objects.filter(user=user).first()


# Where a web session keeps the password state it read (see session_password_state).
SESSION_STATE_KEY = "_duban_password_state"


def session_password_state(session: Any, user: Any) -> None:
    """Make the signed-in ``user``'s PasswordState the one ``password_change_reason``
    reads, from the session when the session stored it for its own password.

    The state changes only with the password (``HistoryValidator.password_changed``,
    for a change by the owner or by an administrator), and a new password gives the
    user a new session auth hash: Django then ends the user's other sessions, and
    the session that changed it gets the new hash (``update_session_auth_hash``).
    So a state stored beside the hash it was read under is the current state while
    the session's hash is that one; otherwise it is read again (one query a session
    instead of one a page). The age is judged afresh on every request."""
    from django.contrib.auth import HASH_SESSION_KEY

    from tracker.security.models import PasswordState

    auth_hash = session.get(HASH_SESSION_KEY)
    stored = session.get(SESSION_STATE_KEY)
    state: PasswordState | None
    if auth_hash and isinstance(stored, list) and len(stored) == 3 and stored[0] == auth_hash:
        state = (
            None
            if stored[1] is None
            else PasswordState(
                user_id=user.pk,
                changed_at=dt.datetime.fromisoformat(stored[1]),
                must_change=bool(stored[2]),
            )
        )
    else:
        state = PasswordState.objects.filter(user_id=user.pk).first()
        if auth_hash:
            session[SESSION_STATE_KEY] = [
                auth_hash,
                None if state is None else state.changed_at.isoformat(),
                None if state is None else state.must_change,
            ]
    # As select_related would leave it: a missing row reads as DoesNotExist.
    user.__class__.password_state.related.set_cached_value(user, state)


def password_change_reason(user: Any) -> str | None:
    """Why ``user`` must change their password now, or None."""

    if not user.has_usable_password():  # directory / single sign-on accounts
        return None
    state = _password_state(user)
    if state is not None and state.must_change:
        return _("这是管理员为您设置的密码，请先修改密码。")
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age:
        changed = state.changed_at if state is not None else user.date_joined
        if timezone.now() - changed > dt.timedelta(days=max_age):
            return _("密码已超过 %(days)d 天未修改，请修改密码。") % {"days": max_age}
    return None


def password_policy_on() -> bool:
    return bool(settings.PASSWORD_CHANGE_AFTER_RESET or settings.PASSWORD_MAX_AGE_DAYS)


def password_change_required(user: Any) -> str | None:
    """The one rule for every way in (web session, API token, token login): a
    signed-in ``user`` whose password an administrator set, or that is older
    than ``PASSWORD_MAX_AGE_DAYS``, may do nothing but change it; this is why,
    or None. Accounts without a usable password (directory, single sign-on)
    change it where they log in, not here."""
    if not password_policy_on() or user is None or not user.is_authenticated:
        return None
    return password_change_reason(user)


def api_password_change_refusal(user: Any) -> str | None:
    """The API's answer to such a user: the reason, and where to change it (the
    API has no password change of its own: the old password is checked on the
    web page, where the new one meets the rules with their messages)."""
    reason = password_change_required(user)
    return None if reason is None else api_refusal(reason)


def api_refusal(reason: str) -> str:
    """A password-change reason as the API says it: with where to change it."""
    return reason + _("请先登录网页修改密码，再使用接口。")
