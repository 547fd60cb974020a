"""Local stand-ins for the DingTalk and WeCom server APIs, enforcing their protocol.

Each answers like the published API (as read from the public documentation):
the access-token flow (gettoken with the app's key and secret; tokens expire;
40014 for an unknown token, 42001 for an expired one), JSON bodies with the
documented field names and types, the documented error codes for a bad
agent id, unknown user, empty or over-long content, and rate limits (WeCom:
per member per minute → 45009; DingTalk: per person per day and identical
content per day, reported through getsendresult's forbidden_list). Tests can
queue failures (HTTP status or errcode) for the next calls.

Nothing here is imported by Duban; Duban only sees a base URL.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class AppState:
    key: str
    secret: str
    agent_id: int
    members: set[str]
    token_ttl: int = 7200
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (monotonic)
    token_fetches: int = 0
    delivered: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    fail_next: list[tuple[int | None, int]] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # 免登 code -> userid
    per_minute: int = 30
    per_day: int = 500
    sent_times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_task: int = 1000
    person_tokens: dict[str, str] = field(default_factory=dict)  # DingTalk user token -> userid

    def issue_token(self) -> tuple[str, int]:
        self.token_fetches += 1
        token = f"tok-{self.token_fetches}-{time.monotonic_ns()}"
        self.tokens[token] = time.monotonic() + self.token_ttl
        return token, self.token_ttl

    def token_error(self, token: str | None) -> int:
        if not token or token not in self.tokens:
            return 40014
        if self.tokens[token] <= time.monotonic():
            return 42001
        return 0

    def expire_tokens(self) -> None:
        for token in self.tokens:
            self.tokens[token] = 0.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _reply(self, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            return None
        try:
            body = json.loads(raw.decode())
        except (UnicodeDecodeError, ValueError):
            return None
        return body if isinstance(body, dict) else None

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
        state = self.server.state
        with self.server.lock:
            state.requests.append((method, parts.path))
            if state.fail_next and parts.path not in self.server.token_paths:
                status, code = state.fail_next.pop(0)
                if status:
                    self.send_response(status)
                    self.end_headers()
                    return
                self._reply({"errcode": code, "errmsg": "injected failure"})
                return
            self.server.route(self, method, parts.path, query)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    token_paths: set[str] = set()

    def __init__(self, state: AppState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> _Server:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def route(self, h: _Handler, method: str, path: str, query: dict[str, str]) -> None:
        raise NotImplementedError


class FakeWeCom(_Server):
    """qyapi.weixin.qq.com: gettoken, message/send, auth/getuserinfo."""

    token_paths = {"/cgi-bin/gettoken"}

    def route(self, h: _Handler, method: str, path: str, query: dict[str, str]) -> None:
        s = self.state
        if path == "/cgi-bin/gettoken":
            if query.get("corpid") != s.key:
                return h._reply({"errcode": 40013, "errmsg": "invalid corpid"})
            if query.get("corpsecret") != s.secret:
                return h._reply({"errcode": 40001, "errmsg": "invalid credential"})
            token, ttl = s.issue_token()
            return h._reply(
                {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": ttl}
            )
        code = s.token_error(query.get("access_token"))
        if path == "/cgi-bin/message/send":
            if method != "POST":
                return h._reply({"errcode": 43002, "errmsg": "require POST method"})
            if code:
                return h._reply({"errcode": code, "errmsg": "invalid or expired access_token"})
            body = h._body()
            if body is None:
                return h._reply({"errcode": 47001, "errmsg": "data format error"})
            if body.get("msgtype") != "text" or not isinstance(body.get("touser"), str):
                return h._reply({"errcode": 40008, "errmsg": "invalid message type"})
            if not isinstance(body.get("agentid"), int):
                return h._reply({"errcode": 40056, "errmsg": "invalid agentid"})
            if body["agentid"] != s.agent_id:
                return h._reply(
                    {
                        "errcode": 301002,
                        "errmsg": "not allow operate another agent with this accesstoken.",
                    }
                )
            content = (body.get("text") or {}).get("content")
            if not isinstance(content, str) or not content:
                return h._reply({"errcode": 44004, "errmsg": "empty content"})
            if len(content.encode()) > 2048:
                return h._reply({"errcode": 45002, "errmsg": "content size out of limit"})
            users = [u for u in body["touser"].split("|") if u]
            valid = [u for u in users if u in s.members]
            if not valid:
                return h._reply({"errcode": 81013, "errmsg": "user & party & tag all invalid"})
            now = time.monotonic()
            for user in valid:
                recent = [t for t in s.sent_times[user] if t > now - 60]
                if len(recent) >= s.per_minute:
                    return h._reply({"errcode": 45009, "errmsg": "api freq out of limit"})
            for user in valid:
                interval = int(body.get("duplicate_check_interval") or 1800)
                duplicate = body.get("enable_duplicate_check") == 1 and any(
                    m["touser"] == user and m["content"] == content and m["at"] > now - interval
                    for m in s.delivered
                )
                s.sent_times[user].append(now)
                if not duplicate:
                    s.delivered.append({"touser": user, "content": content, "at": now})
            invalid = "|".join(u for u in users if u not in s.members)
            return h._reply(
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "invaliduser": invalid,
                    "msgid": f"m{len(s.delivered)}",
                }
            )
        if path == "/cgi-bin/auth/getuserinfo":
            if code:
                return h._reply({"errcode": code, "errmsg": "invalid or expired access_token"})
            userid = s.codes.pop(query.get("code", ""), None)
            if userid is None:
                return h._reply({"errcode": 40029, "errmsg": "invalid code"})
            return h._reply({"errcode": 0, "errmsg": "ok", "userid": userid})
        h._reply({"errcode": 404, "errmsg": "not found"}, status=404)


class FakeDingTalk(_Server):
    """oapi.dingtalk.com: gettoken, asyncsend_v2, getsendresult, v2/user/getuserinfo."""

    token_paths = {"/gettoken"}

    def route(self, h: _Handler, method: str, path: str, query: dict[str, str]) -> None:
        s = self.state
        if path == "/gettoken":
            if query.get("appkey") != s.key or query.get("appsecret") != s.secret:
                return h._reply({"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"})
            token, ttl = s.issue_token()
            return h._reply(
                {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": ttl}
            )
        if path.startswith("/v1.0/"):
            return self.new_api(h, method, path)
        if method != "POST":
            return h._reply({"errcode": 43002, "errmsg": "需要POST请求"})
        code = s.token_error(query.get("access_token"))
        if code:
            return h._reply({"errcode": code, "errmsg": "不合法的access_token"})
        body = h._body()
        if body is None:
            return h._reply({"errcode": 40035, "errmsg": "不合法的参数"})
        if path == "/topapi/message/corpconversation/asyncsend_v2":
            if body.get("agent_id") != s.agent_id:
                return h._reply(
                    {
                        "errcode": 88,
                        "sub_code": "60011",
                        "sub_msg": "没有调用该接口的权限",
                        "errmsg": "ding talk error[subcode=60011,submsg=没有调用该接口的权限]",
                    }
                )
            msg = body.get("msg") or {}
            content = (
                (msg.get("text") or {}).get("content") if msg.get("msgtype") == "text" else None
            )
            users = [u for u in str(body.get("userid_list") or "").split(",") if u]
            if not content or not users:
                return h._reply({"errcode": 40035, "errmsg": "不合法的参数"})
            if len(content) > 5000:
                return h._reply({"errcode": 34016, "errmsg": "消息内容长度超过限制"})
            result: dict[str, Any] = {
                "invalid_user_id_list": [],
                "forbidden_list": [],
                "forbidden_user_id_list": [],
            }
            now = time.time()
            for user in users:
                if user not in s.members:
                    result["invalid_user_id_list"].append(user)
                    continue
                today = [m for m in s.delivered if m["userid"] == user and m["at"] > now - 86400]
                if any(m["content"] == content for m in today):
                    result["forbidden_list"].append({"code": "143106", "count": 1, "userid": user})
                    continue
                if len(today) >= s.per_day:
                    result["forbidden_list"].append({"code": "143105", "count": 1, "userid": user})
                    result["forbidden_user_id_list"].append(user)
                    continue
                s.delivered.append({"userid": user, "content": content, "at": now})
            s.next_task += 1
            s.results[s.next_task] = result
            return h._reply(
                {"errcode": 0, "errmsg": "ok", "task_id": s.next_task, "request_id": "r1"}
            )
        if path == "/topapi/message/corpconversation/getsendresult":
            result = s.results.get(body.get("task_id"))  # type: ignore[arg-type]
            if body.get("agent_id") != s.agent_id or result is None:
                return h._reply({"errcode": 40035, "errmsg": "不合法的参数"})
            return h._reply({"errcode": 0, "errmsg": "ok", "send_result": result})
        if path == "/topapi/user/getbyunionid":
            unionid = str(body.get("unionid") or "")
            userid = unionid.removeprefix("union-")
            if not unionid.startswith("union-") or userid not in s.members:
                return h._reply({"errcode": 60121, "errmsg": "找不到该用户"})
            return h._reply(
                {"errcode": 0, "errmsg": "ok", "result": {"contact_type": 0, "userid": userid}}
            )
        if path == "/topapi/v2/user/getuserinfo":
            userid = s.codes.pop(str(body.get("code")), None)
            if userid is None:
                return h._reply({"errcode": 40078, "errmsg": "不存在的临时授权码"})
            return h._reply(
                {"errcode": 0, "errmsg": "ok", "result": {"userid": userid, "name": ""}}
            )
        h._reply({"errcode": 404, "errmsg": "请求的URI地址不存在"}, status=404)

    def new_api(self, h: _Handler, method: str, path: str) -> None:
        """api.dingtalk.com: errors are HTTP statuses with {"code", "message"}."""
        s = self.state
        if path == "/v1.0/oauth2/userAccessToken" and method == "POST":
            body = h._body()
            if body is None or body.get("grantType") != "authorization_code":
                return h._reply({"code": "invalidParameter", "message": "grantType 不合法"}, 400)
            if body.get("clientId") != s.key or body.get("clientSecret") != s.secret:
                return h._reply(
                    {"code": "invalidClientSecret", "message": "clientSecret 不正确"}, 400
                )
            userid = s.codes.pop(str(body.get("code")), None)
            if userid is None:
                return h._reply({"code": "invalidAuthCode", "message": "不合法的临时授权码"}, 400)
            token = f"person-{len(s.person_tokens) + 1}"
            s.person_tokens[token] = userid
            return h._reply({"accessToken": token, "refreshToken": "r", "expireIn": 7200})
        if path == "/v1.0/contact/users/me" and method == "GET":
            userid = s.person_tokens.get(h.headers.get("x-acs-dingtalk-access-token") or "")
            if userid is None:
                return h._reply(
                    {"code": "InvalidAuthentication", "message": "不合法的access_token"}, 401
                )
            return h._reply(
                {"nick": userid, "unionId": f"union-{userid}", "openId": f"open-{userid}"}
            )
        h._reply({"code": "NotFound", "message": "not found"}, 404)
