"""Item 6 completed: the preview proposes linking a rectification task to the plan task on the
same matter; the supervisor accepts or rejects each proposal (page, API, command line); an
accepted link is stored on import and shown on both task pages to whoever may see the other."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from io import StringIO
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from plans.models import RectificationLink
from plans.services import link_pairs, preview_load, report_import, report_preview
from tests.plans.import_helpers import REFERENCE, counts, reference_bytes, rows_as_post
from tracker.org.models import Department, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]

# What a person sees in the reference report (written out, not recomputed): three problems
# name a matter one plan item names — 执法队伍 and 基层执法 (plan （三）), 放管服 (plan （二）).
FANGGUANFU_PROBLEM = "整改：“放管服”改革还需要进一步深化"
FANGGUANFU_PLAN = "继续深入推进落实“放管服”改革工作。"


def upload_page(client: Client) -> str:
    response = client.post(
        reverse("report-upload"), {"file": SimpleUploadedFile("jilin.txt", reference_bytes())}
    )
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))


def pairs_by_title(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {pair["problem_title"]: pair for pair in link_pairs(rows)}


def test_the_preview_lists_each_proposed_pair_with_its_own_control(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    token = upload_page(client)
    rows = preview_load(token=token, user=supervisor)["proposals"]
    pairs = link_pairs(rows)
    assert [(p["problem_title"][:10], p["plan_title"], p["reason"]) for p in pairs] == [
        ("整改：执法队伍专业能", "（三）加强市县行政执法人员执法资格培训工作。", "同涉“执法队伍”"),
        ("整改：基层执法力量薄", "（三）加强市县行政执法人员执法资格培训工作。", "同涉“基层执法”"),
        ("整改：“放管服”改革", "（二）继续深入推进落实“放管服”改革工作。", "同涉“放管服”"),
    ]
    assert not any(p["accept"] for p in pairs)  # proposed, not accepted for the user
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert len(re.findall(r'type="checkbox" name="form-\d+-link_accept"', page)) == 3
    assert "关联到工作计划" in page and "同涉“放管服”" in page


def test_accepting_on_the_page_stores_the_link_and_rejecting_stores_none(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    token = upload_page(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    for row in rows:
        # Accept 放管服, leave the two 执法 proposals unticked (rejected).
        row["link_accept"] = row["title"] == FANGGUANFU_PROBLEM
    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert response.status_code == 302
    links = list(RectificationLink.objects.select_related("problem_task", "plan_task"))
    assert [(link.problem_task.title, link.plan_task.title) for link in links] == [
        (FANGGUANFU_PROBLEM, FANGGUANFU_PLAN)
    ]
    assert links[0].reason == "同涉“放管服”" and links[0].created_by == supervisor


def test_nothing_accepted_stores_no_link(login: Login, supervisor: User) -> None:
    client = login(supervisor)
    token = upload_page(client)
    rows = preview_load(token=token, user=supervisor)["proposals"]
    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert response.status_code == 302
    assert Task.objects.count() == 9
    assert RectificationLink.objects.count() == 0


def test_an_accepted_link_to_a_plan_row_not_imported_refuses_the_import(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    token = upload_page(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    for row in rows:
        if row["title"] == FANGGUANFU_PROBLEM:
            row["link_accept"] = True
        if row["title"] == FANGGUANFU_PLAN:
            row["include"] = False
    response = client.post(
        reverse("report-preview"), rows_as_post(token, rows, "confirm"), follow=True
    )
    assert "要关联的工作计划没有勾选导入" in response.content.decode()
    assert counts() == (0, 0, 0)
    assert RectificationLink.objects.count() == 0


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_upload(client: APIClient) -> dict[str, Any]:
    response = client.post(
        "/api/v1/reports/",
        {"file": SimpleUploadedFile("jilin.txt", reference_bytes())},
        format="multipart",
    )
    assert response.status_code == 200
    return response.json()


def test_api_accepts_and_rejects_pairs_by_number(supervisor: User) -> None:
    client = api(supervisor)
    preview = api_upload(client)
    proposals = preview["link_proposals"]
    assert [p["reason"] for p in proposals] == ["同涉“执法队伍”", "同涉“基层执法”", "同涉“放管服”"]
    confirmed = client.post(
        "/api/v1/reports/confirm/",
        {
            "preview_token": preview["preview_token"],
            "links": [{"pair": 2, "accept": True}, {"pair": 0, "accept": False}],
        },
        format="json",
    )
    assert confirmed.status_code == 201
    link = RectificationLink.objects.get()
    assert (link.problem_task.title, link.plan_task.title) == (FANGGUANFU_PROBLEM, FANGGUANFU_PLAN)
    assert confirmed.json()["links"] == [[link.problem_task_id, link.plan_task_id]]


@pytest.mark.parametrize("pair", [3, -1, "x"])
def test_api_pair_out_of_range_is_refused_in_chinese_and_imports_nothing(
    supervisor: User, pair: object
) -> None:
    client = api(supervisor)
    preview = api_upload(client)
    response = client.post(
        "/api/v1/reports/confirm/",
        {"preview_token": preview["preview_token"], "links": [{"pair": pair, "accept": True}]},
        format="json",
    )
    assert response.status_code == 400
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "关联建议不存在" in body or "合法的整数" in body
    assert counts() == (0, 0, 0)
    assert RectificationLink.objects.count() == 0


def test_a_non_supervisor_cannot_confirm_links(head_a: User) -> None:
    response = api(head_a).post(
        "/api/v1/reports/confirm/",
        {"preview_token": "x", "links": [{"pair": 0, "accept": True}]},
        format="json",
    )
    assert response.status_code == 404
    assert counts() == (0, 0, 0)


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_report", *args, stdout=out)
    return out.getvalue()


def test_command_line_lists_pairs_and_links_only_those_given(supervisor: User) -> None:
    printed = json.loads(run(str(REFERENCE), "--dry-run", "--json"))
    assert [(p["pair"], p["reason"]) for p in printed["link_proposals"]] == [
        (0, "同涉“执法队伍”"),
        (1, "同涉“基层执法”"),
        (2, "同涉“放管服”"),
    ]
    with pytest.raises(CommandError, match="关联建议不存在"):
        run(str(REFERENCE), "--link", "7")
    assert counts() == (0, 0, 0)
    run(str(REFERENCE), "--link", "2")
    link = RectificationLink.objects.get()
    assert (link.problem_task.title, link.plan_task.title) == (FANGGUANFU_PROBLEM, FANGGUANFU_PLAN)


def test_both_task_pages_show_the_link_only_to_who_may_see_the_other_task(
    login: Login,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    head_a: User,
    head_b: User,
) -> None:
    preview = report_preview(data=reference_bytes(), filename="jilin.txt", user=supervisor)
    rows = []
    for row in preview["proposals"]:
        # The plan task goes to division A, the rectification task to division B.
        lead = dept_b.pk if row["kind"] == "problem" else dept_a.pk
        rows.append(
            {**row, "lead_department": lead, "link_accept": row["title"] == FANGGUANFU_PROBLEM}
        )
    report_import(user=supervisor, preview=preview, rows=rows, assign=True)
    problem = Task.objects.get(title=FANGGUANFU_PROBLEM)
    plan = Task.objects.get(title=FANGGUANFU_PLAN)

    page = login(supervisor).get(reverse("task-detail", args=[problem.pk])).content.decode()
    assert "对应工作计划" in page and reverse("task-detail", args=[plan.pk]) in page
    assert FANGGUANFU_PLAN in page
    page = login(supervisor).get(reverse("task-detail", args=[plan.pk])).content.decode()
    assert "对应整改任务" in page and reverse("task-detail", args=[problem.pk]) in page

    # Division B sees its rectification task but not A's plan task: no title, no link.
    page = login(head_b).get(reverse("task-detail", args=[problem.pk])).content.decode()
    assert "对应工作计划" not in page and FANGGUANFU_PLAN not in page
    assert login(head_b).get(reverse("task-detail", args=[plan.pk])).status_code == 404
    # Division A likewise for B's rectification task.
    page = login(head_a).get(reverse("task-detail", args=[plan.pk])).content.decode()
    assert "对应整改任务" not in page and FANGGUANFU_PROBLEM not in page

    # Once B co-operates on the plan task, B sees it and the link.
    plan.cooperating_departments.add(dept_b)
    page = login(head_b).get(reverse("task-detail", args=[problem.pk])).content.decode()
    assert "对应工作计划" in page and FANGGUANFU_PLAN in page


def test_the_office_pattern_titles_rectification_tasks(supervisor: User, settings: Any) -> None:
    settings.DUBAN_RECTIFICATION_TITLE = "限期整改：{problem}"
    preview = report_preview(data=reference_bytes(), filename="jilin.txt", user=supervisor)
    titles = [row["title"] for row in preview["proposals"] if row["kind"] == "problem"]
    assert titles[-1] == "限期整改：“放管服”改革还需要进一步深化"
    # A pattern that would drop the problem is not used.
    settings.DUBAN_RECTIFICATION_TITLE = "整改事项"
    preview = report_preview(data=reference_bytes(), filename="jilin.txt", user=supervisor)
    assert [r["title"] for r in preview["proposals"] if r["kind"] == "problem"][-1] == (
        FANGGUANFU_PROBLEM
    )
