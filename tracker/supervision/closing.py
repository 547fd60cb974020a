"""落实情况: when a task is closed, each open 领导批示 on it is reported back.

Called by the task workflow's 销号 (``tracker.tasks.services.task_approve``),
so it depends on models and the outbox only, never on the task services.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.notifications.events import task_event
from tracker.notifications.models import NotificationKind
from tracker.supervision.models import Instruction, InstructionStatus
from tracker.tasks.models import Task


def instructions_report_on_close(*, task: Task) -> list[Instruction]:
    """Mark each open instruction on ``task`` reported, with what was done
    (progress, evidence, the latest progress report), and tell its leader."""
    open_instructions = list(
        Instruction.objects.filter(task=task, status=InstructionStatus.OPEN).select_related(
            "leader"
        )
    )
    if not open_instructions:
        return []
    latest = task.progress_updates.order_by("-created_at", "-id").first()
    evidence = task.evidence.filter(withdrawn_at__isnull=True).count()
    report = _("任务已办结销号（完成进度 %(p)s%%，佐证材料 %(n)s 份）。最近进展：%(text)s") % {
        "p": task.progress,
        "n": evidence,
        "text": latest.text if latest else _("（无）"),
    }
    now = timezone.now()
    for instruction in open_instructions:
        instruction.status = InstructionStatus.REPORTED
        instruction.reported_at = now
        instruction.report = report
        instruction.save(update_fields=["status", "reported_at", "report"])
        task_event(
            task=task,
            kind=NotificationKind.INSTRUCTION,
            recipients=[instruction.leader],
            occasion=f"instruction-report-{instruction.pk}",
            subject=_("【批示落实情况】%s") % task.title[:100],
            body=f"{_('批示')}：{instruction.text}\n{_('落实情况')}：{report}",
        )
    return open_instructions
