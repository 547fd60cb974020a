"""A time limit written in stages becomes the task's 时间节点 on import; the user can
correct them on the preview, and a bad line is a Chinese message that writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.phrases import parse_stages
from plans.services import preview_load
from tests.plans import builders
from tests.plans.import_helpers import counts, rows_as_post
from tracker.org.models import Department, User
from tracker.supervision.models import Milestone
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]

STAGED = "2022年6月底前完成初稿，9月底前报审，年底前印发实施"
ROWS: list[str | tuple[str, str, str, str, str]] = [
    "一、完善依法行政制度体系",
    ("加强重点领域立法", "起草《安全生产条例》修订草案", "政策法规处", "", STAGED),
    ("加强重点领域立法", "开展规章清理", "政策法规处", "", "年底前"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STAGED, [("完成初稿", "2022-06-30"), ("报审", "2022-09-30"), ("印发实施", "2022-12-31")]),
        (
            "于3月底前制定方案；6月底前组织实施",
            [("制定方案", "2022-03-31"), ("组织实施", "2022-06-30")],
        ),
        (
            "由政策法规处牵头，6月底前完成方案，12月底前全面完成。",
            [("完成方案", "2022-06-30"), ("全面完成", "2022-12-31")],
        ),
        ("2022年12月底前", []),  # one date: the deadline, no stages
        ("每季度报送，年底前完成", []),  # periodic
        ("9月底前报审，6月底前完成初稿", []),  # out of order: not guessed
        ("2021年3月印发了方案，2022年6月底前完成评估", []),  # a past fact is not a stage
    ],
)
def test_stages_as_written(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.title, s.due_on.isoformat()) for s in parse_stages(text, year=2022)] == expected


def _upload(client: Client) -> str:
    data = builders.build_task_table_docx(ROWS)
    response = client.post(
        reverse("report-upload"), {"file": SimpleUploadedFile("分工方案.docx", data)}
    )
    assert response.status_code == 302
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))


def _post(rows: list[dict], token: str, action: str) -> dict:
    data = rows_as_post(token, rows, action)
    for i, row in enumerate(rows):
        data[f"form-{i}-milestones"] = row.get("milestones") or ""
    return data


def test_import_fills_milestones_and_the_final_deadline(
    login: Login, supervisor: User, dept_a: Department
) -> None:
    client = login(supervisor)
    token = _upload(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    staged = next(r for r in rows if r["title"] == "起草《安全生产条例》修订草案")
    assert staged["due_on"] == "2022-12-31"  # the last stage is the task's deadline
    assert staged["milestones"] == "2022-06-30 完成初稿\n2022-09-30 报审"
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "2022-06-30 完成初稿" in page
    response = client.post(reverse("report-preview"), _post(rows, token, "confirm"))
    assert response.status_code == 302
    task = Task.objects.get(title="起草《安全生产条例》修订草案")
    assert task.due_on == dt.date(2022, 12, 31)
    assert [(m.title, m.due_on) for m in task.milestones.all()] == [
        ("完成初稿", dt.date(2022, 6, 30)),
        ("报审", dt.date(2022, 9, 30)),
    ]
    assert task.next_milestone_on == dt.date(2022, 6, 30)
    other = Task.objects.get(title="开展规章清理")
    assert not other.milestones.exists() and other.next_milestone_on is None


def test_the_user_corrects_the_milestones_on_the_preview(
    login: Login, supervisor: User, dept_a: Department
) -> None:
    client = login(supervisor)
    token = _upload(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    staged = next(r for r in rows if r["title"] == "起草《安全生产条例》修订草案")
    staged["milestones"] = "2022-07-15 完成初稿并征求意见"
    client.post(reverse("report-preview"), _post(rows, token, "confirm"))
    task = Task.objects.get(title="起草《安全生产条例》修订草案")
    assert [(m.title, m.due_on) for m in task.milestones.all()] == [
        ("完成初稿并征求意见", dt.date(2022, 7, 15))
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("六月底 完成初稿", "应为“日期 节点内容”"),
        ("2022-06-30", "缺少节点内容"),
        ("2023-03-31 完成初稿", "晚于完成时限"),
    ],
)
def test_a_bad_milestone_line_is_a_message_and_writes_nothing(
    login: Login, supervisor: User, dept_a: Department, bad: str, message: str
) -> None:
    client = login(supervisor)
    token = _upload(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    next(r for r in rows if r["title"] == "起草《安全生产条例》修订草案")["milestones"] = bad
    page = client.post(reverse("report-preview"), _post(rows, token, "confirm"))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert counts() == (0, 0, 0)
    assert not Milestone.objects.exists()


def test_the_api_takes_the_proposed_milestones_or_the_clients(
    login: Login, supervisor: User, dept_a: Department, head_b: User
) -> None:
    client = login(supervisor)
    token = _upload(client)
    response = client.post(
        "/api/v1/reports/confirm/",
        {
            "preview_token": token,
            "tasks": [
                {"key": "plan-1"},
                {
                    "key": "plan-2",
                    "milestones": [{"title": "完成清理目录", "due_on": "2022-09-30"}],
                },
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    first = Task.objects.get(title="起草《安全生产条例》修订草案")
    second = Task.objects.get(title="开展规章清理")
    assert [m.title for m in first.milestones.all()] == ["完成初稿", "报审"]
    assert [(m.title, m.due_on) for m in second.milestones.all()] == [
        ("完成清理目录", dt.date(2022, 9, 30))
    ]


def test_one_reader_for_typed_stage_lines() -> None:
    """The preview form and the API's text form read 时间节点 lines with the same rule."""
    from plans.phrases import Stage, StageLineError, read_stage_lines

    assert read_stage_lines("2022-06-30  完成 初稿\n\n2022-09-30 报审") == [
        Stage("完成 初稿", dt.date(2022, 6, 30)),
        Stage("报审", dt.date(2022, 9, 30)),
    ]
    assert read_stage_lines("") == []
    for text, number, reason in [
        ("2022-06-30 初稿\n6月底 报审", 2, "date"),
        ("\n2022-06-31 初稿", 2, "date"),
        ("2022-06-30", 1, "title"),
    ]:
        with pytest.raises(StageLineError) as caught:
            read_stage_lines(text)
        assert (caught.value.number, caught.value.reason) == (number, reason)
