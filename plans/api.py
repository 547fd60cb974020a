"""/api/v1/reports/: imported reports; multipart upload → preview; confirm → tasks.

Who sees which report is ``Report.objects.visible_to`` (as on the report page): supervisors
and leaders every report, anybody else the reports in which they have a visible task, with
only the items and tasks their own tasks reach. Only supervisors upload and confirm. Upload
and confirm call the same services as the web pages.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from plans.models import PlanItem, Report
from plans.services import (
    MARK_KINDS,
    ReportImportError,
    link_pairs,
    links_apply,
    preview_load,
    preview_mark,
    report_import,
    report_preview,
)
from tracker.org.models import Department, User
from tracker.tasks.models import Task


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "body",
            "order",
            "source_paragraph",
            "source_locator",
        ]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "organization",
            "report_year",
            "plan_year",
            "issued_on",
            "source_name",
            "source_format",
            "content_sha256",
            "warnings",
            "imported_at",
        ]


class ReportDetailSerializer(ReportSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    task_ids = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "outline", "paragraphs", "items", "task_ids"]

    def get_task_ids(self, report: Report) -> list[int]:
        return [task.pk for task in report.tasks.all()]  # prefetched: the visible ones only


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="年度报告（.txt、.html、.docx、文字版 .pdf）、任务分工表（.docx、.xlsx）或会议纪要"
    )


class TaskRowSerializer(serializers.Serializer):
    """One task to create. ``key`` names a proposal of the preview whose values are the defaults;
    a row without ``key`` is a new task (e.g. one half of a split) and needs kind and title."""

    key = serializers.CharField(required=False)
    include = serializers.BooleanField(required=False, default=True)
    kind = serializers.ChoiceField(choices=["plan", "problem"], required=False)
    title = serializers.CharField(required=False, max_length=500)
    body = serializers.CharField(required=False, allow_blank=True)
    source_paragraph = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    lead_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), required=False, allow_null=True
    )
    cooperating_departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.active(), many=True, required=False
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    milestones = serializers.ListField(
        child=inline_serializer(
            "ImportMilestone",
            {"title": serializers.CharField(max_length=300), "due_on": serializers.DateField()},
        ),
        required=False,
        help_text="时间节点；省略时取预览中从分阶段时限识别出的节点",
    )
    remember_lead = serializers.BooleanField(
        required=False, help_text="把该行文中写明的牵头单位名称记为所选牵头单位（以后导入自动对应）"
    )
    remember_cooperating = serializers.BooleanField(
        required=False,
        help_text="把该行文中唯一未识别的配合单位名称记为另选的那一个配合单位（以后导入自动对应）",
    )


class ReportMarkSerializer(serializers.Serializer):
    preview_token = serializers.CharField()
    start = serializers.IntegerField(min_value=0, help_text="第一段的 index（预览 paragraphs 中）")
    end = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="最后一段的 index（省略时同 start）"
    )
    kind = serializers.ChoiceField(
        choices=list(MARK_KINDS.items()),
        help_text="plan 工作打算部分 / problems 存在问题部分 / plan-item 一项工作计划 / "
        "problem 一个问题 / unmark 不生成任务",
    )


class LinkDecisionSerializer(serializers.Serializer):
    pair = serializers.IntegerField(help_text="预览 link_proposals 中的 pair 编号（从 0 起）")
    accept = serializers.BooleanField(help_text="true 确认关联（导入时保存），false 不关联")


class ReportConfirmSerializer(serializers.Serializer):
    preview_token = serializers.CharField()
    tasks = TaskRowSerializer(many=True, required=False, help_text="省略时按预览中的建议全部创建")
    links = LinkDecisionSerializer(
        many=True,
        required=False,
        help_text="对预览中关联建议（整改任务—工作计划）的决定；未列出的建议不关联",
    )
    assign = serializers.BooleanField(default=False, help_text="直接交办（否则为待交办）")


PreviewSchema = inline_serializer(
    "ReportPreview",
    {
        "title": serializers.CharField(allow_null=True),
        "organization": serializers.CharField(allow_null=True),
        "report_year": serializers.IntegerField(allow_null=True),
        "plan_year": serializers.IntegerField(allow_null=True),
        "issued_on": serializers.DateField(allow_null=True),
        "plan_section": serializers.JSONField(allow_null=True),
        "problem_section": serializers.JSONField(allow_null=True),
        "outline": serializers.JSONField(),
        "warnings": serializers.ListField(child=serializers.CharField()),
        "content_sha256": serializers.CharField(),
        "paragraphs": serializers.JSONField(),
        "proposals": serializers.JSONField(),
        "link_proposals": serializers.JSONField(
            help_text="整改任务与工作计划的关联建议：pair、problem、plan（行 key）、reason、accept"
        ),
        "already_imported": serializers.IntegerField(allow_null=True),
        "preview_token": serializers.CharField(),
    },
)
ConfirmResultSchema = inline_serializer(
    "ReportConfirmResult",
    {
        "report": serializers.IntegerField(),
        "created": serializers.BooleanField(),
        "tasks": serializers.ListField(child=serializers.IntegerField()),
        "links": serializers.ListField(
            child=serializers.ListField(child=serializers.IntegerField()),
            help_text="保存的关联：[整改任务 id, 工作计划任务 id]",
        ),
        "summary": serializers.CharField(),
    },
)
ErrorSchema = inline_serializer("ReportImportErrorBody", {"detail": serializers.CharField()})


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """年度报告：导入的报告及其条目。"""

    queryset = Report.objects.none()  # for the schema; get_queryset decides
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Report]:
        user = cast(User, self.request.user)
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        reports = Report.objects.visible_to(user).order_by("-imported_at", "-id")
        if self.action == "retrieve":
            reports = reports.prefetch_related(
                Prefetch("items", queryset=PlanItem.objects.visible_to(user)),
                Prefetch("tasks", queryset=Task.objects.visible_to(user).order_by("id")),
            )
        return reports

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "retrieve":
            return ReportDetailSerializer
        if self.action == "create":
            return ReportUploadSerializer
        if self.action == "confirm":
            return ReportConfirmSerializer
        if self.action == "mark":
            return ReportMarkSerializer
        return ReportSerializer

    def _require_supervisor(self) -> None:
        if not cast(User, self.request.user).is_supervisor:
            raise NotFound

    @extend_schema(
        summary="上传报告并预览（不写入）",
        request={"multipart/form-data": ReportUploadSerializer},
        responses={200: PreviewSchema, 400: ErrorSchema},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._require_supervisor()
        serializer = ReportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            preview = report_preview(
                data=upload.read(), filename=upload.name, user=cast(User, request.user)
            )
        except ReportImportError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        # The paragraphs (index, text, locator) are what a client marks by index (mark/).
        return Response(preview)

    @extend_schema(
        summary="人工标记预览中的段落，重新生成这些段落的拟建任务（不写入数据库）",
        request=ReportMarkSerializer,
        responses={
            200: inline_serializer(
                "ReportMarkResult",
                {
                    "proposals": serializers.JSONField(),
                    "markings": serializers.JSONField(),
                    "link_proposals": serializers.JSONField(),
                },
            ),
            400: ErrorSchema,
        },
    )
    @action(detail=False, methods=["post"])
    def mark(self, request: Request) -> Response:
        self._require_supervisor()
        serializer = ReportMarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = cast(User, request.user)
        try:
            preview = preview_load(token=data["preview_token"], user=user)
            rows = preview_mark(
                preview=preview,
                rows=preview.get("proposals") or [],
                start=data["start"],
                end=data.get("end"),
                kind=data["kind"],
                user=user,
            )
        except ReportImportError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "proposals": rows,
                "markings": preview.get("markings") or [],
                "link_proposals": link_pairs(rows),
            }
        )

    @extend_schema(
        summary="确认导入：创建报告与任务（同一内容重复确认不会新建）",
        request=ReportConfirmSerializer,
        responses={
            201: ConfirmResultSchema,
            200: OpenApiResponse(ConfirmResultSchema, description="该报告已导入，未新建内容"),
            400: ErrorSchema,
        },
    )
    @action(detail=False, methods=["post"])
    def confirm(self, request: Request) -> Response:
        self._require_supervisor()
        serializer = ReportConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            preview = preview_load(token=data["preview_token"], user=cast(User, request.user))
            # Accepted links are decided on the preview's rows, before the overrides copy them.
            preview["proposals"] = links_apply(
                rows=preview.get("proposals") or [], links=data.get("links") or []
            )
            rows = _rows(preview, data.get("tasks"))
            result = report_import(
                user=cast(User, request.user),
                preview=preview,
                rows=rows,
                assign=data["assign"],
                request=request._request,
            )
        except ReportImportError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "report": result.report.pk,
            "created": result.created,
            "tasks": [task.pk for task in result.tasks],
            "links": [[link.problem_task_id, link.plan_task_id] for link in result.links],
            "summary": result.summary(),
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else 200)


def _rows(preview: dict[str, Any], overrides: list[dict[str, Any]] | None) -> list[dict] | None:
    """The preview's proposals with the client's overrides applied (None: take them all)."""
    if overrides is None:
        return None
    proposals = {row["key"]: row for row in preview.get("proposals", [])}
    rows = []
    for position, override in enumerate(overrides, start=1):
        key = override.get("key")
        if key is not None and key not in proposals:
            raise ReportImportError(f"第 {position} 项的 key 不存在：{key}")
        row = dict(proposals[key]) if key is not None else {"include": True}
        for name, value in override.items():
            if name == "lead_department":
                row[name] = value.pk if value is not None else None
            elif name == "cooperating_departments":
                row[name] = [d.pk for d in value]
            else:
                row[name] = value
        if key is None:
            if not row.get("kind") or not row.get("title"):
                raise ReportImportError(f"第 {position} 项缺少 kind 或 title。")
            row.setdefault("due_on", proposals and next(iter(proposals.values()))["due_on"])
            row.setdefault("source_locator", "")
        rows.append(row)
    return rows
