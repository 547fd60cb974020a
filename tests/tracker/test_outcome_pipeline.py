"""The outcome of each e-mail is committed before the server takes the next one.

The outbox commits outcomes on a thread of its own so that the database's
answer overlaps the transfer of the next message (the throughput of issue
#10), but the final "." of the next message's DATA waits for that commit. A
real SMTP server (aiosmtpd) looks at the database, through a connection of its
own, at the moment it takes each message; and steals the lease mid-batch to
show that the next message is then withheld, not delivered.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection

from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.notifications.services import notifications_deliver
from tracker.org.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database() -> psycopg.Connection[Any]:
    """A connection of the SMTP server's own: it sees only what was committed."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(autocommit=True, **params)


class Watching:
    """Records, for every message it takes, which rows the database shows as
    sent at that moment; ``on_message`` may act on the database meanwhile."""

    def __init__(self, on_message: Callable[[int, psycopg.Connection[Any]], None]) -> None:
        self.on_message = on_message
        self.taken: list[tuple[str, list[str]]] = []  # (subject, subjects already sent)
        self.db: psycopg.Connection[Any] | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.db is None:
            self.db = database()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        sent = [
            subject
            for (subject,) in self.db.execute(
                "SELECT subject FROM notifications_notification WHERE status = 'sent' ORDER BY id"
            ).fetchall()
        ]
        self.taken.append((str(message["Subject"]), sent))
        self.on_message(len(self.taken), self.db)
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Callable[..., Watching]]:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controllers: list[Any] = []
    handlers: list[Watching] = []

    def start(on_message: Callable[[int, psycopg.Connection[Any]], None]) -> Watching:
        handler = Watching(on_message)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        handlers.append(handler)
        settings.EMAIL_BACKEND = "tracker.notifications.transports.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return handler

    yield start
    for controller in controllers:
        controller.stop()
    for handler in handlers:
        if handler.db is not None:
            handler.db.close()


def rows(user: User, count: int) -> list[Notification]:
    return [
        Notification.objects.create(
            recipient=user,
            kind=NotificationKind.ASSIGNED,
            channel=Channel.EMAIL,
            dedupe_key=f"pipeline-{n}",
            subject=f"第{n:02d}项",
            send_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("sync", [True, False])
def test_each_outcome_is_committed_before_the_server_takes_the_next_message(
    staff_a: User, smtp_server: Callable[..., Watching], settings: Any, sync: bool
) -> None:
    settings.NOTIFICATION_SYNC_COMMIT = sync
    server = smtp_server(lambda n, db: None)
    batch = rows(staff_a, 30)

    notifications_deliver(notification_ids=[row.pk for row in batch])

    subjects = [row.subject for row in batch]
    assert [subject for subject, _sent in server.taken] == subjects
    for n, (_subject, sent) in enumerate(server.taken):
        # Every earlier message's outcome is committed; this one's is not yet.
        assert sent == subjects[:n], f"message {n}: the database showed {sent}"
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_lease_taken_over_mid_batch_withholds_the_next_message(
    staff_a: User, smtp_server: Callable[..., Watching]
) -> None:
    """When the server takes message 3, another worker takes the batch over
    (the lease token changes). Message 3's outcome cannot be recorded, so
    message 4 gets as far as DATA but is never handed over: the server discards it.
    The rows after 3 are left to the new owner, untouched."""

    def take_over(n: int, db: psycopg.Connection[Any]) -> None:
        if n == 3:
            db.execute(
                "UPDATE notifications_notification SET claim_token = 'other-worker'"
                " WHERE status = 'sending'"
            )

    server = smtp_server(take_over)
    batch = rows(staff_a, 10)

    notifications_deliver(notification_ids=[row.pk for row in batch])

    assert [subject for subject, _sent in server.taken] == [row.subject for row in batch[:3]]
    statuses = dict(Notification.objects.values_list("subject", "status"))
    assert [statuses[row.subject] for row in batch[:2]] == [DeliveryStatus.SENT] * 2
    # Message 3 went out, but its row is the other worker's now: it will be
    # sent again with the same Message-ID (the one message in flight).
    assert {statuses[row.subject] for row in batch[2:]} == {DeliveryStatus.SENDING}
    assert set(
        Notification.objects.filter(status=DeliveryStatus.SENDING).values_list(
            "claim_token", flat=True
        )
    ) == {"other-worker"}


def test_connections_terminated_mid_batch_lose_no_outcome(
    staff_a: User, smtp_server: Callable[..., Watching]
) -> None:
    """While the server takes message 3, every other connection to the database
    is terminated: the worker's and the one its outcomes are sent on. Message
    3's outcome is then written again through a fresh connection, and so are
    the rest of the batch's: all sent, each message taken once."""

    def terminate(n: int, db: psycopg.Connection[Any]) -> None:
        if n == 3:
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    server = smtp_server(terminate)
    batch = rows(staff_a, 8)
    ids = [row.pk for row in batch]

    notifications_deliver(notification_ids=ids)

    assert [subject for subject, _sent in server.taken] == [row.subject for row in batch]
    assert set(Notification.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
