"""The whole-organisation dashboard equals a plain count of the tasks while
real service operations run in random order (create, hand out, sign for,
decline, extend the deadline, edit it, split, submit, close, return, cancel,
delete, import a report), and as the date moves on without any write.

On PostgreSQL the supervisor's dashboard comes from the tallies (triggers,
the tally clock and the live stretch of deadlines since it); on SQLite from
the task table. Either way it must equal ``expected`` below, computed in
Python from the task rows, and the tallies must equal a rebuild.

A division's users (heads and staff) see the tasks their division leads or
co-operates on (配合单位) and those they are responsible for; on PostgreSQL
their dashboard comes from the group tally, the co-operation tally and those
few rows (``division_tally_groups``), and must equal the same Python count of
the tasks ``Task.objects.visible_to`` gives them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, ProtectedError

from plans.models import Report
from plans.services import ReportImportError, report_import
from tracker.org.models import Department, User
from tracker.reporting.dashboard import DashboardFilters, dashboard_compute, dashboard_summary
from tracker.reporting.models import (
    COUNT_FIELDS,
    TallyClock,
    TaskCoopDoneWeek,
    TaskCoopTally,
    TaskDoneWeekTotal,
    TaskGroupTally,
    TaskStatusTally,
    TaskTally,
)
from tracker.reporting.tallies import (
    division_tally_groups,
    tally_clock_advance,
    tally_division,
    tally_grouped,
    tally_rebuild,
)
from tracker.tasks import services
from tracker.tasks.models import (
    HANDED_OUT_STATUSES,
    OPEN_STATUSES,
    UNASSIGNED_STATUSES,
    Action,
    Kind,
    Status,
    Task,
)

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Asia/Shanghai")
START = dt.date(2024, 3, 4)
COUNTS = ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")
REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
on_postgres = connection.vendor == "postgresql"

Key = tuple[Any, Any, str, bool]


def expected(today: dt.date, tasks: list[Task] | None = None) -> dict[Key, dict[str, int]]:
    """The dashboard's grouped counts, counted in Python from the task rows."""
    out: dict[Key, dict[str, int]] = {}
    for t in tasks if tasks is not None else Task.objects.all():
        key = (t.lead_department_id, t.report_id, t.kind, t.status in UNASSIGNED_STATUSES)
        c = out.setdefault(key, dict.fromkeys(COUNTS, 0))
        c["total"] += 1
        if t.status == Status.DONE:
            c["done"] += 1
            local = t.completed_at.astimezone(ZONE).date() if t.completed_at else None
            c["on_time"] += t.due_on is None or (local is not None and local <= t.due_on)
        c["cancelled"] += t.status == Status.CANCELLED
        if t.due_on is not None:
            c["overdue"] += t.status in HANDED_OUT_STATUSES and t.due_on < today
            if t.status in OPEN_STATUSES and today <= t.due_on:
                c["due_7"] += t.due_on <= today + dt.timedelta(days=7)
                c["due_30"] += t.due_on <= today + dt.timedelta(days=30)
    return out


def grouped(today: dt.date, **scope: Any) -> dict[Key, dict[str, int]]:
    """What the dashboard folds: from the tallies on PostgreSQL, else from the
    task table (the plain path)."""
    if on_postgres:
        rows = tally_grouped(today=today, **scope)
    else:
        from tracker.reporting.dashboard import _grouped, dashboard_tasks

        user = User.objects.filter(role="supervisor").first()
        assert user is not None
        rows = _grouped(
            dashboard_tasks(user=user, filters=DashboardFilters()),
            today=today,
            tally_scope=None,
        )
    return {
        (r["lead_department_id"], r["report_id"], r["kind"], bool(r["unassigned"])): {
            k: r[k] for k in COUNTS
        }
        for r in rows
    }


def check(supervisor: User, today: dt.date) -> None:
    want = expected(today)
    assert grouped(today) == want
    fast = dashboard_compute(user=supervisor, today=today).as_dict()
    slow = dashboard_compute(user=supervisor, today=today, use_tallies=False).as_dict()
    assert fast == slow
    for name in COUNTS:
        assert fast["totals"][name] == sum(c[name] for c in want.values()), name
    # A chosen year reads the detailed tally, a department narrows both.
    for filters in (
        DashboardFilters(year=today.year),
        DashboardFilters(department=Department.objects.order_by("pk").first()),
    ):
        assert (
            dashboard_compute(user=supervisor, today=today, filters=filters).as_dict()
            == dashboard_compute(
                user=supervisor, today=today, filters=filters, use_tallies=False
            ).as_dict()
        )
    summary = dashboard_summary(user=supervisor, today=today)
    assert summary.totals.as_dict() == fast["totals"]
    assert [p.__dict__ for p in summary.trend] == [
        p.__dict__ for p in dashboard_compute(user=supervisor, today=today).trend
    ]


def division_grouped(user: User, today: dt.date) -> dict[Key, dict[str, int]]:
    division = tally_division(user)
    assert division is not None
    rows = division_tally_groups(today=today, division_id=division, user_id=user.pk)
    return {
        (r["lead_department_id"], r["report_id"], r["kind"], bool(r["unassigned"])): {
            k: r[k] for k in COUNTS
        }
        for r in rows
    }


def check_divisions(users: list[User], today: dt.date, *, narrowed: bool = True) -> int:
    """Each division user's dashboard equals the Python count of the tasks
    the visibility rule gives them, and the plain computation, whole and
    (``narrowed``) with each filter; from the tallies on PostgreSQL. Returns
    how many tasks were seen only as their responsible person's."""
    outside = 0
    for stale in users:
        user = User.objects.get(pk=stale.pk)  # the department may have changed
        visible = list(Task.objects.visible_to(user))
        want = expected(today, visible)
        outside += sum(
            t.lead_department_id != user.department_id
            and user.department_id not in t.cooperating_ids()
            for t in visible
        )
        assert (tally_division(user) is not None) == on_postgres
        if on_postgres:
            assert division_grouped(user, today) == want, user.username
        fast = dashboard_compute(user=user, today=today).as_dict()
        assert fast == dashboard_compute(user=user, today=today, use_tallies=False).as_dict()
        for name in COUNTS:
            assert fast["totals"][name] == sum(c[name] for c in want.values()), name
        reports = {t.report_id for t in visible if t.report_id is not None}
        assert {r.pk for r in dashboard_compute(user=user, today=today).reports} == reports
        some_report = next(iter(sorted(reports)), None)
        if not narrowed:
            continue
        for filters in (
            DashboardFilters(department=user.department),
            DashboardFilters(department=Department.objects.order_by("-pk").first()),
            DashboardFilters(year=today.year),
            *([DashboardFilters(report=Report.objects.get(pk=some_report))] if some_report else []),
        ):
            assert (
                dashboard_compute(user=user, today=today, filters=filters).as_dict()
                == dashboard_compute(
                    user=user, today=today, filters=filters, use_tallies=False
                ).as_dict()
            ), filters
        summary = dashboard_summary(user=user, today=today)
        assert summary.totals.as_dict() == fast["totals"]
        assert [p.__dict__ for p in summary.trend] == [
            p.__dict__ for p in dashboard_compute(user=user, today=today).trend
        ]
    return outside


def tally_rows() -> tuple[list[tuple[Any, ...]], ...]:
    """The tallies' non-empty rows (a rebuild writes no empty ones)."""
    detailed = TaskTally.objects.filter(n__gt=0).values_list(
        "lead_department_id",
        "report_id",
        "kind",
        "status",
        "due_year",
        "on_time",
        "has_completed",
        "past_due",
        "n",
    )
    groups = TaskGroupTally.objects.filter(total__gt=0).values_list(
        "lead_department_id", "report_id", "kind", "unassigned", *COUNT_FIELDS
    )
    weeks = TaskDoneWeekTotal.objects.exclude(n=0).values_list("week", "n")
    coops = TaskCoopTally.objects.filter(total__gt=0).values_list(
        "department_id", "lead_department_id", "report_id", "kind", "unassigned", *COUNT_FIELDS
    )
    coop_weeks = TaskCoopDoneWeek.objects.exclude(n=0).values_list(
        "department_id", "lead_department_id", "report_id", "week", "n"
    )
    statuses = TaskStatusTally.objects.exclude(n=0).values_list("lead_department_id", "status", "n")
    return (
        sorted(detailed),
        sorted(groups),
        sorted(weeks),
        sorted(coops),
        sorted(coop_weeks),
        sorted(statuses),
    )


class World:
    """The people and the operations, each a real service call."""

    def __init__(
        self,
        rng: random.Random,
        supervisor: User,
        people: list[User],
        depts: list[Department],
        helpers: list[Department] = (),  # type: ignore[assignment]
    ) -> None:
        self.rng, self.supervisor, self.people, self.depts = rng, supervisor, people, depts
        # Who may be named 配合单位: the divisions and ``helpers`` (which lead nothing).
        self.helpers = [*depts, *helpers]
        self.imports = sorted(REPORTS.glob("*.txt"))

    def cooperating(self) -> list[Department]:
        return self.rng.sample(self.helpers, self.rng.randint(0, 2))

    def transfer(self) -> str:
        """A person moves to another division (the 用户 edit of an admin): the
        tasks they are responsible for stay theirs, outside their new division."""
        responsible = [
            p.pk for p in self.people if Task.objects.filter(responsible_id=p.pk).exists()
        ]
        person = User.objects.get(pk=self.rng.choice(responsible or [p.pk for p in self.people]))
        person.department = self.rng.choice(
            [d for d in self.helpers if d.pk != person.department_id]
        )
        person.save(update_fields=["department"])
        return "transfer"

    def acknowledged_then_transferred(self) -> str:
        """A task handed out and signed for naming a person of the division,
        who then moves to another division (still responsible for it)."""
        people = User.objects.filter(pk__in=[p.pk for p in self.people])
        head = people.filter(role="head", department__in=self.depts).order_by("pk").first()
        assert head is not None and head.department is not None
        task = services.task_create(
            actor=self.supervisor, title="签收后调离", due_on=self.due(), require_evidence=False
        )
        services.task_assign(
            task=task,
            actor=self.supervisor,
            lead_department=head.department,
            due_on=self.due() or self.today(),
        )
        person = people.filter(department=head.department).order_by("-pk").first()
        services.task_acknowledge(task=task, actor=head, responsible=person)
        assert person is not None
        person.department = self.rng.choice(
            [d for d in self.helpers if d.pk != person.department_id]
        )
        person.save(update_fields=["department"])
        return "transfer"

    def cooperation(self, task: Task) -> str:
        """配合单位 changed by an edit (task_update), or set afresh by the m2m."""
        if self.rng.random() < 0.5:
            return self.cooperation_edit(task)
        task.cooperating_departments.remove(*task.cooperating_departments.all()[:1])
        task.cooperating_departments.add(*self.cooperating())
        return "cooperation"

    def cooperation_edit(self, task: Task) -> str:
        """配合单位 changed through the service (task_update)."""
        try:
            services.task_update(
                task=task,
                actor=self.supervisor,
                expected_version=task.version,
                cooperating_departments=self.cooperating(),
            )
        except ValidationError:
            return "cooperation (refused)"
        return "cooperation"

    def today(self) -> dt.date:
        from django.utils import timezone

        return timezone.localdate()

    def due(self) -> dt.date | None:
        if self.rng.random() < 0.1:
            return None
        return self.today() + dt.timedelta(days=self.rng.randint(-20, 45))

    def create(self) -> str:
        task = services.task_create(
            actor=self.supervisor,
            title=f"任务{self.rng.randint(1, 10**6)}",
            kind=self.rng.choice(Kind.values),
            due_on=self.due(),
            lead_department=self.rng.choice([*self.depts, None]),
            cooperating_departments=self.cooperating(),
            require_evidence=False,
        )
        if self.rng.random() < 0.6 and task.lead_department is not None:
            services.task_assign(
                task=task,
                actor=self.supervisor,
                lead_department=task.lead_department,
                cooperating_departments=self.cooperating(),
                due_on=self.due() or self.today(),
            )
        return "create"

    def import_report(self) -> str:
        if not self.imports:
            return "import (none left)"
        path = self.imports.pop(self.rng.randrange(len(self.imports)))
        assign = self.rng.random() < 0.5
        try:
            report_import(
                user=self.supervisor,
                data=path.read_bytes(),
                filename=path.name,
                lead_department=self.rng.choice(self.depts) if assign else None,
                due_on=self.due() if assign else None,
                assign=assign,
            )
        except ReportImportError:
            return "import (refused)"
        return "import"

    def delete(self, task: Task) -> str:
        # No service deletes a task; the admin does, through Model.delete(),
        # which refuses a task with a 交办通知单 (protected).
        try:
            with transaction.atomic():
                task.delete()
        except ProtectedError:
            return "delete (refused)"
        return "delete"

    def act(self, task: Task) -> str:
        """One action some person may take on ``task`` right now."""
        rng = self.rng
        choices = []
        for person in [self.supervisor, *self.people]:
            for action in task.allowed_actions(person):
                choices.append((person, action))
        wanted = {
            Action.ASSIGN,
            Action.ACKNOWLEDGE,
            Action.DECLINE,
            Action.SUBMIT,
            Action.DIVISION_APPROVE,
            Action.DIVISION_RETURN,
            Action.APPROVE,
            Action.RETURN,
            Action.CANCEL,
            Action.EXTEND,
            Action.DECIDE_EXTENSION,
            Action.SPLIT,
            Action.EDIT,
        }
        choices = [(p, a) for p, a in choices if a in wanted]
        if not choices:
            return "no action"
        person, action = rng.choice(choices)
        calls: dict[str, Callable[[], Any]] = {
            Action.ASSIGN: lambda: services.task_assign(
                task=task,
                actor=person,
                lead_department=rng.choice(self.depts),  # a transfer after 退办
                cooperating_departments=self.cooperating(),
                due_on=self.due() or self.today(),
            ),
            Action.ACKNOWLEDGE: lambda: services.task_acknowledge(
                task=task,
                actor=person,
                # Somebody of the division now (None is refused): after a
                # transfer they stay responsible outside it.
                responsible=rng.choice(
                    [
                        *User.objects.filter(
                            pk__in=[p.pk for p in self.people],
                            department=task.lead_department,
                        ),
                        None,
                    ]
                ),
            ),
            Action.DECLINE: lambda: services.task_decline(
                task=task, actor=person, reason="非本处职责"
            ),
            Action.SUBMIT: lambda: services.task_submit(task=task, actor=person),
            Action.DIVISION_APPROVE: lambda: services.task_division_approve(
                task=task, actor=person
            ),
            Action.DIVISION_RETURN: lambda: services.task_division_return(
                task=task, actor=person, reason="请补充"
            ),
            Action.APPROVE: lambda: services.task_approve(
                task=task, actor=person, confirm_incomplete=True
            ),
            Action.RETURN: lambda: services.task_return(task=task, actor=person, reason="重办"),
            Action.CANCEL: lambda: services.task_cancel(task=task, actor=person, reason="中止"),
            Action.EXTEND: lambda: services.extension_request(
                task=task,
                actor=person,
                requested_due_on=(task.due_on or self.today())
                + dt.timedelta(days=rng.randint(1, 40)),
                reason="工作量大",
            ),
            Action.DECIDE_EXTENSION: lambda: services.extension_decide(
                task=task, actor=person, approve=rng.random() < 0.7
            ),
            Action.SPLIT: lambda: services.task_split(
                task=task,
                actor=person,
                departments=rng.sample(self.depts, rng.randint(1, 2)),
                due_on=self.due(),
            ),
            Action.EDIT: lambda: services.task_update(
                task=task,
                actor=person,
                expected_version=task.version,
                due_on=self.due(),
                kind=rng.choice(Kind.values),
                lead_department=rng.choice(self.depts),
                # The lead itself may be named too: a task led and co-operated on.
                cooperating_departments=self.cooperating(),
            ),
        }
        try:
            calls[action]()
        except ValidationError:
            return f"{action} (refused)"
        return str(action)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dashboard_equals_a_plain_count_through_random_service_operations(
    seed: int,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    staff_b: User,
    head_c: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
) -> None:
    rng = random.Random(seed)
    # Division users: A and B lead and co-operate, C only co-operates.
    division_users = [head_a, staff_a, head_b, staff_b, head_c]
    day = START
    start = dt.datetime.combine(day, dt.time(10), tzinfo=ZONE)
    with time_machine.travel(start, tick=False) as clock:
        if on_postgres:
            tally_rebuild(today=day)
        world = World(
            rng, supervisor, [head_a, staff_a, head_b, staff_b], [dept_a, dept_b], [dept_c]
        )
        for _ in range(8):
            world.create()
        done: list[str] = []
        outside = 0
        for _step in range(80):
            ids = list(Task.objects.values_list("pk", flat=True))
            roll = rng.random()
            if _step == 20:
                done.append(world.transfer())
            elif _step == 50:
                done.append(world.acknowledged_then_transferred())
            elif roll < 0.15 or not ids:
                done.append(world.create())
            elif roll < 0.19 or _step == 5:
                done.append(world.import_report())
            elif roll < 0.25:
                drafts = list(Task.objects.filter(status=Status.DRAFT).values_list("pk", flat=True))
                done.append(world.delete(Task.objects.get(pk=rng.choice(drafts or ids))))
            elif roll < 0.31 or _step == 10:
                done.append(world.cooperation(Task.objects.get(pk=rng.choice(ids))))
            elif roll < 0.33:
                done.append(world.transfer())
            elif roll < 0.38:
                # A new day: no write, yesterday's due-today tasks are now 逾期.
                # Sometimes the daily job moves the tally clock, sometimes not.
                day += dt.timedelta(days=rng.choice([1, 1, 3]))
                clock.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=ZONE))
                if rng.random() < 0.5:
                    tally_clock_advance(today=day)
                done.append("next day")
            else:
                done.append(world.act(Task.objects.get(pk=rng.choice(ids))))
            check(supervisor, day)
            outside += check_divisions(division_users, day, narrowed=_step % 8 == 0)
        # Also a day before and long after the clock.
        for other in (day - dt.timedelta(days=9), day + dt.timedelta(days=60)):
            check(supervisor, other)
            check_divisions(division_users, other)
    # The run did exercise the paths that move tasks between the counts.
    kinds = {d.split(" ")[0] for d in done}
    assert {"create", "delete", "next", "import", "cooperation", "transfer"} <= kinds, done
    # ... and the parts of a division's view: led and co-operated on, both,
    # and responsible outside the division.
    pairs = Task.cooperating_departments.through.objects
    assert pairs.filter(department=dept_c).exists()
    assert pairs.filter(task__lead_department=F("department")).exists()
    assert outside > 0
    assert len(kinds & {str(a) for a in Action}) >= 6, done
    assert Task.objects.filter(status__in=HANDED_OUT_STATUSES, due_on__lt=day).exists()
    if on_postgres:
        kept = tally_rows()
        # The status tally (the task list's chips) counts the tasks as they are.
        assert kept[-1] == sorted(
            (lead or 0, status, n)
            for (lead, status), n in Counter(
                Task.objects.values_list("lead_department_id", "status")
            ).items()
        )
        clock_day = TallyClock.objects.get(pk=1).as_of
        tally_rebuild(today=clock_day)
        assert tally_rows() == kept


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's")
def test_the_date_moves_on_without_a_write(supervisor: User, dept_a: Department) -> None:
    """Tasks due today are not 逾期 today and are tomorrow, with no write and
    no clock move; moving the clock changes the tallies, not the numbers."""
    today = dt.date(2024, 5, 6)
    tally_rebuild(today=today)
    for i, status in enumerate([Status.IN_PROGRESS, Status.SUBMITTED, Status.DRAFT]):
        Task.objects.create(
            title=f"今日到期{i}",
            lead_department=dept_a,
            due_on=today,
            status=status,
            created_by=supervisor,
        )
    Task.objects.create(
        title="早已逾期",
        lead_department=dept_a,
        due_on=today - dt.timedelta(days=400),
        status=Status.IN_PROGRESS,
        created_by=supervisor,
    )

    def overdue(day: dt.date) -> int:
        return int(dashboard_compute(user=supervisor, today=day).totals.overdue)

    assert overdue(today) == 1  # the old one only; the backlog is tallied
    assert TaskTally.objects.filter(past_due=True, n__gt=0).count() == 1
    tomorrow = today + dt.timedelta(days=1)
    assert overdue(tomorrow) == 3  # + in progress and submitted; a draft is nobody's
    assert grouped(tomorrow) == expected(tomorrow)
    before = tally_rows()
    assert tally_clock_advance(today=tomorrow) == tomorrow
    assert tally_rows() != before  # the two moved to past_due
    assert overdue(tomorrow) == 3
    assert overdue(today) == 1  # a day before the clock: taken back out
    assert grouped(today) == expected(today)
    # The clock never goes back; a rebuild at its day gives the same tallies.
    assert tally_clock_advance(today=today) == tomorrow
    kept = tally_rows()
    tally_rebuild(today=tomorrow)
    assert tally_rows() == kept


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's")
def test_the_live_read_is_bounded_by_the_clock(supervisor: User, dept_a: Department) -> None:
    """With the clock at today the statement reads no task row: 逾期 is
    tallied, 7/30 天内到期 too (the group tally's due_7 / due_30). A day
    later, the clock not moved, it reads the deadlines from the clock on
    only: the overdue backlog is never in its range."""
    from django.test.utils import CaptureQueriesContext

    today = dt.date(2024, 5, 6)
    for days in (-400, -30, 3):
        Task.objects.create(
            title=f"任务{days}",
            lead_department=dept_a,
            due_on=today + dt.timedelta(days=days),
            status=Status.IN_PROGRESS,
            created_by=supervisor,
        )
    tally_rebuild(today=today)

    def scans(node: dict[str, Any]) -> list[int]:
        found = [node["Actual Rows"]] if node.get("Relation Name") == "tasks_task" else []
        for child in node.get("Plans", []):
            found += scans(child)
        return found

    def read(day: dt.date) -> tuple[list[tuple[int, int]], list[int]]:
        with CaptureQueriesContext(connection) as ctx:
            rows = tally_grouped(today=day)
        (sql,) = [q["sql"] for q in ctx.captured_queries if "tasks_task" in q["sql"]]
        with connection.cursor() as cursor:
            cursor.execute("explain (analyze, format json) " + sql)
            plan = cursor.fetchone()[0]
        return [(r["overdue"], r["due_7"]) for r in rows], scans(plan[0]["Plan"])

    assert read(today) == ([(2, 1)], [0])
    # The next day: only the task due in 3 days is read.
    assert read(today + dt.timedelta(days=1)) == ([(2, 1)], [1])


def test_handed_out_statuses_of_the_trigger_are_the_models() -> None:
    from tracker.reporting.tally_sql import HANDED_OUT, OPEN

    assert set(HANDED_OUT) == {str(s) for s in HANDED_OUT_STATUSES}
    assert set(OPEN) == {str(s) for s in OPEN_STATUSES}


def test_beat_moves_the_tally_clock_just_after_midnight(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["tally-clock"]
    assert entry["task"] == "tracker.reporting.jobs.tally_clock_advance"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {3}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's")
def test_the_job_moves_the_clock_to_today(supervisor: User) -> None:
    from tracker.reporting import jobs

    tally_rebuild(today=dt.date(2024, 5, 6))
    with time_machine.travel(dt.datetime(2024, 5, 9, 0, 3, tzinfo=ZONE), tick=False):
        assert jobs.tally_clock_advance() == "2024-05-09"
    assert TallyClock.objects.get(pk=1).as_of == dt.date(2024, 5, 9)


def _division_world(
    supervisor: User, lead: Department, coop: Department, other: Department
) -> None:
    """``lead``'s tasks: 30 done long ago, 5 overdue, 1 due in 3 days; 4 of
    ``other``'s done tasks co-operated on by ``lead``; 3 of ``lead``'s with
    ``coop`` co-operating."""
    today = dt.date(2024, 5, 6)
    done_at = dt.datetime(2023, 3, 1, 9, tzinfo=ZONE)
    rows = [(Status.DONE, today - dt.timedelta(days=400)) for _ in range(30)]
    rows += [(Status.IN_PROGRESS, today - dt.timedelta(days=10 + i)) for i in range(5)]
    rows += [(Status.IN_PROGRESS, today + dt.timedelta(days=3))]
    for i, (status, due) in enumerate(rows):
        task = Task.objects.create(
            title=f"本处{i}",
            lead_department=lead,
            due_on=due,
            status=status,
            completed_at=done_at if status == Status.DONE else None,
            created_by=supervisor,
        )
        if i % 12 == 0:
            task.cooperating_departments.add(coop)
    for i in range(4):
        task = Task.objects.create(
            title=f"配合{i}",
            lead_department=other,
            due_on=today - dt.timedelta(days=300),
            status=Status.DONE,
            completed_at=done_at,
            created_by=supervisor,
        )
        task.cooperating_departments.add(lead)


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres, reason="the tallies are PostgreSQL's")
def test_a_division_dashboard_reads_its_month_not_its_tasks(
    supervisor: User, head_a: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    """A head's dashboard (40 tasks: 36 led, 4 co-operated on) reads from the
    task table only open tasks by deadline and the few most overdue rows it
    lists — not the division's tasks."""
    from django.test.utils import CaptureQueriesContext

    today = dt.date(2024, 5, 6)
    _division_world(supervisor, dept_a, dept_c, dept_b)
    tally_rebuild(today=today)
    with CaptureQueriesContext(connection) as ctx:
        data = dashboard_compute(user=head_a, today=today)
    assert (data.totals.total, data.totals.done, data.totals.overdue) == (40, 34, 5)
    assert data.totals.due_7 == 1 and len(data.overdue_tasks) == 5
    assert (
        data.as_dict() == dashboard_compute(user=head_a, today=today, use_tallies=False).as_dict()
    )

    def task_scans(node: dict[str, Any]) -> list[int]:
        own = [node["Actual Rows"]] if node.get("Relation Name") == "tasks_task" else []
        return own + [n for child in node.get("Plans", []) for n in task_scans(child)]

    scans: list[int] = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            if "tasks_task" in query["sql"]:
                cursor.execute("explain (analyze, format json) " + query["sql"])
                scans += task_scans(cursor.fetchone()[0][0]["Plan"])
    # No scan of the task table yields the division's tasks (the plain
    # computation's yields all 40, its burn-up the 34 done): at most its 6
    # open ones (the index task_dept_open_due; on a table this small the
    # planner leaves the deadline range to the join) or the 5 overdue rows.
    assert scans and max(scans) <= 6, scans


def test_another_division_gets_nothing_from_the_tallies(
    supervisor: User,
    head_a: User,
    head_b: User,
    head_c: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
) -> None:
    """B's head sees none of A's tasks, C's head only those C co-operates on;
    a bureau above A (it has A below it) and an administrator of A do not use
    the division path; the numbers equal the plain computation for each."""
    from tests.conftest import make_user
    from tracker.org.models import Role

    today = dt.date(2024, 5, 6)
    _division_world(supervisor, dept_a, dept_c, dept_a)  # A co-operates on A's own: both
    if on_postgres:
        tally_rebuild(today=today)
    bureau = Department.objects.create(name="局本部", order=1)
    Department.objects.filter(pk=dept_a.pk).update(parent=bureau)
    bureau_head = make_user("bureau_head", Role.HEAD, bureau)
    admin = make_user("sysadmin_a", Role.SYSTEM_ADMIN, dept_a)

    b = dashboard_compute(user=head_b, today=today)
    assert b.totals.total == 0 and b.by_department == [] and b.by_report == []
    assert b.overdue_tasks == [] and b.reports == [] and b.trend[-1].cumulative == 0
    c = dashboard_compute(user=head_c, today=today)
    assert c.totals.total == 3
    assert [r.key for r in c.by_department] == [str(dept_a.pk)]
    assert {t.pk for t in c.overdue_tasks} <= set(
        Task.objects.filter(cooperating_departments=dept_c).values_list("pk", flat=True)
    )
    assert dashboard_compute(user=admin, today=today).totals.total == 0
    assert tally_division(admin) is None and tally_division(bureau_head) is None
    assert tally_division(head_b) == (dept_b.pk if on_postgres else None)
    for user in (head_a, head_b, head_c, bureau_head, admin):
        assert (
            dashboard_compute(user=user, today=today).as_dict()
            == dashboard_compute(user=user, today=today, use_tallies=False).as_dict()
        ), user.username
    assert dashboard_compute(user=bureau_head, today=today).totals.total == 40
