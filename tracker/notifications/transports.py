"""The one module that talks to the outside world for notifications.

Tests patch this module (and nothing else) to simulate an SMTP server or a
chat robot failing. Every function raises ``TemporaryDeliveryError`` for a
failure worth retrying and ``PermanentDeliveryError`` for one that is not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import smtplib
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend

from tracker.notifications import mailbytes
from tracker.security.text import plain_text

WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
DINGTALK_URL = "https://oapi.dingtalk.com/robot/send"
ROBOT_TIMEOUT = 10
# Robot error codes that retrying will not fix (bad key/token, wrong signature,
# robot removed from the group, keyword/IP rules not met).
WECOM_PERMANENT = {93000, 40008, 40058, 93004}
DINGTALK_PERMANENT = {300001, 310000, 400101, 400102, 400105, 410100}


class TemporaryDeliveryError(Exception):
    """The other side is unavailable for now: try again later."""


class PermanentDeliveryError(Exception):
    """Retrying will not help (bad address, robot key revoked, …)."""


def email_connection() -> Any:
    """An open connection to the mail server, reused for a batch of messages."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise TemporaryDeliveryError(f"邮件服务器暂时不可用：{exc}") from exc
    return connection


def email_close(connection: Any) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # the server already hung up


def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    connection: Any = None,
    message_id: str | None = None,
    before_accept: Callable[[], bool] | None = None,
) -> None:
    """Send one message. ``message_id`` (the notification row's own) makes
    every send of one row carry the same Message-ID header.

    ``before_accept`` is called just before the server takes the message: on
    an SMTP connection of this module's backend, after DATA's 354 and before
    the content and its final "."; with any other backend, before
    sending. If it returns False the message is not handed over (the SMTP
    session is dropped before the ".", so the server discards it) and
    ``Withheld`` is raised."""
    # Control and bidi characters from stored text are dropped here, the one
    # place that writes mail (a subject with a newline would be refused).
    subject = " ".join(plain_text(subject).split())
    text = plain_text(text)
    html = plain_text(html) if html else None
    try:
        if not _send_built(connection, subject, text, html, to, message_id, before_accept):
            _send_django(connection, subject, text, html, to, message_id, before_accept)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _message in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            raise TemporaryDeliveryError(f"收件人暂时无法接收：{exc}") from exc
        raise PermanentDeliveryError(f"收件人被拒绝：{exc}") from exc
    except smtplib.SMTPResponseException as exc:
        # smtplib has reset the mail transaction: the connection serves the
        # next message, unless the server said it is closing (421).
        if exc.smtp_code == 421:
            _reset(connection)
        if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (552,):
            raise PermanentDeliveryError(
                f"邮件服务器拒绝：{exc.smtp_code} {exc.smtp_error!r}"
            ) from exc
        raise TemporaryDeliveryError(
            f"邮件服务器暂时拒绝：{exc.smtp_code} {exc.smtp_error!r}"
        ) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        # No answer (timeout, connection lost): the message may or may not have
        # arrived. It is retried with the same Message-ID on a fresh connection.
        _reset(connection)
        raise TemporaryDeliveryError(f"邮件服务器暂时不可用：{exc}") from exc
    except (BadHeaderError, ValueError) as exc:
        # Django refuses to build the message (e.g. an address with a line break).
        _reset(connection)
        raise PermanentDeliveryError(f"邮件无法生成：{exc}") from exc


def _send_built(
    connection: Any,
    subject: str,
    text: str,
    html: str | None,
    to: list[str],
    message_id: str | None,
    before_accept: Callable[[], bool] | None,
) -> bool:
    """On this module's SMTP backend: the message's bytes from ``mailbytes`` (the
    same as Django's, for a fraction of the CPU), sent as Django's backend sends
    them. False when ``mailbytes`` leaves the message to Django."""
    if not isinstance(connection, EmailBackend) or connection.fail_silently or not html:
        return False
    # In Django's order: the envelope first (an address it cannot parse fails
    # here, with Django's words), then the message.
    encoding = settings.DEFAULT_CHARSET
    sender = mailbytes.envelope_address(settings.DEFAULT_FROM_EMAIL, encoding)
    recipients = [mailbytes.envelope_address(address, encoding) for address in to if address]
    if not recipients:
        return False
    message = mailbytes.message_bytes(
        subject=subject,
        text=text,
        html=html,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        message_id=message_id or "",
    )
    if message is None:
        return False
    opened = connection.open()  # as Django's send_messages: a connection it opens, it closes
    try:
        smtp = connection.connection
        if not isinstance(smtp, StagedSMTP):
            raise smtplib.SMTPServerDisconnected("no SMTP connection")
        smtp.before_accept = before_accept
        try:
            smtp.sendmail(sender, recipients, message)
        finally:
            smtp.before_accept = None
    finally:
        if opened:
            connection.close()
    return True


def _send_django(
    connection: Any,
    subject: str,
    text: str,
    html: str | None,
    to: list[str],
    message_id: str | None,
    before_accept: Callable[[], bool] | None,
) -> None:
    """Any other backend (tests' locmem, the file backend): Django builds and sends."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        connection=connection or get_connection(fail_silently=False),
        headers={"Message-ID": message_id} if message_id else None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    smtp = getattr(connection, "connection", None)
    staged = smtp if isinstance(smtp, StagedSMTP) else None
    if staged is not None:
        staged.before_accept = before_accept
    elif before_accept is not None and not before_accept():
        raise Withheld()
    try:
        message.send()
    finally:
        if staged is not None:
            staged.before_accept = None


class Withheld(Exception):  # noqa: N818 - not an error: the outbox said stop
    """The message was not handed over: the caller said not to (its lease is gone)."""

    def __init__(self) -> None:
        super().__init__("未交给邮件服务器：本批已由其他进程接手。")


class StagedSMTP(smtplib.SMTP):
    """smtplib's DATA with a last word for the caller: after the server's 354,
    ``before_accept()`` is asked, and only if it says yes are the content and
    the final "." sent — the "." being the moment the server takes
    responsibility for the message (RFC 5321, 4.1.1.4). A session dropped
    before it is discarded by the server. With ``before_accept`` unset this is
    plain smtplib.

    The content waits with the ".": sent together, as smtplib sends them,
    they wake the server once per message instead of twice (measured: the
    relay's CPU per message, and a wake-up per message on a loaded machine);
    a notification is a few kilobytes, so sending it early would not shorten
    the wait for the "." by more than that."""

    before_accept: Callable[[], bool] | None = None
    _nodelay: Any = None  # the socket TCP_NODELAY was set on

    def data(self, msg: Any) -> tuple[int, bytes]:
        if self.before_accept is None:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = re.sub(r"(?:\r\n|\n|\r(?!\n))", "\r\n", msg).encode("ascii")
        content = re.sub(rb"(?m)^\.", b"..", msg)  # dot-stuffing, as smtplib does
        if not content.endswith(b"\r\n"):
            content += b"\r\n"
        if self.sock is not None and self._nodelay is not self.sock:
            # A message longer than a segment: its last piece (with the ".") goes out at
            # once instead of waiting for the server's (possibly delayed) acknowledgement.
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._nodelay = self.sock
        if not self.before_accept():
            self.close()  # nothing of the message sent: the server discards the transaction
            raise Withheld()
        self.send(content + b".\r\n")
        return self.getreply()


class StagedSMTPSSL(StagedSMTP, smtplib.SMTP_SSL):
    """The same over implicit TLS (smtps://)."""


class EmailBackend(SMTPEmailBackend):
    """Django's SMTP backend on :class:`StagedSMTP` (EMAIL_URL selects it)."""

    @property
    def connection_class(self) -> type[smtplib.SMTP]:
        return StagedSMTPSSL if self.use_ssl else StagedSMTP


def _reset(connection: Any) -> None:
    """After an error, start the next message of the batch on a fresh connection."""
    if connection is None:
        return
    email_close(connection)
    connection.connection = None


# --------------------------------------------------------------------------- robots


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def robot_request(
    channel: str, department: Any, text: str, mention_phones: list[str]
) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body for one robot message (no I/O; tested directly)."""
    text = plain_text(text)
    if channel == "wecom":
        url = f"{WECOM_URL}?key={urllib.parse.quote(department.wecom_webhook_key)}"
        body: dict[str, Any] = {
            "msgtype": "text",
            "text": {"content": text, "mentioned_mobile_list": mention_phones},
        }
        return url, body
    url = f"{DINGTALK_URL}?access_token={urllib.parse.quote(department.dingtalk_access_token)}"
    if department.dingtalk_secret:
        timestamp = int(time.time() * 1000)
        url += f"&timestamp={timestamp}&sign={dingtalk_sign(department.dingtalk_secret, timestamp)}"
    mentions = "".join(f" @{phone}" for phone in mention_phones)
    body = {
        "msgtype": "markdown",
        "markdown": {"title": "督办提醒", "text": text + mentions},
        "at": {"atMobiles": mention_phones, "isAtAll": False},
    }
    return url, body


def send_robot(*, channel: str, department: Any, text: str, mention_phones: list[str]) -> None:
    """Post one message to a department's WeCom or DingTalk group robot."""
    url, body = robot_request(channel, department, text, mention_phones)
    request = urllib.request.Request(  # noqa: S310 - fixed https endpoints above
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=ROBOT_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500 and exc.code != 429:
            raise PermanentDeliveryError(f"机器人接口拒绝：HTTP {exc.code}") from exc
        raise TemporaryDeliveryError(f"机器人接口暂时不可用：HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise TemporaryDeliveryError(f"机器人接口暂时不可用：{exc}") from exc
    code = int(answer.get("errcode", 0) or 0)
    if code == 0:
        return
    message = f"机器人返回错误 {code}：{answer.get('errmsg', '')}"
    permanent = WECOM_PERMANENT if channel == "wecom" else DINGTALK_PERMANENT
    if code in permanent:
        raise PermanentDeliveryError(message)
    raise TemporaryDeliveryError(message)
