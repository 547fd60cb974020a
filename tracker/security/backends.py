"""Django's ModelBackend, the signed-in user's row read by a statement compiled once.

Every signed-in page loads its user: ``django.contrib.auth.get_user`` asks the
backend named in the session for ``get_user(id)``, and Django's
``ModelBackend`` answers with ``User._default_manager.get(pk=id)``, built and
compiled through the ORM on every request (~1,150 function calls, issue #17).
``UserBackend`` sends that same statement (``filter(pk=…)``, no ordering,
``LIMIT 21`` as ``get()`` sends it), compiled once per process
(``sentinels.model_rows``), with the id in its place, builds the user as the
ORM builds it and answers as Django's backend answers: None for no row, None
for a user ``user_can_authenticate`` refuses (inactive). The session's
password hash is still checked by Django's ``get_user`` on the user returned,
so a changed password ends the session as before. Authentication and
permissions are Django's ``ModelBackend``'s, inherited unchanged.

Sessions store the path of the backend that logged their user in, and Django
signs a session out whose path is not in ``AUTHENTICATION_BACKENDS``. Sessions
written before this backend replaced Django's name Django's path
(``LEGACY_PATH``); the session store (``tracker/security/sessions.py``) reads
that path as this one, so nobody is signed out by the change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models.query import MAX_GET_RESULTS

from tracker.tasks.sentinels import USER, model_rows

UserModel = get_user_model()

PATH = "tracker.security.backends.UserBackend"
LEGACY_PATH = "django.contrib.auth.backends.ModelBackend"

# The id column's range (BigAutoField): an id beyond it is Django's to answer.
_ID_RANGE = range(-(2**63), 2**63)


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        manager = UserModel._default_manager
        if type(user_id) is int and user_id in _ID_RANGE:
            rows = model_rows(
                ("session user", UserModel._meta.label_lower),
                # As ``manager.get(pk=…)`` sends it: no ordering, at most 21 rows.
                lambda: manager.filter(pk=USER).order_by()[:MAX_GET_RESULTS],
                manager.db,
                [USER],
                {0},
                [user_id],
            )
            if rows is not None:
                if len(rows) != 1:
                    # No row: as ``ModelBackend`` answers ``DoesNotExist``.
                    # More than one cannot be (a primary key): Django's own answer.
                    return None if not rows else super().get_user(user_id)
                user = rows[0]
                return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)
