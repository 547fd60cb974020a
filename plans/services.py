"""Importing a report: from uploaded bytes to a preview, and from a confirmed preview to tasks.

The reader and parser (plans.reading, plans.parsing) are plain Python; this module maps their
result to models. Nothing is written before ``report_import``; it runs in one transaction and
is idempotent by the report's content hash.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.documents import parse_document
from plans.marking import items_from_marked_range
from plans.models import ItemKind, PlanItem, RectificationLink, Report, UnitAlias
from plans.parsing import is_chrome
from plans.phrases import (
    StageLineError,
    department_matches,
    parse_assignment,
    parse_stages,
    read_stage_lines,
)
from plans.reading import Paragraph, ReadError, ReadLimits, read_document
from plans.suggest import DepartmentSuggester
from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record, task_write
from tracker.conflicts import retry_on_conflict
from tracker.notifications.models import ReportCycle
from tracker.org.models import Department, User
from tracker.supervision.models import Milestone
from tracker.supervision.services import FEEDBACK_DAY_DEFAULT, feedback_policy_write
from tracker.tasks import services as task_services
from tracker.tasks.models import UNASSIGNED_STATUSES, Kind, Status, Task

PREVIEW_SALT = "plans.report-preview"
PREVIEW_MAX_AGE = 24 * 3600  # a preview token is good for one working day
PREVIEW_DIR = "report-previews"


class ReportImportError(Exception):
    """The report cannot be imported; ``message`` is one line of Chinese for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- reading and previewing ------------------------------------------------------------------


def report_read_limits(*, in_job: bool = False) -> ReadLimits:
    """What one upload may cost the reader (settings REPORT_*, see plans/limits.py).
    A long report read by the worker (a job with progress) gets its own time budget."""
    return ReadLimits(
        docx_max_unpacked_bytes=settings.REPORT_DOCX_MAX_UNPACKED_BYTES,
        docx_max_parts=settings.REPORT_DOCX_MAX_PARTS,
        pdf_max_pages=settings.REPORT_PDF_MAX_PAGES,
        max_characters=settings.REPORT_MAX_CHARACTERS,
        seconds=settings.REPORT_JOB_READ_SECONDS if in_job else settings.REPORT_READ_SECONDS,
    )


def report_read(
    *, data: bytes, filename: str, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Read and parse the upload into the preview dictionary (no database access)."""
    try:
        document = read_document(
            data,
            filename,
            max_bytes=settings.REPORT_MAX_BYTES,
            limits=report_read_limits(in_job=progress is not None),
            progress=progress,
        )
    except ReadError as error:
        raise ReportImportError(error.message) from error
    parsed = parse_document(document)
    preview = parsed.to_dict()
    preview["content_sha256"] = parsed.content_sha256
    preview["source_name"] = filename[:255]
    preview["format"] = document.format
    # Site chrome (breadcrumbs, footers) stays in the stored text, marked, so the report page
    # can set it apart instead of mixing it into the text shown.
    preview["paragraphs"] = [
        {
            "index": p.index,
            "text": p.text,
            "locator": p.locator,
            "style": p.style,
            "chrome": is_chrome(p.text),
        }
        for p in document.paragraphs
    ]
    return preview


def default_due_on(plan_year: int | None) -> dt.date | None:
    """The default deadline: the last day of the plan year."""
    return dt.date(plan_year, 12, 31) if plan_year else None


def lead_department_suggest(title: str, body: str = "") -> Department | None:
    """The department suggested first for the item (keywords and past choices, see
    plans.suggest); None when nothing points anywhere."""
    found = DepartmentSuggester().suggest(title, body)
    return Department.objects.get(pk=found[0].department) if found else None


class _RowBuilder:
    """Turns parsed items (dictionaries of the import JSON) into proposal rows, with the
    departments and aliases read once."""

    def __init__(self, preview: dict[str, Any]) -> None:
        self.preview = preview
        self.due_on = default_due_on(preview.get("plan_year"))
        # Minutes, a bulletin, a notice: limits without a year run from their date.
        self.issued_on = (
            _as_date(preview.get("issued_on")) if preview.get("limits_from_issued_on") else None
        )
        self.suggester = DepartmentSuggester()
        self.named = _named_departments()

    def row(self, item: dict[str, Any], kind: ItemKind, key: str) -> dict[str, Any]:
        title = (item.get("title") if kind == ItemKind.PLAN else item.get("text")) or ""
        if kind == ItemKind.PROBLEM and not item.get("text"):
            # One paragraph marked by hand as a problem: its whole text is the problem.
            title = "".join(part for part in (item.get("title"), item.get("body")) if part)
        body = item.get("body") or ""
        problem = ""
        if kind == ItemKind.PROBLEM:
            # The task is titled as rectification; the problem stays its description and
            # the text of its source item.
            problem = title
            body = "\n".join(part for part in (f"问题：{title}", body) if part)
            title = rectification_title(title)
        # A lead or deadline written in the document ('由X牵头…于Z前完成', a table's
        # 牵头单位 column) wins over the suggestions and the default deadline.
        written = item.get("lead") or []
        written_lead = [pk for name in written for pk in self.named(name)[:1]]
        suggestions = self.suggester.suggest(problem or title, body)
        lead_pk = (
            written_lead[0]
            if written_lead
            else (suggestions[0].department if suggestions else None)
        )
        cooperating_names = item.get("cooperating") or []
        cooperating = [
            pk for name in cooperating_names for pk in self.named(name)[:1] if pk != lead_pk
        ]
        # Co-operating units the document names that read as no department: the supervisor
        # may map one once (remember_cooperating), as for the lead.
        cooperating_unmatched = [name for name in cooperating_names if not self.named(name)]
        deadline = item.get("deadline") or {}
        item_due = deadline.get("due_on") or (self.due_on.isoformat() if self.due_on else None)
        # A limit written in stages ('6月底前完成初稿，9月底前报审，年底前印发') becomes
        # milestones; the last stage is when the whole task is due.
        plan_year = self.preview.get("plan_year")
        issued_on = self.issued_on
        stages = parse_stages(
            deadline.get("text") or "", year=plan_year, issued_on=issued_on
        ) or parse_stages(f"{title}，{body}", year=plan_year, issued_on=issued_on)
        if stages:
            item_due = stages[-1].due_on.isoformat()
        source = item.get("source") or {}
        return {
            "key": key,
            "include": True,
            "kind": str(kind),
            "number": item.get("number") or "",
            "title": title[:500],
            "body": body,
            "source_paragraph": source.get("paragraph"),
            "source_locator": source.get("locator") or "",
            "lead_department": lead_pk,
            "cooperating_departments": cooperating,
            "due_on": item_due,
            "milestones": "\n".join(f"{s.due_on:%Y-%m-%d} {s.title}" for s in stages[:-1]),
            # Why the parser proposed it, and the units and time limit as written, so
            # the supervisor sees what to check and which names found no department.
            "reason": item.get("reason") or "",
            "problem": problem[:500],
            "related_plan": _related_plan(self.preview, item),
            # The plan row proposed as addressing the same matter; linked on import only
            # when the supervisor accepts (link_accept).
            **_link_fields(self.preview, item),
            "lead_written": "、".join(written),
            # The written lead names no known department: the supervisor may map it once.
            "lead_unmatched": bool(written) and not written_lead,
            "lead_reason": (
                # '区住建局要加快…': the unit told to act, no label (phrases.parse_assignment).
                (item.get("lead_reason") or "文中写明牵头单位")
                if written_lead
                else (f"建议：{suggestions[0].reason}" if suggestions else "")
            ),
            "suggestions": [s.to_dict() for s in suggestions],
            "cooperating_suggestions": [
                s.to_dict()
                for s in self.suggester.suggest_cooperating(problem or title, lead_pk, body)
                if s.department not in cooperating
            ],
            "cooperating_written": "、".join(cooperating_names),
            "cooperating_unmatched": cooperating_unmatched,
            "deadline_written": deadline.get("text") or "",
            "deadline_note": deadline.get("note") or "",
            # '每季度' (or a growth target's quarterly report): the task's 定期反馈 on import.
            # Half a year or a year has no ReportCycle: no cycle, the note above stays.
            "report_cycle": _report_cycle(deadline),
        }


def _report_cycle(deadline: dict[str, Any]) -> str:
    """The ReportCycle of a periodic time limit ('weekly', 'monthly', 'quarterly'), or ''."""
    period = deadline.get("period") if deadline.get("kind") == "periodic" else None
    return period if period in ReportCycle.values and period else ""


def _proposals(preview: dict[str, Any]) -> list[dict[str, Any]]:
    """One proposed task per plan item and per problem, with suggested defaults."""
    builder = _RowBuilder(preview)
    rows: list[dict[str, Any]] = []
    for kind, section_key in (
        (ItemKind.PLAN, "plan_section"),
        (ItemKind.PROBLEM, "problem_section"),
    ):
        section = preview.get(section_key) or {}
        for position, item in enumerate(section.get("items", []), start=1):
            rows.append(builder.row(item, kind, f"{kind}-{position}"))
    return rows


RECTIFICATION_TITLE = "整改：{problem}"


def _related_plan(preview: dict[str, Any], item: dict[str, Any]) -> str:
    """'工作计划“…”（同涉“放管服”）' when the parser proposes the plan item on the same matter."""
    related = item.get("related_plan")
    plan_items = (preview.get("plan_section") or {}).get("items") or []
    if not related or not 0 <= related.get("index", -1) < len(plan_items):
        return ""
    plan = plan_items[related["index"]]
    return f"{plan.get('number') or ''}{plan.get('title') or ''}（{related.get('reason') or ''}）"


def _link_fields(preview: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    related = item.get("related_plan") or {}
    plan_items = (preview.get("plan_section") or {}).get("items") or []
    index = related.get("index", -1) if isinstance(related, dict) else -1
    if item.get("kind") != "problem" or not 0 <= index < len(plan_items):
        return {}
    return {
        "link_plan": f"plan-{index + 1}",
        "link_accept": False,
        "link_reason": related.get("reason") or "",
    }


def link_pairs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The proposed (rectification row, plan row) pairs among ``rows``, numbered from 0 in row
    order: what the preview asks the supervisor to accept or reject, and what the API's
    ``links`` and the command's ``--link`` refer to by ``pair``."""
    plans = {str(row.get("key")): row for row in rows if row.get("kind") == str(ItemKind.PLAN)}
    pairs: list[dict[str, Any]] = []
    for row in rows:
        target = str(row.get("link_plan") or "")
        if row.get("kind") != str(ItemKind.PROBLEM) or target not in plans:
            continue
        plan = plans[target]
        pairs.append(
            {
                "pair": len(pairs),
                "problem": row.get("key"),
                "plan": target,
                "problem_title": row.get("title") or "",
                "plan_title": f"{plan.get('number') or ''}{plan.get('title') or ''}",
                "reason": row.get("link_reason") or "",
                "accept": bool(row.get("link_accept")),
            }
        )
    return pairs


def links_apply(*, rows: list[dict[str, Any]], links: list[dict[str, Any]]) -> list[dict]:
    """Accept or reject proposed pairs by number (``[{"pair": 0, "accept": true}]``, numbers
    from ``link_pairs``). Returns new rows; raises ReportImportError for a pair that does not
    exist (nothing changed)."""
    pairs = link_pairs(rows)
    decisions: dict[str, bool] = {}
    for position, link in enumerate(links, start=1):
        number = _int_or_none(link.get("pair"))
        if number is None or not 0 <= number < len(pairs):
            raise ReportImportError(
                f"第 {position} 个关联决定所指的关联建议不存在（编号 {link.get('pair')}，"
                f"本预览共 {len(pairs)} 个，编号从 0 起）。"
            )
        decisions[str(pairs[number]["problem"])] = bool(link.get("accept"))
    return [
        {**row, "link_accept": decisions[str(row.get("key"))]}
        if str(row.get("key")) in decisions
        else row
        for row in rows
    ]


def rectification_title(problem: str) -> str:
    """A problem's task reads as rectification: '整改：…', or the office's own pattern in the
    DUBAN_RECTIFICATION_TITLE setting / environment variable ('{problem}' stands for the problem
    as written)."""
    pattern = getattr(settings, "DUBAN_RECTIFICATION_TITLE", "") or RECTIFICATION_TITLE
    if "{problem}" not in pattern:
        pattern = RECTIFICATION_TITLE  # a pattern that would drop the problem is not used
    return pattern.replace("{problem}", problem)[:500]


def _alias_key(name: str) -> str:
    return "".join(name.split())


def _named_departments() -> Callable[[str], list[int]]:
    """name → [department pk] for unit names as documents write them ('省应急厅政策法规处'):
    a name the office mapped once (UnitAlias) first, then the department names themselves."""
    active = list(Department.objects.active().order_by("order", "id"))
    pairs = [(d.name, d.short_name or "") for d in active]
    by_name = {d.name: d.pk for d in active}
    active_pks = set(by_name.values())
    aliases = {
        _alias_key(name): pk
        for name, pk in UnitAlias.objects.values_list("name", "department_id")
        if pk in active_pks
    }

    def lookup(written: str) -> list[int]:
        alias = aliases.get(_alias_key(written))
        if alias is not None:
            return [alias]
        return [by_name[name] for name in department_matches(written, pairs)]

    return lookup


def unit_alias_remember(*, name: str, department: Department, user: User | None) -> bool:
    """Remember that documents mean ``department`` when they write ``name``. Returns False
    (and remembers nothing) when the name already reads as a department by itself."""
    name = _alias_key(name)[:200]
    if not name or "、" in name:
        return False
    if not UnitAlias.objects.filter(name=name).exists() and _named_departments()(name):
        return False
    UnitAlias.objects.update_or_create(
        name=name,
        defaults={
            "department": department,
            "created_by": user if user is not None and user.is_authenticated else None,
            "created_at": timezone.now(),
        },
    )
    return True


def report_preview(
    *,
    data: bytes,
    filename: str,
    user: User,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Read and parse an upload and propose its tasks. Writes nothing to the database.

    Returns the DESIGN.md import JSON plus ``content_sha256``, ``paragraphs``, ``proposals``
    (one row per proposed task with suggested lead department and deadline),
    ``already_imported`` (the id of the report with the same content, or None) and
    ``preview_token`` (signed; pass it to ``report_import`` via ``preview_load``).
    Raises ReportImportError with a Chinese message when the file cannot be used.
    """
    preview = report_read(data=data, filename=filename, progress=progress)
    preview["proposals"] = _proposals(preview)
    preview["link_proposals"] = link_pairs(preview["proposals"])
    existing = Report.objects.filter(content_sha256=preview["content_sha256"]).first()
    preview["already_imported"] = existing.pk if existing else None
    preview["preview_token"] = _preview_store(preview, user)
    return preview


def _preview_path(content_sha256: str, owner: Any) -> str:
    # One file per report and supervisor: two people previewing the same report do not
    # overwrite each other's markings and edits.
    return f"{PREVIEW_DIR}/{content_sha256}-u{owner}.json"


def _preview_store(preview: dict[str, Any], user: User) -> str:
    """Keep the preview in a server-side file keyed by its content hash and owner (not in the
    database); the token is signed so it cannot name another file or be used by another user.
    Files nobody comes back to are removed by the housekeeping job (tracker.ops)."""
    preview["preview_owner"] = user.pk
    path = _preview_path(preview["content_sha256"], user.pk)
    stored = {k: v for k, v in preview.items() if k != "preview_token"}
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(stored, ensure_ascii=False).encode()))
    return signing.dumps({"sha": preview["content_sha256"], "user": user.pk}, salt=PREVIEW_SALT)


def preview_load(*, token: str, user: User) -> dict[str, Any]:
    """The preview a token points to; ReportImportError if the token is bad, old or not theirs."""
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise ReportImportError("预览已失效，请重新上传报告。") from error
    if payload.get("user") != user.pk:
        raise ReportImportError("预览已失效，请重新上传报告。")
    path = _preview_path(str(payload.get("sha", "")), user.pk)
    if not default_storage.exists(path):
        raise ReportImportError("预览已失效，请重新上传报告。")
    with default_storage.open(path, "rb") as handle:
        preview: dict[str, Any] = json.loads(handle.read().decode())
    preview["preview_token"] = token
    return preview


def preview_discard(*, preview: dict[str, Any]) -> None:
    path = _preview_path(preview["content_sha256"], preview.get("preview_owner"))
    if default_storage.exists(path):
        default_storage.delete(path)


# --- marking by hand in the preview (item 3) -------------------------------------------------


def report_markings(report: Report) -> list[dict[str, Any]]:
    """The markings saved with a report, in the order they were made, for its page: where and
    what ('第 7 行至第 10 行：工作打算部分'), the paragraph to jump to, who marked and when.
    A marking whose marker no longer exists shows no name; an entry that is not a marking
    (hand-edited data) is skipped rather than failing the page."""
    entries = [m for m in report.markings or [] if isinstance(m, dict)]
    marker_ids: set[int] = {m["by"] for m in entries if isinstance(m.get("by"), int)}
    names = {
        user.pk: (user.get_full_name() or user.get_username())
        for user in User.objects.filter(pk__in=marker_ids)
    }
    shown: list[dict[str, Any]] = []
    for marking in entries:
        try:
            start, end = int(marking["start"]), int(marking["end"])
        except (KeyError, TypeError, ValueError):
            continue
        label = marking.get("label") or ""
        if not label:
            kind = MARK_KINDS.get(str(marking.get("kind")), str(marking.get("kind") or ""))
            where = f"第 {start + 1} 段" if start == end else f"第 {start + 1} 段至第 {end + 1} 段"
            label = f"{where}：{kind}"
        at = marking.get("at")
        try:
            when = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
        except ValueError:
            when = None
        shown.append(
            {
                "label": label,
                "start": start,
                "end": end,
                "by": names.get(by) if isinstance(by := marking.get("by"), int) else None,
                "at": when,
            }
        )
    return shown


MARK_KINDS = {
    "plan": "工作打算部分",
    "problems": "存在问题部分",
    "plan-item": "一项工作计划",
    "problem": "一个问题",
    "unmark": "不生成任务",
}
_DISPLAY_FIELDS = (
    "key",
    "reason",
    "related_plan",
    "link_reason",
    "lead_written",
    "lead_unmatched",
    "lead_reason",
    "suggestions",
    "cooperating_suggestions",
    "cooperating_written",
    "cooperating_unmatched",
    "deadline_written",
    "deadline_note",
    "report_cycle",
)


def preview_rows_restore(*, preview: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict]:
    """Rows as the page posts them (what the user typed) completed with what the page only
    shows (why a row was proposed, the units as written, the suggestions), by row key."""
    stored = {row.get("key"): row for row in preview.get("proposals") or []}
    restored = []
    for row in rows:
        known = stored.get(row.get("key")) or {}
        restored.append({**{f: known[f] for f in _DISPLAY_FIELDS if f in known}, **row})
    return restored


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _unique_keys(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as stored: unique keys (the API names rows by key), numbers as numbers (the page
    posts strings), dates as ISO strings."""
    seen: set[str] = set()
    result = []
    for position, row in enumerate(rows, start=1):
        key = str(row.get("key") or f"row-{position}")
        while key in seen:
            key = f"{key}+"
        seen.add(key)
        due_on = row.get("due_on")
        result.append(
            {
                **row,
                "key": key,
                "include": bool(row.get("include", True)),
                "source_paragraph": _int_or_none(row.get("source_paragraph")),
                "lead_department": _int_or_none(row.get("lead_department")),
                "cooperating_departments": [
                    pk
                    for pk in map(_int_or_none, row.get("cooperating_departments") or [])
                    if pk is not None
                ],
                "due_on": due_on.isoformat() if isinstance(due_on, dt.date) else (due_on or None),
            }
        )
    return result


def preview_save_rows(
    *, preview: dict[str, Any], rows: list[dict[str, Any]], user: User
) -> list[dict[str, Any]]:
    """Keep the rows as they now stand (after a marking, split or merge) with the preview, so
    reloading the page or confirming through the API starts from them."""
    rows = _unique_keys(rows)
    preview["proposals"] = rows
    preview["link_proposals"] = link_pairs(rows)
    preview["preview_token"] = _preview_store(preview, user)
    return rows


def _as_index(value: Any, paragraph_count: int, label: str) -> int:
    try:
        index = int(str(value).strip())
    except (TypeError, ValueError) as error:
        raise ReportImportError(f"请选择要标记的段落（{label}）。") from error
    if not 0 <= index < paragraph_count:
        raise ReportImportError(f"所选段落不在本报告中（{label}）。")
    return index


def preview_mark(
    *,
    preview: dict[str, Any],
    rows: list[dict[str, Any]],
    start: Any,
    end: Any,
    kind: str,
    user: User | None,
    store: bool = True,
) -> list[dict[str, Any]]:
    """The user marks paragraphs ``start``..``end`` (indexes, inclusive) in the preview as the
    plan section, the problems section, one plan item, one problem, or as giving no task.

    The rows taken from those paragraphs are replaced by the items re-derived from them with
    the parser's own splitting rules (plans.marking.items_from_marked_range); rows from other
    paragraphs stay as the user left them. The marking is kept with the preview and saved
    with the report on import. Nothing is written to the database. Raises ReportImportError
    (and changes nothing) for a bad range or a range that yields no item.
    """
    if kind not in MARK_KINDS:
        raise ReportImportError("请选择把所选段落标记为什么。")
    stored = preview.get("paragraphs") or []
    paragraphs = [
        Paragraph(int(p["index"]), p["text"], p.get("locator") or "", p.get("style"))
        for p in stored
    ]
    first = _as_index(start, len(paragraphs), "起")
    last = _as_index(end if end not in (None, "") else start, len(paragraphs), "止")
    if first > last:
        first, last = last, first

    def inside(row: dict[str, Any]) -> bool:
        sp = row.get("source_paragraph")
        try:
            return sp not in (None, "") and first <= int(sp) <= last
        except (TypeError, ValueError):
            return False

    kept = [row for row in rows if not inside(row)]
    new_rows: list[dict[str, Any]] = []
    if kind != "unmark":
        mode = {"plan": "plan", "problems": "problems"}.get(kind, "task")
        section = items_from_marked_range(paragraphs, first, last, mode)
        item_kind = ItemKind.PLAN if kind in ("plan", "plan-item") else ItemKind.PROBLEM
        builder = _RowBuilder(preview)
        stamp = len(preview.get("markings") or []) + 1
        for position, item in enumerate(section.items, start=1):
            # '由X牵头…于Z前完成' in the marked text fills lead and deadline, as on import.
            text = f"{getattr(item, 'title', '') or getattr(item, 'text', '')}\n{item.body}"
            assignment = parse_assignment(
                text, year=preview.get("plan_year"), issued_on=builder.issued_on
            )
            item.assignment = assignment if assignment else None
            data = item.to_dict()
            if item_kind == ItemKind.PROBLEM and mode == "task":
                data["text"] = ""
            new_rows.append(builder.row(data, item_kind, f"mark{stamp}-{position}"))
        if not new_rows:
            raise ReportImportError(
                "所选段落中没有识别出条目；可以改选范围，或标记为“一项工作计划”“一个问题”。"
            )
    elif len(kept) == len(rows):
        raise ReportImportError("所选段落没有生成任务，无需取消标记。")
    # New rows go where the marked paragraphs are in the text.
    at = next(
        (
            i
            for i, row in enumerate(kept)
            if row.get("source_paragraph") not in (None, "") and int(row["source_paragraph"]) > last
        ),
        len(kept),
    )
    result = [*kept[:at], *new_rows, *kept[at:]]
    locators = [paragraphs[first].locator or str(first), paragraphs[last].locator or str(last)]
    where = locators[0] if first == last else f"{locators[0]}至{locators[1]}"
    preview.setdefault("markings", []).append(
        {
            "start": first,
            "end": last,
            "kind": kind,
            "label": f"{where}：{MARK_KINDS[kind]}",
            "by": user.pk if user is not None else None,
            "at": timezone.now().isoformat(timespec="seconds"),
        }
    )
    if not store or user is None:
        # The command line marks a preview it never stores: rows and markings stay in memory.
        result = _unique_keys(result)
        preview["proposals"] = result
        preview["link_proposals"] = link_pairs(result)
        return result
    return preview_save_rows(preview=preview, rows=result, user=user)


# --- importing -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    report: Report
    created: bool
    tasks: list[Task] = field(default_factory=list)
    items: list[PlanItem] = field(default_factory=list)
    links: list[RectificationLink] = field(default_factory=list)

    def summary(self) -> str:
        """One Chinese line for the user."""
        if not self.created:
            return (
                f"该报告已于 {timezone.localtime(self.report.imported_at):%Y-%m-%d %H:%M} "
                f"导入（“{self.report.title}”），本次未新建任何内容。"
            )
        plan = sum(1 for t in self.tasks if t.kind == Kind.PLAN)
        problem = sum(1 for t in self.tasks if t.kind == Kind.PROBLEM)
        return (
            f"已导入“{self.report.title}”：新建工作计划任务 {plan} 项、"
            f"整改任务 {problem} 项（共 {len(self.tasks)} 项）。"
        )


def _as_department(value: Any) -> Department | None:
    if value in (None, ""):
        return None
    if isinstance(value, Department):
        return value
    try:
        return Department.objects.active().get(pk=int(value))
    except (Department.DoesNotExist, TypeError, ValueError) as error:
        raise ReportImportError(f"单位不存在或已停用：{value}") from error


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ReportImportError(f"日期格式不正确：{value}（应为 YYYY-MM-DD）") from error


@retry_on_conflict
def report_import(
    *,
    user: User | None,
    data: bytes | None = None,
    filename: str = "",
    preview: dict[str, Any] | None = None,
    rows: list[dict[str, Any]] | None = None,
    lead_department: Department | None = None,
    due_on: dt.date | None = None,
    assign: bool = False,
    request: Any = None,
) -> ImportResult:
    """Create the report, its items and one draft task per item, in one transaction.

    Give either ``data`` (+``filename``) or a ``preview`` from report_preview/preview_load.
    ``rows`` are the confirmed task rows (default: the preview's proposals), each with
    ``include``, ``kind``, ``number``, ``title``, ``body``, ``source_paragraph``,
    ``source_locator``, ``lead_department``, ``cooperating_departments``, ``due_on``.
    ``lead_department``/``due_on`` override every row's; ``assign`` makes the tasks
    'assigned' instead of 'draft' (each then needs a lead department).

    Idempotent: when a report with the same content exists nothing is written and the
    result has ``created=False``. Raises ReportImportError (nothing written) on bad input.
    """
    if preview is None:
        if data is None:
            raise ReportImportError("没有收到报告文件。")
        preview = report_read(data=data, filename=filename)
        preview["proposals"] = _proposals(preview)
    existing = Report.objects.filter(content_sha256=preview["content_sha256"]).first()
    if existing is not None:
        return ImportResult(report=existing, created=False)
    if rows is None:
        rows = preview.get("proposals") or _proposals(preview)
    try:
        with task_write():  # new tasks only: they wait for nobody's
            return _import(
                preview=preview,
                rows=rows,
                user=user,
                lead_department=lead_department,
                due_on=due_on,
                assign=assign,
                request=request,
            )
    except IntegrityError:
        # Somebody imported the same report a moment ago.
        existing = Report.objects.filter(content_sha256=preview["content_sha256"]).first()
        if existing is None:
            raise
        return ImportResult(report=existing, created=False)


def _import(
    *,
    preview: dict[str, Any],
    rows: list[dict[str, Any]],
    user: User | None,
    lead_department: Department | None,
    due_on: dt.date | None,
    assign: bool,
    request: Any,
) -> ImportResult:
    now = timezone.now()
    report = Report(
        title=(preview.get("title") or preview.get("source_name") or "未命名报告")[:300],
        organization=(preview.get("organization") or "")[:200],
        report_year=preview.get("report_year"),
        plan_year=preview.get("plan_year"),
        issued_on=_as_date(preview.get("issued_on")),
        source_name=(preview.get("source_name") or "")[:255],
        source_format=(preview.get("format") or "")[:10],
        content_sha256=preview["content_sha256"],
        paragraphs=preview.get("paragraphs") or [],
        outline=preview.get("outline") or [],
        warnings=preview.get("warnings") or [],
        markings=preview.get("markings") or [],
        imported_by=user if user is not None and user.is_authenticated else None,
        imported_at=now,
    )
    report.full_clean(validate_unique=False)
    report.save()
    result = ImportResult(report=report, created=True)
    paragraph_count = len(report.paragraphs)
    created: dict[str, Task] = {}
    order = {ItemKind.PLAN: 0, ItemKind.PROBLEM: 0}
    for position, row in enumerate(rows, start=1):
        if not row.get("include", True):
            continue
        kind = ItemKind(row.get("kind") or ItemKind.PLAN)
        title = " ".join(str(row.get("title") or "").split())
        if not title:
            raise ReportImportError(f"第 {position} 项的标题为空。")
        if len(title) > 500:
            raise ReportImportError(f"第 {position} 项的标题过长（最多 500 字）。")
        source_paragraph = row.get("source_paragraph")
        if source_paragraph in ("", None):
            source_paragraph = None
        else:
            source_paragraph = int(source_paragraph)
            if not 0 <= source_paragraph < paragraph_count:
                source_paragraph = None
        order[kind] += 1
        problem = " ".join(str(row.get("problem") or "").split())
        item = PlanItem(
            report=report,
            kind=kind,
            number=(row.get("number") or "")[:20],
            title=problem[:500] if kind == ItemKind.PROBLEM and problem else title,
            body=row.get("body") or "",
            order=order[kind],
            source_paragraph=source_paragraph,
            source_locator=(row.get("source_locator") or "")[:100],
        )
        item.full_clean()
        item.save()
        lead = lead_department or _as_department(row.get("lead_department"))
        cooperating = [
            d
            for d in (_as_department(v) for v in row.get("cooperating_departments") or [])
            if d is not None and d != lead
        ]
        if assign and lead is None:
            raise ReportImportError(f"第 {position} 项“{title[:20]}”没有牵头单位，无法直接交办。")
        task = Task(
            title=title,
            description=item.body,
            kind=Kind.PLAN if kind == ItemKind.PLAN else Kind.PROBLEM,
            report=report,
            source_item=item,
            lead_department=lead,
            due_on=due_on or _as_date(row.get("due_on")),
            status=Status.ASSIGNED if assign else Status.DRAFT,
            assigned_at=now if assign else None,
            created_by=user if user is not None and user.is_authenticated else None,
            created_at=now,
        )
        task.full_clean()
        task.save()
        if cooperating:
            task.cooperating_departments.set(cooperating)
        _add_milestones(task, row.get("milestones"), position)
        cycle = _report_cycle({"kind": "periodic", "period": row.get("report_cycle")})
        if cycle:
            # As the office sets it on the task page, owed from today (or from the
            # assignment, when the draft is assigned later).
            feedback_policy_write(task=task, cycle=cycle, day=FEEDBACK_DAY_DEFAULT)
        written = str(row.get("lead_written") or "").strip()
        if row.get("remember_lead") and written and lead is not None:
            unit_alias_remember(name=written, department=lead, user=user)
        if row.get("remember_cooperating"):
            _remember_cooperating(row, cooperating, position, user)
        result.items.append(item)
        result.tasks.append(task)
        created[str(row.get("key") or f"row-{position}")] = task
    result.links = _store_links(rows, created, user)
    audit_record(
        action=AuditAction.REPORT_IMPORT,
        actor=user,
        obj=report,
        after={
            "content_sha256": report.content_sha256,
            "source_name": report.source_name,
            "plan_items": order[ItemKind.PLAN],
            "problems": order[ItemKind.PROBLEM],
            "task_ids": [t.pk for t in result.tasks],
            "status": Status.ASSIGNED if assign else Status.DRAFT,
            "links": [[link.problem_task_id, link.plan_task_id] for link in result.links],
        },
        request=request,
    )
    return result


def _remember_cooperating(
    row: dict[str, Any], cooperating: list[Department], position: int, user: User | None
) -> None:
    """The one co-operating unit the document names that read as no department ('县审计局')
    is the one co-operating department the supervisor added beside those the text named:
    remembered as that department. Anything less clear refuses the import (nothing written)."""
    unmatched = [str(name) for name in row.get("cooperating_unmatched") or [] if str(name)]
    named = _named_departments()
    from_text = {
        pk
        for name in str(row.get("cooperating_written") or "").split("、")
        for pk in named(name)[:1]
    }
    added = [d for d in cooperating if d.pk not in from_text]
    if len(unmatched) != 1 or len(added) != 1:
        raise ReportImportError(
            f"第 {position} 项：要记住文中配合单位的对应关系，文中须只有一个未识别的配合单位，"
            "并在配合单位中为它选定一个单位。"
        )
    unit_alias_remember(name=unmatched[0], department=added[0], user=user)


def _store_links(
    rows: list[dict[str, Any]], created: dict[str, Task], user: User | None
) -> list[RectificationLink]:
    """The accepted links between created rectification and plan tasks. An accepted link whose
    plan row is not imported refuses the import (the caller's transaction rolls back)."""
    links = []
    for position, row in enumerate(rows, start=1):
        if not row.get("include", True) or not row.get("link_accept"):
            continue
        target = str(row.get("link_plan") or "")
        problem_task = created.get(str(row.get("key") or f"row-{position}"))
        plan_task = created.get(target)
        if problem_task is None or problem_task.kind != Kind.PROBLEM:
            continue
        if plan_task is None or plan_task.kind != Kind.PLAN:
            raise ReportImportError(
                f"第 {position} 项要关联的工作计划没有勾选导入：请勾选该计划，或取消关联。"
            )
        links.append(
            RectificationLink(
                problem_task=problem_task,
                plan_task=plan_task,
                reason=str(row.get("link_reason") or "")[:200],
                created_by=user if user is not None and user.is_authenticated else None,
            )
        )
    return RectificationLink.objects.bulk_create(links)


@dataclass
class TaskLinks:
    """What a task page shows of its links, as far as the viewer may see the other task."""

    plan: Task | None = None
    rectifications: list[Task] = field(default_factory=list)


def task_links(*, task: Task, user: Any) -> TaskLinks:
    """The plan task a rectification task was linked to (对应工作计划) and the rectification tasks
    linked to a plan task (对应整改任务), each only when ``user`` may see it."""
    visible = Task.objects.visible_to(user)
    found = TaskLinks()
    if task.kind == Kind.PROBLEM:
        found.plan = visible.filter(rectification_links__problem_task=task).first()
    elif task.kind == Kind.PLAN:
        found.rectifications = list(visible.filter(plan_link__plan_task=task).order_by("id"))
    return found


def _add_milestones(task: Task, value: Any, position: int) -> None:
    """The row's stages as the task's 时间节点 (text lines 'YYYY-MM-DD 内容' or dicts); a stage
    after the task's deadline refuses the whole import, like any other bad row."""
    if isinstance(value, str):
        try:
            value = [stage.to_dict() for stage in read_stage_lines(value)]
        except StageLineError:
            raise ReportImportError(f"第 {position} 项的时间节点应为“日期 节点内容”。") from None
    stages = []
    for stage in value or []:
        stage_due = _as_date(stage.get("due_on"))
        title = " ".join(str(stage.get("title") or "").split())[:300]
        if stage_due is None or not title:
            raise ReportImportError(f"第 {position} 项的时间节点应为“日期 节点内容”。")
        if task.due_on is not None and stage_due > task.due_on:
            raise ReportImportError(f"第 {position} 项的时间节点“{title}”晚于完成时限。")
        stages.append(Milestone(task=task, title=title, due_on=stage_due))
    if stages:
        Milestone.objects.bulk_create(stages)
        task.next_milestone_on = min(stage.due_on for stage in stages)
        task.save(update_fields=["next_milestone_on"])


# --- editing the proposals (pure functions on preview rows; nothing is written) -------------

_SPLIT_MARKS = "；;，,、"


def proposal_split(*, rows: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """Split row ``index`` in two at the punctuation nearest the middle of its title (both halves
    keep the source paragraph, departments and deadline; the supervisor then edits the words).
    Without punctuation the row is duplicated."""
    if not 0 <= index < len(rows):
        return rows
    row = rows[index]
    # A rectification row splits its problem and titles each half anew.
    problem = str(row.get("problem") or "").strip()
    title = problem or str(row.get("title") or "").strip()
    cuts = [i for i, ch in enumerate(title) if ch in _SPLIT_MARKS and 0 < i < len(title) - 1]
    if cuts:
        cut = min(cuts, key=lambda i: abs(i - len(title) / 2))
        first, second = title[:cut].strip(), title[cut + 1 :].strip()
    else:
        first = second = title
    if problem:
        return [
            *rows[:index],
            {
                **row,
                "problem": first,
                "title": rectification_title(first),
                "body": f"问题：{first}",
            },
            {
                **row,
                "problem": second,
                "title": rectification_title(second),
                "body": f"问题：{second}",
            },
            *rows[index + 1 :],
        ]
    return [
        *rows[:index],
        {**row, "title": first},
        {**row, "title": second, "body": ""},
        *rows[index + 1 :],
    ]


def proposal_merge(*, rows: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """Merge row ``index`` with the next row of the same kind into one task (titles joined with
    '；', bodies one after the other, co-operating departments united; the first row's source
    paragraph, lead department and deadline are kept). Raises ReportImportError otherwise."""
    if not 0 <= index < len(rows) - 1:
        raise ReportImportError("没有可以与之合并的下一项。")
    first, second = rows[index], rows[index + 1]
    if first.get("kind") != second.get("kind"):
        raise ReportImportError("工作计划与存在问题不能合并。")
    title = str(first.get("title") or "").rstrip("。；;，, ")
    cooperating = list(first.get("cooperating_departments") or [])
    for value in second.get("cooperating_departments") or []:
        if value not in cooperating:
            cooperating.append(value)
    problems = [str(row.get("problem") or "").strip() for row in (first, second)]
    if all(problems):
        # Two rectification rows: one task for both problems, titled anew.
        problem = f"{problems[0].rstrip('。；;，, ')}；{problems[1]}"
        title_text = rectification_title(problem)
    else:
        problem = ""
        title_text = f"{title}；{str(second.get('title') or '').strip()}"
    merged = {
        **first,
        "problem": problem,
        "title": title_text,
        "body": "\n".join(b for b in (first.get("body"), second.get("body")) if b),
        "include": bool(first.get("include", True) or second.get("include", True)),
        "cooperating_departments": cooperating,
    }
    return [*rows[:index], merged, *rows[index + 2 :]]


# -- 新任务批量交办: a report's drafts, each with its own lead and deadline ----


def report_drafts(*, report: Report, user: User) -> list[Task]:
    """The report's tasks still to be assigned (待交办, or 退办 back to the office) that
    ``user`` sees, in the report's order."""
    return list(
        Task.objects.visible_to(user)
        .filter(report=report, status__in=UNASSIGNED_STATUSES)
        .select_related("lead_department", "source_item")
        .prefetch_related("cooperating_departments")
        .order_by("source_item__kind", "source_item__order", "id")
    )


@dataclass(frozen=True)
class DraftAssignment:
    task_id: int
    lead_department: Department
    cooperating_departments: list[Department]
    due_on: dt.date


@retry_on_conflict
def drafts_assign(
    *, report: Report, assignments: list[DraftAssignment], actor: User, request: Any = None
) -> list[Task]:
    """批量交办 of ``report``'s drafts, each with its own lead, co-operators and deadline:
    all or nothing. A task that is not (or no longer) one of the report's drafts refuses the
    whole batch."""
    with task_write():
        # The drafts' rows first, all of them by id (task_write's order); then read
        # them (a statement after the lock sees what the writers waited for did).
        task_services.task_rows_lock(row.task_id for row in assignments)
        drafts = {task.pk: task for task in report_drafts(report=report, user=actor)}
        if any(row.task_id not in drafts for row in assignments):
            raise ValidationError(_("所选任务已被交办或不属于本报告，请刷新后重试。"))
        if not assignments:
            raise ValidationError(_("请至少勾选一项任务。"))
        return [
            task_services.task_assign(
                task=drafts[row.task_id],
                actor=actor,
                lead_department=row.lead_department,
                cooperating_departments=row.cooperating_departments,
                due_on=row.due_on,
                request=request,
            )
            for row in assignments
        ]
