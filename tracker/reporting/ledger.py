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
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from tracker.evidence.models import EvidenceFile
from tracker.tasks.models import Kind, ProgressUpdate, Status, Task

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
            lead_department=str(task.lead_department or ""),
            cooperating_departments="、".join(d.name for d in task.cooperating_departments.all()),
            responsible=str(task.responsible or ""),
            due_on=task.due_on,
            progress=progress,
            status=status,
            overdue_days=task.days_overdue(today),
            evidence="\n".join(
                f"{e.original_name}（v{e.version}）SHA-256: {e.sha256}"
                for e in task.valid_evidence  # type: ignore[attr-defined]
            ),
        )


def ledger_write_xlsx(tasks: QuerySet[Task], target: IO[bytes], title: str = "工作台账") -> None:
    """Write the ledger workbook to ``target`` (openpyxl write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="EEF0F3")
    wrap = Alignment(wrap_text=True, vertical="top")
    overdue_fill = PatternFill("solid", fgColor="FFE3E3")
    overdue_font = Font(color="C92A2A", bold=True)

    header = []
    for name, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = header_font
        cell.fill = header_fill
        header.append(cell)
    sheet.append(header)

    # Styles are registered once on prototype cells and copied by reference to
    # each cell: assigning Font/Fill objects per cell hashes them every time
    # and dominated the export's time.
    def prototype(*, overdue: bool, is_date: bool, is_flag: bool) -> Any:
        cell = WriteOnlyCell(sheet)
        cell.alignment = wrap
        if is_date:
            cell.number_format = "yyyy-mm-dd"
        if overdue:
            cell.fill = overdue_fill
            if is_flag:
                cell.font = overdue_font
        return cell._style

    date_column, flag_column = 6, 9
    styles = {
        overdue: [
            prototype(overdue=overdue, is_date=i == date_column, is_flag=i == flag_column)
            for i in range(len(COLUMNS))
        ]
        for overdue in (False, True)
    }
    for row in ledger_rows(tasks):
        row_styles = styles[bool(row.overdue_days)]
        cells = []
        for index, value in enumerate(row.values()):
            cell = WriteOnlyCell(sheet, value=value)
            cell._style = copy(row_styles[index])
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def ledger_xlsx_file(tasks: QuerySet[Task]) -> IO[bytes]:
    """The workbook in an anonymous temporary file, rewound for streaming."""
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    ledger_write_xlsx(tasks, target)
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
