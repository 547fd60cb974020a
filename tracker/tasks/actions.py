"""The one registry of task actions, read by the task page and by the API.

Each action a user can take on a task is declared here once: its name (an
``Action`` value, which is also the permission ``Task.allowed_actions``
grants), its label (the ``Action`` label), the form the task page shows, the
serializer the API validates, the service it calls, and how the validated
fields map onto the service's keyword arguments. ``tracker.tasks.views.
task_action`` serves every entry at ``/tasks/<id>/do/<name>/`` and
``tracker.tasks.api.TaskViewSet`` gets one ``POST /api/v1/tasks/<id>/<path>/``
endpoint per entry that has an ``api_path``.

Adding an action (e.g. 催办):

1. add its value and Chinese label to ``Action`` in ``tracker/tasks/models.py``
   and grant it in ``Task.allowed_actions``;
2. write the service in ``<app>/services.py`` (keyword arguments ``task``,
   ``actor``, ``request`` plus its own; use ``task_transition`` when it
   changes the task);
3. add a form to ``tracker/tasks/forms.py`` and a serializer to
   ``tracker/tasks/serializers.py`` (or reuse ``ReasonForm`` /
   ``ReasonSerializer``, ``OptionalNoteForm`` / ``NoteSerializer``);
4. add one ``TaskAction(...)`` to ``ACTIONS`` below.

The page then shows the form to whoever may take the action, the API gains
the endpoint (with its OpenAPI schema), and both call the same service. The
task page template renders a generic form for any action without markup of
its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django import forms as django_forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers as drf_serializers

from tracker.archives import services as archive_services
from tracker.evidence import services as evidence_services
from tracker.org.models import User
from tracker.supervision import services as supervision
from tracker.tasks import forms, serializers, services
from tracker.tasks.models import Action, Task

# What the API answers after the action: the task as it is now, the
# sub-tasks created (201), or the created comment (201).
ApiResult = Literal["task", "subtasks", "comment"]
# How the task page offers it: its form (generic markup), a single button
# (the form has only ``version``), or markup of its own in the template.
PageStyle = Literal["form", "button", "custom"]
# Where the task page puts it: the next step of the work, a secondary choice,
# or one that undoes work (behind a fold, confirmed, with a reason).
Weight = Literal["primary", "secondary", "destructive"]


def _on_task(task: Task, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"task": task}


def _evidence_of_task(task: Task, data: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence file named in the form, which must belong to this task
    (``EvidenceFile.DoesNotExist`` otherwise: the page answers 404)."""
    return {"evidence": task.evidence.get(pk=data["evidence"])}


def _milestone_of_task(task: Task, data: Mapping[str, Any]) -> dict[str, Any]:
    """The open milestone named in the form, which must belong to this task."""
    milestone = task.milestones.filter(pk=data.get("milestone") or 0).first()  # type: ignore[attr-defined]
    return {"task": task, "milestone": milestone}


def _feedback_initial(task: Task) -> dict[str, Any]:
    policy = getattr(task, "reminder_policy", None)
    if policy is None:
        return {"cycle": "monthly", "day": supervision.FEEDBACK_DAY_DEFAULT}
    return {"cycle": policy.report_cycle, "day": policy.report_day}


def _version_only(task: Task) -> dict[str, Any]:
    return {"version": task.version}


@dataclass(frozen=True)
class TaskAction:
    """One action on a task, as both the page and the API see it."""

    action: Action
    service: Callable[..., Any]
    form: type[django_forms.Form]
    # service keyword → validated field (the same name in form and serializer)
    arguments: Mapping[str, str] = field(default_factory=dict)
    done: str | Promise = ""
    serializer: type[drf_serializers.Serializer] | None = None
    # the API path under /api/v1/tasks/<id>/, None: no API endpoint of its own
    api_path: str | None = None
    api_method: str = ""  # the view method's name (operationId); default: the path
    api_result: ApiResult = "task"
    # passes the optimistic-lock ``version`` field as ``expected_version``
    versioned: bool = False
    # the form needs the task (e.g. to offer only the lead division's people)
    form_takes_task: bool = False
    # the initial values of the page's form for this task
    initial: Callable[[Task], dict[str, Any]] = field(default=lambda task: {})
    # the keyword arguments naming what the service acts on
    target: Callable[[Task, Mapping[str, Any]], dict[str, Any]] = _on_task
    page_style: PageStyle = "form"
    weight: Weight = "secondary"
    # who may do it and what it needs, for the API documentation
    help: str = ""

    @property
    def name(self) -> str:
        return str(self.action.value)

    @property
    def label(self) -> str:
        return str(self.action.label)

    @property
    def method_name(self) -> str:
        return self.api_method or (self.api_path or self.name).replace("-", "_")

    def page_form(self, task: Task, data: Any = None) -> django_forms.Form:
        """The page's form: bound to ``data`` when posted, else with initial values."""
        kwargs: dict[str, Any] = {"task": task} if self.form_takes_task else {}
        if data is None:
            return self.form(initial=self.initial(task), **kwargs)
        return self.form(data, **kwargs)

    def run(self, *, task: Task, actor: User, data: Mapping[str, Any], request: Any) -> Any:
        """Call the service with the validated ``data`` (form or serializer)."""
        kwargs = self.target(task, data) | {
            keyword: data.get(name) for keyword, name in self.arguments.items()
        }
        if self.versioned:
            kwargs["expected_version"] = data.get("version")
        return self.service(actor=actor, request=request, **kwargs)


ACTIONS: dict[str, TaskAction] = {
    entry.name: entry
    for entry in (
        TaskAction(
            Action.ASSIGN,
            services.task_assign,
            forms.AssignForm,
            arguments={
                "lead_department": "lead_department",
                "cooperating_departments": "cooperating_departments",
                "due_on": "due_on",
            },
            done=_("任务已交办。"),
            serializer=serializers.AssignSerializer,
            api_path="assign",
            versioned=True,
            initial=lambda task: {
                "lead_department": task.lead_department_id,
                "due_on": task.due_on,
                "cooperating_departments": [d.pk for d in task.cooperating_departments.all()],
                "version": task.version,
            },
            help="督办管理员将任务交办给牵头单位。",
            weight="primary",
        ),
        TaskAction(
            Action.ACKNOWLEDGE,
            services.task_acknowledge,
            forms.ResponsibleForm,
            arguments={"responsible": "responsible"},
            done=_("已签收。"),
            serializer=serializers.ResponsibleSerializer,
            api_path="acknowledge",
            versioned=True,
            form_takes_task=True,
            initial=_version_only,
            help="牵头处室负责人签收并指定责任人。",
            weight="primary",
        ),
        TaskAction(
            Action.REASSIGN,
            services.task_reassign,
            forms.ResponsibleForm,
            arguments={"responsible": "responsible"},
            done=_("责任人已更换。"),
            serializer=serializers.ResponsibleSerializer,
            api_path="reassign",
            versioned=True,
            form_takes_task=True,
            initial=lambda task: {"version": task.version, "responsible": task.responsible_id},
            help="本处室内更换责任人。",
        ),
        TaskAction(
            Action.DECLINE,
            services.task_decline,
            forms.ReasonForm,
            arguments={"reason": "reason"},
            done=_("已退办，任务退回督办管理员。"),
            serializer=serializers.ReasonSerializer,
            api_path="decline",
            versioned=True,
            initial=_version_only,
            help="须说明理由，任务退回督办管理员。",
            weight="destructive",
        ),
        TaskAction(
            Action.PROGRESS,
            services.progress_report,
            forms.ProgressForm,
            arguments={"text": "text", "percent": "percent"},
            done=_("进展已反馈。"),
            # Files travel with the report: the page posts to the evidence
            # upload view and the API has GET+POST /progress/ (multipart).
            page_style="custom",
            initial=lambda task: {"percent": task.progress},
            weight="primary",
        ),
        TaskAction(
            Action.WITHDRAW_EVIDENCE,
            evidence_services.evidence_withdraw,
            forms.WithdrawForm,
            arguments={"reason": "reason"},
            done=_("材料已撤回。"),
            # The API withdraws at /api/v1/evidence/<id>/withdraw/; the page
            # offers it beside each file.
            target=_evidence_of_task,
            page_style="custom",
        ),
        TaskAction(
            Action.SUBMIT,
            services.task_submit,
            forms.OptionalNoteForm,
            done=_("已提交审核。"),
            page_style="button",
            serializer=serializers.NoteSerializer,
            api_path="submit",
            versioned=True,
            initial=_version_only,
            help="承办人提交审核；要求佐证材料的任务须先上传。",
            weight="primary",
        ),
        TaskAction(
            Action.RETURN,
            services.task_return,
            forms.ReasonForm,
            arguments={"reason": "reason"},
            done=_("任务已退回重办。"),
            serializer=serializers.ReasonSerializer,
            api_path="return",
            api_method="return_",
            versioned=True,
            initial=_version_only,
            help="督办管理员退回重办，须说明理由。",
        ),
        TaskAction(
            Action.APPROVE,
            services.task_approve,
            forms.ApproveForm,
            arguments={"note": "note", "confirm_incomplete": "confirm_incomplete"},
            done=_("任务已办结销号。"),
            serializer=serializers.ApproveSerializer,
            api_path="approve",
            versioned=True,
            initial=_version_only,
            help="督办管理员办结销号，且不能是提交人；完成进度未达 100% 时须 confirm_incomplete。",
            weight="primary",
        ),
        TaskAction(
            Action.CANCEL,
            services.task_cancel,
            forms.CancelForm,
            arguments={"reason": "note"},
            done=_("任务已中止。"),
            serializer=serializers.NoteSerializer,
            api_path="cancel",
            versioned=True,
            initial=_version_only,
            help="督办管理员中止任务。",
            weight="destructive",
        ),
        TaskAction(
            Action.ARCHIVE,
            archive_services.archive_task,
            forms.OptionalNoteForm,
            done=_("任务已归档（此后只读），归档包正在后台生成，完成后可在本页和“归档”中下载。"),
            page_style="button",
            serializer=None,
            api_path="archive",
            initial=_version_only,
            help="归档已办结的任务：此后任务只读，并在后台生成归档包（zip，含清单）。",
            weight="primary",
        ),
        TaskAction(
            Action.EXTEND,
            services.extension_request,
            forms.ExtensionForm,
            arguments={"requested_due_on": "requested_due_on", "reason": "reason"},
            done=_("延期申请已提交。"),
            serializer=serializers.ExtendSerializer,
            api_path="extend",
            help="承办人申请延期。",
        ),
        TaskAction(
            Action.DECIDE_EXTENSION,
            services.extension_decide,
            forms.DecideExtensionForm,
            arguments={"approve": "approve", "note": "note"},
            done=_("延期申请已审批。"),
            serializer=serializers.DecideExtensionSerializer,
            api_path="extension-decide",
            help="督办管理员审批延期申请。",
            weight="primary",
        ),
        TaskAction(
            Action.COMMENT,
            services.comment_add,
            forms.CommentForm,
            arguments={"text": "text"},
            done=_("意见已发表。"),
            serializer=serializers.CommentSerializer,
            api_path="comments",
            api_result="comment",
            page_style="custom",
            help="@用户名 会通知对方；厅领导的意见即领导批示。",
        ),
        TaskAction(
            Action.SPLIT,
            services.task_split,
            forms.SplitForm,
            arguments={"departments": "departments", "due_on": "due_on"},
            done=_("已拆分为子任务。"),
            serializer=serializers.SplitSerializer,
            api_path="split",
            api_result="subtasks",
            help="督办管理员拆分为各单位的子任务。",
        ),
        TaskAction(
            Action.URGE,
            supervision.task_urge,
            forms.UrgeForm,
            arguments={"message": "message"},
            done=_("已催办，并生成催办单。"),
            serializer=serializers.UrgeSerializer,
            api_path="urge",
            help="督办管理员（或牵头处室负责人对本处承办人）催办；同一任务 24 小时内只能催办一次。",
        ),
        TaskAction(
            Action.INSTRUCT,
            supervision.instruction_issue,
            forms.InstructForm,
            arguments={"text": "text", "kind": "kind", "report_due_on": "report_due_on"},
            done=_("批示已登记并通知承办人。"),
            serializer=serializers.InstructSerializer,
            api_path="instruct",
            help="厅领导对任务作出批示（批办/指导/参阅），可设报告落实情况时限。",
        ),
        TaskAction(
            Action.ADD_MILESTONE,
            supervision.milestone_add,
            forms.MilestoneForm,
            arguments={"title": "title", "due_on": "due_on"},
            done=_("时间节点已设置。"),
            serializer=serializers.MilestoneSerializer,
            api_path="milestones",
            api_method="add_milestone",
            help="督办管理员设置时间节点，节点时限不晚于任务完成时限。",
        ),
        TaskAction(
            Action.COMPLETE_MILESTONE,
            supervision.milestone_complete,
            forms.CompleteMilestoneForm,
            arguments={"note": "note"},
            done=_("时间节点已完成。"),
            serializer=serializers.CompleteMilestoneSerializer,
            api_path="milestone-complete",
            form_takes_task=True,
            target=_milestone_of_task,
            help="承办人确认时间节点完成，填写完成情况。",
        ),
        TaskAction(
            Action.SET_FEEDBACK,
            supervision.feedback_set,
            forms.FeedbackForm,
            arguments={"cycle": "cycle", "day": "day"},
            done=_("定期反馈要求已保存。"),
            serializer=serializers.FeedbackSerializer,
            api_path="feedback",
            api_method="set_feedback",
            initial=_feedback_initial,
            help="督办管理员设置定期反馈：每周、每月或每季度，几号前反馈。",
        ),
        TaskAction(
            Action.DIVISION_APPROVE,
            services.task_division_approve,
            forms.OptionalNoteForm,
            arguments={"note": "note"},
            done=_("处室审核通过，已报督查室审核。"),
            serializer=serializers.NoteSerializer,
            api_path="division-approve",
            weight="primary",
            versioned=True,
            initial=_version_only,
            help="二级审核：牵头处室负责人审核通过后报督查室。",
        ),
        TaskAction(
            Action.DIVISION_RETURN,
            services.task_division_return,
            forms.ReasonForm,
            arguments={"reason": "reason"},
            done=_("已退回承办人重办。"),
            serializer=serializers.ReasonSerializer,
            api_path="division-return",
            versioned=True,
            initial=_version_only,
            help="二级审核：牵头处室负责人退回重办，须说明理由。",
        ),
    )
}


def page_forms(task: Task, allowed: list[str], failed: Mapping[str, Any]) -> dict[str, Any]:
    """The form of every action ``allowed`` now that the page shows a form
    for; the one that just failed keeps what the user typed."""
    return {
        name: failed.get(name) or entry.page_form(task)
        for name, entry in ACTIONS.items()
        if name in allowed and entry.page_style != "button" and name != Action.WITHDRAW_EVIDENCE
    }


def page_groups(allowed: list[str]) -> dict[str, list[str]]:
    """The actions ``allowed`` now, by weight, in the registry's order (the page's)."""
    groups: dict[str, list[str]] = {"primary": [], "secondary": [], "destructive": []}
    for name, entry in ACTIONS.items():
        if name in allowed and name not in (Action.COMMENT, Action.WITHDRAW_EVIDENCE):
            groups[entry.weight].append(name)
    return groups


def page_buttons(allowed: list[str]) -> list[str]:
    """The actions ``allowed`` now that the page offers as a single button."""
    return [
        name for name, entry in ACTIONS.items() if name in allowed and entry.page_style == "button"
    ]
