"""The supervision instruments through the one action registry: page and API alike,
another division's user gets nothing, and the ledger and schema carry them."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from tests.tracker.workflow_helpers import upload
from tracker.evidence.services import evidence_upload
from tracker.supervision.models import Instruction, Milestone
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db
JSON = "application/json"
T0 = dt.datetime(2022, 3, 1, 2, 0, tzinfo=dt.UTC)


@time_machine.travel(T0, tick=False)
def test_urge_on_page_and_api_and_nobody_else(task_a, supervisor, head_a, staff_a, head_b, login):
    page = login(supervisor).post(f"/tasks/{task_a.pk}/do/urge/", {"message": "请加快进度"})
    assert page.status_code == 302
    task_a.refresh_from_db()
    assert task_a.urge_count == 1
    # Within 24 hours a second 催办 is refused with the reason, nothing changes.
    again = login(supervisor).post(
        f"/api/v1/tasks/{task_a.pk}/urge/", {"message": ""}, content_type=JSON
    )
    assert again.status_code == 400 and "后再催办" in again.json()["detail"]
    assert (
        login(head_b).post(f"/api/v1/tasks/{task_a.pk}/urge/", {}, content_type=JSON).status_code
        == 404
    )
    assert (
        login(staff_a).post(f"/api/v1/tasks/{task_a.pk}/urge/", {}, content_type=JSON).status_code
        == 403
    )
    with time_machine.travel(T0 + dt.timedelta(days=1, hours=1), tick=False):
        ok = login(head_a).post(f"/api/v1/tasks/{task_a.pk}/urge/", {}, content_type=JSON)
    assert ok.status_code == 200
    task_a.refresh_from_db()
    assert task_a.urge_count == 2
    detail = login(supervisor).get(f"/tasks/{task_a.pk}/").content.decode()
    assert "催办〔2022〕1号" in detail and "催办〔2022〕2号" in detail


def test_urge_count_in_the_ledger(task_a, supervisor, login):
    Task.objects.filter(pk=task_a.pk).update(urge_count=3)
    response = login(supervisor).get("/exports/ledger.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = (
        [cell.value for cell in sheet[2]]
        if sheet[1][0].value != "序号"
        else [c.value for c in sheet[1]]
    )
    rows = list(sheet.iter_rows(values_only=True))
    column = header.index("催办次数")
    values = [row[column] for row in rows if row and row[2] == task_a.title]
    assert values == [3]


@time_machine.travel(T0, tick=False)
def test_instruction_milestones_and_feedback_through_the_api(
    task_a, leader, supervisor, staff_a, head_b, login
):
    base = f"/api/v1/tasks/{task_a.pk}"
    r = login(leader).post(
        f"{base}/instruct/", {"text": "抓紧推进", "report_due_on": "2022-03-31"}, content_type=JSON
    )
    assert r.status_code == 200, r.content
    assert Instruction.objects.get().report_due_on == dt.date(2022, 3, 31)
    assert (
        login(head_b).post(f"{base}/instruct/", {"text": "x"}, content_type=JSON).status_code == 404
    )
    r = login(supervisor).post(
        f"{base}/milestones/", {"title": "完成初稿", "due_on": "2022-06-30"}, content_type=JSON
    )
    assert r.status_code == 200, r.content
    milestone = Milestone.objects.get()
    r = login(staff_a).post(
        f"{base}/milestone-complete/",
        {"milestone": milestone.pk + 999, "note": "x"},
        content_type=JSON,
    )
    assert r.status_code == 400
    r = login(staff_a).post(
        f"{base}/milestone-complete/",
        {"milestone": milestone.pk, "note": "初稿已完成"},
        content_type=JSON,
    )
    assert r.status_code == 200, r.content
    milestone.refresh_from_db()
    assert milestone.is_done
    r = login(supervisor).post(
        f"{base}/feedback/", {"cycle": "monthly", "day": 5}, content_type=JSON
    )
    assert r.status_code == 200, r.content
    assert task_a.reminder_policy.report_cycle == "monthly"
    assert (
        login(staff_a)
        .post(f"{base}/feedback/", {"cycle": "weekly", "day": 1}, content_type=JSON)
        .status_code
        == 403
    )


def test_division_review_when_switched_on(settings, task_a, supervisor, head_a, staff_a, login):
    settings.DIVISION_REVIEW = True
    evidence_upload(task=task_a, actor=staff_a, files=[upload("材料.pdf")])
    base = f"/api/v1/tasks/{task_a.pk}"
    assert login(staff_a).post(f"{base}/submit/", {}, content_type=JSON).status_code == 200
    task_a.refresh_from_db()
    assert task_a.status == Status.DIVISION_REVIEW
    # The office cannot decide before the head has.
    r = login(supervisor).post(f"{base}/approve/", {"confirm_incomplete": True}, content_type=JSON)
    assert r.status_code == 403
    r = login(head_a).post(f"{base}/division-return/", {"reason": "材料不全"}, content_type=JSON)
    assert r.status_code == 200
    task_a.refresh_from_db()
    assert task_a.status == Status.RETURNED
    assert login(staff_a).post(f"{base}/submit/", {}, content_type=JSON).status_code == 200
    assert (
        login(head_a)
        .post(f"{base}/division-approve/", {"note": "同意上报"}, content_type=JSON)
        .status_code
        == 200
    )
    task_a.refresh_from_db()
    assert (task_a.status, task_a.division_reviewed_by) == (Status.SUBMITTED, head_a)
    page = login(supervisor).get(f"/tasks/{task_a.pk}/").content.decode()
    assert head_a.full_name in page
    r = login(supervisor).post(f"{base}/approve/", {"confirm_incomplete": True}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == "done"


def test_head_submitting_skips_division_review(settings, task_a, head_a, staff_a):
    from tracker.tasks.services import task_submit

    settings.DIVISION_REVIEW = True
    evidence_upload(task=task_a, actor=staff_a, files=[upload("材料.pdf")])
    assert task_submit(task=task_a, actor=head_a).status == Status.SUBMITTED


def test_schema_documents_the_new_actions(client, supervisor, login):
    schema = login(supervisor).get("/api/v1/schema/").content.decode()
    for path in (
        "urge",
        "instruct",
        "milestones",
        "milestone-complete",
        "feedback",
        "division-approve",
        "division-return",
        "/api/v1/slips/",
        "/api/v1/instructions/",
    ):
        assert path in schema, path


def test_urge_counts_in_the_list_and_on_the_dashboard_per_division(
    task_a, supervisor, head_b, dept_b, login
):
    from tests.tracker.workflow_helpers import make_task

    Task.objects.filter(pk=task_a.pk).update(urge_count=2)
    other = make_task(
        supervisor=supervisor, department=dept_b, status=Status.IN_PROGRESS, title="执法处的任务"
    )
    Task.objects.filter(pk=other.pk).update(urge_count=1)
    make_task(supervisor=supervisor, department=dept_b, status=Status.IN_PROGRESS, title="未催办")

    listing = login(supervisor).get("/tasks/").content.decode()
    assert "已催办 2 次" in listing and "已催办 1 次" in listing
    dashboard = login(supervisor).get("/dashboard/").content.decode()
    card = dashboard[dashboard.index('id="urge-counts"') :]
    card = card[: card.index("</section>")]
    # 法规处: one task, 2 催办; 执法处: one task urged once (the other never) — most urged first.
    assert card.index("政策法规处") < card.index("安全生产执法监督处")
    assert f'lead_department={dept_b.pk}&amp;urged=true">1</a></td><td class="n">1<' in card
    urged = (
        login(supervisor).get(f"/tasks/?lead_department={dept_b.pk}&urged=true").content.decode()
    )
    assert "执法处的任务" in urged and "未催办" not in urged
    # Another division's head sees only what their own tasks show.
    theirs = login(head_b).get("/dashboard/").content.decode()
    theirs_card = theirs[theirs.index('id="urge-counts"') :]
    theirs_card = theirs_card[: theirs_card.index("</section>")]
    assert "安全生产执法监督处" in theirs_card and "政策法规处" not in theirs_card
