"""python manage.py redrive_notifications (--all | --id N [--id M …]) [--dry-run]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.notifications.models import DeliveryStatus, Notification
from tracker.notifications.services import notifications_redrive


class Command(BaseCommand):
    help = (
        "重新发送发送失败的通知（排除故障后使用）。"
        " Send failed notifications again, after the cause is fixed; prints JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", type=int, action="append", dest="ids", help="通知编号，可重复")
        parser.add_argument("--all", action="store_true", help="全部发送失败的通知")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不改变任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] | None = options["ids"]
        if not ids and not options["all"]:
            raise CommandError("请用 --id 指定通知编号，或用 --all 重新发送全部失败的通知。")
        failed = Notification.objects.filter(status=DeliveryStatus.FAILED)
        if ids:
            failed = failed.filter(pk__in=ids)
        if options["dry_run"]:
            result = {"failed": failed.count(), "redriven": 0}
        else:
            redriven = notifications_redrive(notification_ids=ids or None)
            result = {"failed": redriven, "redriven": redriven}
        self.stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=True))
