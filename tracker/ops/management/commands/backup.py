"""manage.py backup: one archive with the database, the evidence files and a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份：数据库、全部佐证材料和清单（审计链头、每个文件的 SHA-256）写入一个归档。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive path (default: BACKUP_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup_create(output=options.get("output"))
        except (BackupError, OSError) as error:
            raise CommandError(f"备份失败：{error}") from error
        for problem in manifest["problems"]:
            self.stderr.write(f"警告：{problem}")
        head = manifest["audit_head"]
        self.stdout.write(
            f"备份完成：{path}（{manifest['counts']['tasks']} 项任务，"
            f"{len(manifest['evidence'])} 个文件，审计链头 #{head['id']} {head['hash']}）"
        )
