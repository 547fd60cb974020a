"""StagedSMTP's DATA: nothing of a message goes out before the caller's gate says so.

The gate (the outbox's Recorder) waits for the previous message's outcome to be
committed. After the server's 354 the gate is asked; on yes the content and the
final "." go out in one write (as smtplib sends them), on no the session is
dropped and the server discards the transaction.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tracker.notifications.transports import StagedSMTP, Withheld

CONTENT = b"Subject: x\r\n\r\nbody\r\n.dot line\r\n"
STUFFED = b"Subject: x\r\n\r\nbody\r\n..dot line\r\n"


class Wire:
    """What the client writes, and the gate's calls, in order."""

    def __init__(self) -> None:
        self.events: list[bytes | str] = []

    def sendall(self, data: bytes) -> None:
        self.events.append(bytes(data))

    def setsockopt(self, *args: Any) -> None:
        pass

    def close(self) -> None:
        self.events.append("closed")


def client(wire: Wire, answer: bool) -> StagedSMTP:
    def gate() -> bool:
        wire.events.append("gate")
        return answer

    smtp = StagedSMTP()
    smtp.sock = wire  # type: ignore[assignment]
    smtp.file = io.BytesIO(b"354 go ahead\r\n250 taken\r\n")  # type: ignore[assignment]
    smtp.before_accept = gate
    return smtp


def test_the_gate_then_content_and_dot_in_one_write() -> None:
    wire = Wire()
    assert client(wire, answer=True).data(CONTENT) == (250, b"taken")
    assert wire.events == [b"data\r\n", "gate", STUFFED + b".\r\n"]


def test_a_gate_saying_stop_withholds_the_message() -> None:
    wire = Wire()
    with pytest.raises(Withheld):
        client(wire, answer=False).data(CONTENT)
    assert wire.events == [b"data\r\n", "gate", "closed"]


def test_without_a_gate_it_is_smtplib() -> None:
    wire = Wire()
    smtp = client(wire, answer=True)
    smtp.before_accept = None
    assert smtp.data(CONTENT) == (250, b"taken")
    assert "gate" not in wire.events
    assert wire.events[-1].endswith(b"\r\n.\r\n")  # type: ignore[union-attr]
