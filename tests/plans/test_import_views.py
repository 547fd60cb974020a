"""Import pages: supervisors only; the preview writes nothing; confirm honours every edit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from plans.models import Report
from plans.services import preview_load, report_import
from tests.plans import builders
from tests.plans.import_helpers import (
    audit_count,
    counts,
    give_keywords,
    reference_bytes,
    rows_as_post,
)
from tracker.org.models import Department, User
from tracker.tasks.models import Kind, Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]


def upload(client: Client, data: bytes, name: str = "jilin.txt") -> Any:
    return client.post(reverse("report-upload"), {"file": SimpleUploadedFile(name, data)})


def token_from(response: Any) -> str:
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))


def preview_rows(supervisor: User, token: str) -> list[dict[str, Any]]:
    return [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]


@pytest.mark.parametrize("who", ["staff_a", "head_a", "head_b", "leader"])
def test_non_supervisors_get_404(request: pytest.FixtureRequest, login: Login, who: str) -> None:
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("report-list")).status_code == 404
    assert upload(client, reference_bytes()).status_code == 404
    assert client.get(reverse("report-preview"), {"token": "x"}).status_code == 404
    assert client.post(reverse("report-preview"), {"token": "x"}).status_code == 404
    assert counts() == (0, 0, 0)


def test_upload_shows_the_preview_and_writes_nothing(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    give_keywords(dept_a, dept_b)
    client = login(supervisor)
    audited = audit_count()
    response = upload(client, reference_bytes())
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<tr class="row-plan">') == 4
    assert html.count('<tr class="row-problem">') == 5
    assert "三、2022年工作打算" in html and "二、存在的问题" in html
    assert 'class="para heading level-1 in-plan"' in html  # the plan section is highlighted
    assert "in-problem item item-problem" in html
    assert 'value="2022-12-31"' in html
    assert counts() == (0, 0, 0)
    assert audit_count() == audited


def test_bad_upload_is_a_clear_message_and_writes_nothing(
    login: Login, supervisor: User, settings: Any
) -> None:
    client = login(supervisor)
    for data, name, message in [
        (b"\x00\x01binary\xff" * 30, "report.docx", "Word"),
        (builders.build_empty_pdf(), "empty.pdf", "PDF 文件没有页面"),
    ]:
        response = upload(client, data, name)
        assert response.status_code == 200
        assert message in response.content.decode()
    response = client.post(reverse("report-upload"), {"file": SimpleUploadedFile("e.txt", b"")})
    assert response.status_code == 200  # Django refuses the empty file in the form
    assert "error" in response.content.decode()
    settings.REPORT_MAX_BYTES = 100
    response = upload(client, reference_bytes())
    assert "文件超过大小上限" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_confirm_honours_untick_edit_departments_deadline_split_and_merge(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    client = login(supervisor)
    token = token_from(upload(client, reference_bytes()))
    rows = preview_rows(supervisor, token)
    rows[0]["include"] = False
    rows[1]["title"] = "深化“放管服”改革"
    rows[1]["lead_department"] = dept_b.pk
    rows[1]["cooperating_departments"] = [dept_a.pk, dept_c.pk]
    rows[1]["due_on"] = "2022-09-30"
    rows[4]["title"] = "应急管理体制，机制还不够完善"

    # Split problem 1 (row 4): the page comes back with ten rows and nothing is written.
    page = client.post(reverse("report-preview"), rows_as_post(token, rows, "split-4"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<tr class="row-') == 10
    assert ">\n应急管理体制</textarea>" in html and ">\n机制还不够完善</textarea>" in html
    assert ">\n深化“放管服”改革</textarea>" in html  # what the user typed survives the split
    assert 'name="form-0-include"' in html and 'name="form-0-include" checked' not in html
    assert counts() == (0, 0, 0)
    rows = (
        rows[:4]
        + [
            {**rows[4], "title": "应急管理体制"},
            {**rows[4], "title": "机制还不够完善", "body": ""},
        ]
        + rows[5:]
    )
    # Merge the last two problems (rows 8 and 9).
    page = client.post(reverse("report-preview"), rows_as_post(token, rows, "merge-8"))
    assert page.content.decode().count('<tr class="row-') == 9
    assert counts() == (0, 0, 0)
    rows = rows[:8] + [{**rows[8], "title": "基层执法力量薄弱；“放管服”改革还需要进一步深化"}]

    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    report = Report.objects.get()
    assert response.status_code == 302
    # The next step is the table where the new drafts are assigned at once.
    assert response["Location"] == reverse("report-assign", args=[report.pk])
    assert Task.objects.filter(kind=Kind.PLAN).count() == 3
    assert Task.objects.filter(kind=Kind.PROBLEM).count() == 5
    edited = Task.objects.get(title="深化“放管服”改革")
    assert (edited.lead_department, edited.due_on) == (dept_b, dt.date(2022, 9, 30))
    assert set(edited.cooperating_departments.all()) == {dept_a, dept_c}
    assert Task.objects.filter(title="机制还不够完善").exists()
    assert Task.objects.filter(title__startswith="基层执法力量薄弱；").exists()
    # Confirming again (e.g. the back button) creates nothing new.
    client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert counts() == (1, 8, 8)


def test_invalid_row_is_shown_and_nothing_written(login: Login, supervisor: User) -> None:
    client = login(supervisor)
    token = token_from(upload(client, reference_bytes()))
    rows = preview_rows(supervisor, token)
    rows[2]["title"] = ""
    rows[3]["due_on"] = "31/12/2022"
    page = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert page.status_code == 200
    assert 'class="error"' in page.content.decode()
    assert counts() == (0, 0, 0)


def test_report_page_anchors_and_who_may_see_it(
    login: Login, supervisor: User, leader: User, staff_a: User, staff_b: User, dept_a: Department
) -> None:
    result = report_import(user=supervisor, data=reference_bytes(), filename="j.txt")
    first = result.tasks[0]
    first.lead_department = dept_a
    first.save()
    url = reverse("report-detail", args=[result.report.pk])
    html = login(supervisor).get(url).content.decode()
    paragraph = first.source_item.source_paragraph
    assert f'id="p-{paragraph}"' in html
    assert html.count(reverse("task-detail", args=[first.pk])) == 1
    assert len(re.findall(r'href="/tasks/\d+/"', html)) == 9
    assert login(leader).get(url).status_code == 200
    # staff_a sees the report because one of its tasks is A's, and only that task.
    own = login(staff_a).get(url).content.decode()
    assert re.findall(r'href="/tasks/\d+/"', own) == [f'href="/tasks/{first.pk}/"']
    assert login(staff_b).get(url).status_code == 404


def test_task_source_tag_links_to_the_highlighted_paragraph(supervisor: User) -> None:
    result = report_import(user=supervisor, data=reference_bytes(), filename="j.txt")
    task = Task.objects.select_related("report", "source_item").get(pk=result.tasks[0].pk)
    html = Template("{% load report_source %}{% task_source task %}").render(
        Context({"task": task})
    )
    paragraph = task.source_item.source_paragraph
    assert f"/reports/{result.report.pk}/#p-{paragraph}" in html
    assert result.report.paragraphs[paragraph]["text"][:10] in html
    assert (
        Template("{% load report_source %}{% task_source task %}")
        .render(Context({"task": Task(title="x")}))
        .strip()
        == ""
    )


def test_report_list_queries_do_not_grow(
    login: Login, supervisor: User, django_assert_max_num_queries: Any
) -> None:
    client = login(supervisor)
    report_import(user=supervisor, data=reference_bytes(), filename="j.txt")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("report-list")).status_code == 200
    for year in range(2015, 2021):
        text = reference_bytes().decode().replace("2021", str(year)).replace("2022", str(year + 1))
        report_import(user=supervisor, data=text.encode(), filename=f"{year}.txt")
    assert Report.objects.count() == 7
    with django_assert_max_num_queries(8):
        page = client.get(reverse("report-list"))
    assert page.content.decode().count("/reports/") >= 7


def test_source_position_on_the_task_is_the_one_shown_on_the_highlighted_paragraph(
    login: Login, supervisor: User
) -> None:
    # The reference text has blank lines, so paragraph numbers and line numbers differ.
    result = report_import(user=supervisor, data=reference_bytes(), filename="j.txt")
    page = login(supervisor).get(reverse("report-detail", args=[result.report.pk]))
    html = page.content.decode()
    for task in result.tasks:
        item = Task.objects.select_related("source_item").get(pk=task.pk).source_item
        assert item is not None and item.source_locator.startswith("第 ")
        shown = re.search(
            rf'<p id="p-{item.source_paragraph}"[^>]*><a class="pnum"[^>]*>([^<]*)</a>', html
        )
        assert shown is not None
        assert shown.group(1) == item.source_locator
    # The site's breadcrumb and footer are kept but marked, not shown as report text.
    assert re.search(r'class="para[^"]* chrome"[^>]*>.*当前位置', html)
    assert not re.search(r'class="para(?![^"]*chrome)[^"]*"[^>]*>(?:(?!</p>).)*ICP备', html)


def test_a_watermark_appended_to_a_paragraph_is_shown_apart_and_kept_out_of_tasks(
    login: Login, supervisor: User
) -> None:
    text = (
        "某局2023年工作总结\n一、工作情况\n全年办结案件50件。\n"
        "二、下一步工作打算 文稿屋 www.wengaowu.net\n"
        "（一）完善办案流程。年内修订规程。 文稿屋 www.wengaowu.net\n（二）加强业务培训。\n"
    )
    result = report_import(user=supervisor, data=text.encode(), filename="w.txt")
    assert [task.title for task in result.tasks] == ["完善办案流程。", "加强业务培训。"]
    assert not any("www" in (task.description or "") for task in result.tasks)
    page = login(supervisor).get(reverse("report-detail", args=[result.report.pk]))
    html = page.content.decode()
    # The stored text keeps the watermark; the page shows it apart, marked as site furniture.
    assert re.search(
        r"完善办案流程。年内修订规程。 <span class=\"chrome chrome-inline\">"
        r"<span class=\"tag chrome-tag\">网页水印</span> 文稿屋 www\.wengaowu\.net</span>",
        html,
    )
    assert "www.wengaowu.net" in result.report.paragraphs[4]["text"]


def test_a_task_division_table_through_the_page(
    login: Login, supervisor: User, dept_a: Department
) -> None:
    client = login(supervisor)
    response = upload(client, builders.build_task_table_docx(), name="分工方案.docx")
    assert response.status_code == 302
    rows = preview_rows(supervisor, token_from(response))
    assert [r["title"] for r in rows][:2] == ["起草《安全生产条例》修订草案", "开展规章清理"]
    assert rows[0]["lead_department"] == dept_a.pk
    page = client.get(response["Location"]).content.decode()
    assert "起草《安全生产条例》修订草案" in page
    assert "任务分工表" in page  # the reason is shown
    assert counts() == (0, 0, 0)


def test_preview_titles_problems_as_rectification_and_proposes_the_related_plan(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    response = upload(client, reference_bytes())
    rows = preview_rows(supervisor, token_from(response))
    problem = next(r for r in rows if r["problem"] == "“放管服”改革还需要进一步深化")
    assert problem["title"] == "整改：“放管服”改革还需要进一步深化"
    assert problem["body"] == "问题：“放管服”改革还需要进一步深化"
    assert "放管服" in problem["related_plan"] and "同涉“放管服”" in problem["related_plan"]
    page = client.get(response["Location"]).content.decode()
    assert "关联到工作计划" in page  # with a box to accept it (test_rectification_links)


def test_the_general_rules_show_their_reasons_in_the_preview(
    login: Login, supervisor: User
) -> None:
    # tests/plans/test_general_shapes.py: an admission listing shortfalls with '、', and
    # a forward sentence then numbered points of work to do; each reason reaches the page.
    text = (
        "某县水利局2025年工作总结\n"
        "今年以来，我局各项工作取得了明显成效。但我局工作还存在着专业人员力量不足、"
        "业务能力不高、督促落实不力等困难和问题。\n"
        "一、主要工作\n（一）水利工程建设加快。全年完成投资2.3亿元。\n"
        "2026年，我局将继续围绕县委县政府中心工作，重点做好以下工作。\n"
        "（二）加快推进灌区改造。\n（三）持续抓好河湖长制。\n"
    )
    client = login(supervisor)
    response = upload(client, text.encode(), name="shuili.txt")
    assert response.status_code == 302
    rows = preview_rows(supervisor, token_from(response))
    assert [r["title"] for r in rows if r["kind"] == "plan"] == [
        "加快推进灌区改造。",
        "持续抓好河湖长制。",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "顿号列举的每项不足是一个问题" in page
    assert "按“存在…等困难和问题”列举拆分" in page
    assert "其后写明要做之事的各条是任务" in page
    assert counts() == (0, 0, 0)
