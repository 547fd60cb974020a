#!/usr/bin/env python3
"""The HTTPS half of deploy/smoke (stdlib only): talks to nginx like a browser and a script.

    smoke_flow.py BASE_URL CA_FILE APP_URL STATE_FILE STEP

STEP is one of: journey (log in through the form, import the reference report, assign,
acknowledge, progress, evidence up and down, submit, approve, assign the reminder task),
readyz, after-restore (the same evidence downloads the same bytes). Facts go to STATE_FILE.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import json
import os
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

BASE, CA, APP, STATE_FILE, STEP = sys.argv[1:6]
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Duban@Demo2026"  # tracker/demo/seeding.py DEMO_PASSWORD
CONTEXT = ssl.create_default_context(cafile=CA)  # the self-signed certificate, verified


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [urllib.request.HTTPSHandler(context=CONTEXT), NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def call(
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
    via: urllib.request.OpenerDirector | None = None,
    base: str = BASE,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base + path, data=body, method=method)
    if token:
        request.add_header("Authorization", f"Token {token}")
    if content_type:
        request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with (via or opener()).open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def api(method: str, path: str, token: str, payload: dict[str, Any] | None = None) -> Any:
    status, _headers, content = call(
        method,
        "/api/v1/" + path,
        token=token,
        body=json.dumps(payload or {}).encode() if method == "POST" else None,
        content_type="application/json" if method == "POST" else None,
    )
    if status >= 300:
        sys.exit(f"{method} {path}: HTTP {status}: {content[:300]!r}")
    return json.loads(content) if content else None


def multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f"filename*=UTF-8''{urllib.parse.quote(name)}; filename=\"{name.encode('ascii', 'replace').decode()}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def token_for(username: str) -> str:
    status, _h, content = call(
        "POST",
        "/api/v1/auth/token/",
        body=json.dumps({"username": username, "password": PASSWORD}).encode(),
        content_type="application/json",
    )
    assert status == 200, (status, content[:200])
    return json.loads(content)["token"]


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit("失败 / FAILED: " + message)
    print("  ok:", message)


def journey() -> dict[str, Any]:
    state: dict[str, Any] = {}
    # 1. The login form over HTTPS, CSRF and all, as a browser does it.
    jar = http.cookiejar.CookieJar()
    browser = opener(jar)
    status, _h, page = call("GET", "/login/", via=browser)
    check(status == 200, "login page over HTTPS")
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    form = urllib.parse.urlencode(
        {"username": "supervisor", "password": PASSWORD, "csrfmiddlewaretoken": csrf[1].decode()}
    ).encode()
    status, headers, _ = call(
        "POST",
        "/login/",
        body=form,
        content_type="application/x-www-form-urlencoded",
        headers={"Referer": BASE + "/login/", "Origin": BASE},
        via=browser,
    )
    check(status == 302, f"form login through nginx passes CSRF (HTTP {status})")
    status, headers, _ = call("GET", "/", via=browser)
    check(status == 200, "the task list with the session cookie")
    check("max-age=" in headers.get("Strict-Transport-Security", ""), "HSTS header present")

    supervisor, head, staff = (token_for(u) for u in ("supervisor", "fagui_head", "fagui_staff"))
    departments = api("GET", "departments/?page_size=200", supervisor)["results"]
    fagui = next(d for d in departments if d["name"] == "政策法规处")
    users = api("GET", "users/?page_size=200", supervisor)["results"]
    staff_id = next(u["id"] for u in users if u["username"] == "fagui_staff")

    # 2. Import the reference report.
    report = (ROOT / "tests/fixtures/reports/jilin_2021.txt").read_bytes()
    body, ctype = multipart("file", "吉林省应急管理厅2021年法治政府建设年度报告.txt", report)
    status, _h, content = call(
        "POST", "/api/v1/reports/", token=supervisor, body=body, content_type=ctype
    )
    check(status in (200, 201), f"report uploaded and parsed (HTTP {status})")
    preview = json.loads(content)
    tasks = api(
        "POST", "reports/confirm/", supervisor, {"preview_token": preview["preview_token"]}
    )["tasks"]
    check(len(tasks) == 9, f"reference report gives 9 tasks ({len(tasks)})")
    task_ids = [t["id"] if isinstance(t, dict) else t for t in tasks]
    first, second = task_ids[0], task_ids[1]

    # 3. Assign, acknowledge, report progress.
    due = time.strftime("%Y-%m-%d", time.localtime(time.time() + 60 * 86400))
    for pk in (first, second):
        api(
            "POST",
            f"tasks/{pk}/assign/",
            supervisor,
            {"lead_department": fagui["id"], "due_on": due},
        )
        api("POST", f"tasks/{pk}/acknowledge/", head, {"responsible": staff_id})
    check(
        api("GET", f"tasks/{first}/", staff)["status"] == "in_progress", "assigned and acknowledged"
    )
    api("POST", f"tasks/{first}/progress/", staff, {"text": "已全部完成", "percent": 100})

    # 4. Evidence up (through nginx's body limit) and down (X-Accel-Redirect).
    evidence = b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024) + b"\n%%EOF\n"
    body, ctype = multipart("files", "整改报告.pdf", evidence)
    status, _h, content = call(
        "POST", f"/api/v1/tasks/{first}/evidence/", token=staff, body=body, content_type=ctype
    )
    check(status == 201, f"3 MB evidence uploaded (HTTP {status})")
    row = json.loads(content)[0]
    status, headers, downloaded = call(
        "GET", f"/api/v1/evidence/{row['id']}/download/", token=staff
    )
    check(status == 200 and downloaded == evidence, "download through nginx: same bytes")
    check("attachment" in headers.get("Content-Disposition", ""), "sent as an attachment")
    check(headers.get("X-Content-Type-Options") == "nosniff", "nosniff on the file")
    # Straight to gunicorn, as nginx asks (from a trusted proxy: Host, forwarded as HTTPS).
    status, headers, direct = call(
        "GET",
        f"/api/v1/evidence/{row['id']}/download/",
        token=staff,
        base=APP,
        headers={"X-Forwarded-Proto": "https", "Host": urllib.parse.urlsplit(BASE).hostname or ""},
    )
    accel = headers.get("X-Accel-Redirect", "")
    check(
        status == 200 and direct == b"" and accel.startswith("/_evidence/"),
        f"the app itself sends no bytes, only X-Accel-Redirect "
        f"(HTTP {status}, {len(direct)} bytes, {accel!r})",
    )
    status, _h, _c = call("GET", headers["X-Accel-Redirect"])
    check(status == 404, "the internal location is not reachable from outside")
    other = token_for("zhifa_staff")
    status, headers, _c = call("GET", f"/api/v1/evidence/{row['id']}/download/", token=other)
    check(status == 404 and "X-Accel-Redirect" not in headers, "another division gets 404")

    # 5. Submit and approve (销号).
    api("POST", f"tasks/{first}/submit/", staff, {})
    api("POST", f"tasks/{first}/approve/", supervisor, {"note": "同意销号"})
    check(api("GET", f"tasks/{first}/", supervisor)["status"] == "done", "approved: 已办结")

    state.update(
        evidence_id=row["id"],
        evidence_sha256=hashlib.sha256(evidence).hexdigest(),
        done_task=first,
        reminder_task=second,
        staff_email="fagui_staff@example.gov.cn",
    )
    return state


def readyz() -> None:
    for _ in range(60):
        status, _h, content = call("GET", "/readyz")
        if status == 200:
            check(True, f"/readyz 200: {json.loads(content)['checks']}")
            return
        time.sleep(1)
    sys.exit(f"/readyz never became ready: {content.decode()}")


def after_restore(state: dict[str, Any]) -> None:
    staff = token_for("fagui_staff")
    status, _h, downloaded = call(
        "GET", f"/api/v1/evidence/{state['evidence_id']}/download/", token=staff
    )
    check(
        status == 200 and hashlib.sha256(downloaded).hexdigest() == state["evidence_sha256"],
        "after restore the evidence downloads with the same SHA-256",
    )
    supervisor = token_for("supervisor")
    check(
        api("GET", f"tasks/{state['done_task']}/", supervisor)["status"] == "done",
        "task still done",
    )


if __name__ == "__main__":
    state_path = Path(STATE_FILE)
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    if STEP == "journey":
        state.update(journey())
    elif STEP == "readyz":
        readyz()
    elif STEP == "after-restore":
        after_restore(state)
    else:
        sys.exit(f"unknown step {STEP}")
    state_path.write_text(json.dumps(state))
