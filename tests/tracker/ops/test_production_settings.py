"""Production mode: guardrails, proxy/TLS settings and `check --deploy`, each in a fresh
interpreter with the environment an administrator would write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
KEY = "k" * 20 + "-production-secret-key-0123456789"
PRODUCTION = {
    "DUBAN_ENV": "production",
    "SECRET_KEY": KEY,
    "ALLOWED_HOSTS": "duban.example.gov.cn",
    "SITE_URL": "https://duban.example.gov.cn",
    "DATABASE_URL": "postgres://duban@127.0.0.1:5432/duban",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.gov.cn:25",
}
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps({"
    "'csrf': settings.CSRF_TRUSTED_ORIGINS, 'proxies': settings.TRUSTED_PROXIES,"
    "'hsts': settings.SECURE_HSTS_SECONDS, 'redirect': settings.SECURE_SSL_REDIRECT,"
    "'conn': settings.DATABASES['default']['CONN_MAX_AGE'],"
    "'health': settings.DATABASES['default']['CONN_HEALTH_CHECKS'],"
    "'admins': settings.ADMINS}))"
)


def run(code: str, tmp_path: Path, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DUBAN_")
    }
    env.pop("EMAIL_BACKEND", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' Playwright
    env.pop("CELERY_BROKER_URL", None)
    env.update(PRODUCTION)
    env["DUBAN_VAR_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "DUBAN_ALLOW_SQLITE"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        (
            {"REDIS_URL": None, "CELERY_BROKER_URL": "filesystem://"},
            "DUBAN_ALLOW_FILESYSTEM_BROKER",
        ),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        (
            {"EMAIL_URL": None, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "DUBAN_ALLOW_FILE_EMAIL",
        ),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_with_one_line_naming_the_variable(
    tmp_path: Path, overrides: dict[str, str | None], variable: str
) -> None:
    result = run("import django; django.setup()", tmp_path, **overrides)
    assert result.returncode != 0
    line = last_line(result)
    assert line.startswith("django.core.exceptions.ImproperlyConfigured: 生产模式")
    assert variable in line
    assert "Production" in line  # the English half on the same line


def test_each_refusal_is_lifted_only_by_its_own_allow_variable(tmp_path: Path) -> None:
    allowed = run(
        "import django; django.setup(); print('started')",
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'trial.sqlite3'}",
        REDIS_URL=None,
        EMAIL_URL=None,
        DUBAN_ALLOW_SQLITE="1",
        DUBAN_ALLOW_FILESYSTEM_BROKER="1",
        DUBAN_ALLOW_FILE_EMAIL="1",
    )
    assert allowed.stdout.strip() == "started", allowed.stderr
    # Allowing SQLite does not allow file e-mail.
    partly = run(
        "import django; django.setup()",
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'trial.sqlite3'}",
        EMAIL_URL=None,
        DUBAN_ALLOW_SQLITE="1",
    )
    assert partly.returncode != 0 and "DUBAN_ALLOW_FILE_EMAIL" in last_line(partly)


def test_behind_a_proxy_site_url_is_a_trusted_origin_and_connections_are_reused(
    tmp_path: Path,
) -> None:
    result = run(
        SHOW,
        tmp_path,
        CSRF_TRUSTED_ORIGINS="https://duban2.example.gov.cn",
        TRUSTED_PROXIES="10.0.0.5,10.1.0.0/24",
        ADMINS="张三 <zhangsan@example.gov.cn>, ops@example.gov.cn",
    )
    shown = json.loads(result.stdout)
    assert shown["csrf"] == ["https://duban.example.gov.cn", "https://duban2.example.gov.cn"]
    assert shown["proxies"] == ["10.0.0.5", "10.1.0.0/24"]
    assert (shown["hsts"], shown["redirect"]) == (0, False)
    assert (shown["conn"], shown["health"]) == (60, True)
    assert shown["admins"] == [
        ["张三", "zhangsan@example.gov.cn"],
        ["ops@example.gov.cn", "ops@example.gov.cn"],
    ]


def test_check_deploy_is_clean_with_hsts_and_redirect_on(tmp_path: Path) -> None:
    code = (
        "import sys, django; django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    on = run(
        code,
        tmp_path,
        SECURE_HSTS_SECONDS="31536000",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert on.returncode == 0, on.stderr
    assert "no issues" in on.stdout
    off = run(code, tmp_path)
    assert off.returncode != 0
    assert "security.W004" in off.stderr and "security.W008" in off.stderr
