"""/api/v1/reports/: upload returns the preview, confirm creates the tasks; supervisors only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from plans.services import report_import
from tests.plans import builders
from tests.plans.import_helpers import counts, reference_bytes
from tracker.org.models import Department, User
from tracker.tasks.models import Kind, Status, Task

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(client: APIClient, data: bytes, name: str = "jilin.txt") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_upload_returns_the_preview_and_confirm_creates_the_tasks(supervisor: User) -> None:
    client = api(supervisor)
    response = upload(client, reference_bytes())
    assert response.status_code == 200
    preview = response.json()
    assert preview["plan_year"] == 2022
    assert len(preview["plan_section"]["items"]) == 4
    assert len(preview["proposals"]) == 9
    assert counts() == (0, 0, 0)
    confirmed = client.post(
        f"{URL}confirm/", {"preview_token": preview["preview_token"]}, format="json"
    )
    assert confirmed.status_code == 201
    assert len(confirmed.json()["tasks"]) == 9
    assert Task.objects.filter(kind=Kind.PROBLEM).count() == 5
    again = client.post(
        f"{URL}confirm/", {"preview_token": preview["preview_token"]}, format="json"
    )
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert counts() == (1, 9, 9)


def test_confirm_with_overrides(
    supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    client = api(supervisor)
    preview = upload(client, reference_bytes()).json()
    keys = [row["key"] for row in preview["proposals"]]
    tasks = [
        {"key": keys[0], "include": False},
        {
            "key": keys[1],
            "title": "深化改革",
            "lead_department": dept_b.pk,
            "cooperating_departments": [dept_c.pk],
            "due_on": "2022-09-30",
        },
        *({"key": key} for key in keys[2:]),
        {"kind": "problem", "title": "新增的整改事项", "lead_department": dept_a.pk},
    ]
    response = client.post(
        f"{URL}confirm/",
        {"preview_token": preview["preview_token"], "tasks": tasks, "assign": True},
        format="json",
    )
    assert response.status_code == 400  # assigning needs a lead for every task
    assert "没有牵头单位" in response.json()["detail"]
    assert counts() == (0, 0, 0)
    response = client.post(
        f"{URL}confirm/",
        {"preview_token": preview["preview_token"], "tasks": tasks},
        format="json",
    )
    assert response.status_code == 201
    assert Task.objects.count() == 9
    edited = Task.objects.get(title="深化改革")
    assert (edited.lead_department, edited.due_on) == (dept_b, dt.date(2022, 9, 30))
    assert list(edited.cooperating_departments.all()) == [dept_c]
    added = Task.objects.get(title="新增的整改事项")
    assert (added.kind, added.lead_department, added.status) == (Kind.PROBLEM, dept_a, Status.DRAFT)
    assert added.due_on == dt.date(2022, 12, 31)


def test_bad_upload_is_a_400_in_chinese(supervisor: User, settings: Any) -> None:
    client = api(supervisor)
    response = upload(client, builders.build_empty_pdf(), "empty.pdf")
    assert response.status_code == 400
    assert response.json()["detail"] == "PDF 文件没有页面。"
    settings.REPORT_MAX_BYTES = 10
    assert "文件超过大小上限" in upload(client, reference_bytes()).json()["detail"]
    bad = client.post(f"{URL}confirm/", {"preview_token": "forged"}, format="json")
    assert bad.status_code == 400 and "预览已失效" in bad.json()["detail"]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("who", ["staff_a", "head_a", "head_b", "leader"])
def test_only_supervisors_upload_and_confirm(
    request: pytest.FixtureRequest, supervisor: User, who: str
) -> None:
    token = upload(api(supervisor), reference_bytes()).json()["preview_token"]
    client = api(request.getfixturevalue(who))
    assert upload(client, reference_bytes()).status_code == 404
    response = client.post(f"{URL}confirm/", {"preview_token": token}, format="json")
    assert response.status_code == 404
    assert counts() == (0, 0, 0)


def test_list_and_retrieve_for_supervisor_and_leader_only(
    supervisor: User, leader: User, staff_a: User, head_b: User
) -> None:
    report = report_import(user=supervisor, data=reference_bytes(), filename="j.txt").report
    for user in (supervisor, leader):
        listed = api(user).get(URL).json()
        assert [r["id"] for r in listed["results"]] == [report.pk]
        detail = api(user).get(f"{URL}{report.pk}/").json()
        assert len(detail["items"]) == 9 and len(detail["task_ids"]) == 9
        assert detail["paragraphs"][0]["index"] == 0
    for user in (staff_a, head_b):
        assert api(user).get(URL).json()["results"] == []
        assert api(user).get(f"{URL}{report.pk}/").status_code == 404


def test_schema_documents_reports(supervisor: User) -> None:
    schema = api(supervisor).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/reports/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/reports/confirm/"]
    assert "ReportPreview" in schema["components"]["schemas"]


def test_a_task_division_table_through_the_api(supervisor: User, dept_a: Any) -> None:
    client = api(supervisor)
    response = upload(client, builders.build_task_table_xlsx(), name="分工.xlsx")
    assert response.status_code == 200
    preview = response.json()
    assert preview["document_kind"] == "table"
    assert [p["lead_department"] for p in preview["proposals"]][:2] == [dept_a.pk, dept_a.pk]
    assert preview["proposals"][0]["due_on"] == "2022-06-30"
    confirmed = client.post(
        f"{URL}confirm/", {"preview_token": preview["preview_token"]}, format="json"
    )
    assert confirmed.status_code == 201
    assert Task.objects.count() == 5
