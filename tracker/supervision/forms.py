"""Forms of the supervision instruments (the API's serializers mirror them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.supervision.models import InstructionKind


class InstructionTaskForm(forms.Form):
    """根据批示新建任务 (leaders)."""

    title = forms.CharField(label=_("任务名称"), max_length=500)
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(
        label=_("批示类型"), choices=InstructionKind.choices, initial=InstructionKind.HANDLE
    )
    issued_on = forms.DateField(
        label=_("批示日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    report_due_on = forms.DateField(
        label=_("报告落实情况时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_on = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
