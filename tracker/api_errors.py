"""OpenAPI schema post-processing: the error answers every operation can give.

The schema is the contract that schemathesis checks (schemathesis, see docs/security.md):
any operation may answer 400 (bad input, with the reason in Chinese), 401
(no or bad token), 403 (not allowed now), 404 (not there or not visible);
writes may also answer 409 (edited meanwhile, or ended by a conflict with
another write: nothing saved, try again), 413 (too large, from
Content-Length) and 415 (body type). They all carry a JSON object: either
``{"detail": "…"}`` or ``{"field": ["…"]}``. Declaring them here, once,
keeps every view's decorator about its own success answer.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误说明：{detail: 原因} 或 {字段名: [原因, …]}",
    # DRF answers {"detail": "…"}, or {"detail": ["…", …]} for a list of reasons.
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    },
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "输入有误或条件不满足（中文说明）",
    "401": "未登录或令牌无效",
    "403": "无权执行该操作",
    "404": "不存在或无权查看",
    "409": "已被他人修改（乐观锁冲突），或与他人同时办理而未保存（可重试）",
    "413": "提交的内容超过大小上限",
    "415": "不支持的请求内容类型",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = WRITE_METHODS | {"get", "head", "options"}


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            codes = ["400", "401", "403", "404"]
            if method in WRITE_METHODS:
                codes += ["409", "413", "415"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses[code] = {"description": DESCRIPTIONS[code], "content": reference}
            if path.endswith("/auth/token/"):
                # django-axes: too many failed logins lock the name out for a while.
                responses["429"] = {
                    "description": "登录失败次数过多，账号已被临时锁定",
                    "content": {"text/html": {"schema": {"type": "string"}}},
                }
    return result
