"""Through the preview: a date limit written in an item's own words ('2027年6月底前制定…', '年底前实现…',
'2027年上半年完成…') is its deadline when no '于Z前完成' or '完成时限：Z' names one (issue 13,
r14e). Dates of things done, dates that are no limit and '按要求前' give none. Texts invented."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from plans.parsing import parse_report
from plans.services import preview_load
from tests.plans.test_cooperating import upload
from tracker.org.models import User

REPORT = """某县司法局2026年工作总结
一、2026年工作情况
2026年6月，我局制定了行政执法公示办法，全年办理法律援助案件三百件。
二、2027年工作打算
1.深化柔性执法，2027年6月底前制定轻微违法不予处罚清单。（牵头单位：县司法局，配合单位：县市场监管局）
2.健全公共法律服务网络，9月底前建立村居法律顾问台账。
3.加强法治宣传教育，开展送法下乡活动。
某县司法局
2027年1月8日
"""


def test_the_preview_shows_the_written_limit_as_the_source(
    login: Callable[[User], Any], supervisor: User
) -> None:
    client = login(supervisor)
    token = upload(client, REPORT, "sifa.txt")
    rows = [dict(r) for r in preview_load(token=token, user=supervisor)["proposals"]]
    by_title = {row["title"][:4]: row for row in rows}
    assert by_title["深化柔性"]["due_on"] == "2027-06-30"
    assert by_title["深化柔性"]["deadline_written"] == "2027年6月底前"
    assert by_title["健全公共"]["due_on"] == "2027-09-30"
    assert by_title["加强法治"]["deadline_written"] == ""  # no limit written: the default stays
    page = client.get(reverse("report-preview"), {"token": token}).content.decode()
    assert re.search(r"文中写明\s*：\s*2027年6月底前", page)


# The section's role decides before the item's words (r15c): under a heading naming work to come
# an item telling also what was done keeps its limit; a rectification report's problem whose
# text reports the rectification done names no deadline. Texts invented.
PLAN_WITH_DONE_WORDS = """某县司法局2026年工作总结
一、2026年工作情况
全年办理法律援助案件三百件，开展普法活动四十场。
二、存在的问题
基层法律服务力量薄弱，村居法律顾问作用发挥不够。
三、2027年工作打算
1.巩固去年已取得的试点成果，2027年上半年完成全县推广。
2.健全公共法律服务网络，9月底前建立村居法律顾问台账。
"""


def test_a_plan_sections_item_keeps_its_limit_though_it_tells_work_done() -> None:
    report = parse_report(PLAN_WITH_DONE_WORDS)
    assert report.plan_section is not None
    first = report.plan_section.items[0].assignment
    assert first is not None and first.deadline is not None
    assert first.deadline.due_on == dt.date(2027, 6, 30)


RECTIFICATION = """某县司法局关于巡察反馈问题整改情况的报告
一、巡察反馈的问题
1.涉企规范性文件清理不及时。今年以来，我局开展了专项清理，2026年上半年完成清理工作，累计废止文件12件。
2.执法案卷管理不规范。我局将建立案卷评查制度，2026年12月底前完成全部案卷评查。
"""


def test_a_problem_whose_text_reports_it_fixed_names_no_deadline() -> None:
    report = parse_report(RECTIFICATION)
    assert report.problem_section is not None
    done, planned = report.problem_section.items[:2]
    assert done.assignment is None or done.assignment.deadline is None
    assert planned.assignment is not None and planned.assignment.deadline is not None
    assert planned.assignment.deadline.due_on == dt.date(2026, 12, 31)
