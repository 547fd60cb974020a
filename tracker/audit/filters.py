"""The audit event filter, shared by the audit page, its CSV export and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tracker.audit.models import AuditAction, AuditEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditEventFilter(django_filters.FilterSet):
    # Any action name is accepted (the API filters by it); the page offers a menu.
    action = django_filters.CharFilter(
        label=_("操作"),
        field_name="action",
        widget=forms.Select(choices=[("", _("全部"))] + AuditAction.choices),
    )
    actor = django_filters.CharFilter(label=_("操作人"), method="filter_actor")
    object_type = django_filters.CharFilter(label=_("对象类型"), field_name="object_type")
    object_id = django_filters.CharFilter(label=_("对象编号"), field_name="object_id")
    since = django_filters.DateFilter(
        label=_("起始日期"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label=_("截止日期"), field_name="created_at", lookup_expr="date__lte", widget=DATE
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
