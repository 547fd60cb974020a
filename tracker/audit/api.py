"""The audit trail through the API: read-only, supervisors and leaders only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from tracker.audit.filters import AuditEventFilter
from tracker.audit.models import AuditEvent
from tracker.audit.selectors import deny


class SupervisorOrLeader(permissions.BasePermission):
    message = "只有督办管理员和厅领导可以查看审计日志。"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not user.sees_everything:
            deny(
                actor=user,
                attempted="audit_api",
                message=self.message,
                object_type="audit.auditevent",
                request=request._request,
            )
        return True


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "actor_role",
            "actor_department",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "ip_address",
            "prev_hash",
            "hash",
        ]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """审计日志（只读，仅督办管理员、厅领导）。"""

    serializer_class = AuditEventSerializer
    permission_classes = [permissions.IsAuthenticated, SupervisorOrLeader]
    filterset_class = AuditEventFilter

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.order_by("-id")
