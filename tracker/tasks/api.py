"""REST API for departments, users, tasks, progress and evidence (/api/v1/).

Every queryset goes through ``Task.objects.visible_to``: another division's
task answers 404. Actions call the same services as the pages. Errors are
JSON with a Chinese ``detail``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, cast

from django.core.exceptions import TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.db.models.manager import BaseManager
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.audit.selectors import get_visible_or_404, primary_key
from tracker.evidence import services as evidence_services
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.setup.thresholds import light_thresholds
from tracker.tasks import services
from tracker.tasks.actions import ACTIONS, TaskAction
from tracker.tasks.api_pagination import TaskKeysetPagination
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import Action, ProgressUpdate, Task, user_department_ids, viewer_of
from tracker.tasks.selectors import (
    Deferred,
    api_detail_task,
    api_rows,
    api_tasks,
    api_visible,
    api_visible_task,
)
from tracker.tasks.serializers import BulkAssignSerializer, ReasonSerializer


class ActionRefused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("操作被拒绝。")
    default_code = "refused"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("文件过大。")
    default_code = "too_large"


class NotAllowed(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("您无权执行该操作。")
    default_code = "not_allowed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("该任务已被他人修改，请刷新后重试。")
    default_code = "conflict"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误或条件不满足（中文说明）"),
    403: OpenApiResponse(ErrorSerializer, description="当前状态下您不能执行该操作"),
    404: OpenApiResponse(ErrorSerializer, description="任务不存在或无权查看"),
    409: OpenApiResponse(
        ErrorSerializer,
        description="任务已被他人修改（乐观锁冲突），或与他人同时办理而未保存（可重试）",
    ),
}


def visible_or_404(view: Any, queryset: QuerySet[Any], message: Any) -> Any:
    """The object if visible (and allowed by the view's object permissions)."""
    found = get_visible_or_404(
        queryset,
        view.kwargs.get("pk"),
        actor=view.request.user,
        attempted=view.action or "api",
        message=message,
        request=view.request._request,
    )
    view.check_object_permissions(view.request, found)
    return found


def call_service(function: Any, **kwargs: Any) -> Any:
    """Run a service and turn its ValidationError into a JSON error."""
    try:
        return function(**kwargs)
    except services.StaleVersion as error:
        raise Conflict(" ".join(error.messages)) from None
    except services.ActionNotAllowed as error:
        raise NotAllowed(" ".join(error.messages)) from None
    except DjangoValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None


# -- departments and users ----------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "parent", "order", "is_active"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """单位（树形）：只读。"""

    serializer_class = DepartmentSerializer
    queryset = Department.objects.all()
    filterset_fields = ["parent", "is_active"]


class UserSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "department", "title", "is_liaison"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """人员：督办管理员和厅领导看到全部，其他人看到本处室（及下级）的人员。"""

    serializer_class = UserSerializer
    filterset_fields = ["department", "role"]

    queryset = User.objects.none()

    def get_queryset(self) -> QuerySet[User]:
        user = cast(User, self.request.user)
        if getattr(self, "swagger_fake_view", False) or not user.is_authenticated:
            return User.objects.none()
        people = User.objects.filter(is_active=True).select_related("department")
        if user.sees_everything:
            return people
        return people.filter(department_id__in=user_department_ids(user))


# -- tasks --------------------------------------------------------------------


class TaskListSerializer(serializers.ListSerializer):
    """A page of tasks: ``represent_tasks`` once for the page rather than the
    child's ``to_representation`` per task (with DRF's ``context`` → ``root``
    walk each time)."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        tasks = data.all() if isinstance(data, BaseManager) else data
        return represent_tasks(tasks, page_constants(cast(dict[str, Any], self.context)))


class TaskSerializer(serializers.ModelSerializer):
    lead_department_name = serializers.CharField(
        source="lead_department.name", read_only=True, default=None, allow_null=True
    )
    responsible_name = serializers.CharField(
        source="responsible.display_name", read_only=True, default=None, allow_null=True
    )
    is_overdue = serializers.SerializerMethodField()
    warning_light = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "priority",
            "status",
            "lead_department",
            "lead_department_name",
            "cooperating_departments",
            "responsible",
            "responsible_name",
            "due_on",
            "progress",
            "require_evidence",
            "extension_count",
            "report",
            "parent",
            "is_overdue",
            "warning_light",
            "allowed_actions",
            "created_at",
            "updated_at",
            "assigned_at",
            "acknowledged_at",
            "submitted_at",
            "completed_at",
            "archived_at",
            "version",
        ]
        read_only_fields = [
            "status",
            "responsible",
            "progress",
            "extension_count",
            "report",
            "parent",
            "created_at",
            "updated_at",
            "assigned_at",
            "acknowledged_at",
            "submitted_at",
            "completed_at",
            "archived_at",
        ]
        extra_kwargs = {"version": {"required": False}}
        list_serializer_class = TaskListSerializer

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A field that may not be written is refused with the reason, not
        # silently ignored (status, progress, … change through the actions).
        sent = set(getattr(self, "initial_data", {}) or {})
        refused = {
            name: [_("此字段不能直接修改，请使用相应的办理操作。")]
            for name in sorted(sent)
            if name in self.fields and self.fields[name].read_only and name != "id"
        }
        if refused:
            raise serializers.ValidationError(refused)
        return attrs

    def get_is_overdue(self, task: Task) -> bool:
        return task.is_overdue()

    def get_warning_light(self, task: Task) -> str:
        return task.warning_light()

    def get_allowed_actions(self, task: Task) -> list[str]:
        return task.allowed_actions(self.context["request"].user)

    def to_representation(self, instance: Task) -> dict[str, Any]:
        """The same dict DRF's field-by-field machinery builds (a test compares
        them), written out (``represent_tasks``): a list page serialises 50
        tasks, and the generic path cost most of its time at a million tasks
        (bench/RESULTS-web.md)."""
        return represent_tasks(
            [instance], page_constants(cast(dict[str, Any], self.context), many=False)
        )[0]


def page_constants(context: dict[str, Any], many: bool = True) -> tuple[Any, ...]:
    """What is the same for every task of a page (the user, today, the time
    zone, the user as ``allowed_actions`` reads them, the light thresholds),
    read once into the serializer's context. For one task (``many`` false) the
    thresholds are left to ``warning_light``, which reads them (a statement a
    request) only for a task whose light depends on them."""
    try:
        page: tuple[Any, ...] = context["page_constants"]
    except KeyError:
        user = context["request"].user
        page = context["page_constants"] = (
            user,
            timezone.localdate(),
            timezone.get_current_timezone(),
            viewer_of(user),
            light_thresholds() if many else None,
        )
    return page


def represent_tasks(tasks: Iterable[Task], page: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The API's representation of ``tasks`` (TaskSerializer's fields).

    Per task only what differs between tasks costs a function call
    (tests/tracker/test_list_cost.py bounds them): subscripts, slices, ``str``
    and ``+=`` rather than get, endswith, isoformat and append, and no call per
    task around the loop."""
    user, today, zone, viewer, thresholds = page
    represented: list[dict[str, Any]] = []
    for task in tasks:
        # Each timestamp as DRF's DateTimeField writes it: in the current time
        # zone, "Z" for UTC. ``str`` of a datetime is its isoformat with " "
        # for "T" (the year is always four digits).
        moments: list[str | None] = []
        for value in (
            task.created_at,
            task.updated_at,
            task.assigned_at,
            task.acknowledged_at,
            task.submitted_at,
            task.completed_at,
            task.archived_at,
        ):
            if value:
                text = str(value.astimezone(zone))
                text = text[:10] + "T" + text[11:]
                moments += [text[:-6] + "Z" if text[-6:] == "+00:00" else text]
            else:
                moments += [None]
        # The foreign keys' ids from the instance's dict (their descriptors are a
        # function call each), through them only if one is deferred.
        row = task.__dict__
        try:
            ids = (
                row["lead_department_id"],
                row["responsible_id"],
                row["report_id"],
                row["parent_id"],
            )
        except KeyError:
            ids = (task.lead_department_id, task.responsible_id, task.report_id, task.parent_id)
        lead_id, responsible_id, report_id, parent_id = ids
        # select_related's cache (TaskRows fills it), read without the descriptors.
        cached = task._state.fields_cache
        lead = cached["lead_department"] if "lead_department" in cached else task.lead_department
        responsible = cached["responsible"] if "responsible" in cached else task.responsible
        due_on = task.due_on
        represented += [
            {
                "id": task.id,
                "title": task.title,
                "description": task.description,
                "kind": task.kind,
                "priority": task.priority,
                "status": task.status,
                "lead_department": lead_id,
                "lead_department_name": lead.name if lead is not None else None,
                "cooperating_departments": task.cooperating_ids(),
                "responsible": responsible_id,
                "responsible_name": responsible.display_name if responsible is not None else None,
                "due_on": str(due_on) if due_on else None,
                "progress": task.progress,
                "require_evidence": task.require_evidence,
                "extension_count": task.extension_count,
                "report": report_id,
                "parent": parent_id,
                "is_overdue": task.is_overdue(today),
                "warning_light": task.warning_light(today, zone, thresholds),
                "allowed_actions": task.allowed_actions(user, viewer),
                "created_at": moments[0],
                "updated_at": moments[1],
                "assigned_at": moments[2],
                "acknowledged_at": moments[3],
                "submitted_at": moments[4],
                "completed_at": moments[5],
                "archived_at": moments[6],
                "version": task.version,
            }
        ]
    return represented


class ProgressSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "text", "percent", "author", "author_name", "created_at"]
        read_only_fields = ["author", "created_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.CharField(source="uploaded_by.display_name", read_only=True)
    is_withdrawn = serializers.BooleanField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = [
            "id",
            "task",
            "progress_update",
            "original_name",
            "version",
            "size",
            "sha256",
            "content_type",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "is_withdrawn",
            "withdrawn_at",
            "withdrawn_reason",
            "download_url",
        ]

    def get_download_url(self, evidence: EvidenceFile) -> str:
        return f"/api/v1/evidence/{evidence.pk}/download/"

    def to_representation(self, instance: EvidenceFile) -> dict[str, Any]:
        """The same dict DRF's field-by-field machinery builds (a test compares
        them), written out: the generic path builds the 15 fields from the model
        on every upload's answer (~2,000 function calls, a tenth of its Python)."""
        evidence = instance
        zone = timezone.get_current_timezone()
        moments: list[str | None] = []
        for value in (evidence.uploaded_at, evidence.withdrawn_at):
            if value is None:
                moments += [None]
            else:
                text = value.astimezone(zone).isoformat()  # as DRF's DateTimeField
                moments += [text[:-6] + "Z" if text[-6:] == "+00:00" else text]
        uploaded_at, withdrawn_at = moments
        return {
            "id": evidence.pk,
            "task": evidence.task_id,
            "progress_update": evidence.progress_update_id,
            "original_name": str(evidence.original_name),
            "version": int(evidence.version),
            "size": int(evidence.size),
            "sha256": str(evidence.sha256),
            "content_type": str(evidence.content_type),
            "uploaded_by": evidence.uploaded_by_id,
            "uploaded_by_name": str(evidence.uploaded_by.display_name),
            "uploaded_at": uploaded_at,
            "is_withdrawn": evidence.is_withdrawn,
            "withdrawn_at": withdrawn_at,
            "withdrawn_reason": str(evidence.withdrawn_reason),
            "download_url": self.get_download_url(evidence),
        }


PROGRESS_UPLOAD = inline_serializer(
    "ProgressUpload",
    fields={
        "text": serializers.CharField(),
        "percent": serializers.IntegerField(min_value=0, max_value=100),
        "files": serializers.ListField(child=serializers.FileField(), required=False),
    },
)
EVIDENCE_UPLOAD = inline_serializer(
    "EvidenceUpload",
    fields={"files": serializers.ListField(child=serializers.FileField())},
)


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """督办任务。筛选参数与任务列表页相同（status, lead_department, department,
    overdue, due_after, due_before, report, kind, q）。"""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    pagination_class = TaskKeysetPagination
    # The list without filters is api_rows(user).order_by("due_on", "id") as
    # get_queryset writes it: its pages may come from tracker.tasks.prepared.
    prepared_list = True
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[Task]:
        user: User = self.request.user  # type: ignore[assignment]
        filters = self.prepared_filters
        if filters is not None and (filters[0] or not user.sees_everything):
            # Answered by statements compiled once (tracker.tasks.prepared):
            # built only where one does not answer.
            return cast(
                QuerySet[Task],
                Deferred(lambda: api_rows(user).order_by("due_on", "id"), Task.objects.db),
            )
        if self.action in ("list", "retrieve"):
            # Rows of only what the representation reads (selectors.api_rows): a
            # page of 50 loads no password hashes, robot keys or unused timestamps
            # and builds no model instances the generic way. Actions keep whole
            # rows: services save what they load.
            return api_rows(user).order_by("due_on", "id")
        if self.action in ("evidence", "progress") and self.request.method == "POST":
            # An upload or a progress report reads the task to check it (visible, not
            # archived, allowed: the annotations allowed_actions reads) and answers
            # with what it wrote: no joins for names nobody reads.
            return api_visible(user)
        return api_tasks(user).order_by("due_on", "id")

    @cached_property
    def prepared_filters(self) -> tuple[tuple[Any, ...], list[Any]] | None:
        """The list request's filters when statements compiled once answer it
        whole, its parameters checked as the FilterSet's form checks them
        (``prepared.api_request``); None otherwise (read once per request)."""
        # Every task, for who sees everything: nothing to leave unbuilt.
        if (
            self.action == "list"
            and self.prepared_list
            and not (
                getattr(self.request.user, "sees_everything", False)
                and self.request.query_params.keys().isdisjoint(TaskFilter.base_filters)
            )
        ):
            from tracker.tasks.prepared import api_request

            return cast(
                tuple[tuple[Any, ...], list[Any]] | None,
                api_request(self.request, TaskFilter, Task.objects.db),
            )
        return None

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if isinstance(queryset, Deferred):
            # Checked already; the FilterSet filters only if the queryset is built.
            return cast(
                QuerySet[Task],
                Deferred(
                    lambda: super(TaskViewSet, self).filter_queryset(queryset.built()),
                    queryset.db,
                ),
            )
        return super().filter_queryset(queryset)

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        # The evidence size limit must watch the upload as it streams.
        request.upload_handlers.insert(0, evidence_services.EvidenceLimitHandler(request))
        return super().initialize_request(request, *args, **kwargs)

    def get_object(self) -> Task:
        # get_queryset's read by pk from a statement compiled once per process
        # per shape of the user: api_visible(user) for an upload or a progress
        # report (~5,000 function calls of every upload), api_rows(user) for the
        # detail (~3,000). The same rule, the same row and annotations. Not
        # visible (or not prepared): the ORM's read below answers, with its
        # audited 404.
        read = None
        if self.action == "retrieve":
            read = api_detail_task
        elif self.action in ("evidence", "progress") and self.request.method == "POST":
            read = api_visible_task
        if read is not None:
            key = primary_key(Task, self.kwargs.get("pk"))
            found = None if key is None else read(cast(User, self.request.user), key)
            if found:
                self.check_object_permissions(self.request, found[0])
                return cast(Task, found[0])
        return visible_or_404(self, self.get_queryset(), _("任务不存在或您无权查看。"))

    def _task(self) -> Task:
        return self.get_object()

    def _changeable(self, action: str) -> Task:
        """The task, unless it is archived (归档: every change refused, 403, audited)."""
        task = self._task()
        if task.archived_at is not None:
            call_service(
                services.task_refuse_if_archived,
                task=task,
                actor=cast(User, self.request.user),
                action=action,
                request=self.request._request,
            )
        return task

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = call_service(
            services.task_create,
            actor=cast(User, self.request.user),
            title=data["title"],
            description=data.get("description", ""),
            kind=data.get("kind", "adhoc"),
            priority=data.get("priority", 2),
            due_on=data.get("due_on"),
            lead_department=data.get("lead_department"),
            cooperating_departments=data.get("cooperating_departments", []),
            require_evidence=data.get("require_evidence", True),
            request=self.request._request,
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self._changeable(Action.EDIT)
        serializer = self.get_serializer(task, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise ActionRefused(_("修改任务须提供 version（乐观锁版本号）。"))
        task = call_service(
            services.task_update,
            task=task,
            actor=cast(User, request.user),
            expected_version=data["version"],
            request=request._request,
            lead_department=data.get("lead_department"),
            cooperating_departments=data.get("cooperating_departments"),
            **{k: data[k] for k in services.EDITABLE_FIELDS if k in data},
        )
        return self._respond(task)

    def _respond(self, task: Task) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        request=BulkAssignSerializer, responses={200: TaskSerializer(many=True), **ERRORS}
    )
    @action(detail=False, methods=["post"], url_path="bulk-assign")
    def bulk_assign(self, request: Request) -> Response:
        """批量交办（全部成功或全部不变）。"""
        d = self._input(BulkAssignSerializer)
        tasks = list(self.get_queryset().filter(pk__in=d["tasks"]))
        if len(tasks) != len(set(d["tasks"])):
            raise exceptions.NotFound(_("部分任务不存在或您无权查看。"))
        done = call_service(
            services.task_assign_bulk,
            tasks=tasks,
            actor=cast(User, request.user),
            lead_department=d["lead_department"],
            cooperating_departments=d.get("cooperating_departments", []),
            due_on=d["due_on"],
            request=request._request,
        )
        return Response(
            self.get_serializer(
                self.get_queryset().filter(pk__in=[t.pk for t in done]), many=True
            ).data
        )

    @extend_schema(
        methods=["GET"], responses={200: ProgressSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["POST"],
        request={
            "application/json": ProgressSerializer,
            "multipart/form-data": PROGRESS_UPLOAD,
        },
        responses={201: ProgressSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def progress(self, request: Request, pk: str) -> Response:
        """进展反馈：列表与填报（JSON，或 multipart 同时附 files 佐证材料）。"""
        if request.method == "GET":
            updates = self._task().progress_updates.select_related("author")
            return Response(ProgressSerializer(updates, many=True).data)
        task = self._changeable(Action.PROGRESS)  # read once: visible, not archived
        files = self._uploaded_files(request)
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = call_service(
            services.progress_report,
            task=task,
            actor=cast(User, request.user),
            text=serializer.validated_data["text"],
            percent=serializer.validated_data["percent"],
            files=files,
            request=request._request,
        )
        return Response(ProgressSerializer(update).data, status=201)

    def _uploaded_files(self, request: Request) -> list[Any]:
        """The files of a multipart request, refusing too many or too large ones."""
        try:
            files = request.FILES.getlist("files")
        except TooManyFilesSent:
            raise ActionRefused(
                _("一次最多上传 %d 个文件。") % evidence_services.MAX_FILES_PER_REQUEST
            ) from None
        if getattr(request._request, "evidence_too_large", None) is not None:
            raise TooLarge(evidence_services.too_large_message())
        return files

    @extend_schema(
        methods=["GET"], responses={200: EvidenceSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EVIDENCE_UPLOAD},
        responses={201: EvidenceSerializer(many=True), 413: ERRORS[400], **ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        pagination_class=None,
    )
    def evidence(self, request: Request, pk: str) -> Response:
        """佐证材料：列表与上传（multipart，字段名 files，可多个）。"""
        if request.method == "GET":
            listed = (
                self._task()
                .evidence.select_related("uploaded_by")
                .order_by("original_name", "-version")
            )
            return Response(EvidenceSerializer(listed, many=True).data)
        # The task read once (visible, not archived), and asked as read for the
        # service's precheck: it was read a moment ago, with whether an extension
        # request waits (the service's transaction checks again under the row lock).
        task = self._changeable(Action.EVIDENCE)
        files = self._uploaded_files(request)
        stored = call_service(
            evidence_services.evidence_upload,
            task=task,
            actor=cast(User, request.user),
            files=files,
            request=request._request,
            fresh=True,
        )
        return Response(EvidenceSerializer(stored, many=True).data, status=201)


def _registry_endpoint(entry: TaskAction) -> Callable[..., Response]:
    """``POST /api/v1/tasks/<id>/<entry.api_path>/``: validate with the entry's
    serializer, call its service through the registry (read at request time,
    like the page), answer as the entry says."""
    name = entry.name

    def endpoint(self: TaskViewSet, request: Request, pk: str) -> Response:
        declared = ACTIONS[name]
        task = self._changeable(name)
        data: dict[str, Any] = {}
        if declared.serializer is not None:
            data = self._input(declared.serializer)
        result = call_service(
            declared.run,
            task=task,
            actor=cast(User, request.user),
            data=data,
            request=request._request,
        )
        if declared.api_result == "subtasks":
            queryset = self.get_queryset().filter(pk__in=[child.pk for child in result])
            return Response(self.get_serializer(queryset, many=True).data, status=201)
        if declared.api_result == "comment":
            return Response({"id": result.pk, "text": result.text}, status=201)
        return self._respond(task)

    responses: dict[int, Any] = {200: TaskSerializer, **ERRORS}
    if entry.api_result == "subtasks":
        responses = {201: TaskSerializer(many=True), **ERRORS}
    elif entry.api_result == "comment":
        responses = {201: OpenApiTypes.OBJECT, **ERRORS}
    endpoint.__name__ = entry.method_name
    endpoint.__doc__ = f"{entry.label}：{entry.help}" if entry.help else f"{entry.label}。"
    schema = extend_schema(request=entry.serializer, responses=responses)
    return schema(action(detail=True, methods=["post"], url_path=entry.api_path)(endpoint))


for _entry in ACTIONS.values():
    if _entry.api_path is not None:
        setattr(TaskViewSet, _entry.method_name, _registry_endpoint(_entry))


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    """佐证材料（只读）；下载须经授权并记入审计。"""

    serializer_class = EvidenceSerializer
    filterset_fields = ["task"]

    def get_queryset(self) -> QuerySet[EvidenceFile]:
        return (
            EvidenceFile.objects.filter(
                task__in=Task.objects.visible_to(cast(User, self.request.user))
            )
            .select_related("uploaded_by")
            .order_by("task", "original_name", "-version")
        )

    def get_object(self) -> EvidenceFile:
        return visible_or_404(self, self.get_queryset(), _("文件不存在或您无权查看。"))

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]}
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> HttpResponseBase:
        """下载原文件（Content-Disposition: attachment）。"""
        evidence = self.get_object()
        return evidence_services.evidence_response(
            evidence=evidence, actor=cast(User, request.user), request=request._request
        )

    @extend_schema(request=ReasonSerializer, responses={200: EvidenceSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """撤回（标记为已撤回，不删除）。"""
        evidence = self.get_object()
        if evidence.task.archived_at is not None:
            call_service(
                services.task_refuse_if_archived,
                task=evidence.task,
                actor=cast(User, request.user),
                action=Action.WITHDRAW_EVIDENCE,
                request=request._request,
            )
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = call_service(
            evidence_services.evidence_withdraw,
            evidence=evidence,
            actor=cast(User, request.user),
            reason=serializer.validated_data["reason"],
            request=request._request,
        )
        return Response(EvidenceSerializer(evidence).data)
