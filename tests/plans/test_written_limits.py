"""Through the preview: a date limit written in an item's own words ('2027年6月底前制定…', '年底前实现…',
'2027年上半年完成…') is its deadline when no '于Z前完成' or '完成时限：Z' names one (issue 13,
r14e). Dates of things done, dates that are no limit and '按要求前' give none. Texts invented."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse

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
