"""Import pages: reports list and upload, the preview where tasks are edited, and a report's text.

Upload, preview and confirm are for supervisors only; anybody else gets a 404. Who sees a
report's page is ``Report.objects.visible_to``: its text, and its items and tasks as far as
``PlanItem.objects.visible_to`` and ``Task.objects.visible_to`` allow.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import batch_kinds
from plans.forms import ROW_FIELDS, DraftFormSet, DraftRowForm, ProposalFormSet, ReportUploadForm
from plans.models import ItemKind, Report
from plans.parsing import strip_watermark
from plans.services import (
    MARK_KINDS,
    DraftAssignment,
    ReportImportError,
    drafts_assign,
    link_pairs,
    preview_discard,
    preview_load,
    preview_mark,
    preview_rows_restore,
    preview_save_rows,
    proposal_merge,
    proposal_split,
    report_drafts,
    report_import,
    report_markings,
    report_preview,
)
from tracker.batch.services import batch_start
from tracker.http import AuthedRequest
from tracker.org.models import Department
from tracker.tasks.models import Task

MAX_ROWS = 500


def _require_supervisor(request: AuthedRequest) -> None:
    if not request.user.is_supervisor:
        raise Http404


def report_list(request: AuthedRequest, form: ReportUploadForm | None = None) -> HttpResponse:
    """报告导入: the imported reports and the upload form."""
    _require_supervisor(request)
    reports = (
        Report.objects.visible_to(request.user)
        .select_related("imported_by")
        .annotate(
            plan_count=Count("tasks", filter=Q(tasks__kind="plan"), distinct=True),
            problem_count=Count("tasks", filter=Q(tasks__kind="problem"), distinct=True),
        )
        .order_by("-imported_at", "-id")
    )
    return render(
        request,
        "plans/report_list.html",
        {"reports": reports, "form": form or ReportUploadForm()},
    )


@require_POST
def report_upload(request: AuthedRequest) -> HttpResponse:
    """Read and parse the upload, keep the preview aside (not in the database), show it."""
    _require_supervisor(request)
    form = ReportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return report_list(request, form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    if len(data) >= settings.REPORT_JOB_MIN_BYTES:
        # A long report: the worker reads it while the job page shows progress,
        # then opens the preview (plans/batch_kinds.py).
        job = batch_start(
            kind=batch_kinds.KIND,
            user=request.user,
            params={"upload": batch_kinds.upload_keep(data), "filename": upload.name[:255]},
            request=request,
        )
        return redirect("batch-job", pk=job.pk)
    try:
        preview = report_preview(data=data, filename=upload.name, user=request.user)
    except ReportImportError as error:
        form.add_error("file", error.message)
        return report_list(request, form=form)
    query = urlencode({"token": preview["preview_token"]})
    return redirect(f"{reverse('report-preview')}?{query}")


def report_preview_page(request: AuthedRequest) -> HttpResponse:
    """The preview: untick, edit, split, merge, choose departments and deadlines, confirm."""
    _require_supervisor(request)
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    try:
        preview = preview_load(token=token or "", user=request.user)
    except ReportImportError as error:
        messages.error(request, error.message)
        return redirect("report-list")
    departments = list(Department.objects.active().values_list("id", "name"))
    form_kwargs: dict[str, Any] = {"departments": departments}
    if request.method != "POST":
        formset = ProposalFormSet(initial=preview["proposals"], form_kwargs=form_kwargs)
        return _render_preview(request, preview, formset)

    action = request.POST.get("action", "")
    if action == "mark" or action.startswith(("split-", "merge-")):
        rows = preview_rows_restore(preview=preview, rows=_posted_rows(request.POST))
        try:
            if action == "mark":
                chosen = _chosen_paragraphs(request.POST)
                rows = preview_mark(
                    preview=preview,
                    rows=rows,
                    start=min(chosen) if chosen else request.POST.get("mark_start"),
                    end=max(chosen) if chosen else request.POST.get("mark_end"),
                    kind=request.POST.get("mark_kind", ""),
                    user=request.user,
                )
                messages.success(request, f"已标记：{preview['markings'][-1]['label']}")
            else:
                verb, _sep, position = action.partition("-")
                edit = proposal_split if verb == "split" else proposal_merge
                rows = edit(rows=rows, index=int(position))
                rows = preview_save_rows(preview=preview, rows=rows, user=request.user)
        except ValueError:
            pass
        except ReportImportError as error:
            messages.error(request, error.message)
        return _render_preview(
            request, preview, ProposalFormSet(initial=rows, form_kwargs=form_kwargs), rows
        )

    formset = ProposalFormSet(request.POST, form_kwargs=form_kwargs)
    if not formset.is_valid():
        rows = preview_rows_restore(preview=preview, rows=_posted_rows(request.POST))
        return _render_preview(request, preview, formset, rows)
    rows = preview_rows_restore(preview=preview, rows=formset.cleaned_data)
    try:
        result = report_import(user=request.user, preview=preview, rows=rows, request=request)
    except ReportImportError as error:
        messages.error(request, error.message)
        return _render_preview(request, preview, formset, rows)
    preview_discard(preview=preview)
    (messages.success if result.created else messages.info)(request, result.summary())
    if any(task.status == "draft" for task in result.tasks):
        # Next step: give every new draft its lead, co-operators and deadline at once.
        return redirect("report-assign", pk=result.report.pk)
    return redirect("report-detail", pk=result.report.pk)


def _chosen_paragraphs(data: QueryDict) -> list[int]:
    """The paragraphs ticked in the report text (one, or the first and last of a range)."""
    chosen = []
    for value in data.getlist("mark_p")[:MAX_ROWS]:
        try:
            chosen.append(int(value))
        except ValueError:
            continue
    return chosen


def _posted_rows(data: QueryDict) -> list[dict[str, Any]]:
    """The rows as posted, unvalidated, so a split or merge keeps what the user typed."""
    try:
        total = min(int(data.get("form-TOTAL_FORMS", "0")), MAX_ROWS)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        prefix = f"form-{i}-"
        row: dict[str, Any] = {name: data.get(prefix + name, "") for name in ROW_FIELDS}
        row["include"] = prefix + "include" in data
        row["remember_lead"] = prefix + "remember_lead" in data
        row["remember_cooperating"] = prefix + "remember_cooperating" in data
        row["link_accept"] = prefix + "link_accept" in data
        row["cooperating_departments"] = data.getlist(prefix + "cooperating_departments")
        rows.append(row)
    return rows


def _render_preview(
    request: HttpRequest,
    preview: dict[str, Any],
    formset: Any,
    rows: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    if rows is None:
        rows = preview.get("proposals", [])
    sections = {}
    for kind, key in ((ItemKind.PLAN, "plan_section"), (ItemKind.PROBLEM, "problem_section")):
        section = preview.get(key)
        if section and section.get("source"):
            sections[str(kind)] = section["source"]["paragraph"]
    item_paragraphs = {}
    for row in rows:
        try:
            item_paragraphs[int(row["source_paragraph"])] = row.get("kind") or "plan"
        except (KeyError, TypeError, ValueError):
            continue
    marked = {}
    for marking in preview.get("markings") or []:
        for index in range(int(marking["start"]), int(marking["end"]) + 1):
            marked[index] = marking["kind"]
    paragraphs = marked_paragraphs(
        preview.get("paragraphs", []), preview.get("outline", []), sections, item_paragraphs
    )
    for paragraph in paragraphs:
        paragraph["marked"] = marked.get(paragraph["index"])
    # What the page shows beside each row (reasons, suggestions, the proposed plan link), by
    # position.
    pairs = {pair["problem"]: pair for pair in link_pairs(rows)}
    for form, row in zip(formset.forms, rows, strict=False):
        form.shown = {**row, "link_pair": pairs.get(row.get("key"))}
    already_imported = preview.get("already_imported")
    context = {
        "preview": preview,
        "formset": formset,
        "paragraphs": paragraphs,
        "mark_kinds": MARK_KINDS,
        "markings": preview.get("markings") or [],
        "existing": (
            Report.objects.visible_to(request.user).filter(pk=already_imported).first()
            if already_imported is not None
            else None
        ),
    }
    return render(request, "plans/report_preview.html", context)


def _outline_nodes(outline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    stack = list(reversed(outline))
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(node.get("children", [])))
    return nodes


def marked_paragraphs(
    paragraphs: list[dict[str, Any]],
    outline: list[dict[str, Any]],
    sections: dict[str, int],
    item_paragraphs: dict[int, str],
) -> list[dict[str, Any]]:
    """Each paragraph with its heading level, the detected section it lies in and whether an
    item was taken from it, for highlighting."""
    nodes = _outline_nodes(outline)
    heading_level = {
        n["source"]["paragraph"]: n["level"] for n in nodes if n.get("source") is not None
    }
    spans: list[tuple[str, int, int]] = []
    for kind, start in sections.items():
        level = heading_level.get(start, 1)
        later = [p for p, lvl in heading_level.items() if p > start and lvl <= level]
        spans.append((kind, start, min(later) if later else len(paragraphs)))
    marked = []
    for paragraph in paragraphs:
        index = paragraph["index"]
        # A site's watermark appended to the paragraph ('公文汇 www.…') is shown apart, marked
        # as site furniture, like a chrome paragraph; the stored text keeps it.
        shown, watermark = (
            ("", "")
            if paragraph.get("chrome")
            else strip_watermark(str(paragraph.get("text") or ""))
        )
        marked.append(
            {
                **paragraph,
                "shown_text": shown if watermark else "",
                "watermark": watermark,
                "level": heading_level.get(index),
                "section": next((k for k, s, e in spans if s <= index < e), None),
                "section_start": index in sections.values(),
                "item": item_paragraphs.get(index),
            }
        )
    return marked


def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A report's text with anchors #p-<index>, its items and the tasks the user may see."""
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    visible_tasks = (
        Task.objects.visible_to(request.user)
        .filter(report=report)
        .select_related("lead_department", "source_item")
        .order_by("source_item__kind", "source_item__order", "id")
    )
    items = list(report.items.visible_to(request.user).order_by("kind", "order"))
    item_paragraphs = {
        item.source_paragraph: item.kind for item in items if item.source_paragraph is not None
    }
    context = {
        "report": report,
        "items": items,
        "tasks": visible_tasks,
        "paragraphs": marked_paragraphs(report.paragraphs, report.outline, {}, item_paragraphs),
        "can_import": request.user.is_supervisor,
        "markings": report_markings(report),
    }
    return render(request, "plans/report_detail.html", context)


def report_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    """新任务批量交办: the table of a report's drafts, assigned in one action."""
    _require_supervisor(request)
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    drafts = report_drafts(report=report, user=request.user)
    by_id = {task.pk: task for task in drafts}
    if request.method == "POST":
        formset = DraftFormSet(request.POST, prefix="row")
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("selected")]
            try:
                done = drafts_assign(
                    report=report,
                    assignments=[
                        DraftAssignment(
                            task_id=row["task"],
                            lead_department=row["lead_department"],
                            cooperating_departments=list(row["cooperating_departments"]),
                            due_on=row["due_on"],
                        )
                        for row in rows
                    ],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                messages.error(request, " ".join(str(m) for m in error.messages))
            else:
                messages.success(request, _("已交办 %d 项任务。") % len(done))
                return redirect("report-detail", pk=report.pk)
    else:
        formset = DraftFormSet(
            prefix="row",
            initial=[
                {
                    "task": task.pk,
                    "selected": True,
                    "lead_department": task.lead_department_id,
                    "cooperating_departments": [d.pk for d in task.cooperating_departments.all()],
                    "due_on": task.due_on,
                }
                for task in drafts
            ],
        )
    table = [(form, by_id.get(_row_task(form) or 0)) for form in formset.forms]
    return render(
        request,
        "plans/report_assign.html",
        {
            "report": report,
            "formset": formset,
            "rows": table,
            "all_form": DraftRowForm(prefix="all"),
        },
    )


def _row_task(form: Any) -> int | None:
    value = form["task"].value()
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
