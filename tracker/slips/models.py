"""督办单: numbered slips issued for a task (交办通知单, 催办单, 预警督办单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SlipKind(models.TextChoices):
    ASSIGN = "assign", _("交办通知单")
    URGE = "urge", _("催办单")
    WARNING = "warning", _("预警督办单")


def slip_upload_to(instance: Slip, filename: str) -> str:
    return f"slips/{instance.year}/{instance.kind}/{filename}"


class Slip(models.Model):
    """One issued slip: its number, the content it was rendered from, and the files.

    ``content`` holds every printed value, so the .docx and PDF can be
    rendered again and compared byte for byte with the stored files.
    """

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("任务"), on_delete=models.PROTECT, related_name="slips"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=SlipKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=60)
    # Why this slip was issued: "assign-3", "urge-2", "light-red-2026-12-01".
    occasion = models.CharField(_("事由"), max_length=80)
    content = models.JSONField(_("内容"))
    docx = models.FileField(_("Word 文件"), upload_to=slip_upload_to, max_length=200, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to=slip_upload_to, max_length=200, blank=True)
    docx_sha256 = models.CharField(_("Word SHA-256"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="slip_number_once"),
            # A retried job or a double click issues one slip per occasion.
            models.UniqueConstraint(fields=["task", "kind", "occasion"], name="slip_occasion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class SlipCounter(models.Model):
    """The last number issued per kind and year (督办〔2022〕12号 counts per year)."""

    kind = models.CharField(_("类型"), max_length=20, choices=SlipKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("督办单编号")
        verbose_name_plural = _("督办单编号")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="slip_counter_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"
