"""督查通报: a monthly or quarterly circular generated from the data, edited
(表扬 and 批评) by the office, then numbered and issued to leaders and heads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class CircularStatus(models.TextChoices):
    GENERATING = "generating", _("生成中")
    DRAFT = "draft", _("待签发")
    ISSUED = "issued", _("已签发")


class CircularQuerySet(models.QuerySet["Circular"]):
    def visible_to(self, user: User | AnonymousUser) -> CircularQuerySet:
        """Drafts: the office only. Issued: the office and whom it is issued to
        (leaders and division heads); nobody else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_supervisor:
            return self
        if user.is_leader or user.is_head:
            return self.filter(status=CircularStatus.ISSUED)
        return self.none()


class Circular(models.Model):
    period_kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    period_label = models.CharField(_("期间"), max_length=40)  # 2026年11月 / 2026年第三季度
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=CircularStatus.choices, default=CircularStatus.GENERATING
    )
    # What the data says, gathered by the job (completions, overdue by division,
    # 催办, items turned red, the league table); frozen at issue.
    facts = models.JSONField(_("数据"), default=dict, blank=True)
    praise = models.TextField(_("表扬"), blank=True)
    criticism = models.TextField(_("批评"), blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    docx = models.FileField(_("Word 文件"), upload_to="circulars/%Y/", max_length=200, blank=True)
    docx_sha256 = models.CharField(_("Word SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("拟稿时间"), default=timezone.now)
    generated_at = models.DateTimeField(_("数据生成时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = CircularQuerySet.as_manager()

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="circular_number_once",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title
