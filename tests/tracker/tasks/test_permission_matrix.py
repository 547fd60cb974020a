"""The permission matrix, for the pages AND the API: each role × own / other /
co-operating department × each action, with the exact outcome, and nothing
changed where refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.tracker.workflow_helpers import make_task
from tracker.audit.models import AuditEvent
from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db

# who: the fixture; relation to the task (led by division A, co-operated by C)
ROLES = ["supervisor", "leader", "head_a", "staff_a", "head_b", "staff_b", "head_c"]
INVISIBLE = {"head_b", "staff_b"}

# action → (status the task is in, the roles that may do it)
MATRIX: dict[str, tuple[str, set[str]]] = {
    "assign": (Status.DRAFT, {"supervisor"}),
    "acknowledge": (Status.ASSIGNED, {"head_a"}),
    "decline": (Status.ASSIGNED, {"head_a"}),
    "submit": (Status.IN_PROGRESS, {"head_a", "staff_a"}),
    "approve": (Status.SUBMITTED, {"supervisor"}),
    "return": (Status.SUBMITTED, {"supervisor"}),
    "cancel": (Status.IN_PROGRESS, {"supervisor"}),
    "extend": (Status.IN_PROGRESS, {"head_a", "staff_a"}),
    "progress": (Status.IN_PROGRESS, {"head_a", "staff_a"}),
    "comment": (Status.IN_PROGRESS, {"supervisor", "leader", "head_a", "staff_a", "head_c"}),
}


def page_payload(action: str, dept_a: Department, staff_a: User, task: Task) -> dict[str, Any]:
    return {
        "assign": {"lead_department": dept_a.pk, "due_on": "2022-11-30", "version": task.version},
        "acknowledge": {"responsible": staff_a.pk, "version": task.version},
        "decline": {"reason": "不属于本处职责", "version": task.version},
        "submit": {"version": task.version},
        "approve": {"note": "同意", "confirm_incomplete": "on", "version": task.version},
        "return": {"reason": "补充材料", "version": task.version},
        "cancel": {"note": "工作调整，不再执行", "version": task.version},
        "extend": {"requested_due_on": "2023-03-31", "reason": "需征求意见"},
        "progress": {"text": "已开展调研", "percent": "40"},
        "comment": {"text": "请抓紧办理"},
    }[action]


def api_call(client: Client, action: str, task: Task, payload: dict[str, Any]) -> Any:
    paths = {
        "return": "return",
        "comment": "comments",
        "progress": "progress",
    }
    url = f"/api/v1/tasks/{task.pk}/{paths.get(action, action)}/"
    if action == "assign":
        payload = payload | {"cooperating_departments": []}
    if action == "progress":
        payload = {"text": payload["text"], "percent": int(payload["percent"])}
    if action == "approve":
        payload = payload | {"confirm_incomplete": True}
    return client.post(url, payload, content_type="application/json")


def state(task: Task) -> tuple:
    task.refresh_from_db()
    return (
        task.status,
        task.version,
        task.responsible_id,
        task.due_on,
        task.progress,
        task.comments.count(),
        task.extension_requests.count(),
        task.progress_updates.count(),
        task.reviews.count(),
    )


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(
    channel: str,
    action: str,
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    user: User = request.getfixturevalue(role)
    status, allowed = MATRIX[action]
    task = make_task(
        supervisor=supervisor,
        department=dept_a,
        status=status,
        responsible=None if status in (Status.DRAFT, Status.ASSIGNED) else staff_a,
        require_evidence=False,
        submitted_by=staff_a if status == Status.SUBMITTED else None,
    )
    task.cooperating_departments.add(dept_c)
    before = state(task)
    client = login(user)
    payload = page_payload(action, dept_a, staff_a, task)
    if channel == "page":
        if action == "progress":
            url = f"/tasks/{task.pk}/evidence/"
        else:
            url = f"/tasks/{task.pk}/do/{action}/"
        response = client.post(url, payload)
        if role in INVISIBLE:
            expected = 404
        elif role in allowed:
            expected = 302
        else:
            expected = 302 if action == "progress" else 400
        assert response.status_code == expected, response.content.decode()[:300]
    else:
        response = api_call(client, action, task, payload)
        if role in INVISIBLE:
            expected = 404
        elif role in allowed:
            expected = 201 if action in ("comment", "progress") else 200
        else:
            expected = 403
        assert response.status_code == expected, response.content.decode()[:300]
        if expected != 200 and expected != 201:
            assert response.json()["detail"]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    if role in allowed:
        assert state(task) != before
    else:
        assert state(task) == before


@pytest.mark.parametrize("role", ROLES)
def test_view_and_list_per_role(
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    user: User = request.getfixturevalue(role)
    task = make_task(
        supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS, responsible=staff_a
    )
    task.cooperating_departments.add(dept_c)
    client = login(user)
    visible = role not in INVISIBLE
    assert client.get(f"/tasks/{task.pk}/").status_code == (200 if visible else 404)
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == (200 if visible else 404)
    assert client.get(f"/api/v1/tasks/{task.pk}/progress/").status_code == (200 if visible else 404)
    listing = client.get("/tasks/").content.decode()  # the default tab of each role
    assert (task.title in listing) == visible
    api_ids = [row["id"] for row in client.get("/api/v1/tasks/").json()["results"]]
    assert (task.pk in api_ids) == visible
    for scope in ("mine", "division", "all"):
        assert (task.title in client.get(f"/tasks/?scope={scope}").content.decode()) <= visible


def test_edit_page_is_for_supervisors_only(
    supervisor: User, head_a: User, staff_b: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    assert login(supervisor).get(f"/tasks/{task_a.pk}/edit/").status_code == 200
    assert login(head_a).get(f"/tasks/{task_a.pk}/edit/").status_code == 403
    assert login(staff_b).get(f"/tasks/{task_a.pk}/edit/").status_code == 404
    assert login(head_a).get("/tasks/new/").status_code == 403
    response = login(head_a).post("/api/v1/tasks/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not Task.objects.filter(title="x").exists()
    denied = AuditEvent.objects.filter(action="permission_denied", actor=head_a)
    assert {e.after["attempted"] for e in denied} >= {"edit", "create"}


def test_create_and_edit_through_the_page(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    response = client.post(
        "/tasks/new/",
        {
            "title": "开展执法案卷评查",
            "kind": "adhoc",
            "priority": 2,
            "lead_department": dept_a.pk,
            "due_on": "2022-09-30",
            "require_evidence": "on",
        },
    )
    task = Task.objects.get(title="开展执法案卷评查")
    assert response.status_code == 302 and task.status == Status.DRAFT
    stale = task.version
    form = {
        "title": "开展执法案卷评查（修订）",
        "kind": "adhoc",
        "priority": 3,
        "lead_department": dept_a.pk,
        "due_on": "2022-10-31",
        "version": stale,
    }
    assert client.post(f"/tasks/{task.pk}/edit/", form).status_code == 302
    again = client.post(f"/tasks/{task.pk}/edit/", form | {"title": "丢失的修改"})
    assert again.status_code == 200
    assert "该任务已被 王督办 于" in again.content.decode()
    task.refresh_from_db()
    assert task.title == "开展执法案卷评查（修订）" and task.due_on == dt.date(2022, 10, 31)


@pytest.mark.parametrize(
    ("status", "editable"),
    [(Status.DRAFT, True), (Status.DECLINED, True), (Status.ASSIGNED, False)],
)
def test_lead_department_is_chosen_only_until_assignment(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    login: Callable[[User], Client],
    status: str,
    editable: bool,
) -> None:
    """One rule (Task.lead_department_editable) for the edit page's field and the service."""
    task = make_task(supervisor=supervisor, department=dept_a, status=status)
    client = login(supervisor)
    page = client.get(f"/tasks/{task.pk}/edit/").content.decode()
    before, after = page.split('name="lead_department"')
    tag = before.rsplit("<select", 1)[1] + after.split(">", 1)[0]
    assert ("disabled" in tag) is not editable
    form = {
        "title": task.title,
        "kind": task.kind,
        "priority": task.priority,
        "lead_department": dept_b.pk,
        "due_on": "2022-12-31",
        "version": task.version,
    }
    assert client.post(f"/tasks/{task.pk}/edit/", form).status_code == 302
    task.refresh_from_db()
    assert task.lead_department == (dept_b if editable else dept_a)


def test_api_update_needs_the_current_version(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    task = make_task(supervisor=supervisor, department=dept_a)
    client = login(supervisor)
    url = f"/api/v1/tasks/{task.pk}/"
    ok = client.patch(
        url, {"title": "新标题", "version": task.version}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == task.version + 1
    stale = client.patch(
        url, {"title": "旧页面", "version": task.version}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert "请刷新后重试" in stale.json()["detail"]
    task.refresh_from_db()
    assert task.title == "新标题"


def test_bulk_assign_page_and_api(
    supervisor: User, head_a: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    tasks = [make_task(supervisor=supervisor, department=None, title=f"任务{i}") for i in range(3)]
    response = login(supervisor).post(
        "/tasks/bulk-assign/",
        {"tasks": [t.pk for t in tasks[:2]], "lead_department": dept_a.pk, "due_on": "2022-12-01"},
    )
    assert response.status_code == 302
    assert [Task.objects.get(pk=t.pk).status for t in tasks] == ["assigned", "assigned", "draft"]
    api = login(supervisor).post(
        "/api/v1/tasks/bulk-assign/",
        {"tasks": [tasks[2].pk], "lead_department": dept_a.pk, "due_on": "2022-12-01"},
        content_type="application/json",
    )
    assert api.status_code == 200
    # A head cannot bulk assign, and an already assigned task refuses the whole batch.
    assert login(head_a).post("/tasks/bulk-assign/", {"tasks": [tasks[0].pk]}).status_code == 403
    fresh = make_task(supervisor=supervisor, department=None, title="新任务")
    again = login(supervisor).post(
        "/api/v1/tasks/bulk-assign/",
        {"tasks": [fresh.pk, tasks[0].pk], "lead_department": dept_a.pk, "due_on": "2022-12-01"},
        content_type="application/json",
    )
    assert again.status_code == 403
    fresh.refresh_from_db()
    assert fresh.status == Status.DRAFT


def test_api_departments_users_scoped(
    supervisor: User, staff_a: User, staff_b: User, login: Callable[[User], Client]
) -> None:
    names = {u["username"] for u in login(staff_a).get("/api/v1/users/").json()["results"]}
    assert "staff_b" not in names and "staff_a" in names
    names = {u["username"] for u in login(supervisor).get("/api/v1/users/").json()["results"]}
    assert {"staff_a", "staff_b"} <= names
    assert login(staff_a).get("/api/v1/departments/").status_code == 200
    assert Client().get("/api/v1/tasks/").status_code in (401, 403)


def test_api_schema_documents_the_actions(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    schema = login(supervisor).get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/tasks/{id}/assign/",
        "/api/v1/tasks/{id}/acknowledge/",
        "/api/v1/tasks/{id}/decline/",
        "/api/v1/tasks/{id}/submit/",
        "/api/v1/tasks/{id}/approve/",
        "/api/v1/tasks/{id}/return/",
        "/api/v1/tasks/{id}/cancel/",
        "/api/v1/tasks/{id}/extend/",
        "/api/v1/tasks/{id}/extension-decide/",
        "/api/v1/tasks/{id}/split/",
        "/api/v1/tasks/{id}/progress/",
        "/api/v1/tasks/{id}/evidence/",
        "/api/v1/evidence/{id}/download/",
        "/api/v1/audit/",
        "/api/v1/departments/",
        "/api/v1/users/",
    ):
        assert path in schema["paths"], path


def test_bulk_assign_does_not_redirect_off_site(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    task = make_task(supervisor=supervisor, department=None)
    response = login(supervisor).post(
        "/tasks/bulk-assign/",
        {
            "tasks": [task.pk],
            "lead_department": dept_a.pk,
            "due_on": "2022-12-01",
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == "/tasks/"


def test_leader_comment_is_an_instruction(
    leader: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    login(leader).post(f"/tasks/{task_a.pk}/do/comment/", {"text": "要按期完成"})
    comment = task_a.comments.get()
    assert comment.is_instruction
    assert "【领导批示】要按期完成" in login(leader).get(f"/tasks/{task_a.pk}/").content.decode()


# Who sees a report (Report.objects.visible_to): R1 has a task of division A
# (co-operated by C) and one of division B; R2 only a task of division A.
REPORT_ITEMS = {
    "supervisor": ({"A", "B"}, {"A2"}),
    "leader": ({"A", "B"}, {"A2"}),
    "head_a": ({"A"}, {"A2"}),
    "staff_a": ({"A"}, {"A2"}),
    "head_c": ({"A"}, None),
    "head_b": ({"B"}, None),
    "staff_b": ({"B"}, None),
}


@pytest.mark.parametrize("role", ROLES)
def test_report_visibility_is_one_rule_for_pages_and_api(
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    from plans.models import ItemKind, PlanItem, Report

    def report_with(name: str, tasks: dict[str, Department]) -> tuple[Report, dict[int, str]]:
        report = Report.objects.create(title=name, content_sha256=name * 8, plan_year=2022)
        ids = {}
        for order, (key, department) in enumerate(tasks.items()):
            item = PlanItem.objects.create(
                report=report, kind=ItemKind.PLAN, title=f"条目{key}", order=order
            )
            task = make_task(
                supervisor=supervisor,
                department=department,
                status=Status.IN_PROGRESS,
                title=f"任务{key}",
                report=report,
                source_item=item,
            )
            if key == "A":
                task.cooperating_departments.add(dept_c)
            ids[task.pk] = key
        return report, ids

    first, first_tasks = report_with("R1", {"A": dept_a, "B": dept_b})
    second, second_tasks = report_with("R2", {"A2": dept_a})
    user: User = request.getfixturevalue(role)
    client = login(user)
    listed = {row["id"] for row in client.get("/api/v1/reports/").json()["results"]}
    for report, task_keys, expected in (
        (first, first_tasks, REPORT_ITEMS[role][0]),
        (second, second_tasks, REPORT_ITEMS[role][1]),
    ):
        visible = expected is not None
        status = 200 if visible else 404
        assert client.get(f"/reports/{report.pk}/").status_code == status
        assert client.get(f"/reports/{report.pk}/draft.docx").status_code == status
        assert client.get(f"/api/v1/exports/report-draft/{report.pk}.docx").status_code == status
        detail = client.get(f"/api/v1/reports/{report.pk}/")
        assert detail.status_code == status
        assert (report.pk in listed) == visible
        dashboard = client.get("/dashboard/", {"report": report.pk}).content.decode()
        assert ("所选报告不存在" not in dashboard) == visible
        if visible:
            body = detail.json()
            assert {item["title"][2:] for item in body["items"]} == expected
            assert {task_keys[pk] for pk in body["task_ids"]} == expected
            page = client.get(f"/reports/{report.pk}/").content.decode()
            for pk, key in task_keys.items():
                assert (f'href="/tasks/{pk}/"' in page) == (key in expected)
