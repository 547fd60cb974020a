"""Read a task-division table (任务分工方案) into one task per row.

Plain Python, no Django. The table comes from plans.reading (a .docx table or a .xlsx sheet,
merged cells already repeated over the rows and columns they cover). Columns are found by
their header names, which vary ('重点任务' / '工作任务' / '主要任务', '牵头单位' / '责任单位',
'完成时限' / '时间节点'); a header may take two rows ('责任单位' over '牵头' and '配合').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.phrases import Assignment, parse_assignment, parse_deadline, split_units
from plans.reading import Paragraph, RawTable

__all__ = [
    "TaskRow",
    "TaskTable",
    "find_task_table",
    "table_from_bare_cell_lines",
    "table_from_cell_lines",
]

# Checked in this order: the first role whose words a header cell contains wins.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)),
    ("cooperating", re.compile(r"配合|协办|协助|协同|参与")),
    (
        "lead",
        re.compile(r"牵头|责任单位|责任部门|责任处室|责任科室|主责|负责单位|责任主体|承办单位"),
    ),
    ("deadline", re.compile(r"时限|完成时间|时间节点|时间安排|完成期限|进度安排|进度要求|期限")),
    ("measure", re.compile(r"措施|举措|具体内容|工作内容|任务内容|工作要求|目标")),
    ("task", re.compile(r"任务|事项|重点工作|工作名称|项目|内容")),
    ("note", re.compile(r"备注|说明")),
]
_HEADER_CELL_MAX = 20


@dataclass
class TaskRow:
    """One row of the table: one task."""

    number: str | None
    title: str
    body: str
    group: str | None
    assignment: Assignment
    locator: str
    row: int


@dataclass
class TaskTable:
    """The rows found, the column each role was read from, and what the user should check."""

    caption: str | None
    columns: dict[str, str]
    rows: list[TaskRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    year: int | None = None


def _role(header: str) -> str | None:
    text = re.sub(r"\s+", "", header)
    if not text or len(text) > _HEADER_CELL_MAX:
        return None
    for role, pattern in _ROLES:
        if pattern.search(text):
            return role
    return None


def _header(rows: list[list[str]]) -> tuple[int, dict[int, str], int] | None:
    """(row index of the header, column → role, rows the header takes) for the first row among
    the first six that names a task or measure column and a lead or deadline column."""
    for index, row in enumerate(rows[:6]):
        roles = {column: role for column, cell in enumerate(row) if (role := _role(cell))}
        kinds = set(roles.values())
        if not ({"task", "measure"} & kinds and {"lead", "deadline", "cooperating"} & kinds):
            continue
        taken = 1
        if index + 1 < len(rows):
            # A second header row under merged cells ('责任单位' over '牵头单位' / '配合单位').
            next_row = rows[index + 1]
            below = {c: r for c, cell in enumerate(next_row) if (r := _role(cell))}
            # Every cell of a second header row names a column or repeats the merged cell above.
            header_like = all(
                not cell or c in below or (c < len(row) and cell == row[c])
                for c, cell in enumerate(next_row)
            )
            if below and header_like:
                for column, role in below.items():
                    roles[column] = role
                taken = 2
        # A merged header cell covers several columns; only its first column keeps the role.
        seen: set[str] = set()
        unique: dict[int, str] = {}
        for column in sorted(roles):
            role = roles[column]
            text = row[column] if column < len(row) else ""
            previous = row[column - 1] if 0 < column <= len(row) else None
            if role in seen and text == previous:
                continue
            if role in seen and role not in ("measure", "task"):
                continue
            seen.add(role)
            unique[column] = role
        return index, unique, taken
    return None


def _year(caption: str | None) -> int | None:
    match = re.search(r"(20\d{2})\s*年", caption or "")
    return int(match.group(1)) if match else None


def find_task_table(tables: list[RawTable], *, year: int | None = None) -> TaskTable | None:
    """The first table that has a task-division header, read row by row; None if none has.

    ``year`` is the year time limits without one refer to; by default the year in the
    table's caption ('2022年法治政府建设任务分工方案').
    """
    for raw in tables:
        found = _header(raw.rows)
        if found is None:
            continue
        header_row, roles, taken = found
        caption = raw.caption
        if caption is None and header_row > 0:
            # A spreadsheet's title row(s) above the header.
            above = [cell for row in raw.rows[:header_row] for cell in row if cell]
            caption = above[0] if above else None
        table_year = year or _year(caption)
        header_cells = raw.rows[header_row]
        table = TaskTable(
            caption=caption,
            columns={role: header_cells[column] for column, role in roles.items()},
            year=table_year,
        )
        _read_rows(raw, header_row + taken, roles, table)
        if "lead" not in table.columns:
            table.warnings.append("表格中没有“牵头单位”一列，请在预览中为每项任务选择牵头单位。")
        if "deadline" not in table.columns:
            table.warnings.append("表格中没有“完成时限”一列，请在预览中填写完成时限。")
        return table
    return None


def _read_rows(raw: RawTable, start: int, roles: dict[int, str], table: TaskTable) -> None:
    by_role: dict[str, list[int]] = {}
    for column, role in roles.items():
        by_role.setdefault(role, []).append(column)
    header_texts = {cell for cell in raw.rows[start - 1] if cell}
    group: str | None = None
    for index in range(start, len(raw.rows)):
        cells = raw.rows[index]

        def get(role: str, cells: list[str] = cells) -> str:
            values = [cells[c] for c in by_role.get(role, []) if c < len(cells) and cells[c]]
            return "；".join(dict.fromkeys(values))

        filled = [cell for cell in cells if cell]
        if not filled or set(filled) <= header_texts:
            continue  # empty, or the header repeated on a new page
        if len(set(filled)) == 1 and len(filled) >= max(2, len(roles) - 1):
            group = filled[0]  # a row merged across the table: a group heading
            continue
        task = get("task")
        measure = get("measure")
        if not task and not measure:
            if len(set(filled)) == 1:
                group = filled[0]
            continue
        # A merged '重点任务' cell repeats its text on every row it covers: the task groups
        # the measures, and each measure is one task.
        if task and measure:
            title, context = measure, task
        else:
            title, context = (task or measure), None
        lead_text, cooperating_text, deadline_text = (
            get("lead"),
            get("cooperating"),
            get("deadline"),
        )
        written = parse_assignment(title, year=table.year)
        deadline = parse_deadline(deadline_text, year=table.year) if deadline_text else None
        assignment = Assignment(
            lead=split_units(lead_text) if lead_text else written.lead,
            cooperating=split_units(cooperating_text) if cooperating_text else written.cooperating,
            deadline=deadline or written.deadline,
        )
        body_parts = []
        if context:
            body_parts.append(f"重点任务：{context}")
        if group and group != context:
            body_parts.insert(0, f"分类：{group}")
        note = get("note")
        if note:
            body_parts.append(f"备注：{note}")
        number = get("number") or None
        table.rows.append(
            TaskRow(
                number=number,
                title=title,
                body="\n".join(body_parts),
                group=group,
                assignment=assignment,
                locator=raw.locators[index],
                row=index,
            )
        )
        if not assignment.lead:
            table.warnings.append(f"{raw.locators[index]}没有牵头单位，请在预览中选择。")
        if deadline is not None and deadline.kind == "none" and "人工" in deadline.note:
            table.warnings.append(f"{raw.locators[index]}的完成时限“{deadline_text}”未能识别。")


# A web page's table copied as text, one cell a line, each cell followed by a column mark
# ('序号 |', '重点工作 |', …, '1 |', '推进… |'); the text reader may have joined the short lines.
_CELL_MARK_RE = re.compile(r"\s*[|｜]\s*")
_NUMBER_HEADER_RE = re.compile(r"(?:序号|编号)$")


def table_from_cell_lines(paragraphs: list[Paragraph]) -> RawTable | None:
    """The table a text holds flattened one cell a line, each cell closed by '|': a header
    opening with '序号' and made of short cells, then rows each opening with its number (1,
    2, …) and holding exactly as many cells as the header. None when the cells do not come in
    that step (a header cell split in two, a row missing a cell): then rows cannot be told
    apart safely."""
    runs: list[list[tuple[str, str]]] = [[]]
    for paragraph in paragraphs:
        if "|" not in paragraph.text and "｜" not in paragraph.text:
            if runs[-1]:
                runs.append([])  # the marked lines end: a table, if any, ends here
            continue
        for piece in _CELL_MARK_RE.split(paragraph.text.strip()):
            if piece.strip():
                runs[-1].append((piece.strip(), paragraph.locator))
    for run in runs:
        table = _cell_run_table([cell for cell, _ in run], [locator for _, locator in run])
        if table is not None:
            return table
    return None


def _cell_run_table(cells: list[str], where: list[str]) -> RawTable | None:
    for start, cell in enumerate(cells):
        number = _NUMBER_HEADER_RE.search(cell)
        if number is None:
            continue
        # The title line before the table may have been joined to its first cell.
        caption = cell[: number.start()].strip() or (cells[start - 1] if start else None)
        width = next((n for n in range(3, 12) if cells[start + n : start + n + 1] == ["1"]), 0)
        header = ["序号" if n == 0 else c for n, c in enumerate(cells[start : start + width])]
        if not header or any(
            len(c) > _HEADER_CELL_MAX or re.search(r"[。，,；;]", c) for c in header
        ):
            continue
        rows, locators = [header], [where[start]]
        position = start + width
        while position + width <= len(cells) and cells[position] == str(len(rows)):
            rows.append(cells[position : position + width])
            locators.append(where[position])
            position += width
        # Cells left over are a row cut by the page's end (it opens with the next number),
        # or the cells do not come one a line throughout: then no rows can be trusted.
        left = cells[position:]
        if len(rows) < 3 or (left and (len(left) >= width or left[0] != str(len(rows)))):
            continue
        return RawTable(rows=rows, locators=locators, caption=caption)
    return None


# --- the same without column marks (engineer r13w) ---------------------------------------------

# Whole names of the columns such tables have, for joining a header cell the copy split over
# lines ('责任' / '领导', '第二季度' / '完成情况'): a join is right when it makes such a name.
_COLUMN_NAME_RE = re.compile(
    r"序号|编号|备注|"
    r"(?:重点|主要|具体|年度|工作)?(?:工作|任务|项目|事项)(?:名称|内容|任务)?|"
    r"(?:责任|分管|牵头|包保|联系)(?:领导|人|单位|部门|科室|处室|股室)|"
    r"(?:配合|协办|参与|协同)(?:单位|部门|科室)|"
    r"完成时限|时间节点|完成时间|时限|时间安排|"
    r"(?:攻坚|工作|年度|预期)?目标(?:任务)?|(?:具体|工作|主要)?(?:措施|举措)|"
    r"(?:第[一二三四1-4]季度|本季度|本月|年度)?(?:工作)?(?:任务)?(?:安排|计划)|"
    r"(?:第[一二三四1-4]季度|本季度|本月|目前)?(?:完成|进展|推进|落实)(?:情况|进度)"
)
_BARE_CELL_MAX = 12


def _header_cells(fragments: list[str], width: int) -> list[str] | None:
    """The ``width`` header cells the ``fragments`` (one line each) make when some cells were
    split over lines: the one way of joining neighbours (up to three a cell) that makes the
    most whole column names; None when two ways tie or fewer than all but one are names."""
    count = len(fragments)
    if count < width or count > 3 * width:
        return None
    # best[i][g]: (names made, ways to make them) with the first i fragments in g cells.
    best: list[list[tuple[int, int] | None]] = [[None] * (width + 1) for _ in range(count + 1)]
    back: list[list[int]] = [[0] * (width + 1) for _ in range(count + 1)]
    best[0][0] = (0, 1)
    for i in range(1, count + 1):
        for g in range(1, min(i, width) + 1):
            for size in range(1, min(i, 3) + 1):
                before = best[i - size][g - 1]
                if before is None:
                    continue
                names, ways = before
                cell = "".join(fragments[i - size : i])
                names += 1 if _COLUMN_NAME_RE.fullmatch(cell) else 0
                current = best[i][g]
                if current is None or names > current[0]:
                    best[i][g], back[i][g] = (names, ways), size
                elif names == current[0]:
                    best[i][g] = (names, current[1] + ways)
    final = best[count][width]
    if final is None or final[1] != 1 or final[0] < width - 1:
        return None
    cells: list[str] = []
    i, g = count, width
    while g:
        size = back[i][g]
        cells.insert(0, "".join(fragments[i - size : i]))
        i, g = i - size, g - 1
    return cells


def table_from_bare_cell_lines(paragraphs: list[Paragraph]) -> tuple[RawTable, bool] | None:
    """A table flattened one cell a line with no column marks: a line '序号' (or '编号'), the
    header's short lines, then rows each opening with its number alone on a line (1, 2, …),
    every row as many lines as the first. The header may have more lines than the rows have
    cells (a cell split over lines): they are joined into whole column names, and only when
    one way of joining does it (see ``_header_cells``). Returns the table and whether header
    cells were joined; None when the lines do not come in that step."""
    texts = [p.text.strip() for p in paragraphs]
    for start, text in enumerate(texts):
        if text not in ("序号", "编号"):
            continue
        try:
            first = texts.index("1", start + 1)
        except ValueError:
            return None
        fragments = texts[start:first]
        if any(len(f) > _BARE_CELL_MAX or re.search(r"[。，,；;：:]", f) for f in fragments):
            continue
        try:
            width = texts.index("2", first + 1) - first
        except ValueError:
            return None
        if width < 3 or width > len(fragments):
            continue
        header = _header_cells(fragments, width)
        if header is None:
            continue
        rows, locators = [header], [paragraphs[start].locator]
        position = first
        broken = False
        while position + width <= len(texts) and texts[position] == str(len(rows)):
            row = texts[position : position + width]
            # The next row's number inside this one: this row lost a cell.
            broken = str(len(rows) + 1) in row[1:]
            if broken:
                break
            rows.append(row)
            locators.append(paragraphs[position].locator)
            position += width
        # Or the next number a little further on: a row gained a cell. Either way no row can
        # be trusted.
        if broken or str(len(rows)) in texts[position : position + 2 * width] or len(rows) < 3:
            continue
        caption = texts[start - 1] if start else None
        return RawTable(rows=rows, locators=locators, caption=caption), len(fragments) > width
    return None
