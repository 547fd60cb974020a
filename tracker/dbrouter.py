"""Reads for reports and exports from a streaming replica (DATABASE_REPLICA_URL).

Only code that asks for it reads from the replica: the dashboard, the ledger
exports and the report draft run inside ``reading_from_replica()``, so the
09:00 rush of reports does not compete with the writes on the primary.
Everything else — and everything when no replica is configured — reads and
writes the primary (``default``); a replica is never written to or migrated.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings

REPLICA = "replica"

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "duban_use_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block go to the replica when there is one."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _use_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
