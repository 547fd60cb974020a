"""The bytes of a notification e-mail, as Django would write them, for less CPU.

Django builds a message (``EmailMultiAlternatives`` → ``email.mime`` objects →
``email.generator``) in ~0.5 ms of CPU: more than the rest of a worker's work
per e-mail, on a server whose two cores the worker shares with PostgreSQL
(issue #10: committing each outcome must not cost throughput). Most of it is
spent folding headers that are the same in every message and compiling a
regular expression per message to check the MIME boundary.

``message_bytes`` writes the same bytes for the shape the outbox sends (a text
part and an HTML alternative, UTF-8, one or more recipients):

- every header value comes from the functions Django itself calls
  (``forbid_multi_line_headers``, ``sanitize_address``, ``formatdate``) and is
  folded by the same policy as Django's generator (``compat32.fold_binary``);
  results that do not change between messages are kept;
- the boundary is drawn as ``email.generator`` draws it (one
  ``random.randrange`` per message), and checked against the parts with a
  substring test first; only if that finds it is the generator's regular
  expression used;
- the bodies get the generator's line endings.

What it does not write (an empty text or HTML part, a line longer than 998
bytes, which Django encodes as quoted-printable, a charset other than UTF-8)
returns ``None``, and the caller lets Django build the message. A test compares
the bytes with Django's for random subjects, bodies and addresses, with the
same random draws and clock (tests/tracker/test_mail_bytes.py).
"""

from __future__ import annotations

import random
import re
import sys
from email import generator
from email.policy import compat32
from email.utils import formatdate
from functools import lru_cache

from django.conf import settings
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    SafeMIMEText,
    forbid_multi_line_headers,
    sanitize_address,
)

# What Django's as_bytes(linesep="\r\n") folds headers with.
_POLICY = compat32.clone(linesep="\r\n")
_NL = b"\r\n"
_NLCRE = re.compile(rb"\r\n|\r|\n")  # email.generator.NLCRE, on bytes
_BOUNDARY_FORMAT = "=" * 15 + generator._fmt + "=="  # type: ignore[attr-defined]  # noqa: SLF001
# A boundary of the usual shape: 15 "=", the zero-padded token, "==".
_USUAL_BOUNDARY = re.compile(r"={15}\d+==")
_PLACEHOLDER_TOKEN = 0


def _fold(name: str, value: str) -> bytes:
    return _POLICY.fold_binary(name, value)


@lru_cache(maxsize=256)
def _fold_kept(name: str, value: str) -> bytes:
    """A header that repeats between messages (MIME-Version, From, Date within a second)."""
    return _fold(name, value)


@lru_cache(maxsize=1024)
def _header_kept(name: str, value: str, encoding: str) -> bytes:
    """Django's value for a header set on the message (``msg[name] = value``), folded;
    kept, since values repeat (sender, recipients, a task's subject, the second)."""
    return _fold(*forbid_multi_line_headers(name, value, encoding))


def _header(name: str, value: str, encoding: str) -> bytes:
    return _fold(*forbid_multi_line_headers(name, value, encoding))


@lru_cache(maxsize=1024)
def envelope_address(address: str, encoding: str) -> str:
    """The address as Django's SMTP backend gives it to MAIL FROM / RCPT TO."""
    return sanitize_address(address, encoding)


@lru_cache(maxsize=8)
def _part_headers(subtype: str, cte: str) -> bytes:
    """The header block of a text part, taken from the part Django builds:
    Content-Type, MIME-Version and Content-Transfer-Encoding."""
    sample = "x" if cte == "7bit" else "\u4e2d"
    part = SafeMIMEText(sample, subtype, "utf-8")
    if part["Content-Transfer-Encoding"] != cte:
        raise RuntimeError(f"Django no longer writes {cte} for such a part")
    return part.as_bytes(linesep="\r\n").split(_NL + _NL, 1)[0] + _NL


@lru_cache(maxsize=1)
def _root_type_template() -> tuple[bytes, bytes]:
    """The folded Content-Type of the multipart, split around a usual boundary:
    the folding depends only on the boundary's length and characters, which a
    usual boundary keeps."""
    placeholder = _BOUNDARY_FORMAT % _PLACEHOLDER_TOKEN
    folded = _fold("Content-Type", f'multipart/alternative; boundary="{placeholder}"')
    before, after = folded.split(placeholder.encode(), 1)
    return before, after


def _root_type(boundary: str) -> bytes:
    if _USUAL_BOUNDARY.fullmatch(boundary) and len(boundary) == len(
        _BOUNDARY_FORMAT % _PLACEHOLDER_TOKEN
    ):
        before, after = _root_type_template()
        return before + boundary.encode() + after
    return _fold("Content-Type", f'multipart/alternative; boundary="{boundary}"')


def _part(subtype: str, content: str) -> bytes | None:
    """One text part as the generator writes it, or None when Django would
    not write it as 7bit/8bit (a line too long: quoted-printable)."""
    if any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in content.splitlines()
    ):
        return None
    try:
        data = content.encode("utf-8")
    except UnicodeEncodeError:
        return None  # Django raises; let it
    cte = "7bit" if data.isascii() else "8bit"
    return _part_headers(subtype, cte) + _NL + _NLCRE.sub(_NL, data)


def _boundary(text: bytes) -> str:
    """``email.generator``'s boundary: one random draw, then a suffix while the
    parts contain it as a delimiter line."""
    boundary = _BOUNDARY_FORMAT % random.randrange(sys.maxsize)  # noqa: S311 - as the generator
    if b"--" + boundary.encode() not in text:
        return boundary
    candidate, counter = boundary, 0
    while re.search(b"^--" + re.escape(candidate.encode()) + b"(--)?$", text, re.MULTILINE):
        candidate = f"{boundary}.{counter}"
        counter += 1
    return candidate


def message_bytes(
    *, subject: str, text: str, html: str, from_email: str, to: list[str], message_id: str
) -> bytes | None:
    """The bytes Django's ``EmailMultiAlternatives(subject, text, from_email, to,
    headers={"Message-ID": message_id})`` with ``html`` attached as text/html
    gives the SMTP server, or None where this module does not build them.

    Raises what Django raises for a header it refuses (``BadHeaderError`` for a
    line break, ``ValueError`` for an address it cannot parse)."""
    encoding = settings.DEFAULT_CHARSET
    if encoding != "utf-8" or not text or not html or not to or not message_id:
        return None
    plain = _part("plain", text)
    rich = _part("html", html)
    if plain is None or rich is None:
        return None
    boundary = _boundary(_NL.join((plain, rich)))
    date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
    delimiter = b"--" + boundary.encode()
    return b"".join(
        (
            _root_type(boundary),
            _fold_kept("MIME-Version", "1.0"),
            _header_kept("Subject", subject, encoding),  # a task's reminders share one
            _header_kept("From", from_email, encoding),
            _header_kept("To", ", ".join(to), encoding),
            _header_kept("Date", date, encoding),
            _header("Message-ID", message_id, encoding),
            _NL,
            delimiter + _NL,
            plain,
            _NL + delimiter + _NL,
            rich,
            _NL + delimiter + b"--" + _NL,
        )
    )
