"""Every page and every role's journey in Debian's Chromium, at 1366×768 and 390×844.

Each page is checked for horizontal overflow on the phone, missing-glyph
boxes, untranslated English and serious/critical axe-core violations, and
photographed to var/screenshots/ (DUBAN_SCREENSHOTS overrides).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.ui_checks import SIZES, check_page, csp_refusals, problems, watch_csp
from tracker.batch.models import BatchJob
from tracker.demo.seeding import DEMO_PASSWORD
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path("/usr/bin/chromium")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="未安装 /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--lang=zh-CN", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # axe-core from the installed package: nothing fetched


class Session:
    """One person's browser tab at one screen size."""

    def __init__(self, chromium: Any, base: str, size: str) -> None:
        self.context = chromium.new_context(
            viewport=SIZES[size], locale="zh-CN", has_touch=size == "phone"
        )
        self.page = self.context.new_page()
        watch_csp(self.page)
        self.base = base
        self.size = size

    def login(self, username: str, password: str = DEMO_PASSWORD) -> Session:
        self.page.goto(f"{self.base}/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit].primary")
        self.page.wait_for_url(f"{self.base}/")
        return self

    def go(self, path: str) -> Any:
        self.page.goto(f"{self.base}{path}")
        return self.page

    def close(self) -> None:
        self.context.close()


def _open(page: Any, label: str) -> None:
    details = page.locator(f"#actions details.action:has(> summary:text-is('{label}'))").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small real PNG photo (a gradient), as a phone camera would send an image."""
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in (x * 4 % 256, y * 5 % 256, 128))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def _task(**filters: Any) -> Task:
    return Task.objects.filter(**filters).order_by("id").first()  # type: ignore[return-value]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page(chromium: Any, axe: Any, live_server: Any, settings: Any, size: str) -> None:
    _seed()
    from plans.services import report_import

    supervisor = User.objects.get(username="supervisor")
    second = report_import(
        user=supervisor,
        data=(FIXTURES / "shiju_sifa_2022.txt").read_bytes(),
        filename="shiju_sifa_2022.txt",
    )
    returned = _task(status=Status.RETURNED)
    submitted = _task(status=Status.SUBMITTED)
    overdue = Task.objects.filter(
        status=Status.IN_PROGRESS, due_on__lt=time.strftime("%Y-%m-%d")
    ).first()
    department = Department.objects.get(name="政策法规处")
    report = returned.report
    # A draft whose proposed deadline has passed: not overdue, not red.
    stale_draft = second.report.tasks.filter(status=Status.DRAFT).order_by("id").first()
    Task.objects.filter(pk=stale_draft.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=40)
    )
    job = BatchJob.objects.create(kind="ledger.xlsx", requested_by=supervisor)
    fagui_staff = User.objects.get(username="fagui_staff")
    # A 督查通报 draft and an archived task with its package (#15), made as the jobs make them.
    from tracker.archives.services import archive_task
    from tracker.batch.services import batch_run
    from tracker.circulars.services import circular_generate

    circular, circular_job = circular_generate(actor=supervisor, period=time.strftime("%Y-%m"))
    batch_run(job_id=circular_job.pk)
    archived = archive_task(task=_task(status=Status.DONE), actor=supervisor)
    batch_run(job_id=BatchJob.objects.filter(kind="archive.zip").latest("created_at").pk)
    findings: list[dict[str, Any]] = []
    base = live_server.url

    anonymous = Session(chromium, base, size)
    anonymous.go("/login/")
    findings.append(check_page(anonymous.page, "login", size, axe=axe))
    anonymous.page.fill("#id_username", "supervisor")
    anonymous.page.fill("#id_password", "wrong-password")
    anonymous.page.click("button[type=submit].primary")
    findings.append(check_page(anonymous.page, "login-error", size, axe=axe))
    # The identity platform's button beside the password form (统一身份认证, here CAS).
    settings.CAS_SERVER_URL = "http://127.0.0.1:9/cas/"
    anonymous.go("/login/")
    findings.append(check_page(anonymous.page, "login-sso", size, axe=axe))
    settings.CAS_SERVER_URL = ""
    anonymous.close()

    pages: dict[str, list[tuple[str, str]]] = {
        "supervisor": [
            ("home-supervisor", "/"),
            ("home-supervisor-review", "/?show=to_review"),
            ("task-list", "/tasks/"),
            ("task-submitted-supervisor", f"/tasks/{submitted.pk}/"),
            ("task-overdue-extension", f"/tasks/{overdue.pk}/"),
            ("task-new", "/tasks/new/"),
            ("task-edit", f"/tasks/{returned.pk}/edit/"),
            ("task-draft-past-deadline", f"/tasks/{stale_draft.pk}/"),
            ("instructions-supervisor", "/instructions/"),
            ("batch-job", f"/jobs/{job.pk}/"),
            ("scoring-league", "/scoring/"),
            ("scoring-division", f"/scoring/division/{department.pk}/"),
            ("scoring-rules", "/scoring/rules/"),
            ("dashboard", "/dashboard/"),
            ("reports", "/reports/"),
            ("report-detail", f"/reports/{report.pk}/"),
            ("report-assign", f"/reports/{second.report.pk}/assign/"),
            ("notifications-supervisor", "/notifications/"),
            ("audit", "/audit/"),
            ("settings-holidays", "/settings/holidays/"),
            ("settings-reminders", "/settings/reminders/"),
            ("settings-lights", "/settings/lights/"),
            ("settings-departments", "/settings/departments/"),
            ("settings-department-edit", f"/settings/departments/{department.pk}/"),
            ("settings-people", "/settings/people/"),
            ("settings-person-edit", f"/settings/people/{supervisor.pk}/"),
            ("scoring", "/scoring/"),
            ("scoring-division", f"/scoring/division/{department.pk}/"),
            ("scoring-rules", "/scoring/rules/"),
            ("circulars", "/circulars/"),
            ("circular-draft", f"/circulars/{circular.pk}/"),
            ("archives", "/archives/"),
            ("task-archived", f"/tasks/{archived.pk}/"),
            ("briefing-supervisor", "/briefing/"),
        ],
        "fagui_head": [
            ("home-head", "/"),
            ("task-list-head", "/tasks/"),
            ("division-people", "/division/people/"),
            ("division-person", f"/division/people/{fagui_staff.pk}/"),
            ("division-person-new", "/division/people/new/"),
            ("instructions-head", "/instructions/"),
            ("scoring-head", "/scoring/"),
            ("circulars-head", "/circulars/"),
            ("briefing-head", "/briefing/"),
        ],
        "fagui_staff": [
            ("home-staff", "/"),
            ("task-returned-staff", f"/tasks/{returned.pk}/"),
            ("notifications-staff", "/notifications/"),
            ("error-404", "/tasks/999999/"),
            ("error-403", "/settings/holidays/"),
        ],
        "leader": [
            ("home-leader", "/"),
            ("dashboard-leader", "/dashboard/"),
            ("scoring-leader", "/scoring/"),
            ("instructions-leader", "/instructions/"),
        ],
    }
    for username, visits in pages.items():
        session = Session(chromium, base, size).login(username)
        for name, path in visits:
            session.go(path)
            findings.append(check_page(session.page, name, size, axe=axe))
        session.close()

    # The API docs (/api/v1/docs/ and Swagger UI): tests/browser/test_api_docs.py.

    # 三员分立: each administrator's management pages (Django's admin, in
    # Chinese) work under the same policy.
    admin_pages = {
        "sysadmin": ["/admin/", "/admin/org/user/", "/admin/notifications/notification/"],
        "secadmin": ["/admin/", "/admin/org/user/", "/admin/axes/accessattempt/"],
        "auditadmin": ["/admin/", "/admin/audit/auditevent/"],
    }
    for username, paths in admin_pages.items():
        session = Session(chromium, base, size).login(username)
        for path in paths:
            session.go(path).wait_for_load_state("load")
            assert "/admin/login/" not in session.page.url, (username, path)
            refused = csp_refusals(session.page)
            if refused:
                findings.append({"page": f"{username} {path}", "size": size, "csp": refused})
        session.close()

    bad = [f for f in findings if problems(f)]
    assert not bad, "\n".join(str(f) for f in bad)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_role_journeys(chromium: Any, axe: Any, live_server: Any, size: str) -> None:
    """Supervisor imports and bulk-assigns; head signs and names the holder; staff
    reports with a photo and submits; supervisor returns; staff sees the reason
    first and resubmits; supervisor approves; leader opens the overview."""
    _seed()
    base = live_server.url
    findings: list[dict[str, Any]] = []

    sup = Session(chromium, base, size).login("supervisor")
    page = sup.go("/reports/")
    page.set_input_files("input[type=file][name=file]", str(FIXTURES / "shiju_sifa_2022.txt"))
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/reports/preview/**")
    findings.append(check_page(page, "report-preview", size, axe=axe))
    page.click("button[name=action][value=confirm]")
    page.wait_for_url("**/assign/")
    findings.append(check_page(page, "journey-assign-table", size, axe=axe))
    fagui = Department.objects.get(name="政策法规处")
    page.select_option("#id_all-lead_department", str(fagui.pk))
    page.select_option(
        "#id_all-cooperating_departments", [str(Department.objects.get(name="办公室").pk)]
    )
    page.fill("#id_all-due_on", (timezone.localdate() + dt.timedelta(days=180)).isoformat())
    page.click("#apply-all")
    page.click("#assign-all")
    page.wait_for_selector("text=已交办")
    new_tasks = Task.objects.filter(report__source_name="shiju_sifa_2022.txt")
    assert new_tasks.count() >= 5
    assert set(new_tasks.values_list("status", flat=True)) == {Status.ASSIGNED}
    assert set(new_tasks.values_list("lead_department__name", flat=True)) == {"政策法规处"}
    task = new_tasks.order_by("id").first()
    assert task is not None and [d.name for d in task.cooperating_departments.all()] == ["办公室"]
    sup.close()

    head = Session(chromium, base, size).login("fagui_head")
    page = head.page
    assert page.locator("#todo-to_acknowledge .n").inner_text() == str(
        Task.objects.filter(status=Status.ASSIGNED, lead_department=fagui).count()
    )
    page.click(f"a[href='/tasks/{task.pk}/']")
    _open(page, "签收")
    page.select_option(
        "#actions select[name=responsible]", str(User.objects.get(username="fagui_staff").pk)
    )
    page.click("button[value=acknowledge]")
    page.wait_for_selector("text=已签收")
    assert "办理中" in page.inner_text("#task-status")
    head.close()

    staff = Session(chromium, base, size).login("fagui_staff")
    page = staff.go(f"/tasks/{task.pk}/")
    page.fill("#actions textarea[name=text]", "已完成示范创建指标对照，补齐短板 3 项，附现场照片。")
    page.fill("#actions input[name=percent]", "100")
    page.set_input_files(
        "#progress-files",
        files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": _png()}],
    )
    page.click("button[value=progress]")
    page.wait_for_selector("text=进展已反馈")
    assert "现场照片.png" in page.inner_text("#evidence")
    # The evidence list comes before the buttons that act on it.
    assert (
        page.locator("#evidence").bounding_box()["y"] < page.locator("#actions").bounding_box()["y"]
    )
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交审核")
    staff.close()

    sup = Session(chromium, base, size).login("supervisor")
    page = sup.go(f"/tasks/{task.pk}/")
    assert (
        page.locator("#evidence").bounding_box()["y"] < page.locator("#actions").bounding_box()["y"]
    )
    _open(page, "退回重办")
    page.fill(
        "#actions details:has(button[value=return]) textarea[name=reason]",
        "照片看不清整改内容，请补充整改前后对比照片。",
    )
    page.click("button[value=return]")
    page.wait_for_selector("text=任务已退回重办")
    sup.close()

    staff = Session(chromium, base, size).login("fagui_staff")
    page = staff.page
    page.click(f"a[href='/tasks/{task.pk}/']")
    banner = page.locator("#return-banner")
    assert "照片看不清整改内容" in banner.inner_text()
    # The reason is the first thing on the page, above the facts and the actions.
    assert banner.bounding_box()["y"] < page.locator("dl.facts").bounding_box()["y"]
    findings.append(check_page(page, "journey-returned-staff", size, axe=axe))
    page.fill("#actions textarea[name=text]", "已补充整改前后对比照片。")
    page.fill("#actions input[name=percent]", "100")
    page.set_input_files(
        "#progress-files",
        files=[{"name": "对比照片.png", "mimeType": "image/png", "buffer": _png(80, 60)}],
    )
    page.click("button[value=progress]")
    page.wait_for_selector("text=进展已反馈")
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交审核")
    staff.close()

    sup = Session(chromium, base, size).login("supervisor")
    page = sup.go("/?show=to_review")
    page.click(f"#todo-list a[href='/tasks/{task.pk}/']")
    _open(page, "办结销号")
    page.click("button[value=approve]")
    page.wait_for_selector("text=任务已办结销号")
    assert "已办结（销号）" in page.inner_text("#task-status")
    sup.close()

    leader = Session(chromium, base, size).login("leader")
    page = leader.page
    assert "工作总览" in page.inner_text("h1")
    assert "政策法规处" in page.inner_text("#overview")
    findings.append(check_page(page, "journey-leader-overview", size, axe=axe))
    leader.close()

    task.refresh_from_db()
    assert task.status == Status.DONE
    assert EvidenceFile.objects.filter(task=task).count() == 2
    bad = [f for f in findings if problems(f)]
    assert not bad, "\n".join(str(f) for f in bad)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_another_division_reaches_nothing(chromium: Any, live_server: Any, size: str) -> None:
    _seed()
    fagui_task = Task.objects.filter(
        lead_department__name="政策法规处", status=Status.RETURNED
    ).get()
    report = fagui_task.report
    outsider = Session(chromium, live_server.url, size).login("zhifa_staff")
    page = outsider.page
    assert fagui_task.title not in page.inner_text("body")
    for path in (
        f"/tasks/{fagui_task.pk}/",
        f"/tasks/{fagui_task.pk}/edit/",
        f"/reports/{report.pk}/assign/",
        f"/api/v1/tasks/{fagui_task.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404), path
        assert fagui_task.title not in page.content(), path
    for path in ("/settings/people/", "/audit/", "/reports/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404), path
    page.goto(f"{live_server.url}/tasks/?scope=all&q={fagui_task.title[:6]}")
    assert fagui_task.title not in page.inner_text("body")
    page.goto(f"{live_server.url}/")
    csrf = next(c["value"] for c in outsider.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/tasks/{fagui_task.pk}/do/submit/",
        form={"version": str(fagui_task.version)},
        headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/"},
    )
    assert response.status == 404
    fagui_task.refresh_from_db()
    assert fagui_task.status == Status.RETURNED
    outsider.close()


@pytest.mark.django_db(transaction=True)
def test_trend_charts_open_on_the_latest_weeks_on_a_phone(chromium: Any, live_server: Any) -> None:
    """A trend chart is wider than a phone and scrolls: it opened on its oldest
    weeks with nothing saying more was to the right, so a leader saw June in
    November. It now opens on the latest week, says it scrolls, and a desktop
    shows it whole with no hint."""
    _seed()
    for username, path in (("supervisor", "/dashboard/"), ("leader", "/")):
        phone = Session(chromium, live_server.url, "phone").login(username)
        page = phone.go(path)
        wrap = page.locator(".chartwrap.latest").first
        box = wrap.bounding_box()
        bars = wrap.locator("svg a rect")
        first, last = bars.first.bounding_box(), bars.last.bounding_box()
        assert box["x"] <= last["x"] and last["x"] + last["width"] <= box["x"] + box["width"] + 1
        assert first["x"] < box["x"], "the earliest weeks are off to the left, reached by swiping"
        hint = page.locator(".chartwrap.latest + .scroll-hint")
        assert hint.is_visible() and "最近几周" in hint.inner_text()
        phone.close()
        desktop = Session(chromium, live_server.url, "desktop").login(username)
        page = desktop.go(path)
        wrap = page.locator(".chartwrap.latest").first
        box = wrap.bounding_box()
        first = wrap.locator("svg a rect").first.bounding_box()
        assert first["x"] >= box["x"]
        assert not page.locator(".chartwrap.latest + .scroll-hint").is_visible()
        desktop.close()
