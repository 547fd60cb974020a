"""Changes to a person's identity that the person makes themselves."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.identity.models import Source, UserIdentity

USERID = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")
FIELDS = {"dingtalk_userid": "钉钉 userid", "wecom_userid": "企业微信 userid"}


def workapp_ids_update(
    *, user: Any, dingtalk_userid: str, wecom_userid: str, request: Any = None
) -> UserIdentity | None:
    """Save the DingTalk/WeCom userids a person enters on their own page.

    Ids the directory provides are not the person's to change. Ids entered
    here serve for messages only, never for 免登. Raises ValidationError (in
    Chinese) and changes nothing when an id is malformed or someone else's.
    """
    wanted = {"dingtalk_userid": dingtalk_userid.strip(), "wecom_userid": wecom_userid.strip()}
    with transaction.atomic():
        identity = UserIdentity.objects.select_for_update().filter(user=user).first()
        current = {name: getattr(identity, name, "") for name in FIELDS}
        if wanted == current:
            return identity
        if identity is not None and identity.source == Source.DIRECTORY:
            locked = [name for name in FIELDS if current[name] and wanted[name] != current[name]]
            if locked:
                raise ValidationError(_("该账号由单位目录同步，不能在此修改。"))
        for name, value in wanted.items():
            if value and not USERID.match(value):
                raise ValidationError(
                    _("%(label)s 格式不正确：只能包含字母、数字和 _ . @ -，最长 64 位。")
                    % {"label": FIELDS[name]}
                )
            others = UserIdentity.objects.exclude(user=user).filter(**{name: value})
            if value and others.exists():
                raise ValidationError(
                    _("%(label)s “%(value)s”已被其他用户使用，请联系督办管理员。")
                    % {"label": FIELDS[name], "value": value}
                )
        if identity is None:
            identity = UserIdentity(user=user, source=Source.LOCAL)
        identity.dingtalk_userid = wanted["dingtalk_userid"]
        identity.wecom_userid = wanted["wecom_userid"]
        identity.ids_entered_by_user = True
        identity.full_clean()
        identity.save()
        audit_record(
            action=AuditAction.WORKAPP_IDS_UPDATE,
            actor=user,
            obj=identity,
            before=current,
            after=wanted,
            request=request,
        )
    return identity
