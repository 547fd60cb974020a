"""Co-operating departments (issue 13, items 4 and 7): unit names the document gives for the
co-operating units are remembered once mapped, as for the lead; co-operating suggestions come
from duty keywords as well as from past choices; suggested with the reason, never preselected."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from plans.models import UnitAlias
from plans.services import preview_load, report_preview
from plans.suggest import DepartmentSuggester
from tests.plans.import_helpers import counts, give_keywords, rows_as_post
from tracker.org.models import Department, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]

REPORT = """某市应急管理局2022年度工作总结

一、2022年工作情况
全年开展执法检查120次。
二、2023年工作打算
（一）做好应急物资储备库建设。由政策法规处牵头、县审计局配合，于2023年9月底前完成。
（二）修订应急预案。由政策法规处牵头，县审计局、县财政局配合，年底前完成。
某市应急管理局
2023年1月10日
"""


def upload(client: Client, text: str, name: str) -> str:
    response = client.post(
        reverse("report-upload"), {"file": SimpleUploadedFile(name, text.encode())}
    )
    assert response.status_code == 302
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))  # type: ignore[union-attr]


def rows_of(user: User, token: str) -> list[dict[str, Any]]:
    return [dict(r) for r in preview_load(token=token, user=user)["proposals"]]


def post_with_remember(token: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data = rows_as_post(token, rows, "confirm")
    for i, row in enumerate(rows):
        if row.get("remember_cooperating"):
            data[f"form-{i}-remember_cooperating"] = "on"
    return data


def test_keywords_suggest_co_operating_departments_other_than_the_lead(
    dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    give_keywords(dept_a, dept_b)  # dept_a: 法规、行政审批…; dept_b: 执法、行政处罚
    found = DepartmentSuggester().suggest_cooperating(
        "修订行政处罚裁量基准", dept_a.pk, "由法规处起草，涉及行政审批事项"
    )
    assert [(s.department, s.reason) for s in found] == [(dept_b.pk, "职责关键词“行政处罚”")]
    # The lead is never its own co-operator; nothing to go on gives nothing.
    assert DepartmentSuggester().suggest_cooperating("修订行政处罚裁量基准", dept_b.pk) == []
    assert DepartmentSuggester().suggest_cooperating("做好后勤保障", None) == []


def test_keyword_co_operating_suggestion_is_shown_with_reason_not_preselected(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    give_keywords(dept_a, dept_b)
    client = login(supervisor)
    token = upload(
        client,
        "某局2022年度工作总结\n一、工作情况\n开展检查。\n二、2023年工作打算\n"
        "（一）修订行政处罚裁量基准。由政策法规处牵头，年底前完成。\n某局\n2023年1月5日\n",
        "kw.txt",
    )
    row = rows_of(supervisor, token)[0]
    assert row["lead_department"] == dept_a.pk
    assert row["cooperating_departments"] == []
    assert row["cooperating_suggestions"] == [
        {"department": dept_b.pk, "name": dept_b.name, "reason": "职责关键词“行政处罚”"}
    ]
    html = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "建议的配合单位" in html and "职责关键词“行政处罚”" in html


def test_an_unknown_co_operating_unit_is_mapped_once_and_remembered(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    client = login(supervisor)
    token = upload(client, REPORT, "r.txt")
    rows = rows_of(supervisor, token)
    first, second = rows
    assert first["lead_department"] == dept_a.pk
    assert first["cooperating_unmatched"] == ["县审计局"]
    assert second["cooperating_unmatched"] == ["县审计局", "县财政局"]
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    # Offered where one name is unknown, not where two are (which would be which?).
    assert page.count("记住：文中配合单位“县审计局”即另选的那一个配合单位") == 1
    first["cooperating_departments"] = [dept_c.pk]
    first["remember_cooperating"] = True
    response = client.post(reverse("report-preview"), post_with_remember(token, rows))
    assert response.status_code == 302
    alias = UnitAlias.objects.get()
    assert (alias.name, alias.department, alias.created_by) == ("县审计局", dept_c, supervisor)
    assert list(
        Task.objects.get(title__startswith="做好应急物资").cooperating_departments.all()
    ) == [dept_c]

    # The next document naming that unit reads it as that department; said as written.
    again = report_preview(
        data=REPORT.replace("1月10日", "1月11日").encode(), filename="r2.txt", user=supervisor
    )
    first, second = again["proposals"]
    assert first["cooperating_departments"] == [dept_c.pk]
    assert first["cooperating_unmatched"] == []
    assert second["cooperating_departments"] == [dept_c.pk]
    assert second["cooperating_unmatched"] == ["县财政局"]


@pytest.mark.parametrize("chosen", [[], ["c", "b"]])
def test_an_unclear_mapping_is_refused_in_chinese_and_nothing_is_written(
    login: Login,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    chosen: list[str],
) -> None:
    client = login(supervisor)
    token = upload(client, REPORT, "r.txt")
    rows = rows_of(supervisor, token)
    by_letter = {"b": dept_b.pk, "c": dept_c.pk}
    rows[0]["cooperating_departments"] = [by_letter[c] for c in chosen]
    rows[0]["remember_cooperating"] = True
    response = client.post(reverse("report-preview"), post_with_remember(token, rows), follow=True)
    assert "要记住文中配合单位的对应关系" in response.content.decode()
    assert counts() == (0, 0, 0)
    assert not UnitAlias.objects.exists()


def test_api_remembers_a_co_operating_name(
    supervisor: User, dept_a: Department, dept_c: Department
) -> None:
    client = APIClient()
    client.force_authenticate(supervisor)
    preview = client.post(
        "/api/v1/reports/",
        {"file": SimpleUploadedFile("r.txt", REPORT.encode())},
        format="multipart",
    ).json()
    keys = [row["key"] for row in preview["proposals"]]
    response = client.post(
        "/api/v1/reports/confirm/",
        {
            "preview_token": preview["preview_token"],
            "tasks": [
                {
                    "key": keys[0],
                    "cooperating_departments": [dept_c.pk],
                    "remember_cooperating": True,
                },
                {"key": keys[1]},
            ],
        },
        format="json",
    )
    assert response.status_code == 201
    assert UnitAlias.objects.get().department == dept_c


def test_another_department_cannot_remember_names(head_a: User, dept_c: Department) -> None:
    client = APIClient()
    client.force_authenticate(head_a)
    response = client.post(
        "/api/v1/reports/confirm/",
        {"preview_token": "x", "tasks": [{"remember_cooperating": True}]},
        format="json",
    )
    assert response.status_code == 404
    assert not UnitAlias.objects.exists()
