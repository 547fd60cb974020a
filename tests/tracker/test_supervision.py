"""催办, 批示件, 时间节点 and 定期反馈 as services: who may, what it changes, who hears."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tracker.audit.models import AuditEvent
from tracker.notifications.models import Notification, NotificationKind, TaskReminderPolicy
from tracker.slips.models import Slip, SlipKind
from tracker.supervision.closing import instructions_report_on_close
from tracker.supervision.models import Instruction, InstructionStatus, Milestone, Urge
from tracker.supervision.services import (
    deadlines_sweep,
    feedback_set,
    instruction_issue,
    milestone_add,
    milestone_complete,
    task_urge,
)
from tracker.tasks.models import Action, Light, Status, Task
from tracker.tasks.services import ActionNotAllowed

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2022, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing


def told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind, channel="app").values_list(
            "recipient__username", flat=True
        )
    )


@time_machine.travel(T0, tick=False)
def test_urge_tells_holder_then_head_counts_and_issues_numbered_slips(
    task_a, supervisor, staff_a, head_a
):
    task_urge(task=task_a, actor=supervisor, message="请本周内报送初稿")
    task_a.refresh_from_db()
    assert task_a.urge_count == 1
    assert told(NotificationKind.URGED) == ["staff_a"]
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        task_urge(task=task_a, actor=supervisor)
    task_a.refresh_from_db()
    assert task_a.urge_count == 2
    assert told(NotificationKind.URGED) == ["head_a", "staff_a", "staff_a"]
    numbers = list(
        Slip.objects.filter(task=task_a, kind=SlipKind.URGE)
        .order_by("sequence")
        .values_list("number", flat=True)
    )
    assert numbers == ["催办〔2022〕1号", "催办〔2022〕2号"]
    slip = Slip.objects.get(number="催办〔2022〕1号")
    assert "请本周内报送初稿" in slip.content["requirements"]
    assert "第1次催办" in slip.content["requirements"]
    assert AuditEvent.objects.filter(action="task_urge").count() == 2


@time_machine.travel(T0, tick=False)
def test_urge_is_rate_limited_and_a_refusal_changes_nothing(task_a, supervisor):
    task_urge(task=task_a, actor=supervisor)
    with pytest.raises(ValidationError, match="后再催办"):
        task_urge(task=task_a, actor=supervisor)
    task_a.refresh_from_db()
    assert task_a.urge_count == 1
    assert Urge.objects.count() == 1
    assert Slip.objects.filter(kind=SlipKind.URGE).count() == 1


def test_who_may_urge(task_a, supervisor, head_a, staff_a, head_b, leader):
    assert Action.URGE in task_a.allowed_actions(supervisor)
    assert Action.URGE in task_a.allowed_actions(head_a)  # inside the division
    for user in (staff_a, head_b, leader):
        assert Action.URGE not in task_a.allowed_actions(user)
        with pytest.raises(ActionNotAllowed):
            task_urge(task=task_a, actor=user)
    Task.objects.filter(pk=task_a.pk).update(status=Status.DONE)
    task_a.refresh_from_db()
    with pytest.raises(ActionNotAllowed):
        task_urge(task=task_a, actor=supervisor)
    assert not Urge.objects.exists()


@time_machine.travel(T0, tick=False)
def test_leader_instruction_is_told_and_reported_back_on_close(
    task_a, leader, supervisor, staff_a, head_b
):
    instruction = instruction_issue(
        task=task_a,
        actor=leader,
        text="此项工作要抓紧，6月底前报落实情况。",
        report_due_on=dt.date(2022, 6, 30),
    )
    assert set(told(NotificationKind.INSTRUCTION)) == {"staff_a", "supervisor"}
    with pytest.raises(ActionNotAllowed):
        instruction_issue(task=task_a, actor=head_b, text="越权批示")
    with pytest.raises(ValidationError):
        instruction_issue(task=task_a, actor=leader, text="  ")
    assert Instruction.objects.count() == 1
    Task.objects.filter(pk=task_a.pk).update(status=Status.DONE, progress=100)
    task_a.refresh_from_db()
    instructions_report_on_close(task=task_a)
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.REPORTED
    assert "办结销号" in instruction.report
    report = Notification.objects.get(
        kind=NotificationKind.INSTRUCTION, recipient=leader, channel="app"
    )
    assert "落实情况" in report.subject


def test_milestones_drive_the_light_and_completion_tells_the_office(task_a, supervisor, staff_a):
    Task.objects.filter(pk=task_a.pk).update(
        assigned_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC), due_on=dt.date(2022, 12, 31)
    )
    task_a.refresh_from_db()
    with pytest.raises(ValidationError, match="不能晚于"):
        milestone_add(task=task_a, actor=supervisor, title="报审", due_on=dt.date(2023, 1, 5))
    first = milestone_add(
        task=task_a, actor=supervisor, title="6月底前完成初稿", due_on=dt.date(2022, 6, 30)
    )
    milestone_add(task=task_a, actor=supervisor, title="9月底前报审", due_on=dt.date(2022, 9, 30))
    task_a.refresh_from_db()
    assert task_a.next_milestone_on == dt.date(2022, 6, 30)
    # Early July: the task's own deadline is far, but its first milestone has passed.
    assert task_a.warning_light(dt.date(2022, 7, 2)) == Light.RED
    with pytest.raises(ActionNotAllowed):
        milestone_add(task=task_a, actor=staff_a, title="x", due_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError):
        milestone_complete(task=task_a, actor=staff_a, milestone=first, note="")
    milestone_complete(task=task_a, actor=staff_a, milestone=first, note="初稿已完成并印发")
    task_a.refresh_from_db()
    assert task_a.next_milestone_on == dt.date(2022, 9, 30)
    assert task_a.warning_light(dt.date(2022, 7, 2)) != Light.RED
    assert told(NotificationKind.MILESTONE).count("supervisor") == 1
    with pytest.raises(ValidationError, match="已完成"):
        milestone_complete(task=task_a, actor=staff_a, milestone=first, note="again")
    assert Milestone.objects.filter(completed_at__isnull=False).count() == 1


def test_feedback_cycle_is_set_without_the_admin(task_a, supervisor, head_a):
    policy = feedback_set(task=task_a, actor=supervisor, cycle="quarterly", day=5)
    assert policy is not None
    assert TaskReminderPolicy.objects.get(task=task_a).report_cycle == "quarterly"
    with pytest.raises(ValidationError):
        feedback_set(task=task_a, actor=supervisor, cycle="monthly", day=31)
    assert TaskReminderPolicy.objects.get(task=task_a).report_day == 5
    with pytest.raises(ActionNotAllowed):
        feedback_set(task=task_a, actor=head_a, cycle="weekly", day=1)


def test_instruction_and_milestone_deadlines_are_chased_once_per_phase(
    task_a, leader, supervisor, staff_a, head_a
):
    with time_machine.travel(T0, tick=False):
        instruction_issue(
            task=task_a, actor=leader, text="抓紧落实", report_due_on=dt.date(2022, 3, 10)
        )
        milestone_add(task=task_a, actor=supervisor, title="完成初稿", due_on=dt.date(2022, 3, 8))
    Notification.objects.all().delete()
    assert deadlines_sweep(today=dt.date(2022, 3, 1)) == {"instruction": 0, "milestone": 0}
    assert deadlines_sweep(today=dt.date(2022, 3, 6)) == {"instruction": 0, "milestone": 1}
    assert deadlines_sweep(today=dt.date(2022, 3, 6)) == {"instruction": 0, "milestone": 0}
    assert deadlines_sweep(today=dt.date(2022, 3, 8)) == {"instruction": 1, "milestone": 1}
    # Overdue milestone: the head hears too.
    deadlines_sweep(today=dt.date(2022, 3, 9))
    overdue = Notification.objects.filter(
        kind=NotificationKind.MILESTONE, channel="app", subject__contains="完成初稿"
    ).values_list("recipient__username", flat=True)
    assert "head_a" in overdue
    # Closed tasks are not chased.
    Task.objects.filter(pk=task_a.pk).update(status=Status.DONE)
    assert deadlines_sweep(today=dt.date(2022, 3, 20)) == {"instruction": 0, "milestone": 0}


@time_machine.travel(T0, tick=False)
def test_instruction_register_page_and_api_follow_task_visibility(
    task_a, task_b, leader, supervisor, staff_a, head_b, login
):
    instruction_issue(
        task=task_a, actor=leader, text="法规处批示", report_due_on=dt.date(2022, 3, 5)
    )
    instruction_issue(task=task_b, actor=leader, text="执法处批示")
    page_a = login(staff_a).get("/instructions/").content.decode()
    assert "法规处批示" in page_a and "执法处批示" not in page_a
    page_b = login(head_b).get("/instructions/").content.decode()
    assert "执法处批示" in page_b and "法规处批示" not in page_b
    assert len(login(supervisor).get("/api/v1/instructions/").json()["results"]) == 2
    texts = [row["text"] for row in login(head_b).get("/api/v1/instructions/").json()["results"]]
    assert texts == ["执法处批示"]


@time_machine.travel(T0, tick=False)
def test_leader_creates_a_task_from_an_instruction_others_cannot(
    leader, supervisor, staff_a, login
):
    response = login(leader).post(
        "/api/v1/instructions/",
        {"title": "开展汛期安全检查", "text": "请督查室立项，月底前报结果。", "kind": "handle"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(title="开展汛期安全检查")
    assert task.status == Status.DRAFT and task.instructions.count() == 1
    assert told(NotificationKind.INSTRUCTION) == ["supervisor"]
    refused = login(staff_a).post(
        "/api/v1/instructions/",
        {"title": "越权", "text": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    page = login(staff_a).post("/instructions/", {"title": "越权", "text": "x", "kind": "guide"})
    assert page.status_code == 200
    assert "只有厅领导可以根据批示新建任务。" in page.content.decode()
    assert not Task.objects.filter(title="越权").exists()
    response = login(leader).post(
        "/instructions/", {"title": "页面新建", "text": "页面批示", "kind": "guide"}
    )
    assert response.status_code == 302
    assert Task.objects.get(title="页面新建").instructions.get().kind == "guide"
