"""Request types shared by the views of every app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from tracker.org.models import User

    class AuthedRequest(HttpRequest):
        """A request of a logged-in user (LoginRequiredMiddleware guards every view)."""

        user: User

else:
    AuthedRequest = HttpRequest

__all__ = ["AuthedRequest"]
