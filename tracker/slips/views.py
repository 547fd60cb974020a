"""Slip downloads: the .docx or PDF of a 督办单 whose task the user sees."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tracker.audit.selectors import get_visible_or_404
from tracker.slips.downloads import slip_response
from tracker.slips.services import SLIP_FORMATS, slips_visible_to


def slip_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in SLIP_FORMATS:
        raise Http404
    slip = get_visible_or_404(
        slips_visible_to(request.user),
        pk,
        actor=request.user,
        attempted="slip_download",
        message=_("督办单不存在或您无权查看。"),
        request=request,
    )
    # Word files are saved; a PDF opens in the browser.
    return slip_response(
        slip=slip, fmt=fmt, actor=request.user, request=request, attachment=fmt == "docx"
    )
