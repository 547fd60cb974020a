"""Reading the warning-light thresholds once per request (not once per task)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

_local = threading.local()
# Outside a request (shell, jobs) a value is trusted this long.
TTL_SECONDS = 30.0


def light_thresholds() -> tuple[float, float]:
    """(yellow, orange) as shares of the time left, e.g. (0.30, 0.15)."""
    cached: tuple[float, float, float] | None = getattr(_local, "value", None)
    if cached is not None and cached[2] > time.monotonic():
        return cached[0], cached[1]
    from django.db import connections

    from tracker.setup.models import LightPolicy

    # One fixed statement (the row with id 1, as ``filter(pk=1)…first()`` read it):
    # the ORM's query was ~800 function calls of every page that shows a light.
    table = connections[LightPolicy.objects.db].ops.quote_name(LightPolicy._meta.db_table)
    try:
        with connections[LightPolicy.objects.db].cursor() as cursor:
            cursor.execute(
                f"SELECT yellow_percent, orange_percent FROM {table} WHERE id = 1"  # noqa: S608
            )
            row = cursor.fetchone()
    except DatabaseError:  # before migrate
        row = None
    if row is None:
        value = (settings.WARNING_LIGHT_YELLOW, settings.WARNING_LIGHT_ORANGE)
    else:
        value = (row[0] / 100, row[1] / 100)
    _local.value = (*value, time.monotonic() + TTL_SECONDS)
    return value


def forget_thresholds() -> None:
    _local.value = None


class ThresholdsPerRequestMiddleware:
    """Each request reads the thresholds afresh (at most once), so a change
    made in one web worker is seen by the next request to any worker."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forget_thresholds()
        return self.get_response(request)
