"""manage.py verify_audit: check the hash chain of the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链；发现篡改时列出异常记录并以非零状态退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        broken = list(audit_verify())
        if broken:
            for line in broken:
                self.stderr.write(line)
            raise CommandError(f"审计日志校验失败：发现 {len(broken)} 处异常。")
        self.stdout.write(f"审计日志完整：共 {AuditEvent.objects.count()} 条记录，哈希链校验通过。")
