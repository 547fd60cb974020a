"""催办, 批示件, 时间节点 and 定期反馈: the office's instruments around a task.

Each service takes keyword-only arguments, asks ``Task.allowed_actions``
whether the actor may act (a refusal changes nothing), works in one
transaction, records an audit event and tells the people who must act
through the outbox.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record, task_write
from tracker.conflicts import retry_on_conflict
from tracker.notifications.events import task_event
from tracker.notifications.models import (
    NotificationKind,
    ReminderPolicy,
    ReportCycle,
    TaskReminderPolicy,
)
from tracker.notifications.reminders import task_replan_reminders
from tracker.org.models import User
from tracker.slips.models import SlipKind
from tracker.slips.services import slip_issue
from tracker.supervision.models import (
    Instruction,
    InstructionKind,
    InstructionStatus,
    Milestone,
    Urge,
)
from tracker.tasks.models import OPEN_STATUSES, Action, Kind, Task
from tracker.tasks.services import ActionNotAllowed, lead_heads, supervisors, task_transition


def _holders(task: Task) -> list[User]:
    """Who carries the task now: the person named, else the lead division's heads."""
    return [task.responsible] if task.responsible is not None else lead_heads(task)


# -- 催办 ----------------------------------------------------------------------


@retry_on_conflict
def task_urge(*, task: Task, actor: User, message: str = "", request: Any = None) -> Urge:
    """催办: remind the holder (and from the second time the head), count it, issue a 催办单.

    At most one 催办 per task within ``URGE_MIN_INTERVAL_HOURS``.
    """
    message = (message or "").strip()
    with task_transition(
        task=task,
        actor=actor,
        action=Action.URGE,
        audit_action=AuditAction.TASK_URGE,
        request=request,
    ) as change:
        task = change.task
        last = task.urges.order_by("-created_at").first()
        interval = dt.timedelta(hours=settings.URGE_MIN_INTERVAL_HOURS)
        if last is not None and timezone.now() - last.created_at < interval:
            next_at = timezone.localtime(last.created_at + interval)
            raise ValidationError(
                _("该任务已于 %(last)s 催办，请于 %(next)s 后再催办。")
                % {
                    "last": timezone.localtime(last.created_at).strftime("%Y-%m-%d %H:%M"),
                    "next": next_at.strftime("%Y-%m-%d %H:%M"),
                }
            )
        sequence = task.urge_count + 1
        urge = Urge(task=task, sequence=sequence, urged_by=actor, message=message)
        urge.full_clean()
        urge.save()
        Task.objects.filter(pk=task.pk).update(urge_count=F("urge_count") + 1)
        task.urge_count = sequence
        change.record(before=None, after={"sequence": sequence, "message": message})
        recipients = _holders(task)
        if sequence >= 2:
            recipients += lead_heads(task)
        task_event(
            task=task,
            kind=NotificationKind.URGED,
            recipients=recipients,
            occasion=f"urge-{sequence}",
            subject=_("【第%(n)s次催办】%(title)s") % {"n": sequence, "title": task.title[:100]},
            body=message or _("请抓紧办理并及时反馈进展。"),
            actor=actor,
        )
        slip_issue(
            task=task,
            kind=SlipKind.URGE,
            occasion=f"urge-{sequence}",
            actor=actor,
            note=_("催办意见：%s") % message if message else "",
            extra={"urge_count": sequence},
        )
    return urge


# -- 领导批示（批示件） ----------------------------------------------------------


@retry_on_conflict
def instruction_issue(
    *,
    task: Task,
    actor: User,
    text: str,
    kind: str = InstructionKind.HANDLE,
    issued_on: dt.date | None = None,
    report_due_on: dt.date | None = None,
    request: Any = None,
) -> Instruction:
    """领导批示: a leader's instruction on a task, shown at its top and told to its holders."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("请填写批示内容。"))
    issued_on = issued_on or timezone.localdate()
    if report_due_on is not None and report_due_on < issued_on:
        raise ValidationError(_("报告落实情况的时限不能早于批示日期。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.INSTRUCT,
        audit_action=AuditAction.INSTRUCTION_ISSUE,
        request=request,
    ) as change:
        task = change.task
        instruction = Instruction(
            task=task,
            leader=actor,
            kind=kind,
            text=text,
            issued_on=issued_on,
            report_due_on=report_due_on,
        )
        instruction.full_clean()
        instruction.save()
        change.record(
            before=None,
            after={
                "instruction": instruction.pk,
                "kind": kind,
                "text": text,
                "report_due_on": report_due_on.isoformat() if report_due_on else None,
            },
        )
        task_event(
            task=task,
            kind=NotificationKind.INSTRUCTION,
            recipients=[*_holders(task), *supervisors()],
            occasion=f"instruction-{instruction.pk}",
            subject=_("【领导批示】%(who)s：%(title)s")
            % {"who": actor.display_name, "title": task.title[:80]},
            body=text,
            actor=actor,
        )
    return instruction


# -- 时间节点 ------------------------------------------------------------------


def _refresh_next_milestone(task: Task) -> None:
    nearest = task.milestones.filter(completed_at__isnull=True).aggregate(d=Min("due_on"))["d"]
    Task.objects.filter(pk=task.pk).update(next_milestone_on=nearest)
    task.next_milestone_on = nearest
    task_replan_reminders(task)


@retry_on_conflict
def milestone_add(
    *, task: Task, actor: User, title: str, due_on: dt.date, request: Any = None
) -> Milestone:
    """设置时间节点: a stage with its own deadline, no later than the task's."""
    title = (title or "").strip()
    if not title or due_on is None:
        raise ValidationError(_("请填写节点内容和节点时限。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.ADD_MILESTONE,
        audit_action=AuditAction.MILESTONE_ADD,
        request=request,
    ) as change:
        task = change.task
        if task.due_on is not None and due_on > task.due_on:
            raise ValidationError(
                _("节点时限不能晚于任务完成时限（%s）。") % task.due_on.isoformat()
            )
        milestone = Milestone(task=task, title=title, due_on=due_on)
        milestone.full_clean()
        milestone.save()
        _refresh_next_milestone(task)
        change.record(
            before=None,
            after={"milestone": milestone.pk, "title": title, "due_on": due_on.isoformat()},
        )
        task_event(
            task=task,
            kind=NotificationKind.MILESTONE,
            recipients=_holders(task),
            occasion=f"milestone-add-{milestone.pk}",
            subject=_("新的时间节点：%(title)s（%(due)s 前）")
            % {"title": title[:80], "due": due_on.isoformat()},
            body=task.title,
            actor=actor,
        )
    return milestone


@retry_on_conflict
def milestone_complete(
    *,
    task: Task,
    actor: User,
    milestone: Milestone | None,
    note: str = "",
    evidence: list[Any] | None = None,
    request: Any = None,
) -> Milestone:
    """完成时间节点, with what was done and the evidence for it; the office is told."""
    note = (note or "").strip()
    if milestone is None:
        raise ValidationError(_("没有这个时间节点。"))
    if not note:
        raise ValidationError(_("请填写节点完成情况。"))
    with task_transition(
        task=task,
        actor=actor,
        action=Action.COMPLETE_MILESTONE,
        audit_action=AuditAction.MILESTONE_COMPLETE,
        request=request,
    ) as change:
        task = change.task
        milestone = Milestone.objects.select_for_update(no_key=True).get(pk=milestone.pk, task=task)
        if milestone.is_done:
            raise ValidationError(_("该时间节点已完成。"))
        milestone.completed_at = timezone.now()
        milestone.completed_by = actor
        milestone.note = note
        milestone.save(update_fields=["completed_at", "completed_by", "note"])
        if evidence:
            milestone.evidence.set([e for e in evidence if e.task_id == task.pk])
        _refresh_next_milestone(task)
        change.record(
            before=None,
            after={"milestone": milestone.pk, "title": milestone.title, "note": note},
        )
        task_event(
            task=task,
            kind=NotificationKind.MILESTONE,
            recipients=supervisors(),
            occasion=f"milestone-done-{milestone.pk}",
            subject=_("时间节点已完成：%s") % milestone.title[:100],
            body=f"{task.title}\n{note}",
            actor=actor,
        )
    return milestone


# -- 定期反馈 ------------------------------------------------------------------


# The report day the task page proposes, and the one an import gives a periodic row: the
# 5th (of the month, of the month after each quarter; Friday for a weekly cycle).
FEEDBACK_DAY_DEFAULT = 5


def feedback_policy_write(
    *, task: Task, cycle: str, day: int
) -> tuple[TaskReminderPolicy, dict[str, Any]]:
    """The task's own policy (made from the office's default when it has none) with 定期反馈
    ``cycle`` on ``day``, validated and saved; and the cycle and day it had before. Owed from
    today when the cycle changes (``report_since``). The caller holds the task's row and
    decides who may (feedback_set on the task page, the import for a periodic row)."""
    policy = TaskReminderPolicy.objects.filter(task=task).first()
    if policy is None:
        default = ReminderPolicy.load()
        policy = TaskReminderPolicy(
            task=task,
            **{
                field.name: getattr(default, field.name)
                for field in ReminderPolicy._meta.concrete_fields
                if field.name != "id"
            },
        )
    before = {"cycle": policy.report_cycle, "day": policy.report_day}
    if (cycle or "") != policy.report_cycle or policy.report_since is None:
        policy.report_since = timezone.localdate()
    policy.report_cycle = cycle or ReportCycle.NONE
    policy.report_day = day
    policy.full_clean(exclude=["task"])
    policy.save()
    return policy, before


@retry_on_conflict
def feedback_set(
    *, task: Task, actor: User, cycle: str, day: int, request: Any = None
) -> TaskReminderPolicy | None:
    """设置定期反馈 on the task page: weekly, monthly or quarterly, or none."""
    with task_transition(
        task=task,
        actor=actor,
        action=Action.SET_FEEDBACK,
        audit_action=AuditAction.FEEDBACK_SET,
        request=request,
    ) as change:
        task = change.task
        policy, before = feedback_policy_write(task=task, cycle=cycle, day=day)
        task_replan_reminders(task)
        change.record(before=before, after={"cycle": policy.report_cycle, "day": policy.report_day})
    return policy


# -- chasing instruction and milestone deadlines ---------------------------------

SOON_DAYS = 3


def _phase(due_on: dt.date, today: dt.date) -> str | None:
    """The reminder phase for a deadline: soon, today, then each week overdue."""
    days_left = (due_on - today).days
    if days_left < 0:
        return f"overdue-{(-days_left - 1) // 7}"
    if days_left == 0:
        return "today"
    if days_left <= SOON_DAYS:
        return "soon"
    return None


def deadlines_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """批示件 report-back deadlines and 时间节点 are chased like task deadlines:
    a few days before, on the day, and weekly once passed (overdue milestones
    also to the division's head). Each (item, phase) is told once."""
    today = today or timezone.localdate()
    counts = {"instruction": 0, "milestone": 0}
    instructions = Instruction.objects.filter(
        status=InstructionStatus.OPEN,
        report_due_on__isnull=False,
        report_due_on__lte=today + dt.timedelta(days=SOON_DAYS),
        task__status__in=OPEN_STATUSES,
    ).select_related("task__responsible", "task__lead_department", "leader")
    for instruction in instructions:
        due = instruction.report_due_on
        phase = _phase(due, today) if due is not None else None
        if due is None or phase is None:
            continue
        task = instruction.task
        created = task_event(
            task=task,
            kind=NotificationKind.INSTRUCTION,
            recipients=_holders(task),
            occasion=f"instruction-{instruction.pk}-{phase}",
            subject=_("【批示落实】请于 %(due)s 前报告落实情况：%(title)s")
            % {"due": due.isoformat(), "title": task.title[:80]},
            body=f"{instruction.leader.display_name}：{instruction.text}",
        )
        counts["instruction"] += bool(created)
    milestones = Milestone.objects.filter(
        completed_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=SOON_DAYS),
        task__status__in=OPEN_STATUSES,
    ).select_related("task__responsible", "task__lead_department")
    for milestone in milestones:
        phase = _phase(milestone.due_on, today)
        if phase is None:
            continue
        task = milestone.task
        audience = _holders(task)
        if phase.startswith("overdue"):
            audience += lead_heads(task)
        created = task_event(
            task=task,
            kind=NotificationKind.MILESTONE,
            recipients=audience,
            occasion=f"milestone-{milestone.pk}-{phase}",
            subject=_("【时间节点】%(title)s（%(due)s 前）")
            % {"title": milestone.title[:80], "due": milestone.due_on.isoformat()},
            body=task.title,
        )
        counts["milestone"] += bool(created)
    return counts


def instructions_visible_to(user: User) -> QuerySet[Instruction]:
    """The one rule: an instruction is seen by whoever sees its task."""
    return Instruction.objects.filter(task__in=Task.objects.visible_to(user))


@retry_on_conflict
def instruction_create_task(
    *,
    actor: User,
    title: str,
    text: str,
    kind: str = InstructionKind.HANDLE,
    issued_on: dt.date | None = None,
    report_due_on: dt.date | None = None,
    due_on: dt.date | None = None,
    request: Any = None,
) -> Instruction:
    """批示件 → 立项: a leader's instruction becomes a new task (待交办) for the
    office to assign, with the instruction attached to it."""
    title, text = (title or "").strip(), (text or "").strip()
    if not actor.is_leader:
        raise ActionNotAllowed(_("只有厅领导可以根据批示新建任务。"))
    if not title or not text:
        raise ValidationError(_("请填写任务名称和批示内容。"))
    issued_on = issued_on or timezone.localdate()
    if report_due_on is not None and report_due_on < issued_on:
        raise ValidationError(_("报告落实情况的时限不能早于批示日期。"))
    with task_write():  # a new task: it waits for nobody's
        task = Task(title=title, description=text, kind=Kind.ADHOC, due_on=due_on, created_by=actor)
        task.full_clean()
        task.save()
        instruction = Instruction(
            task=task,
            leader=actor,
            kind=kind,
            text=text,
            issued_on=issued_on,
            report_due_on=report_due_on,
        )
        instruction.full_clean()
        instruction.save()
        audit_record(
            action=AuditAction.INSTRUCTION_CREATE_TASK,
            actor=actor,
            obj=task,
            after={"instruction": instruction.pk, "title": title, "text": text},
            request=request,
        )
        task_event(
            task=task,
            kind=NotificationKind.INSTRUCTION,
            recipients=supervisors(),
            occasion=f"instruction-{instruction.pk}",
            subject=_("【领导批示交办】%(who)s：%(title)s，请立项交办")
            % {"who": actor.display_name, "title": title[:80]},
            body=text,
            actor=actor,
        )
    return instruction
