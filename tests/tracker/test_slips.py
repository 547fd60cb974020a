"""督办单: numbered on assignment, rendered reproducibly, read back, seen only with the task."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
import time_machine

from tests.tracker.workflow_helpers import make_task
from tracker.audit.models import AuditEvent
from tracker.slips.models import Slip, SlipKind
from tracker.slips.services import slip_render, slip_verify
from tracker.tasks.models import Status
from tracker.tasks.services import task_assign

pytestmark = pytest.mark.django_db


def _assign(supervisor, department, title="加强应急管理法治宣传", due=dt.date(2022, 6, 30)):
    task = make_task(supervisor=supervisor, department=None, title=title)
    return task_assign(task=task, actor=supervisor, lead_department=department, due_on=due)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@time_machine.travel(dt.datetime(2022, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False)
def test_assignment_issues_numbered_slips_counted_per_year_and_kind(
    supervisor, dept_a, dept_b, dept_c, settings
):
    settings.SLIP_OFFICE_NAME = "吉林省应急管理厅政策法规处"
    first = _assign(supervisor, dept_a)
    second = _assign(supervisor, dept_b, title="严格规范公正文明执法")
    numbers = list(Slip.objects.order_by("sequence").values_list("task_id", "number"))
    assert numbers == [(first.pk, "交办〔2022〕1号"), (second.pk, "交办〔2022〕2号")]
    with time_machine.travel(dt.datetime(2023, 1, 3, 10, 0, tzinfo=dt.UTC), tick=False):
        third = _assign(supervisor, dept_c, title="新的一年")
    assert Slip.objects.get(task=third).number == "交办〔2023〕1号"


@time_machine.travel(dt.datetime(2022, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False)
def test_slip_reads_back_in_word_and_pdf_and_renders_byte_for_byte(
    supervisor, dept_a, dept_c, settings
):
    settings.SLIP_OFFICE_NAME = "吉林省应急管理厅政策法规处"
    task = make_task(supervisor=supervisor, department=None, title="修订《吉林省安全生产条例》")
    task.description = (
        "完成条例修订草案\x0b并报省政府。"  # a control character must not break the file
    )
    task.save()
    task_assign(
        task=task,
        actor=supervisor,
        lead_department=dept_a,
        cooperating_departments=[dept_c],
        due_on=dt.date(2022, 6, 30),
    )
    slip = slip_render(slip=Slip.objects.get(task=task))
    with slip.docx.open("rb") as handle:
        word = docx_text(handle.read())
    with slip.pdf.open("rb") as handle:
        pdf = pdf_text(handle.read())
    for text in (word, pdf):
        assert "督办事项交办通知单" in text
        assert "交办〔2022〕1号" in text
        assert "修订《吉林省安全生产条例》" in text
        assert "政策法规处" in text and "救援协调和预案管理处" in text
        assert "2022年6月30日" in text and "2022年3月1日" in text
        assert "回" in text and "签收人" in text  # the 回执 part
    assert "\x0b" not in word
    assert slip_verify(slip=slip)
    # Tampering with a stored byte is detected by the re-render.
    slip.pdf_sha256 = "0" * 64
    assert not slip_verify(slip=slip)


def test_number_format_and_office_are_settings(supervisor, dept_a, settings):
    settings.SLIP_NUMBER_FORMATS = {"assign": "应急督〔{year}〕第{seq}号"}
    settings.SLIP_OFFICE_NAME = "某某督查室"
    task = _assign(supervisor, dept_a)
    slip = Slip.objects.get(task=task, kind=SlipKind.ASSIGN)
    assert slip.number.startswith("应急督〔") and slip.number.endswith("第1号")
    assert slip.content["office"] == "某某督查室"


def test_a_failed_assignment_issues_no_slip(supervisor, dept_a):
    task = make_task(supervisor=supervisor, department=None)
    task.due_on = None
    task.save()
    with pytest.raises(Exception):
        task_assign(task=task, actor=supervisor, lead_department=dept_a)
    assert not Slip.objects.exists()
    task.refresh_from_db()
    assert task.status == Status.DRAFT


def test_slip_page_and_api_only_for_those_who_see_the_task(
    supervisor, dept_a, head_a, head_b, login
):
    task = _assign(supervisor, dept_a)
    slip = Slip.objects.get(task=task)
    page = login(head_a).get(f"/tasks/{task.pk}/")
    assert "交办〔" in page.content.decode()
    response = login(head_a).get(f"/slips/{slip.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = login(head_a).get(f"/slips/{slip.pk}.docx")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert login(head_b).get(f"/slips/{slip.pk}.pdf").status_code == 404
    assert login(head_b).get(f"/slips/{slip.pk}.docx").status_code == 404
    api_a, api_b = login(head_a), login(head_b)
    assert [row["number"] for row in api_a.get("/api/v1/slips/").json()["results"]] == [slip.number]
    assert api_b.get("/api/v1/slips/").json()["results"] == []
    assert api_b.get(f"/api/v1/slips/{slip.pk}/pdf/").status_code == 404
    # The page's and the API's refusals are on the record; nothing was downloaded by head_b.
    refused = AuditEvent.objects.filter(
        action="permission_denied", object_type="slips.slip", actor=head_b
    )
    assert refused.count() == 3
    assert not AuditEvent.objects.filter(action="slip_download", actor=head_b).exists()
    assert api_a.get(f"/api/v1/slips/{slip.pk}/pdf/").content.startswith(b"%PDF")
