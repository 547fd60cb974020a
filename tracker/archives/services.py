"""归档: archiving closed tasks into a package with a manifest.

``archive_task`` (the task page's and the API's 归档 action) archives one
task — from then on it is read-only (``Task.allowed_actions`` is empty) —
and starts the background job that writes its package. ``archive_report``
does the same for every closed, not yet archived task of a report, in one
package. The job (``archive_package_run``, a tracker.batch kind) writes
the .zip as it goes, checking every evidence file against the SHA-256
recorded at upload, and keeps the package as an ``ArchivePackage`` so it
can be downloaded again by whoever sees all of its tasks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Report
from tracker.archives.manifest import CHUNK, FORMAT, MANIFEST_NAME, Digests, sm3_available
from tracker.archives.models import ArchivePackage
from tracker.archives.record import TaskRecord, manifest_docx, record_docx, record_pdf, timeline_csv
from tracker.audit.models import AuditAction, AuditEvent
from tracker.audit.sentences import audit_sentence
from tracker.audit.services import audit_record, task_write
from tracker.batch.models import BatchJob
from tracker.batch.registry import BatchRefused, Progress
from tracker.batch.services import batch_start
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.slips.services import chinese_date, slip_render
from tracker.tasks import services as task_services
from tracker.tasks.models import Status, Task

ARCHIVE_JOB = "archive.zip"
_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


def _safe(name: str, limit: int = 60) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "_"
    return cleaned[:limit]


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def packages_visible_to(user: Any) -> QuerySet[ArchivePackage]:
    return ArchivePackage.objects.visible_to(user)


# -- starting -------------------------------------------------------------------


def archive_package_start(
    *, tasks: list[Task], actor: User, report: Report | None = None, request: Any = None
) -> BatchJob:
    """Queue the job that packs these (archived) tasks into one .zip."""
    if not actor.is_supervisor:
        raise ValidationError(_("只有督查室可以生成归档包。"))
    return batch_start(
        kind=ARCHIVE_JOB,
        user=actor,
        params={
            "task_ids": sorted(task.pk for task in tasks),
            "report_id": report.pk if report is not None else None,
        },
        request=request,
    )


def archive_task(*, task: Task, actor: User, request: Any = None) -> Task:
    """归档 one closed task (read-only from now on) and queue its package."""
    task = task_services.task_archive(task=task, actor=actor, request=request)
    archive_package_start(tasks=[task], actor=actor, request=request)
    return task


def archive_report(*, report: Report, actor: User, request: Any = None) -> BatchJob:
    """归档 every closed (办结), not yet archived task of a report, in one package."""
    if not actor.is_supervisor:
        raise ValidationError(_("只有督查室可以归档。"))
    candidates = list(
        Task.objects.filter(report=report, status=Status.DONE, archived_at__isnull=True).order_by(
            "pk"
        )
    )
    if not candidates:
        raise ValidationError(_("该报告没有尚未归档的已办结任务。"))
    archived = []
    with task_write():
        task_services.task_rows_lock(task.pk for task in candidates)  # all first, by id
        for task in candidates:
            archived.append(task_services.task_archive(task=task, actor=actor, request=request))
        return archive_package_start(tasks=archived, actor=actor, report=report, request=request)


# -- the job ----------------------------------------------------------------------


def _record(task: Task) -> TaskRecord:
    facts = [
        ("工作任务", task.title),
        ("任务内容", task.description or "—"),
        ("任务类型", str(task.get_kind_display())),
        ("来源报告", task.report.title if task.report else "—"),
        ("牵头单位", str(task.lead_department or "—")),
        ("配合单位", "、".join(d.name for d in task.cooperating_departments.all()) or "—"),
        ("责任人", str(task.responsible.display_name if task.responsible else "—")),
        ("完成时限", chinese_date(task.due_on) or "—"),
        ("办理状态", str(task.get_status_display())),
        ("完成进度", f"{task.progress}%"),
        ("交办时间", _when(task.assigned_at)),
        ("签收时间", _when(task.acknowledged_at)),
        ("办结时间", _when(task.completed_at)),
        ("归档时间", _when(task.archived_at)),
        ("催办次数", str(task.urge_count)),
        ("延期次数", str(task.extension_count)),
    ]
    progress = [
        f"{_when(u.created_at)} {u.author.display_name}：{u.text}（{u.percent}%）"
        for u in sorted(task.progress_updates.all(), key=lambda u: (u.created_at, u.pk))
    ]
    reviews = [
        f"{_when(r.created_at)} {r.reviewer.display_name if r.reviewer else '—'}"
        f"：{r.get_decision_display()}{('，' + r.reason) if r.reason else ''}"
        for r in task.reviews.all().order_by("created_at", "pk")
    ]
    evidence = [
        f"《{e.original_name}》第{e.version}版，{e.size}字节，SHA-256 {e.sha256}，"
        f"{e.uploaded_by.display_name}于{_when(e.uploaded_at)}上传"
        + (f"；已于{_when(e.withdrawn_at)}撤回（{e.withdrawn_reason}）" if e.withdrawn_at else "")
        for e in task.evidence.all()
    ]
    slips = [f"{s.get_kind_display()} {s.number}（{_when(s.issued_at)}）" for s in task.slips.all()]
    events = (
        AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
        .exclude(action="permission_denied")
        .order_by("created_at", "id")
    )
    timeline = [
        {
            "time": timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "actor": e.actor_name,
            "role": e.actor_role,
            "department": e.actor_department,
            "action": e.action,
            "sentence": audit_sentence(e),
            "hash": e.hash,
        }
        for e in events
    ]
    return TaskRecord(
        office=settings.SLIP_OFFICE_NAME,
        title=task.title,
        facts=facts,
        sections=[
            ("一、进展反馈", progress),
            ("二、审核意见", reviews),
            ("三、佐证材料", evidence),
            ("四、督办单", slips),
            ("五、办理过程", [row["sentence"] for row in timeline]),
        ],
        timeline=timeline,
    )


class _Writer:
    """Writes zip entries and keeps each one's size and checksums for the manifest."""

    def __init__(self, archive: zipfile.ZipFile, *, sm3: bool) -> None:
        self.archive = archive
        self.sm3 = sm3
        self.files: list[dict[str, Any]] = []
        self.moment = timezone.localtime().timetuple()[:6]

    def _info(self, path: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=self.moment)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def put(self, path: str, data: bytes) -> dict[str, Any]:
        digests = Digests(sm3=self.sm3)
        digests.update(data)
        self.archive.writestr(self._info(path), data)
        self.files.append(digests.entry(path))
        return self.files[-1]

    def put_stream(self, path: str, handle: IO[bytes]) -> dict[str, Any]:
        digests = Digests(sm3=self.sm3)
        with self.archive.open(self._info(path), "w") as out:
            while chunk := handle.read(CHUNK):
                digests.update(chunk)
                out.write(chunk)
        self.files.append(digests.entry(path))
        return self.files[-1]


def _tasks_for(job: BatchJob) -> list[Task]:
    ids = [int(i) for i in job.params.get("task_ids", [])]
    tasks = list(
        Task.objects.visible_to(job.requested_by)
        .filter(pk__in=ids, archived_at__isnull=False)
        .select_related("lead_department", "responsible", "report")
        .prefetch_related(
            "cooperating_departments",
            "progress_updates__author",
            "reviews__reviewer",
            "slips",
            Prefetch(
                "evidence",
                queryset=EvidenceFile.objects.select_related("uploaded_by").order_by(
                    "original_name", "version"
                ),
            ),
        )
        .order_by("pk")
    )
    if not tasks or len(tasks) != len(set(ids)):
        raise BatchRefused(_("要打包的任务不存在、尚未归档或您无权查看。"))
    return tasks


def archive_package_run(job: BatchJob, target: IO[bytes], progress: Progress) -> str:
    """Write the package (tracker.batch runner) and keep it as an ArchivePackage."""
    tasks = _tasks_for(job)
    report = Report.objects.filter(pk=job.params.get("report_id") or 0).first()
    use_sm3 = bool(settings.ARCHIVE_SM3) and sm3_available()
    font = settings.SLIP_PDF_FONT or None
    total = sum(3 + len(t.evidence.all()) + 2 * len(t.slips.all()) for t in tasks) + 2
    done = 0
    progress(done, total)

    def step() -> None:
        nonlocal done
        done += 1
        progress(done, total)

    now = timezone.localtime()
    title = (
        f"{report.title}（{len(tasks)}项已办结任务）"
        if report is not None
        else (tasks[0].title if len(tasks) == 1 else f"{len(tasks)}项已办结任务")
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        writer = _Writer(archive, sm3=use_sm3)
        for task in tasks:
            folder = f"{task.pk}-{_safe(task.title, 40)}/"
            record = _record(task)
            writer.put(folder + "任务记录.docx", record_docx(record))
            step()
            writer.put(folder + "任务记录.pdf", record_pdf(record, font_path=font))
            step()
            writer.put(folder + "办理过程.csv", timeline_csv(record))
            step()
            for evidence in task.evidence.all():
                name = f"{folder}佐证材料/v{evidence.version}-{_safe(evidence.original_name, 100)}"
                with evidence.file.open("rb") as handle:
                    entry = writer.put_stream(name, handle)
                if entry["sha256"] != evidence.sha256:
                    raise BatchRefused(
                        _(
                            "佐证材料《%(name)s》第%(v)s版与上传时的 SHA-256 不符，已停止打包，请联系管理员核查。"
                        )
                        % {"name": evidence.original_name, "v": evidence.version}
                    )
                step()
            for slip in task.slips.all():
                slip = slip_render(slip=slip)
                for fmt, field in (("docx", slip.docx), ("pdf", slip.pdf)):
                    with field.open("rb") as handle:
                        writer.put_stream(f"{folder}督办单/{_safe(slip.number)}.{fmt}", handle)
                    step()
        facts = [
            ("归档内容", title),
            ("来源报告", report.title if report is not None else "—"),
            ("任务数", str(len(tasks))),
            ("归档人", job.requested_by.display_name),
            ("生成时间", now.strftime("%Y-%m-%d %H:%M:%S")),
            ("校验算法", "SHA-256、SM3" if use_sm3 else "SHA-256"),
        ]
        listed = list(writer.files)
        writer.put(
            "归档清单.docx",
            manifest_docx(office=settings.SLIP_OFFICE_NAME, title=title, facts=facts, files=listed),
        )
        step()
        manifest = {
            "format": FORMAT,
            "title": title,
            "office": settings.SLIP_OFFICE_NAME,
            "created_at": now.isoformat(),
            "created_by": job.requested_by.display_name,
            "report": {"id": report.pk, "title": report.title} if report is not None else None,
            "tasks": [
                {
                    "id": t.pk,
                    "title": t.title,
                    "lead_department": str(t.lead_department or ""),
                    "status": t.status,
                    "completed_at": t.completed_at.isoformat() if t.completed_at else None,
                    "archived_at": t.archived_at.isoformat() if t.archived_at else None,
                }
                for t in tasks
            ],
            "algorithms": ["sha256", "sm3"] if use_sm3 else ["sha256"],
            "files": writer.files,
        }
        raw = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        archive.writestr(writer._info(MANIFEST_NAME), raw)
        step()
    filename = f"归档包-{now:%Y%m%d-%H%M%S}-{tasks[0].pk}.zip"
    _keep(
        job=job,
        target=target,
        tasks=tasks,
        report=report,
        title=title,
        filename=filename,
        manifest_sha256=hashlib.sha256(raw).hexdigest(),
        files=len(writer.files) + 1,
        sm3=use_sm3,
    )
    return filename


def _keep(
    *,
    job: BatchJob,
    target: IO[bytes],
    tasks: list[Task],
    report: Report | None,
    title: str,
    filename: str,
    manifest_sha256: str,
    files: int,
    sm3: bool,
) -> None:
    target.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := target.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    target.seek(0)
    with transaction.atomic():
        package = ArchivePackage(
            title=title[:300],
            report=report,
            filename=filename,
            size=size,
            sha256=digest.hexdigest(),
            manifest_sha256=manifest_sha256,
            file_count=files,
            sm3=sm3,
            created_by=job.requested_by,
        )
        package.file.save(filename, File(target), save=False)
        package.save()
        package.tasks.set(tasks)
        audit_record(
            action=AuditAction.ARCHIVE_PACKAGE,
            actor=job.requested_by,
            object_type="archives.package",
            object_id=str(package.pk),
            object_repr=title[:300],
            after={
                "tasks": [t.pk for t in tasks],
                "sha256": package.sha256,
                "manifest_sha256": manifest_sha256,
            },
        )
    target.seek(0)


def package_download_record(*, package: ArchivePackage, actor: Any, request: Any = None) -> None:
    audit_record(
        action=AuditAction.ARCHIVE_DOWNLOAD,
        actor=actor,
        object_type="archives.package",
        object_id=str(package.pk),
        object_repr=package.title[:300],
        request=request,
    )
