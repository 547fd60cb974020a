"""REST resource ``instructions``: the 批示件 register; leaders create a task from one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.supervision.models import Instruction, InstructionKind
from tracker.supervision.services import instruction_create_task, instructions_visible_to
from tracker.tasks.api import call_service


class InstructionSerializer(serializers.ModelSerializer[Instruction]):
    leader_name = serializers.CharField(source="leader.display_name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Instruction
        fields = [
            "id",
            "task",
            "leader",
            "leader_name",
            "kind",
            "kind_display",
            "text",
            "issued_on",
            "report_due_on",
            "status",
            "status_display",
            "reported_at",
            "report",
        ]
        read_only_fields = fields


class InstructionTaskSerializer(serializers.Serializer[None]):
    """根据批示新建任务."""

    title = serializers.CharField(max_length=500)
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=InstructionKind.choices, default=InstructionKind.HANDLE)
    issued_on = serializers.DateField(required=False, allow_null=True)
    report_due_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class InstructionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """批示件：领导批示及其落实情况（按任务可见范围）。"""

    serializer_class = InstructionSerializer
    filterset_fields = ["status", "kind", "task"]

    def get_queryset(self) -> QuerySet[Instruction]:
        if getattr(self, "swagger_fake_view", False):
            return Instruction.objects.none()
        return instructions_visible_to(self.request.user).order_by(  # type: ignore[arg-type]
            "-issued_on", "-id"
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "create":
            return InstructionTaskSerializer
        return InstructionSerializer

    def create(self, request: Request) -> Response:
        """厅领导根据批示新建任务（待交办），批示随任务登记。"""
        data = InstructionTaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        instruction = call_service(
            instruction_create_task, actor=request.user, request=request, **data.validated_data
        )
        return Response(InstructionSerializer(instruction).data, status=status.HTTP_201_CREATED)
