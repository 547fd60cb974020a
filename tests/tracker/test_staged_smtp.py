"""StagedSMTP's DATA: the final "." never goes out before the caller's gate says so.

The gate (the outbox's Recorder) waits for the previous message's outcome to be
committed. When it is already committed (``settled``), content and "." go out
in one write; otherwise the content goes first, the gate is asked, then the
"." — in both cases the gate is asked before the ".".
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


class Gate:
    def __init__(self, wire: Wire, *, settled: bool | None, answer: bool) -> None:
        self.wire, self.answer = wire, answer
        if settled is not None:
            self.settled = lambda: settled

    def __call__(self) -> bool:
        self.wire.events.append("gate")
        return self.answer


def client(wire: Wire, gate: Gate) -> StagedSMTP:
    smtp = StagedSMTP()
    smtp.sock = wire  # type: ignore[assignment]
    smtp.file = io.BytesIO(b"354 go ahead\r\n250 taken\r\n")  # type: ignore[assignment]
    smtp.before_accept = gate
    return smtp


@pytest.mark.parametrize("settled", [False, None])
def test_content_then_the_gate_then_the_final_dot(settled: bool | None) -> None:
    wire = Wire()
    assert client(wire, Gate(wire, settled=settled, answer=True)).data(CONTENT) == (250, b"taken")
    assert wire.events == [b"data\r\n", STUFFED, "gate", b".\r\n"]


def test_when_everything_before_is_committed_content_and_dot_go_in_one_write() -> None:
    wire = Wire()
    assert client(wire, Gate(wire, settled=True, answer=True)).data(CONTENT) == (250, b"taken")
    assert wire.events == [b"data\r\n", "gate", STUFFED + b".\r\n"]


@pytest.mark.parametrize("settled", [True, False])
def test_a_gate_saying_stop_withholds_the_message(settled: bool) -> None:
    wire = Wire()
    with pytest.raises(Withheld):
        client(wire, Gate(wire, settled=settled, answer=False)).data(CONTENT)
    assert b".\r\n" not in wire.events
    assert not any(isinstance(event, bytes) and event.endswith(b".\r\n") for event in wire.events)
    assert wire.events[-1] == "closed"
