"""系统设置: holidays, reminder policy, warning lights, departments and people.

Supervisors only; anybody else gets a 403 that is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.audit.selectors import deny
from tracker.audit.services import client_ip
from tracker.notifications.models import Holiday, ReminderPolicy
from tracker.notifications.workdays import is_official_year
from tracker.org.models import Department, User
from tracker.setup import forms, services
from tracker.setup.models import LightPolicy

View = Callable[..., HttpResponse]


def supervisor_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_supervisor", False):
            deny(
                actor=request.user,
                attempted=view.__name__,
                message=_("只有督办管理员可以修改系统设置。"),
                object_type="setup",
                request=request,
            )
        return view(request, *args, **kwargs)

    return wrapped


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # supervisor_only: a signed-in user


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"setup/{template}", context)


@supervisor_only
def settings_home(request: HttpRequest) -> HttpResponse:
    return redirect("settings-holidays")


@supervisor_only
def holidays(request: HttpRequest) -> HttpResponse:
    """节假日: the official calendar's coverage and the arrangements entered by hand."""
    form = forms.HolidayArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        n = services.holiday_arrangement_save(
            **form.cleaned_data,
            actor=_actor(request),
            ip_address=client_ip(request),
        )
        messages.success(
            request,
            _("已保存“%(name)s”放假安排（%(n)s 天）。")
            % {"name": form.cleaned_data["name"], "n": n},
        )
        return redirect("settings-holidays")
    this_year = timezone.localdate().year
    years = [(year, is_official_year(year)) for year in range(this_year, this_year + 2)]
    return _page(
        request,
        "holidays.html",
        {
            "form": form,
            "holidays": Holiday.objects.filter(day__gte=dt.date(this_year, 1, 1)),
            "years": years,
        },
    )


@require_POST
@supervisor_only
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=pk)
    services.holiday_delete(holiday=holiday, actor=_actor(request), ip_address=client_ip(request))
    messages.success(request, _("已删除 %(day)s。") % {"day": holiday.day.isoformat()})
    return redirect("settings-holidays")


@supervisor_only
def reminders(request: HttpRequest) -> HttpResponse:
    form = forms.ReminderPolicyForm(request.POST or None, instance=ReminderPolicy.load())
    if request.method == "POST" and form.is_valid():
        services.reminder_policy_save(
            form=form, actor=_actor(request), ip_address=client_ip(request)
        )
        messages.success(request, _("提醒规则已保存。"))
        return redirect("settings-reminders")
    return _page(
        request, "form.html", {"form": form, "heading": _("提醒规则"), "here": "settings-reminders"}
    )


@supervisor_only
def lights(request: HttpRequest) -> HttpResponse:
    form = forms.LightPolicyForm(request.POST or None, instance=LightPolicy.load())
    if request.method == "POST" and form.is_valid():
        services.light_policy_save(form=form, actor=_actor(request), ip_address=client_ip(request))
        messages.success(request, _("预警灯阈值已保存。"))
        return redirect("settings-lights")
    return _page(
        request,
        "form.html",
        {"form": form, "heading": _("预警灯阈值"), "here": "settings-lights", "legend": True},
    )


@supervisor_only
def departments(request: HttpRequest) -> HttpResponse:
    rows = Department.objects.select_related("parent").order_by("order", "id")
    return _page(request, "departments.html", {"departments": rows})


@supervisor_only
def department_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    department = get_object_or_404(Department, pk=pk) if pk else Department()
    form = forms.DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        services.department_save(form=form, actor=_actor(request), ip_address=client_ip(request))
        messages.success(request, _("单位已保存。"))
        return redirect("settings-departments")
    heading = _("修改单位") if pk else _("新增单位")
    return _page(
        request, "form.html", {"form": form, "heading": heading, "here": "settings-departments"}
    )


@supervisor_only
def people(request: HttpRequest) -> HttpResponse:
    rows = User.objects.select_related("department").order_by("department__order", "role", "id")
    return _page(request, "people.html", {"people": rows})


@supervisor_only
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(User, pk=pk) if pk else User()
    form = forms.PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_save(form=form, actor=_actor(request), ip_address=client_ip(request))
        messages.success(request, _("人员信息已保存。"))
        return redirect("settings-people")
    heading = _("修改人员") if pk else _("新增人员")
    return _page(
        request, "form.html", {"form": form, "heading": heading, "here": "settings-people"}
    )
