"""Imported annual reports and the plan items and problems found in them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.tasks.models import Task

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: User | AnonymousUser) -> ReportQuerySet:
        """The one rule of who sees which report.

        Supervisors and leaders see every report. Anybody else sees a report
        in which they can see at least one task (``Task.objects.visible_to``):
        its published text is theirs to read, while its items and tasks are
        shown only as far as their own tasks go (``PlanItem.objects.visible_to``
        and ``Task.objects.visible_to``).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(
            pk__in=Task.objects.visible_to(user).filter(report__isnull=False).values("report_id")
        )


class PlanItemQuerySet(models.QuerySet["PlanItem"]):
    def visible_to(self, user: User | AnonymousUser) -> PlanItemQuerySet:
        """Report items: all of them for supervisors and leaders; for anybody
        else only the items behind a task they can see (another division's
        commitments are not theirs to see)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(
            pk__in=Task.objects.visible_to(user)
            .filter(source_item__isnull=False)
            .values("source_item_id")
        )


class Report(models.Model):
    title = models.CharField(_("报告标题"), max_length=300)
    organization = models.CharField(_("发文单位"), max_length=200, blank=True)
    report_year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"), null=True, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    source_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    source_format = models.CharField(_("文件格式"), max_length=10, blank=True)
    # Re-importing the same content creates nothing new.
    content_sha256 = models.CharField(_("内容哈希"), max_length=64, unique=True)
    # The normalised paragraphs, so that each task can point back to its source.
    paragraphs = models.JSONField(_("段落"), default=list, blank=True)
    outline = models.JSONField(_("提纲"), default=list, blank=True)
    warnings = models.JSONField(_("解析提示"), default=list, blank=True)
    # What the supervisor marked by hand in the preview (paragraph ranges and what they are),
    # kept with the report: [{"start": 12, "end": 15, "kind": "problems", "label": "…"}].
    markings = models.JSONField(_("人工标记"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    PLAN = "plan", _("工作打算")
    PROBLEM = "problem", _("存在问题")


class PlanItem(models.Model):
    """One promise of the plan section, or one admitted problem."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ItemKind.choices)
    number = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.CharField(_("标题"), max_length=500)
    body = models.TextField(_("内容"), blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    source_paragraph = models.PositiveIntegerField(_("原文段落"), null=True, blank=True)
    source_locator = models.CharField(_("原文位置"), max_length=100, blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告条目")
        verbose_name_plural = _("报告条目")
        ordering = ["report", "kind", "order"]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class UnitAlias(models.Model):
    """A unit name as documents write it ('省厅法规处') that the office mapped to one of its
    departments once in the preview; later imports read that name as that department."""

    name = models.CharField(_("文中写法"), max_length=200, unique=True)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("对应单位"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("设定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("单位名称对应")
        verbose_name_plural = _("单位名称对应")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.department}"


class RectificationLink(models.Model):
    """A rectification task ('整改：…') and the plan task on the same matter, linked because the
    supervisor accepted the link the preview proposed. A problem has at most one plan task; a
    plan task may answer several problems."""

    problem_task = models.OneToOneField(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="plan_link"
    )
    plan_task = models.ForeignKey(
        Task,
        verbose_name=_("工作计划任务"),
        on_delete=models.CASCADE,
        related_name="rectification_links",
    )
    reason = models.CharField(_("关联依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("确认时间"), default=timezone.now)

    class Meta:
        verbose_name = _("整改与计划关联")
        verbose_name_plural = _("整改与计划关联")
        ordering = ["plan_task", "problem_task"]

    def __str__(self) -> str:
        return f"{self.problem_task} → {self.plan_task}"
