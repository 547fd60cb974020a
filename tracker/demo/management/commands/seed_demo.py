"""python manage.py seed_demo: the demo organisation, printed logins; idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tracker.demo.seeding import (
    DEMO_PASSWORD,
    demo_organisation_seed,
    demo_passwords_refresh,
    demo_report_seed,
)
from tracker.org.models import Role, User


class Command(BaseCommand):
    help = "创建演示单位、演示账号并导入示例报告（可重复执行，不会重复创建）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="只在数据库中还没有任何用户时创建（供 make run 首次启动使用）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and User.objects.exists():
            # A demo database from an older version: its accounts get today's password.
            demo_passwords_refresh()
            self.stdout.write(f"已有数据，跳过演示数据。演示账号密码为 {DEMO_PASSWORD}。")
            return
        people = demo_organisation_seed()
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for person in people:
            role = Role(person.role).label
            where = person.department or "—"
            self.stdout.write(f"  {person.username:<14} {person.full_name:<6} {role} · {where}")
        report, created = demo_report_seed()
        count = report.tasks.count()
        if created:
            self.stdout.write(f"已导入示例报告“{report.title}”，生成并交办任务 {count} 项。")
        else:
            self.stdout.write(f"示例报告“{report.title}”已导入（任务 {count} 项），未重复创建。")
