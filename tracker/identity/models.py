"""Where a person's account comes from, and their ids on other platforms.

Kept beside ``org.User`` rather than on it: a person is the same person
whether they log in with a local password, the directory (LDAP/AD), the
identity platform (OIDC/CAS) or the DingTalk/WeCom workbench.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    LOCAL = "local", _("本地账号")
    DIRECTORY = "directory", _("目录（LDAP/AD）")
    OIDC = "oidc", _("统一身份认证（OIDC）")
    CAS = "cas", _("统一身份认证（CAS）")


class UserIdentity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="identity",
    )
    source = models.CharField(_("账号来源"), max_length=20, choices=Source.choices)
    # The person's entry in the directory (distinguished name), lower-cased.
    directory_dn = models.CharField(_("目录条目 DN"), max_length=500, blank=True)
    # The identity platform's subject (OIDC "sub", CAS user).
    external_subject = models.CharField(_("统一身份标识"), max_length=200, blank=True)
    dingtalk_userid = models.CharField(_("钉钉 userid"), max_length=64, blank=True)
    wecom_userid = models.CharField(_("企业微信 userid"), max_length=64, blank=True)
    # DingTalk/WeCom ids typed in by the person themselves serve for messages
    # only; in-app login (免登) trusts ids from the directory or a supervisor.
    ids_entered_by_user = models.BooleanField(_("由本人填写的钉钉/企业微信账号"), default=False)
    synced_at = models.DateTimeField(_("最近同步时间"), null=True, blank=True)
    # Set when the directory sync deactivated the account (the person left).
    left_at = models.DateTimeField(_("离职停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号身份")
        verbose_name_plural = _("账号身份")
        constraints = [
            models.UniqueConstraint(
                fields=["directory_dn"],
                condition=~models.Q(directory_dn=""),
                name="identity_unique_dn",
            ),
            models.UniqueConstraint(
                fields=["source", "external_subject"],
                condition=~models.Q(external_subject=""),
                name="identity_unique_subject",
            ),
            models.UniqueConstraint(
                fields=["dingtalk_userid"],
                condition=~models.Q(dingtalk_userid=""),
                name="identity_unique_dingtalk",
            ),
            models.UniqueConstraint(
                fields=["wecom_userid"],
                condition=~models.Q(wecom_userid=""),
                name="identity_unique_wecom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.source}"


class DirectoryUnit(models.Model):
    """An organisational unit of the directory, mapped to a department."""

    department = models.OneToOneField(
        "org.Department",
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        related_name="directory_unit",
    )
    dn = models.CharField(_("目录 OU 的 DN"), max_length=500, unique=True)
    synced_at = models.DateTimeField(_("最近同步时间"), default=timezone.now)

    class Meta:
        verbose_name = _("目录组织单位")
        verbose_name_plural = _("目录组织单位")

    def __str__(self) -> str:
        return self.dn


class DirectorySyncRun(models.Model):
    """One run of ``sync_directory``: what it changed, or why it failed."""

    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    counts = models.JSONField(_("统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("目录同步记录")
        verbose_name_plural = _("目录同步记录")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class WorkAppToken(models.Model):
    """The organisation's DingTalk / WeCom app access token, shared by all workers."""

    platform = models.CharField(_("平台"), max_length=20, unique=True)
    token = models.CharField(_("access_token"), max_length=512)
    expires_at = models.DateTimeField(_("过期时间"))

    class Meta:
        verbose_name = _("应用访问令牌")
        verbose_name_plural = _("应用访问令牌")

    def __str__(self) -> str:
        return self.platform
