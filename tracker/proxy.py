"""Requests that come through a reverse proxy (nginx): who the client really is.

``X-Forwarded-For``, ``X-Forwarded-Proto`` and ``X-Request-ID`` are believed only when the
request's own peer (``REMOTE_ADDR``) is one of ``TRUSTED_PROXIES`` (addresses or networks).
Anybody else could write those headers themselves, so ``ProxyHeadersMiddleware`` removes them
from such requests before anything reads them. ``client_address`` is the one answer to "which
address did this come from", used by the audit trail and by django-axes' lockout.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REQUEST_ID")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in proxies)


def is_trusted_proxy(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: the last ``X-Forwarded-For`` hop that is not a trusted proxy when
    the peer is a trusted proxy, else the peer itself."""
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: keep what we know for sure
        if not is_trusted_proxy(hop):
            return hop
    return peer


class ProxyHeadersMiddleware:
    """First in MIDDLEWARE: drop forwarded headers that did not come from a trusted proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
