"""REST resource ``notifications``: the user's own in-app messages, and ``read``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.notifications.models import Notification
from tracker.notifications.selectors import inbox
from tracker.notifications.services import notifications_mark_read
from tracker.tasks.api import visible_or_404


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "task", "subject", "body", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """消息中心：只返回当前用户自己的站内消息。"""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        items = inbox(self.request.user).order_by("-created_at", "-id")
        if self.request.query_params.get("unread"):
            items = items.filter(read_at__isnull=True)
        return items

    def get_object(self) -> Notification:
        # Anybody else's message: 404, and the attempt on the record.
        return visible_or_404(self, self.get_queryset(), _("没有这条消息。"))

    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        notifications_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_read(user=request.user)})
