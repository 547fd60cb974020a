"""Real single sign-on providers for the tests, each in its own process.

- OIDC: panva/oidc-provider (OpenID Certified) under Node.js, ``oidc_provider/server.mjs``.
- CAS: django-cas-server in its own small Django project, ``cas_server/``.

Both listen on a free loopback port and are stopped when the session ends.
A ``Browser`` follows the provider's pages with ``requests`` the way a person's
browser would, and hands Duban's address back to the Django test client.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
OIDC_DIR = HERE / "oidc_provider"
CAS_DIR = HERE / "cas_server"
DUBAN = "http://testserver"


class ProviderProcess:
    def __init__(self, command: list[str], env: dict[str, str], cwd: Path, ready: str) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        deadline = time.monotonic() + 60
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            found = re.search(ready, line)
            if found:
                self.port = int(found.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return
        self.stop()
        raise RuntimeError("provider did not start:\n" + "".join(self.output))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def oidc_available() -> str | None:
    """Why the OIDC provider cannot run here, or None."""
    if not shutil.which("node"):
        return "需要 Node.js 运行 OIDC 测试服务器（oidc-provider）"
    if not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
        return "需要先在 tests/identity/oidc_provider 运行 npm ci（make test 会自动运行）"
    return None


OIDC_CLIENT_ID = "duban"
OIDC_CLIENT_SECRET = "duban-oidc-client-secret"
OIDC_ACCOUNTS = {
    "zhangsan": {"password": "Zhang-IdP-1", "name": "张三", "email": "zhangsan@yjt.example.gov.cn"},
    "newcomer": {"password": "New-IdP-2", "name": "新同事", "email": "newcomer@yjt.example.gov.cn"},
    "secadmin": {"password": "Sec-IdP-3", "name": "冒名的管理员", "email": "x@example.gov.cn"},
}


def start_oidc() -> ProviderProcess:
    return ProviderProcess(
        ["node", "server.mjs"],
        {
            "OIDC_PORT": "0",
            "OIDC_CLIENT_ID": OIDC_CLIENT_ID,
            "OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET,
            "OIDC_REDIRECT_URI": f"{DUBAN}/sso/oidc/callback/",
            "OIDC_POST_LOGOUT_URI": f"{DUBAN}/login/",
            "OIDC_ACCOUNTS": json.dumps(OIDC_ACCOUNTS),
        },
        OIDC_DIR,
        r"READY (\d+)",
    )


CAS_ACCOUNTS = {"lisi": "Li-CAS-1", "newcomer": "New-CAS-2", "secadmin": "Sec-CAS-3"}


def start_cas(folder: Path) -> ProviderProcess:
    return ProviderProcess(
        [sys.executable, "serve.py"],
        {
            "CAS_TEST_DB": str(folder / "cas.sqlite3"),
            "CAS_TEST_ACCOUNTS": json.dumps(CAS_ACCOUNTS),
            # Duban as the test client sees it, or served by live_server on loopback.
            "CAS_TEST_SERVICE": rf"^({re.escape(DUBAN)}|http://(127\.0\.0\.1|localhost):\d+)/.*",
            "PYTHONPATH": str(CAS_DIR),
            "DJANGO_SETTINGS_MODULE": "cas_test_settings",
        },
        CAS_DIR,
        r"READY (\d+)",
    )


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {"action": values.get("action", ""), "id": values.get("id", ""), "fields": {}}
            )
        elif tag == "input" and self.forms and values.get("name"):
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, dict)
            fields[values["name"]] = values.get("value", "")


def forms(html: str) -> list[dict[str, object]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Browser:
    """A person's browser at the provider: follows its redirects until Duban's address."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.last: requests.Response | None = None

    def go(self, url: str, data: dict[str, str] | None = None) -> str | None:
        """Follow redirects from ``url``; return Duban's address if we got there, else None."""
        method = "POST" if data is not None else "GET"
        for _hop in range(20):
            if url.startswith(DUBAN):
                return url[len(DUBAN) :]
            response = self.session.request(
                method, url, data=data, allow_redirects=False, timeout=20
            )
            self.last = response
            location = response.headers.get("Location")
            if response.status_code in (301, 302, 303, 307) and location:
                url = urllib.parse.urljoin(url, location)
                method, data = "GET", None
                continue
            return None
        raise RuntimeError("too many redirects")

    def submit(self, base: str, fields: dict[str, str], index: int = 0) -> str | None:
        assert self.last is not None
        form = forms(self.last.text)[index]
        values = dict(form["fields"])  # type: ignore[call-overload]
        values.update(fields)
        return self.go(urllib.parse.urljoin(base, str(form["action"]) or self.last.url), values)
