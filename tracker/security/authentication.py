"""API logins under the password rules of GB/T 22239-2019 (see passwords.py).

A person whose password an administrator set (first login, after a reset) or
whose password is older than ``PASSWORD_MAX_AGE_DAYS`` must change it before
doing anything else. On the web pages ``PasswordPolicyMiddleware`` sends them
to the change page. The API has no change page, and DRF authenticates a token
only inside the view, after every middleware; so here, in DRF's
authentication, both ways of logging in to the API follow the same rule:

- ``PasswordPolicyTokenAuthentication``: a request with the token of such a
  person answers 403 with the reason in Chinese, for every endpoint, until the
  password is changed on the web; nothing is done.
- ``TokenLoginSerializer`` (``POST /api/v1/auth/token/``, in
  ``tracker.security.api``): right credentials of such a person give 403 with
  the reason and no token.

Everybody else is unaffected; accounts without a usable password (directory,
single sign-on) are not subject to it (their password lives elsewhere).
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tracker.security.passwords import api_password_change_refusal


class PasswordPolicyTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # DRF's lookup, with the password state read in the same query (one
        # query less on every API request; password_change_reason uses it).
        token = _token_with_user(self.get_model(), key)
        if token is None or not token.user.is_active:
            user, token = super().authenticate_credentials(key)  # DRF's refusal, in its words
        else:
            user = token.user
        refusal = api_password_change_refusal(user)
        if refusal is not None:
            # DRF answers 403 with {"detail": refusal}; the request stays anonymous.
            raise exceptions.PermissionDenied(refusal)
        return user, token


# The key in ``_token_with_user``'s statement: no key holds it (a key is 40
# hexadecimal digits), and a statement holding it as text is not prepared
# (sentinels.MARKS).
_KEY_SENTINEL = "\u2063token-key"


def _token_query(model: Any) -> Any:
    # The user's department too (a join on the primary key): a write names it in
    # its audit record (``services.actor_department_cache`` finds it read), one
    # round trip less of every upload and task write through the API.
    return model.objects.select_related("user", "user__password_state", "user__department")


def _token_with_user(model: Any, key: str) -> Any:
    """``_token_query(model).filter(key=key).first()``: the token with its
    user, the user's password state and department, from a statement compiled once per
    process (``sentinels.model_rows``; ~2,000 function calls of every API
    request), or through the ORM where it cannot be."""
    from tracker.tasks.sentinels import model_rows

    def build() -> Any:
        found = _token_query(model).filter(key=_KEY_SENTINEL)
        # As ``first()`` reads: by primary key unless ordered, one row.
        return (found if found.ordered else found.order_by("pk"))[:1]

    if isinstance(key, str) and "\u2063" not in key:
        rows = model_rows(
            ("token", model._meta.label_lower),
            build,
            model.objects.db,
            [_KEY_SENTINEL],
            {0},
            [key],
        )
        if rows is not None:
            return rows[0] if rows else None
    return _token_query(model).filter(key=key).first()
