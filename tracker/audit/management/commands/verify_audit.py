"""manage.py verify_audit: check the hash chain of the audit trail (SHA-256 or SM3 per
event), given an anchor recorded outside the table that no newest rows were deleted,
and with --evidence every evidence file's digests."""

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
        "校验审计日志哈希链（SHA-256 或 SM3）；给出锚点（--anchor ID:HASH、锚点文件或备份清单）"
        "时还检查末尾记录是否被删除；加 --evidence 同时校验佐证材料摘要。"
        "发现异常时列出并以非零状态退出。"
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
        parser.add_argument(
            "--evidence", action="store_true", help="同时重新计算并校验每个佐证材料的摘要"
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
        if options.get("evidence"):
            from tracker.evidence.storage import evidence_verify

            broken += list(evidence_verify())
        if broken:
            for line in broken:
                self.stderr.write(line)
            raise CommandError(f"审计日志校验失败：发现 {len(broken)} 处异常。")
        algorithms = "、".join(
            sorted(set(AuditEvent.objects.values_list("hash_algorithm", flat=True))) or ["-"]
        )
        anchored = "，与锚点一致" if source else ""
        self.stdout.write(
            f"审计日志完整：共 {AuditEvent.objects.count()} 条记录，"
            f"哈希链校验通过（{algorithms}）{anchored}。"
        )
