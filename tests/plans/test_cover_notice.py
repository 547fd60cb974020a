"""A report forwarded under a cover notice ('关于印发…报告的通知', the leader's 批示 on it, '现将
该报告印发给你们', the office and date): the cover's comments are not the plan; the forwarded
report is read as itself, and the preview says so (issue 13). A notice issuing a plan with no
comment, and a report mentioning a 批示 with no cover title, are read as before. Every text is
invented."""

from __future__ import annotations

from typing import Any

from plans.cover_notice import split_cover
from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "c.txt")).to_dict()


def plan_titles(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


def problem_texts(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


COVERED = """某县人民政府办公室关于印发县城市管理局一季度工作情况报告的通知
各乡镇人民政府，县直各部门：
县长3月28日在《县城市管理局一季度工作情况报告》上批示：
一、城市管理工作成效明显，值得肯定。
二、要继续巩固整治成果，持续推进。
三、同意下一步工作安排。现将该报告印发给你们，请结合实际抓好落实。
县人民政府办公室
2026年3月30日
县城市管理局一季度工作情况报告
一、一季度工作开展情况
一季度，我局扎实推进市容环境整治，清理占道经营120处。
二、存在的问题
一是部分街道背街小巷环境卫生反弹明显。二是执法队伍力量不足，专业人员缺乏。
三、下一步工作打算
（一）深化背街小巷整治。全面排查城区背街小巷。
（二）加强执法队伍建设。组织开展执法人员业务培训。
"""


def test_the_forwarded_report_is_read_as_itself() -> None:
    data = read(COVERED)
    assert plan_titles(data) == ["深化背街小巷整治。", "加强执法队伍建设。"]
    assert problem_texts(data) == [
        "部分街道背街小巷环境卫生反弹明显",
        "执法队伍力量不足，专业人员缺乏",
    ]
    assert data["plan_section"]["heading"] == "三、下一步工作打算"
    note = "转发通知：开头6段是“印发县城市管理局一季度工作情况报告的通知”及其批示、转发说明"
    assert data["warnings"][0].startswith(note)
    assert "从其后所附的文件（“县城市管理局一季度工作情况报告…”）读起" in data["warnings"][0]
    assert data["plan_section"]["reason"].startswith(note)
    # The source positions are the document's own lines.
    assert data["plan_section"]["items"][0]["source"]["locator"] == "第 15 行"


def test_a_cover_run_into_its_report_on_one_line_is_cut_past_the_signature() -> None:
    data = read(COVERED.replace("\n", ""))
    assert plan_titles(data) == ["深化背街小巷整治。", "加强执法队伍建设。"]
    assert "（“县城市管理局一季度工作情况报告…”）" in data["warnings"][0]


ISSUED_PLAN = """某县城市管理局关于印发《某县城市管理局2026年工作要点》的通知
各股室、各中队：
现将《某县城市管理局2026年工作要点》印发给你们，请认真贯彻落实。
某县城市管理局
2026年2月1日
某县城市管理局2026年工作要点
一、深化背街小巷整治。全面排查城区背街小巷。
二、加强执法队伍建设。组织开展执法人员业务培训。
"""


def test_a_notice_issuing_a_plan_with_no_comment_is_read_as_before() -> None:
    document = read_document(ISSUED_PLAN.encode("utf-8"), "c.txt")
    assert split_cover(document.paragraphs, document.paragraphs) is None
    data = read(ISSUED_PLAN)
    assert not any(w.startswith("转发通知") for w in data["warnings"])


MENTIONED = """某县城市管理局关于一季度工作情况的报告
县人民政府：
按照县长在《城市管理工作专报》上的批示要求，我局扎实推进市容环境整治。现将有关情况报告如下。
一、存在的问题
一是部分街道背街小巷环境卫生反弹明显。二是执法队伍力量不足。
"""


def test_a_report_mentioning_a_comment_without_a_cover_title_has_no_cover() -> None:
    document = read_document(MENTIONED.encode("utf-8"), "c.txt")
    assert split_cover(document.paragraphs, document.paragraphs) is None
