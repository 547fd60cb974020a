"""The OpenAPI schema, generated once per process and language.

Generating it walks every endpoint and takes 1–2 s on a 2-core server; the
docs page waited for that on every visit. The schema only changes with the
code, so each web worker keeps the one it generated.
"""

from __future__ import annotations

import threading
from typing import Any

from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

_schemas: dict[tuple[str, str | None], dict[str, Any]] = {}
_lock = threading.Lock()


class CachedSpectacularAPIView(SpectacularAPIView):
    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (get_language() or "", version)
        with _lock:
            schema = _schemas.get(key)
            if schema is None:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                schema = generator.get_schema(request=request, public=self.serve_public)
                _schemas[key] = schema
        return Response(
            data=schema,  # renderers only read it
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )
