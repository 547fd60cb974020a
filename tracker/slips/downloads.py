"""A slip's file as an HTTP response: the page and the API send the same."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from tracker.audit.services import client_ip
from tracker.slips.models import Slip
from tracker.slips.services import SLIP_FORMATS, slip_file


def slip_response(
    *, slip: Slip, fmt: str, actor: Any, request: HttpRequest, attachment: bool = True
) -> HttpResponse:
    """The .docx or PDF of ``slip`` (``fmt`` one of ``SLIP_FORMATS``); the download is audited
    with the client's address as ``tracker.proxy`` reads it."""
    data, name = slip_file(slip=slip, fmt=fmt, actor=actor, ip_address=client_ip(request))
    response = HttpResponse(data, content_type=SLIP_FORMATS[fmt])
    disposition = content_disposition_header(as_attachment=attachment, filename=name)
    response["Content-Disposition"] = disposition or "attachment"
    return response
