"""归档 with a manifest: archiving a closed task makes one .zip with its record,
timeline, every evidence file version, the slips and a manifest of checksums;
the task is read-only from then on; packages are downloaded again and verified
with ``manage.py verify_archive``; another division gets nothing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document
from gmssl import func, sm3
from rest_framework.authtoken.models import Token

from plans.models import Report
from tests.tracker.workflow_helpers import PDF, PNG, upload
from tracker.archives.manifest import Sm3
from tracker.archives.models import ArchivePackage
from tracker.batch import services as batch
from tracker.batch.models import BatchJob, JobStatus
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.supervision.services import task_urge
from tracker.tasks import services
from tracker.tasks.actions import ACTIONS
from tracker.tasks.models import Comment, Status, Task

PDF_V2 = PDF.replace(b"%%EOF", b"% second version\n%%EOF")


def api(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def close_with_evidence(task: Task, *, holder: User, supervisor: User, login: Callable) -> Task:
    """Evidence through the page's upload (two versions of one file and a photo),
    a 催办 (a slip), then 提交 and 办结."""
    client = login(holder)
    for files in (
        [upload("整改方案.pdf", PDF)],
        [upload("整改方案.pdf", PDF_V2), upload("现场.png", PNG)],
    ):
        response = client.post(f"/tasks/{task.pk}/evidence/", {"files": files})
        assert response.status_code == 302
    task_urge(task=task, actor=supervisor, message="请于本周内报送。")
    services.progress_report(task=task, actor=holder, text="整改已完成。", percent=100)
    services.task_submit(task=task, actor=holder)
    services.task_approve(task=task, actor=supervisor, note="材料齐全，同意销号。")
    task.refresh_from_db()
    assert task.status == Status.DONE
    return task


def run_jobs(capture: Callable, action: Callable) -> list[BatchJob]:
    """Do ``action``; run the archive jobs it queued the way the worker does."""
    before = set(BatchJob.objects.values_list("pk", flat=True))
    with capture(execute=False):
        result = action()
    jobs = list(BatchJob.objects.exclude(pk__in=before))
    for job in jobs:
        batch.batch_run(job_id=job.pk)
        job.refresh_from_db()
    return jobs if result is not None else jobs


def package_bytes(client: Client, package: ArchivePackage) -> bytes:
    response = client.get(f"/archives/{package.pk}/download")
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.fixture
def archived(
    task_a: Task,
    staff_a: User,
    supervisor: User,
    login: Callable,
    django_capture_on_commit_callbacks: Callable,
) -> tuple[Task, ArchivePackage]:
    task = close_with_evidence(task_a, holder=staff_a, supervisor=supervisor, login=login)
    client = login(supervisor)
    jobs = run_jobs(
        django_capture_on_commit_callbacks,
        lambda: client.post(f"/tasks/{task.pk}/do/archive/", {"version": task.version}),
    )
    assert [j.kind for j in jobs] == ["archive.zip"] and jobs[0].status == JobStatus.DONE
    task.refresh_from_db()
    assert task.archived_at is not None
    return task, ArchivePackage.objects.get(tasks=task)


@pytest.mark.django_db
def test_the_package_holds_record_timeline_every_version_slips_and_a_true_manifest(
    archived: tuple[Task, ArchivePackage], supervisor: User, login: Callable, tmp_path: Path
) -> None:
    task, package = archived
    data = package_bytes(login(supervisor), package)
    assert hashlib.sha256(data).hexdigest() == package.sha256
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    folder = f"{task.pk}-强化法规体系建设，加强重要领域立法工作。/"
    slips = list(task.slips.all())
    assert len(slips) == 1  # the 催办单
    expected = {
        folder + "任务记录.docx",
        folder + "任务记录.pdf",
        folder + "办理过程.csv",
        folder + "佐证材料/v1-整改方案.pdf",
        folder + "佐证材料/v2-整改方案.pdf",
        folder + "佐证材料/v1-现场.png",
        folder + f"督办单/{slips[0].number}.docx",
        folder + f"督办单/{slips[0].number}.pdf",
        "归档清单.docx",
        "manifest.json",
    }
    assert names == expected
    # Every version is the very bytes uploaded.
    assert archive.read(folder + "佐证材料/v1-整改方案.pdf") == PDF
    assert archive.read(folder + "佐证材料/v2-整改方案.pdf") == PDF_V2
    assert archive.read(folder + "佐证材料/v1-现场.png") == PNG
    # The manifest lists every other entry with its true size and SHA-256.
    manifest = json.loads(archive.read("manifest.json"))
    assert hashlib.sha256(archive.read("manifest.json")).hexdigest() == package.manifest_sha256
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == expected - {"manifest.json"}
    for path, item in listed.items():
        content = archive.read(path)
        assert (
            item["size"] == len(content) and item["sha256"] == hashlib.sha256(content).hexdigest()
        )
        assert "sm3" not in item  # ARCHIVE_SM3 is off by default
    assert manifest["tasks"][0]["id"] == task.pk and manifest["algorithms"] == ["sha256"]
    # The record says what happened; the timeline has the audit chain's hashes.
    record = "\n".join(
        p.text for p in Document(io.BytesIO(archive.read(folder + "任务记录.docx"))).paragraphs
    )
    for snippet in (
        "督办事项办理记录",
        "整改已完成。",
        "材料齐全，同意销号。",
        "《整改方案.pdf》第2版",
        slips[0].number,
        "归档了",
    ):
        assert snippet in record, snippet
    timeline = archive.read(folder + "办理过程.csv").decode("utf-8-sig")
    assert timeline.splitlines()[0].startswith("时间,操作人") and "task_approve" in timeline
    assert archive.read(folder + "任务记录.pdf").startswith(b"%PDF")
    # The human-readable manifest names each file with its hash.
    table_text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(archive.read("归档清单.docx"))).tables
        for row in table.rows
        for cell in row.cells
    )
    for path, item in listed.items():
        if path != "归档清单.docx":
            assert path in table_text and item["sha256"] in table_text
    # Verified by the command.
    target = tmp_path / "package.zip"
    target.write_bytes(data)
    out = io.StringIO()
    call_command("verify_archive", str(target), stdout=out)
    assert "核验通过" in out.getvalue() and f"第 {package.pk} 号归档包" in out.getvalue()


def rewrite(
    data: bytes, change: Callable[[str, bytes], bytes | None], add: dict | None = None
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


@pytest.mark.django_db
def test_verify_archive_fails_on_every_kind_of_tampering(
    archived: tuple[Task, ArchivePackage], supervisor: User, login: Callable, tmp_path: Path
) -> None:
    task, package = archived
    data = package_bytes(login(supervisor), package)
    v2 = next(
        n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith("v2-整改方案.pdf")
    )

    def fails(content: bytes, message: str) -> None:
        path = tmp_path / "tampered.zip"
        path.write_bytes(content)
        err = io.StringIO()
        with pytest.raises(CommandError, match="核验未通过"):
            call_command("verify_archive", str(path), stderr=err)
        assert message in err.getvalue(), err.getvalue()

    # One byte of evidence changed.
    fails(
        rewrite(data, lambda n, c: c.replace(b"second", b"SECOND") if n == v2 else c),
        f"SHA-256 不符：{v2}",
    )
    # A file removed, a file slipped in.
    fails(rewrite(data, lambda n, c: None if n == v2 else c), f"清单中的文件缺失：{v2}")
    fails(rewrite(data, lambda n, c: c, add={"补充.pdf": PDF}), "清单中没有的文件：补充.pdf")

    # The evidence changed *and* the manifest rewritten to match: the manifest
    # no longer matches the one this Duban registered.
    def forge(name: str, content: bytes) -> bytes:
        if name == v2:
            return PDF
        if name == "manifest.json":
            manifest = json.loads(content)
            for item in manifest["files"]:
                if item["path"] == v2:
                    item["size"], item["sha256"] = len(PDF), hashlib.sha256(PDF).hexdigest()
            return json.dumps(manifest, ensure_ascii=False).encode()
        return content

    fails(rewrite(data, forge), "与本系统登记的任何归档包都不一致")
    fails(b"not a zip", "不是有效的归档包")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("verify_archive", str(tmp_path / "missing.zip"))


@pytest.mark.django_db
def test_sm3_beside_sha256_when_the_setting_is_on(
    task_a: Task,
    staff_a: User,
    supervisor: User,
    login: Callable,
    settings: object,
    django_capture_on_commit_callbacks: Callable,
    tmp_path: Path,
) -> None:
    settings.ARCHIVE_SM3 = True  # type: ignore[attr-defined]
    task = close_with_evidence(task_a, holder=staff_a, supervisor=supervisor, login=login)
    client = login(supervisor)
    run_jobs(
        django_capture_on_commit_callbacks,
        lambda: client.post(f"/tasks/{task.pk}/do/archive/", {"version": task.version}),
    )
    package = ArchivePackage.objects.get(tasks=task)
    assert package.sm3
    data = package_bytes(client, package)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["algorithms"] == ["sha256", "sm3"]
    for item in manifest["files"]:
        assert item["sm3"] == hashlib.new("sm3", archive.read(item["path"])).hexdigest()
    # An independent implementation agrees (gmssl is slow: the three smallest files).
    for item in sorted(manifest["files"], key=lambda i: i["size"])[:3]:
        assert item["sm3"] == sm3.sm3_hash(func.bytes_to_list(archive.read(item["path"])))
    # GB/T 32905's own example, SM3("abc"), from both implementations.
    abc = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3.sm3_hash(func.bytes_to_list(b"abc")) == abc
    digest = Sm3()
    digest.update(b"a")
    digest.update(b"bc")
    assert digest.hexdigest() == abc
    path = tmp_path / "sm3.zip"
    path.write_bytes(data)
    call_command("verify_archive", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_an_archived_task_refuses_every_action_in_chinese_and_changes_nothing(
    archived: tuple[Task, ArchivePackage],
    supervisor: User,
    head_a: User,
    staff_a: User,
    leader: User,
    login: Callable,
) -> None:
    task, _ = archived
    before = (
        task.version,
        task.status,
        task.progress,
        Comment.objects.count(),
        EvidenceFile.objects.count(),
    )
    for user in (supervisor, head_a, staff_a, leader):
        task.refresh_from_db()
        assert task.allowed_actions(user) == []
        page, rest = login(user), api(user)
        for name, entry in ACTIONS.items():
            response = page.post(
                f"/tasks/{task.pk}/do/{name}/",
                {"version": task.version, "text": "x", "reason": "x"},
            )
            assert response.status_code == 400, (user, name)
            assert (
                "该任务已于" in response.content.decode()
                and "归档，只能查看" in response.content.decode()
            )
            if entry.api_path:
                answer = rest.post(
                    f"/api/v1/tasks/{task.pk}/{entry.api_path}/",
                    {"text": "x"},
                    content_type="application/json",
                )
                assert answer.status_code == 403, (user, name, answer.content)
                assert "归档，只能查看" in answer.json()["detail"]
        # Edit page, upload page, and the API's edit, progress, evidence and withdraw.
        assert page.get(f"/tasks/{task.pk}/edit/").status_code == 403
        upload_answer = page.post(
            f"/tasks/{task.pk}/evidence/", {"files": [upload("又一份.pdf")]}, follow=True
        )
        assert "归档，只能查看" in upload_answer.content.decode()
        assert (
            rest.patch(
                f"/api/v1/tasks/{task.pk}/",
                {"title": "改", "version": task.version},
                content_type="application/json",
            ).status_code
            == 403
        )
        assert (
            rest.post(
                f"/api/v1/tasks/{task.pk}/progress/",
                {"text": "x", "percent": 10},
                content_type="application/json",
            ).status_code
            == 403
        )
        assert (
            rest.post(
                f"/api/v1/tasks/{task.pk}/evidence/", {"files": [upload("又一份.pdf")]}
            ).status_code
            == 403
        )
        evidence = task.evidence.first()
        assert (
            rest.post(
                f"/api/v1/evidence/{evidence.pk}/withdraw/",
                {"reason": "x"},
                content_type="application/json",
            ).status_code
            == 403
        )
    task.refresh_from_db()
    assert (
        task.version,
        task.status,
        task.progress,
        Comment.objects.count(),
        EvidenceFile.objects.count(),
    ) == before
    # The page says so, and offers nothing to do.
    body = login(staff_a).get(f"/tasks/{task.pk}/").content.decode()
    assert "只能查看，不能再办理" in body and "下载归档包" in body


@pytest.mark.django_db
def test_archived_tasks_can_be_filtered(
    archived: tuple[Task, ArchivePackage], task_b: Task, supervisor: User, login: Callable
) -> None:
    task, _ = archived
    page = login(supervisor)
    yes = page.get("/tasks/?scope=all&archived=true").content.decode()
    no = page.get("/tasks/?scope=all&archived=false").content.decode()
    assert task.title in yes and task_b.title not in yes
    assert task_b.title in no and task.title not in no
    rows = api(supervisor).get("/api/v1/tasks/?archived=true").json()["results"]
    assert [r["id"] for r in rows] == [task.pk]


@pytest.mark.django_db
def test_another_division_gets_nothing(
    archived: tuple[Task, ArchivePackage],
    head_a: User,
    head_b: User,
    staff_b: User,
    login: Callable,
) -> None:
    task, package = archived
    # Division A's head has the package of A's task.
    assert login(head_a).get(f"/archives/{package.pk}/download").status_code == 200
    assert [p["id"] for p in api(head_a).get("/api/v1/archives/").json()["results"]] == [package.pk]
    for user in (head_b, staff_b):
        client, rest = login(user), api(user)
        assert client.get(f"/archives/{package.pk}/download").status_code == 404
        assert package.title not in client.get("/archives/").content.decode()
        assert rest.get("/api/v1/archives/").json()["results"] == []
        assert rest.get(f"/api/v1/archives/{package.pk}/").status_code == 404
        assert rest.get(f"/api/v1/archives/{package.pk}/download/").status_code == 404
        assert client.post(f"/archives/task/{task.pk}/").status_code == 404
        assert (
            rest.post(
                "/api/v1/archives/task-jobs/", {"task": task.pk}, content_type="application/json"
            ).status_code
            == 404
        )
    # Heads may not start archiving at all.
    assert login(head_a).post("/archives/report/", {"report": 1}).status_code == 404


@pytest.mark.django_db
def test_a_report_is_archived_in_one_package_which_only_whole_report_readers_get(
    task_a: Task,
    task_b: Task,
    staff_a: User,
    staff_b: User,
    supervisor: User,
    head_a: User,
    leader: User,
    login: Callable,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    report = Report.objects.create(
        title="2022年度工作报告", organization="吉林省应急管理厅", content_sha256="b" * 64
    )
    Task.objects.filter(pk__in=[task_a.pk, task_b.pk]).update(report=report)
    close_with_evidence(task_a, holder=staff_a, supervisor=supervisor, login=login)
    close_with_evidence(task_b, holder=staff_b, supervisor=supervisor, login=login)
    jobs = run_jobs(
        django_capture_on_commit_callbacks,
        lambda: api(supervisor).post(
            "/api/v1/archives/report-jobs/", {"report": report.pk}, content_type="application/json"
        ),
    )
    assert len(jobs) == 1 and jobs[0].status == JobStatus.DONE and jobs[0].percent == 100
    package = ArchivePackage.objects.get()
    assert set(package.tasks.values_list("pk", flat=True)) == {task_a.pk, task_b.pk}
    assert Task.objects.filter(report=report, archived_at__isnull=True).count() == 0
    names = zipfile.ZipFile(io.BytesIO(package_bytes(login(leader), package))).namelist()
    assert any(n.startswith(f"{task_a.pk}-") for n in names) and any(
        n.startswith(f"{task_b.pk}-") for n in names
    )
    # Division A's head does not get B's files through the report's package.
    assert login(head_a).get(f"/archives/{package.pk}/download").status_code == 404
    # Nothing left to archive: said in Chinese, nothing started.
    again = api(supervisor).post(
        "/api/v1/archives/report-jobs/", {"report": report.pk}, content_type="application/json"
    )
    assert again.status_code == 400 and "没有尚未归档的已办结任务" in again.json()["detail"]
    assert BatchJob.objects.count() == 1


@pytest.mark.django_db
def test_evidence_changed_on_disk_stops_the_package(
    task_a: Task,
    staff_a: User,
    supervisor: User,
    login: Callable,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    task = close_with_evidence(task_a, holder=staff_a, supervisor=supervisor, login=login)
    evidence = task.evidence.order_by("pk").first()
    Path(evidence.file.path).write_bytes(b"%PDF-1.4 altered")
    client = login(supervisor)
    jobs = run_jobs(
        django_capture_on_commit_callbacks,
        lambda: client.post(f"/tasks/{task.pk}/do/archive/", {"version": task.version}),
    )
    assert jobs[0].status == JobStatus.FAILED
    assert "与上传时的 SHA-256 不符" in jobs[0].error and not ArchivePackage.objects.exists()
