"""python manage.py sweep_reminders --now 2022-12-25T09:00:00+08:00 [--dry-run]"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tracker.notifications.reminders import reminders_sweep


class Command(BaseCommand):
    help = "执行一次提醒扫描，输出按类型统计的 JSON。Run one reminder sweep; print JSON counts per kind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="ISO 8601 时刻，默认为当前时间")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(
                    f"无法识别的时间：{options['now']}（应为 ISO 8601 格式）"
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        counts = reminders_sweep(now=now, dry_run=options["dry_run"])
        self.stdout.write(json.dumps(counts, ensure_ascii=False, sort_keys=True))
