"""The task ledger (工作台账) as .xlsx and .csv, streamed with flat memory.

Rows come from the visible tasks narrowed by TaskFilter (any filtered task
list can be exported). Tasks are read in chunks with their related rows
prefetched per chunk, so the number of queries does not grow with the
number of tasks within a chunk, and memory stays flat across chunks.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from tracker.evidence.models import EvidenceFile
from tracker.scoring.services import KIND_LABELS, KINDS, LeagueRow
from tracker.tasks.models import UNASSIGNED_STATUSES, Kind, ProgressUpdate, Status, Task

CHUNK_SIZE = 2000

COLUMNS: list[tuple[str, float]] = [
    ("序号", 6),
    ("任务来源", 28),
    ("工作任务", 40),
    ("牵头单位", 16),
    ("配合单位", 20),
    ("责任人", 10),
    ("完成时限", 12),
    ("进展情况", 40),
    ("完成状态", 14),
    ("是否逾期", 12),
    ("佐证材料", 48),
    ("催办次数", 10),
]


@dataclass
class LedgerRow:
    number: int
    source: str
    title: str
    lead_department: str
    cooperating_departments: str
    responsible: str
    due_on: dt.date | None
    progress: str
    status: str
    overdue_days: int
    evidence: str
    urge_count: int = 0

    @property
    def overdue_text(self) -> str:
        return f"逾期{self.overdue_days}天" if self.overdue_days else "否"

    def values(self) -> list[Any]:
        return [
            self.number,
            self.source,
            self.title,
            self.lead_department,
            self.cooperating_departments,
            self.responsible,
            self.due_on,
            self.progress,
            self.status,
            self.overdue_text,
            self.evidence,
            self.urge_count,
        ]


def ledger_queryset(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Everything a ledger row needs, in a fixed number of queries per chunk."""
    latest = ProgressUpdate.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        tasks.select_related("lead_department", "responsible", "report", "source_item")
        .prefetch_related(
            "cooperating_departments",
            Prefetch(
                "evidence",
                # 佐证材料: withdrawn files are left out of the ledger.
                queryset=EvidenceFile.objects.filter(withdrawn_at__isnull=True).order_by(
                    "original_name", "-version"
                ),
                to_attr="valid_evidence",
            ),
        )
        .annotate(
            latest_progress_text=Subquery(latest.values("text")[:1]),
            latest_progress_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def task_source(task: Task, kind_labels: dict[str, str]) -> str:
    if task.source_item is not None:
        item = task.source_item
        return f"{task.report.title if task.report else ''} {item.number}{item.title}".strip()
    if task.report is not None:
        return task.report.title
    return kind_labels.get(task.kind, task.kind)


def _lead_text(task: Task) -> str:
    """牵头单位; a task not yet assigned (待交办, 退办) is nobody's yet, and
    says so rather than standing in its proposed division's name."""
    if task.status in UNASSIGNED_STATUSES:
        if task.lead_department is None:
            return "（尚未交办）"
        return f"（尚未交办，拟由{task.lead_department}牵头）"
    return str(task.lead_department or "")


def ledger_rows(tasks: QuerySet[Task], today: dt.date | None = None) -> Iterator[LedgerRow]:
    today = today or timezone.localdate()
    # Translated labels once per export: get_FOO_display per row is slow.
    status_labels = {value: str(label) for value, label in Status.choices}
    kind_labels = {value: str(label) for value, label in Kind.choices}
    for number, task in enumerate(ledger_queryset(tasks).iterator(chunk_size=CHUNK_SIZE), 1):
        progress = ""
        if task.latest_progress_text:  # type: ignore[attr-defined]
            when = timezone.localdate(task.latest_progress_at)  # type: ignore[attr-defined]
            progress = f"{when:%Y-%m-%d}：{task.latest_progress_text}（{task.progress}%）"  # type: ignore[attr-defined]
        status = status_labels.get(task.status, task.status)
        if task.completed_at and task.status == "done":
            status += f"（{timezone.localdate(task.completed_at):%Y-%m-%d}）"
        yield LedgerRow(
            number=number,
            source=task_source(task, kind_labels),
            title=task.title,
            lead_department=_lead_text(task),
            cooperating_departments="、".join(d.name for d in task.cooperating_departments.all()),
            responsible=str(task.responsible or ""),
            due_on=task.due_on,
            progress=progress,
            status=status,
            overdue_days=task.days_overdue(today),
            urge_count=task.urge_count,
            evidence="\n".join(
                f"{e.original_name}（v{e.version}）SHA-256: {e.sha256}"
                for e in task.valid_evidence  # type: ignore[attr-defined]
            ),
        )


def ledger_write_xlsx(
    tasks: QuerySet[Task],
    target: IO[bytes],
    title: str = "工作台账",
    progress: Callable[[int], None] | None = None,
    league: tuple[str, list[LeagueRow]] | None = None,
) -> None:
    """Write the ledger workbook to ``target``; with ``league`` (a period's
    label and its 考评 rows) also the sheets 考评得分 and 考评明细.

    XlsxWriter's constant-memory mode flushes each row to disk as it is
    written and stores strings inline, so memory stays flat however many
    tasks are exported (openpyxl keeps every distinct string until it saves).
    """
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "tmpdir": tempfile.gettempdir()}
    )
    sheet = workbook.add_worksheet(title[:31])
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#EEF0F3", "border": 1, "valign": "top"}
    )
    plain = workbook.add_format({"text_wrap": True, "valign": "top"})
    plain_date = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    late = workbook.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFE3E3"})
    late_date = workbook.add_format(
        {"num_format": "yyyy-mm-dd", "valign": "top", "bg_color": "#FFE3E3"}
    )
    late_flag = workbook.add_format(
        {
            "text_wrap": True,
            "valign": "top",
            "bg_color": "#FFE3E3",
            "bold": True,
            "font_color": "#C92A2A",
        }
    )
    for index, (name, width) in enumerate(COLUMNS):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, name, header_format)
    sheet.freeze_panes(1, 0)

    date_column, flag_column = 6, 9
    for row_number, row in enumerate(ledger_rows(tasks), start=1):
        if progress is not None and row_number % CHUNK_SIZE == 0:
            progress(row_number)
        overdue = bool(row.overdue_days)
        for index, value in enumerate(row.values()):
            if index == date_column:
                cell_format = late_date if overdue else plain_date
                if value is None:
                    sheet.write_blank(row_number, index, None, cell_format)
                else:
                    sheet.write_datetime(
                        row_number, index, dt.datetime.combine(value, dt.time()), cell_format
                    )
                continue
            if overdue:
                cell_format = late_flag if index == flag_column else late
            else:
                cell_format = plain
            sheet.write(row_number, index, value, cell_format)
    if league is not None:
        _write_league(workbook, *league, header_format=header_format, plain=plain)
    workbook.close()


def _write_league(
    workbook: Any, label: str, rows: list[LeagueRow], *, header_format: Any, plain: Any
) -> None:
    """考评得分: one line per division; 考评明细: every event behind the scores."""
    kinds = [(kind, str(KIND_LABELS[kind])) for kind in KINDS]
    scores = workbook.add_worksheet("考评得分")
    header = ["名次", "单位", f"得分（{label}）", *(name for _kind, name in kinds)]
    for index, name in enumerate(header):
        scores.set_column(index, index, 22 if index == 1 else 12)
        scores.write_string(0, index, name, header_format)
    for number, row in enumerate(rows, start=1):
        values = [row.rank, row.department_name, float(row.score)]
        values += [row.counts.get(kind, 0) for kind, _name in kinds]
        for index, value in enumerate(values):
            scores.write(number, index, value, plain)
    details = workbook.add_worksheet("考评明细")
    header = ["单位", "日期", "事项", "分值", "任务编号", "工作任务", "说明"]
    for index, (name, width) in enumerate(zip(header, (20, 12, 14, 8, 10, 40, 30), strict=True)):
        details.set_column(index, index, width)
        details.write_string(0, index, name, header_format)
    number = 0
    for row in rows:
        for event in row.events:
            number += 1
            values = [
                row.department_name,
                event.on.isoformat(),
                event.kind_label,
                float(event.points),
                event.task_id,
                event.task_title,
                event.detail,
            ]
            for index, value in enumerate(values):
                details.write(number, index, value, plain)


def ledger_xlsx_file(
    tasks: QuerySet[Task], league: tuple[str, list[LeagueRow]] | None = None
) -> IO[bytes]:
    """The workbook in an anonymous temporary file, rewound for streaming."""
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    ledger_write_xlsx(tasks, target, league=league)
    target.seek(0)
    return target


class _Echo:
    def write(self, value: str) -> str:
        return value


def ledger_csv_lines(tasks: QuerySet[Task]) -> Iterator[str]:
    """CSV lines, UTF-8 with a BOM so that Excel opens it in Chinese."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([name for name, _width in COLUMNS])
    for row in ledger_rows(tasks):
        values = row.values()
        values[6] = row.due_on.isoformat() if row.due_on else ""
        yield writer.writerow(values)
