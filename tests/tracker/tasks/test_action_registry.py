"""The one registry of task actions: the page and the API read the same
entries, and the common part of every service is ``task_transition``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.tracker.workflow_helpers import make_task
from tracker.audit.models import AuditEvent
from tracker.org.models import Department, User
from tracker.tasks import actions, services
from tracker.tasks.api import TaskViewSet
from tracker.tasks.models import Action, Status, Task

pytestmark = pytest.mark.django_db


def test_every_task_action_is_declared_once() -> None:
    # Editing has its own page and form (the whole task); uploading evidence
    # streams files through its own view. Everything else is in the registry.
    assert set(actions.ACTIONS) == {a.value for a in Action} - {Action.EDIT, Action.EVIDENCE}
    for name, entry in actions.ACTIONS.items():
        assert entry.name == name and entry.label == Action(name).label
        assert entry.done, name


def test_the_api_has_one_endpoint_per_registry_entry(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    extra = {a.url_path for a in TaskViewSet.get_extra_actions() if a.detail}
    declared = {e.api_path for e in actions.ACTIONS.values() if e.api_path is not None}
    assert declared <= extra
    assert extra - declared == {"progress", "evidence"}  # multipart, with files
    schema = login(supervisor).get("/api/v1/schema/?format=json").json()
    for entry in actions.ACTIONS.values():
        if entry.api_path is None:
            continue
        operation = schema["paths"][f"/api/v1/tasks/{{id}}/{entry.api_path}/"]["post"]
        assert entry.label in operation["description"]
        if entry.serializer is not None:
            body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert body.endswith("/" + entry.serializer.__name__.removesuffix("Serializer"))


@pytest.mark.parametrize("channel", ["page", "api"])
def test_page_and_api_call_the_service_the_registry_names(
    channel: str,
    monkeypatch: pytest.MonkeyPatch,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    login: Callable[[User], Client],
) -> None:
    """Swap the service of one entry: both the page and the API now call the
    new one, with the fields mapped as the entry says (cancel: note → reason)."""
    calls: list[dict[str, Any]] = []

    def recorder(**kwargs: Any) -> Task:
        calls.append(kwargs)
        return kwargs["task"]

    entry = actions.ACTIONS["cancel"]
    monkeypatch.setitem(actions.ACTIONS, "cancel", dataclasses.replace(entry, service=recorder))
    task = make_task(supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS)
    client = login(supervisor)
    payload = {"note": "上级决定不再推进", "version": task.version}
    if channel == "page":
        response = client.post(f"/tasks/{task.pk}/do/cancel/", payload)
        assert response.status_code == 302
    else:
        response = client.post(
            f"/api/v1/tasks/{task.pk}/cancel/", payload, content_type="application/json"
        )
        assert response.status_code == 200
    assert len(calls) == 1
    call = calls[0]
    assert call["task"].pk == task.pk and call["actor"] == supervisor
    assert call["reason"] == "上级决定不再推进"
    assert call["expected_version"] == task.version
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS  # the recorder changed nothing


def test_the_task_page_offers_exactly_the_allowed_actions(
    supervisor: User, head_a: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    task = make_task(supervisor=supervisor, department=dept_a, status=Status.ASSIGNED)
    html = login(head_a).get(f"/tasks/{task.pk}/").content.decode()
    allowed = set(task.allowed_actions(head_a))
    assert {"acknowledge", "decline", "extend", "comment"} <= allowed
    for name in set(actions.ACTIONS) - {"progress", "withdraw_evidence"}:  # posted elsewhere
        offered = f"/tasks/{task.pk}/do/{name}/" in html
        assert offered == (name in allowed), name


def test_an_unknown_action_is_a_404(
    supervisor: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    assert login(supervisor).post(f"/tasks/{task_a.pk}/do/nothing/", {}).status_code == 404


def test_withdrawing_another_tasks_evidence_through_the_page_is_a_404(
    supervisor: User, staff_a: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    from tests.tracker.workflow_helpers import upload
    from tracker.evidence.services import evidence_upload

    mine = make_task(
        supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS, responsible=staff_a
    )
    other = make_task(
        supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS, responsible=staff_a
    )
    [evidence] = evidence_upload(task=other, actor=staff_a, files=[upload("a.pdf")])
    response = login(staff_a).post(
        f"/tasks/{mine.pk}/do/withdraw_evidence/", {"evidence": evidence.pk, "reason": "错传"}
    )
    assert response.status_code == 404
    evidence.refresh_from_db()
    assert not evidence.is_withdrawn


# -- task_transition ------------------------------------------------------------


def test_transition_saves_audits_and_bumps_the_version(supervisor: User, task_a: Task) -> None:
    version = task_a.version
    with services.task_transition(
        task=task_a, actor=supervisor, action=Action.CANCEL, audit_action="task_cancel"
    ) as change:
        change.task.status = Status.CANCELLED
        change.save("status", extra={"reason": "测试"})
    task_a.refresh_from_db()
    assert task_a.status == Status.CANCELLED and task_a.version == version + 1
    event = AuditEvent.objects.get(action="task_cancel")
    assert event.before["status"] == Status.IN_PROGRESS
    assert event.after["status"] == Status.CANCELLED and event.after["reason"] == "测试"


def test_transition_rolls_everything_back_when_the_body_fails(
    supervisor: User, task_a: Task
) -> None:
    version = task_a.version
    with pytest.raises(ValidationError, match="不行"):
        with services.task_transition(
            task=task_a, actor=supervisor, action=Action.CANCEL, audit_action="task_cancel"
        ) as change:
            change.task.status = Status.CANCELLED
            change.save("status")
            raise ValidationError("不行")
    task_a.refresh_from_db()
    assert task_a.status == Status.IN_PROGRESS and task_a.version == version
    assert not AuditEvent.objects.filter(action="task_cancel").exists()


def test_transition_refuses_and_audits_an_action_not_allowed(
    staff_b: User, staff_a: User, task_a: Task
) -> None:
    with pytest.raises(services.ActionNotAllowed):
        with services.task_transition(
            task=task_a, actor=staff_a, action=Action.CANCEL, audit_action="task_cancel"
        ):
            pytest.fail("the body must not run")
    denied = AuditEvent.objects.get(action="permission_denied", actor=staff_a)
    assert denied.after["attempted"] == "cancel"


def test_transition_refuses_a_stale_version(supervisor: User, task_a: Task) -> None:
    with pytest.raises(services.StaleVersion, match="请刷新后重试"):
        with services.task_transition(
            task=task_a,
            actor=supervisor,
            action=Action.CANCEL,
            audit_action="task_cancel",
            expected_version=task_a.version - 1,
        ):
            pytest.fail("the body must not run")


def test_transition_insists_that_the_body_saves_or_records(supervisor: User, task_a: Task) -> None:
    with pytest.raises(RuntimeError, match="neither saved nor recorded"):
        with services.task_transition(
            task=task_a, actor=supervisor, action=Action.CANCEL, audit_action="task_cancel"
        ):
            pass
    task_a.refresh_from_db()
    assert task_a.status == Status.IN_PROGRESS
