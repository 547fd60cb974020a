"""本处人员: a division head manages the 承办人 of their own division.

A head adds staff to the division, changes their details, stops an account
(handing its tasks in progress to a colleague first) and restarts it, without
the office. Heads, supervisors' roles and other divisions' people are out of
reach: the page answers 404 for them, as if they did not exist, and a user
who is not a head gets a 403 that is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.audit.selectors import deny
from tracker.audit.services import client_ip
from tracker.org.models import Department, Role, User
from tracker.setup import forms, services
from tracker.tasks.models import user_department_ids

View = Callable[..., HttpResponse]


def head_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (getattr(user, "is_head", False) and getattr(user, "department_id", None)):
            deny(
                actor=user,
                attempted=view.__name__,
                message=_("只有处室负责人可以管理本处人员。"),
                object_type="setup",
                request=request,
            )
        return view(request, *args, **kwargs)

    return wrapped


def _head(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # head_only: a signed-in head


def _departments(head: User) -> QuerySet[Department]:
    return Department.objects.active().filter(pk__in=user_department_ids(head))  # type: ignore[attr-defined,no-any-return]


def _members(head: User) -> QuerySet[User]:
    """The people a head manages: the 承办人 of the head's division and below."""
    return User.objects.filter(
        role=Role.STAFF, is_superuser=False, department_id__in=user_department_ids(head)
    )


def _member(head: User, pk: int) -> User:
    person = _members(head).select_related("department").filter(pk=pk).first()
    if person is None:
        raise Http404(_("没有找到这个人员。"))
    return person


@head_only
def people(request: HttpRequest) -> HttpResponse:
    head = _head(request)
    rows = (
        _members(head)
        .select_related("department")
        .order_by("-is_active", "department__order", "id")
    )
    return render(request, "setup/division_people.html", {"people": rows})


@head_only
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    head = _head(request)
    person = _member(head, pk) if pk else User(role=Role.STAFF, department=head.department)
    form = forms.DivisionPersonForm(
        request.POST or None, instance=person, departments=_departments(head)
    )
    if request.method == "POST" and form.is_valid():
        services.person_save(form=form, actor=head, ip_address=client_ip(request))
        messages.success(request, _("人员信息已保存。"))
        return redirect("division-people")
    context: dict[str, Any] = {"form": form, "person": person if pk else None}
    if pk:
        working, waiting = services.held_tasks(person)
        context |= {
            "working": working,
            "waiting": waiting,
            "handover": forms.HandoverForm(
                candidates=_members(head).filter(is_active=True).exclude(pk=person.pk),
                needs_successor=bool(working),
            ),
        }
    return render(request, "setup/division_person.html", context)


@require_POST
@head_only
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    head = _head(request)
    person = _member(head, pk)
    working, _waiting = services.held_tasks(person)
    form = forms.HandoverForm(
        request.POST,
        candidates=_members(head).filter(is_active=True).exclude(pk=person.pk),
        needs_successor=bool(working),
    )
    if not person.is_active:
        messages.info(request, _("%(name)s 的账号已是停用状态。") % {"name": person.display_name})
    elif not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("division-person-edit", pk=person.pk)
    else:
        try:
            moved = services.person_deactivate(
                person=person,
                actor=head,
                successor=form.cleaned_data["successor"],
                ip_address=client_ip(request),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("division-person-edit", pk=person.pk)
        messages.success(
            request,
            _("已停用 %(name)s 的账号，%(n)s 项在办任务已交接。")
            % {"name": person.display_name, "n": moved},
        )
    return redirect("division-people")


@require_POST
@head_only
def person_activate(request: HttpRequest, pk: int) -> HttpResponse:
    head = _head(request)
    person = _member(head, pk)
    if not person.is_active:
        services.person_activate(person=person, actor=head, ip_address=client_ip(request))
        messages.success(request, _("已恢复 %(name)s 的账号。") % {"name": person.display_name})
    return redirect("division-people")
