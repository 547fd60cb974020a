"""Input of the task actions on the API (the pages use ``tracker.tasks.forms``).

Each is named by an entry of ``tracker.tasks.actions.ACTIONS``; a field left
out gets the default the service expects, so the registry can map fields to
keyword arguments without special cases. ``version`` is the optimistic lock.
"""

from __future__ import annotations

from rest_framework import serializers

from tracker.org.models import Department, User


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
