"""The demo organisation: a provincial emergency management department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from plans.models import Report
from plans.services import report_import
from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.demo.supervision import demo_supervision_seed
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.org.models import Department, Role, User
from tracker.reviews.models import Decision, Review
from tracker.tasks.models import ExtensionRequest, Kind, ProgressUpdate, Status, Task
from tracker.tasks.services import task_snapshot

# Meets the project's own rule (12 characters, three classes: AUTH_PASSWORD_VALIDATORS).
DEMO_PASSWORD = "Duban@Demo2026"  # noqa: S105  (demo accounts only, printed on purpose)
# What older demo databases were seeded with (10 characters, below the rule): replaced by
# DEMO_PASSWORD when the demo is seeded again, so the printed logins keep working.
FORMER_DEMO_PASSWORDS = ("Duban@2022",)

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
    # 三员分立: three administrators, none a superuser, none seeing task data.
    DemoPerson("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None, "系统管理员"),
    DemoPerson("secadmin", "安全管理员", Role.SECURITY_ADMIN, None, "安全管理员"),
    DemoPerson("auditadmin", "审计管理员", Role.AUDIT_ADMIN, None, "审计管理员"),
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
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    demo_passwords_refresh()
    # Nobody is a superuser in daily use: the management site is entered by
    # role (tracker/security/permissions.py). Older demo databases made the
    # supervisor, or a supervisor named sysadmin, one; undo that.
    User.objects.filter(username__in=["supervisor", "sysadmin"], is_superuser=True).update(
        is_superuser=False, is_staff=False
    )
    User.objects.filter(username="sysadmin").exclude(role=Role.SYSTEM_ADMIN).update(
        role=Role.SYSTEM_ADMIN, department=None
    )
    return DEMO_PEOPLE


def demo_passwords_refresh() -> int:
    """Give demo accounts still on a former demo password the current one; how many."""
    refreshed = 0
    for user in User.objects.filter(username__in=[p.username for p in DEMO_PEOPLE]):
        if any(user.check_password(old) for old in FORMER_DEMO_PASSWORDS):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            refreshed += 1
    return refreshed


# --- the reference report, imported and assigned ---------------------------------------------

DEMO_REPORT_PATH = Path(__file__).resolve().parents[2] / "plans" / "demo" / "jilin_2021.txt"


@dataclass(frozen=True)
class DemoAssignment:
    """How the demo assigns one imported task: (kind, order) names the item.

    Days are counted from the day ``seed_demo`` runs, so a new user sees a
    living organisation: green, yellow, orange and red lights, a returned task,
    one waiting for review and an extension request.
    """

    kind: str
    order: int
    lead: str
    cooperating: tuple[str, ...]
    responsible: str | None
    assigned_days_ago: int
    due_in_days: int  # negative: already past
    status: str
    progress: tuple[tuple[int, int, str], ...] = ()  # (days ago, percent, text)


DEMO_ASSIGNMENTS: list[DemoAssignment] = [
    DemoAssignment(
        "plan",
        1,
        "政策法规处",
        ("安全生产综合协调处",),
        "fagui_staff",
        150,
        150,
        "in_progress",
        (
            (120, 20, "已梳理《吉林省安全生产条例》修订要点，形成修订草案初稿。"),
            (40, 55, "修订草案已征求各市州应急管理局意见，收到意见 37 条，正在研究吸收。"),
        ),
    ),
    DemoAssignment(
        "plan",
        2,
        "政策法规处",
        ("办公室",),
        "fagui_staff",
        180,
        -20,
        "done",
        (
            (130, 50, "已清理行政审批事项，压减 3 项，集中审批流程已重新公布。"),
            (45, 100, "网上审批系统完成升级并上线运行，事项网上可办率 100%。"),
        ),
    ),
    DemoAssignment(
        "plan",
        3,
        "安全生产执法监督处",
        ("人事处",),
        "zhifa_staff",
        150,
        -12,
        "in_progress",
        ((90, 30, "已制定市县执法资格培训方案，首期培训因疫情推迟。"),),
    ),
    DemoAssignment("plan", 4, "安全生产执法监督处", (), None, 3, 90, "assigned"),
    DemoAssignment(
        "problem",
        1,
        "政策法规处",
        ("安全生产综合协调处",),
        "fagui_staff",
        120,
        30,
        "in_progress",
        ((60, 40, "已起草厅内部职责边界清单，提交厅务会审议。"),),
    ),
    DemoAssignment("problem", 2, "政策法规处", (), None, 2, 60, "assigned"),
    DemoAssignment(
        "problem",
        3,
        "政策法规处",
        ("人事处",),
        "fagui_staff",
        120,
        10,
        "returned",
        (
            (70, 50, "完成执法人员专业能力测试，组织专题培训 2 期。"),
            (6, 100, "专题培训全部完成，申请销号。"),
        ),
    ),
    DemoAssignment(
        "problem",
        4,
        "安全生产执法监督处",
        ("救援协调和预案管理处",),
        "zhifa_staff",
        110,
        14,
        "submitted",
        (
            (50, 60, "已组织全省执法案卷评查，发现问题 12 个，督促整改。"),
            (3, 100, "案卷评查问题全部整改完毕，形成评查报告。"),
        ),
    ),
    DemoAssignment(
        "problem",
        5,
        "政策法规处",
        ("办公室",),
        "fagui_staff",
        200,
        -90,
        "done",
        ((100, 100, "“放管服”改革深化措施已印发，相关事项全部落实。"),),
    ),
]

# Closed ad-hoc tasks spread over the past months, so the trend chart has a history.
DEMO_CLOSED_TASKS: list[tuple[str, str, int, int]] = [
    # (title, lead, days ago closed, days late: negative = early)
    ("整理 2021 年度行政执法统计数据并报送司法厅", "安全生产执法监督处", 160, -5),
    ("修订厅机关合法性审核工作规则", "政策法规处", 130, -10),
    ("组织“宪法宣传周”集中普法活动", "政策法规处", 100, 0),
    ("完成厅法律顾问年度考核", "政策法规处", 75, 3),
    ("更新行政执法事项清单并公开", "安全生产执法监督处", 52, -2),
    ("汇总各处室规范性文件清理意见", "办公室", 33, -1),
    ("修订应急预案管理办法征求意见稿", "救援协调和预案管理处", 18, -4),
    ("落实行政复议决定书网上公开", "政策法规处", 8, 0),
]


def _demo_moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo("Asia/Shanghai"))


@transaction.atomic
def demo_report_seed(today: dt.date | None = None) -> tuple[Report, bool]:
    """Import the reference report and bring its tasks to life; nothing happens the second time.

    Deadlines, progress and decisions are placed relative to ``today`` (the
    day the command runs), so the demo never looks years overdue.
    """
    today = today or timezone.localdate()
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

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    for plan in DEMO_ASSIGNMENTS:
        task = tasks.get((plan.kind, plan.order))
        if task is None:  # the parser found fewer items than the demo expects
            continue
        assigned_at = _demo_moment(ago(plan.assigned_days_ago))
        task.lead_department = departments[plan.lead]
        task.responsible = people.get(plan.responsible) if plan.responsible else None
        task.due_on = today + dt.timedelta(days=plan.due_in_days)
        task.status = plan.status
        task.assigned_at = assigned_at
        task.created_at = assigned_at - dt.timedelta(days=2)
        if plan.status != Status.ASSIGNED:
            task.acknowledged_at = assigned_at + dt.timedelta(days=1)
        for days_ago, percent, text in plan.progress:
            ProgressUpdate.objects.create(
                task=task,
                author=task.responsible or supervisor,
                text=text,
                percent=percent,
                created_at=_demo_moment(ago(days_ago), 15),
            )
            task.progress = percent
        last_day = ago(plan.progress[-1][0]) if plan.progress else today
        if plan.status in (Status.DONE, Status.SUBMITTED, Status.RETURNED):
            task.submitted_at = _demo_moment(last_day, 16)
            task.submitted_by = task.responsible
        if plan.status == Status.DONE:
            task.completed_at = _demo_moment(last_day + dt.timedelta(days=2))
            Review.objects.create(
                task=task,
                decision=Decision.APPROVE,
                reason="材料齐全，同意办结销号。",
                reviewer=supervisor,
                created_at=task.completed_at,
            )
        if plan.status == Status.RETURNED:
            task.progress = 80
            Review.objects.create(
                task=task,
                decision=Decision.RETURN,
                reason="培训签到表和考试成绩未上传，请补充佐证材料后重新提交。",
                reviewer=supervisor,
                created_at=_demo_moment(last_day + dt.timedelta(days=1), 11),
            )
        task.full_clean()
        task.save()
        task.cooperating_departments.set([departments[name] for name in plan.cooperating])
        _demo_audit(task, supervisor)
    _demo_history(today, supervisor, departments)
    _demo_requests_and_messages(today, tasks, people)
    demo_supervision_seed(today, tasks.values(), people)
    return result.report, True


def _demo_audit(task: Task, supervisor: User) -> None:
    """The audit trail the demo's invented past would have left — 交办, 签收,
    退回, 销号 at their moments — so that 考评 (derived from it) has a history."""
    moments: list[tuple[dt.datetime, AuditAction, str]] = []
    if task.assigned_at:
        moments.append((task.assigned_at, AuditAction.TASK_ASSIGN, Status.ASSIGNED))
    if task.acknowledged_at:
        moments.append((task.acknowledged_at, AuditAction.TASK_ACKNOWLEDGE, Status.IN_PROGRESS))
    for review in task.reviews.order_by("created_at"):
        if review.decision == Decision.RETURN:
            moments.append((review.created_at, AuditAction.TASK_RETURN, Status.RETURNED))
        else:
            moments.append((review.created_at, AuditAction.TASK_APPROVE, Status.DONE))
    for moment, action, status in sorted(moments, key=lambda m: m[0]):
        audit_record(
            action=action,
            actor=supervisor,
            obj=task,
            after=task_snapshot(task) | {"status": status},
            created_at=moment,
        )


def _demo_history(today: dt.date, supervisor: User, departments: dict[str, Department]) -> None:
    """Ad-hoc tasks closed over the past months: the trend chart's history."""
    for title, lead, closed_days_ago, days_late in DEMO_CLOSED_TASKS:
        closed = today - dt.timedelta(days=closed_days_ago)
        assigned = closed - dt.timedelta(days=45)
        closed_at = _demo_moment(closed)
        task = Task(
            title=title,
            kind=Kind.ADHOC,
            lead_department=departments[lead],
            created_by=supervisor,
            status=Status.DONE,
            progress=100,
            due_on=closed - dt.timedelta(days=days_late),
            assigned_at=_demo_moment(assigned),
            acknowledged_at=_demo_moment(assigned + dt.timedelta(days=1)),
            submitted_at=_demo_moment(closed - dt.timedelta(days=1), 16),
            completed_at=closed_at,
        )
        task.created_at = _demo_moment(assigned - dt.timedelta(days=1))
        task.full_clean()
        task.save()
        Review.objects.create(
            task=task,
            decision=Decision.APPROVE,
            reason="同意办结。",
            reviewer=supervisor,
            created_at=closed_at,
        )
        _demo_audit(task, supervisor)


def _demo_requests_and_messages(
    today: dt.date, tasks: dict[tuple[str, int], Task], people: dict[str, User]
) -> None:
    """A pending extension request and unread in-app messages for each role."""
    overdue = tasks.get(("plan", 3))
    if overdue is not None:
        ExtensionRequest.objects.create(
            task=overdue,
            requested_by=people["zhifa_staff"],
            current_due_on=overdue.due_on,
            requested_due_on=today + dt.timedelta(days=45),
            reason="首期培训因场地调整推迟，申请延期至培训全部结束。",
        )
    now = timezone.now()
    messages = [
        (
            "fagui_staff",
            ("problem", 3),
            NotificationKind.RETURNED,
            "任务被退回：请补充佐证材料后重新提交",
        ),
        ("fagui_staff", ("problem", 1), NotificationKind.DUE_SOON, "任务将于 30 天内到期"),
        ("fagui_head", ("problem", 2), NotificationKind.ASSIGNED, "新交办任务待签收"),
        ("zhifa_head", ("plan", 4), NotificationKind.ASSIGNED, "新交办任务待签收"),
        ("zhifa_staff", ("plan", 3), NotificationKind.OVERDUE, "任务已逾期，请尽快办理"),
        ("leader", ("plan", 3), NotificationKind.ESCALATE_LEADER, "分管领域任务逾期升级"),
        ("supervisor", ("problem", 4), NotificationKind.UNACKNOWLEDGED, "有任务提交审核"),
    ]
    for number, (username, key, kind, subject) in enumerate(messages, start=1):
        task = tasks.get(key)
        if task is None or username not in people:
            continue
        Notification.objects.create(
            recipient=people[username],
            task=task,
            kind=kind,
            channel=Channel.APP,
            dedupe_key=f"demo:{number}:{task.pk}:{username}",
            subject=f"{subject}：{task.title[:40]}",
            body=task.title,
            status=DeliveryStatus.SENT,
            sent_at=now,
        )
