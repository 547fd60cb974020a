"""Password and session state for the 等保 2.0 controls (see docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordState(models.Model):
    """When the password was last set, and whether its owner must change it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="password_state",
        verbose_name=_("用户"),
    )
    changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)
    # Set when somebody else (an administrator) set the password: first login
    # and after a reset.
    must_change = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class PasswordHistory(models.Model):
    """Hashes of earlier passwords, so the last few cannot be used again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """The live sessions of a user, so their number can be limited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )
    session_key = models.CharField(_("会话"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("登录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
