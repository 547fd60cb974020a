"""The audit trail in plain Chinese sentences, for people who read records
(discipline inspectors, 纪检): "王督办 于 2022-03-01 10:02 退回了《…》，理由：…"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.audit.models import AuditEvent

# What the actor did, as a verb phrase with the object in 《》.
VERBS: dict[str, Any] = {
    "task_create": gettext_lazy("立项了《%(object)s》"),
    "task_update": gettext_lazy("修改了《%(object)s》"),
    "task_assign": gettext_lazy("交办了《%(object)s》"),
    "task_acknowledge": gettext_lazy("签收了《%(object)s》"),
    "task_reassign": gettext_lazy("更换了《%(object)s》的责任人"),
    "task_decline": gettext_lazy("退办了《%(object)s》"),
    "progress_report": gettext_lazy("反馈了《%(object)s》的进展"),
    "evidence_upload": gettext_lazy("为《%(object)s》上传了佐证材料"),
    "evidence_withdraw": gettext_lazy("撤回了《%(object)s》的佐证材料"),
    "evidence_preview": gettext_lazy("预览了佐证材料《%(object)s》"),
    "task_submit": gettext_lazy("将《%(object)s》提交审核"),
    "task_approve": gettext_lazy("办结销号了《%(object)s》"),
    "task_return": gettext_lazy("退回了《%(object)s》"),
    "task_cancel": gettext_lazy("中止了《%(object)s》"),
    "task_archive": gettext_lazy("归档了《%(object)s》"),
    "task_split": gettext_lazy("拆分了《%(object)s》"),
    "task_urge": gettext_lazy("催办了《%(object)s》"),
    "extension_request": gettext_lazy("为《%(object)s》申请延期"),
    "extension_decide": gettext_lazy("审批了《%(object)s》的延期申请"),
    "comment_add": gettext_lazy("对《%(object)s》发表了意见"),
    "report.import": gettext_lazy("导入了报告《%(object)s》"),
    "login": gettext_lazy("登录了系统"),
    "logout": gettext_lazy("退出了系统"),
    "login_failed": gettext_lazy("登录失败"),
    "permission_denied": gettext_lazy("试图访问无权访问的内容，已被拒绝"),
    "audit_export": gettext_lazy("导出了审计日志"),
    "notification_preference_update": gettext_lazy("修改了自己的通知设置"),
    "reminder_policy_save": gettext_lazy("修改了提醒规则"),
    "light_policy_save": gettext_lazy("修改了预警灯阈值"),
    "holiday_save": gettext_lazy("录入了放假安排“%(object)s”"),
    "holiday_delete": gettext_lazy("删除了节假日“%(object)s”"),
    "department_save": gettext_lazy("保存了单位“%(object)s”"),
    "person_save": gettext_lazy("保存了人员“%(object)s”的信息"),
    "batch.start": gettext_lazy("发起了后台作业"),
    "batch.download": gettext_lazy("下载了后台作业生成的文件《%(object)s》"),
    "archive_package": gettext_lazy("生成了归档包《%(object)s》"),
    "archive_download": gettext_lazy("下载了归档包《%(object)s》"),
    "circular_draft": gettext_lazy("拟制了督查通报《%(object)s》"),
    "circular_edit": gettext_lazy("修改了督查通报《%(object)s》的表扬和批评"),
    "circular_issue": gettext_lazy("签发了督查通报《%(object)s》"),
    "circular_download": gettext_lazy("下载了督查通报《%(object)s》"),
}

# Action names people can pick in the filter, in a sensible order.
ACTION_CHOICES: list[tuple[str, Any]] = [
    ("task_assign", gettext_lazy("交办")),
    ("task_acknowledge", gettext_lazy("签收")),
    ("task_decline", gettext_lazy("退办")),
    ("progress_report", gettext_lazy("反馈进展")),
    ("evidence_upload", gettext_lazy("上传佐证材料")),
    ("evidence_withdraw", gettext_lazy("撤回佐证材料")),
    ("task_submit", gettext_lazy("提交审核")),
    ("task_approve", gettext_lazy("办结销号")),
    ("task_return", gettext_lazy("退回重办")),
    ("task_cancel", gettext_lazy("中止任务")),
    ("extension_request", gettext_lazy("申请延期")),
    ("extension_decide", gettext_lazy("审批延期")),
    ("comment_add", gettext_lazy("发表意见")),
    ("task_create", gettext_lazy("立项")),
    ("task_update", gettext_lazy("修改任务")),
    ("report.import", gettext_lazy("导入报告")),
    ("login", gettext_lazy("登录")),
    ("login_failed", gettext_lazy("登录失败")),
    ("permission_denied", gettext_lazy("越权访问被拒绝")),
    ("audit_export", gettext_lazy("导出审计日志")),
]


def _details(event: AuditEvent, department_names: dict[int, str]) -> list[str]:
    after = event.after if isinstance(event.after, dict) else {}
    action = event.action
    parts: list[str] = []
    if action == "task_assign":
        lead = department_names.get(after.get("lead_department_id") or 0)
        if lead:
            parts.append(_("牵头单位：%s") % lead)
        if after.get("due_on"):
            parts.append(_("完成时限：%s") % after["due_on"])
    elif action in ("task_acknowledge", "task_reassign") and after.get("responsible_name"):
        parts.append(_("责任人：%s") % after["responsible_name"])
    elif action == "progress_report":
        if after.get("percent") is not None:
            parts.append(_("进度 %s%%") % after["percent"])
        if after.get("text"):
            parts.append(str(after["text"])[:120])
    elif action in ("evidence_upload", "evidence_withdraw") and after.get("name"):
        parts.append(_("文件：%s") % after["name"])
    elif action == "extension_request" and after.get("requested_due_on"):
        parts.append(_("申请延至 %s") % after["requested_due_on"])
    elif action == "extension_decide":
        if after.get("approved"):
            parts.append(_("同意，完成时限改为 %s") % after.get("due_on"))
        else:
            parts.append(_("不同意"))
    elif action == "comment_add" and after.get("text"):
        parts.append(str(after["text"])[:120])
    elif action == "permission_denied" and after.get("path"):
        parts.append(_("地址：%s") % after["path"])
    elif action == "report.import":
        tasks = after.get("task_ids") or []
        parts.append(_("生成任务 %s 项") % len(tasks))
    for key in ("reason", "note"):
        if after.get(key):
            parts.append(_("理由：%s") % after[key])
    return parts


def audit_sentence(event: AuditEvent, department_names: dict[int, str] | None = None) -> str:
    """One event as one sentence a person reads without knowing the data model."""
    who = event.actor_name or _("系统")
    when = timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M")
    subject = event.object_repr or event.object_id or ""
    verb = VERBS.get(event.action)
    did = (
        str(verb) % {"object": subject} if verb is not None else _("进行了操作“%s”") % event.action
    )
    sentence = _("%(who)s 于 %(when)s %(did)s") % {"who": who, "when": when, "did": did}
    details = _details(event, department_names or {})
    if details:
        sentence += "，" + "，".join(details)
    return sentence + "。"
