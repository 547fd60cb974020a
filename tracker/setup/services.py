"""Changing settings: each change is validated, saved and written to the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record, task_write
from tracker.notifications.models import Holiday
from tracker.org.models import User
from tracker.security.services import user_permissions_changed
from tracker.tasks.models import OPEN_STATUSES, WORKING_STATUSES, Task
from tracker.tasks.services import task_reassign, task_rows_lock


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """A model's fields as JSON for the audit trail, secrets masked."""
    hidden = {"password", "dingtalk_secret", "wecom_webhook_key", "dingtalk_access_token"}
    plain: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, list | set):
            continue
        if key in hidden and value:
            value = "***"
        elif isinstance(value, dt.date | dt.time):
            value = value.isoformat()
        plain[key] = value
    return plain


@transaction.atomic
def setting_save(*, form: Any, actor: User, ip_address: str | None, action: AuditAction) -> Any:
    """Save a validated ModelForm and record what changed (before → after)."""
    instance = form.instance
    stored = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    before = _plain(model_to_dict(stored)) if stored is not None else None
    obj = form.save(commit=False)
    obj.full_clean()
    obj.save()
    form.save_m2m()
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        before=before,
        after=_plain(model_to_dict(obj)),
        ip_address=ip_address,
    )
    return obj


def reminder_policy_save(*, form: Any, actor: User, ip_address: str | None) -> Any:
    """提醒规则 saved from its form, on the record."""
    return setting_save(
        form=form, actor=actor, ip_address=ip_address, action=AuditAction.REMINDER_POLICY_SAVE
    )


def light_policy_save(*, form: Any, actor: User, ip_address: str | None) -> Any:
    """预警灯阈值 saved from its form, on the record."""
    return setting_save(
        form=form, actor=actor, ip_address=ip_address, action=AuditAction.LIGHT_POLICY_SAVE
    )


def department_save(*, form: Any, actor: User, ip_address: str | None) -> Any:
    """A department created or changed from its form, on the record."""
    return setting_save(
        form=form, actor=actor, ip_address=ip_address, action=AuditAction.DEPARTMENT_SAVE
    )


@transaction.atomic
def person_save(*, form: Any, actor: User, ip_address: str | None) -> User:
    """Create or change a person; a password given is hashed, never stored or logged."""
    password = form.cleaned_data.get("password") or ""
    before = None
    if form.instance.pk is not None:
        before = _plain(
            model_to_dict(User.objects.get(pk=form.instance.pk), fields=form.Meta.fields)
        )
    person: User = form.save(commit=False)
    if password:
        person.set_password(password)
    person.full_clean(exclude=["password"])
    person.save()
    after = _plain(model_to_dict(person, fields=form.Meta.fields))
    if password:
        after["password"] = "***"  # noqa: S105 - a mask: the password was changed
    audit_record(
        action=AuditAction.PERSON_SAVE,
        actor=actor,
        obj=person,
        before=before,
        after=after,
        ip_address=ip_address,
    )
    # 等保: a role or account-state change is also recorded as a permission change.
    rights = ("role", "is_active")
    if before is not None and any(before.get(name) != after.get(name) for name in rights):
        user_permissions_changed(
            actor=actor,
            user=person,
            before={name: before.get(name) for name in rights},
            after={name: after.get(name) for name in rights},
        )
    return person


@transaction.atomic
def holiday_arrangement_save(
    *,
    name: str,
    first_day: dt.date,
    last_day: dt.date,
    workdays: list[dt.date],
    actor: User,
    ip_address: str | None,
) -> int:
    """Enter one holiday of the 放假安排: every day off, and the make-up workdays (调休)."""
    changed = 0
    day = first_day
    while day <= last_day:
        Holiday.objects.update_or_create(day=day, defaults={"name": name, "is_workday": False})
        day += dt.timedelta(days=1)
        changed += 1
    for workday in workdays:
        Holiday.objects.update_or_create(
            day=workday, defaults={"name": f"{name}调休", "is_workday": True}
        )
        changed += 1
    audit_record(
        action=AuditAction.HOLIDAY_SAVE,
        actor=actor,
        object_type="notifications.holiday",
        object_repr=name,
        after={
            "name": name,
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "workdays": [d.isoformat() for d in workdays],
        },
        ip_address=ip_address,
    )
    return changed


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: User, ip_address: str | None) -> None:
    audit_record(
        action=AuditAction.HOLIDAY_DELETE,
        actor=actor,
        obj=holiday,
        before={
            "day": holiday.day.isoformat(),
            "name": holiday.name,
            "is_workday": holiday.is_workday,
        },
        ip_address=ip_address,
    )
    Holiday.objects.filter(pk=holiday.pk).delete()


def held_tasks(person: User) -> tuple[list[Task], list[Task]]:
    """The open tasks ``person`` holds: those a colleague can take over now
    (办理中 / 退回重办) and those waiting for a review, which stay on record
    with the person until the review is decided."""
    held = list(
        Task.objects.filter(responsible=person, status__in=OPEN_STATUSES)
        .select_related("lead_department")
        .order_by("due_on", "pk")
    )
    working = [task for task in held if task.status in WORKING_STATUSES]
    waiting = [task for task in held if task.status not in WORKING_STATUSES]
    return working, waiting


def person_deactivate(
    *, person: User, actor: User, successor: User | None, ip_address: str | None
) -> int:
    """停用: hand the person's tasks in progress to ``successor`` (更换责任人, each
    audited on its task), then stop the account. All or nothing."""
    with task_write():  # the tasks' rows first, by id; the records at the end
        return _deactivate(person=person, actor=actor, successor=successor, ip_address=ip_address)


def _deactivate(
    *, person: User, actor: User, successor: User | None, ip_address: str | None
) -> int:
    working, waiting = held_tasks(person)
    if working and successor is None:
        raise ValidationError(_("此人还有在办任务，请选择接手的同事。"))
    task_rows_lock(task.pk for task in working)
    for task in working:
        task_reassign(task=task, actor=actor, responsible=successor)
    User.objects.filter(pk=person.pk).update(is_active=False)
    audit_record(
        action=AuditAction.PERSON_DEACTIVATE,
        actor=actor,
        obj=person,
        before={"is_active": True},
        after={
            "is_active": False,
            "handed_over_to": successor.display_name if working and successor else "",
            "tasks_handed_over": [task.pk for task in working],
            "tasks_awaiting_review": [task.pk for task in waiting],
        },
        ip_address=ip_address,
    )
    return len(working)


@transaction.atomic
def person_activate(*, person: User, actor: User, ip_address: str | None) -> None:
    """恢复使用: the account works again."""
    User.objects.filter(pk=person.pk).update(is_active=True)
    audit_record(
        action=AuditAction.PERSON_ACTIVATE,
        actor=actor,
        obj=person,
        before={"is_active": False},
        after={"is_active": True},
        ip_address=ip_address,
    )
