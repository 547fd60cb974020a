"""Items 7 and 4 of issue 13: lead-department suggestions that learn from what the office chose
(a correction in the preview is a past choice the next import sees), shown with their reasons;
and unit names the office mapped once, remembered for later imports."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.models import UnitAlias
from plans.services import preview_load, report_preview, unit_alias_remember
from plans.suggest import DepartmentSuggester
from tests.plans.import_helpers import give_keywords, reference_bytes, rows_as_post
from tracker.org.models import Department, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]

SECOND = """某市应急管理局2022年度法治政府建设情况报告

一、2022年工作情况
全年开展执法检查120次。
二、2023年工作打算
（一）加强县乡两级行政执法人员执法资格培训。组织全市执法人员参加资格考试。
（二）做好应急物资储备库建设。由县司法局牵头，于2023年9月底前完成。
某市应急管理局
2023年1月10日
""".encode()


def upload(client: Client, data: bytes, name: str) -> str:
    response = client.post(reverse("report-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))  # type: ignore[union-attr]


def rows_of(user: User, token: str) -> list[dict[str, Any]]:
    return [dict(r) for r in preview_load(token=token, user=user)["proposals"]]


def test_keywords_give_a_suggestion_with_its_reason(dept_a: Department, dept_b: Department) -> None:
    give_keywords(dept_a, dept_b)
    found = DepartmentSuggester().suggest("加强执法监督工作", "加强行政处罚案件法制审核")
    assert [s.department for s in found] == [dept_b.pk]
    assert found[0].reason == "职责关键词“执法、行政处罚”"
    assert DepartmentSuggester().suggest("做好后勤保障") == []


def test_a_correction_in_the_preview_is_learnt_by_the_next_import(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    give_keywords(dept_a, dept_b)  # '执法' points to dept_b
    client = login(supervisor)
    token = upload(client, reference_bytes(), "jilin.txt")
    rows = rows_of(supervisor, token)
    training = next(r for r in rows if r["title"].startswith("加强市县行政执法人员执法资格培训"))
    assert training["lead_department"] == dept_b.pk
    assert training["lead_reason"].startswith("建议：职责关键词“执法")
    # The office knows better: the 预案处 (dept_c) runs the training. Corrected and imported.
    training["lead_department"] = dept_c.pk
    training["cooperating_departments"] = [dept_a.pk]
    assert (
        client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm")).status_code
        == 302
    )

    # Another report with a similar item: the past choice now comes first, with its reason;
    # the keyword suggestion is still offered second. A dissimilar item is not affected.
    token = upload(client, SECOND, "second.txt")
    rows = rows_of(supervisor, token)
    similar, storage = rows[0], rows[1]
    assert similar["lead_department"] == dept_c.pk
    assert [s["department"] for s in similar["suggestions"]] == [dept_c.pk, dept_b.pk]
    assert similar["suggestions"][0]["reason"] == (f"以往类似任务“{training['title']}”由其牵头")
    assert similar["lead_reason"].startswith("建议：以往类似任务")
    # Co-operating departments chosen for similar tasks are suggested too, not preselected.
    assert similar["cooperating_departments"] == []
    # The past choice first; then dept_b, whose duty keywords the text names (it is no longer
    # the lead): both with their reasons.
    assert similar["cooperating_suggestions"] == [
        {
            "department": dept_a.pk,
            "name": dept_a.name,
            "reason": f"以往类似任务“{training['title']}”由其配合",
        },
        {"department": dept_b.pk, "name": dept_b.name, "reason": "职责关键词“执法、执法资格”"},
    ]
    assert storage["cooperating_suggestions"] == []
    assert dept_c.pk not in [s["department"] for s in storage["suggestions"]]
    html = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "建议的牵头单位" in html and "建议的配合单位" in html
    assert f"以往类似任务“{training['title']}”由其牵头" in html


def test_no_suggestion_is_said_not_guessed(login: Login, supervisor: User) -> None:
    client = login(supervisor)
    token = upload(client, reference_bytes(), "jilin.txt")
    rows = rows_of(supervisor, token)
    assert all(r["lead_department"] is None and r["suggestions"] == [] for r in rows)
    html = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert html.count("无建议：请选择牵头单位") == len(rows)


def test_an_unknown_unit_name_is_mapped_once_and_remembered(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    client = login(supervisor)
    token = upload(client, SECOND, "second.txt")
    rows = rows_of(supervisor, token)
    storage = rows[1]
    assert storage["lead_written"] == "县司法局" and storage["lead_unmatched"] is True
    assert storage["lead_department"] is None
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "记住：文中“县司法局”即所选牵头单位" in page
    # The first row is left alone (nothing to remember: no written name, box not ticked).
    storage["lead_department"] = dept_b.pk
    storage["remember_lead"] = True
    assert (
        client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm")).status_code
        == 302
    )
    alias = UnitAlias.objects.get()
    assert (alias.name, alias.department, alias.created_by) == ("县司法局", dept_b, supervisor)

    # Next time the name reads as that department, said so, and nothing is asked.
    again = report_preview(
        data=SECOND.replace(b"2023\xe5\xb9\xb41\xe6\x9c\x8810", b"2023\xe5\xb9\xb41\xe6\x9c\x8811"),
        filename="second-b.txt",
        user=supervisor,
    )
    row = again["proposals"][1]
    assert row["lead_department"] == dept_b.pk
    assert row["lead_unmatched"] is False and row["lead_reason"] == "文中写明牵头单位"


def test_without_the_tick_nothing_is_remembered(
    login: Login, supervisor: User, dept_b: Department
) -> None:
    client = login(supervisor)
    token = upload(client, SECOND, "second.txt")
    rows = rows_of(supervisor, token)
    rows[1]["lead_department"] = dept_b.pk
    client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert Task.objects.count() == 2
    assert not UnitAlias.objects.exists()


def test_a_name_that_already_reads_as_a_department_is_not_remembered(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    assert not unit_alias_remember(name="省应急厅政策法规处", department=dept_b, user=supervisor)
    assert not unit_alias_remember(name="县司法局、县财政局", department=dept_b, user=supervisor)
    assert unit_alias_remember(name="县 司法局", department=dept_a, user=supervisor)
    assert UnitAlias.objects.get().name == "县司法局"


def test_a_task_sent_back_is_not_a_choice_to_repeat(
    dept_a: Department, dept_b: Department, supervisor: User
) -> None:
    from tracker.tasks.models import Status

    Task.objects.create(
        title="加强市县行政执法人员执法资格培训工作",
        lead_department=dept_a,
        status=Status.DECLINED,
        created_by=supervisor,
    )
    assert DepartmentSuggester().suggest("加强县乡两级行政执法人员执法资格培训") == []
    Task.objects.update(status=Status.ASSIGNED)
    found = DepartmentSuggester().suggest("加强县乡两级行政执法人员执法资格培训")
    assert [s.department for s in found] == [dept_a.pk]
