"""manage.py verify_evidence: every stored evidence file against its recorded SHA-256."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tracker.evidence.models import EvidenceFile
from tracker.ops.backup import evidence_verify


class Command(BaseCommand):
    help = "校验佐证材料：逐个文件计算 SHA-256 并与上传时记录的值比对；缺失或不符时非零退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(evidence_verify())
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"佐证材料校验失败：{len(problems)} 个文件缺失或被改动。")
        self.stdout.write(
            f"佐证材料完整：{EvidenceFile.objects.count()} 个文件的 SHA-256 全部一致。"
        )
