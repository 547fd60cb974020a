"""Reporting services: the filtered task set of an export, the report draft,
and the weekly briefing (每周简报) written to the notification outbox."""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import IO, Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from plans.models import Report
from tracker.audit.anchor import audit_head
from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.evidence.models import EvidenceFile
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.notifications.services import notifications_queue
from tracker.org.models import Role, User
from tracker.reporting.draft import report_draft_write
from tracker.scoring.periods import parse_period
from tracker.scoring.services import LeagueRow, league_table_for
from tracker.tasks.filters import TaskFilter
from tracker.tasks.models import UNASSIGNED_STATUSES, Status, Task, overdue_q

MOST_OVERDUE_LIMIT = 5


class ExportFilterError(ValueError):
    """The export's filter parameters are not valid (message in Chinese)."""


def export_tasks(*, user: User, params: QueryDict) -> QuerySet[Task]:
    """The visible tasks narrowed by the task list's own filter (TaskFilter)."""
    task_filter = TaskFilter(data=params, queryset=Task.objects.visible_to(user))
    if not task_filter.is_valid():
        messages = "；".join(
            f"{task_filter.form.fields[name].label}：{'，'.join(errors)}"
            for name, errors in task_filter.errors.items()
        )
        raise ExportFilterError(f"筛选条件有误：{messages}")
    return task_filter.qs


def export_league(*, user: User, params: QueryDict) -> tuple[str, list[LeagueRow]]:
    """考评 of the period ``scoring_period`` (default: the current quarter) as
    this user may see it, for the ledger workbook's 考评得分 and 考评明细 sheets."""
    period, error = parse_period(params.get("scoring_period"), timezone.localdate())
    if error:
        raise ExportFilterError(f"筛选条件有误：{error}")
    return period.label, league_table_for(user=user, period=period)


def ledger_export(
    *, user: User, params: QueryDict, file_format: str, via_api: bool = False, request: Any = None
) -> QuerySet[Task]:
    """工作台账: the tasks of one export (``export_tasks``), and the export
    itself on the audit trail, once, whichever door it came through."""
    tasks = export_tasks(user=user, params=params)
    channel = f"{file_format} api" if via_api else file_format
    audit_record(
        action=AuditAction.LEDGER_EXPORT,
        actor=user,
        object_type="ledger",
        object_repr=f"{channel} {params.urlencode()}"[:300],
        request=request,
    )
    return tasks


def report_draft_tasks(*, user: User, report: Report) -> list[Task]:
    """The report's tasks this user may see, with progress and evidence."""
    return list(
        Task.objects.visible_to(user)
        .filter(report=report)
        .select_related("lead_department", "source_item", "reminder_policy")
        .prefetch_related(
            "progress_updates",
            Prefetch(
                "evidence", queryset=EvidenceFile.objects.order_by("original_name", "-version")
            ),
        )
        .order_by("source_item__order", "due_on", "id")
    )


def report_draft_build(
    *, user: User, report_id: int, request: Any = None
) -> tuple[Report, IO[bytes]]:
    """Next year's report draft as a .docx in a rewound temporary file.

    Who may have it is ``Report.objects.visible_to``: supervisors and leaders
    get every task and item of the report; anybody else a draft built from
    the tasks they can see (their division's share) and the items behind
    them, and a 404 for a report in which they have no visible task.
    """
    report = Report.objects.visible_to(user).filter(pk=report_id).first()
    if report is None:
        raise Http404("报告不存在")
    tasks = report_draft_tasks(user=user, report=report)
    items = list(report.items.visible_to(user).order_by("kind", "order", "id"))
    target = tempfile.TemporaryFile(suffix=".docx")  # noqa: SIM115 - closed by the response
    report_draft_write(report=report, items=items, tasks=tasks, target=target)
    target.seek(0)
    audit_record(action=AuditAction.REPORT_DRAFT, actor=user, obj=report, request=request)
    return report, target


# --- Weekly briefing ---------------------------------------------------------


def week_key(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def briefing_summary(*, user: User, today: dt.date) -> dict[str, Any]:
    """What one person's weekly briefing says, from the tasks they can see."""
    tasks = Task.objects.visible_to(user)
    week_start = today - dt.timedelta(days=7)
    completed = list(
        tasks.filter(
            status=Status.DONE, completed_at__date__gte=week_start, completed_at__date__lt=today
        )
        .order_by("completed_at")
        .values_list("title", flat=True)[:50]
    )
    newly_overdue = list(
        tasks.filter(overdue_q(today), due_on__gte=week_start)
        .order_by("due_on")
        .values_list("title", "due_on")[:50]
    )
    most_overdue = list(
        tasks.overdue(today)
        .select_related("lead_department")
        .order_by("due_on", "id")[:MOST_OVERDUE_LIMIT]
    )
    ranking = list(
        tasks.exclude(status__in=UNASSIGNED_STATUSES)  # nobody's yet: not in the ranking
        .order_by()
        .values("lead_department__name")
        .annotate(
            total=Count("id", filter=~Q(status=Status.CANCELLED)),
            done=Count("id", filter=Q(status=Status.DONE)),
            overdue=Count("id", filter=overdue_q(today)),
        )
    )
    ranking.sort(key=lambda r: (-(r["done"] / r["total"] if r["total"] else 0), r["overdue"]))
    return {
        "completed": completed,
        "newly_overdue": newly_overdue,
        "most_overdue": [
            (
                t.title,
                "尚未交办" if t.status in UNASSIGNED_STATUSES else str(t.lead_department or "—"),
                t.days_overdue(today),
            )
            for t in most_overdue
        ],
        "ranking": ranking,
        # The audit chain's head, so that a copy of it lives in every reader's mailbox.
        "audit_head": audit_head(),
    }


def briefing_text(summary: dict[str, Any], today: dt.date) -> str:
    lines = [f"督办工作周报（截至{today:%Y年%-m月%-d日}）", ""]
    lines.append(f"一、本周办结（{len(summary['completed'])}项）")
    lines += [f"  {i}. {title}" for i, title in enumerate(summary["completed"], 1)] or ["  无"]
    lines.append(f"二、本周新增逾期（{len(summary['newly_overdue'])}项）")
    lines += [
        f"  {i}. {title}（完成时限 {due:%Y-%m-%d}）"
        for i, (title, due) in enumerate(summary["newly_overdue"], 1)
    ] or ["  无"]
    lines.append("三、逾期时间最长的任务")
    lines += [
        f"  {i}. {title}（{dept}，逾期{days}天）"
        for i, (title, dept, days) in enumerate(summary["most_overdue"], 1)
    ] or ["  无"]
    lines.append("四、各牵头单位完成情况")
    for i, row in enumerate(summary["ranking"], 1):
        rate = f"{row['done'] / row['total']:.0%}" if row["total"] else "—"
        lines.append(
            f"  {i}. {row['lead_department__name'] or '未指定'}：共{row['total']}项，"
            f"办结{row['done']}项（{rate}），逾期{row['overdue']}项"
        )
    head = summary.get("audit_head")
    if head:
        lines += [
            "",
            f"审计日志锚点：第 {head['id']} 条，共 {head['count']} 条，哈希 {head['hash']}",
        ]
    return "\n".join(lines)


def briefing_recipients() -> QuerySet[User]:
    """Leaders and supervisors (whole organisation) and department heads
    (their division, by the visibility rule)."""
    return (
        User.objects.filter(is_active=True, role__in=[Role.LEADER, Role.SUPERVISOR, Role.HEAD])
        .exclude(email="")
        .select_related("department")
    )


def briefings_weekly_send(*, now: dt.datetime) -> int:
    """Write this week's briefing for every recipient to the outbox, once.

    The dedupe key ``weekly:<user>:<ISO year-week>`` is unique, so a second
    run in the same week (two beats, a retried job) inserts nothing; rows
    still pending are queued for delivery after commit, and the outbox's
    conditional claim makes sure each is sent once. Returns the number of
    rows this run created.
    """
    today = timezone.localdate(now)
    key_suffix = week_key(today)
    with transaction.atomic():
        candidates = []
        for user in briefing_recipients():
            summary = briefing_summary(user=user, today=today)
            candidates.append(
                Notification(
                    recipient=user,
                    kind=NotificationKind.WEEKLY,
                    channel=Channel.EMAIL,
                    dedupe_key=f"weekly:{user.pk}:{key_suffix}",
                    subject=f"督办工作周报（{today:%Y年%-m月%-d日}）",
                    body=briefing_text(summary, today),
                    created_at=now,
                    send_after=now,
                )
            )
        keys = [n.dedupe_key for n in candidates]
        before = set(
            Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        )
        Notification.objects.bulk_create(candidates, ignore_conflicts=True)
        pending = Notification.objects.filter(
            dedupe_key__in=keys, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
        notifications_queue(notification_ids=list(pending))
    return len(set(keys) - before)
