"""归档包: one .zip per archiving — the tasks' records, timelines, every
evidence file version, the slips and a manifest of checksums — kept so it can
be downloaded again and verified (``manage.py verify_archive FILE``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class ArchivePackageQuerySet(models.QuerySet["ArchivePackage"]):
    def visible_to(self, user: User | AnonymousUser) -> ArchivePackageQuerySet:
        """A package is seen by whoever sees every task in it (a report's package
        holds many divisions' files: a division sees only packages of its own tasks)."""
        from tracker.tasks.models import Task

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self
        hidden = Task.objects.exclude(pk__in=Task.objects.visible_to(user).values("pk"))
        return self.exclude(tasks__in=hidden.values("pk")).filter(tasks__isnull=False).distinct()


class ArchivePackage(models.Model):
    title = models.CharField(_("名称"), max_length=300)
    report = models.ForeignKey(
        "plans.Report",
        verbose_name=_("来源报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archive_packages",
    )
    tasks = models.ManyToManyField(
        "tasks.Task", verbose_name=_("任务"), related_name="archive_packages"
    )
    file = models.FileField(_("归档包"), upload_to="archives/%Y/", max_length=300)
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("归档包 SHA-256"), max_length=64)
    # The manifest.json inside the zip: its own hash is what verify_archive
    # compares with this record, so a zip whose files *and* manifest were
    # rewritten is still caught.
    manifest_sha256 = models.CharField(_("清单 SHA-256"), max_length=64, unique=True)
    file_count = models.PositiveIntegerField(_("文件数"))
    sm3 = models.BooleanField(_("含 SM3 校验值"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("归档时间"), default=timezone.now)

    objects = ArchivePackageQuerySet.as_manager()

    class Meta:
        verbose_name = _("归档包")
        verbose_name_plural = _("归档包")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
