"""The directory (LDAP) is an optional extra (requirements-ldap.txt): without python-ldap the
app starts and the directory backend stays out of the way; LDAP_SERVER_URI without it is
refused at start with a reason naming the variable. Each case runs in a fresh interpreter in
which `ldap` and `django_auth_ldap` cannot be imported, as on a server installed without
`install.sh --with-ldap`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
WITHOUT_LDAP = """
import importlib.abc, sys
class NoLdap(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("ldap", "django_auth_ldap"):
            raise ImportError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoLdap())
import django
django.setup()
"""


def run(code: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LDAP_", "DUBAN_"))}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="tracker.settings", DUBAN_VAR_DIR=str(tmp_path), **extra)
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_LDAP + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_the_extra_the_app_starts_and_the_directory_backend_declines(tmp_path):
    result = run(
        "from django.conf import settings\n"
        "from django.contrib.auth import load_backend\n"
        "import tracker.urls, tracker.identity.sso, tracker.identity.workbench\n"
        "from tracker.identity import directory\n"
        "assert 'tracker.identity.backends.DirectoryBackend' in settings.AUTHENTICATION_BACKENDS\n"
        "backend = load_backend('tracker.identity.backends.DirectoryBackend')\n"
        "assert backend.authenticate(None, username='fagui_staff', password='x') is None\n"
        "try:\n"
        "    directory.connect()\n"
        "except directory.DirectoryError as exc:\n"
        "    print('refused:', exc)\n"
        "assert 'ldap' not in sys.modules\n"
        "print('started')\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    assert "refused: 未安装 LDAP 组件（python-ldap）" in result.stdout


def test_ldap_server_uri_without_the_extra_is_refused_naming_the_variable(tmp_path):
    result = run("print('started')\n", tmp_path, LDAP_SERVER_URI="ldap://ldap.example.gov.cn")
    assert result.returncode != 0
    assert "started" not in result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last
    assert "已设置 LDAP_SERVER_URI，但未安装 LDAP 组件" in last
    assert "install.sh --with-ldap" in last


def test_with_the_extra_installed_ldap_server_uri_starts(tmp_path):
    # The same interpreter without the blocker: the dev requirements include the extra.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LDAP_", "DUBAN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DUBAN_VAR_DIR=str(tmp_path),
        LDAP_SERVER_URI="ldap://ldap.example.gov.cn",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
