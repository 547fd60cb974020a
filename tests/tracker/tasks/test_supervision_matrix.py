"""The permission matrix for the 督办 instruments and the other actions the first matrix
(test_permission_matrix.py) does not list: every role × page and API, with the exact
outcome, and nothing changed where refused.

Task led by division A, held by staff_a, co-operated by division C; head_b/staff_b are
another division and must get 404 (the task is not even shown to them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.tracker.workflow_helpers import make_task
from tracker.org.models import Department, User
from tracker.supervision.models import Milestone
from tracker.tasks.models import ExtensionRequest, Status, Task

pytestmark = pytest.mark.django_db

ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_b", "staff_b", "head_c"]
INVISIBLE = {"head_b", "staff_b"}
T0 = dt.datetime(2022, 3, 1, 2, 0, tzinfo=dt.UTC)

# page action name → (API path, status of the task, roles allowed)
MATRIX: dict[str, tuple[str, str, set[str]]] = {
    "urge": ("urge", Status.IN_PROGRESS, {"supervisor", "head_a"}),
    "instruct": ("instruct", Status.IN_PROGRESS, {"leader"}),
    "add_milestone": ("milestones", Status.IN_PROGRESS, {"supervisor"}),
    "complete_milestone": ("milestone-complete", Status.IN_PROGRESS, {"head_a", "staff_a"}),
    "set_feedback": ("feedback", Status.IN_PROGRESS, {"supervisor"}),
    "division_approve": ("division-approve", Status.DIVISION_REVIEW, {"head_a"}),
    "division_return": ("division-return", Status.DIVISION_REVIEW, {"head_a"}),
    "split": ("split", Status.IN_PROGRESS, {"supervisor"}),
    "decide_extension": ("extension-decide", Status.IN_PROGRESS, {"supervisor"}),
    "archive": ("archive", Status.DONE, {"supervisor"}),
}


def payload(action: str, task: Task, dept_a: Department, dept_c: Department) -> dict[str, Any]:
    milestone = task.milestones.first()  # type: ignore[attr-defined]
    return {
        "urge": {"message": "请加快进度"},
        "instruct": {"text": "抓紧推进", "kind": "handle", "report_due_on": "2022-03-31"},
        "add_milestone": {"title": "完成初稿", "due_on": "2022-06-30"},
        "complete_milestone": {"milestone": milestone.pk if milestone else 0, "note": "已完成"},
        "set_feedback": {"cycle": "monthly", "day": 5},
        "division_approve": {"note": "同意", "version": task.version},
        "division_return": {"reason": "材料不全", "version": task.version},
        "split": {"departments": [dept_a.pk, dept_c.pk]},
        "decide_extension": {"approve": True, "note": "同意"},
        "archive": {},
    }[action]


def state(task: Task) -> tuple:
    task.refresh_from_db()
    return (
        task.status,
        task.version,
        task.urge_count,
        task.archived_at,
        task.due_on,
        task.next_milestone_on,
        task.instructions.count(),  # type: ignore[attr-defined]
        task.milestones.filter(completed_at__isnull=False).count(),  # type: ignore[attr-defined]
        task.milestones.count(),  # type: ignore[attr-defined]
        Task.objects.filter(parent=task).count(),
        getattr(getattr(task, "reminder_policy", None), "report_cycle", None),
        task.extension_requests.filter(status="pending").count(),
    )


@time_machine.travel(T0, tick=False)
@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(
    channel: str,
    action: str,
    role: str,
    request: pytest.FixtureRequest,
    settings: Any,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    settings.DIVISION_REVIEW = True
    user: User = request.getfixturevalue(role)
    api_path, status, allowed = MATRIX[action]
    task = make_task(
        supervisor=supervisor,
        department=dept_a,
        status=status,
        responsible=staff_a,
        require_evidence=False,
        submitted_by=staff_a if status == Status.DIVISION_REVIEW else None,
        completed_at=T0 if status == Status.DONE else None,
    )
    task.cooperating_departments.add(dept_c)
    if action == "complete_milestone":
        Milestone.objects.create(task=task, title="完成初稿", due_on=dt.date(2022, 6, 30))
        Task.objects.filter(pk=task.pk).update(next_milestone_on=dt.date(2022, 6, 30))
    if action == "decide_extension":
        ExtensionRequest.objects.create(
            task=task,
            requested_by=staff_a,
            requested_due_on=dt.date(2023, 3, 31),
            reason="需征求意见",
        )
    before = state(task)
    client = login(user)
    data = payload(action, task, dept_a, dept_c)
    if channel == "page":
        if action == "decide_extension":
            data = data | {"approve": "1"}
        response = client.post(f"/tasks/{task.pk}/do/{action}/", data)
        expected = 404 if role in INVISIBLE else 302 if role in allowed else 400
    else:
        response = client.post(
            f"/api/v1/tasks/{task.pk}/{api_path}/", data, content_type="application/json"
        )
        created = 201 if action == "split" else 200
        expected = 404 if role in INVISIBLE else created if role in allowed else 403
    body = response.content.decode()[:400]
    assert response.status_code == expected, body
    if channel == "api" and expected not in (200, 201):
        detail = response.json()["detail"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail
    if role in allowed:
        assert state(task) != before
    else:
        assert state(task) == before
