"""The OpenAPI schema, generated once per code version and ready before anybody asks.

Generating it walks every endpoint: 1.8–3.6 s of CPU on a 2-core server. The
schema only changes with the code, so each web worker keeps what it
generated (per language and API version) and what it rendered (per media
type).
``schema_warm`` does the generation when the worker starts (tracker.wsgi), in
a background thread, so that the first person opening the API docs after a
restart does not wait for it; a request that arrives during the warm-up
waits for that one generation instead of starting a second.

What was generated is also written to ``VAR_DIR/cache/`` under a fingerprint of
what it depends on (first-party modules and message catalogues: size and
modification time; the versions of drf-spectacular, DRF and Django;
drf-spectacular's settings), so a restarted worker reads it in milliseconds
instead of generating it again; any change makes a new fingerprint, and the
old file is simply not read. ``manage.py api_schema_build`` (a step of
installing and upgrading, deploy/README.md and deploy/UPGRADE.md) writes it at
deploy time, so even the first start after an upgrade finds it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import drf_spectacular
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
        if schema_key not in _schemas:
            stored = _read_stored(schema_key)
            if stored is not None:
                _schemas[schema_key] = stored
        if schema_key in _schemas:
            response: Any = self._response_for(request, _schemas[schema_key])
        else:
            response = super().get(request, *args, **kwargs)
            if response.status_code != 200:
                return response  # type: ignore[no-any-return]
            _schemas[schema_key] = response.data
            _store(schema_key, response.data)
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


def _fingerprint() -> str:
    """What the schema depends on: the first-party code and catalogues (size and
    modification time of each file), the versions of drf-spectacular, DRF and
    Django, drf-spectacular's settings."""
    digest = hashlib.sha256()
    import django
    import rest_framework

    for version in (drf_spectacular.__version__, rest_framework.__version__, django.__version__):
        digest.update(version.encode())
    digest.update(repr(sorted(settings.SPECTACULAR_SETTINGS.items())).encode())
    digest.update(settings.ROOT_URLCONF.encode())
    base = Path(settings.BASE_DIR)
    roots = [
        child
        for child in sorted(base.iterdir())
        if child.name != "tests" and (child / "__init__.py").exists()
    ] + [base / "locale"]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".mo")):
                    stat = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


_fingerprint_memo: list[str] = []


def stored_path(language: str, version: str | None = None) -> Path:
    return _stored_path((language, version))


def forget() -> None:
    """Empty this process's cache (the stored files stay)."""
    _schemas.clear()
    _rendered.clear()
    _fingerprint_memo.clear()


def _stored_prefix(key: SchemaKey) -> str:
    language, version = key
    return f"api-schema-{language or 'default'}-{version or 'v'}-"


def _stored_path(key: SchemaKey) -> Path:
    if not _fingerprint_memo:
        _fingerprint_memo.append(_fingerprint())
    return Path(settings.VAR_DIR) / "cache" / f"{_stored_prefix(key)}{_fingerprint_memo[0]}.json"


_reading_stored = threading.local()


def _read_stored(key: SchemaKey) -> Any:
    if not getattr(_reading_stored, "value", True):
        return None
    try:
        return json.loads(_stored_path(key).read_bytes())
    except (OSError, ValueError):
        return None


def _store(key: SchemaKey, data: Any) -> None:
    """Write the generated schema for the next start (atomically; a read-only
    or full disk only means the next start generates it again)."""
    path = _stored_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        partial.replace(path)
        for old in path.parent.glob(f"{_stored_prefix(key)}*.json"):
            if old != path:  # another version's, never read again
                old.unlink(missing_ok=True)
    except OSError:
        logger.warning("API schema not stored in %s", path.parent, exc_info=True)


def schema_document(language: str | None = None) -> dict[str, Any]:
    """The schema (as JSON data) in ``language`` (default: the current one):
    from this process's cache, the stored file, or generated once."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    key: SchemaKey = (language, None)
    if key not in _schemas:
        schema_warm(language)
    data = _schemas[key]
    if not isinstance(data, dict) or "paths" not in data:
        raise RuntimeError("API schema unavailable")
    return data


def schema_warm(language: str | None = None, *, stored: bool = True) -> float:
    """Generate (or read) and render the schema the docs pages ask for (in
    ``language``, by default the site's), as a request would; return the
    seconds it took. ``stored=False`` generates it even when a stored file
    matches (and stores the result)."""
    start = time.perf_counter()
    # JSON: what Swagger UI asks for (YAML is rendered from the same data on demand).
    request = APIRequestFactory().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    _reading_stored.value = stored
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            response = CachedSpectacularAPIView.as_view()(request)
    finally:
        _reading_stored.value = True
    if response.status_code != 200:
        logger.warning("API schema warm-up answered %s", response.status_code)
    return time.perf_counter() - start
