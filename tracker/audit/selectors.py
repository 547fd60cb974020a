"""Finding what a user may see, and refusing the rest on the record.

``get_visible_or_404`` is the one way pages and API endpoints look an object
up by id: the caller passes the queryset its visibility rule allows
(``Task.objects.visible_to(user)``, …); an id that exists outside it is an
audited denial, and both answer the same 404, so nobody learns which ids
exist. ``deny`` audits a refused attempt and raises ``PermissionDenied``.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record

M = TypeVar("M", bound=models.Model)


def _attempt(attempted: str, request: HttpRequest | None) -> dict[str, str]:
    after = {"attempted": attempted}
    if request is not None:
        after["path"] = request.path[:200]
    return after


def primary_key(model: type[models.Model], pk: object) -> Any:
    """``pk`` as the model's primary key, or None if it cannot be one (text
    for an integer key, an integer past the column's range, a malformed UUID)."""
    try:
        key = model._meta.pk.to_python(pk)  # type: ignore[union-attr]
    except (ValidationError, TypeError, ValueError):
        return None
    if isinstance(key, int) and not 0 < key < 2**63:
        return None
    return key


def get_visible_or_404(
    visible: models.QuerySet[M],
    pk: object,
    *,
    actor: Any,
    attempted: str,
    message: str,
    request: HttpRequest | None = None,
) -> M:
    """The object with this ``pk`` among ``visible``; otherwise ``Http404``
    with ``message`` (DRF answers it as a JSON 404 with that detail)."""
    model = visible.model
    key = primary_key(model, pk)
    found = visible.filter(pk=key).first() if key is not None else None
    if found is None:
        if key is not None and model._default_manager.filter(pk=key).exists():
            audit_record(
                action=AuditAction.PERMISSION_DENIED,
                actor=actor,
                object_type=model._meta.label_lower,
                object_id=str(pk),
                after=_attempt(attempted, request),
                request=request,
            )
        raise Http404(message)
    return found


def deny(
    *,
    actor: Any,
    attempted: str,
    message: str,
    obj: models.Model | None = None,
    object_type: str = "",
    request: HttpRequest | None = None,
) -> NoReturn:
    """Record a refused attempt and refuse it (403)."""
    audit_record(
        action=AuditAction.PERMISSION_DENIED,
        actor=actor,
        obj=obj,
        object_type=object_type,
        after=_attempt(attempted, request),
        request=request,
    )
    raise PermissionDenied(message)
