"""The supervisor's audit page: filter the events and export them as CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tracker.audit.filters import AuditEventFilter
from tracker.audit.models import AuditEvent
from tracker.audit.selectors import deny
from tracker.audit.sentences import audit_sentence
from tracker.audit.services import audit_export_events
from tracker.org.models import Department

CSV_COLUMNS = [
    ("id", "编号"),
    ("created_at", "时间"),
    ("actor_name", "操作人"),
    ("actor_role", "角色"),
    ("actor_department", "所在单位"),
    ("action", "操作"),
    ("object_type", "对象类型"),
    ("object_id", "对象编号"),
    ("object_repr", "对象"),
    ("before", "变更前"),
    ("after", "变更后"),
    ("ip_address", "IP 地址"),
    ("hash", "哈希"),
]


def _require_supervisor(request: HttpRequest) -> None:
    if not getattr(request.user, "is_supervisor", False):
        deny(
            actor=request.user,
            attempted="audit_view",
            message=_("只有督办管理员可以查看审计日志。"),
            object_type="audit.auditevent",
            request=request,
        )


def audit_list(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    events = AuditEventFilter(request.GET, queryset=AuditEvent.objects.order_by("-id"))
    page = Paginator(events.qs, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    names = dict(Department.objects.values_list("id", "name"))
    rows = [(event, audit_sentence(event, names)) for event in page]
    return render(
        request,
        "audit/audit_list.html",
        {"filter": events, "page": page, "rows": rows, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _require_supervisor(request)
    events = audit_export_events(actor=request.user, params=request.GET, request=request)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([label for _name, label in CSV_COLUMNS])
        for event in events.iterator(chunk_size=2000):
            values = []
            for name, _label in CSV_COLUMNS:
                value = getattr(event, name)
                if name == "created_at":
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
                values.append("" if value is None else value)
            yield writer.writerow(values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition_header(True, f"audit-{stamp}.csv")
    response["X-Content-Type-Options"] = "nosniff"
    return response
