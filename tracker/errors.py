"""Error answers: the API answers in JSON (its schema says so), pages in HTML."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("不存在或无权查看。")}, status=404)
    return defaults.page_not_found(request, exception)
