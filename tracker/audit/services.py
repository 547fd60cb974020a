"""Writing and verifying the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from tracker.audit.filters import AuditEventFilter
from tracker.audit.models import GENESIS_HASH, AuditAction, AuditEvent
from tracker.proxy import client_address

# Any constant works; it names the lock that orders appends on PostgreSQL.
_CHAIN_LOCK_ID = 7_202_201


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, through trusted proxies only (``tracker.proxy``)."""
    return client_address(request)


def audit_chain_lock() -> None:
    """Take the lock that orders the chain's appends, until the transaction ends.

    Last in the lock order (see ``task_write``): whoever holds it only reads the
    last hash, inserts and commits; it never waits for a row.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


# The events of the task write in progress (``task_write``), appended at its end.
# Each with whether its time is the append's (not given by the caller).
_pending: ContextVar[list[tuple[AuditEvent, bool]] | None] = ContextVar(
    "audit_pending", default=None
)


@contextmanager
def task_write() -> Iterator[None]:
    """One transaction that writes tasks, in the one lock order of every such write.

    The order (every service that writes tasks keeps it; nothing that holds a
    later lock waits for an earlier one, so writers cannot deadlock each other):

    1. **the task rows**, all of them, ``FOR NO KEY UPDATE`` in ascending id, in
       one statement, before anything else is locked (``task_rows_lock``); a
       task created in the transaction is new and waits for nobody. Then the
       reads of the write (a new statement: it sees whatever the writers it
       waited for committed).
    2. **what belongs to those tasks** (their evidence, extension requests,
       milestones, reminders and notifications, comments, slips, co-operating
       pairs): only a writer holding the task's row writes them.
    3. **the tally lock** (exclusive advisory, ``reporting.tally_sql.TALLY_LOCK``),
       taken by the tasks' trigger at the first write that moves a count, and by
       ``slip_issue`` before its numbering counter; under it the clock's shared
       lock, the tally rows and the counters. Held to COMMIT: the writes that move
       counts run one at a time from that point (an upload moves none).
    4. **the audit chain's lock**, taken here at the end: the last hash and the
       INSERT of the write's events, then COMMIT. The events are built when
       ``audit_record`` is called inside the block and appended in call order.

    Nested blocks join the outermost, which appends. Inside an enclosing plain
    transaction the append happens when this block ends: the caller must not
    lock a task row after it (none does). An event recorded inside a savepoint
    that is rolled back while the block goes on would still be appended: no
    caller records inside one (the ``IntegrityError`` retries wrap other rows).
    """
    pending = _pending.get()
    if pending is not None:
        mark = len(pending)
        try:
            with transaction.atomic():  # a savepoint: a failed part takes its events too
                yield
        except BaseException:
            del pending[mark:]
            raise
        return
    events: list[tuple[AuditEvent, bool]] = []
    with transaction.atomic():
        token = _pending.set(events)
        try:
            yield
        finally:
            _pending.reset(token)
        if events:
            _append(events)


def _last_hash() -> str | None:
    """The chain's last hash (None: no event yet), by a statement compiled once
    per process (``sentinels.values_rows``; ~300 function calls of every task
    write), or through the ORM where it cannot be."""
    from tracker.tasks.sentinels import values_rows

    rows = values_rows(
        ("audit_last_hash",),
        lambda: AuditEvent.objects.order_by("-id").values("hash")[:1],
        AuditEvent.objects.db,
        [],
        set(),
        [],
    )
    if rows is None:
        return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return rows[0]["hash"] if rows else None


def _append(events: list[tuple[AuditEvent, bool]]) -> None:
    """Link ``events`` to the chain's end and insert them: the chain's lock, the
    last hash, one INSERT. Held to the transaction's end."""
    from tracker.tasks.sentinels import model_insert

    audit_chain_lock()
    last = _last_hash()
    now = timezone.now()
    for event, stamp in events:
        if stamp:
            event.created_at = now
        event.prev_hash = last or GENESIS_HASH
        event.hash = event.compute_hash()
        last = event.hash
    if len(events) == 1:
        model_insert(events[0][0])  # its save(), from a statement kept per process
    else:
        AuditEvent.objects.bulk_create([event for event, _ in events])


def audit_record(
    *,
    action: AuditAction,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    request: HttpRequest | None = None,
    ip_address: str | None = None,
    created_at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``created_at`` is for loading history that happened before (the demo's
    past months); the event still goes at the end of the chain.

    Appends are serialised (an advisory lock on PostgreSQL, SQLite's single
    writer elsewhere) so that each event links to exactly one predecessor.

    Inside ``task_write`` the event is built now and appended at the block's end
    (its id, hash and — unless given — time are set then). Elsewhere it is
    appended now: inside a transaction as part of it, with no savepoint of its
    own (an append that fails fails the whole transaction; nothing catches it to
    go on without its record); outside one, as its own transaction.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    event = AuditEvent(
        actor=actor,
        actor_name=actor.display_name if actor else "",
        actor_role=getattr(actor, "role", "") if actor else "",
        actor_department=str(actor.department) if actor and actor.department_id else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=before,
        after=after,
        ip_address=ip_address or client_ip(request),
        created_at=created_at or timezone.now(),
        hash_algorithm=settings.CRYPTO_HASH,
    )
    pending = _pending.get()
    if pending is not None:
        pending.append((event, created_at is None))  # appended at the task write's end
        return event
    with transaction.atomic(savepoint=False):
        _append([(event, False)])
    return event


def audit_export_events(
    *, actor: Any, params: Any, request: HttpRequest | None = None
) -> models.QuerySet[AuditEvent]:
    """The events of one CSV export (filtered as on the audit page), oldest
    first; the export itself goes on the record first."""
    audit_record(
        action=AuditAction.AUDIT_EXPORT,
        actor=actor,
        after={"query": params.urlencode()},
        request=request,
    )
    return AuditEventFilter(params, queryset=AuditEvent.objects.order_by("id")).qs


def audit_verify(*, chunk_size: int = 2000) -> Iterator[str]:
    """Yield a description of every break in the chain (nothing when intact)."""
    expected_prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != expected_prev:
            yield f"#{event.pk}: 前一条哈希不符（记录可能被删除或插入）"
        if event.compute_hash() != event.hash:
            yield f"#{event.pk}: 内容与哈希不符（记录可能被篡改）"
        expected_prev = event.hash
