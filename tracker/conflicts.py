"""Write conflicts between people acting at once (PostgreSQL).

When two transactions wait for each other's locks, PostgreSQL ends one of
them with a deadlock error (40P01) after ``deadlock_timeout``; a serialization
failure (40001) is the same kind of answer. The transaction it ends is rolled
back entirely, so nothing of it stays and doing it again is safe:
``retry_on_conflict`` does that for a whole service call, a few times. What
still fails is answered by ``WriteConflictMiddleware`` with 409 and a Chinese
"nothing was saved, please try again" instead of a 500.

Most such conflicts come from the locks every write takes in the same few
places — the task row, its tallies (reporting.tally_sql), the audit chain
(audit.services) — in different orders; see
tests/tracker/test_tally_concurrency.py for people writing at once.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# deadlock_detected, serialization_failure
CONFLICT_STATES = frozenset({"40P01", "40001"})
ATTEMPTS = 4

P = ParamSpec("P")
R = TypeVar("R")


def is_write_conflict(error: BaseException) -> bool:
    """Whether the database ended the transaction only because of another one."""
    cause = error.__cause__ if error.__cause__ is not None else error
    return getattr(cause, "sqlstate", None) in CONFLICT_STATES


def retry_on_conflict(function: Callable[P, R]) -> Callable[P, R]:
    """Call ``function`` again (up to ``ATTEMPTS`` in all) when the database
    ended its transaction for a conflict. Only the outermost transaction can
    be redone: called inside another one, the error goes up to it."""

    @functools.wraps(function)
    def retried(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except DatabaseError as error:
                if (
                    attempt == ATTEMPTS
                    or connection.in_atomic_block
                    or not is_write_conflict(error)
                ):
                    raise
                logger.warning(
                    "write conflict in %s (attempt %d of %d), doing it again: %s",
                    function.__qualname__,
                    attempt,
                    ATTEMPTS,
                    str(error).splitlines()[0],
                )
                # Apart, so that the two do not meet again at once.
                time.sleep(random.uniform(0.005, 0.05) * attempt)  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover

    return retried


class WriteConflictMiddleware:
    """A conflict that outlived its retries is the user's to try again: 409,
    in their language, with nothing saved (the transaction was rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not isinstance(exception, DatabaseError) or not is_write_conflict(exception):
            return None
        logger.warning("write conflict answered 409: %s %s", request.method, request.path)
        message = _("有人同时在办理相关事项，本次操作未保存。请稍后重试。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=409)
        return HttpResponse(
            render_to_string("400.html", {"message": message, "status": 409}, request),
            status=409,
        )
