"""The demo organisation: a provincial emergency management department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from plans.models import Report
from plans.services import report_import
from tracker.org.models import Department, Role, User
from tracker.reviews.models import Decision, Review
from tracker.tasks.models import ProgressUpdate, Status

DEMO_PASSWORD = "Duban@2022"  # noqa: S105  (demo accounts only, printed on purpose)

# (name, short name, keywords used to suggest the lead department on import)
DEMO_DEPARTMENTS: list[tuple[str, str, str]] = [
    ("办公室", "办公室", "政务公开,信息公开,网站,值班值守,督查"),
    (
        "政策法规处",
        "法规处",
        "立法,法规,规章,规范性文件,法治,合法性审核,行政复议,行政应诉,普法,法律顾问,放管服,行政审批,政务服务",
    ),
    ("应急指挥中心", "指挥中心", "指挥,应急响应,信息报告,值守,联动"),
    ("风险监测和综合减灾处", "减灾处", "风险监测,减灾,自然灾害,预警"),
    ("救援协调和预案管理处", "预案处", "预案,演练,救援,社会应急力量,基层应急"),
    ("安全生产综合协调处", "综合协调处", "安全生产,专项整治,安委会,考核,目标责任"),
    ("危险化学品安全监督管理处", "危化处", "危险化学品,危化,化工"),
    (
        "安全生产执法监督处",
        "执法监督处",
        "执法,行政处罚,执法资格,执法监督,执法培训,执法人员,案卷,考评",
    ),
    ("人事处", "人事处", "培训,干部,队伍建设,人员"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    role: str
    department: str | None
    title: str


DEMO_PEOPLE: list[DemoPerson] = [
    DemoPerson("supervisor", "王督办", Role.SUPERVISOR, "政策法规处", "督查员"),
    DemoPerson("leader", "李副厅长", Role.LEADER, None, "副厅长（分管领导）"),
    DemoPerson("fagui_head", "赵处长", Role.HEAD, "政策法规处", "处长"),
    DemoPerson("fagui_staff", "钱科员", Role.STAFF, "政策法规处", "一级主任科员"),
    DemoPerson("zhifa_head", "孙处长", Role.HEAD, "安全生产执法监督处", "处长"),
    DemoPerson("zhifa_staff", "周科员", Role.STAFF, "安全生产执法监督处", "四级主任科员"),
    DemoPerson("yuan_head", "吴处长", Role.HEAD, "救援协调和预案管理处", "处长"),
    DemoPerson("yuan_staff", "郑科员", Role.STAFF, "救援协调和预案管理处", "一级科员"),
    DemoPerson("office_head", "冯主任", Role.HEAD, "办公室", "主任"),
    DemoPerson("office_staff", "陈科员", Role.STAFF, "办公室", "一级科员"),
]


@transaction.atomic
def demo_organisation_seed() -> list[DemoPerson]:
    """Create or refresh the demo departments and people; safe to run again."""
    departments: dict[str, Department] = {}
    for order, (name, short_name, keywords) in enumerate(DEMO_DEPARTMENTS, start=1):
        department, _ = Department.objects.update_or_create(
            name=name,
            defaults={"short_name": short_name, "order": order * 10, "keywords": keywords},
        )
        departments[name] = department
    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "full_name": person.full_name,
                "role": person.role,
                "department": departments[person.department] if person.department else None,
                "title": person.title,
                "email": f"{person.username}@example.gov.cn",
                "is_liaison": person.role == Role.HEAD,
                "is_staff": person.role == Role.SUPERVISOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    supervisor = User.objects.get(username="supervisor")
    if not supervisor.is_superuser:
        # The supervisor runs the admin in the demo; in production grant by hand.
        supervisor.is_superuser = True
        supervisor.save(update_fields=["is_superuser"])
    return DEMO_PEOPLE


# --- the reference report, imported and assigned ---------------------------------------------

DEMO_REPORT_PATH = Path(__file__).resolve().parents[2] / "plans" / "demo" / "jilin_2021.txt"


@dataclass(frozen=True)
class DemoAssignment:
    """How the demo assigns one imported task: (kind, order) names the item."""

    kind: str
    order: int
    lead: str
    cooperating: tuple[str, ...]
    responsible: str | None
    due_on: dt.date
    status: str
    progress: tuple[tuple[dt.date, int, str], ...] = ()


_D = dt.date
DEMO_ASSIGNMENTS: list[DemoAssignment] = [
    DemoAssignment(
        "plan",
        1,
        "政策法规处",
        ("安全生产综合协调处",),
        "fagui_staff",
        _D(2022, 12, 31),
        "in_progress",
        (
            (_D(2022, 3, 15), 20, "已梳理《吉林省安全生产条例》修订要点，形成修订草案初稿。"),
            (
                _D(2022, 6, 20),
                55,
                "修订草案已征求各市州应急管理局意见，收到意见 37 条，正在研究吸收。",
            ),
        ),
    ),
    DemoAssignment(
        "plan",
        2,
        "政策法规处",
        ("办公室",),
        "fagui_staff",
        _D(2022, 10, 31),
        "done",
        (
            (_D(2022, 4, 10), 50, "已清理行政审批事项，压减 3 项，集中审批流程已重新公布。"),
            (_D(2022, 9, 28), 100, "网上审批系统完成升级并上线运行，事项网上可办率 100%。"),
        ),
    ),
    DemoAssignment(
        "plan",
        3,
        "安全生产执法监督处",
        ("人事处",),
        "zhifa_staff",
        _D(2022, 9, 30),
        "in_progress",
        ((_D(2022, 5, 12), 30, "已制定市县执法资格培训方案，首期培训因疫情推迟。"),),
    ),
    DemoAssignment(
        "plan",
        4,
        "安全生产执法监督处",
        (),
        None,
        _D(2022, 12, 31),
        "assigned",
    ),
    DemoAssignment(
        "problem",
        1,
        "政策法规处",
        ("安全生产综合协调处",),
        "fagui_staff",
        _D(2022, 12, 31),
        "in_progress",
        ((_D(2022, 7, 1), 40, "已起草厅内部职责边界清单，提交厅务会审议。"),),
    ),
    DemoAssignment(
        "problem",
        2,
        "政策法规处",
        (),
        None,
        _D(2022, 12, 31),
        "assigned",
    ),
    DemoAssignment(
        "problem",
        3,
        "安全生产执法监督处",
        ("人事处",),
        "zhifa_staff",
        _D(2022, 11, 30),
        "in_progress",
        ((_D(2022, 8, 18), 50, "完成执法人员专业能力测试，组织专题培训 2 期。"),),
    ),
    DemoAssignment(
        "problem",
        4,
        "安全生产执法监督处",
        ("救援协调和预案管理处",),
        None,
        _D(2022, 12, 31),
        "assigned",
    ),
    DemoAssignment(
        "problem",
        5,
        "政策法规处",
        ("办公室",),
        "fagui_staff",
        _D(2022, 8, 31),
        "done",
        ((_D(2022, 8, 25), 100, "“放管服”改革深化措施已印发，相关事项全部落实。"),),
    ),
]


def _demo_moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo("Asia/Shanghai"))


@transaction.atomic
def demo_report_seed() -> tuple[Report, bool]:
    """Import the reference report and bring its tasks to life; nothing happens the second time."""
    supervisor = User.objects.get(username="supervisor")
    result = report_import(
        user=supervisor, data=DEMO_REPORT_PATH.read_bytes(), filename=DEMO_REPORT_PATH.name
    )
    if not result.created:
        return result.report, False
    departments = {d.name: d for d in Department.objects.all()}
    people = {u.username: u for u in User.objects.all()}
    tasks = {
        (item.kind, item.order): t
        for t in result.tasks
        if (item := t.source_item) is not None  # every imported task has its source item
    }
    assigned_at = _demo_moment(dt.date(2022, 1, 20))
    for plan in DEMO_ASSIGNMENTS:
        task = tasks.get((plan.kind, plan.order))
        if task is None:  # the parser found fewer items than the demo expects
            continue
        task.lead_department = departments[plan.lead]
        task.responsible = people.get(plan.responsible) if plan.responsible else None
        task.due_on = plan.due_on
        task.status = plan.status
        task.assigned_at = assigned_at
        task.created_at = assigned_at
        if plan.status != Status.ASSIGNED:
            task.acknowledged_at = _demo_moment(dt.date(2022, 1, 24))
        for day, percent, text in plan.progress:
            ProgressUpdate.objects.create(
                task=task,
                author=task.responsible or supervisor,
                text=text,
                percent=percent,
                created_at=_demo_moment(day, 15),
            )
            task.progress = percent
        if plan.status == Status.DONE:
            last_day = plan.progress[-1][0] if plan.progress else plan.due_on
            task.submitted_at = _demo_moment(last_day, 16)
            task.completed_at = _demo_moment(last_day + dt.timedelta(days=2))
            Review.objects.create(
                task=task,
                decision=Decision.APPROVE,
                reason="材料齐全，同意办结销号。",
                reviewer=supervisor,
                created_at=task.completed_at,
            )
        task.full_clean()
        task.save()
        task.cooperating_departments.set([departments[name] for name in plan.cooperating])
    return result.report, True
