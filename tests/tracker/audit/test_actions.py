"""One enumeration of audit actions (``AuditAction``): every event the code
records names one, the audit page's menu offers them in Chinese, and the
sentences of the audit page have a verb for each."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.sentences import VERBS, audit_sentence
from tracker.audit.services import audit_record
from tracker.org.models import User
from tracker.tasks.models import Task

ROOT = Path(__file__).resolve().parents[3]
# Calls whose keyword names the audit action to record.
RECORDERS = {"audit_record", "task_transition", "setting_save", "TaskChange"}


def _string_actions(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in RECORDERS:
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg in {"action", "audit_action"} and (
                isinstance(value, ast.Constant) and isinstance(value.value, str)
            ):
                found.append(f"{name}:{keyword.value.value}")
    return found


def test_every_recorded_action_is_named_from_the_enumeration() -> None:
    offenders = {}
    for package in ("tracker", "plans"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found = _string_actions(ast.parse(path.read_text(encoding="utf-8")))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
    # The check sees a bare string where there is one.
    assert _string_actions(ast.parse('audit_record(action="task_urge")')) == [
        "audit_record:task_urge"
    ]


def test_every_action_has_a_label_and_a_verb() -> None:
    assert set(VERBS) == set(AuditAction)
    labels = [str(label) for label in AuditAction.labels]
    assert len(set(labels)) == len(labels)  # two actions never read the same
    for action in AuditAction:
        assert str(action.label) and str(action.label) != action.value
        assert not str(VERBS[action]).isascii()


@pytest.mark.django_db
def test_the_audit_page_reads_the_newer_actions(
    login: Callable[[User], Client], supervisor: User, task_a: Task
) -> None:
    audit_record(action=AuditAction.TASK_URGE, actor=supervisor, obj=task_a)
    audit_record(action=AuditAction.HOLIDAY_DELETE, actor=supervisor, object_repr="2023-01-02")
    html = login(supervisor).get("/audit/").content.decode()
    assert f"催办了《{task_a.title}》" in html
    assert "删除了节假日“2023-01-02”" in html
    # The action menu filters by the stored value.
    only = login(supervisor).get("/audit/", {"action": "task_urge"}).content.decode()
    assert "催办了" in only and "删除了节假日" not in only


@pytest.mark.django_db
def test_an_action_no_longer_in_the_enumeration_still_reads(supervisor: User) -> None:
    """Old rows keep their stored names; an unknown one is shown as it was stored."""
    event = audit_record(action="retired_action", actor=supervisor)  # type: ignore[arg-type]
    assert AuditEvent.objects.get(pk=event.pk).action_label == "retired_action"
    assert "进行了操作“retired_action”" in audit_sentence(event)
