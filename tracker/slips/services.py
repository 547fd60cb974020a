"""Issuing and rendering 督办单.

A slip is *issued* inside the transaction of the workflow step that calls
for it (交办, 催办, a light turning orange or red): its number is taken from a
locked per-kind, per-year counter and its printed content is frozen from the
task as it is at that moment. The .docx and PDF are *rendered* afterwards (a
job queued on commit, or on first download) from that frozen content, so the
number sequence has no gaps and a slip can always be rendered again and
compared byte for byte with the stored files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.reporting.tally_sql import TALLY_LOCK_SQL
from tracker.slips.models import Slip, SlipCounter, SlipKind
from tracker.slips.rendering import SlipContent, render_docx, render_pdf
from tracker.tasks.models import Task

RENDER_JOB = "slips.render"

DEFAULT_NUMBER_FORMATS = {
    SlipKind.ASSIGN: "交办〔{year}〕{seq}号",
    SlipKind.URGE: "催办〔{year}〕{seq}号",
    SlipKind.WARNING: "督办〔{year}〕{seq}号",
}
HEADINGS = {
    SlipKind.ASSIGN: "督办事项交办通知单",
    SlipKind.URGE: "督办事项催办单",
    SlipKind.WARNING: "督办事项预警督办单",
}


def chinese_date(value: dt.date | None) -> str:
    """2022年6月30日, as official documents write dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def slip_number(*, kind: str, year: int, sequence: int) -> str:
    formats: dict[str, str] = {str(k): v for k, v in DEFAULT_NUMBER_FORMATS.items()}
    formats.update(settings.SLIP_NUMBER_FORMATS)
    return formats[kind].format(year=year, seq=sequence)


def _next_sequence(*, kind: str, year: int) -> int:
    """Take the next number under a row lock; must run inside a transaction.
    The counter is shared by every task's writes: it is locked under the tally
    lock (taken first here), the order of every task write (``task_write``)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(TALLY_LOCK_SQL)
    for _attempt in range(3):
        counter = SlipCounter.objects.select_for_update().filter(kind=kind, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = SlipCounter.objects.create(kind=kind, year=year, last=0)
            except IntegrityError:
                continue  # created by a concurrent issue: lock it on the next pass
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
    raise RuntimeError("slip counter could not be locked")


def number_take(*, kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year`` from the same locked counter the
    slips use (no gaps, no doubles under concurrency); other numbered documents
    (督查通报: kind ``circular``) take theirs here too. Inside a transaction."""
    return _next_sequence(kind=kind, year=year)


def _requirements(*, kind: str, task: Any, note: str, extra: dict[str, Any]) -> str:
    due = chinese_date(task.due_on) or "—"
    if kind == SlipKind.ASSIGN:
        text = (
            f"请于收到本通知单后{settings.SLIP_ACKNOWLEDGE_DAYS}个工作日内签收并明确责任人，"
            f"按要求反馈办理进展，于{due}前办结并报送佐证材料。"
        )
    elif kind == SlipKind.URGE:
        text = (
            f"该事项为第{extra.get('urge_count', 1)}次催办，当前完成进度{task.progress}%。"
            f"请抓紧办理，于{settings.SLIP_URGE_REPLY_DAYS}个工作日内反馈办理进展；"
            f"确有困难的，请书面说明原因。"
        )
    else:
        if task.due_on is not None and task.due_on < timezone.localdate():
            state = f"已超过完成时限{(timezone.localdate() - task.due_on).days}天（红灯）"
        else:
            days = (task.due_on - timezone.localdate()).days if task.due_on else 0
            state = f"距完成时限仅剩{days}天（{extra.get('light_label', '预警')}）"
        text = (
            f"该事项{state}，当前完成进度{task.progress}%。请于"
            f"{settings.SLIP_URGE_REPLY_DAYS}个工作日内书面说明办理情况、存在困难和下一步措施。"
        )
    return f"{text}\n{note}" if note else text


def slip_issue(
    *,
    task: Task,
    kind: str,
    occasion: str,
    actor: Any = None,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Slip:
    """Issue one numbered slip for ``task`` (once per ``occasion``) and queue its files.

    Call it inside the workflow step's transaction; the files are rendered
    after the commit.
    """
    existing = Slip.objects.filter(task=task, kind=kind, occasion=occasion).first()
    if existing is not None:
        return existing
    extra = extra or {}
    today = timezone.localdate()
    with transaction.atomic():
        sequence = _next_sequence(kind=kind, year=today.year)
        number = slip_number(kind=kind, year=today.year, sequence=sequence)
        cooperating: Sequence[Any] = list(task.cooperating_departments.all())
        content = SlipContent(
            heading=HEADINGS[SlipKind(kind)],
            office=settings.SLIP_OFFICE_NAME,
            number=number,
            task_title=task.title,
            task_description=task.description,
            lead_department=task.lead_department.name if task.lead_department else "",
            cooperating_departments="、".join(d.name for d in cooperating),
            deadline=chinese_date(task.due_on),
            requirements=_requirements(kind=kind, task=task, note=note, extra=extra),
            signature=settings.SLIP_OFFICE_NAME,
            issued_on=chinese_date(today),
            receipt=kind == SlipKind.ASSIGN,
            extra_rows=tuple(extra.get("rows", ())),
        )
        slip = Slip(
            task=task,
            kind=kind,
            year=today.year,
            sequence=sequence,
            number=number,
            occasion=occasion,
            content=content.to_dict(),
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        slip.full_clean(exclude=["docx", "pdf", "docx_sha256", "pdf_sha256"])
        slip.save()
    # Queued by name: the job module imports this one, not the other way round.
    slip_id = slip.pk
    transaction.on_commit(lambda: current_app.send_task(RENDER_JOB, args=[slip_id]))
    return slip


def slip_render(*, slip: Slip) -> Slip:
    """Render and store the slip's .docx and PDF if they are not stored yet."""
    if slip.docx and slip.pdf:
        return slip
    content = SlipContent.from_dict(slip.content)
    docx_bytes = render_docx(content)
    pdf_bytes = render_pdf(content, font_path=settings.SLIP_PDF_FONT or None)
    base = f"{slip.kind}-{slip.year}-{slip.sequence:04d}"
    with transaction.atomic():
        locked = Slip.objects.select_for_update().get(pk=slip.pk)
        if locked.docx and locked.pdf:
            return locked
        locked.docx.save(f"{base}.docx", ContentFile(docx_bytes), save=False)
        locked.pdf.save(f"{base}.pdf", ContentFile(pdf_bytes), save=False)
        locked.docx_sha256 = hashlib.sha256(docx_bytes).hexdigest()
        locked.pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
        locked.save(update_fields=["docx", "pdf", "docx_sha256", "pdf_sha256"])
    return locked


def slip_verify(*, slip: Slip) -> bool:
    """Render the slip again from its content: the same bytes as stored?"""
    content = SlipContent.from_dict(slip.content)
    docx_hash = hashlib.sha256(render_docx(content)).hexdigest()
    pdf_hash = hashlib.sha256(
        render_pdf(content, font_path=settings.SLIP_PDF_FONT or None)
    ).hexdigest()
    return docx_hash == slip.docx_sha256 and pdf_hash == slip.pdf_sha256


# -- reading ------------------------------------------------------------------

SLIP_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def slips_visible_to(user: Any) -> QuerySet[Slip]:
    """The one rule: a slip is seen by whoever sees its task."""
    return Slip.objects.filter(task__in=Task.objects.visible_to(user))


def slip_file(
    *, slip: Slip, fmt: str, actor: Any, ip_address: str | None = None
) -> tuple[bytes, str]:
    """The stored .docx or PDF of a slip (rendered first if not yet), audited."""
    slip = slip_render(slip=slip)
    field = slip.docx if fmt == "docx" else slip.pdf
    with field.open("rb") as handle:
        data = handle.read()
    audit_record(
        action=AuditAction.SLIP_DOWNLOAD,
        actor=actor,
        obj=slip.task,
        after={"slip": slip.number, "format": fmt},
        ip_address=ip_address,
    )
    return data, f"{slip.get_kind_display()}{slip.number}.{fmt}"
