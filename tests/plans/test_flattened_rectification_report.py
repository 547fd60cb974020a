"""A rectification report flattened into one paragraph (engineer r16f), in invented text: '检查中
发现存在以下问题：1、…；2、…' then '现将整改情况报告如下：1、…；2、…' in one run. The first list
is the problems, the second the rectification actions (tasks), one a number. Beside it, a
flattened report whose first list is achievements gives no problems."""

from __future__ import annotations

from tests.plans.test_supervision_bulletins import plan, problems, read

REPORT = (
    "关于校园安全隐患排查整改情况的报告 东岭镇中心小学 东岭镇中心小学于 2027 年 3 月 8 日组织各处室"
    "负责人对校园安全进行了自查，检查中{cue}： 1、围墙东段有裂缝，存在倒塌隐患； 2、食堂消防器材过期，"
    "不能正常使用； 3、部分教室电线老化。 针对以上问题，学校立即成立整改工作小组，现将整改情况报告如下："
    " 1、学校要求总务处联系施工单位加固围墙，确保 2027 年 5 月底完成； 2、学校督促食堂负责人更换"
    "消防器材，2027 年 4 月底前完成； 3、学校要求电工逐间排查更换老化电线，2027 年 6 月底完成整改。"
    " 今后我们将继续加强安全管理。 东岭镇中心小学 2027.03.12\n"
)


def test_a_flattened_reports_findings_are_problems_and_its_actions_tasks() -> None:
    data = read(REPORT.format(cue="发现还存在以下问题"))
    assert problems(data) == [
        "围墙东段有裂缝，存在倒塌隐患",
        "食堂消防器材过期，不能正常使用",
        "部分教室电线老化",
    ]
    titles = plan(data)
    assert len(titles) == 3
    assert "加固围墙" in titles[0] + data["plan_section"]["items"][0].get("body", "")
    assert "整改报告" in data["problem_section"]["reason"]


def test_a_flattened_report_listing_what_went_well_has_no_problems() -> None:
    data = read(
        REPORT.format(cue="取得以下成效")
        .replace("围墙东段有裂缝，存在倒塌隐患", "围墙东段已完成加固")
        .replace("食堂消防器材过期，不能正常使用", "食堂消防器材全部更新")
        .replace("部分教室电线老化", "教室电线全部检修")
    )
    assert problems(data) == []
