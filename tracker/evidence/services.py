"""Evidence files (佐证材料): uploading, withdrawing and serving them.

Checking and storing live in ``tracker.evidence.storage``; every change to a
task goes through ``tracker.tasks.services.task_transition``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.conflicts import retry_on_conflict
from tracker.evidence.models import EvidenceFile
from tracker.evidence.storage import (
    ALLOWED_EXTENSIONS,
    MAX_FILES_PER_REQUEST,
    PREVIEWABLE,
    EvidenceLimitHandler,
    clean_original_name,
    evidence_check,
    evidence_check_all,
    evidence_files_delete,
    evidence_store,
    evidence_write,
    too_large_message,
)
from tracker.org.models import User
from tracker.tasks.models import Action, Task
from tracker.tasks.services import task_precheck, task_transition

__all__ = [
    "ALLOWED_EXTENSIONS",
    "MAX_FILES_PER_REQUEST",
    "EvidenceLimitHandler",
    "clean_original_name",
    "content_disposition",
    "evidence_check",
    "evidence_check_all",
    "evidence_response",
    "evidence_store",
    "evidence_upload",
    "evidence_withdraw",
    "settings",
    "too_large_message",
]


@retry_on_conflict
def evidence_upload(
    *,
    task: Task,
    actor: User,
    files: Sequence[Any],
    request: Any = None,
    fresh: bool = False,
) -> list[EvidenceFile]:
    """上传佐证材料: check every file by content, then store them all, each
    as the next version when the task already has a file of that name.

    ``fresh``: ``task`` was read just before in this request, as the API reads
    it (``task_precheck`` asks it as read, once)."""
    if not files:
        raise ValidationError(_("请选择要上传的文件。"))
    # Checked and written before the write window: a refused file waits for
    # nobody, and a 40 MB scan being written does not hold up other people's writes.
    task_precheck(task=task, actor=actor, action=Action.EVIDENCE, request=request, fresh=fresh)
    checked = evidence_check_all(files=files)
    stored: list[EvidenceFile] = []
    try:
        stored = evidence_write(checked=checked, actor=actor)
        with task_transition(
            task=task,
            actor=actor,
            action=Action.EVIDENCE,
            audit_action=None,
            request=request,
            prechecked=True,
        ) as change:
            change.save()  # a new version of the task: stale pages are refused
            evidence_store(task=change.task, written=stored, request=request)  # audited each
    except BaseException:
        # Not committed (a conflict at the commit, say, which is then done again):
        # the files written go too.
        evidence_files_delete(stored)
        raise
    return stored


@retry_on_conflict
def evidence_withdraw(
    *, evidence: EvidenceFile, actor: User, reason: str, request: Any = None
) -> EvidenceFile:
    """撤回: the file is marked withdrawn with a reason; it is never deleted."""
    if not (reason or "").strip():
        raise ValidationError(_("撤回须说明原因。"))
    if evidence.is_withdrawn:
        raise ValidationError(_("该材料已撤回。"))
    with task_transition(
        task=evidence.task,
        actor=actor,
        action=Action.WITHDRAW_EVIDENCE,
        audit_action=AuditAction.EVIDENCE_WITHDRAW,
        request=request,
    ) as change:
        evidence = EvidenceFile.objects.select_for_update(no_key=True).get(pk=evidence.pk)
        if evidence.is_withdrawn:
            raise ValidationError(_("该材料已撤回。"))
        evidence.withdrawn_at = timezone.now()
        evidence.withdrawn_by = actor
        evidence.withdrawn_reason = reason.strip()[:500]
        evidence.full_clean()
        evidence.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        # The task itself does not change (no new version): only the record.
        change.record(
            before={"evidence_id": evidence.pk, "withdrawn": False},
            after={
                "evidence_id": evidence.pk,
                "name": evidence.original_name,
                "version": evidence.version,
                "withdrawn": True,
                "reason": evidence.withdrawn_reason,
            },
        )
    return evidence


def content_disposition(disposition: str, name: str) -> str:
    """``attachment; filename*=utf-8''…`` (RFC 6266 / RFC 5987), Django's own encoding."""
    return content_disposition_header(disposition == "attachment", name) or disposition


def evidence_response(
    *, evidence: EvidenceFile, actor: User, request: HttpRequest | None, inline: bool = False
) -> HttpResponseBase:
    """Serve a file the caller has already found through ``visible_to``; audited.

    With ``EVIDENCE_ACCEL_REDIRECT_PREFIX`` set (behind nginx), the response carries no body
    but ``X-Accel-Redirect``: nginx sends the file from its internal location, so no Python
    worker is held by a 40 MB download. The headers below travel with it."""
    inline = inline and evidence.content_type in PREVIEWABLE
    audit_record(
        action=AuditAction.EVIDENCE_PREVIEW if inline else AuditAction.EVIDENCE_DOWNLOAD,
        actor=actor,
        obj=evidence,
        after={"task_id": evidence.task_id, "name": evidence.original_name},
        request=request,
    )
    content_type = evidence.content_type if inline else "application/octet-stream"
    prefix = settings.EVIDENCE_ACCEL_REDIRECT_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(str(evidence.file.name))
    else:
        response = FileResponse(evidence.file.open("rb"), content_type=content_type)
        response["Content-Length"] = str(evidence.size)
    response["Content-Disposition"] = content_disposition(
        "inline" if inline else "attachment", evidence.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
