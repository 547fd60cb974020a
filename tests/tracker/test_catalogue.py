"""The English catalogue compiles, is complete, and the committed .mo matches the .po.

Merges regenerate `locale/en`; these tests catch a msgstr whose placeholders do not match
its msgid (it would raise at render time), a string left fuzzy or empty, and a .mo that
was not recompiled after the .po changed.
"""

import gettext
import shutil
import subprocess
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
