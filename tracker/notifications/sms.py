"""The one module that sends SMS: China Mobile 云MAS's HTTP interface.

Government bodies mostly send SMS through an operator's MAS gateway
(移动云MAS, and the 联通/电信 gateways modelled on it). Its HTTP interface
takes a POST whose body is the Base64 of a JSON object with the enterprise
name (ecName), the interface user (apId), the numbers, the text, the
signature code (sign), an extension code (addSerial) and ``mac``: the
lower-case MD5 of ecName + apId + secretKey + mobiles + content + sign +
addSerial (the secret itself is never sent). It answers JSON with
``rspcod`` ("success" or an error name) and ``msgGroup``, the batch id.

Failures raise ``transports.TemporaryDeliveryError`` (network, HTTP 5xx or
429, gateway busy) or ``transports.PermanentDeliveryError`` (wrong
credentials, MAC, signature or number: retrying cannot help).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

from tracker.notifications.transports import PermanentDeliveryError, TemporaryDeliveryError

TIMEOUT = 10
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# rspcod values and what they mean (the gateway's documented names).
PERMANENT = {
    "IllegalMac": "MAC 校验不通过（密钥或参数不符）",
    "IllegalSignId": "无效的签名编码",
    "InvalidMessage": "非法消息，请求数据解析失败",
    "InvalidUsrOrPwd": "非法用户名或密码（ecName/apId/secretKey 不正确）",
    "NoSignId": "未匹配到对应的签名信息",
    "TooManyMobiles": "手机号数量超出上限",
}
SMS_MAX_CHARS = 500  # long SMS is split by the gateway; keep the text short


def sms_enabled() -> bool:
    return bool(settings.SMS_GATEWAY_URL and settings.SMS_AP_ID)


def sms_mac(*, mobiles: str, content: str) -> str:
    raw = (
        settings.SMS_EC_NAME
        + settings.SMS_AP_ID
        + settings.SMS_SECRET_KEY
        + mobiles
        + content
        + settings.SMS_SIGN
        + settings.SMS_ADD_SERIAL
    )
    return hashlib.md5(raw.encode()).hexdigest()  # noqa: S324 - the gateway's protocol


def sms_request_body(*, mobile: str, text: str) -> bytes:
    """The Base64 body of one submission (no I/O; tested directly)."""
    content = text[:SMS_MAX_CHARS]
    payload = {
        "ecName": settings.SMS_EC_NAME,
        "apId": settings.SMS_AP_ID,
        "mobiles": mobile,
        "content": content,
        "sign": settings.SMS_SIGN,
        "addSerial": settings.SMS_ADD_SERIAL,
        "mac": sms_mac(mobiles=mobile, content=content),
    }
    return base64.b64encode(json.dumps(payload, ensure_ascii=False).encode())


def send_sms(*, mobile: str, text: str) -> str:
    """Submit one SMS; return the gateway's batch id (msgGroup)."""
    mobile = mobile.strip().replace(" ", "").removeprefix("+86")
    if not MOBILE.match(mobile):
        raise PermanentDeliveryError(f"手机号“{mobile}”格式不正确，无法发送短信")
    request = urllib.request.Request(  # noqa: S310 - the configured gateway
        settings.SMS_GATEWAY_URL,
        data=sms_request_body(mobile=mobile, text=text),
        headers={"Content-Type": "text/plain; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer: Any = json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500 and exc.code != 429:
            raise PermanentDeliveryError(f"短信网关拒绝请求：HTTP {exc.code}") from exc
        raise TemporaryDeliveryError(f"短信网关暂时不可用：HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise TemporaryDeliveryError(f"短信网关暂时不可用：{exc}") from exc
    code = str(answer.get("rspcod", "")) if isinstance(answer, dict) else ""
    if code == "success" and answer.get("success", True):
        return str(answer.get("msgGroup", ""))
    if code in PERMANENT:
        raise PermanentDeliveryError(f"短信网关返回 {code}：{PERMANENT[code]}")
    raise TemporaryDeliveryError(f"短信网关返回 {code or '无法识别的应答'}，稍后重试")
