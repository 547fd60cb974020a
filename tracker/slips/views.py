"""Slip downloads: the .docx or PDF of a 督办单 whose task the user sees."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from tracker.slips.services import SLIP_FORMATS, slip_file, slips_visible_to


def slip_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    slip = slips_visible_to(request.user).filter(pk=pk).first()
    if slip is None or fmt not in SLIP_FORMATS:
        raise Http404
    data, name = slip_file(
        slip=slip, fmt=fmt, actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
    )
    response = HttpResponse(data, content_type=SLIP_FORMATS[fmt])
    disposition = content_disposition_header(as_attachment=fmt == "docx", filename=name)
    response["Content-Disposition"] = disposition or "attachment"
    return response
