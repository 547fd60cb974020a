"""Audit events: append-only, each carrying the hash of the one before it."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    """Every kind of audit event, with the words the audit page (its action
    menu) and the task timeline show; ``tracker.audit.sentences`` says each as
    a verb phrase. The values are what is stored (older ones keep their dots).
    The order is the audit page's menu: the task's workflow first."""

    TASK_ASSIGN = "task_assign", _("交办")
    TASK_ACKNOWLEDGE = "task_acknowledge", _("签收")
    TASK_DECLINE = "task_decline", _("退办")
    TASK_REASSIGN = "task_reassign", _("更换责任人")
    PROGRESS_REPORT = "progress_report", _("反馈进展")
    EVIDENCE_UPLOAD = "evidence_upload", _("上传佐证材料")
    EVIDENCE_WITHDRAW = "evidence_withdraw", _("撤回佐证材料")
    EVIDENCE_DOWNLOAD = "evidence_download", _("下载佐证材料")
    EVIDENCE_PREVIEW = "evidence_preview", _("预览佐证材料")
    TASK_SUBMIT = "task_submit", _("提交审核")
    TASK_DIVISION_APPROVE = "task_division_approve", _("处室审核通过")
    TASK_DIVISION_RETURN = "task_division_return", _("处室退回")
    TASK_APPROVE = "task_approve", _("办结销号")
    TASK_RETURN = "task_return", _("退回重办")
    TASK_CANCEL = "task_cancel", _("中止任务")
    TASK_ARCHIVE = "task_archive", _("归档")
    EXTENSION_REQUEST = "extension_request", _("申请延期")
    EXTENSION_DECIDE = "extension_decide", _("审批延期")
    COMMENT_ADD = "comment_add", _("发表意见")
    TASK_URGE = "task_urge", _("催办")
    INSTRUCTION_ISSUE = "instruction_issue", _("领导批示")
    INSTRUCTION_CREATE_TASK = "instruction_create_task", _("领导批示交办")
    MILESTONE_ADD = "milestone_add", _("设置时间节点")
    MILESTONE_COMPLETE = "milestone_complete", _("完成时间节点")
    FEEDBACK_SET = "feedback_set", _("设置定期反馈")
    SLIP_DOWNLOAD = "slip_download", _("下载督办单")
    TASK_CREATE = "task_create", _("立项")
    TASK_UPDATE = "task_update", _("修改任务")
    TASK_SPLIT = "task_split", _("拆分子任务")
    REPORT_IMPORT = "report.import", _("导入报告")
    REPORT_DRAFT = "report.draft", _("生成报告初稿")
    LEDGER_EXPORT = "ledger.export", _("导出工作台账")
    BATCH_START = "batch.start", _("开始后台导出")
    BATCH_DOWNLOAD = "batch.download", _("下载导出文件")
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    PERMISSION_DENIED = "permission_denied", _("越权访问被拒绝")
    # 等保 2.0: lockouts, sessions ended by the concurrent-session limit, and
    # changes of a role or of whether an account may log in.
    LOCKOUT = "lockout", _("账号被锁定")
    SESSION_ENDED = "session_ended", _("会话被结束")
    PERMISSION_CHANGE = "permission_change", _("权限变更")
    AUDIT_EXPORT = "audit_export", _("导出审计日志")
    NOTIFICATION_PREFERENCE_UPDATE = "notification_preference_update", _("修改通知设置")
    WORKAPP_IDS_UPDATE = "workapp_ids_update", _("修改钉钉/企业微信账号")
    NOTIFICATIONS_REDRIVE = "notifications_redrive", _("重发失败的通知")
    REMINDER_POLICY_SAVE = "reminder_policy_save", _("修改提醒规则")
    LIGHT_POLICY_SAVE = "light_policy_save", _("修改预警灯阈值")
    HOLIDAY_SAVE = "holiday_save", _("录入放假安排")
    HOLIDAY_DELETE = "holiday_delete", _("删除节假日")
    DEPARTMENT_SAVE = "department_save", _("保存单位")
    PERSON_SAVE = "person_save", _("保存人员信息")
    PERSON_DEACTIVATE = "person_deactivate", _("停用账号")
    PERSON_ACTIVATE = "person_activate", _("恢复账号")
    SCORING_RULES_SAVE = "scoring_rules_save", _("修改考评规则")
    ARCHIVE_PACKAGE = "archive_package", _("生成归档包")
    ARCHIVE_DOWNLOAD = "archive_download", _("下载归档包")
    CIRCULAR_DRAFT = "circular_draft", _("拟制督查通报")
    CIRCULAR_EDIT = "circular_edit", _("修改督查通报")
    CIRCULAR_ISSUE = "circular_issue", _("签发督查通报")
    CIRCULAR_DOWNLOAD = "circular_download", _("下载督查通报")


def action_label(action: str) -> str:
    """The Chinese words for a stored action (the value itself if unknown)."""
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return action


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied at the time of the event: roles and departments change later.
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=20, blank=True)
    actor_department = models.CharField(_("所在单位"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=50, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=50, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    # sha256, or sm3 (国密) when CRYPTO_HASH = "sm3"; kept per event so a chain
    # that changed algorithm still verifies.
    hash_algorithm = models.CharField(_("哈希算法"), max_length=10, default="sha256")
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    # Its save() refuses only a stored row; a new one it saves as Model.save does, so
    # the kept INSERT (tasks.sentinels.model_insert) may send it. Updates go through save().
    NEW_ROWS_SAVE_PLAINLY = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    def canonical(self) -> str:
        """The fields the hash covers, as stable JSON."""
        return json.dumps(
            {
                "actor": self.actor_id,
                "actor_name": self.actor_name,
                "actor_role": self.actor_role,
                "actor_department": self.actor_department,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "object_repr": self.object_repr,
                "before": self.before,
                "after": self.after,
                "ip_address": self.ip_address,
                "created_at": self.created_at.isoformat(),
                "prev_hash": self.prev_hash,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )

    def compute_hash(self) -> str:
        from tracker.security.digests import digest_hex

        return digest_hex(self.hash_algorithm, self.canonical().encode("utf-8"))
