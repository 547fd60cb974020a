"""python manage.py import_report FILE [--dry-run --json] [--paragraphs] [--mark 5-8:plan …]
[--link 0 …]: a report into draft tasks, with the same marking by hand and the same
rectification ↔ plan links as the preview page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plans.services import (
    MARK_KINDS,
    ReportImportError,
    _proposals,
    link_pairs,
    links_apply,
    preview_mark,
    report_import,
    report_read,
)
from tracker.org.models import Department, Role, User


class Command(BaseCommand):
    help = (
        "导入年度报告、任务分工表或会议纪要：为每项工作计划、每个问题、每行任务或每项议定事项"
        "各建一项待交办任务，文中写明的牵头单位、配合单位和完成时限一并带入。"
        "同一内容重复导入不会新建任何内容。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            help="年度报告（.txt、.html、.docx 或文字版 .pdf）、任务分工表（.docx 或 .xlsx）或会议纪要",
        )
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")
        parser.add_argument(
            "--lead-department",
            metavar="NAME",
            help="所有任务的牵头单位（单位名称或简称）；默认按单位职责关键词推荐",
        )
        parser.add_argument(
            "--due-on", metavar="YYYY-MM-DD", help="所有任务的完成时限；默认为计划年度 12 月 31 日"
        )
        parser.add_argument(
            "--assign", action="store_true", help="直接交办（状态为已交办），默认为待交办"
        )
        parser.add_argument("--user", metavar="USERNAME", help="记为导入人的用户名")
        parser.add_argument(
            "--paragraphs",
            action="store_true",
            help="列出报告的段落及其编号（供 --mark 使用），不导入",
        )
        parser.add_argument(
            "--mark",
            action="append",
            default=[],
            metavar="起[-止]:类型",
            help="人工标记段落（编号见 --paragraphs），可重复，按顺序生效；类型："
            + "、".join(f"{k} {v}" for k, v in MARK_KINDS.items()),
        )
        parser.add_argument(
            "--link",
            action="append",
            default=[],
            metavar="编号",
            help="确认关联建议（整改任务—工作计划，编号见 --dry-run --json 的 link_proposals），"
            "可重复；未确认的建议不关联",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件：{path}（{error.strerror or error}）") from error
        try:
            preview = report_read(data=data, filename=path.name)
        except ReportImportError as error:
            raise CommandError(error.message) from error

        if options["paragraphs"]:
            listed = [
                {"index": p["index"], "locator": p["locator"], "text": p["text"]}
                for p in preview["paragraphs"]
            ]
            if options["json"]:
                self.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(
                    "\n".join(f"{p['index']}\t{p['locator']}\t{p['text']}" for p in listed)
                )
            return

        rows = None
        if options["mark"]:
            preview["proposals"] = _proposals(preview)
            rows = preview["proposals"]
            for value in options["mark"]:
                start, end, kind = self._marking(value)
                try:
                    rows = preview_mark(
                        preview=preview,
                        rows=rows,
                        start=start,
                        end=end,
                        kind=kind,
                        user=self._user(options["user"]),
                        store=False,
                    )
                except ReportImportError as error:
                    raise CommandError(f"{value}：{error.message}") from error

        if rows is None:
            preview["proposals"] = _proposals(preview)
            rows = preview["proposals"]
            marked = False
        else:
            marked = True
        try:
            rows = links_apply(
                rows=rows, links=[{"pair": value, "accept": True} for value in options["link"]]
            )
        except ReportImportError as error:
            raise CommandError(error.message) from error

        if options["dry_run"]:
            keys = [
                "title",
                "organization",
                "report_year",
                "plan_year",
                "issued_on",
                "plan_section",
                "problem_section",
                "outline",
                "warnings",
                "document_kind",
            ]
            contract = {key: preview[key] for key in keys}
            # The proposed rectification ↔ plan links, numbered for --link.
            contract["link_proposals"] = link_pairs(rows)
            if marked:
                # After marking, the tasks the import would create and the markings.
                contract["markings"] = preview["markings"]
                contract["marked_tasks"] = [
                    {
                        "kind": row["kind"],
                        "number": row["number"],
                        "title": row["title"],
                        "source_paragraph": row["source_paragraph"],
                        "reason": row["reason"],
                    }
                    for row in rows
                ]
            if options["json"]:
                self.stdout.write(json.dumps(contract, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(self._describe(contract))
                for row in contract.get("marked_tasks", []):
                    kind = "工作计划" if row["kind"] == "plan" else "整改任务"
                    self.stdout.write(f"  标记后 · {kind}：{row['title']}")
            return

        lead = self._department(options["lead_department"])
        due_on = self._date(options["due_on"])
        user = self._user(options["user"])
        try:
            result = report_import(
                user=user,
                preview=preview,
                rows=rows,
                lead_department=lead,
                due_on=due_on,
                assign=options["assign"],
            )
        except ReportImportError as error:
            raise CommandError(error.message) from error
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "report": result.report.pk,
                        "created": result.created,
                        "tasks": [t.pk for t in result.tasks],
                        "summary": result.summary(),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(result.summary())

    def _describe(self, contract: dict[str, Any]) -> str:
        lines = [f"标题：{contract['title'] or '（未识别）'}", f"计划年度：{contract['plan_year']}"]
        for key, label, text_key in (
            ("plan_section", "工作计划", "title"),
            ("problem_section", "存在问题", "text"),
        ):
            section = contract[key]
            if section is None:
                lines.append(f"{label}：未找到")
                continue
            lines.append(f"{label}（{section['heading']}）：{len(section['items'])} 项")
            lines += [f"  {i['number'] or '·'} {i[text_key]}" for i in section["items"]]
        lines += [f"提示：{w}" for w in contract["warnings"]]
        return "\n".join(lines)

    def _department(self, name: str | None) -> Department | None:
        if not name:
            return None
        department = (
            Department.objects.active().filter(name=name).first()
            or Department.objects.active().filter(short_name=name).first()
        )
        if department is None:
            raise CommandError(f"找不到单位：{name}")
        return department

    def _date(self, value: str | None) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"日期格式不正确：{value}（应为 YYYY-MM-DD）") from error

    def _user(self, username: str | None) -> User | None:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"找不到用户：{username}")
            return user
        return User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("id").first()

    def _marking(self, value: str) -> tuple[int, int, str]:
        """'5-8:plan' or '9:problem' → (5, 8, 'plan')."""
        where, _sep, kind = value.partition(":")
        first, _dash, last = where.partition("-")
        try:
            start = int(first)
            end = int(last) if last else start
        except ValueError as error:
            raise CommandError(
                f"标记格式不正确：{value}（应为 起-止:类型，例如 5-8:plan 或 9:problem）"
            ) from error
        if kind not in MARK_KINDS:
            raise CommandError(f"标记类型不正确：{value}（可用：{'、'.join(MARK_KINDS)}）")
        return start, end, kind
