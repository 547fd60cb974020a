"""After an import: one page where every new draft gets its lead department,
co-operating departments and deadline, and all are assigned in one action (批量交办)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Report
from tracker.org.models import Department
from tracker.tasks import services as task_services
from tracker.tasks.models import Status, Task

if TYPE_CHECKING:
    from tracker.org.models import User

DRAFT = (Status.DRAFT, Status.DECLINED)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftRowForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    selected = forms.BooleanField(label=gettext_lazy("交办"), required=False, initial=True)
    lead_department = forms.ModelChoiceField(
        label=gettext_lazy("牵头单位"), queryset=Department.objects.none(), required=False
    )
    cooperating_departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("配合单位"), queryset=Department.objects.none(), required=False
    )
    due_on = forms.DateField(label=gettext_lazy("完成时限"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Department.objects.active()
        self.fields["lead_department"].queryset = active  # type: ignore[attr-defined]
        self.fields["cooperating_departments"].queryset = active  # type: ignore[attr-defined]
        self.fields["cooperating_departments"].widget.attrs["size"] = 3
        self.fields["lead_department"].empty_label = _("（请选择）")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("selected"):
            if not data.get("lead_department"):
                self.add_error("lead_department", _("请选择牵头单位。"))
            if not data.get("due_on"):
                self.add_error("due_on", _("请设定完成时限。"))
            elif data["due_on"] < timezone.localdate():
                # The report's proposed date may be long past: assigned as it
                # is, the task would be 逾期 the moment the division gets it.
                self.add_error("due_on", _("完成时限已过，请重新设定。"))
        return data


DraftFormSet = forms.formset_factory(DraftRowForm, extra=0)


@dataclass(frozen=True)
class DraftAssignment:
    task: Task
    lead_department: Department
    cooperating_departments: list[Department]
    due_on: dt.date


def drafts_assign(
    *, assignments: list[DraftAssignment], actor: User, request: Any = None
) -> list[Task]:
    """批量交办 of a report's drafts, each with its own lead, co-operators and deadline: all or nothing."""
    with transaction.atomic():
        return [
            task_services.task_assign(
                task=row.task,
                actor=actor,
                lead_department=row.lead_department,
                cooperating_departments=row.cooperating_departments,
                due_on=row.due_on,
                request=request,
            )
            for row in assignments
        ]


def report_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """新任务批量交办: the table of a report's drafts, assigned in one action."""
    user: User = request.user  # type: ignore[assignment]
    if not user.is_supervisor:
        raise Http404
    report = get_object_or_404(Report, pk=pk)
    drafts = list(
        Task.objects.visible_to(user)
        .filter(report=report, status__in=DRAFT)
        .select_related("lead_department", "source_item")
        .prefetch_related("cooperating_departments")
        .order_by("source_item__kind", "source_item__order", "id")
    )
    by_id = {task.pk: task for task in drafts}
    if request.method == "POST":
        formset = DraftFormSet(request.POST, prefix="row")
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("selected")]
            unknown = [row["task"] for row in rows if row["task"] not in by_id]
            if unknown:
                messages.error(request, _("所选任务已被交办或不属于本报告，请刷新后重试。"))
            elif not rows:
                messages.error(request, _("请至少勾选一项任务。"))
            else:
                try:
                    done = drafts_assign(
                        assignments=[
                            DraftAssignment(
                                task=by_id[row["task"]],
                                lead_department=row["lead_department"],
                                cooperating_departments=list(row["cooperating_departments"]),
                                due_on=row["due_on"],
                            )
                            for row in rows
                        ],
                        actor=user,
                        request=request,
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(str(m) for m in error.messages))
                else:
                    messages.success(request, _("已交办 %d 项任务。") % len(done))
                    return redirect("report-detail", pk=report.pk)
    else:
        formset = DraftFormSet(
            prefix="row",
            initial=[
                {
                    "task": task.pk,
                    "selected": True,
                    "lead_department": task.lead_department_id,
                    "cooperating_departments": [d.pk for d in task.cooperating_departments.all()],
                    "due_on": task.due_on,
                }
                for task in drafts
            ],
        )
    table = [(form, by_id.get(_row_task(form) or 0)) for form in formset.forms]
    return render(
        request,
        "plans/report_assign.html",
        {
            "report": report,
            "formset": formset,
            "rows": table,
            "all_form": DraftRowForm(prefix="all"),
        },
    )


def _row_task(form: forms.Form) -> int | None:
    value = form["task"].value()
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
