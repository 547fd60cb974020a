"""本处人员: a division head adds, changes, stops and restarts the 承办人 of the
division, handing their tasks in progress to a colleague — and reaches nobody
else: not another division's people, not heads, not the office."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import PASSWORD, make_user
from tests.tracker.workflow_helpers import make_task
from tracker.audit.models import AuditEvent
from tracker.org.models import Department, Role, User
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
NEW_PERSON = {
    "username": "zhao",
    "full_name": "赵六",
    "title": "科员",
    "phone": "13800000000",
    "email": "",
    "password": "Xk9#mq2Lw!7pR",
}


def test_head_adds_a_person_to_own_division_only(
    login: Login, head_a: User, dept_a: Department, dept_b: Department
) -> None:
    client = login(head_a)
    page = client.get("/division/people/").content.decode()
    assert "本处人员" in page and "新增承办人" in page
    form = client.get("/division/people/new/").content.decode()
    assert dept_a.name in form and dept_b.name not in form
    # Another division, or a role above staff, is not to be had by editing the POST.
    refused = client.post(
        "/division/people/new/", NEW_PERSON | {"department": str(dept_b.pk), "role": "supervisor"}
    )
    assert "选择一个有效的选项" in refused.content.decode()
    assert not User.objects.filter(username="zhao").exists()
    created = client.post(
        "/division/people/new/", NEW_PERSON | {"department": str(dept_a.pk), "role": "supervisor"}
    )
    assert created.status_code == 302
    zhao = User.objects.get(username="zhao")
    assert (zhao.role, zhao.department, zhao.is_active) == (Role.STAFF, dept_a, True)
    assert zhao.check_password("Xk9#mq2Lw!7pR")
    event = AuditEvent.objects.filter(action="person_save").latest("id")
    assert event.actor == head_a and "Xk9#mq2Lw!7pR" not in str(event.after)


def test_head_stops_an_account_after_handing_over_its_tasks(
    login: Login,
    supervisor: User,
    head_a: User,
    staff_a: User,
    dept_a: Department,
) -> None:
    colleague = make_user("sun", Role.STAFF, dept_a, full_name="孙七")
    working = make_task(
        supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS, responsible=staff_a
    )
    returned = make_task(
        supervisor=supervisor, department=dept_a, status=Status.RETURNED, responsible=staff_a
    )
    waiting = make_task(
        supervisor=supervisor, department=dept_a, status=Status.SUBMITTED, responsible=staff_a
    )
    client = login(head_a)
    page = client.get(f"/division/people/{staff_a.pk}/").content.decode()
    assert "2 项在办任务将交给接手的同事" in page and "正在审核" in page

    # Without a successor nothing changes.
    client.post(f"/division/people/{staff_a.pk}/deactivate/", {"successor": ""})
    staff_a.refresh_from_db()
    assert staff_a.is_active
    assert set(Task.objects.filter(responsible=staff_a).values_list("pk", flat=True)) == {
        working.pk,
        returned.pk,
        waiting.pk,
    }
    message = client.get(f"/division/people/{staff_a.pk}/").content.decode()
    assert "请选择接手的同事" in message

    done = client.post(f"/division/people/{staff_a.pk}/deactivate/", {"successor": colleague.pk})
    assert done.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert set(Task.objects.filter(responsible=colleague).values_list("pk", flat=True)) == {
        working.pk,
        returned.pk,
    }
    assert Task.objects.get(pk=waiting.pk).responsible == staff_a  # stays until reviewed
    assert AuditEvent.objects.filter(action="task_reassign", actor=head_a).count() == 2
    stop = AuditEvent.objects.get(action="person_deactivate")
    assert set(stop.after["tasks_handed_over"]) == {working.pk, returned.pk}
    audit = login(supervisor).get("/audit/").content.decode()
    assert "停用了“" in audit and "2 项在办任务交给孙七" in audit
    # A stopped account is logged out and cannot log in.
    assert login(staff_a).get("/").status_code == 302
    refused = Client().post("/login/", {"username": staff_a.username, "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session

    client.post(f"/division/people/{staff_a.pk}/activate/")
    staff_a.refresh_from_db()
    assert staff_a.is_active


def test_another_division_head_reaches_nobody_here(
    login: Login,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    leader: User,
    dept_a: Department,
) -> None:
    task = make_task(
        supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS, responsible=staff_a
    )
    other = login(head_b)
    assert staff_a.display_name not in other.get("/division/people/").content.decode()
    for path in (f"/division/people/{staff_a.pk}/",):
        assert other.get(path).status_code == 404
        assert (
            other.post(path, {"full_name": "改名", "department": str(dept_a.pk)}).status_code == 404
        )
    assert (
        other.post(
            f"/division/people/{staff_a.pk}/deactivate/", {"successor": staff_b.pk}
        ).status_code
        == 404
    )
    staff_a.refresh_from_db()
    assert staff_a.is_active and staff_a.full_name != "改名"
    assert Task.objects.get(pk=task.pk).responsible == staff_a

    # Inside the division: the head's own account, other heads and the office are not the head's.
    mine = login(head_a)
    for person in (head_a, supervisor, leader, head_b):
        assert mine.get(f"/division/people/{person.pk}/").status_code == 404
        assert mine.post(f"/division/people/{person.pk}/deactivate/").status_code == 404
        person.refresh_from_db()
        assert person.is_active

    # Handing tasks to somebody of another division is refused and changes nothing.
    mine.post(f"/division/people/{staff_a.pk}/deactivate/", {"successor": staff_b.pk})
    staff_a.refresh_from_db()
    assert staff_a.is_active and Task.objects.get(pk=task.pk).responsible == staff_a

    # Not a head: 403, written to the audit trail.
    for user in (staff_a, supervisor, leader):
        assert login(user).get("/division/people/").status_code == 403
        assert login(user).post(f"/division/people/{staff_a.pk}/deactivate/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", actor=staff_a).exists()
