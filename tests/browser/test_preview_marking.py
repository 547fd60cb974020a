"""The import preview in Chromium at 390 px and 1366 px: the supervisor corrects a report the
parser misread by ticking paragraphs and marking them, then imports only the confirmed rows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages_and_journeys import (  # noqa: F401 — fixtures
    CHROMIUM,
    Session,
    _seed,
    axe,
    chromium,
)
from tests.browser.ui_checks import check_page, problems
from tests.plans.test_preview_marking import MISSED
from tracker.tasks.models import Kind, Task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="未安装 /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_mark_unmark_and_import_in_the_browser(
    chromium: Any,  # noqa: F811
    axe: Any,  # noqa: F811
    live_server: Any,
    size: str,
    tmp_path: Any,
) -> None:
    _seed()
    source = tmp_path / "county.txt"
    source.write_bytes(MISSED)
    sup = Session(chromium, live_server.url, size).login("supervisor")
    page = sup.go("/reports/")
    page.set_input_files("input[type=file][name=file]", str(source))
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/reports/preview/**")
    assert page.locator("tr.row-plan, tr.row-problem").count() == 0

    # Tick the first and last paragraph of the plan the parser missed; mark as plan section.
    page.check("#pick-5")
    page.check("#pick-8")
    page.select_option("#mark-kind", "plan")
    page.click("button[name=action][value=mark]")
    page.wait_for_selector("text=已标记：第 7 行至第 10 行：工作打算部分")
    assert page.locator("tr.row-plan").count() == 3
    # The heading-less problem sentence as one problem.
    page.check("#pick-9")
    page.select_option("#mark-kind", "problem")
    page.click("button[name=action][value=mark]")
    page.wait_for_selector("tr.row-problem")
    findings = [check_page(page, "report-preview-marked", size, axe=axe)]
    # One plan row was wrong: unmark its paragraph.
    page.check("#pick-6")
    page.select_option("#mark-kind", "unmark")
    page.click("button[name=action][value=mark]")
    page.wait_for_selector("text=第 8 行：不生成任务")
    assert page.locator("tr.row-plan").count() == 2
    page.fill("#id_form-0-title", "加强人民调解员队伍轮训")
    page.click("button[name=action][value=confirm]")
    page.wait_for_url("**/assign/")
    sup.close()

    assert set(
        Task.objects.filter(report__source_name="county.txt").values_list("kind", flat=True)
    ) == {Kind.PLAN, Kind.PROBLEM}
    titles = list(
        Task.objects.filter(report__source_name="county.txt")
        .order_by("id")
        .values_list("title", flat=True)
    )
    assert len(titles) == 3 and titles[0] == "加强人民调解员队伍轮训"
    assert titles[2].startswith("整改：")
    assert [problems(f) for f in findings] == [{}]
