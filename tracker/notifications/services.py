"""Delivering notifications through the outbox, with a lease per batch.

What is promised (README, "What reminders promise"): each row is delivered at
least once; after any crash at most the one message that was in flight is sent
again, carrying the same Message-ID; temporary failures are retried for
``NOTIFICATION_RETRY_HOURS``; a failed row says why and can be re-driven.

How: a worker claims rows with one conditional UPDATE that stamps them with a
fresh token (its lease) and renews ``claimed_at`` from a heartbeat thread
while it works. Each channel's transport (``channels.py``) yields one outcome
per message as soon as the server answers, and that outcome is committed at
once with an UPDATE conditioned on the token. A worker that finds its token
gone (its lease was released and taken over) stops. The pump
(``notifications_requeue``, every ``NOTIFICATION_PUMP_SECONDS``) releases
leases silent for ``NOTIFICATION_LEASE_SECONDS`` and queues due rows in
batches, so retries and catch-up share one SMTP connection per batch.
"""

from __future__ import annotations

import datetime as dt
import functools
import select
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.notifications import planning
from tracker.notifications.channels import Outcome, Result, transport_for
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationPreference,
)

# The Celery job that delivers a batch, queued by name (jobs.py imports this module).
DELIVER_JOB = "tracker.notifications.jobs.deliver_notifications"
# Rows handed to one delivery job: one SMTP connection serves the whole batch.
QUEUE_BATCH = 100
REQUEUE_LIMIT = 20000

T = TypeVar("T")


def _with_reconnect(operation: Callable[[], T], *, tries: int = 5) -> T:
    """Run a database write, reconnecting if the connection was lost (server
    restart, pg_terminate_backend): an outcome is worth a few seconds' retry,
    since an unrecorded delivery is a duplicate later."""
    for attempt in range(tries):
        try:
            return operation()
        except DatabaseError:
            if attempt == tries - 1 or connection.in_atomic_block:
                raise
            try:
                connection.close()
            except DatabaseError:
                pass  # already gone; the next query reconnects
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def retry_delay(attempts: int) -> int:
    """Exponential backoff: base, 2×base, 4×base … capped at NOTIFICATION_RETRY_MAX_DELAY."""
    delay = settings.NOTIFICATION_RETRY_BASE * 2 ** min(max(attempts - 1, 0), 30)
    return int(min(delay, settings.NOTIFICATION_RETRY_MAX_DELAY))


class Lease:
    """The rows one delivery attempt claimed, and the token that proves it.

    While the batch is being sent, a heartbeat thread renews ``claimed_at``
    every quarter of the lease; if the rows it should renew are no longer
    ours, ``lost`` is set and the worker stops before its next message.
    """

    def __init__(self, token: str, rows: list[Notification]) -> None:
        self.token = token
        self.rows = rows
        self.held = len(rows)  # rows still ours and not yet recorded
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @classmethod
    def claim(cls, notification_ids: list[int]) -> Lease:
        """Claim the rows among ``notification_ids`` that are pending and due.

        One conditional UPDATE: two workers given the same ids cannot both win
        a row, because the second UPDATE no longer finds it pending.
        """
        now = timezone.now()
        token = uuid.uuid4().hex
        _with_reconnect(
            lambda: Notification.objects.filter(
                pk__in=notification_ids, status=DeliveryStatus.PENDING, send_after__lte=now
            ).update(
                status=DeliveryStatus.SENDING,
                claimed_at=now,
                claim_token=token,
                attempts=F("attempts") + 1,
                first_attempt_at=Coalesce(F("first_attempt_at"), now),
            )
        )
        rows = _with_reconnect(
            lambda: list(
                Notification.objects.filter(pk__in=notification_ids, claim_token=token)
                .select_related("recipient", "department", "task", "task__lead_department")
                .order_by("channel", "pk")
            )
        )
        return cls(token, rows)

    # -- heartbeat

    def __enter__(self) -> Lease:
        if self.rows:
            self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        interval = max(settings.NOTIFICATION_LEASE_SECONDS / 4, 0.2)
        try:
            while not self._stop.wait(interval):
                try:
                    with self._lock:
                        renewed = Notification.objects.filter(
                            claim_token=self.token, status=DeliveryStatus.SENDING
                        ).update(claimed_at=timezone.now())
                        if renewed < self.held:
                            self.lost.set()
                            return
                except DatabaseError:
                    connection.close()  # reconnect on the next beat
        finally:
            connection.close()  # this thread's own connection

    # -- outcomes

    def record(self, rows: list[Notification], outcome: Outcome) -> bool:
        """Commit one outcome on its rows, only where they still carry our token.

        Returns False when the lease was taken over (a row no longer ours).
        """
        now = timezone.now()
        with self._lock:
            updated = 0
            for row in rows:
                updated += _with_reconnect(functools.partial(self._write, row, outcome, now))
            self.held -= len(rows)
        if updated < len(rows):
            self.lost.set()
            return False
        return True

    def _write(self, row: Notification, outcome: Outcome, now: dt.datetime) -> int:
        if outcome.result == Result.DELIVERED:
            # The common case, once per message: one statement written out, not built by the
            # ORM (its Python cost competes with the next message's). last_error is kept:
            # together with attempts it tells what happened.
            with connection.cursor() as cursor:
                cursor.execute(
                    SENT_SQL.format(*["%s"] * 5),
                    [DeliveryStatus.SENT, now, row.pk, self.token, DeliveryStatus.SENDING],
                )
                return cursor.rowcount
        mine = Notification.objects.filter(
            pk=row.pk, claim_token=self.token, status=DeliveryStatus.SENDING
        )
        done = {"claim_token": ""}
        if outcome.result == Result.PERMANENT:
            return mine.update(
                status=DeliveryStatus.FAILED, last_error=outcome.reason[:2000], **done
            )
        if outcome.result == Result.HELD:
            # Rate limit reached: not a failure, so the attempt is given back.
            return mine.update(
                status=DeliveryStatus.PENDING,
                attempts=F("attempts") - 1,
                send_after=next_try_at(row, outcome, now),
                queued_at=None,
                **done,
            )
        if outcome.result == Result.DROPPED:
            return mine.update(
                status=DeliveryStatus.CANCELLED, last_error=outcome.reason[:2000], **done
            )
        # Temporary: retry by time, like a mail relay, then give up with the reason.
        window = dt.timedelta(hours=settings.NOTIFICATION_RETRY_HOURS)
        first = row.first_attempt_at or now
        if now - first >= window:
            hours = settings.NOTIFICATION_RETRY_HOURS
            return mine.update(
                status=DeliveryStatus.FAILED,
                last_error=f"已连续重试 {hours} 小时仍未送达：{outcome.reason}"[:2000],
                **done,
            )
        return mine.update(
            status=DeliveryStatus.PENDING,
            last_error=outcome.reason[:2000],
            send_after=next_try_at(row, outcome, now),
            queued_at=None,  # the pump queues it again once due
            **done,
        )


# The once-per-message "sent", conditioned on the lease token: written out, not built by the
# ORM; the placeholders (status, sent_at, id, token, expected status) are filled per driver.
SENT_SQL = (
    "UPDATE notifications_notification SET status = {0}, sent_at = {1}, claim_token = ''"
    " WHERE id = {2} AND claim_token = {3} AND status = {4}"
)


def next_try_at(row: Notification, outcome: Outcome, now: dt.datetime) -> dt.datetime:
    """When a row held back (rate limit) or refused for now is due again: the
    transport's time, and for a temporary failure no sooner than the backoff."""
    until = outcome.retry_at or now
    if outcome.result == Result.TEMPORARY:
        until = max(until, now + dt.timedelta(seconds=retry_delay(row.attempts)))
    return until


def no_longer_relevant(row: Notification) -> str:
    """Why a reminder should not go out any more (its task closed), or ''."""
    task = row.task
    if row.kind in planning.REMINDER_KINDS and task is not None:
        if task.status not in planning.ACTIVE_STATUSES:
            return f"任务状态已为“{task.get_status_display()}”，提醒不再发送。"
    return ""


def notifications_deliver(*, notification_ids: list[int]) -> list[tuple[int, int]]:
    """Claim and send a batch, recording each outcome as soon as it is known.

    Returns (id, seconds) of the rows to be tried again later; the pump
    queues them when they are due.
    """
    lease = Lease.claim(notification_ids)
    with lease, Recorder(lease) as recorder:
        return _deliver(lease, recorder)


class Recorder:
    """Commits the outcomes of one batch, in order, each as soon as it is known.

    On PostgreSQL (outside a caller's transaction) a message's "sent" is
    written on a connection of the batch's own (``OutcomeWriter``) without
    waiting for the answer: the UPDATE is sent the moment the server has
    answered, and the database commits it while the next message is rendered
    and its envelope (MAIL, RCPT, DATA) goes to the server. But the next
    message is not handed over until that commit is confirmed: ``accept_next``
    is called by the transport just before the server would take the next
    message (for SMTP: after DATA's 354, before the content and its final ".")
    and waits for it. So at any moment at most one message has
    been taken by a server without its outcome committed — the one in flight —
    and a crash can repeat only that. No thread is involved: the statement is
    in flight on the socket, not on another thread waiting for the GIL.

    Other outcomes (temporary, failed, held, dropped), rare, are written
    inline by ``Lease.record`` after the one in flight is confirmed, as are
    all outcomes inside a transaction (or on SQLite), where another connection
    could not see the claimed rows.
    """

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.error: BaseException | None = None
        self.stopped = False
        self._writer: OutcomeWriter | None = None  # opened at the first "sent"
        self._in_flight: list[Notification] | None = None
        self._pipelined = connection.vendor == "postgresql" and not connection.in_atomic_block

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.accept_next()
        finally:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def submit(self, rows: list[Notification], outcome: Outcome) -> None:
        self.accept_next()  # in order: the one in flight first
        if self.stopped:
            return
        if self._pipelined and outcome.result == Result.DELIVERED and len(rows) == 1:
            self._held(-1)  # before the UPDATE commits: the heartbeat must not count it as lost
            try:
                if self._writer is None:
                    self._writer = OutcomeWriter()
                self._writer.send(rows[0].pk, self.lease.token, timezone.now())
            except DatabaseError:
                self._writer_failed()
                self._held(+1)  # recorded below instead
            else:
                self._in_flight = rows
                return
        self._record(rows, outcome)

    def _held(self, change: int) -> None:
        with self.lease._lock:  # noqa: SLF001 - the heartbeat's count of rows still ours
            self.lease.held += change

    def __call__(self) -> bool:
        return self.accept_next()

    def accept_next(self) -> bool:
        """Wait until every outcome so far is committed; False: stop sending
        (the lease was taken over, or the database could not be written)."""
        rows, self._in_flight = self._in_flight, None
        if rows is not None and self._writer is not None:
            try:
                updated = self._writer.result()
            except DatabaseError:
                # Connection lost or refused: write it again through the worker's
                # own connection, which reconnects (Lease.record); the rest of the
                # batch is recorded that way too.
                self._writer_failed()
                self._held(+len(rows))
                self._record(rows, Outcome.delivered())
            else:
                if updated < 1:
                    self.lease.lost.set()
                    self.stopped = True
        return not self.stopped and not self.lease.lost.is_set()

    def _writer_failed(self) -> None:
        """The rest of the batch is recorded inline, on the worker's own connection."""
        self._pipelined = False
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _record(self, rows: list[Notification], outcome: Outcome) -> None:
        if self.stopped:
            return
        try:
            if not self.lease.record(rows, outcome):
                self.stopped = True
        except Exception as exc:  # noqa: BLE001 - re-raised by _deliver, after the batch
            self.error = exc
            self.stopped = True


class OutcomeWriter:
    """The batch's own PostgreSQL connection for the once-per-message "sent":
    one prepared UPDATE, conditioned on the lease token, sent without waiting
    (``send``) and confirmed later (``result``). Autocommit: each UPDATE is its
    own committed transaction. With NOTIFICATION_SYNC_COMMIT off, its commits do
    not wait for the WAL flush: still visible to every other session at once and
    kept if this worker dies or loses its connection; only a crash of PostgreSQL
    or its machine can lose the last ~3 × wal_writer_delay of them (README).
    Closed with the batch. Errors are Django's ``DatabaseError``."""

    STATEMENT = "duban_outcome_sent"  # SENT_SQL, prepared once per connection, below

    def __init__(self) -> None:
        import psycopg  # PostgreSQL only

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._conn: Any = None
        with connection.wrap_database_errors:
            self._conn = psycopg.connect(autocommit=True, **params)
            try:
                if not settings.NOTIFICATION_SYNC_COMMIT:
                    self._conn.execute("SET synchronous_commit TO OFF")
                self._conn.execute(
                    f"PREPARE {self.STATEMENT} (text, timestamptz, bigint, text, text) AS "
                    + SENT_SQL.format(*(f"${n}" for n in range(1, 6)))
                )
            except BaseException:
                self.close()
                raise
        self._pg = self._conn.pgconn

    def send(self, pk: int, token: str, now: dt.datetime) -> None:
        params = [
            DeliveryStatus.SENT.value.encode(),
            now.isoformat().encode(),
            str(pk).encode(),
            token.encode(),
            DeliveryStatus.SENDING.value.encode(),
        ]
        with connection.wrap_database_errors:
            self._pg.send_query_prepared(self.STATEMENT.encode(), params)
            while self._pg.flush():
                self._wait(write=True)

    def result(self) -> int:
        """Wait for the statement sent: the number of rows it updated (0: not ours)."""
        import psycopg

        with connection.wrap_database_errors:
            while True:
                self._pg.consume_input()
                if not self._pg.is_busy():
                    break
                self._wait(write=False)
            updated, error = 0, ""
            while (answer := self._pg.get_result()) is not None:
                if answer.status == psycopg.pq.ExecStatus.COMMAND_OK:
                    updated = int(answer.command_tuples or 0)
                else:
                    error = (answer.error_message or b"").decode(errors="replace")
            if error:
                raise psycopg.OperationalError(error)
        return updated

    def _wait(self, *, write: bool) -> None:
        socket = self._pg.socket
        select.select([] if write else [socket], [socket] if write else [], [])

    def close(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
        except Exception:  # noqa: BLE001, S110 - closing a broken connection
            pass


def _deliver(lease: Lease, recorder: Recorder) -> list[tuple[int, int]]:
    retries: list[tuple[int, int]] = []
    by_channel: dict[str, list[Notification]] = {}
    for row in lease.rows:
        reason = no_longer_relevant(row)
        if reason:
            recorder.submit([row], Outcome(Result.DROPPED, reason))
            continue
        by_channel.setdefault(row.channel, []).append(row)
    for channel, rows in by_channel.items():
        if not recorder.accept_next():
            break
        with transport_for(channel) as transport:
            for sent_rows, outcome in transport.deliver(rows, recorder):
                recorder.submit(sent_rows, outcome)
                if outcome.result in (Result.TEMPORARY, Result.HELD):
                    now = timezone.now()
                    for row in sent_rows:
                        until = next_try_at(row, outcome, now)
                        retries.append((row.pk, max(1, round((until - now).total_seconds()))))
    recorder.accept_next()
    if recorder.error is not None:
        raise recorder.error  # rows not recorded stay claimed until the lease runs out
    return retries


# --------------------------------------------------------------------------- queueing


def notifications_dispatch(notification_ids: list[int]) -> None:
    """Hand rows to the workers once the transaction commits (never before),
    in batches of ``QUEUE_BATCH``."""
    batches = [
        notification_ids[start : start + QUEUE_BATCH]
        for start in range(0, len(notification_ids), QUEUE_BATCH)
    ]
    if not batches:
        return

    def send() -> None:
        for batch in batches:
            if current_app.conf.task_always_eager:
                notifications_deliver(notification_ids=batch)  # what the job would do
            else:
                current_app.send_task(DELIVER_JOB, args=[batch])

    transaction.on_commit(send)


def notifications_queue(*, notification_ids: list[int]) -> None:
    """Mark rows as queued (so the pump does not queue them again before
    NOTIFICATION_REQUEUE_AFTER) and dispatch them after commit."""
    if not notification_ids:
        return
    Notification.objects.filter(pk__in=notification_ids).update(queued_at=timezone.now())
    notifications_dispatch(notification_ids)


def notifications_requeue(*, now: dt.datetime, new: list[int] | None = None) -> int:
    """The pump: release the leases of dead workers and queue every row that
    is due and has no live job (new rows, retries whose time has come, rows
    whose job was lost). Jobs go to the broker after commit, in batches of
    rows of one channel, so one SMTP connection serves each batch.
    """
    grace = dt.timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER)
    silent = dt.timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)
    with transaction.atomic():
        # A lease nobody renewed for a whole period belongs to a dead worker.
        Notification.objects.filter(
            status=DeliveryStatus.SENDING, claimed_at__lt=now - silent
        ).update(
            status=DeliveryStatus.PENDING,
            claim_token="",
            queued_at=None,
            last_error="发送进程失联（租约到期未续），已重新排队。",
        )
        due = (
            Notification.objects.filter(status=DeliveryStatus.PENDING, send_after__lte=now)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - grace))
            .exclude(channel=Channel.APP)
            .order_by("send_after", "pk")
        )
        if connection.vendor == "postgresql":
            # One statement: pick (skipping rows another pump holds), mark, return.
            picked = due.select_for_update(skip_locked=True).values("pk")[:REQUEUE_LIMIT]
            picked_sql, picked_params = picked.query.sql_with_params()
            with connection.cursor() as cursor:
                sql = f"UPDATE notifications_notification SET queued_at = %s WHERE id IN ({picked_sql}) RETURNING id, channel"  # noqa: S608, E501 - Django-built SQL
                cursor.execute(sql, [now, *picked_params])
                picked_rows = cursor.fetchall()
        else:
            picked_rows = list(due.values_list("pk", "channel")[:REQUEUE_LIMIT])
            ids = [pk for pk, _channel in picked_rows]
            for start in range(0, len(ids), 500):
                Notification.objects.filter(pk__in=ids[start : start + 500]).update(queued_at=now)
        ordered = sorted(picked_rows, key=lambda row: (row[1], row[0]))
        notifications_dispatch((new or []) + [pk for pk, _channel in ordered])
    return len(picked_rows)


REASON_SHOWN = 200  # characters of a failure reason shown (and matched) on the page


def failed_with_reason(reason: str) -> Q:
    """The failed rows the page groups under ``reason`` (cut to REASON_SHOWN)."""
    if len(reason) >= REASON_SHOWN:
        return Q(last_error__startswith=reason[:REASON_SHOWN])
    return Q(last_error=reason)


def notifications_redrive(
    *,
    notification_ids: list[int] | None = None,
    reason: str | None = None,
    actor: Any = None,
    request: Any = None,
) -> int:
    """Send failed rows again (a supervisor's decision after fixing the cause):
    they become pending with a fresh retry period and are queued at once.
    Without ids or reason, every failed row; with ``reason``, the rows that
    failed for it (as the notification page groups them). Returns how many
    were re-driven."""
    now = timezone.now()
    with transaction.atomic():
        failed = Notification.objects.select_for_update().filter(status=DeliveryStatus.FAILED)
        if notification_ids is not None:
            failed = failed.filter(pk__in=notification_ids)
        if reason is not None:
            failed = failed.filter(failed_with_reason(reason))
        ids = list(failed.values_list("pk", flat=True))
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            send_after=now,
            first_attempt_at=None,
            claim_token="",
            queued_at=now,
        )
        audit_record(
            action=AuditAction.NOTIFICATIONS_REDRIVE,
            actor=actor,
            obj=None,
            before={"status": "failed"},
            after={
                "status": "pending",
                "ids": ids[:1000],
                "count": len(ids),
                **({"reason": reason[:REASON_SHOWN]} if reason is not None else {}),
            },
            request=request,
        )
        notifications_dispatch(ids)
    return len(ids)


def notifications_failing(*, limit: int = 5, latest: int = 20) -> dict[str, Any]:
    """What the notification page tells a supervisor: failed rows and rows
    being retried, with their most frequent reasons, and the latest failed rows."""
    failed = Notification.objects.filter(status=DeliveryStatus.FAILED)
    retrying = Notification.objects.filter(status=DeliveryStatus.PENDING, attempts__gt=0).exclude(
        last_error=""
    )
    reasons: Counter[str] = Counter()
    for reason, count in (
        failed.values("last_error").annotate(n=Count("pk")).values_list("last_error", "n")
    ):
        reasons[reason[:REASON_SHOWN]] += count
    return {
        "failed": failed.count(),
        "latest": list(failed.select_related("recipient", "department").order_by("-id")[:latest]),
        "retrying": retrying.count(),
        "reasons": reasons.most_common(limit),
        "retry_reasons": list(
            retrying.values("last_error")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("last_error", "n")[:limit]
        ),
    }


def notifications_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of the user's in-app messages as read, or all of them."""
    mine = Notification.objects.filter(recipient=user, channel=Channel.APP, read_at__isnull=True)
    if notification_id is not None:
        mine = mine.filter(pk=notification_id)
    return mine.update(read_at=timezone.now())


def notification_preference_update(
    *,
    user: Any,
    email: bool,
    robot: bool,
    daily_digest: bool,
    dingtalk_work: bool = True,
    wecom_app: bool = True,
    request: Any = None,
) -> Any:
    """Save how a person wants to hear about reminders, and record the change."""
    fields = ("email", "robot", "daily_digest", "dingtalk_work", "wecom_app")
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.get_or_create(user=user)
        before = {name: getattr(preference, name) for name in fields}
        preference.email, preference.robot, preference.daily_digest = email, robot, daily_digest
        preference.dingtalk_work, preference.wecom_app = dingtalk_work, wecom_app
        preference.full_clean()
        preference.save()
        audit_record(
            action=AuditAction.NOTIFICATION_PREFERENCE_UPDATE,
            actor=user,
            obj=preference,
            before=before,
            after={name: getattr(preference, name) for name in fields},
            request=request,
        )
    return preference
