"""The instruments a supervising office uses on a task besides its workflow:
催办 (urging), 批示件 (a leader's instruction register) and 时间节点 (milestones)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Urge(models.Model):
    """催办: a person reminding the holder of a task, counted per task."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="urges"
    )
    sequence = models.PositiveSmallIntegerField(_("第几次催办"))
    urged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("催办意见"), blank=True)
    created_at = models.DateTimeField(_("催办时间"), default=timezone.now)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "sequence"], name="urge_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} #{self.sequence}"


class InstructionKind(models.TextChoices):
    HANDLE = "handle", _("批办")
    GUIDE = "guide", _("指导")
    READ = "read", _("参阅")


class InstructionStatus(models.TextChoices):
    OPEN = "open", _("落实中")
    REPORTED = "reported", _("已报告落实情况")


class Instruction(models.Model):
    """批示件: a leader's written instruction on a task, with a report-back deadline."""

    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("任务"),
        on_delete=models.CASCADE,
        related_name="instructions",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批示领导"),
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    kind = models.CharField(
        _("批示类型"),
        max_length=20,
        choices=InstructionKind.choices,
        default=InstructionKind.HANDLE,
    )
    text = models.TextField(_("批示内容"))
    issued_on = models.DateField(_("批示日期"), default=timezone.localdate)
    report_due_on = models.DateField(_("报告落实情况时限"), null=True, blank=True)
    status = models.CharField(
        _("落实状态"),
        max_length=20,
        choices=InstructionStatus.choices,
        default=InstructionStatus.OPEN,
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    report = models.TextField(_("落实情况"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "report_due_on"], name="instruction_open_due")]

    def __str__(self) -> str:
        return self.text[:40]


class Milestone(models.Model):
    """时间节点: a stage of a task with its own deadline ("6月底前完成初稿")."""

    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("任务"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("节点内容"), max_length=300)
    due_on = models.DateField(_("节点时限"))
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("完成确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("完成情况"), blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceFile", verbose_name=_("佐证材料"), blank=True, related_name="milestones"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["task", "due_on"], name="milestone_task_due")]

    def __str__(self) -> str:
        return f"{self.due_on} {self.title}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None
