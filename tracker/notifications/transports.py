"""The one module that talks to the outside world for notifications.

Tests patch this module (and nothing else) to simulate an SMTP server or a
chat robot failing. Every function raises ``TemporaryDeliveryError`` for a
failure worth retrying and ``PermanentDeliveryError`` for one that is not.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection


class TemporaryDeliveryError(Exception):
    """The other side is unavailable for now: try again later."""


class PermanentDeliveryError(Exception):
    """Retrying will not help (bad address, robot key revoked, …)."""


def send_email(*, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        connection=get_connection(fail_silently=False),
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(f"收件人被拒绝：{exc}") from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise TemporaryDeliveryError(f"邮件服务器暂时不可用：{exc}") from exc
