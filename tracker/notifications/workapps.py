"""The one module that talks to DingTalk and WeCom as an organisation's app.

Work notifications to one person (钉钉「工作通知」, 企业微信「应用消息」) and the
in-app login code exchange (免登). Group robots stay in ``transports``.

Both platforms hand out an access token for the app's key and secret, valid
for 7200 s and to be cached (fetching it too often is itself rate-limited).
The token lives in the database (``WorkAppToken``) so every worker shares it;
an answer saying it is invalid or expired (40014 / 42001) fetches a new one
and tries once more. Failures raise ``transports.TemporaryDeliveryError``
(worth retrying later: busy, rate-limited, network) or
``transports.PermanentDeliveryError`` (wrong userid, app not allowed, bad
key) with the platform's code and message in Chinese.

``DINGTALK_API_BASE`` / ``WECOM_API_BASE`` point at the public service by
default; 政务钉钉 / 政务微信 deployments and the tests point them elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tracker.identity.models import WorkAppToken
from tracker.notifications.transports import PermanentDeliveryError, TemporaryDeliveryError

TIMEOUT = 10
TOKEN_MARGIN = dt.timedelta(minutes=5)
TOKEN_EXPIRED = {40014, 42001}  # both platforms: invalid / expired access_token
# WeCom codes retrying will not fix: bad secret/corpid, userid not found or not
# visible to the app, agentid not allowed, IP not on the app's allow-list.
WECOM_PERMANENT = {40001, 40003, 40013, 40056, 60011, 60020, 81013, 82001, 301002, 60111}
# DingTalk: bad key/secret, userid invalid, no permission (88 with sub_code), agent invalid.
DINGTALK_PERMANENT = {40001, 40003, 40089, 33012, 88, 400002, 60020, 60011}
# getsendresult's forbidden_list codes: daily limit per person reached / the same
# content already sent to this person today.
DINGTALK_DAILY_LIMIT = "143105"
DINGTALK_DUPLICATE = "143106"
WECOM_TEXT_MAX_BYTES = 2048
DINGTALK_TEXT_MAX_CHARS = 5000


class Platform:
    DINGTALK = "dingtalk"
    WECOM = "wecom"


def dingtalk_enabled() -> bool:
    return bool(settings.DINGTALK_APP_KEY and settings.DINGTALK_APP_SECRET)


def wecom_enabled() -> bool:
    return bool(settings.WECOM_CORP_ID and settings.WECOM_APP_SECRET)


def _call(method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - configured https API bases
        url,
        data=data,
        headers={"Content-Type": "application/json; charset=utf-8"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500 and exc.code != 429:
            raise PermanentDeliveryError(f"接口拒绝请求：HTTP {exc.code}") from exc
        raise TemporaryDeliveryError(f"接口暂时不可用：HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise TemporaryDeliveryError(f"接口暂时不可用：{exc}") from exc
    if not isinstance(answer, dict):
        raise TemporaryDeliveryError("接口返回了无法识别的内容")
    return answer


def _code(answer: dict[str, Any]) -> int:
    try:
        return int(answer.get("errcode", 0) or 0)
    except (TypeError, ValueError):
        return -1


# --------------------------------------------------------------------------- tokens


def _fetch_token(platform: str) -> tuple[str, int]:
    if platform == Platform.WECOM:
        query = urllib.parse.urlencode(
            {"corpid": settings.WECOM_CORP_ID, "corpsecret": settings.WECOM_APP_SECRET}
        )
        answer = _call("GET", f"{settings.WECOM_API_BASE}/cgi-bin/gettoken?{query}")
        permanent, name = WECOM_PERMANENT, "企业微信"
    else:
        query = urllib.parse.urlencode(
            {"appkey": settings.DINGTALK_APP_KEY, "appsecret": settings.DINGTALK_APP_SECRET}
        )
        answer = _call("GET", f"{settings.DINGTALK_API_BASE}/gettoken?{query}")
        permanent, name = DINGTALK_PERMANENT, "钉钉"
    code = _code(answer)
    if code != 0 or not answer.get("access_token"):
        message = f"{name}获取 access_token 失败（{code}）：{answer.get('errmsg', '')}"
        if code in permanent:
            raise PermanentDeliveryError(message)
        raise TemporaryDeliveryError(message)
    return str(answer["access_token"]), int(answer.get("expires_in", 7200) or 7200)


def access_token(platform: str, *, refresh: bool = False) -> str:
    """The app's access token, from the shared cache unless it is (nearly) expired."""
    now = timezone.now()
    if not refresh:
        cached = WorkAppToken.objects.filter(platform=platform, expires_at__gt=now).first()
        if cached is not None:
            return cached.token
    token, expires_in = _fetch_token(platform)
    with transaction.atomic():
        WorkAppToken.objects.update_or_create(
            platform=platform,
            defaults={
                "token": token,
                "expires_at": now + dt.timedelta(seconds=expires_in) - TOKEN_MARGIN,
            },
        )
    return token


def _with_token(platform: str, call: Any) -> dict[str, Any]:
    """Run ``call(token)``; on an invalid/expired token fetch a new one and retry once."""
    answer = call(access_token(platform))
    if _code(answer) in TOKEN_EXPIRED:
        answer = call(access_token(platform, refresh=True))
    return answer  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- messages


def wecom_send(*, userid: str, text: str, dedupe: bool = True) -> str:
    """Send an 应用消息 (text) to one WeCom member; return WeCom's msgid.

    ``enable_duplicate_check`` makes WeCom drop an identical message sent
    again within 4 hours: a retry after a lost answer is not shown twice.
    """
    content = _truncate_bytes(text, WECOM_TEXT_MAX_BYTES)
    body = {
        "touser": userid,
        "msgtype": "text",
        "agentid": int(settings.WECOM_AGENT_ID),
        "text": {"content": content},
        "safe": 0,
        "enable_duplicate_check": 1 if dedupe else 0,
        "duplicate_check_interval": 14400,
    }

    def call(token: str) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token})
        return _call("POST", f"{settings.WECOM_API_BASE}/cgi-bin/message/send?{query}", body)

    answer = _with_token(Platform.WECOM, call)
    code = _code(answer)
    if code == 0 and answer.get("invaliduser"):
        raise PermanentDeliveryError(
            f"企业微信：成员 {answer['invaliduser']} 不存在或不在应用可见范围内"
        )
    if code != 0:
        _raise("企业微信", code, answer, WECOM_PERMANENT)
    return str(answer.get("msgid", ""))


def dingtalk_send(*, userid: str, text: str) -> str:
    """Send a 工作通知 (text) to one DingTalk user; return the task_id.

    The API is asynchronous: it accepts the message and reports per-person
    results later (getsendresult). We check that result once right away and
    fail the row when DingTalk already says the userid is invalid or the
    person is being rate-limited; a result not yet known counts as accepted.
    """
    body = {
        "agent_id": int(settings.DINGTALK_AGENT_ID),
        "userid_list": userid,
        "msg": {"msgtype": "text", "text": {"content": text[:DINGTALK_TEXT_MAX_CHARS]}},
    }

    def call(token: str) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token})
        return _call(
            "POST",
            f"{settings.DINGTALK_API_BASE}/topapi/message/corpconversation/asyncsend_v2?{query}",
            body,
        )

    answer = _with_token(Platform.DINGTALK, call)
    code = _code(answer)
    if code != 0:
        _raise("钉钉", code, answer, DINGTALK_PERMANENT)
    task_id = answer.get("task_id")
    _dingtalk_check_result(userid, task_id)
    return str(task_id)


def _dingtalk_check_result(userid: str, task_id: Any) -> None:
    body = {"agent_id": int(settings.DINGTALK_AGENT_ID), "task_id": task_id}

    def call(token: str) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token})
        return _call(
            "POST",
            f"{settings.DINGTALK_API_BASE}/topapi/message/corpconversation/getsendresult?{query}",
            body,
        )

    try:
        answer = _with_token(Platform.DINGTALK, call)
    except TemporaryDeliveryError:
        return  # accepted; the result could not be read now
    if _code(answer) != 0:
        return
    result = answer.get("send_result") or {}
    if userid in (result.get("invalid_user_id_list") or []):
        raise PermanentDeliveryError(f"钉钉：userid {userid} 无效（不在企业通讯录中）")
    forbidden = {
        str(item.get("userid")): str(item.get("code"))
        for item in result.get("forbidden_list") or []
        if isinstance(item, dict)
    }
    if forbidden.get(userid) == DINGTALK_DUPLICATE:
        return  # the same text already reached them today (our earlier send)
    if userid in forbidden or userid in (result.get("forbidden_user_id_list") or []):
        raise TemporaryDeliveryError(
            f"钉钉：{userid} 今日接收工作通知已达上限（被限流，代码 {forbidden.get(userid, '')}），稍后重试"
        )


def _raise(name: str, code: int, answer: dict[str, Any], permanent: set[int]) -> None:
    detail = answer.get("errmsg", "")
    if answer.get("sub_msg"):
        detail = f"{detail}（{answer.get('sub_code', '')} {answer['sub_msg']}）"
    message = f"{name}返回错误 {code}：{detail}"
    if code in permanent:
        raise PermanentDeliveryError(message)
    raise TemporaryDeliveryError(message)


def _truncate_bytes(text: str, limit: int) -> str:
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode(errors="ignore") + "…"


# --------------------------------------------------------------------------- 免登


def wecom_userid_for_code(code: str) -> str:
    """The WeCom userid behind an OAuth2 code from the workbench (免登)."""

    def call(token: str) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token, "code": code})
        return _call("GET", f"{settings.WECOM_API_BASE}/cgi-bin/auth/getuserinfo?{query}")

    answer = _with_token(Platform.WECOM, call)
    if _code(answer) != 0:
        _raise("企业微信", _code(answer), answer, WECOM_PERMANENT | {40029})
    userid = answer.get("userid") or answer.get("UserId")
    if not userid:
        raise PermanentDeliveryError("企业微信：该用户不是企业成员（没有 userid）")
    return str(userid)


def dingtalk_userid_for_code(code: str) -> str:
    """The DingTalk userid behind a login authCode (免登 inside the DingTalk client).

    The code (from login.dingtalk.com/oauth2/auth, silent inside DingTalk) is
    exchanged for the person's own access token (api.dingtalk.com
    /v1.0/oauth2/userAccessToken), which reads their unionId
    (/v1.0/contact/users/me); the app's token then maps the unionId to the
    organisation's userid (topapi/user/getbyunionid).
    """
    answer, status = _call_new(
        "POST",
        "/v1.0/oauth2/userAccessToken",
        {
            "clientId": settings.DINGTALK_APP_KEY,
            "clientSecret": settings.DINGTALK_APP_SECRET,
            "code": code,
            "grantType": "authorization_code",
        },
    )
    person_token = answer.get("accessToken")
    if status != 200 or not person_token:
        raise PermanentDeliveryError(f"钉钉登录码无效或已过期：{answer.get('message', status)}")
    me, status = _call_new("GET", "/v1.0/contact/users/me", None, token=str(person_token))
    union_id = me.get("unionId")
    if status != 200 or not union_id:
        raise PermanentDeliveryError(f"钉钉未返回用户信息：{me.get('message', status)}")

    def call(token: str) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token})
        return _call(
            "POST",
            f"{settings.DINGTALK_API_BASE}/topapi/user/getbyunionid?{query}",
            {"unionid": union_id},
        )

    mapped = _with_token(Platform.DINGTALK, call)
    userid = (mapped.get("result") or {}).get("userid") if _code(mapped) == 0 else None
    if not userid:
        raise PermanentDeliveryError("钉钉：该用户不是本单位通讯录成员")
    return str(userid)


def _call_new(
    method: str, path: str, body: dict[str, Any] | None, *, token: str = ""
) -> tuple[dict[str, Any], int]:
    """DingTalk's newer API (api.dingtalk.com): errors are HTTP statuses with code/message."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token:
        headers["x-acs-dingtalk-access-token"] = token
    request = urllib.request.Request(  # noqa: S310 - configured https API base
        settings.DINGTALK_NEW_API_BASE + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers=headers,
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode() or "{}"), response.status
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read().decode() or "{}")
        except ValueError:
            detail = {}
        return (detail if isinstance(detail, dict) else {}), exc.code
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise TemporaryDeliveryError(f"钉钉接口暂时不可用：{exc}") from exc
