"""Input of the task actions on the API (the pages use ``tracker.tasks.forms``).

Each is named by an entry of ``tracker.tasks.actions.ACTIONS``; a field left
out gets the default the service expects, so the registry can map fields to
keyword arguments without special cases. ``version`` is the optimistic lock.
"""

from __future__ import annotations

from rest_framework import serializers

from tracker.notifications.models import ReportCycle
from tracker.org.models import Department, User
from tracker.supervision.models import InstructionKind


class AssignSerializer(serializers.Serializer):
    lead_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.active())
    cooperating_departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), many=True, default=list
    )
    due_on = serializers.DateField(required=False, default=None)
    version = serializers.IntegerField(required=False, default=None)


class BulkAssignSerializer(serializers.Serializer):
    tasks = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    lead_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.active())
    cooperating_departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), many=True, required=False
    )
    due_on = serializers.DateField()


class ResponsibleSerializer(serializers.Serializer):
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    version = serializers.IntegerField(required=False, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False, default=None)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, default=None)


class ExtendSerializer(serializers.Serializer):
    requested_due_on = serializers.DateField()
    reason = serializers.CharField()


class DecideExtensionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SplitSerializer(serializers.Serializer):
    departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), many=True
    )
    due_on = serializers.DateField(required=False, default=None)


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField()


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    # 销号 of a task under 100 % must be confirmed.
    confirm_incomplete = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(required=False, default=None)


class UrgeSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class InstructSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=InstructionKind.choices, default=InstructionKind.HANDLE)
    report_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()


class CompleteMilestoneSerializer(serializers.Serializer):
    milestone = serializers.IntegerField()
    note = serializers.CharField()


class FeedbackSerializer(serializers.Serializer):
    cycle = serializers.ChoiceField(choices=ReportCycle.choices, allow_blank=True)
    day = serializers.IntegerField(min_value=1, max_value=28)
