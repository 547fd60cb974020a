"""manage.py verify_audit: check the hash chain of the audit trail (SHA-256 or
SM3 per event) and, with --evidence, every evidence file's digests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链（SHA-256 或 SM3）；加 --evidence 同时校验佐证材料摘要。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--evidence", action="store_true", help="同时重新计算并校验每个佐证材料的摘要"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = list(audit_verify())
        if options["evidence"]:
            from tracker.evidence.storage import evidence_verify

            broken += list(evidence_verify())
        if broken:
            for line in broken:
                self.stderr.write(line)
            raise CommandError(f"校验失败：发现 {len(broken)} 处异常。")
        algorithms = "、".join(
            sorted(set(AuditEvent.objects.values_list("hash_algorithm", flat=True))) or ["-"]
        )
        self.stdout.write(
            f"审计日志完整：共 {AuditEvent.objects.count()} 条记录，哈希链校验通过（{algorithms}）。"
        )
