"""Forms of the task pages: one per action, validated before a service is called."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.fields import IdsField
from tracker.notifications.models import ReportCycle
from tracker.org.models import Department, User
from tracker.supervision.models import InstructionKind
from tracker.tasks.models import Task
from tracker.tasks.widgets import FastSelect

INSTRUCTION_KINDS = InstructionKind.choices
REPORT_CYCLES = ReportCycle.choices


class DateInput(forms.DateInput):
    input_type = "date"


class TaskForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "kind",
            "priority",
            "lead_department",
            "cooperating_departments",
            "due_on",
            "require_evidence",
        ]
        widgets = {
            "due_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
            "cooperating_departments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Department.objects.active()
        cast(forms.ModelChoiceField, self.fields["lead_department"]).queryset = active
        cast(forms.ModelChoiceField, self.fields["cooperating_departments"]).queryset = active
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class AssignForm(forms.Form):
    lead_department = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Department.objects.active()
    )
    cooperating_departments = IdsField(
        label=_("配合单位"),
        queryset=Department.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BulkAssignForm(forms.Form):
    tasks = IdsField(label=_("任务"), queryset=Task.objects.none())
    lead_department = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Department.objects.active(), widget=FastSelect
    )
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tasks = cast(IdsField, self.fields["tasks"])
        tasks.queryset = Task.objects.visible_to(user)
        self.fields["tasks"].error_messages["required"] = _("请先勾选要交办的任务。")


class ResponsibleForm(forms.Form):
    responsible = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = task.lead_department.descendant_ids() if task.lead_department else set()
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = User.objects.filter(
            department_id__in=ids, is_active=True
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OptionalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CancelForm(OptionalNoteForm):
    """中止 on the page always says why (the API keeps ``note`` optional, as published)."""

    note = forms.CharField(label=_("中止理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100)


class ExtensionForm(forms.Form):
    requested_due_on = forms.DateField(label=_("申请延至"), widget=DateInput)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideExtensionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批结论"),
        choices=[("1", _("同意延期")), ("0", _("不同意"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("意见"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("可用 @用户名 提醒他人")}),
    )


class SplitForm(forms.Form):
    departments = IdsField(
        label=_("拆分到单位"),
        queryset=Department.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("子任务完成时限"), widget=DateInput, required=False)


class WithdrawForm(forms.Form):
    evidence = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("撤回原因"), max_length=500)


# -- 督办工具: 催办, 领导批示, 时间节点, 定期反馈, 二级审核, 销号确认 ----------------


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_incomplete = forms.BooleanField(
        label=_("完成进度未达 100%，仍确认办结销号"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UrgeForm(forms.Form):
    message = forms.CharField(
        label=_("催办意见（可不填）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InstructForm(forms.Form):
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("批示类型"), choices=INSTRUCTION_KINDS)
    report_due_on = forms.DateField(label=_("报告落实情况时限"), required=False, widget=DateInput)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点内容"), max_length=300)
    due_on = forms.DateField(label=_("节点时限"), widget=DateInput)


class CompleteMilestoneForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("时间节点"), coerce=int)
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.due_on:%Y-%m-%d} {m.title}")
            for m in task.milestones.filter(completed_at__isnull=True)  # type: ignore[attr-defined]
        ]


class FeedbackForm(forms.Form):
    cycle = forms.ChoiceField(label=_("定期反馈"), choices=REPORT_CYCLES, required=False)
    day = forms.IntegerField(
        label=_("反馈日"),
        min_value=1,
        max_value=28,
        initial=5,
        help_text=_("每周：1–7 表示周一至周日；每月、每季度：几号（1–28），每季度指季后首月。"),
    )
