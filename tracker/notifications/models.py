"""The notification outbox: one row per (task, recipient, kind, occasion).

The unique ``dedupe_key`` is what makes a reminder exactly-once: a sweep that
runs twice tries to insert the same key and the database refuses the second.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("站内消息")
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信机器人")
    DINGTALK = "dingtalk", _("钉钉机器人")


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("到期提醒")
    DUE_TODAY = "due_today", _("今日到期")
    OVERDUE = "overdue", _("逾期提醒")
    ESCALATE_HEAD = "escalate_head", _("逾期升级（处室负责人）")
    ESCALATE_LEADER = "escalate_leader", _("逾期升级（分管领导）")
    UNACKNOWLEDGED = "unacknowledged", _("未签收提醒")
    REPORT_DUE = "report_due", _("进展填报提醒")
    ASSIGNED = "assigned", _("任务交办")
    RETURNED = "returned", _("退回重办")
    APPROVED = "approved", _("办结销号")
    EXTENSION_DECIDED = "extension_decided", _("延期审批结果")
    MENTIONED = "mentioned", _("评论提及")
    URGED = "urged", _("催办")
    DIGEST = "digest", _("每日汇总")
    WEEKLY = "weekly", _("每周简报")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    CANCELLED = "cancelled", _("已取消")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Robot messages go to a department's group rather than to a person.
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("接收单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=NotificationKind.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    subject = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    payload = models.JSONField(_("附加数据"), default=dict, blank=True)
    status = models.CharField(
        _("发送状态"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    # Not before this moment (reminders go out at 09:00, retries back off).
    send_after = models.DateTimeField(_("计划发送时间"), default=timezone.now)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "send_after"],
                name="notif_pending_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["recipient", "channel", "read_at"], name="notif_inbox"),
            models.Index(fields=["task", "status"], name="notif_task_status"),
        ]

    def __str__(self) -> str:
        return self.subject
