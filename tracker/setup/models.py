"""Settings a supervisor edits in the app (not in the Django admin)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LightPolicy(models.Model):
    """红黄绿灯 thresholds: the share of the time left at which a light turns (one row)."""

    yellow_percent = models.PositiveSmallIntegerField(
        _("黄灯：剩余时间不超过（%）"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    orange_percent = models.PositiveSmallIntegerField(
        _("橙灯：剩余时间不超过（%）"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )

    class Meta:
        verbose_name = _("预警灯阈值")
        verbose_name_plural = _("预警灯阈值")

    def __str__(self) -> str:
        return f"{self.yellow_percent}% / {self.orange_percent}%"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # a singleton
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.orange_percent >= self.yellow_percent:
            raise ValidationError(
                {"orange_percent": _("橙灯阈值须小于黄灯阈值（橙灯比黄灯更紧急）。")}
            )

    @classmethod
    def load(cls) -> LightPolicy:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)
