"""Bench only: say on each response whether the dashboard memo answered it.

Loaded by ``bench/web_settings.py`` (the settings bench_web.py serves with),
never by ``tracker.settings``: production carries none of this. The
middleware wraps ``snapshot_memo`` where the dashboards call it, and a
response whose request went through it gets ``X-Bench-Memo: hit`` (answered
from the memo) or ``miss`` (computed, the build ran). Requests that did not
reach the memo get no header.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Bench-Memo"

_state = threading.local()


def _probe(original: Callable[..., Any]) -> Callable[..., Any]:
    def snapshot_memo(key: tuple[Hashable, ...], build: Callable[[], Any]) -> Any:
        built = False

        def counted() -> Any:
            nonlocal built
            built = True
            return build()

        value = original(key, counted)
        _state.outcome = "miss" if built else "hit"
        return value

    snapshot_memo.probed = True  # type: ignore[attr-defined]
    return snapshot_memo


def _install() -> None:
    # The views imported the function by name: replace it where they hold it.
    from tracker.reporting import api, memo, views

    for module in (memo, api, views):
        current = module.snapshot_memo
        if not getattr(current, "probed", False):
            module.snapshot_memo = _probe(current)


class MemoProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        _install()
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        _state.outcome = None
        response = self.get_response(request)
        if _state.outcome:
            response[HEADER] = _state.outcome
        return response
