"""manage.py verify_audit: check the hash chain of the audit trail (and, given an anchor
recorded outside the table, that no newest rows were deleted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.audit.anchor import ANCHOR_FILE, anchor_check, anchor_parse
from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "校验审计日志哈希链；给出锚点（--anchor ID:HASH、锚点文件或备份清单）时还检查末尾记录"
        "是否被删除。发现异常时列出并以非零状态退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            help="ID:HASH, an anchors.jsonl file (last line), a manifest.json or a backup archive",
        )
        parser.add_argument(
            "--latest-anchor",
            action="store_true",
            help="use the last anchor in AUDIT_ANCHOR_DIR/anchors.jsonl",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = list(audit_verify())
        source = options.get("anchor")
        if options.get("latest_anchor"):
            source = str(Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE)
            if not Path(source).exists():
                raise CommandError(f"没有锚点文件：{source}")
        if source:
            try:
                anchor = anchor_parse(source)
            except (ValueError, KeyError, OSError) as error:
                raise CommandError(f"锚点无法读取：{error}") from error
            broken += anchor_check(anchor)
        if broken:
            for line in broken:
                self.stderr.write(line)
            raise CommandError(f"审计日志校验失败：发现 {len(broken)} 处异常。")
        anchored = "，与锚点一致" if source else ""
        self.stdout.write(
            f"审计日志完整：共 {AuditEvent.objects.count()} 条记录，哈希链校验通过{anchored}。"
        )
