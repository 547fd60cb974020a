"""``manage.py sync_directory``: bring departments and people in line with LDAP/AD."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tracker.identity import directory


class Command(BaseCommand):
    help = "从目录服务器（LDAP/AD）同步单位与人员；离职人员停用而不删除。"

    def handle(self, *args: Any, **options: Any) -> None:
        if not directory.directory_enabled():
            raise CommandError("未配置目录服务器：请设置 LDAP_SERVER_URI 等环境变量。")
        try:
            run = directory.directory_sync()
        except directory.DirectoryError as exc:
            raise CommandError(f"目录同步失败，未做任何更改：{exc}") from exc
        self.stdout.write(json.dumps(run.counts, ensure_ascii=False))
