"""manage.py restore ARCHIVE --yes: replace the database and evidence files from a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从备份恢复：先按清单校验归档，再替换数据库并写回佐证材料，最后核对审计链头、"
        "哈希链、记录数和每个文件的 SHA-256。会覆盖当前数据，须加 --yes。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="really replace the current data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖当前数据库和文件；确认请加 --yes。 Add --yes to proceed.")
        try:
            result = backup_restore(archive_path=options["archive"])
        except (BackupError, OSError) as error:
            raise CommandError(f"恢复失败：{error}") from error
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"恢复后校验失败：发现 {len(result.problems)} 处异常。")
        counts = result.manifest["counts"]
        self.stdout.write(
            f"恢复完成并已校验：{counts['tasks']} 项任务，{counts['evidence']} 个文件，"
            f"{counts['audit_events']} 条审计记录。"
        )
