"""The audit trail in plain Chinese sentences, for people who read records
(discipline inspectors, 纪检): "王督办 于 2022-03-01 10:02 退回了《…》，理由：…"."""

from __future__ import annotations

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.audit.models import AuditAction, AuditEvent

A = AuditAction

# What the actor did, as a verb phrase with the object in 《》: one for every
# ``AuditAction`` (a test holds the two together; the action's own name and
# label live only in the enumeration).
VERBS: dict[AuditAction, Promise] = {
    A.TASK_ASSIGN: gettext_lazy("交办了《%(object)s》"),
    A.TASK_ACKNOWLEDGE: gettext_lazy("签收了《%(object)s》"),
    A.TASK_DECLINE: gettext_lazy("退办了《%(object)s》"),
    A.TASK_REASSIGN: gettext_lazy("更换了《%(object)s》的责任人"),
    A.PROGRESS_REPORT: gettext_lazy("反馈了《%(object)s》的进展"),
    A.EVIDENCE_UPLOAD: gettext_lazy("为《%(object)s》上传了佐证材料"),
    A.EVIDENCE_WITHDRAW: gettext_lazy("撤回了《%(object)s》的佐证材料"),
    A.EVIDENCE_DOWNLOAD: gettext_lazy("下载了佐证材料《%(object)s》"),
    A.EVIDENCE_PREVIEW: gettext_lazy("预览了佐证材料《%(object)s》"),
    A.TASK_SUBMIT: gettext_lazy("将《%(object)s》提交审核"),
    A.TASK_DIVISION_APPROVE: gettext_lazy("在处室审核中通过了《%(object)s》"),
    A.TASK_DIVISION_RETURN: gettext_lazy("在处室审核中退回了《%(object)s》"),
    A.TASK_APPROVE: gettext_lazy("办结销号了《%(object)s》"),
    A.TASK_RETURN: gettext_lazy("退回了《%(object)s》"),
    A.TASK_CANCEL: gettext_lazy("中止了《%(object)s》"),
    A.TASK_ARCHIVE: gettext_lazy("归档了《%(object)s》"),
    A.EXTENSION_REQUEST: gettext_lazy("为《%(object)s》申请延期"),
    A.EXTENSION_DECIDE: gettext_lazy("审批了《%(object)s》的延期申请"),
    A.COMMENT_ADD: gettext_lazy("对《%(object)s》发表了意见"),
    A.TASK_URGE: gettext_lazy("催办了《%(object)s》"),
    A.INSTRUCTION_ISSUE: gettext_lazy("对《%(object)s》作出批示"),
    A.INSTRUCTION_CREATE_TASK: gettext_lazy("批示交办了《%(object)s》"),
    A.MILESTONE_ADD: gettext_lazy("为《%(object)s》设置了时间节点"),
    A.MILESTONE_COMPLETE: gettext_lazy("完成了《%(object)s》的一个时间节点"),
    A.FEEDBACK_SET: gettext_lazy("为《%(object)s》设置了定期反馈"),
    A.SLIP_DOWNLOAD: gettext_lazy("下载了《%(object)s》的督办单"),
    A.TASK_CREATE: gettext_lazy("立项了《%(object)s》"),
    A.TASK_UPDATE: gettext_lazy("修改了《%(object)s》"),
    A.TASK_SPLIT: gettext_lazy("拆分了《%(object)s》"),
    A.REPORT_IMPORT: gettext_lazy("导入了报告《%(object)s》"),
    A.REPORT_DRAFT: gettext_lazy("生成了报告《%(object)s》的初稿"),
    A.LEDGER_EXPORT: gettext_lazy("导出了工作台账"),
    A.BATCH_START: gettext_lazy("开始了后台导出"),
    A.BATCH_DOWNLOAD: gettext_lazy("下载了导出文件"),
    A.LOGIN: gettext_lazy("登录了系统"),
    A.LOGOUT: gettext_lazy("退出了系统"),
    A.LOGIN_FAILED: gettext_lazy("登录未成功"),
    A.PERMISSION_DENIED: gettext_lazy("试图访问无权访问的内容，已被拒绝"),
    A.AUDIT_EXPORT: gettext_lazy("导出了审计日志"),
    A.NOTIFICATION_PREFERENCE_UPDATE: gettext_lazy("修改了自己的通知设置"),
    A.WORKAPP_IDS_UPDATE: gettext_lazy("修改了自己的钉钉/企业微信账号"),
    A.NOTIFICATIONS_REDRIVE: gettext_lazy("重新发送了发送失败的通知"),
    A.REMINDER_POLICY_SAVE: gettext_lazy("修改了提醒规则"),
    A.LIGHT_POLICY_SAVE: gettext_lazy("修改了预警灯阈值"),
    A.HOLIDAY_SAVE: gettext_lazy("录入了放假安排“%(object)s”"),
    A.HOLIDAY_DELETE: gettext_lazy("删除了节假日“%(object)s”"),
    A.DEPARTMENT_SAVE: gettext_lazy("保存了单位“%(object)s”"),
    A.SCORING_RULES_SAVE: gettext_lazy("修改了考评规则"),
    A.PERSON_SAVE: gettext_lazy("保存了人员“%(object)s”的信息"),
    A.PERSON_DEACTIVATE: gettext_lazy("停用了“%(object)s”的账号"),
    A.PERSON_ACTIVATE: gettext_lazy("恢复了“%(object)s”的账号"),
    A.ARCHIVE_PACKAGE: gettext_lazy("生成了归档包《%(object)s》"),
    A.ARCHIVE_DOWNLOAD: gettext_lazy("下载了归档包《%(object)s》"),
    A.CIRCULAR_DRAFT: gettext_lazy("拟制了督查通报《%(object)s》"),
    A.CIRCULAR_EDIT: gettext_lazy("修改了督查通报《%(object)s》的表扬和批评"),
    A.CIRCULAR_ISSUE: gettext_lazy("签发了督查通报《%(object)s》"),
    A.CIRCULAR_DOWNLOAD: gettext_lazy("下载了督查通报《%(object)s》"),
}


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
    elif action == "person_deactivate" and after.get("tasks_handed_over"):
        parts.append(
            _("%(n)s 项在办任务交给%(name)s")
            % {"n": len(after["tasks_handed_over"]), "name": after.get("handed_over_to", "")}
        )
    elif action == "report.import":
        tasks = after.get("task_ids") or []
        parts.append(_("生成任务 %s 项") % len(tasks))
    for key in ("reason", "note"):
        if after.get(key):
            parts.append(_("理由：%s") % after[key])
    return parts


def audit_sentence(event: AuditEvent, department_names: dict[int, str] | None = None) -> str:
    """One event as one sentence a person reads without knowing the data model."""
    # A failed login has no actor: somebody typed a wrong password, not the system.
    who = event.actor_name or (_("有人") if event.action == "login_failed" else _("系统"))
    when = timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M")
    subject = event.object_repr or event.object_id or ""
    try:
        action: AuditAction | None = AuditAction(event.action)
    except ValueError:
        action = None
    if action is not None:
        did = str(VERBS[action]) % {"object": subject}
    else:
        did = _("进行了操作“%s”") % event.action
    sentence = _("%(who)s 于 %(when)s %(did)s") % {"who": who, "when": when, "did": did}
    details = _details(event, department_names or {})
    if details:
        sentence += "，" + "，".join(details)
    return sentence + "。"
