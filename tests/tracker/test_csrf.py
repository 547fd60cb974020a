"""CSRF, checked as a browser would meet it (enforce_csrf_checks): every page
URL refuses a POST without the token and writes nothing; session-authenticated
API writes need the token too; token-authenticated API calls do not."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from tests.tracker.workflow_helpers import make_task
from tracker.audit.models import AuditEvent
from tracker.org.models import Department, User
from tracker.tasks.models import Action, Comment, ProgressUpdate, Status, Task

pytestmark = pytest.mark.django_db

# Pages that answer POST without a session are the login page and the
# language switch; they are checked like the others.
# sso/: the single sign-on protocols answer their own servers (issue 18).
SKIP_PREFIXES = ("admin/", "api/v1/", "static/", "sso/")


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def page_urls(task: Task) -> list[str]:
    """Every page URL of the site with its parameters filled in."""
    urls: set[str] = set()
    for route in _patterns(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or "(?P" in route or route.startswith("^"):
            continue
        if "<slug:action>" in route:
            for action in Action.values:
                urls.add(
                    "/" + route.replace("<int:pk>", str(task.pk)).replace("<slug:action>", action)
                )
            continue
        route = re.sub(r"<uuid:\w+>", "00000000-0000-4000-8000-000000000000", route)
        route = route.replace("<slug:fmt>", "docx")  # the 督办单 formats (docx, pdf)
        route = re.sub(r"<(?:slug|str):\w+>", "x", route)
        urls.add("/" + re.sub(r"<int:\w+>", str(task.pk), route))
    return sorted(urls)


def written() -> tuple[int, ...]:
    return (
        Task.objects.count(),
        ProgressUpdate.objects.count(),
        Comment.objects.count(),
        AuditEvent.objects.exclude(action__in=["login", "permission_denied"]).count(),
    )


@pytest.fixture
def task(supervisor: User, dept_a: Department, staff_a: User) -> Task:
    return make_task(
        supervisor=supervisor,
        department=dept_a,
        status=Status.IN_PROGRESS,
        responsible=staff_a,
        due_on=dt.date(2022, 12, 31),
    )


def test_every_page_form_refuses_a_post_without_the_csrf_token(
    task: Task, supervisor: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    before = written()
    refused = []
    for url in page_urls(task):
        response = client.post(url, {"title": "伪造", "text": "伪造", "percent": "50"})
        assert response.status_code in (403, 405), (url, response.status_code)
        if response.status_code == 403:
            refused.append(url)
    assert written() == before
    # The forms that matter are among the refused ones (not merely GET-only).
    for expected in ("/tasks/new/", f"/tasks/{task.pk}/do/comment/", f"/tasks/{task.pk}/evidence/"):
        assert expected in refused
    assert "/logout/" in refused and "/password/" in refused
    assert len(refused) >= 20


def test_the_same_post_with_the_token_goes_through(task: Task, supervisor: User) -> None:
    """The control: the refusal above is the CSRF check, not something else."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    page = client.get(f"/tasks/{task.pk}/")
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    response = client.post(
        f"/tasks/{task.pk}/do/comment/", {"text": "带令牌的意见", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(text="带令牌的意见").exists()


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/api/v1/tasks/", {"title": "伪造任务"}),
        ("patch", "/api/v1/tasks/{pk}/", {"title": "伪造", "version": 1}),
        ("post", "/api/v1/tasks/{pk}/comments/", {"text": "伪造"}),
        ("post", "/api/v1/tasks/{pk}/progress/", {"text": "伪造", "percent": 5}),
        ("post", "/api/v1/notifications/read-all/", {}),
    ],
)
def test_session_authenticated_api_writes_need_the_csrf_token(
    method: str, path: str, body: dict[str, Any], task: Task, supervisor: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    before = written()
    response = getattr(client, method)(
        path.format(pk=task.pk), body, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert written() == before


def test_token_authenticated_api_writes_need_no_csrf_token(task: Task, supervisor: User) -> None:
    token = Token.objects.create(user=supervisor)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/tasks/", {"title": "令牌创建"}, content_type="application/json")
    assert response.status_code == 201
