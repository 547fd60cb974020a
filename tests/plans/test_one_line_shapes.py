"""Documents whose line breaks were lost, the whole text one line (engineer r14d): a numbered
heading's name runs straight into its first sentence with no stop between them
('二、下一步工作要求希望各单位…，…'), as text copied out of a PDF or a data export reads. The
name ends at its last section word ('要求', '措施', '情况'…) before the rest of the clause, when
that name names a plan or problem part. Beside it, a heading whose name is no such part
('二、考评结果评出…') is left as it was, and the bulletin gives no task."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

OPENING = (
    "某市供水公司办公室关于2026年度安全台账检查情况的通报各部门，各基层单位：根据年度工作安排，"
    "公司对各单位安全台账进行了检查。现将有关情况通报如下：一、检查开展情况本次检查采取"
    "“自查+抽查”的方式，共抽查台账120本，总体较为规范。"
)


def test_a_plan_heading_running_into_its_first_sentence_is_cut_at_its_name() -> None:
    text = (
        OPENING + "二、下步工作要求请各单位对照检查结果逐项整改，完善台账管理制度，"
        "确保台账真实完整，并于12月底前报送整改情况。某市供水公司办公室2026年11月3日"
    )
    data = parsed(text)
    assert len(plans(data)) == 1
    assert plans(data)[0].startswith("请各单位对照检查结果逐项整改，完善台账管理制度")
    assert "下步工作要求" in data["plan_section"]["reason"]


def test_a_heading_naming_no_plan_running_into_its_sentence_gives_no_task() -> None:
    text = (
        OPENING + "二、考评结果评出先进单位5个，通报表扬，名单见附件。"
        "某市供水公司办公室2026年11月3日"
    )
    assert plans(parsed(text)) == []


# A rectification report on one line whose third part, '尚未整改到位的问题及措施', runs into
# its first sentence ('截至2027年5月，…'), then lists what is still open after '其中：'.
REPORT = (
    "某县水务局关于专项审计发现问题整改情况的报告县审计局：根据审计意见，我局对发现问题进行了整改。"
    "现将有关情况报告如下：一、整改工作开展情况我局成立整改工作专班，逐项明确责任人和时限。"
    "二、整改总体完成情况审计指出问题5个，已完成整改4个，整改率80%。"
    "三、尚未整改到位的问题及措施截至2027年5月，我局尚有工程款结算不及时1项问题未整改到位。"
    "其中：（1）东城供水站尚未结算工程款3笔，涉及金额12.5万元，已与施工单位核对账目，"
    "{one}。（2）西城供水站尚未结算工程款2笔，涉及金额6.8万元，{two}。"
    "四、审计建议采纳情况无。某县水务局2027年5月20日"
)


def test_an_open_problems_part_run_into_its_sentence_gives_the_problem_and_dated_tasks() -> None:
    data = parsed(REPORT.format(one="计划于2027年7月底前完成结算", two="力争2027年年底前完成结算"))
    assert problems(data) == ["截至2027年5月，我局尚有工程款结算不及时1项问题未整改到位"]
    assert [p[:9] for p in plans(data)] == ["东城供水站尚未结算", "西城供水站尚未结算"]
    assert "完成时限" in data["plan_section"]["items"][0]["reason"]


def test_open_items_with_no_date_to_finish_give_no_task() -> None:
    data = parsed(REPORT.format(one="双方仍有分歧", two="施工单位已注销"))
    assert plans(data) == []
    assert "截至2027年5月，我局尚有工程款结算不及时1项问题未整改到位" in problems(data)
    assert "其中" not in problems(data)


def test_a_done_part_run_into_its_sentence_is_not_cut() -> None:
    text = REPORT.format(one="已于2027年4月结清", two="已于2027年5月结清").replace(
        "三、尚未整改到位的问题及措施截至", "三、整改后续跟踪情况截至"
    )
    assert plans(parsed(text)) == []
