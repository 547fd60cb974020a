"""Sessions in the database, as Django keeps them, read by a statement compiled once.

``SESSION_ENGINE`` names this module. Every signed-in page reads its session
row first; Django's database store builds and compiles
``Session.objects.get(session_key=…, expire_date__gt=now)`` for that on every
request (~900 function calls, issue #17). This store sends the same statement,
compiled once per process (``sentinels.model_rows``), with the request's key
and the current time in their places: the same row, the same expiry test in the
database, the same decoding (signed with ``SECRET_KEY``). Everything else —
saving, the idle renewal, ``cycle_key`` at login, ``delete`` at logout and at
the per-user limit, ``clear_expired`` — is Django's store unchanged, in the
same table, so changing the engine ends no session. On another database than
PostgreSQL (where the ORM writes the time as text) it is Django's read.

A session written while Django's ``ModelBackend`` logged people in names that
backend's path; it is read as naming ``tracker.security.backends.UserBackend``,
which took its place in ``AUTHENTICATION_BACKENDS`` (the same checks, its
user's row read by a kept statement): such a session stays signed in, and
carries the new path from its next save (the idle renewal, within a minute).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections
from django.utils import timezone

from tracker.security.backends import LEGACY_PATH, PATH
from tracker.tasks.sentinels import model_rows

# Stand-ins for the key and the time: no session key holds the first (Django's
# keys are 32 letters and digits; a statement holding it as text is not
# prepared, sentinels.MARKS), no session expires at the second.
_KEY_SENTINEL = "\u2063session-key"
_NOW_SENTINEL = dt.datetime(3200, 1, 1, 0, 0, 1, tzinfo=dt.UTC)


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        if data.get(BACKEND_SESSION_KEY) == LEGACY_PATH:
            data[BACKEND_SESSION_KEY] = PATH
        return data

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        model = self.model
        db = model.objects.db
        if isinstance(key, str) and "\u2063" not in key and connections[db].vendor == "postgresql":
            rows = model_rows(
                ("session", model._meta.label_lower),
                lambda: model.objects.filter(
                    session_key=_KEY_SENTINEL, expire_date__gt=_NOW_SENTINEL
                ),
                db,
                [_KEY_SENTINEL, _NOW_SENTINEL],
                {0, 1},
                [key, timezone.now()],
            )
            if rows is not None:
                if rows:
                    return rows[0]
                # As Django's store answers a missing or expired row.
                self._session_key = None
                return None
        return super()._get_session_from_db()  # type: ignore[misc]
