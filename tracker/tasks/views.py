"""Task pages: lists, the task page with its actions, create/edit, evidence.

Every view finds tasks through ``Task.objects.visible_to`` (another
division's task is a 404) and acts through ``tracker.tasks.services``.
"""

from __future__ import annotations

import functools
from functools import partial
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import (
    ObjectDoesNotExist,
    TooManyFilesSent,
    ValidationError,
)
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tracker.archives.services import packages_visible_to
from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.selectors import deny, get_visible_or_404
from tracker.evidence import services as evidence_services
from tracker.evidence.models import EvidenceFile
from tracker.http import AuthedRequest
from tracker.tasks import forms, paging, services
from tracker.tasks.actions import ACTIONS, page_buttons, page_forms
from tracker.tasks.filters import TaskFilter, frequent_pair
from tracker.tasks.models import (
    Action,
    Status,
    Task,
    TaskQuerySet,
    user_department_ids,
)
from tracker.tasks.paging import DEFAULT_SORT, BadCursor, keyset_page, status_counts
from tracker.tasks.selectors import (
    PAGE_RELATED,
    page_prefetches,
    page_task,
    split_history,
    table_rows,
)
from tracker.tasks.selectors import Deferred as _Deferred

SCOPES = ("mine", "division", "all")
TIMELINE_HIDDEN = (AuditAction.PERMISSION_DENIED,)


def visible_task(request: AuthedRequest, pk: int, queryset: TaskQuerySet | None = None) -> Task:
    """The task if this user may see it; otherwise a 404 (and an audited denial)."""
    queryset = queryset if queryset is not None else Task.objects.all()
    return get_visible_or_404(
        queryset.visible_to(request.user),
        pk,
        actor=request.user,
        attempted="view",
        message=_("任务不存在或您无权查看。"),
        request=request,
    )


def scope_queryset(user: Any, scope: str) -> QuerySet[Task]:
    tasks = Task.objects.visible_to(user)
    if scope == "mine":
        return tasks.filter(Q(responsible=user) | Q(created_by=user) | Q(submitted_by=user))
    if scope == "division":
        ids = user_department_ids(user)
        return tasks.filter(
            Q(lead_department_id__in=ids)
            | Q(
                pk__in=Task.cooperating_departments.through.objects.filter(
                    department_id__in=ids
                ).values("task_id")
            )
        )
    return tasks


def default_scope(user: Any) -> str:
    if user.sees_everything:
        return "all"
    return "division" if user.is_head else "mine"


def task_list(request: AuthedRequest) -> HttpResponse:
    """任务列表: my / my division's / all tasks, filtered, sorted, counted by status."""
    user = request.user
    scopes = ["mine", "division"] + (["all"] if user.sees_everything else [])
    scope = request.GET.get("scope") or default_scope(user)
    if scope not in scopes:
        scope = default_scope(user)
    if request.GET.keys().isdisjoint(TaskFilter.base_filters):
        # No filter: the FilterSet would leave the scope's queryset as it is,
        # and the page, the chips' sample and the count's key come from
        # statements compiled once per process (tracker.tasks.prepared). The
        # queryset (the visibility rule's conditions: ~2,700 function calls a
        # division user's page) is built only where one of them does not answer.
        base = cast(
            QuerySet[Task], _Deferred(partial(scope_queryset, user, scope), Task.objects.db)
        )
        task_filter = TaskFilter(request.GET, queryset=base, request=request)
        valid = task_filter.is_valid()
        tasks = base if valid else base.none()
        # "mine" and "division" are always a part of the tasks (their own
        # condition); "all" (offered only to who sees everything) without a
        # filter is every task: the tallies answer it, unbuilt.
        part = scope != "all"
        whole = valid and scope == "all" and user.sees_everything
    else:
        base = scope_queryset(user, scope)
        task_filter = TaskFilter(request.GET, queryset=base, request=request)
        tasks = task_filter.qs if task_filter.is_valid() else base.none()
        part = whole = False
    if "status" in request.GET:
        # The status chips count every status: the same filter without it.
        without_status = request.GET.copy()
        without_status.pop("status", None)
        count_filter = TaskFilter(without_status, queryset=base)
        counted = count_filter.qs if count_filter.is_valid() else base.none()
    else:
        # Without a status the chips count the listed tasks (a report the user
        # may not see is refused here and would count nothing of theirs there).
        counted = tasks
    counts = status_counts(
        counted,
        exact=request.GET.get("count") == "exact",
        searched=bool(request.GET.get("q")),
        prepared=_prepared_counts(request, scope, tasks),
        part=part,
        whole=whole,
    )
    sort = request.GET.get("sort", DEFAULT_SORT)
    page_param = request.GET.get("page", "")
    # A list of the chips' count (no status chosen) that is TRUSTED_ESTIMATE
    # rows or more: a two-character 关键词 is read by its match alone
    # (filters.frequent_pair).
    frequent = counted is tasks and counts.total >= paging.TRUSTED_ESTIMATE
    # Read as rows of the columns the table (duban.task_rows) and the cursors read.
    with frequent_pair(frequent):
        try:
            page = keyset_page(
                tasks,
                sort=sort,
                cursor=request.GET.get("cursor") or None,
                page_number=int(page_param) if page_param.isdigit() else None,
                reader=table_rows,
                prepared=_prepared_page(request, scope, tasks),
            )
        except BadCursor as error:
            messages.error(request, str(error.message))
            page = keyset_page(tasks, sort=sort, reader=table_rows)
    words = _list_words(get_language())
    by_status = counts.by_status
    context = {
        "page": page,
        "filter": task_filter,
        "scope": scope,
        "scopes": [(s, words["scopes"][s]) for s in scopes],
        # The labels as text once (lazy, each was translated again in both loops).
        "status_counts": [
            (value, label, "" if by_status is None else by_status.get(value, 0))
            for value, label in words["statuses"]
        ],
        "total": counts.total,
        "count_estimated": counts.estimated,
        "query_without_cursor": _query_without(request, "cursor", "page"),
        "selected_statuses": request.GET.getlist("status"),
        "sort": sort,
        "sorts": words["sorts"],
        "query_without_scope": _query_without(request, "scope", "page", "cursor", "status"),
        "query_without_status": _query_without(request, "status", "page", "cursor"),
        "today": timezone.localdate(),
        "bulk_form": forms.BulkAssignForm(user=user) if user.is_supervisor else None,
    }
    return render(request, "tasks/task_list.html", context)


@functools.cache
def _list_words(language: str | None) -> dict[str, Any]:
    """The task list's scope, status and sort labels in ``language`` (the active
    one when asked), as text: the same for every request (~550 calls a page
    translated them). Read only: the page's context shares them."""
    return {
        "scopes": {"mine": _("我的任务"), "division": _("本处室任务"), "all": _("全部任务")},
        "statuses": tuple((value, str(label)) for value, label in Status.choices),
        "sorts": (
            ("due_on", _("完成时限（近→远）")),
            ("-due_on", _("完成时限（远→近）")),
            ("priority", _("优先级")),
            ("progress", _("进度（低→高）")),
            ("-progress", _("进度（高→低）")),
            ("updated", _("最近更新")),
            ("status", _("状态")),
        ),
    }


def _prepared_page(request: AuthedRequest, scope: str, tasks: QuerySet[Task]) -> Any:
    """The scope's pages from a query compiled once per process
    (``tracker.tasks.prepared``) when no parameter names a filter: the
    FilterSet then leaves ``scope_queryset`` as it is."""
    if not request.GET.keys().isdisjoint(TaskFilter.base_filters):
        return None
    from tracker.tasks.prepared import table_page

    return partial(table_page, scope, scope_queryset, request.user, tasks.db)


def _prepared_counts(request: AuthedRequest, scope: str, tasks: QuerySet[Task]) -> Any:
    """The status chips' sample and count key from queries compiled once per
    process (``tracker.tasks.prepared``), on the same terms as the page's."""
    if not request.GET.keys().isdisjoint(TaskFilter.base_filters):
        return None
    from tracker.tasks.prepared import table_statement

    return partial(table_statement, scope, scope_queryset, request.user, tasks.db)


def _query_without(request: AuthedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The task page: facts, the actions this user may take now, one timeline."""
    # Read by a statement compiled once per process per shape of the user
    # (selectors.page_task); not visible or not prepared: the ORM's read, its
    # audited 404.
    found = page_task(request.user, pk)
    if found:
        task = found[0]
    else:
        task = visible_task(
            request,
            pk,
            Task.objects.select_related(*PAGE_RELATED).prefetch_related(*page_prefetches()),
        )
    actions = task.allowed_actions(request.user)
    return render(request, "tasks/task_detail.html", _detail_context(request, task, actions))


def _detail_context(
    request: AuthedRequest, task: Task, actions: list[str], failed: dict[str, Any] | None = None
) -> dict[str, Any]:
    failed = failed or {}
    timeline = (
        AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
        .exclude(action__in=TIMELINE_HIDDEN)
        .order_by("created_at", "id")
    )
    return {
        "task": task,
        "actions": actions,
        "action_labels": dict(Action.choices),
        "forms": page_forms(task, actions, failed),
        "button_actions": page_buttons(actions),
        "timeline": timeline,
        "split_history": split_history(task),
        "today": timezone.localdate(),
        "pending_extension": task.pending_extension(),
        "archive_packages": packages_visible_to(request.user).filter(tasks=task),
        "allowed_extensions": "、".join(
            e.lstrip(".") for e in evidence_services.ALLOWED_EXTENSIONS
        ),
        "max_mb": f"{evidence_services.settings.EVIDENCE_MAX_BYTES / 1024 / 1024:g}",
    }


def task_create(request: AuthedRequest) -> HttpResponse:
    """立项: a supervisor creates a task by hand."""
    if not request.user.is_supervisor:
        deny(
            actor=request.user,
            attempted="create",
            message=_("只有督办管理员可以新建任务。"),
            object_type="tasks.task",
            request=request,
        )
    form = forms.TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                priority=data["priority"],
                due_on=data["due_on"],
                lead_department=data["lead_department"],
                cooperating_departments=data["cooperating_departments"],
                require_evidence=data["require_evidence"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("任务已创建。"))
            return redirect("task-detail", task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": None})


def task_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改任务 with the optimistic lock: a stale page is refused, nothing lost."""
    task = visible_task(request, pk)
    if Action.EDIT not in task.allowed_actions(request.user):
        deny(
            actor=request.user,
            attempted="edit",
            message=services.refusal_message(task, Action.EDIT),
            obj=task,
            request=request,
        )
    form = forms.TaskForm(request.POST or None, instance=task)
    form.fields["lead_department"].disabled = not task.lead_department_editable
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                task=task,
                actor=request.user,
                expected_version=data.get("version") or task.version,
                request=request,
                lead_department=data["lead_department"],
                cooperating_departments=data["cooperating_departments"],
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("任务已保存。"))
            return redirect("task-detail", task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


@require_POST
def task_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One POST endpoint for every action of the registry (permission → form → service)."""
    task = visible_task(request, pk)
    entry = ACTIONS.get(action)
    if entry is None:
        raise Http404(_("没有这个操作。"))
    if task.archived_at is not None:
        # 归档: read-only; refused before the form is read, whatever was posted.
        try:
            services.task_refuse_if_archived(
                task=task, actor=request.user, action=entry.name, request=request
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return _detail_with_errors(request, task.pk, action, entry.page_form(task))
    form = entry.page_form(task, request.POST)
    if form.is_valid():
        try:
            entry.run(task=task, actor=request.user, data=form.cleaned_data, request=request)
        except ObjectDoesNotExist:
            raise Http404(_("文件不存在或您无权查看。")) from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(entry.done))
            return redirect("task-detail", task.pk)
    return _detail_with_errors(request, task.pk, action, form)


def _detail_with_errors(request: AuthedRequest, pk: int, action: str, form: Any) -> HttpResponse:
    task = visible_task(request, pk)
    actions = task.allowed_actions(request.user)
    errors = [str(e) for errs in form.errors.values() for e in errs]
    for error in errors:
        messages.error(request, error)
    context = _detail_context(request, task, actions, failed={action: form})
    return render(request, "tasks/task_detail.html", context, status=400)


@require_POST
def task_bulk_assign(request: AuthedRequest) -> HttpResponse:
    """批量交办 from the list page (supervisor)."""
    if not request.user.is_supervisor:
        deny(
            actor=request.user,
            attempted="bulk_assign",
            message=_("只有督办管理员可以批量交办。"),
            object_type="tasks.task",
            request=request,
        )
    form = forms.BulkAssignForm(request.POST, user=request.user)
    if not form.is_valid():
        for errs in form.errors.values():
            for error in errs:
                messages.error(request, str(error))
    else:
        data = form.cleaned_data
        try:
            done = services.task_assign_bulk(
                tasks=list(data["tasks"]),
                actor=request.user,
                lead_department=data["lead_department"],
                due_on=data["due_on"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(str(m) for m in error.messages))
        else:
            messages.success(request, _("已交办 %d 项任务。") % len(done))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("task-list")
    return HttpResponseRedirect(target)


@csrf_exempt
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    # The size limit must watch the stream before anything reads the body,
    # so the CSRF check runs after the handler is installed.
    request.upload_handlers.insert(0, evidence_services.EvidenceLimitHandler(request))
    return _evidence_upload(request, pk)


@csrf_protect
@require_POST
def _evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    try:
        services.task_refuse_if_archived(
            task=task, actor=request.user, action=Action.EVIDENCE, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("task-detail", task.pk)
    try:
        files = request.FILES.getlist("files")
    except TooManyFilesSent:
        messages.error(
            request,
            _("一次最多上传 %d 个文件。") % evidence_services.MAX_FILES_PER_REQUEST,
        )
        return redirect("task-detail", task.pk)
    if getattr(request, "evidence_too_large", None) is not None:
        messages.error(request, evidence_services.too_large_message())
        return redirect("task-detail", task.pk)
    try:
        if request.POST.get("text"):
            services.progress_report(
                task=task,
                actor=request.user,
                text=request.POST.get("text", ""),
                percent=request.POST.get("percent", ""),
                files=files,
                request=request,
            )
            messages.success(request, _("进展已反馈。"))
        else:
            stored = evidence_services.evidence_upload(
                task=task, actor=request.user, files=files, request=request
            )
            messages.success(request, _("已上传 %d 个文件。") % len(stored))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("task-detail", task.pk)


def _visible_evidence(request: AuthedRequest, pk: int) -> EvidenceFile:
    return get_visible_or_404(
        EvidenceFile.objects.filter(task__in=Task.objects.visible_to(request.user)).select_related(
            "task"
        ),
        pk,
        actor=request.user,
        attempted="download",
        message=_("文件不存在或您无权查看。"),
        request=request,
    )


def evidence_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    evidence = _visible_evidence(request, pk)
    return evidence_services.evidence_response(
        evidence=evidence, actor=request.user, request=request
    )


def evidence_preview(request: AuthedRequest, pk: int) -> HttpResponseBase:
    evidence = _visible_evidence(request, pk)
    return evidence_services.evidence_response(
        evidence=evidence, actor=request.user, request=request, inline=True
    )
