"""The year of a limit written without one ('12月底前', '3月底前', '明年3月底前') in a document
dated in a year that is no annual report — a bulletin, minutes, a notice: the limit is the
first such date on or after the document's date (a month already past when it was issued
is next year's), '明年' its year + 1, '今年' and '年底前' its own year. An annual report
keeps its rule: its plan is next year's. A year written in the limit wins.
Every text is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.phrases import parse_assignment, parse_deadline, parse_stages
from plans.services import _proposals
from tests.plans.shapes import due, items, read

BULLETIN = """关于全县营商环境问题整改落实情况的督查通报
各乡镇人民政府，县政府各部门：
近期，县政府督查室对营商环境问题整改落实情况开展了专项督查，现将有关情况通报如下。
一、总体情况
各单位高度重视，大部分问题已整改到位。
二、存在的问题
一是部分单位整改进度滞后，县住建局、县市场监管局负责的3个问题未按期销号。
二是个别单位整改台账不完善。
三、工作要求
（一）县住建局要对照问题清单逐项整改，12月底前完成整改。
（二）县市场监管局要于3月底前完成整改台账规范工作。
青河县人民政府督查室
2026年11月20日
"""


def test_a_bulletin_signed_in_november_reads_december_in_its_own_year() -> None:
    data = read(BULLETIN)
    assert data["issued_on"] == "2026-11-20"
    # '12月底前' is still ahead in 2026; '3月底前' has passed in 2026, so it is 2027's.
    assert [due(i) for i in items(data)] == ["2026-12-31", "2027-03-31"]


def test_a_bulletin_signed_in_spring_reads_both_in_its_own_year() -> None:
    data = read(BULLETIN.replace("2026年11月20日", "2026年2月10日"))
    assert [due(i) for i in items(data)] == ["2026-12-31", "2026-03-31"]


def test_a_year_written_in_a_bulletins_limit_wins() -> None:
    dated = BULLETIN.replace("于3月底前", "于2026年3月底前")
    assert [due(i) for i in items(read(dated))] == ["2026-12-31", "2026-03-31"]


MINUTES = """青河县人民政府常务会议纪要
2026年11月18日，县长主持召开县政府第9次常务会议。现将会议议定事项纪要如下：
一、关于农村饮水工程管护的问题
会议要求，县水利局要落实管护责任，明年3月底前完成全部水站维修。
二、关于冬季消防安全的问题
会议要求，县消防救援大队要加强冬季消防检查，年底前完成一轮排查。
三、关于春季造林的问题
会议要求，县林业局要做好苗木准备，4月底前完成春季造林任务。
四、关于城区供暖的问题
会议要求，县住建局要督促供热企业今年12月15日前完成管网检修。
"""


def test_minutes_read_next_year_from_their_own_date() -> None:
    data = read(MINUTES)
    assert data["issued_on"] == "2026-11-18"
    assert [due(i) for i in items(data)] == [
        "2027-03-31",
        "2026-12-31",
        "2027-04-30",
        "2026-12-15",
    ]


def test_minutes_with_a_year_in_the_limit_keep_it() -> None:
    dated = MINUTES.replace("明年3月底前", "2026年3月底前").replace("4月底前", "2028年4月底前")
    assert [due(i) for i in items(read(dated))][:3] == [
        "2026-03-31",
        "2026-12-31",
        "2028-04-30",
    ]


REPORT = """青河县水利局2026年工作总结和2027年工作打算
一、2026年工作总结
全年完成水利投资3亿元。
二、存在的问题
一是防洪工程短板明显。二是基层水利人员不足。
三、2027年工作打算
（一）加快防洪工程建设。明年3月底前完成堤防加固方案。
（二）充实基层水利队伍。12月底前完成招聘。
青河县水利局
{signed}
"""


def test_an_annual_report_keeps_its_plan_year_for_limits() -> None:
    for signed in ("2026年11月20日", "2027年1月15日"):
        data = read(REPORT.format(signed=signed))
        assert data["plan_year"] == 2027
        assert [due(i) for i in items(data)] == ["2027-03-31", "2027-12-31"]


ISSUED = dt.date(2026, 11, 20)


def test_the_relative_words_count_from_the_issue_date() -> None:
    def on(text: str) -> str | None:
        found = parse_deadline(text, issued_on=ISSUED)
        return found.due_on.isoformat() if found and found.due_on else None

    assert on("明年3月底前") == "2027-03-31"
    assert on("明年底前") == "2027-12-31"
    assert on("明年上半年") == "2027-06-30"
    assert on("今年12月15日前") == "2026-12-15"
    assert on("年内") == on("年底前") == "2026-12-31"
    assert on("下半年") == "2026-12-31"
    assert on("上半年") == "2027-06-30"
    assert on("第一季度") == "2027-03-31"
    assert on("第四季度") == "2026-12-31"
    assert on("11月15日前") == "2027-11-15"
    assert on("11月底前") == "2026-11-30"
    assert on("2026年3月底前") == "2026-03-31"
    # With a plan year only (an annual report's), nothing changes.
    assert parse_deadline("3月底前", year=2027).due_on == dt.date(2027, 3, 31)  # type: ignore[union-attr]
    assert parse_deadline("明年3月底前", year=2027).due_on == dt.date(2027, 3, 31)  # type: ignore[union-attr]


def test_assignments_and_stages_take_the_issue_date_too() -> None:
    found = parse_assignment("由县水利局牵头，明年3月底前完成。", issued_on=ISSUED)
    assert found.deadline is not None and found.deadline.due_on == dt.date(2027, 3, 31)
    stages = parse_stages("12月底前完成方案，明年3月底前完成建设", issued_on=ISSUED)
    assert [s.due_on for s in stages] == [dt.date(2026, 12, 31), dt.date(2027, 3, 31)]


NOTICE = """青河县人民政府办公室关于做好冬春农田水利建设的通知
各乡镇人民政府，县政府各部门：
为做好今冬明春农田水利建设，现提出如下要求：
一、抓紧编制方案。各乡镇要于12月底前完成本乡镇建设方案编制。
二、加快工程建设。县水利局要督促施工单位于3月底前完成渠道清淤。
三、强化资金保障。县财政局要及时拨付补助资金。
青河县人民政府办公室
2026年11月20日
"""


def test_a_notices_requirements_run_from_its_date() -> None:
    data = read(NOTICE)
    assert "如下" in data["plan_section"]["reason"]
    assert [due(i) for i in items(data)][:2] == ["2026-12-31", "2027-03-31"]
    assert data["plan_year"] == 2026 and data["limits_from_issued_on"] is True


DIVISION = """青河县优化营商环境重点任务分工方案
1.压缩企业开办时间。
牵头单位：县市场监管局
完成时限：12月底前
2.推进工程建设项目审批改革。
牵头单位：县住建局
完成时限：3月底前
青河县人民政府办公室
2026年11月20日
"""


def test_a_division_naming_no_year_runs_from_its_date() -> None:
    data = read(DIVISION)
    assert [due(i) for i in items(data)] == ["2026-12-31", "2027-03-31"]


def test_a_division_naming_its_year_keeps_it() -> None:
    titled = DIVISION.replace("青河县优化", "青河县2027年优化")
    data = read(titled)
    assert data["plan_year"] == 2027 and data["limits_from_issued_on"] is False
    assert [due(i) for i in items(data)] == ["2027-12-31", "2027-03-31"]


def test_an_annual_report_says_its_limits_are_in_the_plan_year() -> None:
    assert read(REPORT.format(signed="2026年11月20日"))["limits_from_issued_on"] is False


STAGED_MINUTES = """青河县人民政府常务会议纪要
2026年11月18日，县长主持召开县政府第9次常务会议。现将会议议定事项纪要如下：
一、关于农村饮水工程管护的问题
会议要求，县水利局要3月底前完成维修方案，6月底前完成全部水站维修。
"""


@pytest.mark.django_db
def test_the_import_reads_stages_from_the_minutes_date() -> None:
    rows = _proposals(read(STAGED_MINUTES))
    assert rows[0]["due_on"] == "2027-06-30"
    assert rows[0]["milestones"].startswith("2027-03-31 ")
