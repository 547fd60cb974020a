"""The reporting work that runs as background jobs (tracker.batch)."""

from __future__ import annotations

from typing import IO

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.batch.models import BatchJob
from tracker.batch.registry import BatchRefused, Progress, batch_kind
from tracker.batch.services import batch_start
from tracker.dbrouter import reading_from_replica
from tracker.org.models import User
from tracker.reporting.ledger import ledger_write_xlsx
from tracker.reporting.services import ExportFilterError, export_league, export_tasks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_xlsx_run(job: BatchJob, target: IO[bytes], progress: Progress) -> str:
    """工作台账 of any size: the task list's filters (``params["query"]``),
    the requester's visibility, read from the replica when there is one."""
    params = QueryDict(job.params.get("query", ""))
    with reading_from_replica():
        try:
            tasks = export_tasks(user=job.requested_by, params=params)
            league = export_league(user=job.requested_by, params=params)
        except ExportFilterError as error:
            raise BatchRefused(str(error)) from None
        total = tasks.count()
        progress(0, total)
        ledger_write_xlsx(tasks, target, progress=lambda done: progress(done, total), league=league)
        progress(total, total)
    return f"工作台账-{timezone.localdate():%Y%m%d}.xlsx"


LEDGER_XLSX = batch_kind(
    name="ledger.xlsx", label=_("工作台账（Excel）"), run=ledger_xlsx_run, content_type=XLSX
)


def ledger_job_start(*, user: User, query: str, request: HttpRequest | None = None) -> BatchJob:
    """导出台账 as a background job (the dashboard's button and the API): the task-list filter in
    ``query`` is checked first (``ExportFilterError`` with a Chinese message, nothing started),
    then the job is recorded and queued."""
    export_tasks(user=user, params=QueryDict(query))
    return batch_start(kind=LEDGER_XLSX.name, user=user, params={"query": query}, request=request)
