"""The ledger (.xlsx, .csv) and the report draft (.docx): they open with the
usual libraries, hold exactly the visible tasks, and cost a fixed number of
queries whatever their size."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from tests.tracker.reporting_data import NOW, Scenario, make_volume, visible
from tracker.org.models import Department, User
from tracker.reporting.ledger import COLUMNS
from tracker.tasks.models import Status, Task

HEADER = [name for name, _ in COLUMNS]


@pytest.fixture(autouse=True)
def _frozen_time() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


def content(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def xlsx_rows(data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "head_a", "staff_b"])
def test_xlsx_rows_equal_the_visible_tasks(
    role: str, scenario: Scenario, request: pytest.FixtureRequest, login: Callable[[User], Client]
) -> None:
    user: User = request.getfixturevalue(role)
    response = login(user).get("/exports/ledger.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = content(response)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    # Excel stores character widths with a little padding (40 chars → 40.71).
    assert abs(sheet.column_dimensions["C"].width - 40) < 1
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    expected = sorted(visible(user, scenario.tasks), key=lambda t: (t.due_on or dt.date.max, t.pk))
    assert [r[2] for r in rows[1:]] == [t.title for t in expected]
    assert [r[0] for r in rows[1:]] == list(range(1, len(expected) + 1))
    # Dates are dates, overdue rows are marked (text and fill).
    by_title = {r[2]: r for r in rows[1:]}
    # Division A's rows are in the supervisor's and A's ledgers, never in B's.
    assert ("法规A3 逾期未办" in by_title) == (role != "staff_b")
    assert ("法规A1 按期办结" in by_title) == (role != "staff_b")
    if role != "staff_b":
        a3 = by_title["法规A3 逾期未办"]
        assert a3[6] == dt.datetime(2022, 12, 15)
        assert a3[9] == "逾期5天"
        a3_cell = next(c for c in sheet.iter_rows(min_row=2) if c[2].value == "法规A3 逾期未办")
        assert a3_cell[0].fill.fgColor.rgb.endswith("FFE3E3")
        assert a3[4] == "救援协调和预案管理处"  # 配合单位
        a1 = by_title["法规A1 按期办结"]
        assert "条例已经省政府常务会议通过" in a1[7]  # the latest progress, not the first
        assert "起草了条例草案" not in a1[7]
        assert "条例文本.pdf" in a1[10] and "b" * 64 in a1[10]
        assert "撤回的文件" not in a1[10]  # withdrawn evidence is left out
        assert a1[9] == "否"
        assert "法治政府建设情况的报告" in a1[1] and "（一）" in a1[1]


@pytest.mark.django_db
def test_csv_is_utf8_with_bom_and_equals_the_xlsx(
    scenario: Scenario, head_b: User, login: Callable[[User], Client]
) -> None:
    client = login(head_b)
    response = client.get("/exports/ledger.csv")
    assert response.status_code == 200
    assert response.streaming
    raw = content(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    titles = [r[2] for r in rows[1:]]
    xlsx_titles = [r[2] for r in xlsx_rows(content(client.get("/exports/ledger.xlsx")))[1:]]
    assert titles == xlsx_titles
    assert not any(t.startswith("法规") for t in titles)  # division A's tasks stay out


@pytest.mark.django_db
def test_exports_take_the_task_list_filters(
    scenario: Scenario, supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    response = client.get("/exports/ledger.xlsx", {"lead_department": dept_a.pk, "overdue": "true"})
    assert [r[2] for r in xlsx_rows(content(response))[1:]] == ["法规A3 逾期未办"]
    bad = client.get("/exports/ledger.csv", {"due_after": "not-a-date"})
    assert bad.status_code == 400
    assert "筛选条件有误" in bad.content.decode()


@pytest.mark.django_db
def test_another_division_cannot_export_a_division_it_cannot_see(
    scenario: Scenario, head_b: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    response = login(head_b).get("/exports/ledger.xlsx", {"lead_department": dept_a.pk})
    assert response.status_code == 200
    assert xlsx_rows(content(response))[1:] == []  # visibility first: nothing of A


@pytest.mark.django_db
def test_api_xlsx_export_works_with_a_token(scenario: Scenario, head_a: User) -> None:
    token = Token.objects.create(user=head_a)
    client = Client()
    assert client.get("/api/v1/exports/ledger.xlsx").status_code in {401, 403}
    response = client.get("/api/v1/exports/ledger.xlsx", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    titles = [r[2] for r in xlsx_rows(content(response))[1:]]
    assert titles and all(not t.startswith("执法B") or t == "执法B5 责任人是A的人" for t in titles)
    csv_response = client.get("/api/v1/exports/ledger.csv", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert csv_response.status_code == 200
    assert content(csv_response).startswith("\ufeff".encode())


def _export_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        content(response)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/exports/ledger.xlsx", "/exports/ledger.csv"])
def test_export_query_count_is_independent_of_size(
    url: str,
    supervisor: User,
    login: Callable[[User], Client],
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = login(supervisor)
    make_volume(n_tasks=10, n_departments=2, supervisor=supervisor)
    small = _export_queries(client, url)
    make_volume(n_tasks=990, n_departments=20, supervisor=supervisor, prefix="大批")
    assert Task.objects.count() == 1000
    # The .xlsx also carries the 考评 sheets: the rules in force, the audit
    # trail's task events, reminder policies, task titles and departments.
    limit = 18 if url.endswith(".xlsx") else 12
    with django_assert_max_num_queries(limit):  # type: ignore[operator]
        large = _export_queries(client, url)
    assert large == small


# --- Report draft --------------------------------------------------------------


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


@pytest.mark.django_db
def test_report_draft_has_the_sections_in_order_with_the_task_content(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).get(f"/reports/{scenario.report.pk}/draft.docx")
    assert response.status_code == 200
    data = content(response)
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "吉林省应急管理厅关于2022年度法治政府建设情况的报告"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "一、2022年工作完成情况",
        "（一）强化法规体系建设。",
        "（二）严格规范执法。",
        "二、存在问题整改情况",
        "（一）应急管理体制机制还不够完善",
        "三、2023年工作打算",
        # The plan is the tasks carried over, by lead division (see the test below).
        "（一）安全生产执法监督处",
        "（二）政策法规处",
    ]
    body = "\n".join(texts)
    for snippet in (
        "法规A1 按期办结",
        "起草了条例草案。",
        "条例已经省政府常务会议通过。",
        "《条例文本.pdf》",
        "办结日期：2022年12月8日",
        "执法B2 逾期未办",
        "正在修订执法监督办法。",
    ):
        assert snippet in body, snippet
    assert "撤回的文件" not in body
    # The task under its item, the carried-over tasks next, signature at the end.
    assert (
        texts.index("（一）强化法规体系建设。")
        < next(i for i, t in enumerate(texts) if t.startswith("法规A1"))
        < texts.index("（二）严格规范执法。")
    )
    next_year = texts.index("三、2023年工作打算")
    assert texts[next_year + 1] == "（一）安全生产执法监督处"
    assert texts[-2] == "吉林省应急管理厅"
    assert texts[-1] == "2022年12月20日"
    # GB/T 9704 layout: A4, margins, fonts with East Asian names.
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    title_run = document.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22
    assert (
        title_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )
    body_run = next(p for p in document.paragraphs if p.text.startswith("法规A1")).runs[0]
    assert body_run.font.size.pt == 16
    assert (
        body_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )


@pytest.mark.django_db
def test_report_draft_for_a_head_holds_only_their_division(
    scenario: Scenario, head_a: User, head_c: User, login: Callable[[User], Client]
) -> None:
    response = login(head_a).get(f"/reports/{scenario.report.pk}/draft.docx")
    assert response.status_code == 200
    body = "\n".join(text for _style, text in paragraphs(content(response)))
    assert "法规A1 按期办结" in body
    assert "执法B2" not in body and "正在修订执法监督办法" not in body


@pytest.mark.django_db
def test_report_draft_is_a_404_without_a_visible_task(
    scenario: Scenario, dept_c: Department, login: Callable[[User], Client]
) -> None:
    from tests.conftest import make_user

    outsider = make_user("outsider", "head", Department.objects.create(name="办公室"))
    assert login(outsider).get(f"/reports/{scenario.report.pk}/draft.docx").status_code == 404
    token = Token.objects.create(user=outsider)
    api = Client().get(
        f"/api/v1/exports/report-draft/{scenario.report.pk}.docx",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert api.status_code == 404
    assert login(outsider).get("/reports/999999/draft.docx").status_code == 404


@pytest.mark.django_db
def test_report_draft_plan_is_the_carried_over_tasks_and_pages_are_numbered(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    """三、下一年工作打算 lists what carries over: every task of the report not
    办结 and not 中止 (A3, A4, B2, B3, B4 of the scenario), and a 办结 task
    with a 定期反馈 cycle (periodic work goes on); by lead division, in the
    report's order. Cancelled (A6) and plainly done (A2, B1, C1) tasks do not."""
    from tracker.notifications.models import ReportCycle, TaskReminderPolicy

    by_title = {t.title: t for t in scenario.tasks}
    TaskReminderPolicy.objects.create(
        task=by_title["法规A1 按期办结"], report_cycle=ReportCycle.MONTHLY
    )
    document = Document(
        io.BytesIO(content(login(supervisor).get(f"/reports/{scenario.report.pk}/draft.docx")))
    )
    texts = [p.text for p in document.paragraphs]
    plan = texts[texts.index("三、2023年工作打算") + 1 : -3]
    assert plan == [
        "（一）安全生产执法监督处",
        "1. 执法B2 逾期未办（2022年度未办结，当前进度40%，原完成时限2022年10月21日，结转2023年度继续推进）",
        "2. 执法B3 今天到期（2022年度未办结，当前进度40%，原完成时限2022年12月20日，结转2023年度继续推进）",
        "3. 执法B4 明年到期（2022年度未办结，当前进度40%，原完成时限2023年6月30日，结转2023年度继续推进）",
        "（二）政策法规处",
        "1. 法规A1 按期办结（常态化推进，每月报送进展）",
        "2. 法规A3 逾期未办（2022年度未办结，当前进度40%，原完成时限2022年12月15日，结转2023年度继续推进）",
        "3. 法规A4 七天内到期（2022年度未办结，当前进度40%，原完成时限2022年12月23日，结转2023年度继续推进）",
    ]
    # GB/T 9704 page numbers: a PAGE field between one-em dashes, odd pages
    # right and even pages left, in 宋体 4号 (14 pt).
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text == "— 1 —"
        xml = footer._element.xml
        assert 'w:fldCharType="begin"' in xml and " PAGE " in xml and 'w:fldCharType="end"' in xml
        assert all(run.font.size.pt == 14 for run in paragraph.runs)


@pytest.mark.django_db
def test_report_draft_says_so_when_nothing_carries_over(
    scenario: Scenario, supervisor: User, login: Callable[[User], Client]
) -> None:
    Task.objects.filter(report=scenario.report).exclude(status=Status.CANCELLED).update(
        status=Status.DONE
    )
    texts = [
        p.text
        for p in Document(
            io.BytesIO(content(login(supervisor).get(f"/reports/{scenario.report.pk}/draft.docx")))
        ).paragraphs
    ]
    assert texts[texts.index("三、2023年工作打算") + 1].startswith(
        "（本报告没有结转至下一年度的任务。"
    )
