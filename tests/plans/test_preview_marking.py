"""Item 3 of issue 13: when the parser misses, the supervisor marks paragraphs in the preview
(plan section, problems section, one plan item, one problem, no task); the rows are re-derived
with the parser's rules, the marking is kept with the preview and saved with the report, and
the import creates exactly the rows the supervisor confirmed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.models import Report
from plans.services import (
    ReportImportError,
    preview_load,
    preview_mark,
    report_import,
    report_markings,
    report_preview,
)
from tests.plans.import_helpers import counts, reference_bytes, rows_as_post
from tracker.org.models import Department, User
from tracker.tasks.models import Kind, Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]

# A county bureau's summary whose plan heading ('几点想法') and heading-less problem sentence
# the parser does not recognise: it proposes nothing. (The sentence names one shortfall only:
# with two, '同时我们也看到，A不足，B薄弱。' is now read as two problems — test_general_shapes.)
MISSED = """某县司法局2022年度工作总结

一、主要工作
今年以来，我局围绕中心、服务大局，各项工作取得新进展。全年办理法律援助案件312件。
二、几点体会
回顾一年来的工作，我们体会到，必须坚持党的领导。
三、几点想法
一是完善公共法律服务体系，年底前实现村级法律顾问全覆盖。
二是加强人民调解员队伍建设，由县司法局牵头、各乡镇配合，于2023年6月底前完成轮训。
三是推进行政执法协调监督工作体系建设。
同时我们也看到，部分乡镇司法所人员不足。
某县司法局
2022年12月20日
""".encode()


def upload(client: Client, data: bytes, name: str = "county.txt") -> str:
    response = client.post(reverse("report-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))


def stored_rows(user: User, token: str) -> list[dict[str, Any]]:
    return preview_load(token=token, user=user)["proposals"]


def mark(
    client: Client, token: str, rows: list[dict[str, Any]], kind: str, *paragraphs: int
) -> Any:
    data = rows_as_post(token, rows, "mark")
    data["mark_kind"] = kind
    data["mark_p"] = [str(p) for p in paragraphs]
    return client.post(reverse("report-preview"), data)


def test_marking_rederives_items_keeps_edits_and_imports_only_what_was_confirmed(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    token = upload(client, MISSED)
    assert stored_rows(supervisor, token) == []

    # The plan section: tick its first and last paragraph (heading 三、几点想法 … 三是…).
    page = mark(client, token, [], "plan", 5, 8)
    html = page.content.decode()
    assert page.status_code == 200
    rows = stored_rows(supervisor, token)
    # One item per paragraph, as the parser cuts a plan section written '一是…' '二是…'.
    assert [r["title"][:8] for r in rows] == [
        "完善公共法律服务",
        "加强人民调解员队",
        "推进行政执法协调",
    ]
    assert all(r["kind"] == "plan" for r in rows)
    assert [r["source_paragraph"] for r in rows] == [6, 7, 8]
    assert rows[0]["reason"].startswith("人工标记：第 7 行至第 10 行")
    # '由…牵头…于…前完成' in a marked item fills the deadline, as on import.
    assert rows[1]["due_on"] == "2023-06-30" and rows[1]["lead_written"] == "县司法局"
    assert html.count('<tr class="row-plan">') == 3
    assert "已标记：第 7 行至第 10 行：工作打算部分" in html
    assert 'class="para item item-plan marked marked-plan"' in html
    assert counts() == (0, 0, 0)

    # The user edits a title, then marks the heading-less sentence as one problem:
    # the edit survives, the problem row comes after the plan rows (text order).
    rows[2]["title"] = "推进行政执法协调监督体系建设"  # typed by the user
    mark(client, token, rows, "problem", 9)
    rows = stored_rows(supervisor, token)
    assert [r["kind"] for r in rows] == ["plan", "plan", "plan", "problem"]
    assert rows[2]["title"] == "推进行政执法协调监督体系建设"
    assert rows[3]["title"].startswith("整改：同时我们也看到，部分乡镇司法所人员不足")
    assert rows[3]["problem"].startswith("同时我们也看到")

    # A wrong item is unmarked; reloading the page shows the rows as they now stand.
    mark(client, token, rows, "unmark", 6)
    rows = stored_rows(supervisor, token)
    assert [r["source_paragraph"] for r in rows] == [7, 8, 9]
    page = client.get(reverse("report-preview"), {"token": token})
    html = page.content.decode()
    assert html.count('<tr class="row-') == 3
    assert "第 8 行：不生成任务" in html

    # Untick one more and confirm: only the two confirmed rows become tasks.
    rows[1]["include"] = False
    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert counts() == (1, 2, 2)
    assert set(Task.objects.values_list("kind", "title")) == {
        (Kind.PLAN, rows[0]["title"]),
        (Kind.PROBLEM, rows[2]["title"]),
    }
    assert Task.objects.get(kind=Kind.PLAN).due_on == dt.date(2023, 6, 30)
    problem = Task.objects.get(kind=Kind.PROBLEM).source_item
    assert problem is not None and problem.source_paragraph == 9
    # The marking is saved with the report.
    assert [(m["start"], m["end"], m["kind"]) for m in report.markings] == [
        (5, 8, "plan"),
        (9, 9, "problem"),
        (6, 6, "unmark"),
    ]


def test_marking_the_problems_section_splits_with_the_parsers_rules(
    supervisor: User,
) -> None:
    preview = report_preview(data=reference_bytes(), filename="jilin.txt", user=supervisor)
    before = [r for r in preview["proposals"] if r["kind"] == "problem"]
    assert len(before) == 5
    # Unmark the problems paragraph, then mark it again as the problems section.
    rows = preview_mark(
        preview=preview, rows=preview["proposals"], start=42, end=42, kind="unmark", user=supervisor
    )
    assert [r["kind"] for r in rows] == ["plan"] * 4
    rows = preview_mark(
        preview=preview, rows=rows, start=41, end=42, kind="problems", user=supervisor
    )
    again = [r for r in rows if r["kind"] == "problem"]
    assert [r["problem"] for r in again] == [r["problem"] for r in before]
    assert all(r["title"].startswith("整改：") for r in again)
    assert len({r["key"] for r in rows}) == len(rows)  # keys stay unique for the API
    # One paragraph as one plan item: the whole paragraph, titled by its first sentence.
    rows = preview_mark(
        preview=preview, rows=rows, start=44, end=44, kind="plan-item", user=supervisor
    )
    assert [r["source_paragraph"] for r in rows if r["kind"] == "plan"] == [44, 45, 46, 47, 48]


@pytest.mark.parametrize(
    ("kind", "paragraphs", "message"),
    [
        ("plan", [], "请选择要标记的段落"),
        ("plan", ["99"], "所选段落不在本报告中"),
        ("plan", ["x"], "请选择要标记的段落"),
        ("boss", ["5"], "请选择把所选段落标记为什么"),
        ("unmark", ["2"], "所选段落没有生成任务，无需取消标记"),
    ],
)
def test_bad_marking_is_a_chinese_message_and_changes_nothing(
    login: Login, supervisor: User, kind: str, paragraphs: list[str], message: str
) -> None:
    client = login(supervisor)
    token = upload(client, MISSED)
    mark(client, token, [], "plan", 5, 8)
    rows = stored_rows(supervisor, token)
    data = rows_as_post(token, rows, "mark")
    data["mark_kind"] = kind
    data["mark_p"] = paragraphs
    page = client.post(reverse("report-preview"), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert stored_rows(supervisor, token) == rows
    assert len(preview_load(token=token, user=supervisor)["markings"]) == 1
    assert counts() == (0, 0, 0)


def test_service_refuses_a_bad_range_without_changing_the_preview(supervisor: User) -> None:
    preview = report_preview(data=MISSED, filename="county.txt", user=supervisor)
    for start, end in ((None, None), (-1, 3), (3, 400), ("三", 4)):
        with pytest.raises(ReportImportError):
            preview_mark(
                preview=preview, rows=[], start=start, end=end, kind="plan", user=supervisor
            )
    assert "markings" not in preview_load(token=preview["preview_token"], user=supervisor)


@pytest.mark.parametrize("who", ["staff_a", "head_a", "head_b", "staff_b", "leader"])
def test_nobody_but_the_supervisor_who_uploaded_can_mark(
    request: pytest.FixtureRequest, login: Login, supervisor: User, dept_b: Department, who: str
) -> None:
    token = upload(login(supervisor), MISSED)
    other = login(request.getfixturevalue(who))
    data = rows_as_post(token, [], "mark")
    data.update({"mark_kind": "plan", "mark_p": ["5", "8"]})
    assert other.post(reverse("report-preview"), data).status_code == 404
    assert other.get(reverse("report-preview"), {"token": token}).status_code == 404
    assert stored_rows(supervisor, token) == []


def test_another_supervisor_cannot_use_the_token(
    login: Login, supervisor: User, dept_b: Department
) -> None:
    from tests.conftest import make_user

    token = upload(login(supervisor), MISSED)
    second = make_user("supervisor2", "supervisor", dept_b)
    data = rows_as_post(token, [], "mark")
    data.update({"mark_kind": "plan", "mark_p": ["5", "8"]})
    response = login(second).post(reverse("report-preview"), data, follow=True)
    assert "预览已失效，请重新上传报告。" in response.content.decode()
    assert stored_rows(supervisor, token) == []
    # Two supervisors previewing the same report keep separate markings.
    token2 = upload(login(second), MISSED)
    mark(login(second), token2, [], "plan", 5, 8)
    assert len(stored_rows(second, token2)) == 3
    assert stored_rows(supervisor, token) == []


def test_marking_through_the_api_then_confirming_takes_the_marked_rows(
    supervisor: User, dept_b: Department, head_b: User, leader: User
) -> None:
    from rest_framework.test import APIClient

    from tests.conftest import make_user

    def api(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    url = "/api/v1/reports/"
    preview = (
        api(supervisor)
        .post(url, {"file": SimpleUploadedFile("county.txt", MISSED)}, format="multipart")
        .json()
    )
    assert preview["proposals"] == [] and preview["paragraphs"][5]["text"] == "三、几点想法"
    body = {"preview_token": preview["preview_token"], "start": 5, "end": 8, "kind": "plan"}
    # Nobody else reaches it: other roles get 404, another supervisor's token is refused.
    for other in (head_b, leader):
        assert api(other).post(f"{url}mark/", body, format="json").status_code == 404
    second = make_user("supervisor2", "supervisor", dept_b)
    refused = api(second).post(f"{url}mark/", body, format="json")
    assert refused.status_code == 400 and refused.json()["detail"] == "预览已失效，请重新上传报告。"
    bad = api(supervisor).post(f"{url}mark/", {**body, "start": 400}, format="json")
    assert bad.status_code == 400 and "所选段落不在本报告中" in bad.json()["detail"]
    assert counts() == (0, 0, 0)

    marked = api(supervisor).post(f"{url}mark/", body, format="json")
    assert marked.status_code == 200
    assert [r["source_paragraph"] for r in marked.json()["proposals"]] == [6, 7, 8]
    assert marked.json()["markings"][0]["kind"] == "plan"
    confirmed = api(supervisor).post(
        f"{url}confirm/", {"preview_token": preview["preview_token"]}, format="json"
    )
    assert confirmed.status_code == 201 and len(confirmed.json()["tasks"]) == 3
    assert Report.objects.get().markings[0]["start"] == 5


def test_abandoned_previews_are_cleaned_and_one_in_use_is_kept(
    login: Login, supervisor: User, settings: Any
) -> None:
    """Item 8: the housekeeping job (tracker.ops, daily on Celery beat) removes previews nobody
    came back to for HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS; marking a preview saves it again,
    which keeps it alive."""
    import os
    import time

    from django.core.files.storage import default_storage

    from tracker.ops.services import housekeeping_run

    client = login(supervisor)
    abandoned = upload(client, MISSED)
    kept = upload(client, reference_bytes(), "jilin.txt")
    files = default_storage.listdir("report-previews")[1]
    assert len(files) == 2
    old = time.time() - (settings.HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS + 1) * 3600
    for name in files:  # both look abandoned…
        os.utime(default_storage.path(f"report-previews/{name}"), (old, old))
    # …but the supervisor comes back to one of them and marks something.
    preview = preview_load(token=kept, user=supervisor)
    preview_mark(
        preview=preview,
        rows=preview["proposals"],
        start=42,
        end=42,
        kind="unmark",
        user=supervisor,
    )
    assert housekeeping_run()["import_previews"] == 1
    with pytest.raises(ReportImportError, match="预览已失效"):
        preview_load(token=abandoned, user=supervisor)
    assert len(stored_rows(supervisor, kept)) == 4
    page = client.get(reverse("report-preview"), {"token": abandoned}, follow=True)
    assert "预览已失效，请重新上传报告。" in page.content.decode()
    assert counts() == (0, 0, 0)


def test_marking_through_the_command_line(tmp_path: Any, supervisor: User) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    source = tmp_path / "county.txt"
    source.write_bytes(MISSED)

    def run(*args: str) -> str:
        out = StringIO()
        call_command("import_report", str(source), *args, stdout=out)
        return out.getvalue()

    assert "5\t第 7 行\t三、几点想法" in run("--paragraphs")
    marks = ("--mark", "5-8:plan", "--mark", "9:problem", "--mark", "6:unmark")
    printed = json.loads(run("--dry-run", "--json", *marks))
    assert [(t["kind"], t["source_paragraph"]) for t in printed["marked_tasks"]] == [
        ("plan", 7),
        ("plan", 8),
        ("problem", 9),
    ]
    assert [m["kind"] for m in printed["markings"]] == ["plan", "problem", "unmark"]
    assert counts() == (0, 0, 0)
    for bad, message in (
        ("5-8", "标记类型不正确"),
        ("x-8:plan", "标记格式不正确"),
        ("5-400:plan", "所选段落不在本报告中"),
        ("2:unmark", "无需取消标记"),
    ):
        with pytest.raises(CommandError, match=message):
            run("--mark", bad)
    assert counts() == (0, 0, 0)
    run(*marks)
    report = Report.objects.get()
    assert counts() == (1, 3, 3)
    assert [(m["start"], m["end"]) for m in report.markings] == [(5, 8), (9, 9), (6, 6)]
    assert Task.objects.filter(kind=Kind.PROBLEM).get().title.startswith("整改：同时我们也看到")


def test_the_report_page_lists_the_markings_saved_with_it_to_those_who_may_see_it(
    login: Login, supervisor: User, staff_a: User, staff_b: User, dept_a: Department
) -> None:
    client = login(supervisor)
    token = upload(client, MISSED)
    mark(client, token, [], "plan", 5, 8)
    rows = stored_rows(supervisor, token)
    mark(client, token, rows, "problem", 9)
    rows = stored_rows(supervisor, token)
    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert response.status_code == 302
    report = Report.objects.get()
    labels = [m["label"] for m in report.markings]
    assert len(labels) == 2 and labels[0].endswith("：工作打算部分")
    assert labels[1].endswith("：一个问题")

    url = reverse("report-detail", args=[report.pk])
    html = client.get(url).content.decode()
    listed = re.search(r'<ol class="markings">(.*?)</ol>', html, re.S)
    assert listed is not None
    items = re.findall(r'<li><a href="#p-(\d+)">([^<]*)</a>（([^）]*)）</li>', listed.group(1))
    assert [(int(p), label) for p, label, _ in items] == [(5, labels[0]), (9, labels[1])]
    name = supervisor.get_full_name() or supervisor.get_username()
    assert all(who.startswith(f"{name} 标记，") for _, _, who in items)

    # A division sees the report once one of its tasks is in it, and the markings with it;
    # another department's user sees nothing at all.
    task = Task.objects.filter(report=report).first()
    assert task is not None
    task.lead_department = dept_a
    task.save()
    own = login(staff_a).get(url)
    assert own.status_code == 200 and labels[0] in own.content.decode()
    other = login(staff_b).get(url)
    assert other.status_code == 404
    assert labels[0] not in other.content.decode() and "人工标记" not in other.content.decode()


def test_a_report_without_markings_says_so_and_bad_entries_are_skipped(
    login: Login, supervisor: User
) -> None:
    result = report_import(user=supervisor, data=MISSED, filename="m.txt")
    report = result.report
    html = login(supervisor).get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "没有人工标记：任务全部按解析结果生成。" in html
    report.markings = [
        "not a marking",
        {"start": "x", "end": 2, "kind": "plan"},
        {"start": 2, "end": 3, "kind": "problems", "by": 999999},
    ]
    report.save()
    shown = report_markings(report)
    assert [(m["label"], m["by"], m["at"]) for m in shown] == [
        ("第 3 段至第 4 段：存在问题部分", None, None)
    ]
    html = login(supervisor).get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "第 3 段至第 4 段：存在问题部分</a>（标记人不详）" in html
