"""The Content-Security-Policy header built once per policy
(tracker.security.policy_header, issue #17): byte for byte django-csp's header,
under the same conditions, for every way a response can ask for one."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.functional import lazy

from tests.tracker.test_session_read import calls_of
from tracker.org.models import User
from tracker.security.policy_header import PolicyHeaderMiddleware

pytestmark = pytest.mark.django_db

HEADERS = (HEADER, HEADER_REPORT_ONLY)


def through(
    middleware: type[CSPMiddleware],
    path: str = "/tasks/",
    view: Callable[[HttpRequest], HttpResponse] | None = None,
    nonce: str | None = None,
) -> tuple[dict[str, str], HttpRequest]:
    """The CSP headers ``middleware`` sets on ``view``'s response to ``path``."""
    request = RequestFactory().get(path)

    def respond(req: HttpRequest) -> HttpResponse:
        return view(req) if view else HttpResponse("页面")

    handler = middleware(respond)
    handler.process_request(request)
    if nonce is not None:
        request._csp_nonce = nonce  # type: ignore[attr-defined]  # as a template drawing it
    response = handler.process_response(request, respond(request))
    return {h: response[h] for h in HEADERS if h in response}, request


def same_as_django_csp(**kwargs: Any) -> dict[str, str]:
    ours, request = through(PolicyHeaderMiddleware, **kwargs)
    theirs, _ = through(CSPMiddleware, **kwargs)
    assert ours == theirs
    assert [h.encode() for h in ours.values()] == [h.encode() for h in theirs.values()]
    return ours


def test_the_sites_header_is_django_csps_byte_for_byte(settings: Any) -> None:
    headers = same_as_django_csp()
    policy = headers[HEADER]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Built again after the settings change (in place or replaced), as django-csp builds it.
    settings.CONTENT_SECURITY_POLICY = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = ["'self'"]
    assert "data:" not in same_as_django_csp()[HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert same_as_django_csp() == {HEADER: "default-src 'none'"}
    settings.CONTENT_SECURITY_POLICY = None
    assert same_as_django_csp() == {}


def test_the_conditions_are_django_csps(settings: Any) -> None:
    def missing(req: HttpRequest) -> HttpResponse:
        return HttpResponse("无", status=404)

    def failing(req: HttpRequest) -> HttpResponse:
        return HttpResponse("错", status=500)

    def already(req: HttpRequest) -> HttpResponse:
        response = HttpResponse("页面")
        response[HEADER] = "default-src 'none'"
        return response

    assert same_as_django_csp(view=missing)  # DEBUG off: a 404 has the header
    assert same_as_django_csp(view=failing)
    settings.DEBUG = True
    assert same_as_django_csp(view=missing) == {} and same_as_django_csp(view=failing) == {}
    assert HEADER in same_as_django_csp()
    settings.DEBUG = False
    assert same_as_django_csp(view=already) == {HEADER: "default-src 'none'"}
    assert same_as_django_csp(view=csp_exempt()(lambda req: HttpResponse("页面"))) == {}
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/api/v1/docs/"],
    }
    assert same_as_django_csp(path="/api/v1/docs/") == {}
    assert HEADER in same_as_django_csp(path="/api/v1/tasks/")  # near miss


def test_a_report_only_policy_is_django_csps(settings: Any) -> None:
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"], "report-uri": ["/csp-report/"]},
        "EXCLUDE_URL_PREFIXES": ["/static/"],
    }
    headers = same_as_django_csp()
    assert headers[HEADER_REPORT_ONLY] == "default-src 'self'; report-uri /csp-report/"
    assert HEADER_REPORT_ONLY not in same_as_django_csp(path="/static/css/duban.css")
    # A lazy address (its value may change, the setting staying the same object):
    # django-csp's own path, every time.
    address = ["/csp-a/"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"], "report-uri": [lazy(lambda: address[0], str)()]},
    }
    assert same_as_django_csp()[HEADER_REPORT_ONLY] == "default-src 'self'; report-uri /csp-a/"
    address[0] = "/csp-b/"
    assert same_as_django_csp()[HEADER_REPORT_ONLY] == "default-src 'self'; report-uri /csp-b/"

    class Address:
        """Named the same by repr whatever it holds."""

        def __repr__(self) -> str:
            return "Address()"

        def __str__(self) -> str:
            return address[0]

    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"], "report-uri": [Address()]},
    }
    assert same_as_django_csp()[HEADER_REPORT_ONLY].endswith("report-uri /csp-b/")
    address[0] = "/csp-c/"
    assert same_as_django_csp()[HEADER_REPORT_ONLY].endswith("report-uri /csp-c/")


def test_a_views_own_policy_and_a_nonce_are_django_csps(settings: Any) -> None:
    updated = csp_update({"img-src": ["https://tiles.example.cn"]})(lambda r: HttpResponse(""))
    replaced = csp_replace({"script-src": None})(lambda r: HttpResponse(""))
    assert "tiles.example.cn" in same_as_django_csp(view=updated)[HEADER]
    assert "script-src" not in same_as_django_csp(view=replaced)[HEADER]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}
    }
    # (django-csp orders the directives as a set of strings iterates: per process.)
    with_nonce = same_as_django_csp(nonce="Zm9vYmFy")[HEADER].split("; ")
    assert sorted(with_nonce) == ["default-src 'self'", "script-src 'self' 'nonce-Zm9vYmFy'"]
    without = same_as_django_csp()[HEADER].split("; ")
    assert sorted(without) == ["default-src 'self'", "script-src 'self'"]


def test_a_nonce_asked_for_after_the_header_is_an_error() -> None:
    _, request = through(PolicyHeaderMiddleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_the_header_costs_few_calls_and_every_page_has_it(head_a: User) -> None:
    """django-csp built the header on every response (~335 function calls)."""
    request = RequestFactory().get("/tasks/")
    middleware = PolicyHeaderMiddleware(lambda req: HttpResponse(""))
    middleware.process_response(request, HttpResponse(""))  # built once
    response = HttpResponse("")
    calls = calls_of(lambda: middleware.process_response(request, response))
    assert calls <= 80, calls  # 58 here; django-csp 356
    assert "tracker.security.policy_header.PolicyHeaderMiddleware" in settings.MIDDLEWARE
    client = Client()
    client.force_login(head_a)
    expected, _ = through(CSPMiddleware)
    for path in ("/tasks/", "/api/v1/tasks/", "/login/", "/no-such-page/"):
        answer = client.get(path)
        assert answer[HEADER] == expected[HEADER], path
