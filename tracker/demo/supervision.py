"""The 督办 instruments in the living demo: a 催办 on the overdue task, a leader's 批示 waiting
for its report-back, a task worked in 时间节点 and a 定期反馈 cycle — made through the services,
so the slips, notifications and audit trail are the real ones, dated relative to today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tracker.org.models import User
from tracker.supervision import services
from tracker.supervision.models import InstructionKind
from tracker.tasks.models import WORKING_STATUSES, Status, Task


def demo_supervision_seed(today: dt.date, tasks: Iterable[Task], people: dict[str, User]) -> None:
    supervisor, leader = people.get("supervisor"), people.get("leader")
    if supervisor is None or leader is None:
        return
    fresh = [Task.objects.get(pk=t.pk) for t in tasks]
    working = sorted(
        (t for t in fresh if t.status in WORKING_STATUSES and t.due_on is not None),
        key=lambda t: t.due_on or today,
    )
    overdue = next((t for t in working if t.due_on and t.due_on < today), None)
    if overdue is not None:
        services.task_urge(
            task=overdue,
            actor=supervisor,
            message="该任务已超过完成时限，请于3个工作日内报送办理进展和下一步安排。",
        )
    later = [t for t in working if t.due_on and t.due_on > today + dt.timedelta(days=60)]
    if later:
        staged = later[0]
        services.milestone_add(
            task=staged,
            actor=supervisor,
            title="完成调研，形成初稿",
            due_on=today - dt.timedelta(days=10),
        )
        services.milestone_add(
            task=staged,
            actor=supervisor,
            title="征求意见并报审",
            due_on=today + dt.timedelta(days=20),
        )
        holder = staged.responsible or supervisor
        first = staged.milestones.order_by("due_on").first()  # type: ignore[attr-defined]
        services.milestone_complete(
            task=Task.objects.get(pk=staged.pk),
            actor=holder,
            milestone=first,
            note="已完成全省调研，初稿已形成。",
        )
        services.feedback_set(
            task=Task.objects.get(pk=staged.pk), actor=supervisor, cycle="monthly", day=5
        )
    instructed = next((t for t in working if t not in later[:1] and t is not overdue), None)
    if instructed is not None and instructed.status != Status.DONE:
        services.instruction_issue(
            task=instructed,
            actor=leader,
            text="此项工作事关全局，请加强统筹、按期完成，阶段性进展及时报告。",
            kind=InstructionKind.HANDLE,
            issued_on=today - dt.timedelta(days=2),
            report_due_on=today + dt.timedelta(days=14),
        )
