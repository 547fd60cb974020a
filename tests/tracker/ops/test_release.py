"""One version everywhere, and the release files exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tracker.version import __version__

ROOT = Path(__file__).resolve().parents[3]


def test_version_is_the_same_in_pyproject_changelog_and_the_app() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    assert project["license"] == "Apache-2.0"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(__version__)} — \d{{4}}-\d\d-\d\d$", changelog, re.M)
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


def test_healthz_reports_the_version(client: object) -> None:
    assert client.get("/healthz").json()["version"] == __version__  # type: ignore[attr-defined]
