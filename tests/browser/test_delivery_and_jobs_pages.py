"""The notification page's 通知发送情况 (failed rows, reasons, 重新发送) and a
report being read as a job, in Chromium at 1366×768 and 390×844: the checks
every page passes (phone overflow, glyphs, English, axe) and a re-drive by
clicking the button."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.test_pages_and_journeys import CHROMIUM, Session, axe, chromium  # noqa: F401
from tests.browser.ui_checks import check_page, problems
from tracker.batch.models import BatchJob, JobStatus
from tracker.notifications.models import Channel, DeliveryStatus, Notification, NotificationKind
from tracker.org.models import User

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="未安装 /usr/bin/chromium"),
]


def _failing_rows() -> None:
    people = list(User.objects.filter(is_active=True).order_by("id")[:4])
    reasons = [
        "收件人被拒绝：{'zhang@example.gov.cn': (550, b'5.1.1 User unknown')}",
        "已连续重试 72 小时仍未送达：邮件服务器暂时不可用：[Errno 111] Connection refused",
    ]
    now = timezone.now()
    for n in range(5):
        Notification.objects.create(
            recipient=people[n % len(people)],
            kind=NotificationKind.OVERDUE,
            channel=Channel.EMAIL,
            dedupe_key=f"browser-failed-{n}",
            subject=f"【逾期提醒】关于推进安全生产专项整治三年行动的第{n + 1}项任务",
            status=DeliveryStatus.FAILED,
            attempts=3,
            last_error=reasons[n % 2],
            send_after=now - dt.timedelta(hours=n),
        )
    Notification.objects.create(
        recipient=people[0],
        kind=NotificationKind.DUE_SOON,
        channel=Channel.EMAIL,
        dedupe_key="browser-retrying",
        subject="【到期提醒】修订应急预案",
        attempts=2,
        last_error="邮件服务器暂时拒绝：451 try again later",
        send_after=now + dt.timedelta(minutes=5),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_delivery_health_and_report_job_pages(
    chromium: Any,  # noqa: F811
    axe: Any,  # noqa: F811
    live_server: Any,
    size: str,
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    _failing_rows()
    supervisor = User.objects.get(username="supervisor")
    job = BatchJob.objects.create(
        kind="report.read",
        params={"filename": "2022年工作报告.pdf"},
        requested_by=supervisor,
        status=JobStatus.RUNNING,
        done_items=120,
        total_items=300,
    )
    findings = []
    session = Session(chromium, live_server.url, size).login("supervisor")
    page = session.go("/notifications/")
    page.locator("#delivery-health details summary").click()
    findings.append(check_page(page, "notifications-delivery-health", size, axe=axe))
    page = session.go(f"/jobs/{job.pk}/")
    findings.append(check_page(page, "job-report-read", size, axe=axe))
    page = session.go("/reports/")
    findings.append(check_page(page, "reports-upload", size, axe=axe))
    # One reason's button re-sends that reason's rows only.
    page = session.go("/notifications/")
    page.locator(".failure-reasons li").filter(has_text="User unknown").locator("button").click()
    page.wait_for_load_state("load")
    assert "已重新排队 3 条发送失败的通知" in page.content()
    assert Notification.objects.filter(status=DeliveryStatus.FAILED).count() == 2
    session.close()
    bad = [f for f in findings if problems(f)]
    assert not bad, "\n".join(str(f) for f in bad)
