"""Evidence files (佐证材料): versioned, hashed, never silently deleted."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    # A random stored name: the user's name is kept in original_name only, so
    # nothing a user types ever becomes a path on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"evidence/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("任务"), on_delete=models.PROTECT, related_name="evidence"
    )
    progress_update = models.ForeignKey(
        "tasks.ProgressUpdate",
        verbose_name=_("所属进展"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=300)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # 国密 SM3, recorded when CRYPTO_HASH = "sm3"; verify_audit --evidence checks it.
    sm3 = models.CharField(_("SM3"), max_length=64, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    # A new upload under the same name on the same task is the next version.
    version = models.PositiveIntegerField(_("版本"), default=1)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawn_evidence",
    )
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["task", "original_name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "original_name", "version"], name="evidence_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
