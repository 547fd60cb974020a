"""考评规则: the points a supervisor sets, kept as append-only versions.

A version is never changed: saving the rules page adds a new one. A period is
scored with the version in force at its end (``ScoringRules.for_period``),
so editing the rules today does not change last quarter's table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POINT_FIELDS = (
    "base_points",
    "on_time_points",
    "early_bonus",
    "overdue_deduction",
    "late_report_deduction",
    "missing_report_deduction",
    "return_deduction",
    "urge_deduction",
)


def _points(verbose: Any, default: str) -> models.DecimalField:
    return models.DecimalField(
        verbose,
        max_digits=5,
        decimal_places=1,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )


class ScoringRules(models.Model):
    base_points = _points(_("基础分"), "100")
    on_time_points = _points(_("按期办结加分（每项）"), "2")
    early_bonus = _points(_("提前办结另加分（每项）"), "1")
    early_days = models.PositiveSmallIntegerField(
        _("提前多少天以上算提前办结"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    overdue_deduction = _points(_("逾期扣分（每项）"), "3")
    late_report_deduction = _points(_("定期反馈迟报扣分（每次）"), "0.5")
    missing_report_deduction = _points(_("定期反馈缺报扣分（每次）"), "1")
    return_deduction = _points(_("审核退回重办扣分（每次）"), "1")
    urge_deduction = _points(_("被催办扣分（每次）"), "0.5")
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考评规则")
        verbose_name_plural = _("考评规则")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"考评规则 {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("考评规则只能新增版本，不能修改已保存的版本。")
        super().save(*args, **kwargs)

    @classmethod
    def for_period_end(cls, last_day: dt.date) -> ScoringRules:
        """The version in force on ``last_day``: the newest saved by the end of
        that day, else the first ever saved, else the built-in defaults."""
        end = dt.datetime.combine(
            last_day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        in_force = cls.objects.filter(created_at__lt=end).order_by("-created_at", "-id").first()
        if in_force is None:
            in_force = cls.objects.order_by("created_at", "id").first()
        return in_force or cls()

    @classmethod
    def current(cls) -> ScoringRules:
        return cls.objects.order_by("-created_at", "-id").first() or cls()
