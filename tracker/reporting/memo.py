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

Shared between processes: each process keeps its own few answers, and when
there is Redis (the ``dashboards`` cache, configured only with REDIS_URL) an
answer computed by one process is also kept there for SHARED_SECONDS under a
digest of the same key — the snapshot, the database (host, port, name), the
release and the dashboard's key — so the other web workers at that snapshot
read it instead of computing it again. Equal snapshot text is the only
match, as locally; a Redis that fails or has lost the entry means computing.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model
from redis.exceptions import RedisError

from tracker.tasks.models import Task
from tracker.version import __version__

T = TypeVar("T")

# Per process: a whole-organisation answer is ~300 KB; a snapshot's answers
# are useless after the next write, so a few dozen is plenty.
MEMO_SIZE = 32

# Shared (Redis): an answer is worth keeping only until the next write
# anywhere in the cluster, so briefly; one larger than SHARED_MAX_BYTES
# pickled stays in its process only.
SHARED_CACHE = "dashboards"
SHARED_SECONDS = 10
SHARED_MAX_BYTES = 2_000_000
# After a write every worker's next request misses at once: the first to
# claim a snapshot's answer computes it, the others wait (polling every
# CLAIM_POLL seconds, at most CLAIM_WAIT) and read it. A claim that ends with
# no answer under that snapshot (the computation's own snapshot was later,
# or it failed) sends them to compute; one never released expires.
CLAIM_SECONDS = 5
CLAIM_WAIT = 2.0
CLAIM_POLL = 0.005

_memo: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
_lock = threading.Lock()
# The shared keys this process wrote, so that memo_clear() can take them back.
_written: deque[str] = deque(maxlen=4 * MEMO_SIZE)


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
    db = connection.settings_dict
    where = (alias, db["HOST"], db["PORT"], db["NAME"], __version__)
    seen = (*where, _current_snapshot(alias), *key)
    with _lock:
        if seen in _memo:
            _memo.move_to_end(seen)
            return _memo[seen]  # type: ignore[no-any-return]
    shared = _shared_get(seen)
    claimed = shared is None and _shared_claim(seen)
    if shared is None and claimed is False:
        # Another process computes this answer now: wait for it.
        shared = _shared_wait(seen)
    if shared is not None:
        _keep(seen, shared[0])
        return shared[0]  # type: ignore[no-any-return]
    try:
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                # First statement of the transaction: every query of build()
                # sees the snapshot taken by the next one.
                cursor.execute("set transaction isolation level repeatable read, read only")
            snapshot = _current_snapshot(alias)
            value = build()
        computed = (*where, snapshot, *key)
        _keep(computed, value)
        _shared_set(computed, value)
    finally:
        if claimed:
            _shared_release(seen)
    return value


def _keep(seen: tuple[Hashable, ...], value: Any) -> None:
    with _lock:
        _memo[seen] = value
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def _shared_key(seen: tuple[Hashable, ...]) -> str:
    # repr: the key's parts are ids, strings, dates and None, written the
    # same in every process; a part that is not would only never match.
    return "memo:" + hashlib.sha256(repr(seen).encode()).hexdigest()


def _shared_get(seen: tuple[Hashable, ...]) -> tuple[Any] | None:
    """(the answer,) kept by some process at exactly ``seen``, or None."""
    if SHARED_CACHE not in settings.CACHES:
        return None
    try:
        blob = caches[SHARED_CACHE].get(_shared_key(seen))
    except RedisError:  # the shared copy is an optimisation: compute
        return None
    if not isinstance(blob, bytes):
        return None
    return (pickle.loads(blob),)  # noqa: S301 — written by _shared_set only


def _shared_claim(seen: tuple[Hashable, ...]) -> bool | None:
    """True: this process computes ``seen``'s answer; False: another one
    does; None: no Redis (compute)."""
    if SHARED_CACHE not in settings.CACHES:
        return None
    try:
        return bool(caches[SHARED_CACHE].add(_claim_key(seen), 1, CLAIM_SECONDS))
    except RedisError:
        return None


def _shared_release(seen: tuple[Hashable, ...]) -> None:
    try:
        caches[SHARED_CACHE].delete(_claim_key(seen))
    except RedisError:
        pass


def _shared_wait(seen: tuple[Hashable, ...]) -> tuple[Any] | None:
    """(the answer,) once the claimer has kept it; None when its claim ends
    without one, after CLAIM_WAIT, or if Redis fails."""
    entry, claim = _shared_key(seen), _claim_key(seen)
    deadline = time.monotonic() + CLAIM_WAIT
    while time.monotonic() < deadline:
        time.sleep(CLAIM_POLL)
        try:
            found = caches[SHARED_CACHE].get_many([entry, claim])
        except RedisError:
            return None
        if isinstance(found.get(entry), bytes):
            return (pickle.loads(found[entry]),)  # noqa: S301 — written by _shared_set only
        if claim not in found:
            return None
    return None


def _claim_key(seen: tuple[Hashable, ...]) -> str:
    return "claim:" + _shared_key(seen)


def _shared_set(seen: tuple[Hashable, ...], value: Any) -> None:
    if SHARED_CACHE not in settings.CACHES:
        return
    blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(blob) > SHARED_MAX_BYTES:
        return
    key = _shared_key(seen)
    try:
        caches[SHARED_CACHE].set(key, blob, SHARED_SECONDS)
    except RedisError:
        return
    with _lock:
        _written.append(key)


def memo_clear(*, shared: bool = True) -> None:
    """Forget this process's answers, and (``shared``) take back the ones it
    put in Redis — the next dashboard is computed. ``shared=False``: as a
    new process would start, Redis still holding what others computed."""
    with _lock:
        _memo.clear()
        written = list(_written) if shared else []
        if shared:
            _written.clear()
    if written and SHARED_CACHE in settings.CACHES:
        try:
            caches[SHARED_CACHE].delete_many(written)
        except RedisError:
            pass


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
