"""A long report is read by the worker (后台作业) while the page shows progress,
then the job page opens the same preview an inline upload would show; bad
files fail the job in Chinese and write nothing; nobody else sees the job."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from plans.batch_kinds import UPLOAD_DIR
from plans.services import preview_load, report_preview
from tests.conftest import make_user
from tests.plans import builders
from tests.plans.import_helpers import counts, reference_bytes
from tests.tracker.test_batch_jobs import batch_worker  # noqa: F401 - a fixture
from tracker.batch import services
from tracker.batch.models import BatchJob, JobStatus
from tracker.org.models import Department, Role, User

Login = Callable[[User], Client]


def long_pdf() -> bytes:
    """The reference report as an A4 PDF, its body repeated to a few dozen pages."""
    lines = reference_bytes().decode("utf-8").splitlines()
    return builders.build_pdf(lines, repeat=3)


def upload_as_job(client: Client, data: bytes, name: str, capture: Any) -> tuple[Any, BatchJob]:
    with capture(execute=False):
        response = client.post(reverse("report-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    job = BatchJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    return response, job


def uploads_left() -> list[str]:
    if not default_storage.exists(UPLOAD_DIR):
        return []
    return default_storage.listdir(UPLOAD_DIR)[1]


@pytest.mark.django_db
def test_long_report_is_read_by_a_job_with_progress_then_opens_the_preview(
    login: Login,
    supervisor: User,
    dept_a: Department,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 32 * 1024
    data = long_pdf()
    assert len(data) >= settings.REPORT_JOB_MIN_BYTES
    pages = len(PdfReader(__import__("io").BytesIO(data)).pages)
    client = login(supervisor)
    _response, job = upload_as_job(client, data, "jilin.pdf", django_capture_on_commit_callbacks)
    # The request only stored the file and queued the job.
    assert job.status == JobStatus.QUEUED and len(uploads_left()) == 1
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "读取报告" in page and "完成后自动打开下一步" in page
    services.batch_run(job_id=job.pk)  # what the worker's job runs
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    # Progress was counted in pages.
    assert (job.done_items, job.total_items) == (pages, pages)
    state = client.get(f"/jobs/{job.pk}/status.json").json()
    assert state["download_url"] is None and state["next_label"] == "打开导入预览"
    assert state["next_url"].startswith("/reports/preview/?token=")
    preview = client.get(state["next_url"])
    assert preview.status_code == 200
    html = preview.content.decode()
    # The same proposals as reading the same file inline.
    inline = report_preview(data=data, filename="jilin.pdf", user=supervisor)
    rows = html.count('<tr class="row-plan">') + html.count('<tr class="row-problem">')
    assert rows == len(inline["proposals"]) > 0
    token = state["next_url"].split("token=", 1)[1]
    from urllib.parse import unquote

    assert preview_load(token=unquote(token), user=supervisor)["proposals"] == inline["proposals"]
    # Nothing imported until the supervisor confirms; the upload is gone.
    assert counts() == (0, 0, 0)
    assert uploads_left() == []


@pytest.mark.django_db
def test_a_bad_long_file_fails_the_job_in_chinese_and_writes_nothing(
    login: Login, supervisor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 1
    client = login(supervisor)
    _response, job = upload_as_job(
        client, b"\x00\x01binary\xff" * 30, "report.docx", django_capture_on_commit_callbacks
    )
    services.batch_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Word" in job.error
    state = client.get(f"/jobs/{job.pk}/status.json").json()
    assert state["next_url"] is None and state["download_url"] is None
    assert "Word" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert counts() == (0, 0, 0) and uploads_left() == []


@pytest.mark.django_db
def test_a_supervisor_demoted_before_the_job_runs_gets_nothing(
    login: Login, supervisor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 1
    _response, job = upload_as_job(
        login(supervisor), reference_bytes(), "jilin.txt", django_capture_on_commit_callbacks
    )
    supervisor.role = Role.STAFF
    supervisor.save()
    services.batch_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "只有督办管理员可以导入报告。"
    assert "preview_token" not in job.params and uploads_left() == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_a", "head_b", "leader"])
def test_non_supervisors_start_no_job(
    request: pytest.FixtureRequest, login: Login, who: str, settings: Any
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 1
    client = login(request.getfixturevalue(who))
    response = client.post(
        reverse("report-upload"), {"file": SimpleUploadedFile("jilin.txt", reference_bytes())}
    )
    assert response.status_code == 404
    assert not BatchJob.objects.exists() and uploads_left() == []


@pytest.mark.django_db
def test_another_supervisor_sees_nothing_of_the_job(
    login: Login,
    supervisor: User,
    dept_a: Department,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 1
    _response, job = upload_as_job(
        login(supervisor), reference_bytes(), "jilin.txt", django_capture_on_commit_callbacks
    )
    services.batch_run(job_id=job.pk)
    other = login(make_user("supervisor2", Role.SUPERVISOR, dept_a, full_name="陈督办"))
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/download"):
        assert other.get(url).status_code == 404
    # The preview's token is bound to the person who uploaded.
    token = BatchJob.objects.get(pk=job.pk).params["preview_token"]
    response = other.get(reverse("report-preview"), {"token": token}, follow=True)
    assert "预览已失效" in response.content.decode()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reads_the_long_report(
    supervisor: User,
    login: Login,
    settings: Any,
    batch_worker: subprocess.Popen[bytes],  # noqa: F811 - the fixture imported above
) -> None:
    settings.REPORT_JOB_MIN_BYTES = 1  # this process decides; the worker only reads
    client = login(supervisor)
    with transaction.atomic():
        response = client.post(
            reverse("report-upload"), {"file": SimpleUploadedFile("jilin.pdf", long_pdf())}
        )
    assert response.status_code == 302
    job = BatchJob.objects.get()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job.pk}/status.json").json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert state["status"] == "done", state
    assert state["total_items"] and state["done_items"] == state["total_items"]
    page = client.get(state["next_url"]).content.decode()
    assert '<tr class="row-plan">' in page
    assert uploads_left() == [] and counts() == (0, 0, 0)
