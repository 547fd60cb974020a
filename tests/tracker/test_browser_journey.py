"""One journey in a real browser: the supervisor assigns, the head acknowledges,
the staff member reports progress with evidence and submits, the supervisor
approves (办结销号)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.tracker.workflow_helpers import PDF
from tracker.evidence.models import EvidenceFile
from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="未安装 /usr/bin/chromium"),
]


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _login(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _open(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Open an action's form unless the page already shows it open."""
    details = page.locator(f"#actions details.action:has(> summary:text-is('{label}'))").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()


@pytest.mark.django_db(transaction=True)
def test_assign_acknowledge_report_submit_approve(
    browser,  # type: ignore[no-untyped-def]
    live_server,  # type: ignore[no-untyped-def]
    supervisor: User,
    head_a: User,
    staff_a: User,
    dept_a: Department,
    tmp_path: Path,
) -> None:
    task = Task.objects.create(title="推进应急管理综合行政执法改革", created_by=supervisor)

    page = _login(browser, live_server, "supervisor")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    _open(page, "交办")
    page.select_option("#actions select[name=lead_department]", str(dept_a.pk))
    page.fill("#actions input[name=due_on]", "2022-12-31")
    page.click("button[value=assign]")
    page.wait_for_selector("text=任务已交办")
    assert "已交办（待签收）" in page.inner_text("#task-status")

    page = _login(browser, live_server, "head_a")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    _open(page, "签收")
    page.select_option("#actions select[name=responsible]", str(staff_a.pk))
    page.click("button[value=acknowledge]")
    page.wait_for_selector("text=已签收")
    assert "办理中" in page.inner_text("#task-status")

    evidence = tmp_path / "执法改革进展.pdf"
    evidence.write_bytes(PDF)
    page = _login(browser, live_server, "staff_a")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    page.fill("#actions textarea[name=text]", "已完成改革方案起草并报厅党委审议。")
    page.fill("#actions input[name=percent]", "100")
    page.set_input_files("#progress-files", str(evidence))
    page.click("button[value=progress]")
    page.wait_for_selector("text=进展已反馈")
    assert "执法改革进展.pdf" in page.inner_text("#evidence")
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交审核")
    assert "待审核" in page.inner_text("#task-status")

    page = _login(browser, live_server, "supervisor")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    _open(page, "办结销号")
    page.click("button[value=approve]")
    page.wait_for_selector("text=任务已办结销号")
    assert "已办结（销号）" in page.inner_text("#task-status")
    timeline = page.inner_text("#timeline")
    for step in ("交办", "签收", "反馈进展", "上传佐证材料", "提交审核", "办结销号"):
        assert step in timeline

    task.refresh_from_db()
    assert task.status == Status.DONE and task.responsible == staff_a
    assert EvidenceFile.objects.get(task=task).original_name == "执法改革进展.pdf"
