"""In-app login from the DingTalk / WeCom workbench (免登).

The workbench opens Duban's address; Duban sends the browser through the
platform's OAuth page (silent inside the DingTalk/WeCom client), gets a
one-time code back, asks the platform whose code it is (``workapps``) and
logs in the Duban account linked to that userid. Nothing is ever created:
an unknown userid gets a clear message.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tracker.identity import directory
from tracker.identity.models import UserIdentity
from tracker.notifications import workapps
from tracker.notifications.transports import PermanentDeliveryError, TemporaryDeliveryError
from tracker.org.models import User

PLATFORM_NAMES = {
    workapps.Platform.DINGTALK: _lazy("钉钉"),
    workapps.Platform.WECOM: _lazy("企业微信"),
}


def workbench_user(request: HttpRequest, *, platform: str, code: str) -> User | None:
    """The active Duban account behind a workbench login code, or None with a message."""
    name = PLATFORM_NAMES[platform]
    try:
        if platform == workapps.Platform.WECOM:
            userid = workapps.wecom_userid_for_code(code)
        else:
            userid = workapps.dingtalk_userid_for_code(code)
    except TemporaryDeliveryError:
        messages.error(request, _("%(name)s暂时无法确认您的身份，请稍后再试。") % {"name": name})
        return None
    except PermanentDeliveryError:
        messages.error(
            request, _("%(name)s登录码无效或已过期，请从工作台重新打开。") % {"name": name}
        )
        return None
    field = "dingtalk_userid" if platform == workapps.Platform.DINGTALK else "wecom_userid"
    identity = UserIdentity.objects.select_related("user").filter(**{field: userid}).first()
    if identity is None or identity.ids_entered_by_user:
        messages.error(
            request,
            _("您的%(name)s账号（%(userid)s）尚未与督办系统用户关联，请联系督办管理员。")
            % {"name": name, "userid": userid},
        )
        return None
    user = identity.user
    if directory.is_kept_local(user):
        messages.error(request, _("管理员账号只能使用本地密码登录。"))
        return None
    if not user.is_active:
        messages.error(request, _("该账号已停用，请联系督办管理员。"))
        return None
    return user
