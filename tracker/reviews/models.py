"""Reviews: the supervisor's decision on a submitted task (办结/销号 or 退回)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    APPROVE = "approve", _("办结销号")
    RETURN = "return", _("退回重办")


class Review(models.Model):
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("审核结论"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("审核意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("审核时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.get_decision_display()}"
