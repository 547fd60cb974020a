"""Supervision tasks (督办任务), their progress reports, comments and extensions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class Status(models.TextChoices):
    DRAFT = "draft", _("待交办")
    ASSIGNED = "assigned", _("已交办（待签收）")
    IN_PROGRESS = "in_progress", _("办理中")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回重办")
    DONE = "done", _("已办结（销号）")
    DECLINED = "declined", _("退办")
    CANCELLED = "cancelled", _("已中止")


# Statuses in which a task still waits for somebody to do something.
OPEN_STATUSES = (
    Status.DRAFT,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.DECLINED,
)
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)


class Kind(models.TextChoices):
    PLAN = "plan", _("工作计划")
    PROBLEM = "problem", _("整改任务")
    ADHOC = "adhoc", _("交办事项")


class Priority(models.IntegerChoices):
    LOW = 1, _("一般")
    NORMAL = 2, _("重要")
    HIGH = 3, _("紧急")


class Light(models.TextChoices):
    """The warning light (红黄绿灯) by the share of time left."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    ORANGE = "orange", _("橙灯")
    RED = "red", _("红灯（逾期）")
    NONE = "none", _("—")


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: User | AnonymousUser) -> TaskQuerySet:
        """The one rule of who sees which task.

        Supervisors and leaders see everything; everybody else sees the tasks
        of their own department (and the departments below it) as lead or
        co-operating department, and the tasks they are responsible for.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        condition = Q(responsible=user)
        department = user.department
        if department is not None:
            department_ids = department.descendant_ids()
            condition |= Q(lead_department_id__in=department_ids)
            condition |= Q(
                pk__in=Task.cooperating_departments.through.objects.filter(
                    department_id__in=department_ids
                ).values("task_id")
            )
        return self.filter(condition)

    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def not_overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class Task(models.Model):
    """A commitment to be carried out by a lead department before a deadline."""

    title = models.CharField(_("工作任务"), max_length=500)
    description = models.TextField(_("任务内容"), blank=True)
    kind = models.CharField(_("任务类型"), max_length=20, choices=Kind.choices, default=Kind.ADHOC)
    report = models.ForeignKey(
        "plans.Report",
        verbose_name=_("来源报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("来源条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    lead_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    cooperating_departments = models.ManyToManyField(
        "org.Department",
        verbose_name=_("配合单位"),
        blank=True,
        related_name="cooperating_tasks",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_tasks",
    )
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("优先级"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    require_evidence = models.BooleanField(_("提交审核须附佐证材料"), default=True)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立项人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="created_tasks",
    )
    created_at = models.DateTimeField(_("立项时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("中止时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # Optimistic locking: every save through a service bumps it, so a second
    # editor working from a stale page is refused instead of overwriting.
    version = models.PositiveIntegerField(_("版本"), default=1)

    # When the reminder sweep must next look at this task; advanced after
    # every occasion so a missed sweep catches up instead of skipping.
    next_remind_at = models.DateTimeField(_("下次提醒时间"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办任务")
        verbose_name_plural = _("督办任务")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="task_status_due"),
            models.Index(fields=["lead_department", "status"], name="task_dept_status"),
            models.Index(fields=["responsible", "status"], name="task_resp_status"),
            models.Index(fields=["report", "kind"], name="task_report_kind"),
            models.Index(fields=["completed_at"], name="task_completed_at"),
            models.Index(
                fields=["next_remind_at"],
                name="task_next_remind",
                condition=Q(next_remind_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="task_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """逾期: the deadline has passed and the task is neither done nor cancelled."""
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    def days_overdue(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        if not self.is_overdue(today) or self.due_on is None:
            return 0
        return (today - self.due_on).days

    def days_left(self, today: dt.date | None = None) -> int | None:
        today = today or timezone.localdate()
        if self.due_on is None:
            return None
        return (self.due_on - today).days

    def warning_light(self, today: dt.date | None = None) -> str:
        """绿/黄/橙/红 by the share of the time between assignment and deadline left."""
        today = today or timezone.localdate()
        if not self.is_open or self.due_on is None:
            return Light.NONE
        if self.due_on < today:
            return Light.RED
        start = timezone.localdate(self.assigned_at) if self.assigned_at else None
        if start is None:
            start = timezone.localdate(self.created_at)
        total = (self.due_on - start).days
        if total <= 0:
            return Light.ORANGE
        share_left = (self.due_on - today).days / total
        if share_left <= settings.WARNING_LIGHT_ORANGE:
            return Light.ORANGE
        if share_left <= settings.WARNING_LIGHT_YELLOW:
            return Light.YELLOW
        return Light.GREEN


class ProgressUpdate(models.Model):
    """进展情况: a progress report with a percentage."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT
    )
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    created_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进展反馈")
        verbose_name_plural = _("进展反馈")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-created_at"], name="progress_task_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="progress_percent_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class Comment(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发表人"), on_delete=models.PROTECT
    )
    text = models.TextField(_("内容"))
    # 领导批示: a leader's instruction on a task is a comment with this flag.
    is_instruction = models.BooleanField(_("领导批示"), default=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class ExtensionRequest(models.Model):
    """延期申请: a request to move the deadline, and the supervisor's decision."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    current_due_on = models.DateField(_("原完成时限"), null=True, blank=True)
    requested_due_on = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("审批状态"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_decisions",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_due_on}"
