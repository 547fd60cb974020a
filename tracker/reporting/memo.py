"""A dashboard answer remembered for exactly one state of the database.

PostgreSQL names the state a query sees: ``pg_current_snapshot()`` is the
list of transactions it counts as finished (``xmin:xmax:in-progress``). Two
equal snapshots see the same committed rows — a transaction below ``xmax``
and not in progress had already ended, so its outcome cannot change — and
any transaction that writes and ends (commits or rolls back) changes the
snapshot of every query after it.

So an answer built inside one REPEATABLE READ transaction (all its queries
on one snapshot) is kept under that snapshot, and a later request whose
snapshot (one query) is equal gets it without computing. A write committed
anywhere — a task, a tally, a session — before that request makes its
snapshot different, and the answer is computed afresh; a write committed
while an answer is computed is not in the answer's snapshot, and the
snapshot of every request after it differs from the answer's. Nothing is
stale; the price is that the memo only helps between writes.

Only PostgreSQL, and only outside a transaction (an enclosing one could not
be made REPEATABLE READ): elsewhere ``snapshot_memo`` just builds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model

from tracker.tasks.models import Task

T = TypeVar("T")

# Per process: a whole-organisation answer is ~300 KB; a snapshot's answers
# are useless after the next write, so a few dozen is plenty.
MEMO_SIZE = 32

_memo: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
_lock = threading.Lock()


def read_alias() -> str:
    """The database the dashboard reads (the replica inside ``reading_from_replica``)."""
    return router.db_for_read(Task) or DEFAULT_DB_ALIAS


def row_key(obj: Model) -> tuple[Any, ...]:
    """An instance loaded outside the snapshot (the user), as the values it
    was loaded with."""
    return (type(obj).__name__, *(getattr(obj, f.attname) for f in obj._meta.concrete_fields))


def _current_snapshot(alias: str) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute("select pg_current_snapshot()::text")
        return str(cursor.fetchone()[0])


def snapshot_memo(key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """``build()``, or what it returned for ``key`` in this database state.

    ``key`` must hold everything the answer depends on besides the database:
    the user and filters as loaded, the day, the language, the address.
    ``build`` must read only through ``read_alias()`` (the ORM does inside
    the same ``reading_from_replica`` block)."""
    alias = read_alias()
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return build()
    name = connection.settings_dict["NAME"]
    seen = (alias, name, _current_snapshot(alias), *key)
    with _lock:
        if seen in _memo:
            _memo.move_to_end(seen)
            return _memo[seen]  # type: ignore[no-any-return]
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            # First statement of the transaction: every query of build()
            # sees the snapshot taken by the next one.
            cursor.execute("set transaction isolation level repeatable read, read only")
        snapshot = _current_snapshot(alias)
        value = build()
    with _lock:
        _memo[(alias, name, snapshot, *key)] = value
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return value


def memo_clear() -> None:
    with _lock:
        _memo.clear()


def dashboard_key(kind: str, user: Model, filters: Any, today: Any) -> tuple[Hashable, ...]:
    """What a dashboard answer depends on besides the database: the user and
    the chosen report and department as loaded for this request (their
    visibility and names), the year, the day, the language and the address
    its links are written under."""
    from django.urls import get_script_prefix, get_urlconf
    from django.utils.translation import get_language

    return (
        kind,
        row_key(user),
        (filters.report.pk, filters.report.title) if filters.report else None,
        (filters.department.pk, filters.department.name) if filters.department else None,
        filters.year,
        today,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
