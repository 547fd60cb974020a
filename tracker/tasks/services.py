"""The task workflow: 立项, 交办, 签收, 反馈, 提交, 审核, 延期, 评论, 拆分.

Every service takes keyword-only arguments, asks ``Task.allowed_actions``
whether the actor may act, locks the task row, checks the optimistic-lock
``version`` when the caller sends one, changes the task, records an audit
event with before/after, and tells the people concerned.

A refused action raises ``django.core.exceptions.ValidationError`` with a
Chinese message and changes nothing (the refusal itself is audited).

The common part of every action on an existing task — precheck, transaction,
row lock, snapshot, save, audit — is ``task_transition``; a service only says
what changes::

    with task_transition(task=task, actor=actor, action=Action.SUBMIT,
                         audit_action=AuditAction.TASK_SUBMIT, request=request) as change:
        change.task.status = Status.SUBMITTED
        change.save("status")          # bump version, full_clean, save, audit
        task_event(...)                # optional: tell people, same transaction
    return change.task

Other apps (evidence) use ``task_transition`` too, never the private helpers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Avg, Exists, OuterRef, Q, QuerySet
from django.db.models.query import MAX_GET_RESULTS
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.services import audit_record, task_write
from tracker.conflicts import retry_on_conflict
from tracker.evidence.models import EvidenceFile
from tracker.evidence.storage import (
    evidence_check_all,
    evidence_files_delete,
    evidence_store,
    evidence_write,
)
from tracker.notifications.events import task_event
from tracker.notifications.models import NotificationKind
from tracker.notifications.reminders import (
    ReplanInputs,
    replan_inputs,
    task_cancel_stale_reminders,
    task_plan_next_reminder,
)
from tracker.org.models import Department, Role, User
from tracker.reviews.models import Decision, Review
from tracker.slips.models import SlipKind
from tracker.slips.services import slip_issue
from tracker.supervision.closing import instructions_report_on_close
from tracker.tasks.models import (
    Action,
    Comment,
    ExtensionRequest,
    ExtensionStatus,
    Kind,
    Priority,
    ProgressUpdate,
    Status,
    Task,
    user_department_ids,
)

# The fields a before/after audit snapshot shows.
SNAPSHOT_FIELDS = (
    "title",
    "description",
    "kind",
    "status",
    "lead_department_id",
    "responsible_id",
    "due_on",
    "priority",
    "progress",
    "require_evidence",
    "extension_count",
    "version",
)
EDITABLE_FIELDS = ("title", "description", "kind", "priority", "due_on", "require_evidence")

MENTION_RE = re.compile(r"@([\w.+-]+)")


class ActionNotAllowed(ValidationError):
    """This user may not take this action on the task in its current state."""


class StaleVersion(ValidationError):
    """The task changed since the caller read it (optimistic lock)."""


def task_snapshot(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(task, name)
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def _refuse(*, task: Task, actor: User, action: str, request: Any = None) -> ValidationError:
    """Record a denied attempt and build the message the user sees."""
    audit_record(
        action=AuditAction.PERMISSION_DENIED,
        actor=actor,
        obj=task,
        after={"attempted": str(action), "status": task.status},
        request=request,
    )
    return ActionNotAllowed(refusal_message(task, action))


def refusal_message(task: Task, action: str) -> str:
    """Why ``action`` is refused on ``task`` in its current state, in Chinese."""
    label = Action(action).label if action in Action.values else action
    if task.archived_at is not None:
        return _("该任务已于%(date)s归档，只能查看，不能再「%(action)s」。") % {
            "date": timezone.localtime(task.archived_at).strftime("%Y年%-m月%-d日"),
            "action": label,
        }
    return _("任务当前状态为「%(status)s」，您不能执行「%(action)s」。") % {
        "status": task.get_status_display(),
        "action": label,
    }


def task_refuse_if_archived(*, task: Task, actor: User, action: str, request: Any = None) -> None:
    """Refuse any change to an archived task before a form or file is even read (audited)."""
    if Task.objects.filter(pk=task.pk, archived_at__isnull=False).exists():
        fresh = Task.objects.get(pk=task.pk)
        raise _refuse(task=fresh, actor=actor, action=action, request=request)


def task_rows_lock(ids: Iterable[int]) -> None:
    """Lock the task rows a write changes, all of them in one statement, in
    ascending id: the first locks of every task write (``task_write``'s order).

    FOR NO KEY UPDATE: another transaction's new row pointing at one of these
    tasks (a comment, a notification) checks its foreign key with KEY SHARE,
    which FOR UPDATE would block."""
    from tracker.tasks.sentinels import values_rows

    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return
    db = Task.objects.db
    # The statement compiled once per process per number of rows (~600 function
    # calls of every task write); outside a transaction the ORM's refusal, as before.
    if len(wanted) <= _LOCK_PREPARED and not connections[db].get_autocommit():
        sentinels = [_LOCK_SENTINEL + i for i in range(len(wanted))]
        rows = values_rows(
            ("task_rows_lock", len(wanted)),
            lambda: _rows_lock_query(sentinels),
            db,
            sentinels,
            set(range(len(wanted))),
            wanted,
        )
        if rows is not None:
            return
    list(_rows_lock_query(wanted))


# Up to this many rows are locked by a statement compiled once per process; the
# rows' ids in it (sentinels.MARKS if written as text).
_LOCK_PREPARED = 4
_LOCK_SENTINEL = 2_100_000_601


def _rows_lock_query(ids: list[int]) -> QuerySet[Task, Any]:
    return (
        Task.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values("pk")
    )


def _locked_query() -> QuerySet[Task]:
    return Task.objects.select_related("lead_department", "responsible").annotate(
        pending_extension_exists=Exists(
            ExtensionRequest.objects.filter(task_id=OuterRef("pk"), status=ExtensionStatus.PENDING)
        )
    )


# The task's id in ``_locked_read``'s statement (sentinels.MARKS if written as text).
_LOCKED_SENTINEL = 2_100_000_702


def _locked_read(pk: int) -> Task:
    """``_locked_query().get(pk=pk)``: the task with its department and
    responsible person and whether an extension request waits, read by a
    statement compiled once per process (``sentinels.model_rows``; ~3,500
    function calls of every write), or through the ORM where it cannot be."""
    from tracker.tasks.sentinels import model_rows

    def build() -> QuerySet[Task]:
        # As ``get()`` reads: unordered, at most MAX_GET_RESULTS rows.
        return _locked_query().filter(pk=_LOCKED_SENTINEL).order_by()[:MAX_GET_RESULTS]

    found = model_rows(("locked",), build, Task.objects.db, [_LOCKED_SENTINEL], {0}, [pk])
    if found is None or len(found) != 1:
        # Not prepared, or no row (the ORM's DoesNotExist, as before).
        return _locked_query().get(pk=pk)
    return cast(Task, found[0])


def _lock(
    *,
    task: Task,
    actor: User,
    action: str,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """Re-read the task, whose row this transaction has just locked
    (``task_rows_lock``), and check permission and version.

    Must be called inside ``transaction.atomic``. The permission check is
    made once before (so the refusal can be audited outside the rolled-back
    transaction) and again under the lock (so a race cannot slip through).
    """
    # A statement after the lock's: it sees everything the writers this one waited
    # for committed — the task and whether an extension request waits (requests are
    # written only by transitions, under the task's row lock), read in one query.
    locked = _locked_read(task.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise StaleVersion(stale_message(locked))
    allowed = locked.allowed_actions(actor)
    # The body may add or decide a request: later questions read the table again.
    del locked.__dict__["pending_extension_exists"]
    if action not in allowed:
        raise ActionNotAllowed(refusal_message(locked, action))
    return locked


def task_precheck(
    *, task: Task, actor: User, action: str, request: Any = None, fresh: bool = False
) -> None:
    """Refuse (audited) an action the actor may not take on the task now.

    ``fresh``: the caller has just read ``task`` in this request with whether an
    extension request waits (``selectors.api_tasks``' annotation, all that
    ``allowed_actions`` reads besides the row): it is asked as read instead of
    being read again, once — the annotation is dropped after, so a second
    precheck of the same object (a service done again after a write conflict)
    reads the task afresh. Without the annotation the task is read again anyway.
    The transaction's check under the row lock (``_lock``) is the same either way.
    """
    if fresh and "pending_extension_exists" in task.__dict__:
        current = task
        try:
            allowed = current.allowed_actions(actor)
        finally:
            del task.__dict__["pending_extension_exists"]
    else:
        current = Task.objects.get(pk=task.pk)
        allowed = current.allowed_actions(actor)
    if action not in allowed:
        raise _refuse(task=current, actor=actor, action=action, request=request)


def stale_message(task: Task) -> str:
    """该任务已被 X 于 T 修改: who changed the task last, from the audit trail."""
    last = (
        AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
        .exclude(
            action__in=[
                AuditAction.PERMISSION_DENIED,
                AuditAction.EVIDENCE_DOWNLOAD,
                AuditAction.EVIDENCE_PREVIEW,
            ]
        )
        .order_by("-id")
        .values_list("actor_name", "created_at")
        .first()
    )
    who, when = last if last else ("", task.updated_at)
    return _("该任务已被 %(who)s 于 %(when)s 修改，请刷新后重试。") % {
        "who": who or _("他人"),
        "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S"),
    }


def _save(task: Task, *fields: str, inputs: ReplanInputs | None = None) -> None:
    from tracker.tasks.sentinels import model_update

    task.version += 1
    # Validate what this change writes: text stored before today's input rules
    # (a control character from an older version, say) must not block the task.
    task.full_clean(exclude=[f.name for f in Task._meta.fields if f.name not in fields])
    # Every change of state, holder or deadline re-plans the reminders (the next
    # occasion goes in the same UPDATE) and cancels those no longer due (assign,
    # acknowledge, extend, close, …), judged by the task as saved here.
    task_plan_next_reminder(task, inputs=inputs)
    # task.save(update_fields=…), from a statement kept per process.
    model_update(task, [*fields, "next_remind_at", "version", "updated_at"])
    task_cancel_stale_reminders(task)


def _heads_and_liaisons(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(
        User.objects.filter(department_id=department_id, is_active=True).filter(
            Q(role=Role.HEAD) | Q(is_liaison=True)
        )
    )


def lead_heads(task: Task) -> list[User]:
    """The active heads of the task's lead division (处室负责人)."""
    if task.lead_department_id is None:
        return []
    return list(
        User.objects.filter(is_active=True, role=Role.HEAD, department_id=task.lead_department_id)
    )


def supervisors() -> list[User]:
    """The active supervisors (督查室), who are told of what waits for the office."""
    return list(User.objects.filter(is_active=True, role=Role.SUPERVISOR))


def _is_lead_head(task: Task, user: User) -> bool:
    return user.is_head and task.lead_department_id in user_department_ids(user)


def _holders(task: Task) -> list[User]:
    people = _heads_and_liaisons(task.lead_department_id)
    if task.responsible is not None:
        people.insert(0, task.responsible)
    return people


def _record(
    *, action: AuditAction, actor: User, task: Task, before: Any, after: Any, request: Any = None
) -> None:
    audit_record(action=action, actor=actor, obj=task, before=before, after=after, request=request)


_SNAPSHOT: Any = object()  # "the snapshot taken when the transition began"


@dataclass
class TaskChange:
    """What the body of a ``task_transition`` works on: the task, re-read
    under its row lock, and its snapshot from before the change."""

    task: Task
    actor: User
    audit_action: AuditAction | None
    request: Any
    before: dict[str, Any]
    replan: ReplanInputs | None = None
    done: bool = field(default=False, init=False)

    def save(
        self,
        *fields: str,
        extra: dict[str, Any] | None = None,
        before: Any = _SNAPSHOT,
        after: Any = _SNAPSHOT,
    ) -> None:
        """Save the changed ``fields`` (the version goes up, reminders are
        re-planned) and audit the change: by default the snapshots before
        and after, the after side with ``extra`` added."""
        _save(self.task, *fields, inputs=self.replan)
        if self.audit_action is None:
            self.done = True
            return
        self.record(
            before=self.before if before is _SNAPSHOT else before,
            after=(task_snapshot(self.task) | (extra or {})) if after is _SNAPSHOT else after,
        )

    def record(self, *, before: Any, after: Any) -> None:
        """Audit without saving the task (the change was to something else)."""
        if self.audit_action is not None:
            _record(
                action=self.audit_action,
                actor=self.actor,
                task=self.task,
                before=before,
                after=after,
                request=self.request,
            )
        self.done = True


# The department's id in ``actor_department_cache``'s statement (sentinels.MARKS if
# written as text).
_DEPARTMENT_SENTINEL = 2_100_000_921


def actor_department_cache(actor: User) -> None:
    """Read ``actor.department`` into the actor's cache, as the attribute reads
    it, by a statement compiled once per process (``sentinels.model_rows``;
    ~700 function calls of every task write), or through the attribute where it
    cannot be."""
    from django.db import router

    from tracker.tasks.sentinels import model_rows

    descriptor = User.department
    if actor.department_id is None or descriptor.is_cached(actor):
        return
    found = model_rows(
        ("actor_department",),
        lambda: Department._base_manager.filter(pk=_DEPARTMENT_SENTINEL).order_by()[
            :MAX_GET_RESULTS
        ],
        router.db_for_read(Department, instance=actor),
        [_DEPARTMENT_SENTINEL],
        {0},
        [actor.department_id],
    )
    if found is not None and len(found) == 1:
        descriptor.field.set_cached_value(actor, found[0])
    else:
        actor.department  # noqa: B018 — not prepared or not found: the attribute's read


@contextmanager
def task_transition(
    *,
    task: Task,
    actor: User,
    action: str,
    audit_action: AuditAction | None,
    expected_version: int | None = None,
    request: Any = None,
    prechecked: bool = False,
    lock_parent: bool = False,
) -> Iterator[TaskChange]:
    """The common part of every action on an existing task.

    1. ask ``Task.allowed_actions`` (a refusal is audited and raised) —
       unless the caller has just done so with ``task_precheck``, to do slow
       work (checking and writing uploaded files) before the transaction;
    2. open a transaction (``task_write``), lock the task's row (and its
       parent's with ``lock_parent``, for a body that rolls progress up) and
       re-read the task, checking permission again and the optimistic-lock
       ``expected_version``;
    3. hand the body a ``TaskChange`` with the snapshot before the change;
       the body changes ``change.task`` and calls ``change.save(*fields)``
       (or ``change.record(...)`` when only something else changed), then
       may tell people with ``task_event`` inside the same transaction.

    Any exception in the body rolls everything back. The audit records are
    appended when the outermost task write ends, just before COMMIT.
    """
    if not prechecked:
        task_precheck(task=task, actor=actor, action=action, request=request)
    # What does not depend on the task is read before its row is locked (other
    # writes of this task wait for it): the organisation's reminder policy and
    # calendar, and the actor's department (named in the audit record). The task
    # and everything of the task are read under its row lock.
    replan = replan_inputs()
    actor_department_cache(actor)  # named in audit_record
    # The lock order of every task write is task_write's: the task's row (and its
    # parent's when the body rolls progress up to it) first, then what the body
    # writes, the tally lock when a count moves, the audit chain at the very end.
    with task_write():
        task_rows_lock([task.pk, *([task.parent_id] if lock_parent and task.parent_id else [])])
        locked = _lock(task=task, actor=actor, action=action, expected_version=expected_version)
        change = TaskChange(
            task=locked,
            actor=actor,
            audit_action=audit_action,
            request=request,
            before=task_snapshot(locked),
            replan=replan,
        )
        yield change
        if not change.done:
            raise RuntimeError(f"{action}: the transition neither saved nor recorded its change")


# -- 立项 / 修改 ---------------------------------------------------------------


@retry_on_conflict
def task_create(
    *,
    actor: User,
    title: str,
    description: str = "",
    kind: str = Kind.ADHOC,
    priority: int = Priority.NORMAL,
    due_on: dt.date | None = None,
    lead_department: Department | None = None,
    cooperating_departments: Iterable[Department] = (),
    require_evidence: bool = True,
    parent: Task | None = None,
    request: Any = None,
) -> Task:
    """立项: a supervisor creates a task by hand (status 待交办)."""
    if not actor.is_supervisor:
        audit_record(
            action=AuditAction.PERMISSION_DENIED,
            actor=actor,
            object_type="tasks.task",
            after={"attempted": "create"},
            request=request,
        )
        raise ActionNotAllowed(_("只有督办管理员可以新建任务。"))
    with task_write():  # a new row: it waits for nobody's task
        task = Task(
            title=title,
            description=description,
            kind=kind,
            priority=priority,
            due_on=due_on,
            lead_department=lead_department,
            require_evidence=require_evidence,
            parent=parent,
            created_by=actor,
        )
        task.full_clean()
        task.save()
        task.cooperating_departments.set(list(cooperating_departments))
        _record(
            action=AuditAction.TASK_CREATE,
            actor=actor,
            task=task,
            before=None,
            after=task_snapshot(task),
            request=request,
        )
    return task


@retry_on_conflict
def task_update(
    *,
    task: Task,
    actor: User,
    expected_version: int,
    request: Any = None,
    cooperating_departments: Iterable[Department] | None = None,
    lead_department: Department | None = None,
    **changes: Any,
) -> Task:
    """修改: a supervisor edits a task. A stale ``expected_version`` is refused
    with who changed it and when, so no edit is ever silently lost."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改这些字段：%s") % "、".join(sorted(unknown)))
    if (
        lead_department is not None
        and lead_department.pk != task.lead_department_id
        and task.status not in (Status.DRAFT, Status.DECLINED)
    ):
        # One rule for page and API: a changed lead department is refused, not ignored.
        raise ValidationError(
            _("任务已交办，牵头单位不能再修改；如需更换，请先中止任务或由承办单位退办。")
        )
    with task_transition(
        task=task,
        actor=actor,
        action=Action.EDIT,
        audit_action=AuditAction.TASK_UPDATE,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        for name, value in changes.items():
            setattr(task, name, value)
        fields = list(changes)
        if lead_department is not None and task.lead_department_editable:
            task.lead_department = lead_department
            fields.append("lead_department")
        if cooperating_departments is not None:
            task.cooperating_departments.set(list(cooperating_departments))
        change.save(*fields)
    return task


# -- 交办 / 签收 / 退办 ----------------------------------------------------------


@retry_on_conflict
def task_assign(
    *,
    task: Task,
    actor: User,
    lead_department: Department,
    cooperating_departments: Iterable[Department] = (),
    due_on: dt.date | None = None,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """交办: a supervisor sends a draft task to its lead department."""
    if lead_department is None:
        raise ValidationError(_("请选择牵头单位。"))
    cooperating = [d for d in cooperating_departments if d.pk != lead_department.pk]
    with task_transition(
        task=task,
        actor=actor,
        action=Action.ASSIGN,
        audit_action=AuditAction.TASK_ASSIGN,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        task.lead_department = lead_department
        if due_on is not None:
            task.due_on = due_on
        if task.due_on is None:
            raise ValidationError(_("交办前请设定完成时限。"))
        task.status = Status.ASSIGNED
        task.assigned_at = timezone.now()
        task.responsible = None
        task.cooperating_departments.set(cooperating)
        change.save(
            "lead_department",
            "due_on",
            "status",
            "assigned_at",
            "responsible",
            extra={"cooperating_department_ids": [d.pk for d in cooperating]},
        )
        task_event(
            task=task,
            kind=NotificationKind.ASSIGNED,
            recipients=_heads_and_liaisons(lead_department.pk),
            occasion=f"assign-{task.version}",
            subject=_("新交办任务：%s") % task.title[:100],
            body=_("请于 %(due)s 前完成，并及时签收。") % {"due": task.due_on},
            actor=actor,
        )
        # 交办通知单: the numbered slip the division signs for.
        slip_issue(task=task, kind=SlipKind.ASSIGN, occasion=f"assign-{task.version}", actor=actor)
    return task


@retry_on_conflict
def task_assign_bulk(
    *,
    tasks: Sequence[Task],
    actor: User,
    lead_department: Department,
    cooperating_departments: Iterable[Department] = (),
    due_on: dt.date | None = None,
    request: Any = None,
) -> list[Task]:
    """批量交办: all or nothing."""
    cooperating = list(cooperating_departments)
    with task_write():
        task_rows_lock(task.pk for task in tasks)  # all of them first, by id
        return [
            task_assign(
                task=task,
                actor=actor,
                lead_department=lead_department,
                cooperating_departments=cooperating,
                due_on=due_on,
                request=request,
            )
            for task in tasks
        ]


def _division_member(task: Task, user: User | None) -> User:
    """The responsible person must work in the lead division (or below it)."""
    if user is None:
        raise ValidationError(_("请指定责任人。"))
    lead = task.lead_department
    if lead is None or not user.is_active or user.department_id not in lead.descendant_ids():
        raise ValidationError(_("责任人必须是牵头单位的在职人员。"))
    return user


@retry_on_conflict
def task_acknowledge(
    *,
    task: Task,
    actor: User,
    responsible: User | None,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """签收: the lead division's head accepts the task and names the responsible person."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.ACKNOWLEDGE,
        audit_action=AuditAction.TASK_ACKNOWLEDGE,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        responsible = _division_member(task, responsible)
        task.status = Status.IN_PROGRESS
        task.acknowledged_at = timezone.now()
        task.responsible = responsible
        change.save(
            "status",
            "acknowledged_at",
            "responsible",
            extra={"responsible_name": responsible.display_name},
        )
    return task


@retry_on_conflict
def task_reassign(
    *,
    task: Task,
    actor: User,
    responsible: User | None,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """更换责任人 within the lead division."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.REASSIGN,
        audit_action=AuditAction.TASK_REASSIGN,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        responsible = _division_member(task, responsible)
        task.responsible = responsible
        change.save("responsible", extra={"responsible_name": responsible.display_name})
    return task


@retry_on_conflict
def task_decline(
    *,
    task: Task,
    actor: User,
    reason: str,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """退办: the division says the task is not its own; it goes back to the
    supervisor as a draft, with the reason on record."""
    if not (reason or "").strip():
        raise ValidationError(_("退办须说明理由。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.DECLINE,
        audit_action=AuditAction.TASK_DECLINE,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        # 退办: back with the office, shown under its own tab until re-assigned.
        task.status = Status.DECLINED
        task.responsible = None
        task.assigned_at = None
        change.save("status", "responsible", "assigned_at", extra={"reason": reason.strip()})
        task_event(
            task=task,
            kind=NotificationKind.DECLINED,
            recipients=[task.created_by, *supervisors()],
            occasion=f"decline-{task.version}",
            subject=_("任务被退办：%s") % task.title[:100],
            body=reason.strip(),
            actor=actor,
        )
    return task


# -- 反馈 / 提交 --------------------------------------------------------------


def _rollup_parent(task: Task) -> None:
    """A parent's progress is the average of its (not cancelled) sub-tasks."""
    if task.parent_id is None:
        return
    parent = Task.objects.select_for_update(no_key=True).get(pk=task.parent_id)
    average = (
        Task.objects.filter(parent_id=parent.pk)
        .exclude(status=Status.CANCELLED)
        .aggregate(avg=Avg("progress"))["avg"]
    )
    new = round(average or 0)
    if new != parent.progress:
        Task.objects.filter(pk=parent.pk).update(progress=new)


@retry_on_conflict
def progress_report(
    *,
    task: Task,
    actor: User,
    text: str,
    percent: int | str,
    files: Sequence[Any] = (),
    request: Any = None,
) -> ProgressUpdate:
    """反馈: the holder reports progress (text, percent, optional evidence files)."""
    if not (text or "").strip():
        raise ValidationError(_("请填写进展情况。"))
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError(_("完成进度须为 0 到 100 之间的整数。")) from None
    if not 0 <= percent <= 100:
        raise ValidationError(_("完成进度须为 0 到 100 之间的整数。"))
    # The files are checked and written before the write window (see evidence_write).
    task_precheck(task=task, actor=actor, action=Action.PROGRESS, request=request)
    checked = evidence_check_all(files=files)
    written: list[EvidenceFile] = []
    try:
        written = evidence_write(checked=checked, actor=actor)
        with task_transition(
            task=task,
            actor=actor,
            action=Action.PROGRESS,
            audit_action=AuditAction.PROGRESS_REPORT,
            request=request,
            prechecked=True,
            lock_parent=True,  # _rollup_parent
        ) as change:
            task = change.task
            update = ProgressUpdate(task=task, author=actor, text=text.strip(), percent=percent)
            update.full_clean()
            update.save()
            task.progress = percent
            fields = ["progress"]
            if task.status == Status.RETURNED:
                task.status = Status.IN_PROGRESS
                fields.append("status")
            change.save(*fields, extra={"text": update.text, "percent": percent})
            _rollup_parent(task)
            evidence_store(task=task, written=written, progress_update=update, request=request)
    except BaseException:
        evidence_files_delete(written)  # not committed: the files written go too
        raise
    return update


@retry_on_conflict
def task_submit(
    *, task: Task, actor: User, expected_version: int | None = None, request: Any = None
) -> Task:
    """提交审核: the holder submits; evidence is required when the task says so."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.SUBMIT,
        audit_action=AuditAction.TASK_SUBMIT,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        if task.require_evidence and not task.evidence.filter(withdrawn_at__isnull=True).exists():
            raise ValidationError(_("该任务要求提交审核前至少上传一份佐证材料。"))
        # 二级审核: staff work goes to their head first when the office asks for it.
        division_review = settings.DIVISION_REVIEW and not _is_lead_head(task, actor)
        task.status = Status.DIVISION_REVIEW if division_review else Status.SUBMITTED
        task.submitted_at = timezone.now()
        task.submitted_by = actor
        task.division_reviewed_by = None
        task.division_reviewed_at = None
        change.save(
            "status", "submitted_at", "submitted_by", "division_reviewed_by", "division_reviewed_at"
        )
        task_event(
            task=task,
            kind=NotificationKind.SUBMITTED,
            recipients=lead_heads(task) if division_review else supervisors(),
            occasion=f"submit-{task.version}",
            subject=(_("待处室审核：%s") if division_review else _("待审核：%s"))
            % task.title[:100],
            body=_("%(who)s 提交了办理结果，请审核。") % {"who": actor.display_name},
            actor=actor,
        )
    return task


@retry_on_conflict
def task_division_approve(
    *,
    task: Task,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """二级审核通过: the head passes the division's work on to the office."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.DIVISION_APPROVE,
        audit_action=AuditAction.TASK_DIVISION_APPROVE,
        expected_version=expected_version,
        request=request,
    ) as change:
        task = change.task
        task.status = Status.SUBMITTED
        task.division_reviewed_by = actor
        task.division_reviewed_at = timezone.now()
        change.save(
            "status", "division_reviewed_by", "division_reviewed_at", extra={"note": note.strip()}
        )
        task_event(
            task=task,
            kind=NotificationKind.SUBMITTED,
            recipients=supervisors(),
            occasion=f"submit-{task.version}",
            subject=_("待审核：%s") % task.title[:100],
            body=_("已经 %(who)s 处室审核。%(note)s") % {"who": actor.display_name, "note": note},
            actor=actor,
        )
    return task


@retry_on_conflict
def task_division_return(
    *,
    task: Task,
    actor: User,
    reason: str,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """二级审核退回: the head sends the work back to the person, with the reason."""
    if not (reason or "").strip():
        raise ValidationError(_("退回须说明理由。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.DIVISION_RETURN,
        audit_action=AuditAction.TASK_DIVISION_RETURN,
        expected_version=expected_version,
        request=request,
    ) as change:
        _send_back(
            change,
            reason=reason,
            recipients=[change.task.submitted_by or change.task.responsible],
            subject=_("处室退回重办：%s") % change.task.title[:100],
        )
    return change.task


def _send_back(change: TaskChange, *, reason: str, recipients: list[Any], subject: str) -> None:
    """退回重办 (by the office or by the head): the review on record, the task
    back with its holder, the people told with the reason."""
    task = change.task
    review = Review(
        task=task, decision=Decision.RETURN, reason=reason.strip(), reviewer=change.actor
    )
    review.full_clean()
    review.save()
    task.status = Status.RETURNED
    change.save("status", extra={"reason": review.reason})
    task_event(
        task=task,
        kind=NotificationKind.RETURNED,
        recipients=recipients,
        occasion=f"review-{review.pk}",
        subject=subject,
        body=review.reason,
        actor=change.actor,
    )


# -- 审核 --------------------------------------------------------------------


@retry_on_conflict
def task_approve(
    *,
    task: Task,
    actor: User,
    note: str = "",
    confirm_incomplete: bool = False,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """办结/销号: a supervisor other than the submitter closes the task; under
    100 % progress only when the supervisor confirms it (``confirm_incomplete``)."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.APPROVE,
        audit_action=AuditAction.TASK_APPROVE,
        expected_version=expected_version,
        request=request,
        lock_parent=True,  # _rollup_parent
    ) as change:
        task = change.task
        if task.progress < 100 and not confirm_incomplete:
            raise ValidationError(
                _("该任务完成进度为 %(p)s%%，尚未达到 100%%。确认办结销号请勾选“仍确认办结销号”。")
                % {"p": task.progress}
            )
        review = Review(task=task, decision=Decision.APPROVE, reason=note.strip(), reviewer=actor)
        review.full_clean()
        review.save()
        task.status = Status.DONE
        task.completed_at = timezone.now()
        task.progress = 100
        change.save("status", "completed_at", "progress", extra={"note": review.reason})
        _rollup_parent(task)
        instructions_report_on_close(task=task)
        task_event(
            task=task,
            kind=NotificationKind.APPROVED,
            recipients=_holders(task),
            occasion=f"review-{review.pk}",
            subject=_("任务已办结销号：%s") % task.title[:100],
            body=review.reason,
            actor=actor,
        )
    return task


@retry_on_conflict
def task_return(
    *,
    task: Task,
    actor: User,
    reason: str,
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """退回重办 with a reason, told to the holder."""
    if not (reason or "").strip():
        raise ValidationError(_("退回须说明理由。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.RETURN,
        audit_action=AuditAction.TASK_RETURN,
        expected_version=expected_version,
        request=request,
    ) as change:
        _send_back(
            change,
            reason=reason,
            recipients=_holders(change.task),
            subject=_("任务被退回重办：%s") % change.task.title[:100],
        )
    return change.task


@retry_on_conflict
def task_cancel(
    *,
    task: Task,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
    request: Any = None,
) -> Task:
    """中止: a supervisor stops an open task."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.CANCEL,
        audit_action=AuditAction.TASK_CANCEL,
        expected_version=expected_version,
        request=request,
        lock_parent=True,  # _rollup_parent
    ) as change:
        task = change.task
        task.status = Status.CANCELLED
        task.cancelled_at = timezone.now()
        change.save("status", "cancelled_at", extra={"reason": (reason or "").strip()})
        _rollup_parent(task)
    return task


@retry_on_conflict
def task_archive(*, task: Task, actor: User, request: Any = None) -> Task:
    """归档 a closed task."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.ARCHIVE,
        audit_action=AuditAction.TASK_ARCHIVE,
        request=request,
    ) as change:
        task = change.task
        task.archived_at = timezone.now()
        change.save("archived_at", extra={"archived_at": task.archived_at.isoformat()})
    return task


# -- 延期 --------------------------------------------------------------------


@retry_on_conflict
def extension_request(
    *,
    task: Task,
    actor: User,
    requested_due_on: dt.date,
    reason: str,
    request: Any = None,
) -> ExtensionRequest:
    """延期申请: the holder asks for a later deadline, with a reason."""
    if not (reason or "").strip():
        raise ValidationError(_("请填写延期理由。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.EXTEND,
        audit_action=AuditAction.EXTENSION_REQUEST,
        request=request,
    ) as change:
        task = change.task
        if requested_due_on is None or (task.due_on and requested_due_on <= task.due_on):
            raise ValidationError(_("申请延至的日期须晚于原完成时限。"))
        extension = ExtensionRequest(
            task=task,
            requested_by=actor,
            current_due_on=task.due_on,
            requested_due_on=requested_due_on,
            reason=reason.strip(),
        )
        extension.full_clean()
        extension.save()
        change.save(
            before={"due_on": task.due_on.isoformat() if task.due_on else None},
            after={"requested_due_on": requested_due_on.isoformat(), "reason": extension.reason},
        )
        task_event(
            task=task,
            kind=NotificationKind.EXTENSION_REQUESTED,
            recipients=supervisors(),
            occasion=f"extension-{extension.pk}",
            subject=_("延期申请待审批：%s") % task.title[:100],
            body=_("申请延至 %(due)s。理由：%(reason)s")
            % {"due": requested_due_on.isoformat(), "reason": extension.reason},
            actor=actor,
        )
    return extension


@retry_on_conflict
def extension_decide(
    *,
    task: Task,
    actor: User,
    approve: bool,
    note: str = "",
    request: Any = None,
) -> ExtensionRequest:
    """延期审批: a supervisor approves (the deadline moves, the count goes up) or refuses."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.DECIDE_EXTENSION,
        audit_action=AuditAction.EXTENSION_DECIDE,
        request=request,
    ) as change:
        task = change.task
        extension = (
            ExtensionRequest.objects.select_for_update(no_key=True)
            .filter(task=task, status=ExtensionStatus.PENDING)
            .select_related("requested_by")
            .get()
        )
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.decided_by = actor
        extension.decided_at = timezone.now()
        extension.decision_note = (note or "").strip()
        extension.full_clean()
        extension.save()
        fields: list[str] = []
        if approve:
            task.due_on = extension.requested_due_on
            task.extension_count += 1
            fields = ["due_on", "extension_count"]
        change.save(*fields, extra={"approved": approve, "note": extension.decision_note})
        task_event(
            task=task,
            kind=NotificationKind.EXTENSION_DECIDED,
            recipients=[extension.requested_by],
            occasion=f"extension-{extension.pk}",
            subject=(_("延期申请已同意：%s") if approve else _("延期申请未同意：%s"))
            % task.title[:100],
            body=extension.decision_note,
            actor=actor,
        )
    return extension


# -- 评论 / 拆分 ---------------------------------------------------------------


@retry_on_conflict
def comment_add(*, task: Task, actor: User, text: str, request: Any = None) -> Comment:
    """发表意见; @username tells that person (if they may see the task).
    A leader's comment is a 领导批示."""
    if not (text or "").strip():
        raise ValidationError(_("请填写意见内容。"))
    task_precheck(task=task, actor=actor, action=Action.COMMENT, request=request)
    # A comment changes no task row (its foreign key's KEY SHARE waits for no
    # task write): no row lock; its record goes on the chain at the end.
    with task_write():
        comment = Comment(
            task=task, author=actor, text=text.strip(), is_instruction=actor.is_leader
        )
        comment.full_clean()
        comment.save()
        _record(
            action=AuditAction.COMMENT_ADD,
            actor=actor,
            task=task,
            before=None,
            after={"text": comment.text, "is_instruction": comment.is_instruction},
            request=request,
        )
        names = set(MENTION_RE.findall(comment.text))
        if names:
            mentioned = [
                user
                for user in User.objects.filter(username__in=names, is_active=True)
                if Task.objects.visible_to(user).filter(pk=task.pk).exists()
            ]
            task_event(
                task=task,
                kind=NotificationKind.MENTIONED,
                recipients=mentioned,
                occasion=f"comment-{comment.pk}",
                subject=_("%(who)s 在任务中提到了您：%(title)s")
                % {"who": actor.display_name, "title": task.title[:100]},
                body=comment.text,
                actor=actor,
            )
    return comment


@retry_on_conflict
def task_split(
    *,
    task: Task,
    actor: User,
    departments: Sequence[Department],
    due_on: dt.date | None = None,
    request: Any = None,
) -> list[Task]:
    """拆分: one sub-task per department, each assigned to it; the parent's
    progress becomes the rollup of its children."""
    departments = list(dict.fromkeys(departments))
    if not departments:
        raise ValidationError(_("请至少选择一个单位。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.SPLIT,
        audit_action=AuditAction.TASK_SPLIT,
        request=request,
    ) as change:
        parent = change.task
        children = []
        for department in departments:
            child = task_create(
                actor=actor,
                title=f"{parent.title}（{department.short_name or department.name}）",
                description=parent.description,
                kind=parent.kind,
                priority=parent.priority,
                due_on=due_on or parent.due_on,
                require_evidence=parent.require_evidence,
                parent=parent,
                request=request,
            )
            child.report_id = parent.report_id
            child.source_item_id = parent.source_item_id
            # The work reported before the split counts for every part: each sub-task starts
            # where the parent stood, so the rollup keeps the parent's progress instead of
            # dropping it to 0; the parent's reports stay on the parent and are shown on
            # each sub-task's page (split_history).
            child.progress = parent.progress
            child.save(update_fields=["report", "source_item", "progress"])
            children.append(
                task_assign(
                    task=child,
                    actor=actor,
                    lead_department=department,
                    due_on=due_on or parent.due_on,
                    request=request,
                )
            )
        change.save(
            before=None,
            after={
                "subtasks": [c.pk for c in children],
                "departments": [str(d) for d in departments],
            },
        )
        _rollup_parent(children[0])
    return children
