"""Heartbeats: when a background job last ran, for /readyz."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per name (``beat``, ``reminder_sweep``, ``housekeeping``, ``audit_anchor``)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    at = models.DateTimeField(_("最近一次"))
    detail = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("运行心跳")
        verbose_name_plural = _("运行心跳")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
