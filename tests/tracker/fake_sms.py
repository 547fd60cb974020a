"""A local stand-in for an operator's MAS SMS gateway (移动云MAS HTTP interface).

It decodes the Base64 JSON body, checks every field and the MD5 mac against
its own copy of the secret, and answers with the documented rspcod names.
It limits each number to ``per_minute`` messages (answering HTTP 429) and can
be told to fail the next calls.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeSmsGateway(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, ec_name: str, ap_id: str, secret: str, signs: set[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.ec_name, self.ap_id, self.secret, self.signs = ec_name, ap_id, secret, signs
        self.delivered: list[dict[str, Any]] = []
        self.fail_next: list[int | str] = []
        self.per_minute = 5
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sms/norsubmit"

    def start(self) -> FakeSmsGateway:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def answer(self, raw: bytes) -> tuple[int, dict[str, Any]]:
        if self.fail_next:
            failure = self.fail_next.pop(0)
            if isinstance(failure, int):
                return failure, {}
            return 200, {"rspcod": failure, "success": False}
        try:
            payload = json.loads(base64.b64decode(raw, validate=True).decode())
        except (ValueError, UnicodeDecodeError):
            return 200, {"rspcod": "InvalidMessage", "success": False}
        fields = ["ecName", "apId", "mobiles", "content", "sign", "addSerial", "mac"]
        if not isinstance(payload, dict) or any(
            not isinstance(payload.get(f), str) for f in fields
        ):
            return 200, {"rspcod": "InvalidMessage", "success": False}
        if payload["ecName"] != self.ec_name or payload["apId"] != self.ap_id:
            return 200, {"rspcod": "InvalidUsrOrPwd", "success": False}
        expected = hashlib.md5(  # noqa: S324
            "".join(
                [
                    self.ec_name,
                    self.ap_id,
                    self.secret,
                    payload["mobiles"],
                    payload["content"],
                    payload["sign"],
                    payload["addSerial"],
                ]
            ).encode()
        ).hexdigest()
        if payload["mac"] != expected:
            return 200, {"rspcod": "IllegalMac", "success": False}
        if payload["sign"] not in self.signs:
            return 200, {"rspcod": "IllegalSignId", "success": False}
        mobiles = payload["mobiles"].split(",")
        if len(mobiles) > 5000:
            return 200, {"rspcod": "TooManyMobiles", "success": False}
        now = time.monotonic()
        for mobile in mobiles:
            recent = [d for d in self.delivered if d["mobile"] == mobile and d["at"] > now - 60]
            if len(recent) >= self.per_minute:
                return 429, {}
        for mobile in mobiles:
            self.delivered.append({"mobile": mobile, "content": payload["content"], "at": now})
        return 200, {
            "rspcod": "success",
            "msgGroup": f"G{len(self.delivered):08d}",
            "success": True,
        }


class _Handler(BaseHTTPRequestHandler):
    server: FakeSmsGateway

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            status, body = (404, {}) if self.path != "/sms/norsubmit" else self.server.answer(raw)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
