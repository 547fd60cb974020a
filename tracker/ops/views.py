"""/healthz, /readyz and /metrics: for load balancers, monitoring and Prometheus."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tracker.ops.services import readiness
from tracker.proxy import client_address
from tracker.version import __version__

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive and answers; touches nothing else."""
    return JsonResponse({"status": "ok", "version": __version__})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """503 unless the database, broker, media, migrations and the background jobs are fine."""
    checks = readiness()
    ready = all(check["ok"] for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "fail", "version": __version__, "checks": checks},
        status=200 if ready else 503,
        json_dumps_params={"ensure_ascii": False},
    )
    if not ready:
        # A probe polls this every few seconds: one warning line each, not an ADMINS e-mail
        # per probe (Django logs every 5xx as an error on django.request, which mails ADMINS).
        failing = ", ".join(name for name, check in checks.items() if not check["ok"])
        logger.warning("readyz 503: %s", failing)
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, only when PROMETHEUS_METRICS is on and only to METRICS_ALLOWED_IPS."""
    if (
        not settings.PROMETHEUS_METRICS
        or client_address(request) not in settings.METRICS_ALLOWED_IPS
    ):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
