"""Documents whose line breaks were lost, the whole text one line (engineer r14d): a numbered
heading's name runs straight into its first sentence with no stop between them
('二、下一步工作要求希望各单位…，…'), as text copied out of a PDF or a data export reads. The
name ends at its last section word ('要求', '措施', '情况'…) before the rest of the clause, when
that name names a plan or problem part. Beside it, a heading whose name is no such part
('二、考评结果评出…') is left as it was, and the bulletin gives no task."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans

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
