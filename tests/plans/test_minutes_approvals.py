"""Minutes whose decisions are approvals (issue 13): an approval followed by a requirement, a
lead or a deadline is a task ('会议原则同意该建议并要求…修改完善后实施', '原则同意…，要求…抓紧
签约并落实'); a bare approval ('会议审议通过了…项目建议书。') records a vote and is no task. Minutes
announced by a sentence ending in a full stop ('…有关事项纪要如下。') are minutes as with a
colon; a news item that only says minutes will be issued stays silent. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

APPROVALS = """某市人民政府市长办公会议纪要
5月6日上午，市政府召开市长办公会议。现将会议主要内容纪要如下：
会议听取了市经信局关于扶持小微企业贷款贴息的建议汇报。会议原则同意该建议并要求按照会议意见修改完善后印发实施。
会议审议通过了市体育中心看台维修工程、市图书馆屋面防水工程等2个项目建议书。
会议审议通过了《某市老旧小区改造实施方案》。
会议审议通过了《某市公共资源交易管理办法》，由市司法局按程序印发实施。
"""


def test_a_bare_approval_is_no_task_and_the_preview_says_so() -> None:
    data = read(APPROVALS)
    bodies = [f"{i['title']} {i['body']}" for i in items(data)]
    assert len(bodies) == 2
    assert "原则同意该建议并要求" in bodies[0]
    assert not any("项目建议书" in b or "老旧小区改造" in b for b in bodies)
    assert "只写审议通过、未作部署的事项（2段）" in data["plan_section"]["reason"]


def test_an_approval_with_a_lead_stays_a_task() -> None:
    got = items(read(APPROVALS))
    assert "公共资源交易管理办法" in got[1]["title"] + got[1]["body"]
    assert got[1]["lead"] == ["市司法局"]


ANNOUNCED_WITH_FULL_STOP = """区政府召开第12次常务会议 张某主持

2026年4月2日，张某区长主持召开区政府第12次常务会议，现将会议讨论研究的有关事项纪要如下。

会议审议《某区老旧小区加装电梯实施办法（送审稿）》。原则同意《某区老旧小区加装电梯实施办法》，要求根据会议审议意见作进一步修改完善后，印发实施。

会议审议《某区智慧停车项目合作协议（送审稿）》。原则同意区城管局提交的《某区智慧停车项目合作协议》，要求根据会议审议意见作进一步修改完善后，抓紧签约并落实好后续工作。

会议听取关于区体育馆维修改造有关情况汇报。原则同意区文体局提交的维修方案，要求依法依规组织实施。
"""


def test_minutes_announced_with_a_full_stop_give_one_task_per_approval() -> None:
    got = items(read(ANNOUNCED_WITH_FULL_STOP))
    assert len(got) == 3
    assert "加装电梯" in got[0]["title"]
    # What was approved, in the sentence before the requirement, is part of the task.
    assert got[1]["body"].startswith("原则同意区城管局提交的《某区智慧停车项目合作协议》")
    assert "抓紧签约并落实好后续工作" in got[1]["body"]
    assert got[2]["body"].startswith("原则同意区文体局提交的维修方案")
    assert "体育馆维修改造" in got[2]["title"]


NEWS_ONLY_HEARD = """区政府召开第12次常务会议

2026年4月2日，张某区长主持召开区政府第12次常务会议，现将会议讨论研究的有关事项纪要如下。

会议听取了区统计局关于一季度经济运行情况的汇报。

会议听取了区财政局关于一季度财政收支情况的汇报。
"""


def test_minutes_announced_with_a_full_stop_that_only_heard_reports_stay_silent() -> None:
    assert items(read(NEWS_ONLY_HEARD)) == []


PROJECT_BY_PROJECT = """重點項目建設協調會議紀要
11月3日上午，區發改局主持召開重點項目建設協調會，聽取了各項目進度情況，現將會議紀要如下，望各有關單位遵照執行。
一、民生項目：
1、城東小學：會議要求儘快完成施工圖審查，力爭本月底前開工。
2、區人民醫院新院區：目前主體已封頂，室外管網正在施工，會議要求由區衛健局抓緊辦理竣工驗收手續。
3、體育公園：目前已完成招標，正在進場施工。
二、產業項目
1、物流園項目：會議要求抓緊與區自然資源局溝通用地指標問題。
"""


def test_coordination_minutes_give_one_task_per_project_with_a_requirement() -> None:
    got = items(read(PROJECT_BY_PROJECT))
    assert [i["title"] for i in got] == ["城東小學", "區人民醫院新院區", "物流園項目"]
    assert got[0]["body"].startswith("儘快完成施工圖審查")
    assert got[1]["lead"] == ["區衛健局"]
    # A project only reported on ('正在進場施工') is no task.
    assert not any("體育公園" in i["title"] + i["body"] for i in got)
