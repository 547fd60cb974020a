"""A bulletin on a field's situation ('关于…安全形势的通报'): its '一、…形势' part reports, in
numbered run-in sub-headings, what went wrong ('（一）事故总量明显上升。…'), before '二、下一步工作
要求'. When most of those sub-headings state an adverse fact, each sub-heading is one finding
(problem); a situation part whose sub-headings report things going well yields none. All texts
here are invented."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

BULLETIN = """市安委办关于今年一季度全市道路交通安全形势的通报
各区安委会，市安委会各成员单位：
一季度，各地各部门认真落实道路交通安全工作部署，现将有关情况通报如下。
一、一季度道路交通安全形势
（一）事故起数明显上升。一季度全市共发生道路交通事故二百一十起，同比上升百分之十二。
（二）农村地区较大事故多发。全市发生较大事故三起，均发生在农村公路。
（三）货车和电动自行车是事故主要车型。货车肇事占事故总数的三成，电动自行车占两成。
（四）部分企业安全管理责任不落实。一些运输企业动态监控流于形式，驾驶人培训不到位。
二、下一步工作要求
（一）严格落实运输企业主体责任。各区要组织开展运输企业专项检查，督促企业整改。
（二）加强农村道路隐患治理。各区要在六月底前完成农村公路临水临崖路段排查。
市安委会办公室
2026年4月10日
"""

BULLETIN_GOING_WELL = """市安委办关于今年一季度全市道路交通安全形势的通报
各区安委会，市安委会各成员单位：
一季度，各地各部门认真落实道路交通安全工作部署，现将有关情况通报如下。
一、一季度道路交通安全形势
（一）事故起数持续下降。一季度全市共发生道路交通事故一百五十起，同比下降百分之八。
（二）农村地区形势总体平稳。全市未发生较大事故。
（三）货车和电动自行车是事故主要车型。货车肇事占事故总数的三成，电动自行车占两成。
（四）重点企业安全管理水平稳步提升。运输企业动态监控覆盖率达到百分之百。
二、下一步工作要求
（一）严格落实运输企业主体责任。各区要组织开展运输企业专项检查，督促企业整改。
（二）加强农村道路隐患治理。各区要在六月底前完成农村公路临水临崖路段排查。
市安委会办公室
2026年4月10日
"""


def parse(text: str):
    return parse_document(read_document(text.encode(), "bulletin.txt"))


def test_adverse_situation_sub_headings_are_findings() -> None:
    parsed = parse(BULLETIN)
    assert parsed.problem_section is not None
    assert [item.text for item in parsed.problem_section.items] == [
        "事故起数明显上升。",
        "农村地区较大事故多发。",
        "货车和电动自行车是事故主要车型。",
        "部分企业安全管理责任不落实。",
    ]
    assert "形势" in parsed.problem_section.reason
    assert "上升" in parsed.problem_section.items[0].reason
    assert len(parsed.plan_section.items) == 2


def test_situation_going_well_yields_no_findings() -> None:
    parsed = parse(BULLETIN_GOING_WELL)
    assert parsed.problem_section is None or not parsed.problem_section.items
    assert len(parsed.plan_section.items) == 2
