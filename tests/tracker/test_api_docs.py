"""The API docs page drawn by the server (tracker.api_docs) and the schema
stored between starts (tracker.api_schema); the browser's timing is in
tests/browser/test_api_docs.py."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tracker import api_docs, api_schema
from tracker.org.models import User

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    api_schema.forget()
    api_docs._drawn.clear()
    yield tmp_path
    api_schema.forget()
    api_docs._drawn.clear()


def _count_generations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from drf_spectacular.views import SpectacularAPIView

    calls: list[int] = []
    real = SpectacularAPIView.get
    monkeypatch.setattr(SpectacularAPIView, "get", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_the_docs_page_lists_every_operation_without_a_script(
    var_dir: Path, login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    schema = api_schema.schema_document("zh-hans")
    operations = [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in api_docs.METHODS
        if method in item
    ]
    assert len(operations) > 50
    for method, path in operations:
        assert re.search(
            rf'translate="no">{method}</span> <code translate="no">{re.escape(path)}</code>', html
        ), (method, path)
    # Every named structure is there; the error codes are listed once.
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in html, name
    assert html.count("未登录或令牌无效") == 1
    # Nothing for the browser to run but the site's own deferred script.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/duban.js" defer>']
    assert 'href="/api/v1/docs/swagger/"' in html
    # Compressed for the wire (250 KB of HTML).
    packed = client.get("/api/v1/docs/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and len(packed.content) < len(response.content) / 5


def test_the_docs_page_is_drawn_once_per_language(
    var_dir: Path, login: Login, supervisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(supervisor)

    def reference(answer: Any) -> str:  # the page less its menu (a fresh CSRF token each time)
        return answer.content.decode().split('<div class="apidocs">')[1]

    first = reference(client.get("/api/v1/docs/"))
    drawn: list[int] = []
    real = api_docs.render_to_string
    monkeypatch.setattr(
        api_docs, "render_to_string", lambda *a, **k: drawn.append(1) or real(*a, **k)
    )
    assert reference(client.get("/api/v1/docs/")) == first
    assert drawn == []
    client.cookies.load({"django_language": "en"})
    english = client.get("/api/v1/docs/")
    assert english.status_code == 200 and drawn == [1]
    assert "API documentation" in english.content.decode()


def test_a_restarted_worker_reads_the_stored_schema(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = _count_generations(monkeypatch)
    api_schema.schema_warm()
    assert generated == [1]
    stored = list((var_dir / "cache").glob("api-schema-zh-hans-*.json"))
    assert len(stored) == 1
    first = api_schema._rendered[(("zh-hans", None), "application/json")][0]

    api_schema.forget()  # a new process
    api_schema.schema_warm()
    assert generated == [1]  # read, not generated
    assert api_schema._rendered[(("zh-hans", None), "application/json")][0] == first

    # Other code (another fingerprint): the stored file is not used.
    api_schema.forget()
    monkeypatch.setattr(api_schema, "_fingerprint", lambda: "changed-code")
    api_schema.schema_warm()
    assert generated == [1, 1]
    # and it replaces the old one, which no process would read again.
    assert [p.name for p in (var_dir / "cache").glob("api-schema-zh-hans-*.json")] == [
        "api-schema-zh-hans-v-changed-code.json"
    ]


def test_an_unwritable_cache_only_means_generating_again(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (var_dir / "cache").write_text("a file where the folder should be")
    generated = _count_generations(monkeypatch)
    api_schema.schema_warm()
    api_schema.forget()
    api_schema.schema_warm()
    assert generated == [1, 1]
    assert api_schema.schema_document("zh-hans")["paths"]


def test_api_schema_build_stores_every_language(var_dir: Path) -> None:
    out = io.StringIO()
    call_command("api_schema_build", stdout=out)
    names = sorted(p.name.split("-v-")[0] for p in (var_dir / "cache").glob("*.json"))
    assert names == ["api-schema-en", "api-schema-zh-hans"]
    assert "接口描述已生成" in out.getvalue()


def test_the_docs_follow_the_schemas_permissions(
    var_dir: Path, settings: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rest_framework.permissions import IsAuthenticated

    monkeypatch.setattr(api_docs.ApiDocsView, "permission_classes", [IsAuthenticated])
    answer = client.get("/api/v1/docs/")
    assert answer.status_code in (401, 403)
    assert "tasks_list" not in answer.content.decode()
