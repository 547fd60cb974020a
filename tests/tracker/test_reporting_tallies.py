"""The dashboard tallies (PostgreSQL triggers) stay equal to the plain
computation over the task table, whatever writes the tasks: services, bulk
creates, QuerySet.update, deletes, raw SQL — and after a rebuild."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from plans.models import Report
from tracker.org.models import Department, User
from tracker.reporting.dashboard import DashboardFilters, count_aggregates, dashboard_compute
from tracker.reporting.models import TallyClock, TaskDoneWeekTotal, TaskTally
from tracker.reporting.tallies import tally_done_by_week, tally_grouped, tally_rebuild
from tracker.tasks.models import Kind, Status, Task, unassigned_flag

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TODAY = dt.date(2022, 12, 20)


def plain_grouped(tasks: object, today: dt.date) -> dict[tuple[object, ...], dict[str, int]]:
    rows = (
        Task.objects.order_by()
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(**count_aggregates(today))
    )
    return {
        (r["lead_department_id"], r["report_id"], r["kind"], r["unassigned"]): {
            k: r[k] for k in ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")
        }
        for r in rows
    }


def tallied(today: dt.date, **scope: object) -> dict[tuple[object, ...], dict[str, int]]:
    return {
        (r["lead_department_id"], r["report_id"], r["kind"], r["unassigned"]): {
            k: r[k] for k in ("total", "done", "on_time", "cancelled", "overdue", "due_7", "due_30")
        }
        for r in tally_grouped(today=today, **scope)  # type: ignore[arg-type]
    }


def plain_weeks() -> dict[dt.date, int]:
    weekly = (
        Task.objects.filter(status=Status.DONE, completed_at__isnull=False)
        .order_by()
        .annotate(week=TruncWeek("completed_at"))
        .values("week")
        .annotate(done=Count("id"))
        .values_list("week", "done")
    )
    return {(w.date() if isinstance(w, dt.datetime) else w): n for w, n in weekly}


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def random_writes(
    rng: random.Random, departments: list[Department], reports: list[Report | None], user: User
) -> None:
    statuses = list(Status.values)
    Task.objects.bulk_create(
        [
            Task(
                title=f"任务{i}",
                lead_department=rng.choice([*departments, None]),
                report=rng.choice(reports),
                kind=rng.choice(Kind.values),
                status=(status := rng.choice(statuses)),
                due_on=rng.choice([None, TODAY + dt.timedelta(days=rng.randint(-400, 60))]),
                # 23:30 local is the next day in UTC: on-time must use the local date.
                completed_at=at(TODAY - dt.timedelta(days=rng.randint(0, 300)), rng.choice([1, 23]))
                if status == Status.DONE and rng.random() < 0.9
                else None,
                created_by=user,
            )
            for i in range(300)
        ]
    )
    ids = list(Task.objects.values_list("pk", flat=True))
    for _ in range(60):
        task = Task.objects.get(pk=rng.choice(ids))
        task.status = rng.choice(statuses)
        task.completed_at = at(TODAY - dt.timedelta(days=rng.randint(0, 30)), 10)
        task.lead_department = rng.choice([*departments, None])
        task.save()
    Task.objects.filter(pk__in=rng.sample(ids, 40)).update(
        due_on=TODAY + dt.timedelta(days=3), status=Status.IN_PROGRESS
    )
    Task.objects.filter(pk__in=rng.sample(ids, 20)).update(kind=Kind.PROBLEM, report=reports[0])
    Task.objects.filter(pk__in=rng.sample(ids, 25)).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "update tasks_task set status = 'done', completed_at = now() where id = any(%s)",
            [rng.sample(ids[:100], 10)],
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_tallies_equal_the_plain_computation(seed: int, supervisor: User) -> None:
    rng = random.Random(seed)
    departments = list(
        Department.objects.bulk_create([Department(name=f"单位{seed}-{i}") for i in range(5)])
    )
    reports: list[Report | None] = [
        Report.objects.create(title=f"报告{i}", content_sha256=f"{seed}{i}".ljust(64, "0"))
        for i in range(2)
    ]
    random_writes(rng, departments, [*reports, None], supervisor)
    assert Task.objects.count() > 200
    for today in (TODAY, TODAY - dt.timedelta(days=100)):
        assert tallied(today) == plain_grouped(Task.objects.all(), today)
    # Filters: a department, a report and a year select exactly their tasks.
    dept = departments[0]
    for scope, tasks in [
        ({"department_id": dept.pk}, Task.objects.filter(lead_department=dept)),
        ({"report_id": reports[0].pk}, Task.objects.filter(report=reports[0])),  # type: ignore[union-attr]
        ({"year": 2022}, Task.objects.filter(due_on__year=2022)),
    ]:
        expected = {
            (r["lead_department_id"], r["report_id"], r["kind"], r["unassigned"]): r["total"]
            for r in tasks.order_by()
            .annotate(unassigned=unassigned_flag())
            .values("lead_department_id", "report_id", "kind", "unassigned")
            .annotate(**count_aggregates(TODAY))
        }
        assert {k: v["total"] for k, v in tallied(TODAY, **scope).items()} == expected

    weeks = plain_weeks()
    first = TODAY - dt.timedelta(weeks=10)
    first -= dt.timedelta(days=first.weekday())
    completed = Task.objects.filter(status=Status.DONE, completed_at__isnull=False).count()
    window, before = tally_done_by_week(first=first, completed=completed)
    assert window == {w: n for w, n in weeks.items() if w >= first}
    assert before == sum(n for w, n in weeks.items() if w < first)
    # The whole reads the per-week total, the department the detailed week tally.
    assert dict(TaskDoneWeekTotal.objects.exclude(n=0).values_list("week", "n")) == weeks
    everything, _ = tally_done_by_week(first=dt.date(2000, 1, 3), completed=completed)
    assert everything == weeks
    dept_weeks, _ = tally_done_by_week(first=first, completed=0, department_id=dept.pk)
    plain_dept = (
        Task.objects.filter(status=Status.DONE, completed_at__isnull=False, lead_department=dept)
        .annotate(week=TruncWeek("completed_at"))
        .values_list("week", flat=True)
    )
    assert dept_weeks == {
        w: n for w, n in Counter(w.date() for w in plain_dept).items() if w >= first
    }
    week_totals = sorted(TaskDoneWeekTotal.objects.exclude(n=0).values_list("week", "n"))

    # A rebuild from scratch gives the same tallies as the triggers kept.
    kept = sorted(
        TaskTally.objects.filter(n__gt=0).values_list(
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
    )
    tally_rebuild(today=TallyClock.objects.get(pk=1).as_of)
    rebuilt = sorted(
        TaskTally.objects.values_list(
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
    )
    assert kept == rebuilt
    assert sorted(TaskDoneWeekTotal.objects.values_list("week", "n")) == week_totals


def test_dashboard_from_tallies_equals_the_division_path(
    supervisor: User, dept_a: Department
) -> None:
    """The supervisor's dashboard (tallies) and the same computation forced
    through the task table give the same numbers, filters included."""
    rng = random.Random(7)
    report = Report.objects.create(title="报告", content_sha256="7" * 64)
    random_writes(rng, [dept_a], [report, None], supervisor)
    today = TODAY
    for filters in (
        DashboardFilters(),
        DashboardFilters(department=dept_a),
        DashboardFilters(report=report),
        DashboardFilters(year=today.year),
    ):
        fast = dashboard_compute(user=supervisor, filters=filters, today=today).as_dict()
        slow = dashboard_compute(
            user=supervisor, filters=filters, today=today, use_tallies=False
        ).as_dict()
        assert fast == slow
        assert fast["totals"]["total"] > 0
