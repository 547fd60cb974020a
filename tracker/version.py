"""The release number: one place (pyproject.toml and CHANGELOG.md must agree; a test checks)."""

__version__ = "1.0.0"
