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

    A service that writes tasks and audits takes it first, before any row
    lock: a transaction that held it while waiting for a task or tally row
    that another held while waiting for it would deadlock (seen with people
    acting at once, tests/tracker/test_tally_concurrency.py). Taken first, it
    makes the services that write one at a time, each for a few milliseconds.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


# Set while the caller's transaction holds the chain's lock (audit_chain_held).
_chain_held: ContextVar[bool] = ContextVar("audit_chain_held", default=False)


@contextmanager
def audit_chain_held() -> Iterator[None]:
    """Take the chain's lock for the caller's open transaction, as
    ``audit_chain_lock`` does; inside the block ``audit_record`` knows it is held
    and appends without asking for it again (a round trip less while every other
    writer waits). The block must end before the transaction does."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_chain_held needs an open transaction (transaction.atomic)")
    audit_chain_lock()
    token = _chain_held.set(True)
    try:
        yield
    finally:
        _chain_held.reset(token)


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

    Called inside a transaction (every task write), the event is part of it, with
    no savepoint of its own: an append that fails fails the whole write — nothing
    catches it to go on without its record — and a task write holds the chain's
    lock to COMMIT, so the savepoint's two statements would be waited for by every
    other writer. Called outside one, it is its own transaction.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic(savepoint=False):
        if not _chain_held.get():
            audit_chain_lock()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
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
            prev_hash=last or GENESIS_HASH,
            hash_algorithm=settings.CRYPTO_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
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
