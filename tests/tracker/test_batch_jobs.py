"""后台作业: the ledger export runs as a job — the request answers at once, the
worker writes the file with its progress, the file holds exactly the
requester's visible tasks, and nobody else can see the job or its file."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from tests.tracker.reporting_data import Scenario, make_volume, visible
from tests.tracker.test_celery_worker import ROOT, worker_env
from tracker.audit.models import AuditEvent
from tracker.batch import services
from tracker.batch.models import BatchJob, JobStatus
from tracker.org.models import Department, User
from tracker.tasks.models import Task


def titles_in(data: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    return [str(r[2]) for r in rows[1:]]


def start_from_page(
    client: Client, query: str, capture: Callable[..., object]
) -> tuple[BatchJob, object]:
    with capture(execute=False) as callbacks:  # type: ignore[operator]
        response = client.post("/exports/ledger-job/", {"query": query})
    job = BatchJob.objects.latest("created_at")
    return job, (response, callbacks)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "head_a", "staff_b"])
def test_ledger_job_from_the_dashboard_holds_the_visible_tasks(
    role: str,
    scenario: Scenario,
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., object],
    frozen: None,
) -> None:
    user: User = request.getfixturevalue(role)
    client = login(user)
    job, (response, callbacks) = start_from_page(client, "", django_capture_on_commit_callbacks)
    # The request only records the job; the work is queued after commit.
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"  # type: ignore[attr-defined]
    assert job.status == JobStatus.QUEUED and len(callbacks) == 1  # type: ignore[arg-type]
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200 and "工作台账" in page.content.decode()
    assert client.get(f"/jobs/{job.pk}/download").status_code == 404

    services.batch_run(job_id=job.pk)
    state = client.get(f"/jobs/{job.pk}/status.json").json()
    expected = visible(user, scenario.tasks)
    assert state["status"] == "done" and state["percent"] == 100
    assert state["total_items"] == len(expected) == state["done_items"]
    download = client.get(state["download_url"])
    assert download.status_code == 200
    data = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert sorted(titles_in(data)) == sorted(t.title for t in expected)
    # A second delivery of the same message does not run the work again.
    assert services.batch_run(job_id=job.pk) is None


@pytest.mark.django_db
def test_another_person_gets_nothing_of_a_job(
    scenario: Scenario,
    head_a: User,
    head_b: User,
    supervisor: User,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    job, _ = start_from_page(login(head_a), "", django_capture_on_commit_callbacks)
    services.batch_run(job_id=job.pk)
    for other in (head_b, supervisor):
        client = login(other)
        for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/download"):
            assert client.get(url).status_code == 404
        token = Token.objects.create(user=other)
        for url in (f"/api/v1/jobs/{job.pk}/", f"/api/v1/jobs/{job.pk}/download/"):
            response = Client().get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
            assert response.status_code == 404
    # Each attempt is on the record as a refused one (3 pages + 2 API calls, two people).
    denied = AuditEvent.objects.filter(action="permission_denied", object_id=str(job.pk))
    assert denied.count() == 10
    assert {e.after["attempted"] for e in denied} == {"batch_job"}


@pytest.mark.django_db
def test_bad_filter_is_refused_in_chinese_and_starts_nothing(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).post("/exports/ledger-job/", {"query": "due_after=not-a-date"})
    assert response.status_code == 400 and "筛选条件有误" in response.content.decode()
    token = Token.objects.create(user=supervisor)
    api = Client().post(
        "/api/v1/exports/ledger-jobs/?status=nonsense", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert api.status_code == 400 and "筛选条件有误" in api.json()["detail"]
    assert not BatchJob.objects.exists()


@pytest.mark.django_db
def test_api_job_reports_progress_and_offers_the_file(
    supervisor: User, django_capture_on_commit_callbacks: Callable[..., object], frozen: None
) -> None:
    departments = make_volume(n_tasks=4500, n_departments=3, supervisor=supervisor)
    token = Token.objects.create(user=supervisor)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_capture_on_commit_callbacks(execute=False):  # type: ignore[operator]
        started = client.post(f"/api/v1/exports/ledger-jobs/?lead_department={departments[0].pk}")
    assert started.status_code == 202
    job_id = started.json()["id"]
    seen: list[tuple[int, int | None]] = []
    original = BatchJob.objects.filter

    # Watch the progress the worker writes (every chunk of rows).
    def progress_rows() -> None:
        seen.append(tuple(original(pk=job_id).values_list("done_items", "total_items")[0]))  # type: ignore[arg-type]

    services.PROGRESS_INTERVAL = 0.0
    try:
        from tracker.reporting import ledger

        saved = ledger.CHUNK_SIZE
        ledger.CHUNK_SIZE = 500
        job = BatchJob.objects.get(pk=job_id)
        kind = services.KINDS[job.kind]
        calls: list[tuple[int, int | None]] = []
        run = kind.run

        def recording_run(job: BatchJob, target: object, progress: Callable[..., None]) -> str:
            def spy(done: int, total: int | None) -> None:
                calls.append((done, total))
                progress(done, total)
                progress_rows()

            return run(job, target, spy)  # type: ignore[arg-type]

        services.KINDS[job.kind] = kind.__class__(
            name=kind.name, label=kind.label, run=recording_run, content_type=kind.content_type
        )
        services.batch_run(job_id=job_id)
    finally:
        services.KINDS[kind.name] = kind
        ledger.CHUNK_SIZE = saved
        services.PROGRESS_INTERVAL = 0.5
    total = Task.objects.filter(lead_department=departments[0]).count()
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert len(calls) >= 4  # progress during the work, not only at the ends
    assert seen == calls
    state = client.get(f"/api/v1/jobs/{job_id}/").json()
    assert state["status"] == "done" and state["percent"] == 100
    download = client.get(f"/api/v1/jobs/{job_id}/download/")
    assert download.status_code == 200
    assert len(titles_in(b"".join(download.streaming_content))) == total  # type: ignore[attr-defined]


@pytest.fixture
def batch_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A real worker on the test database, writing files where the test reads them."""
    env = dict(worker_env(), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo"]
        + ["--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_file(
    supervisor: User,
    dept_a: Department,
    login: Callable[[User], Client],
    batch_worker: subprocess.Popen[bytes],
) -> None:
    Task.objects.create(title="真实作业任务", lead_department=dept_a, created_by=supervisor)
    client = login(supervisor)
    with transaction.atomic():
        response = client.post("/exports/ledger-job/", {"query": ""})
    assert response.status_code == 302
    job = BatchJob.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job.pk}/status.json").json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert state["status"] == "done", state
    data = b"".join(client.get(state["download_url"]).streaming_content)  # type: ignore[attr-defined]
    assert titles_in(data) == ["真实作业任务"]
