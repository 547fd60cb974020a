"""A supervision office's report that names its findings in the sentence announcing the details
('…实地督查，发现A，B，具体情况如下：'), gives the details place by place under '一、实地督查情况',
then a finding followed by its causes ('…仍有瞒报现象，主要原因是：（一）…（二）…'): the named
findings and the causes (shortfalls of the units checked) are the problems, not the heading of
the details. A check that found things in order, and causes of progress, give none. Every text
is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

REPORT = """农村饮水工程自查与督查差距较大　维修工作亟待加快
——某县政府督查室关于全县农村饮水安全工程督查情况的汇报
为全面掌握全县农村饮水工程运行情况，县政府督查室会同县水利局组成两个督查组，对甲镇、乙乡、丙镇等6个乡镇进行实地督查，发现部分乡镇自查上报数据与实际不符，供水设施维护不到位，具体情况如下：
一、实地督查情况
甲镇原报问题工程2处，经查又发现东村水池渗漏，已责令停用。
乙乡原报无问题工程，经查发现西村管网老化，已安排维修。
丙镇原报问题工程1处，经查属实，已列入维修计划。
10月8日县政府召开专题调度会后，各乡镇再次自查，仍有瞒报现象，主要原因是：
（一）部分乡镇主要负责同志重视不够，没有按要求逐村排查。
（二）村级管水员责任不明确，日常巡查流于形式。
"""


def test_findings_named_before_the_details_and_their_causes_are_the_problems() -> None:
    data = parsed(REPORT)
    assert [p.split("，")[0] for p in problems(data)] == [
        "发现部分乡镇自查上报数据与实际不符",
        "供水设施维护不到位",
        "仍有瞒报现象",
        "部分乡镇主要负责同志重视不够",
        "村级管水员责任不明确",
    ]
    reasons = [item["reason"] for item in data["problem_section"]["items"]]
    assert "具体情况如下" in reasons[0]
    assert "主要原因" in reasons[3]


def test_a_check_that_found_things_in_order_gives_no_findings() -> None:
    orderly = (
        REPORT.replace(
            "发现部分乡镇自查上报数据与实际不符，供水设施维护不到位，具体情况如下：",
            "发现各乡镇均已按要求完成自查，维修工作进展顺利，具体情况如下：",
        )
        .replace(
            "各乡镇再次自查，仍有瞒报现象，主要原因是：",
            "各乡镇维修进度明显加快，主要原因是：",
        )
        .replace(
            "（一）部分乡镇主要负责同志重视不够，没有按要求逐村排查。",
            "（一）各乡镇主要负责同志亲自部署，逐村排查。",
        )
        .replace(
            "（二）村级管水员责任不明确，日常巡查流于形式。",
            "（二）县财政及时拨付维修资金。",
        )
    )
    data = parsed(orderly)
    assert problems(data) == []
