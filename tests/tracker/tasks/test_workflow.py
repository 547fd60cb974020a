"""The task workflow through its services: every transition, legal and illegal,
per role; the optimistic lock; split and rollup; notifications of events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.tracker.workflow_helpers import PDF, make_task, upload
from tracker.audit.models import AuditEvent
from tracker.evidence.services import evidence_upload
from tracker.notifications.models import Notification, NotificationKind
from tracker.org.models import Department, User
from tracker.reviews.models import Review
from tracker.tasks import services
from tracker.tasks.models import Action, ExtensionRequest, Status, Task

pytestmark = pytest.mark.django_db


def snapshot(task: Task) -> tuple:
    task.refresh_from_db()
    return (
        task.status,
        task.version,
        task.responsible_id,
        task.lead_department_id,
        task.due_on,
        task.progress,
        task.extension_count,
    )


def test_full_journey_from_draft_to_archive(
    supervisor: User, head_a: User, staff_a: User, dept_a: Department, dept_c: Department
) -> None:
    task = services.task_create(actor=supervisor, title="修订应急管理规章", due_on=None)
    assert task.status == Status.DRAFT
    task = services.task_assign(
        task=task,
        actor=supervisor,
        lead_department=dept_a,
        cooperating_departments=[dept_c],
        due_on=dt.date(2022, 10, 31),
    )
    assert task.status == Status.ASSIGNED and task.assigned_at is not None
    assert Notification.objects.filter(
        recipient=head_a, kind=NotificationKind.ASSIGNED, task=task
    ).exists()
    task = services.task_acknowledge(task=task, actor=head_a, responsible=staff_a)
    assert (task.status, task.responsible) == (Status.IN_PROGRESS, staff_a)
    services.progress_report(task=task, actor=staff_a, text="已完成初稿", percent=60)
    evidence_upload(task=task, actor=staff_a, files=[upload("初稿.pdf")])
    task = services.task_submit(task=task, actor=staff_a)
    assert task.status == Status.SUBMITTED and task.submitted_by == staff_a
    with pytest.raises(ValidationError, match="60%"):
        services.task_approve(task=task, actor=supervisor, note="材料齐全")
    task.refresh_from_db()
    assert task.status == Status.SUBMITTED and not Review.objects.filter(task=task).exists()
    task = services.task_approve(
        task=task, actor=supervisor, note="材料齐全", confirm_incomplete=True
    )
    assert (task.status, task.progress) == (Status.DONE, 100)
    assert Review.objects.get(task=task).decision == "approve"
    assert Notification.objects.filter(recipient=staff_a, kind=NotificationKind.APPROVED).exists()
    task = services.task_archive(task=task, actor=supervisor)
    assert task.archived_at is not None
    actions = list(
        AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "task_create",
        "task_assign",
        "task_acknowledge",
        "progress_report",
        "evidence_upload",
        "task_submit",
        "task_approve",
        "task_archive",
    ]
    assign = AuditEvent.objects.get(action="task_assign")
    assert assign.before["status"] == "draft" and assign.after["status"] == "assigned"


def test_return_and_redo(supervisor: User, staff_a: User, task_a: Task) -> None:
    evidence_upload(task=task_a, actor=staff_a, files=[upload("a.pdf")])
    services.task_submit(task=task_a, actor=staff_a)
    with pytest.raises(ValidationError, match="须说明理由"):
        services.task_return(task=task_a, actor=supervisor, reason="  ")
    task = services.task_return(task=task_a, actor=supervisor, reason="缺少签字页")
    assert task.status == Status.RETURNED
    note = Notification.objects.get(
        recipient=staff_a, kind=NotificationKind.RETURNED, channel="app"
    )
    assert "缺少签字页" in note.body
    services.progress_report(task=task, actor=staff_a, text="已补签字页", percent=90)
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    assert services.task_submit(task=task, actor=staff_a).status == Status.SUBMITTED


def test_decline_goes_back_to_the_office_under_its_own_tab_with_the_reason(
    supervisor: User, head_a: User, dept_a: Department
) -> None:
    task = make_task(supervisor=supervisor, department=dept_a, status=Status.ASSIGNED)
    with pytest.raises(ValidationError):
        services.task_decline(task=task, actor=head_a, reason="")
    task = services.task_decline(task=task, actor=head_a, reason="不属于本处职责")
    # 退办 is its own state (the list's 退办 tab), assignable again like a draft.
    assert task.status == Status.DECLINED and task.responsible is None
    told = Notification.objects.get(kind=NotificationKind.DECLINED, channel="app")
    assert told.recipient == supervisor and told.body == "不属于本处职责"
    event = AuditEvent.objects.get(action="task_decline")
    assert event.after["reason"] == "不属于本处职责"
    assert Action.ASSIGN in task.allowed_actions(supervisor)


# Every action × role on a task in each state: allowed exactly where the rule says.
# Roles: sup (supervisor), lead (leader), head_a (lead division head), staff_a (holder),
# staff_a2 (same division, not named), head_b/staff_b (other division), head_c (co-operating).
EXPECTED: dict[str, dict[str, set[str]]] = {
    Status.DRAFT: {
        "supervisor": {"edit", "assign", "split", "cancel", "comment"},
        "head_a": {"comment"},
        "staff_a": {"comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
    Status.ASSIGNED: {
        "supervisor": {"edit", "split", "cancel", "comment"},
        "head_a": {"acknowledge", "decline", "extend", "comment"},
        "staff_a": {"extend", "comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
    Status.IN_PROGRESS: {
        "supervisor": {"edit", "split", "cancel", "comment"},
        "head_a": {
            "reassign",
            "progress",
            "evidence",
            "withdraw_evidence",
            "submit",
            "extend",
            "comment",
        },
        "staff_a": {"progress", "evidence", "withdraw_evidence", "submit", "extend", "comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
    Status.SUBMITTED: {
        "supervisor": {"approve", "return", "cancel", "comment"},
        "head_a": {"comment"},
        "staff_a": {"comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
    Status.DONE: {
        "supervisor": {"archive", "comment"},
        "head_a": {"comment"},
        "staff_a": {"comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
    Status.CANCELLED: {
        "supervisor": {"comment"},
        "head_a": {"comment"},
        "staff_a": {"comment"},
        "head_c": {"comment"},
        "leader": {"comment"},
        "head_b": set(),
        "staff_b": set(),
    },
}


# The supervision instruments: 催办 by the office and by the head inside the
# division, 领导批示 by the leader, 时间节点 and 定期反馈 set by the office.
for _status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.RETURNED):
    if _status in EXPECTED:
        EXPECTED[_status]["supervisor"] |= {"urge", "add_milestone", "set_feedback"}
        EXPECTED[_status]["head_a"] |= {"urge"}
for _status in EXPECTED:
    if _status not in (Status.DONE, Status.CANCELLED):
        EXPECTED[_status]["leader"] |= {"instruct"}


@pytest.mark.parametrize("status", list(EXPECTED))
def test_allowed_actions_per_role_and_state(
    status: str, roster: dict[str, User], dept_a: Department, dept_c: Department
) -> None:
    responsible = roster["staff_a"] if status != Status.DRAFT else None
    task = make_task(
        supervisor=roster["supervisor"], department=dept_a, status=status, responsible=responsible
    )
    task.cooperating_departments.add(dept_c)
    for name, user in roster.items():
        assert set(task.allowed_actions(user)) == EXPECTED[status][name], (status, name)


def _call(action: str, task: Task, user: User, staff: User, dept: Department) -> object:
    calls = {
        "assign": lambda: services.task_assign(
            task=task, actor=user, lead_department=dept, due_on=dt.date(2022, 12, 1)
        ),
        "acknowledge": lambda: services.task_acknowledge(task=task, actor=user, responsible=staff),
        "decline": lambda: services.task_decline(task=task, actor=user, reason="非本处职责"),
        "submit": lambda: services.task_submit(task=task, actor=user),
        "approve": lambda: services.task_approve(task=task, actor=user, confirm_incomplete=True),
        "return": lambda: services.task_return(task=task, actor=user, reason="补材料"),
        "cancel": lambda: services.task_cancel(task=task, actor=user),
        "archive": lambda: services.task_archive(task=task, actor=user),
        "progress": lambda: services.progress_report(task=task, actor=user, text="x", percent=5),
    }
    return calls[action]()


@pytest.mark.parametrize("status", list(EXPECTED))
@pytest.mark.parametrize(
    "action",
    [
        "assign",
        "acknowledge",
        "decline",
        "submit",
        "approve",
        "return",
        "cancel",
        "archive",
        "progress",
    ],
)
def test_every_transition_legal_and_illegal_per_role(
    status: str,
    action: str,
    roster: dict[str, User],
    dept_a: Department,
    dept_c: Department,
) -> None:
    """Each role tries the action; exactly the allowed ones succeed and a
    refusal changes nothing (status, version, people, dates)."""
    supervisor, staff_a = roster["supervisor"], roster["staff_a"]
    for name, user in roster.items():
        responsible = staff_a if status != Status.DRAFT else None
        task = make_task(
            supervisor=supervisor,
            department=dept_a,
            status=status,
            responsible=responsible,
            require_evidence=False,
        )
        task.cooperating_departments.add(dept_c)
        before = snapshot(task)
        denials = AuditEvent.objects.filter(action="permission_denied").count()
        if action in EXPECTED[status][name]:
            _call(action, task, user, staff_a, dept_a)
            assert snapshot(task) != before, (status, action, name)
        else:
            with pytest.raises(ValidationError) as refused:
                _call(action, task, user, staff_a, dept_a)
            assert "您不能执行" in refused.value.messages[0]
            assert snapshot(task) == before, (status, action, name)
            assert AuditEvent.objects.filter(action="permission_denied").count() == denials + 1


def test_submitter_can_never_approve_their_own_task(
    supervisor: User, dept_a: Department, staff_a: User
) -> None:
    task = make_task(
        supervisor=supervisor,
        department=dept_a,
        status=Status.IN_PROGRESS,
        responsible=supervisor,
        require_evidence=False,
    )
    services.task_submit(task=task, actor=supervisor)
    with pytest.raises(ValidationError, match="办结销号"):
        services.task_approve(task=task, actor=supervisor)
    task.refresh_from_db()
    assert task.status == Status.SUBMITTED


def test_submit_requires_evidence_when_the_task_says_so(
    staff_a: User, task_a: Task, supervisor: User
) -> None:
    with pytest.raises(ValidationError, match="至少上传一份佐证材料"):
        services.task_submit(task=task_a, actor=staff_a)
    task_a.refresh_from_db()
    assert task_a.status == Status.IN_PROGRESS
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("a.pdf")])
    from tracker.evidence.services import evidence_withdraw

    evidence_withdraw(evidence=evidence, actor=staff_a, reason="传错了")
    with pytest.raises(ValidationError, match="至少上传一份佐证材料"):
        services.task_submit(task=task_a, actor=staff_a)


def test_concurrent_edit_second_save_is_refused_with_who_and_when(
    supervisor: User, dept_a: Department
) -> None:
    other = User.objects.create_user(
        "supervisor2", role="supervisor", department=dept_a, full_name="陈督办"
    )
    task = make_task(supervisor=supervisor, department=dept_a)
    seen_by_both = task.version
    with time_machine.travel(dt.datetime(2022, 3, 1, 10, 15, tzinfo=dt.UTC), tick=False):
        services.task_update(
            task=task, actor=other, expected_version=seen_by_both, title="第一人的标题"
        )
    with pytest.raises(ValidationError) as refused:
        services.task_update(
            task=task, actor=supervisor, expected_version=seen_by_both, title="第二人的标题"
        )
    assert (
        refused.value.messages[0] == "该任务已被 陈督办 于 2022-03-01 18:15:00 修改，请刷新后重试。"
    )
    task.refresh_from_db()
    assert task.title == "第一人的标题"
    assert task.version == seen_by_both + 1


def test_acknowledge_names_only_a_person_of_the_lead_division(
    supervisor: User, head_a: User, staff_b: User, dept_a: Department
) -> None:
    task = make_task(supervisor=supervisor, department=dept_a, status=Status.ASSIGNED)
    with pytest.raises(ValidationError, match="牵头单位"):
        services.task_acknowledge(task=task, actor=head_a, responsible=staff_b)
    task.refresh_from_db()
    assert task.status == Status.ASSIGNED


def test_reassign_within_division(
    supervisor: User, head_a: User, staff_a: User, task_a: Task, dept_a: Department
) -> None:
    from tests.conftest import make_user

    colleague = make_user("staff_a2", "staff", dept_a)
    task = services.task_reassign(task=task_a, actor=head_a, responsible=colleague)
    assert task.responsible == colleague
    assert Action.PROGRESS not in task.allowed_actions(staff_a)


def test_extension_request_and_decision(supervisor: User, staff_a: User, task_a: Task) -> None:
    with pytest.raises(ValidationError, match="晚于原完成时限"):
        services.extension_request(
            task=task_a, actor=staff_a, requested_due_on=dt.date(2022, 6, 1), reason="人手不足"
        )
    asked = services.extension_request(
        task=task_a, actor=staff_a, requested_due_on=dt.date(2023, 3, 31), reason="需征求意见"
    )
    # The task the service wrote answers from the request it just added, not from
    # what was read under the lock before it.
    assert Action.EXTEND not in asked.task.allowed_actions(staff_a)
    task_a.refresh_from_db()
    assert Action.EXTEND not in task_a.allowed_actions(staff_a)  # one pending at a time
    assert Action.DECIDE_EXTENSION in task_a.allowed_actions(supervisor)
    decided = services.extension_decide(task=task_a, actor=supervisor, approve=True, note="同意")
    assert Action.DECIDE_EXTENSION not in decided.task.allowed_actions(supervisor)
    assert Action.EXTEND in decided.task.allowed_actions(staff_a)
    task_a.refresh_from_db()
    assert task_a.due_on == dt.date(2023, 3, 31) and task_a.extension_count == 1
    assert ExtensionRequest.objects.get().status == "approved"
    assert Notification.objects.filter(
        recipient=staff_a, kind=NotificationKind.EXTENSION_DECIDED
    ).exists()
    services.extension_request(
        task=task_a, actor=staff_a, requested_due_on=dt.date(2023, 6, 30), reason="再延"
    )
    services.extension_decide(task=task_a, actor=supervisor, approve=False)
    task_a.refresh_from_db()
    assert task_a.due_on == dt.date(2023, 3, 31) and task_a.extension_count == 1


def test_staff_cannot_decide_an_extension(staff_a: User, head_a: User, task_a: Task) -> None:
    services.extension_request(
        task=task_a, actor=staff_a, requested_due_on=dt.date(2023, 3, 31), reason="需征求意见"
    )
    for user in (staff_a, head_a):
        with pytest.raises(ValidationError):
            services.extension_decide(task=task_a, actor=user, approve=True)
    task_a.refresh_from_db()
    assert task_a.extension_count == 0


def test_comment_mentions_notify_only_people_who_see_the_task(
    staff_a: User, head_a: User, staff_b: User, task_a: Task
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="请 @head_a 审阅，抄送 @staff_b")
    assert Notification.objects.filter(recipient=head_a, kind=NotificationKind.MENTIONED).exists()
    assert not Notification.objects.filter(recipient=staff_b).exists()


def test_other_division_cannot_comment(staff_b: User, task_a: Task) -> None:
    with pytest.raises(ValidationError):
        services.comment_add(task=task_a, actor=staff_b, text="看看")
    assert not task_a.comments.exists()


def test_split_into_subtasks_and_rollup(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    head_a: User,
    head_b: User,
    staff_a: User,
    staff_b: User,
) -> None:
    parent = make_task(supervisor=supervisor, department=None)
    children = services.task_split(task=parent, actor=supervisor, departments=[dept_a, dept_b])
    assert [c.lead_department for c in children] == [dept_a, dept_b]
    assert all(c.status == Status.ASSIGNED and c.parent_id == parent.pk for c in children)
    first, second = children
    services.task_acknowledge(task=first, actor=head_a, responsible=staff_a)
    services.task_acknowledge(task=second, actor=head_b, responsible=staff_b)
    services.progress_report(task=first, actor=staff_a, text="完成一半", percent=50)
    services.progress_report(task=second, actor=staff_b, text="全部完成", percent=100)
    parent.refresh_from_db()
    assert parent.progress == 75
    services.task_cancel(task=second, actor=supervisor)
    parent.refresh_from_db()
    assert parent.progress == 50


def test_split_keeps_the_parents_progress_and_history(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    staff_a: User,
    task_a: Task,
    login,
) -> None:
    """Splitting a task that has already been worked on: each sub-task starts where the
    parent stood (the rollup does not drop it to 0) and shows the parent's reports."""
    services.progress_report(task=task_a, actor=staff_a, text="已完成调研", percent=20)
    services.progress_report(task=task_a, actor=staff_a, text="起草初稿", percent=40)
    children = services.task_split(task=task_a, actor=supervisor, departments=[dept_a, dept_b])
    task_a.refresh_from_db()
    assert task_a.progress == 40
    assert [c.progress for c in children] == [40, 40]
    assert task_a.progress_updates.count() == 2  # the reports stay with the parent
    page = login(supervisor).get(f"/tasks/{children[1].pk}/").content.decode()
    assert "拆分前的进展" in page
    assert page.index("已完成调研") < page.index("起草初稿")
    # A report made on the parent after the split is not history of the sub-task.
    task_a.progress_updates.create(
        author=staff_a,
        text="拆分后另报",
        percent=45,
        created_at=children[1].created_at + dt.timedelta(seconds=1),
    )
    page = login(supervisor).get(f"/tasks/{children[1].pk}/").content.decode()
    assert "拆分后另报" not in page


def test_non_supervisor_cannot_create(head_a: User) -> None:
    with pytest.raises(ValidationError, match="只有督办管理员"):
        services.task_create(actor=head_a, title="x")
    assert not Task.objects.exists()


def test_progress_percent_must_be_0_to_100(staff_a: User, task_a: Task) -> None:
    for bad in (-1, 101, "abc"):
        with pytest.raises(ValidationError, match="0 到 100"):
            services.progress_report(task=task_a, actor=staff_a, text="x", percent=bad)
    assert not task_a.progress_updates.exists()


def test_progress_with_files_stores_them_on_the_update(staff_a: User, task_a: Task) -> None:
    update = services.progress_report(
        task=task_a, actor=staff_a, text="附件见", percent=30, files=[upload("x.pdf", PDF)]
    )
    assert update.evidence.count() == 1
