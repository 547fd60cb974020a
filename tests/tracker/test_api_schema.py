"""The OpenAPI schema is valid and generates without warnings."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_validates_without_warnings() -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=io.StringIO())
    schema = out.getvalue()
    for path in (
        "/api/v1/tasks/",
        "/api/v1/notifications/",
        "/api/v1/reports/",
        "/api/v1/dashboard/",
    ):
        assert path in schema
