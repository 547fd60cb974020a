"""The task API beyond the permission matrix: a journey, evidence, extensions,
split, filters shared with the pages, and list query counts at two sizes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.tracker.workflow_helpers import PDF, make_task, upload
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.tasks.models import Kind, Status, Task

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_api_journey(
    supervisor: User,
    head_a: User,
    staff_a: User,
    dept_a: Department,
    login: Callable[[User], Client],
) -> None:
    sup, head, staff = login(supervisor), login(head_a), login(staff_a)
    created = sup.post(
        "/api/v1/tasks/", {"title": "编制应急预案", "kind": "plan"}, content_type=JSON
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_actions"] == ["edit", "assign", "split", "cancel", "comment"]
    r = sup.post(
        f"/api/v1/tasks/{pk}/assign/",
        {"lead_department": dept_a.pk, "due_on": "2022-12-31"},
        content_type=JSON,
    )
    assert r.json()["status"] == "assigned"
    r = head.post(
        f"/api/v1/tasks/{pk}/acknowledge/", {"responsible": staff_a.pk}, content_type=JSON
    )
    assert r.json()["status"] == "in_progress" and r.json()["responsible"] == staff_a.pk
    r = staff.post(
        f"/api/v1/tasks/{pk}/progress/", {"text": "完成初稿", "percent": 80}, content_type=JSON
    )
    assert r.status_code == 201
    assert staff.get(f"/api/v1/tasks/{pk}/progress/").json()[0]["percent"] == 80
    r = staff.post(f"/api/v1/tasks/{pk}/submit/", {}, content_type=JSON)
    assert r.status_code == 400 and "佐证材料" in r.json()["detail"]
    r = staff.post(f"/api/v1/tasks/{pk}/evidence/", {"files": [upload("预案.pdf", PDF)]})
    assert r.status_code == 201
    [row] = r.json()
    assert row["sha256"] == hashlib.sha256(PDF).hexdigest() and row["version"] == 1
    download = staff.get(row["download_url"])
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        staff.post(f"/api/v1/tasks/{pk}/submit/", {}, content_type=JSON).json()["status"]
        == "submitted"
    )
    r = sup.post(f"/api/v1/tasks/{pk}/return/", {"reason": ""}, content_type=JSON)
    assert r.status_code == 400
    r = sup.post(f"/api/v1/tasks/{pk}/approve/", {"note": "同意销号"}, content_type=JSON)
    # 销号 under 100 % must be confirmed; the refusal changes nothing.
    assert r.status_code == 400 and "100%" in r.json()["detail"]
    assert sup.get(f"/api/v1/tasks/{pk}/").json()["status"] == "submitted"
    r = sup.post(
        f"/api/v1/tasks/{pk}/approve/",
        {"note": "同意销号", "confirm_incomplete": True},
        content_type=JSON,
    )
    assert r.json()["status"] == "done" and r.json()["progress"] == 100
    assert AuditEvent.objects.filter(action="evidence_download", actor=staff_a).count() == 1


def test_api_upload_refuses_html_named_pdf(
    staff_a: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    r = login(staff_a).post(
        f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("a.pdf", b"<html>x</html>")]}
    )
    assert r.status_code == 400 and "不符" in r.json()["detail"]
    assert not EvidenceFile.objects.exists()


def test_api_withdraw_evidence(
    staff_a: User, staff_b: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    staff = login(staff_a)
    [row] = staff.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("a.pdf")]}).json()
    assert (
        login(staff_b)
        .post(f"/api/v1/evidence/{row['id']}/withdraw/", {"reason": "x"}, content_type=JSON)
        .status_code
        == 404
    )
    r = staff.post(
        f"/api/v1/evidence/{row['id']}/withdraw/", {"reason": "传错版本"}, content_type=JSON
    )
    assert r.status_code == 200 and r.json()["is_withdrawn"] is True
    assert (
        staff.get(f"/api/v1/tasks/{task_a.pk}/evidence/").json()[0]["withdrawn_reason"]
        == "传错版本"
    )


def test_api_extension_and_split(
    supervisor: User,
    staff_a: User,
    task_a: Task,
    dept_a: Department,
    dept_b: Department,
    login: Callable[[User], Client],
) -> None:
    staff, sup = login(staff_a), login(supervisor)
    r = staff.post(
        f"/api/v1/tasks/{task_a.pk}/extend/",
        {"requested_due_on": "2023-02-28", "reason": "等待上级批复"},
        content_type=JSON,
    )
    assert r.status_code == 200 and "decide_extension" not in r.json()["allowed_actions"]
    assert (
        staff.post(
            f"/api/v1/tasks/{task_a.pk}/extension-decide/", {"approve": True}, content_type=JSON
        ).status_code
        == 403
    )
    r = sup.post(
        f"/api/v1/tasks/{task_a.pk}/extension-decide/", {"approve": True}, content_type=JSON
    )
    assert r.json()["due_on"] == "2023-02-28" and r.json()["extension_count"] == 1
    parent = make_task(supervisor=supervisor, department=None, title="综合任务")
    r = sup.post(
        f"/api/v1/tasks/{parent.pk}/split/",
        {"departments": [dept_a.pk, dept_b.pk]},
        content_type=JSON,
    )
    assert r.status_code == 201
    assert sorted(t["lead_department"] for t in r.json()) == sorted([dept_a.pk, dept_b.pk])
    assert all(t["parent"] == parent.pk and t["status"] == "assigned" for t in r.json())


def test_api_filters_match_the_page(
    supervisor: User, dept_a: Department, dept_b: Department, login: Callable[[User], Client]
) -> None:
    make_task(
        supervisor=supervisor,
        department=dept_a,
        status=Status.IN_PROGRESS,
        kind=Kind.PLAN,
        title="计划甲",
        due_on=dt.date(2020, 1, 1),
    )
    make_task(
        supervisor=supervisor,
        department=dept_b,
        status=Status.IN_PROGRESS,
        kind=Kind.PROBLEM,
        title="整改乙",
        due_on=dt.date(2099, 1, 1),
    )
    client = login(supervisor)

    def titles(query: str) -> set[str]:
        return {t["title"] for t in client.get(f"/api/v1/tasks/?{query}").json()["results"]}

    assert titles("overdue=true") == {"计划甲"}
    assert titles("kind=problem") == {"整改乙"}
    assert titles(f"lead_department={dept_a.pk}") == {"计划甲"}
    assert titles("q=整改") == {"整改乙"}
    assert titles("due_after=2050-01-01") == {"整改乙"}
    assert titles("status=in_progress&status=done") == {"计划甲", "整改乙"}


@pytest.mark.parametrize("role", ["supervisor", "staff_a"])
def test_api_list_queries_do_not_grow(
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    client = login(request.getfixturevalue(role))

    def add(n: int) -> None:
        for i in range(n):
            task = make_task(
                supervisor=supervisor,
                department=dept_a,
                status=Status.IN_PROGRESS,
                responsible=staff_a,
                title=f"任务{i}",
            )
            task.cooperating_departments.add(dept_c)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/tasks/").status_code == 200
        return len(captured)

    add(5)
    small = count()
    add(45)
    assert count() == small


def test_other_division_gets_nothing_from_any_task_endpoint(
    staff_a: User, staff_b: User, head_b: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    [row] = (
        login(staff_a)
        .post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("a.pdf")]})
        .json()
    )
    task_a.refresh_from_db()
    before = (task_a.status, task_a.version)
    for user in (staff_b, head_b):
        client = login(user)
        for action in ("reassign", "archive", "split", "extension-decide", "comments", "extend"):
            r = client.post(f"/api/v1/tasks/{task_a.pk}/{action}/", {}, content_type=JSON)
            assert r.status_code == 404, action
            assert r.json()["detail"] == "任务不存在或您无权查看。"
        assert (
            client.patch(
                f"/api/v1/tasks/{task_a.pk}/", {"title": "x", "version": 1}, content_type=JSON
            ).status_code
            == 404
        )
        assert client.get(f"/api/v1/evidence/{row['id']}/").status_code == 404
        assert client.get("/api/v1/evidence/").json()["count"] == 0
        assert client.get("/api/v1/tasks/").json()["count"] == 0
    task_a.refresh_from_db()
    assert (task_a.status, task_a.version) == before


def test_api_progress_with_attachments(
    staff_a: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    client = login(staff_a)
    r = client.post(
        f"/api/v1/tasks/{task_a.pk}/progress/",
        {"text": "附现场照片", "percent": "70", "files": [upload("现场.pdf", PDF)]},
    )
    assert r.status_code == 201, r.content
    assert EvidenceFile.objects.get().progress_update_id == r.json()["id"]
    settings.EVIDENCE_MAX_BYTES = 10
    r = client.post(
        f"/api/v1/tasks/{task_a.pk}/progress/",
        {"text": "太大", "percent": "80", "files": [upload("大.pdf", PDF)]},
    )
    assert r.status_code == 413 and "大小上限" in r.json()["detail"]
    assert task_a.progress_updates.count() == 1
