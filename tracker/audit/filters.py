"""The audit event filter, shared by the audit page, its CSV export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tracker.audit.models import AuditAction, AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("操作"), field_name="action", choices=AuditAction.choices, empty_label=_("全部")
    )
    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    object_type = django_filters.CharFilter(label=_("对象类型"), field_name="object_type")
    object_id = django_filters.CharFilter(label=_("对象编号"), field_name="object_id")
    since = django_filters.DateFilter(
        label=_("起始日期"), field_name="created_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("截止日期"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_actor(
        self, queryset: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_name__icontains=value) | Q(actor__username=value))
