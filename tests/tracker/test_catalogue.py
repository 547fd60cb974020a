"""The English catalogue compiles, is complete, and the committed .mo matches the .po.

Merges regenerate `locale/en`; these tests catch a msgstr whose placeholders do not match
its msgid (it would raise at render time), a string left fuzzy or empty, and a .mo that
was not recompiled after the .po changed.
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="需要 gettext 的 msgfmt")


@needs_msgfmt
def test_every_python_format_string_keeps_its_placeholders():
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@needs_msgfmt
def test_no_string_is_left_fuzzy_or_empty():
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # msgattrib prints nothing at all when no entry matches.
    assert untranslated == "", (
        "untranslated (run make messages, then translate):\n" + untranslated[:2000]
    )
    assert fuzzy == "", "fuzzy guesses from makemessages (check and unflag):\n" + fuzzy[:2000]


@needs_msgfmt
def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    with open(fresh, "rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with open(LOCALE / "django.mo", "rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    missing = sorted(k for k in expected if committed.get(k) != expected[k])
    assert not missing, (
        f"locale/en/LC_MESSAGES/django.mo is stale: run make messages ({missing[:5]})"
    )


@needs_msgfmt
def test_every_string_in_the_code_is_in_the_catalogue_and_translated(tmp_path):
    """Runs makemessages on a copy of the source: a string added to the code without
    `make messages` (so missing from the .po, shown in Chinese to English users) fails here."""
    root = LOCALE.parents[2]
    for folder in ("tracker", "plans", "templates", "locale"):
        shutil.copytree(
            root / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    po = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    left = (
        subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        + subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert left == "", "run make messages and translate:\n" + left[:3000]
