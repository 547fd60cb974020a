"""Test data for the reporting tests, made with the ORM, and the plain-Python
reference computations the dashboard is checked against."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from plans.models import ItemKind, PlanItem, Report
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.tasks.models import OPEN_STATUSES, Kind, ProgressUpdate, Status, Task

TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2022, 12, 20)  # a Tuesday
NOW = dt.datetime(2022, 12, 20, 10, 0, tzinfo=TZ)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class Scenario:
    report: Report
    plan_items: list[PlanItem]
    problem_items: list[PlanItem]
    tasks: list[Task]


def make_scenario(
    *,
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    staff_a: User,
    staff_b: User,
) -> Scenario:
    report = Report.objects.create(
        title="吉林省应急管理厅关于2021年度法治政府建设情况的报告",
        organization="吉林省应急管理厅",
        report_year=2021,
        plan_year=2022,
        issued_on=dt.date(2022, 1, 13),
        content_sha256="a" * 64,
    )
    plan_items = [
        PlanItem.objects.create(
            report=report, kind=ItemKind.PLAN, number="（一）", title="强化法规体系建设。", order=1
        ),
        PlanItem.objects.create(
            report=report, kind=ItemKind.PLAN, number="（二）", title="严格规范执法。", order=2
        ),
    ]
    problem_items = [
        PlanItem.objects.create(
            report=report,
            kind=ItemKind.PROBLEM,
            number="",
            title="应急管理体制机制还不够完善",
            order=1,
        ),
    ]
    d = dt.timedelta
    specs = [
        # (title, lead, responsible, kind, item, status, due_on, completed_on)
        (
            "法规A1 按期办结",
            dept_a,
            staff_a,
            Kind.PLAN,
            plan_items[0],
            Status.DONE,
            TODAY - d(10),
            TODAY - d(12),
        ),
        (
            "法规A2 逾期办结",
            dept_a,
            staff_a,
            Kind.PLAN,
            plan_items[0],
            Status.DONE,
            TODAY - d(30),
            TODAY - d(3),
        ),
        (
            "法规A3 逾期未办",
            dept_a,
            staff_a,
            Kind.PLAN,
            plan_items[0],
            Status.IN_PROGRESS,
            TODAY - d(5),
            None,
        ),
        (
            "法规A4 七天内到期",
            dept_a,
            None,
            Kind.PROBLEM,
            problem_items[0],
            Status.ASSIGNED,
            TODAY + d(3),
            None,
        ),
        (
            "法规A5 三十天内到期",
            dept_a,
            staff_a,
            Kind.ADHOC,
            None,
            Status.SUBMITTED,
            TODAY + d(20),
            None,
        ),
        (
            "法规A6 已中止",
            dept_a,
            None,
            Kind.PLAN,
            plan_items[1],
            Status.CANCELLED,
            TODAY - d(40),
            None,
        ),
        (
            "执法B1 按期办结",
            dept_b,
            staff_b,
            Kind.PLAN,
            plan_items[1],
            Status.DONE,
            TODAY + d(5),
            TODAY - d(1),
        ),
        (
            "执法B2 逾期未办",
            dept_b,
            staff_b,
            Kind.PROBLEM,
            problem_items[0],
            Status.RETURNED,
            TODAY - d(60),
            None,
        ),
        (
            "执法B3 今天到期",
            dept_b,
            staff_b,
            Kind.PLAN,
            plan_items[1],
            Status.IN_PROGRESS,
            TODAY,
            None,
        ),
        (
            "执法B4 明年到期",
            dept_b,
            None,
            Kind.PLAN,
            plan_items[1],
            Status.DRAFT,
            dt.date(2023, 6, 30),
            None,
        ),
        (
            "执法B5 责任人是A的人",
            dept_b,
            staff_a,
            Kind.ADHOC,
            None,
            Status.IN_PROGRESS,
            TODAY - d(1),
            None,
        ),
        (
            "预案C1 B配合",
            dept_c,
            None,
            Kind.PLAN,
            plan_items[1],
            Status.DONE,
            TODAY - d(2),
            TODAY - d(2),
        ),
        ("预案C2 无时限办结", dept_c, None, Kind.ADHOC, None, Status.DONE, None, TODAY - d(100)),
        ("无牵头单位", None, None, Kind.ADHOC, None, Status.DRAFT, TODAY + d(100), None),
    ]
    tasks = []
    for title, lead, responsible, kind, item, status, due_on, completed_on in specs:
        task = Task.objects.create(
            title=title,
            lead_department=lead,
            responsible=responsible,
            kind=kind,
            report=report if item is not None else None,
            source_item=item,
            status=status,
            due_on=due_on,
            completed_at=at(completed_on, 23) if completed_on else None,
            created_by=supervisor,
            created_at=at(TODAY - d(200)),
            progress=100 if status == Status.DONE else 40,
        )
        tasks.append(task)
    by_title = {t.title: t for t in tasks}
    # Done at 07:00 Shanghai the day after its deadline: still the deadline's
    # date in UTC, so only a local-date comparison calls it late.
    c1 = by_title["预案C1 B配合"]
    c1.completed_at = at(TODAY - d(1), 7)
    c1.save(update_fields=["completed_at"])
    c1.cooperating_departments.add(dept_b)
    by_title["法规A3 逾期未办"].cooperating_departments.add(dept_c)
    a1 = by_title["法规A1 按期办结"]
    ProgressUpdate.objects.create(
        task=a1, author=staff_a, text="起草了条例草案。", percent=50, created_at=at(TODAY - d(40))
    )
    update = ProgressUpdate.objects.create(
        task=a1,
        author=staff_a,
        text="条例已经省政府常务会议通过。",
        percent=100,
        created_at=at(TODAY - d(13)),
    )
    EvidenceFile.objects.create(
        task=a1,
        progress_update=update,
        original_name="条例文本.pdf",
        file="evidence/2022/12/x.pdf",
        size=10,
        sha256="b" * 64,
        content_type="application/pdf",
        uploaded_by=staff_a,
    )
    EvidenceFile.objects.create(
        task=a1,
        original_name="撤回的文件.pdf",
        file="evidence/2022/12/y.pdf",
        size=10,
        sha256="c" * 64,
        content_type="application/pdf",
        uploaded_by=staff_a,
        withdrawn_at=at(TODAY - d(5)),
        withdrawn_by=staff_a,
        withdrawn_reason="传错了",
    )
    ProgressUpdate.objects.create(
        task=by_title["执法B2 逾期未办"],
        author=staff_b,
        text="正在修订执法监督办法。",
        percent=30,
        created_at=at(TODAY - d(7)),
    )
    return Scenario(report=report, plan_items=plan_items, problem_items=problem_items, tasks=tasks)


# --- Plain-Python reference ---------------------------------------------------


def visible(user: User, tasks: list[Task]) -> list[Task]:
    """The visibility rule, restated by hand (departments here have no children)."""
    if user.role in {"supervisor", "leader"}:
        return list(tasks)
    result = []
    for task in tasks:
        cooperating = {d.pk for d in task.cooperating_departments.all()}
        if (
            task.responsible_id == user.pk
            or (user.department_id and task.lead_department_id == user.department_id)
            or user.department_id in cooperating
        ):
            result.append(task)
    return result


def expected_counts(tasks: list[Task], today: dt.date = TODAY) -> dict[str, int]:
    def is_open(t: Task) -> bool:
        return t.status in OPEN_STATUSES

    def local_day(t: Task) -> dt.date | None:
        return t.completed_at.astimezone(TZ).date() if t.completed_at else None

    return {
        "total": len(tasks),
        "done": sum(t.status == Status.DONE for t in tasks),
        "on_time": sum(
            t.status == Status.DONE
            and (t.due_on is None or (local_day(t) is not None and local_day(t) <= t.due_on))
            for t in tasks
        ),
        "cancelled": sum(t.status == Status.CANCELLED for t in tasks),
        "overdue": sum(is_open(t) and t.due_on is not None and t.due_on < today for t in tasks),
        "due_7": sum(
            is_open(t) and t.due_on is not None and today <= t.due_on <= today + dt.timedelta(7)
            for t in tasks
        ),
        "due_30": sum(
            is_open(t) and t.due_on is not None and today <= t.due_on <= today + dt.timedelta(30)
            for t in tasks
        ),
    }


def make_volume(
    *, n_tasks: int, n_departments: int, supervisor: User, prefix: str = "批量"
) -> list[Department]:
    """Many tasks over many departments, with progress and evidence (bulk)."""
    departments = Department.objects.bulk_create(
        [Department(name=f"{prefix}单位{i:03d}", order=100 + i) for i in range(n_departments)]
    )
    statuses = list(Status.values)
    tasks = Task.objects.bulk_create(
        [
            Task(
                title=f"批量任务{i}",
                lead_department=departments[i % n_departments],
                kind=[Kind.PLAN, Kind.PROBLEM, Kind.ADHOC][i % 3],
                status=statuses[i % len(statuses)],
                due_on=TODAY + dt.timedelta(days=(i % 90) - 45),
                completed_at=at(TODAY - dt.timedelta(days=i % 120))
                if statuses[i % len(statuses)] == Status.DONE
                else None,
                created_by=supervisor,
            )
            for i in range(n_tasks)
        ]
    )
    through = Task.cooperating_departments.through
    through.objects.bulk_create(
        [
            through(task_id=t.pk, department_id=departments[(i + 1) % n_departments].pk)
            for i, t in enumerate(tasks)
        ]
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(task=t, author=supervisor, text=f"进展{i}", percent=50)
            for i, t in enumerate(tasks)
        ]
    )
    EvidenceFile.objects.bulk_create(
        [
            EvidenceFile(
                task=t,
                original_name=f"材料{i}.pdf",
                file=f"evidence/x{i}.pdf",
                size=1,
                sha256=f"{i:064d}",
                content_type="application/pdf",
                uploaded_by=supervisor,
            )
            for i, t in enumerate(tasks)
        ]
    )
    return departments
