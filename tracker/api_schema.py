"""The OpenAPI schema, generated and rendered once per process, language and format.

Generating it walks every endpoint and rendering it as YAML or JSON takes
another second: on a 2-core server the docs page waited 1–2 s for that on
every visit. The schema only changes with the code, so each web worker keeps
what it rendered.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request

_rendered: dict[tuple[str, str | None, str], tuple[bytes, str, str]] = {}
_lock = threading.Lock()


class CachedSpectacularAPIView(SpectacularAPIView):
    schema = None  # the schema endpoint is not part of the schema

    def _cache_key(self, request: Request) -> tuple[str, str | None, str]:
        version = self.api_version or request.version or self._get_version_parameter(request)
        return (get_language() or "", version, str(request.accepted_media_type))

    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        cached = _rendered.get(self._cache_key(request))
        if cached is not None:
            content, content_type, disposition = cached
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = disposition
            return response
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "data", None) is not None and response.status_code == 200:
            response.render()  # type: ignore[attr-defined]
            with _lock:
                _rendered[self._cache_key(request)] = (
                    response.content,  # type: ignore[attr-defined]
                    response["Content-Type"],
                    response.get("Content-Disposition", ""),
                )
        return response
