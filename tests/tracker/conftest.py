"""Fixtures shared by the tracker tests."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from plans.models import Report
from tests.conftest import make_user
from tests.tracker.reporting_data import NOW, Scenario, make_scenario
from tracker.org.models import Department, Role, User
from tracker.tasks import prepared
from tracker.tasks.api_pagination import TaskKeysetPagination
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, Kind, Status, Task

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the prepared lists are PostgreSQL's"
)


@pytest.fixture
def scenario(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    staff_a: User,
    staff_b: User,
) -> Scenario:
    return make_scenario(
        supervisor=supervisor,
        dept_a=dept_a,
        dept_b=dept_b,
        dept_c=dept_c,
        staff_a=staff_a,
        staff_b=staff_b,
    )


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock stopped at the scenario's NOW (a module may stop it elsewhere
    with its own ``frozen``, as test_circulars does)."""
    with time_machine.travel(NOW, tick=False):
        yield


def calls_of(work: Callable[[], Any]) -> int:
    """Function calls (Python and built-in) of ``work()``."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


@pytest.fixture
def roster(
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    head_c: User,
) -> dict[str, User]:
    """One user of each role the task rules tell apart, by fixture name: who
    sees everything (supervisor, leader), the heads and staff of divisions A
    and B, the head of C."""
    return {
        "supervisor": supervisor,
        "leader": leader,
        "head_a": head_a,
        "staff_a": staff_a,
        "head_b": head_b,
        "staff_b": staff_b,
        "head_c": head_c,
    }


# -- the task lists' world (test_list_output_pinned and the prepared lists' tests) --

WORLD_NOW = dt.datetime(2024, 5, 20, 3, 4, 5, 678901, tzinfo=dt.UTC)
WORLD_TODAY = dt.date(2024, 5, 20)


@pytest.fixture
def list_clock() -> Iterator[None]:
    """The clock stopped at the world's WORLD_NOW (a module of the world's tests
    uses it for every test: ``pytest.mark.usefixtures("list_clock")``)."""
    with time_machine.travel(WORLD_NOW, tick=False):
        yield


@pytest.fixture
def dept_a1(dept_a: Department) -> Department:
    """A section below division A: its tasks are A's head's too."""
    return Department.objects.create(name="法规一科", short_name="一科", parent=dept_a, order=11)


@pytest.fixture
def dept_d(db: None) -> Department:
    return Department.objects.create(name="人事处", short_name="人事处", order=5)


@pytest.fixture
def staff_d(dept_d: Department) -> User:
    """Another division's staff: touches none of the tasks, sees none."""
    return make_user("staff_d", Role.STAFF, dept_d, full_name="郑科员")


@pytest.fixture
def world(
    roster: dict[str, User],
    staff_d: User,
    dept_a: Department,
    dept_a1: Department,
    dept_b: Department,
    dept_c: Department,
) -> list[Task]:
    """About sixty tasks in every status, with and without deadline, lead,
    person, co-operators (several, in department order), a pending and a
    decided extension request, sub-tasks, milestones, 催办, archived ones and
    timestamps with and without microseconds."""
    supervisor, staff_a, staff_b = roster["supervisor"], roster["staff_a"], roster["staff_b"]
    nameless = make_user("nameless", Role.STAFF, dept_a, full_name="")  # display_name = username
    report = Report.objects.create(title="年度报告", content_sha256="r" * 64, plan_year=2024)
    statuses = list(Status)
    tasks: list[Task] = []
    for i in range(64):
        status = statuses[i % len(statuses)]
        lead = [dept_a, dept_b, dept_c, dept_a1, None][i % 5]
        if lead is None and status not in (Status.DRAFT, Status.DECLINED):
            lead = dept_b
        person = {dept_a: staff_a, dept_b: staff_b, dept_a1: nameless}.get(lead)  # type: ignore[call-overload]
        if i % 6 == 0:
            person = None
        due = None if i % 9 == 4 else WORLD_TODAY + dt.timedelta(days=(i * 7) % 61 - 25)
        created = WORLD_NOW - dt.timedelta(days=40 + i, microseconds=0 if i % 2 else i * 137)
        task = Task.objects.create(
            title=f"任务{i}：<加强>&\"落实\" '整改'",
            description=f"内容{i}\n第二行" if i % 4 else "",
            kind=[Kind.ADHOC, Kind.PLAN, Kind.PROBLEM][i % 3],
            report=report if i % 3 else None,
            lead_department=lead,
            responsible=person,
            due_on=due,
            priority=1 + i % 3,
            status=status,
            progress=(i * 13) % 101,
            require_evidence=bool(i % 2),
            extension_count=i % 3,
            created_by=supervisor,
            urge_count=i % 4,
            next_milestone_on=WORLD_TODAY + dt.timedelta(days=3) if i % 8 == 1 else None,
        )
        Task.objects.filter(pk=task.pk).update(
            created_at=created,
            updated_at=created + dt.timedelta(days=1, seconds=i),
            assigned_at=None
            if status in (Status.DRAFT, Status.DECLINED)
            else created + dt.timedelta(days=2),
            acknowledged_at=created + dt.timedelta(days=3) if i % 3 else None,
            submitted_at=created + dt.timedelta(days=9, microseconds=5)
            if status in (Status.SUBMITTED, Status.DONE)
            else None,
            submitted_by=supervisor if i % 2 else staff_a,
            completed_at=created + dt.timedelta(days=10) if status == Status.DONE else None,
            archived_at=created + dt.timedelta(days=20)
            if status == Status.DONE and i % 2
            else None,
        )
        if i % 5 == 1:
            # Listed in department order, which is not the order of their ids.
            task.cooperating_departments.add(dept_c, dept_a1, dept_a)
        if i % 7 == 2:
            task.cooperating_departments.add(dept_b)
        tasks.append(task)
    for task, state in ((tasks[2], ExtensionStatus.PENDING), (tasks[13], ExtensionStatus.REFUSED)):
        ExtensionRequest.objects.create(
            task=task,
            requested_by=supervisor,
            requested_due_on=WORLD_TODAY + dt.timedelta(days=60),
            reason="需要更多时间",
            status=state,
        )
    for parent in (tasks[2], tasks[3]):
        child = Task.objects.create(
            title=f"{parent.title}（子任务）",
            lead_department=dept_c,
            due_on=WORLD_TODAY + dt.timedelta(days=5),
            status=Status.ASSIGNED,
            parent=parent,
            created_by=supervisor,
        )
        tasks.append(child)
    return tasks


def token_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of three, no list page or count key compiled, no count kept."""
    monkeypatch.setattr(TaskKeysetPagination, "page_size", 3)
    prepared._PREPARED.clear()
    prepared._COUNT_KEYS.clear()
    caches["counts"].clear()
