"""manage.py verify_archive FILE: check an archive package against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.archives.manifest import verify_package
from tracker.archives.models import ArchivePackage


class Command(BaseCommand):
    help = (
        "核验归档包：逐一核对 manifest.json 所列文件的大小与 SHA-256（及 SM3），"
        "不许多出或缺少文件；清单本身与本系统的归档登记对照。全部相符时退出码为 0。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="归档包 .zip")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        verdict = verify_package(path)
        problems = list(verdict.problems)
        registered = None
        if verdict.manifest_sha256:
            registered = ArchivePackage.objects.filter(
                manifest_sha256=verdict.manifest_sha256
            ).first()
            if registered is None:
                problems.append(
                    "清单 manifest.json 与本系统登记的任何归档包都不一致"
                    "（清单被改写，或归档包来自其他系统）。"
                )
        if problems or registered is None:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"核验未通过：{len(problems)} 处问题。")
        self.stdout.write(
            f"核验通过：{verdict.checked} 个文件与清单相符；"
            f"清单与本系统第 {registered.pk} 号归档包（{registered.title}，"
            f"{registered.created_at:%Y-%m-%d %H:%M}）的登记一致。"
        )
