"""Security headers, cookie flags and the Content-Security-Policy.

Production mode is a different settings module state (DUBAN_ENV=production
is read at import), so those checks run Django in a child process with the
production environment, as the server would, against a throw-away SQLite.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tracker.org.models import User
from tracker.tasks.models import Task

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_PROBE = r"""
import json, django
from django.core.management import call_command
django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
from tracker.org.models import User, Role
User.objects.create_user("probe", password="Probe-Pass-2024x", role=Role.SUPERVISOR)
out = {}
anon = Client(HTTP_HOST="duban.example", secure=True)
login_page = anon.get("/login/")
out["login_headers"] = dict(login_page.headers)
out["schema_anonymous"] = anon.get("/api/v1/schema/").status_code
out["docs_anonymous"] = anon.get("/api/v1/docs/").status_code
csrf = login_page.cookies["csrftoken"]
out["csrf_cookie"] = {k: csrf[k] for k in ("secure", "httponly", "samesite")}
client = Client(HTTP_HOST="duban.example", secure=True)
done = client.post("/login/", {"username": "probe", "password": "Probe-Pass-2024x"})
session = done.cookies["sessionid"]
out["session_cookie"] = {k: session[k] for k in ("secure", "httponly", "samesite")}
out["login_status"] = done.status_code
out["schema_user"] = client.get("/api/v1/schema/").status_code
docs = client.get("/api/v1/docs/")
out["docs_user"] = docs.status_code
out["docs_headers"] = dict(docs.headers)
print(json.dumps(out))
"""


def production_env(tmp_path: Path) -> dict[str, str]:
    dropped = {"DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "EMAIL_URL", "CELERY_BROKER_URL"}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in dropped and not k.startswith("DUBAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DUBAN_ENV="production",
        # A throw-away SQLite and no broker or mail server: allowed explicitly,
        # as the production guardrails ask (the headers do not depend on them).
        DUBAN_ALLOW_SQLITE="1",
        DUBAN_ALLOW_FILESYSTEM_BROKER="1",
        DUBAN_ALLOW_FILE_EMAIL="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="duban.example",
        DUBAN_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        DJANGO_SETTINGS_MODULE="tracker.settings",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    return env


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("production")
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_pages_carry_the_security_headers(production: dict) -> None:
    headers = production["login_headers"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert not re.search(r"https?://", csp)  # no outside origin
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_cookies_are_secure_and_http_only(production: dict) -> None:
    assert production["login_status"] == 302
    session = production["session_cookie"]
    assert session["secure"] is True and session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert production["csrf_cookie"]["secure"] is True


def test_production_schema_and_docs_need_a_login(production: dict) -> None:
    assert production["schema_anonymous"] in (401, 403)
    assert production["docs_anonymous"] in (401, 403)
    assert production["schema_user"] == 200
    assert production["docs_user"] == 200
    assert "script-src 'self'" in production["docs_headers"]["Content-Security-Policy"]


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
            if name == "src" and re.match(r"(https?:)?//", value or ""):
                self.found.append(f"outside origin {value}")


@pytest.mark.django_db
def test_every_page_has_the_policy_and_no_inline_script(
    supervisor: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    pages = [
        "/",
        f"/tasks/{task_a.pk}/",
        f"/tasks/{task_a.pk}/edit/",
        "/tasks/new/",
        "/dashboard/",
        "/audit/",
        "/reports/",
        "/notifications/",
        "/api/v1/docs/",
        "/api/v1/docs/swagger/",
        "/api/v1/tasks/",
        "/does-not-exist/",
    ]
    anonymous = ["/login/", "/admin/login/"]
    for url in [*pages, *anonymous]:
        response = (Client() if url in anonymous else client).get(
            url, HTTP_ACCEPT="text/html,*/*;q=0.8"
        )
        assert response.status_code in (200, 404), (url, response.status_code)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp, url
        parser = _InlineScripts()
        parser.feed(response.content.decode())
        assert parser.found == [], (url, parser.found)


@pytest.mark.django_db
def test_the_docs_script_is_served_as_a_file(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    html = client.get("/api/v1/docs/swagger/").content.decode()
    from django.contrib.staticfiles import finders

    scripts = [s.replace("&amp;", "&") for s in re.findall(r'<script[^>]+src="([^"]+)"', html)]
    assert scripts and all(s.startswith("/") for s in scripts)
    for src in scripts:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/").split("?")[0]), src
        else:  # the split view's own initialiser, served as JavaScript
            response = client.get(src)
            assert response.status_code == 200, src
            assert "javascript" in response["Content-Type"]
            assert "SwaggerUIBundle" in response.content.decode()
