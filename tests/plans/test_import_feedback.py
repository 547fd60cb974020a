"""A task-division row whose time limit is periodic ('每季度') gives the imported task its
定期反馈 (issue 13 item 4): a TaskReminderPolicy with that report cycle, so the reminder sweep
asks for the reports and the feedback record counts them. A dated row gives no policy; a period
the tracker has no cycle for ('每半年') keeps only the note on the preview."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import unquote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plans.models import Report
from plans.services import DraftAssignment, drafts_assign, preview_load
from tests.plans import builders
from tests.plans.import_helpers import rows_as_post
from tests.plans.test_cooperating import upload
from tracker.notifications.models import TaskReminderPolicy
from tracker.org.models import Department, User
from tracker.supervision.feedback import MISSING, ON_TIME, feedback_for_task
from tracker.supervision.services import feedback_set
from tracker.tasks.models import ProgressUpdate, Task
from tracker.tasks.services import ActionNotAllowed

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
TZ = dt.timezone(dt.timedelta(hours=8))
IMPORT_DAY = dt.datetime(2022, 1, 10, 2, tzinfo=dt.UTC)

ROWS: list[str | tuple[str, str, str, str, str]] = [
    "一、健全督查落实机制",
    ("健全督查落实机制", "汇总各单位推进情况并通报", "政策法规处", "", "每季度"),
    ("健全督查落实机制", "修订督查工作规程", "政策法规处", "", "2022年9月底前"),
    ("健全督查落实机制", "开展执行情况评估", "政策法规处", "", "每半年"),
]


def _upload(client: Client) -> str:
    data = builders.build_task_table_docx(ROWS)
    response = client.post(
        reverse("report-upload"), {"file": SimpleUploadedFile("分工方案.docx", data)}
    )
    assert response.status_code == 302
    return unquote(re.search(r"token=([^&\s\"]+)", response["Location"]).group(1))


def _import(client: Client, supervisor: User) -> dict[str, Task]:
    token = _upload(client)
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert "定期反馈：每季度" in page
    # No cycle for half a year: the note as written stays, and no 定期反馈 is promised.
    assert "每半年反馈进展" in page and "定期反馈：每半年" not in page
    response = client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm"))
    assert response.status_code == 302
    return {t.title: t for t in Task.objects.all()}


def test_a_quarterly_row_gives_the_task_a_quarterly_feedback_that_owes_reports(
    login: Login, supervisor: User, staff_a: User, dept_a: Department
) -> None:
    client = login(supervisor)
    with time_machine.travel(IMPORT_DAY, tick=False):
        tasks = _import(client, supervisor)
        quarterly = tasks["汇总各单位推进情况并通报"]
        policy = TaskReminderPolicy.objects.get(task=quarterly)
        assert policy.report_cycle == "quarterly"
        assert policy.report_since == dt.date(2022, 1, 10)
        assert 1 <= policy.report_day <= 28
        # A dated row and a half-yearly one: no 定期反馈.
        assert not TaskReminderPolicy.objects.filter(task=tasks["修订督查工作规程"]).exists()
        assert not TaskReminderPolicy.objects.filter(task=tasks["开展执行情况评估"]).exists()
        # 批量交办: the draft is assigned, and from then on it owes a report each quarter.
        drafts_assign(
            report=Report.objects.get(),
            assignments=[
                DraftAssignment(quarterly.pk, dept_a, [], dt.date(2022, 12, 31)),
            ],
            actor=supervisor,
        )
    ProgressUpdate.objects.create(
        task=quarterly,
        author=staff_a,
        text="一季度推进情况",
        percent=20,
        created_at=dt.datetime(2022, 3, 30, 10, tzinfo=TZ),
    )
    quarterly.refresh_from_db()
    owed = feedback_for_task(quarterly, dt.date(2022, 8, 1))
    assert [o.state for o in owed] == [ON_TIME, MISSING]
    assert owed[0].due_on.month == 4 and owed[1].due_on.month == 7


def test_another_departments_user_neither_sees_nor_alters_the_feedback(
    login: Login, supervisor: User, head_b: User, staff_b: User, dept_a: Department
) -> None:
    with time_machine.travel(IMPORT_DAY, tick=False):
        tasks = _import(login(supervisor), supervisor)
        quarterly = tasks["汇总各单位推进情况并通报"]
        drafts_assign(
            report=Report.objects.get(),
            assignments=[DraftAssignment(quarterly.pk, dept_a, [], dt.date(2022, 12, 31))],
            actor=supervisor,
        )
    quarterly.refresh_from_db()
    for outsider in (head_b, staff_b):
        assert login(outsider).get(f"/tasks/{quarterly.pk}/").status_code == 404
        with pytest.raises(ActionNotAllowed):
            feedback_set(task=quarterly, actor=outsider, cycle="weekly", day=1)
    assert TaskReminderPolicy.objects.get(task=quarterly).report_cycle == "quarterly"


# A growth target assigned to a lead (r16a) is reported on each quarter; invented text.
TARGET_SCHEME = """东岭县人民政府办公室文件
东政办发〔2026〕3号
东岭县人民政府办公室关于印发《东岭县2026年重点工作任务分解和责任分工方案》的通知
各乡镇人民政府，县政府各部门：
经县政府同意，现将《东岭县2026年重点工作任务分解和责任分工方案》印发给你们，请认真贯彻落实。
东岭县人民政府办公室
2026年1月20日
东岭县2026年重点工作
任务分解和责任分工方案
一、主要预期目标
1.规模以上工业增加值增长7%左右。
牵头单位：县工信局
责任单位：各乡镇
2.居民人均可支配收入增长6%以上。
牵头单位：县统计局
责任单位：县人社局
"""


def test_a_growth_target_becomes_a_task_reporting_each_quarter(
    login: Login, supervisor: User
) -> None:
    client = login(supervisor)
    token = upload(client, TARGET_SCHEME, "fengong.txt")
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    assert [r["report_cycle"] for r in rows] == ["quarterly", "quarterly"]
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert page.count("定期反馈：每季度") == 2
    assert (
        client.post(reverse("report-preview"), rows_as_post(token, rows, "confirm")).status_code
        == 302
    )
    target = Task.objects.get(title__startswith="规模以上工业增加值")
    assert TaskReminderPolicy.objects.get(task=target).report_cycle == "quarterly"
    assert TaskReminderPolicy.objects.filter(report_cycle="quarterly").count() == 2
