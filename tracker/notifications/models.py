"""The notification outbox: one row per (task, recipient, kind, occasion).

The unique ``dedupe_key`` is what makes a reminder exactly-once: a sweep that
runs twice tries to insert the same key and the database refuses the second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("站内消息")
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信机器人")
    DINGTALK = "dingtalk", _("钉钉机器人")
    # To one person, as the organisation's app (工作通知 / 应用消息), and SMS.
    DINGTALK_WORK = "dingtalk_work", _("钉钉工作通知")
    WECOM_APP = "wecom_app", _("企业微信应用消息")
    SMS = "sms", _("短信")


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
    LIGHT_CHANGED = "light_changed", _("预警灯变化")
    INSTRUCTION = "instruction", _("领导批示")
    MILESTONE = "milestone", _("时间节点")
    SUBMITTED = "submitted", _("提交审核")
    EXTENSION_REQUESTED = "extension_requested", _("延期申请")
    DECLINED = "declined", _("退办")
    DIGEST = "digest", _("每日汇总")
    WEEKLY = "weekly", _("每周简报")
    CIRCULAR = "circular", _("督查通报")


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
    # Temporary failures are retried until NOTIFICATION_RETRY_HOURS after this.
    first_attempt_at = models.DateTimeField(_("首次发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    # Not before this moment (reminders go out at 09:00, retries back off).
    send_after = models.DateTimeField(_("计划发送时间"), default=timezone.now)
    # The lease: the worker sending the row renews this while it is alive
    # (heartbeat); a lease silent for NOTIFICATION_LEASE_SECONDS is released.
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    # Which delivery attempt holds the lease (a batch claims many rows at once);
    # every outcome is recorded only where the row still carries this token.
    claim_token = models.CharField(_("领取标记"), max_length=40, blank=True)
    # When a delivery job was last queued for it; the sweep re-queues rows
    # whose job was lost (Redis flushed) after a grace period.
    queued_at = models.DateTimeField(_("入队时间"), null=True, blank=True)
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

    @property
    def delivery_key(self) -> str:
        """The same for every send of this row: ``<id>-<hash of the dedupe key>``
        (the hash keeps ids of two databases, e.g. a restored backup, apart)."""
        digest = hashlib.sha256(self.dedupe_key.encode()).hexdigest()[:12]
        return f"{self.pk}-{digest}"

    @property
    def message_id(self) -> str:
        """The e-mail Message-ID of this row, identical on every re-send."""
        domain = settings.NOTIFICATION_MESSAGE_ID_DOMAIN
        return f"<duban-{self.delivery_key}@{domain}>"


class ReminderPolicyFields(models.Model):
    """What the reminder sweep sends and when (organisation default or one task's)."""

    days_before = models.CharField(
        _("提前提醒（工作日）"),
        max_length=50,
        default="5,3,1",
        help_text=_("截止日前第几个工作日提醒，用逗号分隔，例如 5,3,1。"),
    )
    remind_on_due_day = models.BooleanField(_("到期当日提醒"), default=True)
    overdue_every = models.PositiveSmallIntegerField(_("逾期后每隔几个工作日提醒"), default=1)
    escalate_head_after = models.PositiveSmallIntegerField(
        _("逾期几个工作日后升级至处室负责人"), default=3
    )
    escalate_leader_after = models.PositiveSmallIntegerField(
        _("逾期几个工作日后升级至分管领导"), default=10
    )
    unacknowledged_after = models.PositiveSmallIntegerField(
        _("交办后几个工作日未签收提醒处室负责人"), default=2
    )
    send_at = models.TimeField(_("提醒发送时间（北京时间）"), default=dt.time(9, 0))
    # SMS per escalation step (only when an SMS gateway is configured).
    sms_overdue = models.BooleanField(_("逾期提醒同时发短信"), default=False)
    sms_escalate_head = models.BooleanField(_("升级至处室负责人时同时发短信"), default=False)
    sms_escalate_leader = models.BooleanField(_("升级至分管领导时同时发短信"), default=False)

    class Meta:
        abstract = True

    def clean(self) -> None:
        try:
            self.days_before_list()
        except ValueError:
            raise ValidationError(
                {"days_before": _("请填写以逗号分隔的正整数，例如 5,3,1。")}
            ) from None
        if not QUIET_END <= self.send_at < QUIET_START:
            raise ValidationError(
                {"send_at": _("提醒不能在夜间发送，请选择 8:00 至 21:00 之间的时间。")}
            )
        if self.overdue_every < 1:
            raise ValidationError({"overdue_every": _("逾期提醒间隔至少为 1 个工作日。")})

    def days_before_list(self) -> list[int]:
        raw = self.days_before.replace("，", ",").replace(" ", "")
        values = sorted({int(part) for part in raw.split(",") if part}, reverse=True)
        if any(value < 1 for value in values):
            raise ValueError("days_before must be positive")
        return values


# Nothing is sent at night: deliveries that fall between these are held until morning.
QUIET_START = dt.time(21, 0)
QUIET_END = dt.time(8, 0)


class ReminderPolicy(ReminderPolicyFields):
    """The organisation's default policy: one row (pk=1), edited by a supervisor."""

    class Meta:
        verbose_name = _("提醒规则（默认）")
        verbose_name_plural = _("提醒规则（默认）")

    def __str__(self) -> str:
        return str(_("全局提醒规则"))

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1  # a singleton
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def load(cls) -> ReminderPolicy:
        from django.db.models.query import MAX_GET_RESULTS

        from tracker.tasks.sentinels import model_rows

        # The row read by a statement compiled once per process (~800 function
        # calls of every task write), as ``get_or_create``'s ``get`` reads it (from
        # the database written to); created, or read through the ORM, when that
        # finds no single row.
        found = model_rows(
            ("reminder_policy",),
            lambda: cls.objects.filter(pk=1).order_by()[:MAX_GET_RESULTS],
            router.db_for_write(cls),
            [],
            set(),
            [],
        )
        if found is not None and len(found) == 1:
            return cast(ReminderPolicy, found[0])
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class ReportCycle(models.TextChoices):
    NONE = "", _("不要求定期反馈")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")


class TaskReminderPolicy(ReminderPolicyFields):
    """One task's own policy, overriding the default, and its periodic reports."""

    task = models.OneToOneField(
        "tasks.Task",
        verbose_name=_("任务"),
        on_delete=models.CASCADE,
        related_name="reminder_policy",
    )
    report_cycle = models.CharField(
        _("定期反馈"), max_length=10, choices=ReportCycle.choices, blank=True, default=""
    )
    # 定期反馈 is owed from this day on (when the office set the cycle), not
    # from the task's assignment; empty: from the assignment.
    report_since = models.DateField(_("定期反馈起算日"), null=True, blank=True)
    # Weekly: 1 (Monday) … 7 (Sunday); monthly: day of the month (e.g. 25).
    report_day = models.PositiveSmallIntegerField(
        _("反馈日"), default=25, help_text=_("每周：1–7 表示周一至周日；每月：几号（1–28）。")
    )

    class Meta:
        verbose_name = _("任务提醒规则")
        verbose_name_plural = _("任务提醒规则")

    def __str__(self) -> str:
        return f"{self.task_id}"

    def clean(self) -> None:
        super().clean()
        if self.report_cycle == ReportCycle.WEEKLY and not 1 <= self.report_day <= 7:
            raise ValidationError({"report_day": _("每周反馈日须为 1 至 7。")})
        monthly = (ReportCycle.MONTHLY, ReportCycle.QUARTERLY)
        if self.report_cycle in monthly and not 1 <= self.report_day <= 28:
            raise ValidationError({"report_day": _("每月反馈日须为 1 至 28 号。")})


class Holiday(models.Model):
    """An extra holiday or make-up workday for a year the official calendar lacks."""

    day = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    is_workday = models.BooleanField(
        _("调休上班"), default=False, help_text=_("勾选表示该日为调休工作日；不勾选表示放假。")
    )

    class Meta:
        verbose_name = _("节假日（补充）")
        verbose_name_plural = _("节假日（补充）")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class NotificationPreference(models.Model):
    """How one person wants to hear about reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField(_("电子邮件"), default=True)
    robot = models.BooleanField(_("群机器人 @我"), default=True)
    # Work messages to this person on DingTalk / WeCom (when the organisation's
    # app is configured and the person's userid is known).
    dingtalk_work = models.BooleanField(_("钉钉工作通知"), default=True)
    wecom_app = models.BooleanField(_("企业微信应用消息"), default=True)
    daily_digest = models.BooleanField(
        _("每日汇总"), default=False, help_text=_("勾选后提醒邮件每天合并为一封，没有事项时不发。")
    )

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return str(self.user)


class RobotState(models.Model):
    """Delivery state of one department's group robot (rate window, failures)."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("单位"), on_delete=models.CASCADE
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    window_started_at = models.DateTimeField(_("计数窗口开始"), default=timezone.now)
    sent_in_window = models.PositiveSmallIntegerField(_("窗口内已发送"), default=0)
    consecutive_failures = models.PositiveSmallIntegerField(_("连续失败次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("机器人状态")
        verbose_name_plural = _("机器人状态")
        constraints = [
            models.UniqueConstraint(fields=["department", "channel"], name="robot_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.channel}"
