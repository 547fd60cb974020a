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


@pytest.mark.django_db
def test_the_schema_says_what_the_answers_are() -> None:
    """Answers schemathesis found off the contract: the instruction a leader
    creates comes back as an Instruction (not the request's shape)."""
    import yaml

    out = io.StringIO()
    call_command("spectacular", stdout=out, stderr=io.StringIO())
    schema = yaml.safe_load(out.getvalue())
    created = schema["paths"]["/api/v1/instructions/"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Instruction"
    }
    detail = schema["components"]["schemas"]["Error"]["properties"]["detail"]
    assert {"type": "string"} in detail["oneOf"]
