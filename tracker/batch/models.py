"""后台作业: long work (a ledger of any size, 通报 and archive packages, the
import of a long report) run by a Celery worker, with its progress and, when
ready, its file. A web request only creates the row and answers at once."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class BatchJobQuerySet(models.QuerySet["BatchJob"]):
    def visible_to(self, user: User | AnonymousUser) -> BatchJobQuerySet:
        """A job and its file belong to the person who started it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


class BatchJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("作业类型"), max_length=50)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="batch_jobs",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done_items = models.PositiveIntegerField(_("已处理"), default=0)
    total_items = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    file = models.FileField(_("结果文件"), upload_to="batch/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = BatchJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台作业")
        verbose_name_plural = _("后台作业")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="batch_user_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total_items:
            return 0
        return min(99, self.done_items * 100 // self.total_items)
