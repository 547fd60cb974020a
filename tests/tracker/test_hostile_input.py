"""Hostile input, as a tester would send it: each case asserts the safe outcome
a user would see and that nothing was written (no row, no file, no audit).

The table in docs/security.md and the closing note lists these cases.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from tests.plans import builders
from tests.plans.import_helpers import reference_bytes
from tests.tracker.workflow_helpers import PDF, files_on_disk, make_task
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.notifications.transports import robot_request
from tracker.org.models import Department, User
from tracker.security.text import chat_line, spreadsheet_cell
from tracker.tasks.models import ProgressUpdate, Status, Task

pytestmark = pytest.mark.django_db
JSON = "application/json"
FORMULA = '=HYPERLINK("http://198.51.100.7/x","点击查看佐证")'


def snapshot() -> tuple[int, int, int, int, list[Path]]:
    """Everything a hostile request could have written."""
    return (
        Task.objects.count(),
        ProgressUpdate.objects.count(),
        EvidenceFile.objects.count(),
        AuditEvent.objects.exclude(action__in=["permission_denied", "login"]).count(),
        sorted(files_on_disk(settings.MEDIA_ROOT)),
    )


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def holder(
    supervisor: User, dept_a: Department, staff_a: User, login: Callable[[User], Client]
) -> tuple[Task, Client]:
    task = make_task(
        supervisor=supervisor,
        department=dept_a,
        status=Status.IN_PROGRESS,
        responsible=staff_a,
        due_on=dt.date(2022, 12, 31),
    )
    return task, login(staff_a)


# --- formulas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [FORMULA, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "＝HYPERLINK(1)"],
)
def test_formula_titles_stay_text_in_the_ledger_xlsx_and_csv(
    title: str, supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    make_task(supervisor=supervisor, department=dept_a, title=title, due_on=dt.date(2022, 1, 1))
    client = login(supervisor)
    data = body(client.get("/exports/ledger.xlsx"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    cell = load_workbook(io.BytesIO(data)).active.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == title.replace("\t", "\t")
    assert cell.quotePrefix  # stays text even when edited in Excel/WPS
    rows = list(
        csv.reader(io.StringIO(body(client.get("/exports/ledger.csv")).decode("utf-8-sig")))
    )
    assert rows[1][2] == "'" + title


def test_formula_in_the_audit_csv_is_neutralised(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    created = client.post("/api/v1/tasks/", {"title": FORMULA}, content_type=JSON)
    assert created.status_code == 201
    text = body(client.get("/audit/export.csv")).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells


def test_spreadsheet_cell_keeps_numbers_and_plain_text() -> None:
    assert spreadsheet_cell(12) == 12
    assert spreadsheet_cell("加强执法监督") == "加强执法监督"
    assert spreadsheet_cell(" =1") == "' =1"


# --- control characters -----------------------------------------------------------------------


def test_control_characters_in_progress_json_are_refused(
    holder: tuple[Task, Client],
) -> None:
    task, client = holder
    before = snapshot()
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress/",
        {"text": "已完成\u000b\u0001", "percent": 50},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "U+000B" in response.json()["detail"] and "控制字符" in response.json()["detail"]
    assert snapshot() == before


def test_control_characters_in_a_page_form_are_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    from urllib.parse import urlencode

    before = snapshot()
    client = login(supervisor)
    fields = {"title": "标题\u0008", "kind": "adhoc", "priority": "2"}
    # As a browser posts it (urlencoded): refused before the view.
    response = client.post(
        "/tasks/new/", urlencode(fields), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "U+0008" in response.content.decode()
    # As multipart: the form shows the same reason on the field.
    response = client.post("/tasks/new/", fields)
    assert response.status_code == 200 and "U+0008" in response.content.decode()
    assert snapshot() == before


def test_control_characters_in_a_multipart_progress_report_are_refused(
    holder: tuple[Task, Client],
) -> None:
    task, client = holder
    before = snapshot()
    response = client.post(
        f"/tasks/{task.pk}/evidence/",
        {"text": "进展\u000c说明", "percent": "30", "files": [SimpleUploadedFile("a.pdf", PDF)]},
        follow=True,
    )
    assert "U+000C" in response.content.decode()
    assert snapshot() == before


def test_lone_surrogate_and_nul_in_json_are_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    before = snapshot()
    for raw in ('{"title": "a\\ud800b"}', '{"title": "a\\u0000b"}'):
        response = client.post("/api/v1/tasks/", raw, content_type=JSON)
        assert response.status_code == 400, raw
    assert snapshot() == before


def test_stored_control_characters_do_not_break_the_draft_or_the_ledger(
    holder: tuple[Task, Client], supervisor: User, login: Callable[[User], Client]
) -> None:
    """Data stored before the input rule (or by a script) must not crash exports."""
    from plans.models import Report

    task, _client = holder
    report = Report.objects.create(
        title="关于2021年度工作情况的报告",
        report_year=2021,
        plan_year=2022,
        imported_by=supervisor,
        content_sha256="0" * 64,
    )
    Task.objects.filter(pk=task.pk).update(report=report, title="任务\u0001标题")
    ProgressUpdate.objects.bulk_create(
        [ProgressUpdate(task=task, author=supervisor, text="已完成\u000b\u0001部分", percent=40)]
    )
    client = login(supervisor)
    draft = client.get(f"/reports/{report.pk}/draft.docx")
    assert draft.status_code == 200
    texts = "\n".join(p.text for p in Document(io.BytesIO(body(draft))).paragraphs)
    assert "已完成部分" in texts and "任务标题" in texts
    ledger = client.get("/exports/ledger.xlsx")
    assert ledger.status_code == 200
    assert load_workbook(io.BytesIO(body(ledger))).active.cell(row=2, column=3).value == "任务标题"


# --- invisible and direction characters, 4-byte characters ------------------------------------


def test_right_to_left_override_in_a_title_is_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    response = login(supervisor).post(
        "/api/v1/tasks/", {"title": "报告\u202efdp.exe"}, content_type=JSON
    )
    assert response.status_code == 400 and "U+202E" in response.json()["detail"]
    assert snapshot() == before


def test_a_title_of_zero_width_characters_is_empty_and_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    client = login(supervisor)
    api = client.post("/api/v1/tasks/", {"title": "\u200b\ufeff\u2060"}, content_type=JSON)
    assert api.status_code == 400 and "title" in api.json()
    page = client.post("/tasks/new/", {"title": "\u200b\u200b", "kind": "adhoc", "priority": "2"})
    assert page.status_code == 200 and "只包含不可见字符" in page.content.decode()
    assert snapshot() == before


def test_zero_width_characters_inside_a_title_are_stripped(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).post(
        "/api/v1/tasks/", {"title": "加强\u200b执法"}, content_type=JSON
    )
    assert response.status_code == 201
    assert Task.objects.get().title == "加强执法"


def test_right_to_left_override_in_an_evidence_name_is_dropped(
    holder: tuple[Task, Client],
) -> None:
    task, client = holder
    client.post(
        f"/tasks/{task.pk}/evidence/", {"files": [SimpleUploadedFile("a\u202egpj.pdf", PDF)]}
    )
    assert EvidenceFile.objects.get().original_name == "agpj.pdf"


def test_four_byte_characters_round_trip_through_api_and_exports(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    title = "𠮷野家𩸽与😀：做好“两个维护”"
    client = login(supervisor)
    created = client.post("/api/v1/tasks/", {"title": title}, content_type=JSON)
    assert created.status_code == 201 and created.json()["title"] == title
    assert Task.objects.get().title == title
    data = body(client.get("/exports/ledger.xlsx"))
    assert load_workbook(io.BytesIO(data)).active.cell(row=2, column=3).value == title


def test_markup_in_a_title_is_escaped_on_the_page_and_in_robot_messages(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    title = "<script>alert(1)</script>[点击领奖](http://198.51.100.7/)"
    task = make_task(supervisor=supervisor, department=dept_a, title=title)
    page = login(supervisor).get(f"/tasks/{task.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    line = chat_line(title + "\n## 标题")
    assert "[" not in line and "(" not in line and "<" not in line and "\n" not in line
    dept_a.dingtalk_access_token = "tok"
    _url, message = robot_request("dingtalk", dept_a, "- " + line, [])
    assert "](http" not in message["markdown"]["text"]


# --- sizes, nesting, counts -------------------------------------------------------------------


def test_deeply_nested_json_is_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    client = login(supervisor)
    for depth in (50, 100_000):
        raw = '{"title": ' + "[" * depth + "]" * depth + "}"
        response = client.post("/api/v1/tasks/", raw, content_type=JSON)
        assert response.status_code == 400
        assert "嵌套" in response.json()["detail"]
    assert snapshot() == before


def test_ten_megabyte_json_is_refused_from_its_length(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    raw = json.dumps({"title": "任务", "description": "x" * (10 * 1024 * 1024)})
    response = login(supervisor).post("/api/v1/tasks/", raw, content_type=JSON)
    assert response.status_code == 413
    assert "过大" in response.json()["detail"]
    assert snapshot() == before


def test_too_many_form_fields_are_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    from urllib.parse import urlencode

    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}
    response = login(supervisor).post(
        "/tasks/new/",
        urlencode({"title": "任务", **fields}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and "字段过多" in response.content.decode()
    assert snapshot() == before


def test_an_invalid_content_length_is_a_400(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).post(
        "/api/v1/tasks/", "{}", content_type=JSON, CONTENT_LENGTH="abc"
    )
    assert response.status_code == 400


def test_an_overlong_title_is_refused(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    response = login(supervisor).post("/api/v1/tasks/", {"title": "长" * 10_000}, content_type=JSON)
    assert response.status_code == 400 and "title" in response.json()
    assert snapshot() == before


def test_oversize_upload_is_refused_from_content_length_before_reading(
    holder: tuple[Task, Client], settings: Any
) -> None:
    task, client = holder
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    before = snapshot()

    def big() -> SimpleUploadedFile:
        return SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024))

    response = client.post(f"/api/v1/tasks/{task.pk}/evidence/", {"files": [big()]})
    assert response.status_code == 413
    assert "超过大小上限（1 MB）" in response.json()["detail"]
    page = client.post(f"/tasks/{task.pk}/evidence/", {"files": [big()]})
    assert page.status_code == 413 and "超过大小上限" in page.content.decode()
    assert snapshot() == before


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        chunk = super().readline(size)
        self.consumed += len(chunk)
        return chunk


def test_an_oversize_file_inside_the_request_limit_stops_the_read(
    holder: tuple[Task, Client], settings: Any
) -> None:
    """The per-file limit stops reading the body: the rest is never read."""
    from django.test.client import BOUNDARY, encode_multipart

    task, client = holder
    settings.EVIDENCE_MAX_BYTES = 256 * 1024
    size = 8 * 1024 * 1024
    payload = encode_multipart(
        BOUNDARY, {"files": [SimpleUploadedFile("big.pdf", PDF + b"0" * size)]}
    )
    stream = CountingStream(payload)
    before = snapshot()
    response = _post_stream(client, f"/tasks/{task.pk}/evidence/", stream, len(payload))
    assert response.status_code == 302
    assert stream.consumed < 2 * 1024 * 1024  # far less than the 8 MB sent
    assert snapshot() == before


def _post_stream(client: Client, path: str, stream: CountingStream, length: int) -> Any:
    from django.test.client import MULTIPART_CONTENT

    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "CONTENT_LENGTH": str(length),
        "wsgi.input": stream,
    }
    return client.request(**environ)


# --- importer ---------------------------------------------------------------------------------


def _report_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    return (p for p in root.rglob("*") if p.is_file())


def _import(client: Client, name: str, data: bytes) -> Any:
    return client.post("/api/v1/reports/", {"file": SimpleUploadedFile(name, data)})


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    from plans.models import Report

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", "<w:document>" + " " * (80 * 1024 * 1024) + "</w:document>"
        )
    data = buffer.getvalue()
    assert len(data) < 200 * 1024  # a small file ...
    response = _import(login(supervisor), "bomb.docx", data)
    assert response.status_code == 400
    assert "解压后过大" in response.json()["detail"]  # ... refused from its directory
    assert Report.objects.count() == 0 and list(_report_files()) == []


def test_a_docx_with_too_many_parts_is_refused(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(1200):
            archive.writestr(f"word/media/p{i}.xml", "<x/>")
    response = _import(login(supervisor), "parts.docx", buffer.getvalue())
    assert response.status_code == 400 and "部件过多" in response.json()["detail"]
    assert list(_report_files()) == []


def test_a_single_line_text_file_over_the_character_limit_is_refused_quickly(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    import time

    data = ("一、" + "加强执法" * 1_000_000).encode()  # 12 MB on one line
    started = time.monotonic()
    response = _import(login(supervisor), "line.txt", data)
    elapsed = time.monotonic() - started
    assert response.status_code == 400 and "文字过多" in response.json()["detail"]
    assert elapsed < 10, elapsed
    assert list(_report_files()) == []


def test_a_pdf_over_the_page_limit_is_refused(
    supervisor: User, login: Callable[[User], Client], settings: Any
) -> None:
    settings.REPORT_PDF_MAX_PAGES = 3
    data = builders.build_pdf(["加强执法监督工作。"] * 200)
    response = _import(login(supervisor), "long.pdf", data)
    assert response.status_code == 400 and "页数过多" in response.json()["detail"]
    assert list(_report_files()) == []


def test_reading_stops_when_the_time_budget_runs_out(
    supervisor: User, login: Callable[[User], Client], settings: Any
) -> None:
    settings.REPORT_READ_SECONDS = 0
    data = builders.build_docx(["一、总体情况", "正文。"] * 50)
    response = _import(login(supervisor), "slow.docx", data)
    assert response.status_code == 400 and "超时" in response.json()["detail"]
    assert list(_report_files()) == []


def test_the_reference_report_still_imports_within_the_limits(
    supervisor: User, login: Callable[[User], Client]
) -> None:
    assert _import(login(supervisor), "jilin.txt", reference_bytes()).status_code == 200


# --- names, dates, robot addresses ------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.pdf", "..\\..\\windows\\system32\\a.pdf", "/abs/path/b.pdf"]
)
def test_path_names_in_uploads_are_reduced_to_a_file_name(
    name: str, holder: tuple[Task, Client]
) -> None:
    task, client = holder
    client.post(f"/tasks/{task.pk}/evidence/", {"files": [SimpleUploadedFile(name, PDF)]})
    evidence = EvidenceFile.objects.get()
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    stored = [p.resolve() for p in files_on_disk(settings.MEDIA_ROOT)]
    assert stored and all(
        str(p).startswith(str(Path(settings.MEDIA_ROOT).resolve())) for p in stored
    )


@pytest.mark.parametrize("due_on", ["2022-02-30", "10000-01-01", "2022-12-31T23:59:59+14:00", "０"])
def test_impossible_dates_are_refused(
    due_on: str, supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    before = snapshot()
    response = login(supervisor).post(
        "/api/v1/tasks/", {"title": "任务", "due_on": due_on}, content_type=JSON
    )
    assert response.status_code == 400 and "due_on" in response.json()
    assert snapshot() == before


def test_date_filters_at_the_edges_do_not_fail(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    make_task(supervisor=supervisor, department=dept_a, due_on=dt.date(2022, 12, 31))
    client = login(supervisor)
    for value in ("0001-01-01", "9999-12-31", "2022-13-01", "2022-12-31T16:00:00Z", "%00"):
        response = client.get("/api/v1/tasks/", {"due_before": value})
        assert response.status_code in (200, 400), value


@pytest.mark.parametrize(
    "key",
    [
        "http://127.0.0.1:8000/steal",
        "x&url=http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "../../admin",
    ],
)
def test_robot_keys_cannot_point_the_robot_elsewhere(key: str, dept_a: Department) -> None:
    from urllib.parse import urlsplit

    from django.core.exceptions import ValidationError

    dept_a.wecom_webhook_key = key
    with pytest.raises(ValidationError) as refused:
        dept_a.full_clean()
    assert "wecom_webhook_key" in refused.value.message_dict
    # Even a key stored past validation cannot change where the message goes.
    url, _body = robot_request("wecom", dept_a, "提醒", [])
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname, parts.path) == (
        "https",
        "qyapi.weixin.qq.com",
        "/cgi-bin/webhook/send",
    )
    assert "169.254" not in parts.hostname and parts.query.count("=") == 1


# --- one policy: fields that may not change ---------------------------------------------------


def test_patching_the_lead_department_of_an_assigned_task_is_a_400(
    supervisor: User, dept_a: Department, dept_b: Department, login: Callable[[User], Client]
) -> None:
    task = make_task(supervisor=supervisor, department=dept_a, status=Status.IN_PROGRESS)
    before = snapshot()
    response = login(supervisor).patch(
        f"/api/v1/tasks/{task.pk}/",
        {"lead_department": dept_b.pk, "version": task.version},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "牵头单位不能再修改" in json.dumps(response.json(), ensure_ascii=False)
    task.refresh_from_db()
    assert task.lead_department_id == dept_a.pk
    assert snapshot() == before


@pytest.mark.parametrize(
    "field, value", [("status", "done"), ("progress", 100), ("responsible", 1), ("report", 1)]
)
def test_patching_a_read_only_field_is_a_400_with_the_reason(
    field: str,
    value: object,
    holder: tuple[Task, Client],
    supervisor: User,
    login: Callable[[User], Client],
) -> None:
    task, _client = holder
    before = snapshot()
    response = login(supervisor).patch(
        f"/api/v1/tasks/{task.pk}/", {field: value, "version": task.version}, content_type=JSON
    )
    assert response.status_code == 400
    assert "不能直接修改" in response.json()[field][0]
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS and task.progress == 0
    assert snapshot() == before


# --- ids past the 64-bit range (schemathesis: a 500 on SQLite) --------------------------------

HUGE_ID = "21101144547161364496384"  # > 2**63


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/archives/?tasks={HUGE_ID}",
        f"/api/v1/archives/?tasks=1&tasks={HUGE_ID}&tasks=-1528",
        f"/api/v1/archives/?report={HUGE_ID}",
        f"/api/v1/slips/?task={HUGE_ID}",
        f"/api/v1/evidence/?task={HUGE_ID}",
    ],
)
def test_an_id_past_the_integer_range_in_an_api_filter_is_a_400(
    url: str, supervisor: User, login: Callable[[User], Client]
) -> None:
    response = login(supervisor).get(url)
    assert response.status_code == 400, response.content[:300]
    assert response.json()


def test_an_id_past_the_integer_range_in_a_page_form_is_refused_with_a_message(
    supervisor: User, dept_a: Department, login: Callable[[User], Client]
) -> None:
    draft = make_task(supervisor=supervisor, department=None)
    before = snapshot()
    client = login(supervisor)
    refused = f"“{HUGE_ID}”不是一个有效的值"
    response = client.post(
        "/tasks/bulk-assign/",
        {"tasks": [HUGE_ID], "lead_department": dept_a.pk, "due_on": "2030-01-01"},
        follow=True,
    )
    assert response.status_code == 200 and refused in response.content.decode()
    response = client.post(
        f"/tasks/{draft.pk}/do/assign/",
        {
            "lead_department": dept_a.pk,
            "cooperating_departments": [HUGE_ID],
            "due_on": "2030-01-01",
            "version": draft.version,
        },
        follow=True,
    )
    assert response.status_code in (200, 400) and refused in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.lead_department_id is None
    assert snapshot() == before


@pytest.mark.parametrize("page", ["5412878552703452160", "9" * 40])
def test_a_page_number_past_the_integer_range_is_an_empty_page(
    page: str, task_a: Task, leader: User, login: Callable[[User], Client]
) -> None:
    response = login(leader).get(f"/api/v1/tasks/?page={page}&completed_after=2301-02-24")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["results"] == []
    response = login(leader).get(f"/api/v1/tasks/?page={page}")
    assert response.status_code == 200 and response.json()["results"] == []
    assert response.json()["count"] == 1 and response.json()["previous"] is None
