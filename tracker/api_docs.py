"""The API docs page: every operation of the OpenAPI schema as plain HTML.

Swagger UI (kept at /api/v1/docs/swagger/ for trying calls out) draws the
page in the browser from a 1.6 MB script and the 270 KB schema: 1–4 s on a
loaded 2-core server or a phone before anything shows (bench/bench_api_docs.py).
This page is drawn by the server from the schema it already holds
(tracker.api_schema) and cached per language, so the browser shows the
operations as soon as the HTML arrives, with no script at all.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import AUTHENTICATION_CLASSES
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from drf_spectacular.settings import spectacular_settings  # isort: skip
from tracker.api_schema import schema_document, schema_warm

logger = logging.getLogger(__name__)

METHODS = ("get", "post", "put", "patch", "delete")
_drawn: dict[str, SafeString] = {}
_drawing = threading.Lock()


def _where(location: str) -> str:
    labels = {
        "path": gettext("路径参数"),
        "query": gettext("查询参数"),
        "header": gettext("请求头"),
        "cookie": gettext("Cookie 参数"),
    }
    return labels.get(location, location)


def _ref_name(schema: dict[str, Any] | None) -> str:
    """The component a schema names (``Task``), or its type (``array of Task``)."""
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        inner = _ref_name(schema.get("items"))
        return f"[{inner}]" if inner else "array"
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _ref_name(schema["allOf"][0])
    kind = str(schema.get("type", ""))
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _body(content: dict[str, Any] | None) -> dict[str, Any] | None:
    if not content:
        return None
    schemas = {_ref_name(c.get("schema")) for c in content.values()}
    return {"types": list(content), "schema": " / ".join(sorted(s for s in schemas if s))}


def _is_error(code: str, answer: dict[str, Any]) -> bool:
    """An error answer in the common shape (listed once, named per operation)."""
    return code[:1] in "45" and (_body(answer.get("content")) or {}).get("schema") == "Error"


def error_answers(schema: dict[str, Any]) -> list[dict[str, str]]:
    """Each error code in the common shape with its meaning, once."""
    found: dict[str, str] = {}
    for item in schema.get("paths", {}).values():
        for method in METHODS:
            for code, answer in (item.get(method) or {}).get("responses", {}).items():
                if _is_error(code, answer):
                    found.setdefault(code, answer.get("description", ""))
    return [{"code": code, "description": found[code]} for code in sorted(found)]


def operations_by_tag(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema's operations grouped by their first tag, in path order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["api"])[0]
            parameters = [
                {
                    "name": p.get("name", ""),
                    "where_label": _where(p.get("in", "")),
                    "required": bool(p.get("required")),
                    "type": _ref_name(p.get("schema")),
                    "description": p.get("description", ""),
                }
                for p in [*shared, *operation.get("parameters", [])]
            ]
            request = operation.get("requestBody") or {}
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "tag": tag,
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "body": _body(request.get("content")),
                    "responses": [
                        {
                            "code": code,
                            "description": answer.get("description", ""),
                            "schema": (_body(answer.get("content")) or {}).get("schema", ""),
                        }
                        for code, answer in operation.get("responses", {}).items()
                        if not _is_error(code, answer)
                    ],
                    "errors": [
                        code
                        for code, answer in operation.get("responses", {}).items()
                        if _is_error(code, answer)
                    ],
                    "deprecated": bool(operation.get("deprecated")),
                }
            )
    return [{"name": tag, "operations": ops} for tag, ops in groups.items()]


def components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The named data structures with their fields."""
    found = []
    for name, body in schema.get("components", {}).get("schemas", {}).items():
        required = set(body.get("required", []))
        found.append(
            {
                "name": name,
                "description": body.get("description", ""),
                "enum": body.get("enum", []),
                "fields": [
                    {
                        "name": field,
                        "type": _ref_name(spec),
                        "required": field in required,
                        "read_only": bool(spec.get("readOnly")),
                        "description": spec.get("description", "") or spec.get("title", ""),
                    }
                    for field, spec in body.get("properties", {}).items()
                ],
            }
        )
    return found


def reference_html() -> SafeString:
    """The page's body for the current language, drawn once per process."""
    language = translation.get_language() or ""
    if language not in _drawn:
        with _drawing:
            if language not in _drawn:
                schema = schema_document(language)
                groups = operations_by_tag(schema)
                _drawn[language] = SafeString(
                    render_to_string(
                        "api_docs/_reference.html",
                        {
                            "info": schema.get("info", {}),
                            "groups": groups,
                            "operation_count": sum(len(g["operations"]) for g in groups),
                            "components": components(schema),
                            "errors": error_answers(schema),
                        },
                    )
                )
    return _drawn[language]


def page_warm() -> None:
    """Draw the reference and render the whole page once, as an anonymous
    request would: the first visitor of a fresh worker then finds the page's
    templates (base.html and its menu) compiled, not only the reference
    (0.3–0.6 s saved on a loaded 2-core server, bench/bench_api_docs.py)."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/api/v1/docs/")
    request.user = AnonymousUser()
    render_to_string("api_docs/reference.html", {"reference": reference_html()}, request=request)


def docs_warm_in_background() -> threading.Thread:
    """Read or generate the schema (``schema_warm``) and draw this page from it,
    in a daemon thread: what a web worker does as it starts (tracker.wsgi)."""

    def run() -> None:
        try:
            logger.info("API schema ready in %.2f s", schema_warm())
            with translation.override(settings.LANGUAGE_CODE):
                page_warm()
        except Exception:  # a failed warm-up only means the first visitor waits
            logger.exception("API schema warm-up failed")

    thread = threading.Thread(target=run, name="api-schema-warm", daemon=True)
    thread.start()
    return thread


class ApiDocsView(APIView):
    """/api/v1/docs/: who may read the schema may read this (SERVE_PERMISSIONS)."""

    renderer_classes = [TemplateHTMLRenderer]
    permission_classes = spectacular_settings.SERVE_PERMISSIONS
    authentication_classes = AUTHENTICATION_CLASSES

    # 250 KB of HTML, 16 KB compressed (Django's gzip pads each answer with
    # random bytes against BREACH; the page holds a CSRF token in its menu).
    @method_decorator(gzip_page)
    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response({"reference": reference_html()}, template_name="api_docs/reference.html")
