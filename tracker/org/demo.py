"""The demo organisation: a provincial emergency management department."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tracker.org.models import Department, Role, User

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
