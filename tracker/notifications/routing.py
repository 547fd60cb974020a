"""Which of a person's own channels a notification also goes out on.

Beside the in-app message and e-mail: a DingTalk 工作通知 or WeCom 应用消息
when the organisation's app is configured, the person's userid is known and
they have not switched it off; and an SMS for the escalation steps whose
policy asks for it, when an SMS gateway is configured and the person has a
mobile number. One rule, used by the reminder sweep and by task events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.identity.models import UserIdentity
from tracker.notifications import sms, workapps
from tracker.notifications.models import Channel, NotificationPreference

# Policy field → the reminder kind it sends by SMS too.
SMS_STEPS = {
    "sms_overdue": "overdue",
    "sms_escalate_head": "escalate_head",
    "sms_escalate_leader": "escalate_leader",
}


def sms_kinds(policy_row: Any) -> frozenset[str]:
    return frozenset(kind for field, kind in SMS_STEPS.items() if getattr(policy_row, field, False))


@dataclass(frozen=True)
class Reach:
    """How one person can be reached outside Duban."""

    dingtalk_userid: str = ""
    wecom_userid: str = ""
    phone: str = ""
    dingtalk_on: bool = True
    wecom_on: bool = True

    def channels(self, kind: str, sms_kinds: frozenset[str] = frozenset()) -> list[str]:
        found: list[str] = []
        if self.dingtalk_on and self.dingtalk_userid and workapps.dingtalk_enabled():
            found.append(Channel.DINGTALK_WORK.value)
        if self.wecom_on and self.wecom_userid and workapps.wecom_enabled():
            found.append(Channel.WECOM_APP.value)
        if kind in sms_kinds and self.phone and sms.sms_enabled():
            found.append(Channel.SMS.value)
        return found


def reach_of(users: dict[int, str]) -> dict[int, Reach]:
    """{user id: Reach} for {user id: phone}, in two queries."""
    ids = {
        user_id: (dingtalk, wecom)
        for user_id, dingtalk, wecom in UserIdentity.objects.filter(
            user_id__in=list(users)
        ).values_list("user_id", "dingtalk_userid", "wecom_userid")
    }
    prefs = {
        user_id: (dingtalk_on, wecom_on)
        for user_id, dingtalk_on, wecom_on in NotificationPreference.objects.filter(
            user_id__in=list(users)
        ).values_list("user_id", "dingtalk_work", "wecom_app")
    }
    return {
        user_id: Reach(*ids.get(user_id, ("", "")), phone or "", *prefs.get(user_id, (True, True)))
        for user_id, phone in users.items()
    }
