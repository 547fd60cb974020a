"""The OpenAPI schema, generated once per process and ready before anybody asks.

Generating it walks every endpoint: 1.8–3.6 s of CPU on a 2-core server. The
schema only changes with the code, so each web worker keeps what it
generated (per language and API version) and what it rendered (per media
type).
``schema_warm`` does the generation when the worker starts (tracker.wsgi), in
a background thread, so that the first person opening the API docs after a
restart does not wait for it; a request that arrives during the warm-up
waits for that one generation instead of starting a second.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

logger = logging.getLogger(__name__)

SchemaKey = tuple[str, str | None]  # language, API version
_schemas: dict[SchemaKey, Any] = {}
_rendered: dict[tuple[SchemaKey, str], tuple[bytes, str, str]] = {}
# One generation at a time per process: concurrent first requests (or a
# request during the warm-up) wait for it rather than each doing it again.
_generating = threading.Lock()


class CachedSpectacularAPIView(SpectacularAPIView):
    schema = None  # the schema endpoint is not part of the schema

    def _schema_key(self, request: Request) -> SchemaKey:
        version = self.api_version or request.version or self._get_version_parameter(request)
        language = (
            request.GET.get("lang") if settings.USE_I18N and request.GET.get("lang") else None
        )
        return (language or translation.get_language() or "", version)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = (self._schema_key(request), str(request.accepted_media_type))
        if key not in _rendered:
            with _generating:
                if key not in _rendered:
                    response = self._generate(request, *args, **kwargs)
                    if response is not None:
                        return response  # not a schema (an error): as DRF answers it
        content, content_type, disposition = _rendered[key]
        answer = HttpResponse(content, content_type=content_type)
        answer["Content-Disposition"] = disposition
        return answer

    def _generate(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase | None:
        """Render the schema for this request's key into the cache (generating
        it only if no format of it has been generated yet)."""
        schema_key = self._schema_key(request)
        if schema_key in _schemas:
            response: Any = self._response_for(request, _schemas[schema_key])
        else:
            response = super().get(request, *args, **kwargs)
            if response.status_code != 200:
                return response  # type: ignore[no-any-return]
            _schemas[schema_key] = response.data
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        response.render()
        _rendered[(schema_key, str(request.accepted_media_type))] = (
            response.content,
            response["Content-Type"],
            response.get("Content-Disposition", ""),
        )
        return None

    def _response_for(self, request: Request, data: Any) -> Response:
        version = self._schema_key(request)[1]
        return Response(
            data=data,
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )


def schema_warm() -> float:
    """Generate and render the schema the docs page asks for (the default
    language, JSON), as a request would; return the seconds it took."""
    start = time.perf_counter()
    request = APIRequestFactory().get(
        "/api/v1/schema/", HTTP_ACCEPT="application/json, application/yaml"
    )
    with translation.override(settings.LANGUAGE_CODE):
        response = CachedSpectacularAPIView.as_view()(request)
    if response.status_code != 200:
        logger.warning("API schema warm-up answered %s", response.status_code)
    return time.perf_counter() - start


def schema_warm_in_background() -> threading.Thread:
    """Start ``schema_warm`` in a daemon thread (a web worker's start)."""

    def run() -> None:
        try:
            logger.info("API schema ready in %.2f s", schema_warm())
        except Exception:  # a failed warm-up only means the first visitor waits
            logger.exception("API schema warm-up failed")

    thread = threading.Thread(target=run, name="api-schema-warm", daemon=True)
    thread.start()
    return thread
