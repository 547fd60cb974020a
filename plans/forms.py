"""Forms of the import pages: the upload, and one row per proposed task in the preview."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.models import ItemKind
from plans.phrases import StageLineError, read_stage_lines
from tracker.fields import IdsField
from tracker.org.models import Department

ROW_FIELDS = [
    "key",
    "include",
    "kind",
    "number",
    "title",
    "body",
    "problem",
    "source_paragraph",
    "source_locator",
    "lead_department",
    "cooperating_departments",
    "due_on",
    "milestones",
    "lead_written",
    "remember_lead",
    "remember_cooperating",
    "link_plan",
    "link_accept",
]


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("报告文件"),
        help_text=_(
            "支持年度报告（.txt（UTF-8 或 GB18030）、网页另存的 .html、.docx、文字版 .pdf）、"
            "任务分工表（.docx、.xlsx）和会议纪要。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.REPORT_MAX_BYTES:
            megabytes = settings.REPORT_MAX_BYTES / (1024 * 1024)
            raise forms.ValidationError(
                _("文件超过大小上限（%(size)s MB）。") % {"size": f"{megabytes:g}"}
            )
        return upload


class ProposalRowForm(forms.Form):
    """One proposed task; department choices are passed in so they are queried once."""

    key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("导入"), required=False)
    kind = forms.ChoiceField(choices=ItemKind.choices, widget=forms.HiddenInput)
    number = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("任务名称"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(required=False, widget=forms.HiddenInput)
    # The problem as written, for a rectification task: stays the source item's text.
    problem = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    source_paragraph = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    source_locator = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    lead_department = forms.TypedChoiceField(
        label=_("牵头单位"), required=False, coerce=int, empty_value=None
    )
    cooperating_departments = forms.TypedMultipleChoiceField(
        label=_("配合单位"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    due_on = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    milestones = forms.CharField(
        label=_("时间节点"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2022-06-30 完成初稿"}),
        help_text=_("每行一个：日期 节点内容。文中分阶段写明的时限已列出，可修改或删除。"),
    )

    def clean_milestones(self) -> list[dict[str, str]]:
        """'2022-06-30 完成初稿' per line → [{'due_on': '2022-06-30', 'title': '完成初稿'}]."""
        try:
            stages = read_stage_lines(self.cleaned_data.get("milestones", ""))
        except StageLineError as error:
            if error.reason == "title":
                message = _("时间节点第 %(n)s 行缺少节点内容。")
            else:
                message = _("时间节点第 %(n)s 行应为“日期 节点内容”，如“2022-06-30 完成初稿”。")
            raise forms.ValidationError(message, params={"n": error.number}) from None
        return [stage.to_dict() for stage in stages]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due_on = data.get("due_on")
        for stage in data.get("milestones") or []:
            if due_on and stage["due_on"] > due_on.isoformat():
                self.add_error(
                    "milestones",
                    _("时间节点“%(title)s”晚于完成时限。") % {"title": stage["title"]},
                )
        return data

    # The lead unit as the document writes it; with remember_lead the chosen lead department
    # becomes its mapping for later imports (plans.models.UnitAlias).
    lead_written = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    remember_lead = forms.BooleanField(label=_("记住此对应"), required=False)
    # Likewise for the one co-operating unit the document names that reads as no department.
    remember_cooperating = forms.BooleanField(label=_("记住此对应"), required=False)
    # A rectification row: the key of the plan row proposed as addressing the same matter, and
    # whether the supervisor accepts the link (stored on import as plans.RectificationLink).
    link_plan = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    link_accept = forms.BooleanField(label=_("关联到该工作计划"), required=False)

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.TypedChoiceField, self.fields["lead_department"])
        lead.choices = [("", _("（待定）")), *departments]
        cooperating = cast(forms.TypedMultipleChoiceField, self.fields["cooperating_departments"])
        cooperating.choices = departments


ProposalFormSet = formset_factory(ProposalRowForm, extra=0)


DRAFT_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftRowForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    selected = forms.BooleanField(label=_("交办"), required=False, initial=True)
    lead_department = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Department.objects.none(), required=False
    )
    cooperating_departments = IdsField(
        label=_("配合单位"), queryset=Department.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("完成时限"), required=False, widget=DRAFT_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Department.objects.active()
        self.fields["lead_department"].queryset = active  # type: ignore[attr-defined]
        self.fields["cooperating_departments"].queryset = active  # type: ignore[attr-defined]
        self.fields["cooperating_departments"].widget.attrs["size"] = 3
        self.fields["lead_department"].empty_label = gettext("（请选择）")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("selected"):
            if not data.get("lead_department"):
                self.add_error("lead_department", gettext("请选择牵头单位。"))
            if not data.get("due_on"):
                self.add_error("due_on", gettext("请设定完成时限。"))
            elif data["due_on"] < timezone.localdate():
                # The report's proposed date may be long past: assigned as it
                # is, the task would be 逾期 the moment the division gets it.
                self.add_error("due_on", gettext("完成时限已过，请重新设定。"))
        return data


DraftFormSet = forms.formset_factory(DraftRowForm, extra=0)
