"""Minutes written by topic: each topic is one task (coordinator's decision, issue 13). The
topic's decisions and requirements are the task's body, the lead, co-operating units and
deadline found in them fill its fields, its title is the topic as the document writes it.
Minutes listing decided items without topics keep one task per item; a topic the meeting only
heard gives none; news about a meeting stays silent. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

HEADED = """某县人民政府常务会议纪要
5月6日，县长主持召开县政府第8次常务会议。现将会议议定事项纪要如下：
一、关于城区供水管网改造有关问题
（一）会议原则同意县水利局关于城区供水管网改造的方案，修改完善后报县委研究。
（二）会议明确，由县水利局牵头、县财政局配合，于9月底前完成老旧管网改造。
二、关于春季植树造林有关问题
会议原则同意县林业局关于春季植树造林的安排。会议要求，各乡镇要在4月底前完成造林任务。
三、关于城区夜市管理有关问题
会议听取了县市场监管局关于城区夜市管理情况的汇报。
"""


def test_each_numbered_topic_is_one_task_its_decisions_the_body() -> None:
    got = items(read(HEADED))
    assert [i["title"] for i in got] == [
        "关于城区供水管网改造有关问题",
        "关于春季植树造林有关问题",
    ]
    assert "原则同意县水利局" in got[0]["body"]
    assert "于9月底前完成老旧管网改造" in got[0]["body"]
    assert (got[0]["lead"], got[0]["cooperating"]) == (["县水利局"], ["县财政局"])
    assert "各乡镇要在4月底前完成造林任务" in got[1]["body"]
    assert "议题“关于城区供水管网改造有关问题”" in got[0]["reason"]
    assert "2项" in got[0]["reason"]


TRADITIONAL = """某縣人民政府常務會議紀要
5月6日，縣長主持召開縣政府第8次常務會議。現將會議議定事項紀要如下：
一、關于城區供水管網改造有關問題
會議原則同意縣水利局關于城區供水管網改造的方案，由縣水利局牽頭，於9月底前完成。
"""


def test_topic_kept_in_the_documents_own_characters() -> None:
    got = items(read(TRADITIONAL))
    assert [i["title"] for i in got] == ["關于城區供水管網改造有關問題"]
    assert "原則同意縣水利局" in got[0]["body"]
    assert got[0]["lead"] == ["縣水利局"]


REVIEWED = """某区人民政府常务会议纪要
3月2日，区长主持召开区政府第4次常务会议，纪要如下：
一、会议审议了《关于推进老旧小区改造的实施意见》。
会议指出，老旧小区改造是重要的民生工程。会议要求，各街道要抓紧摸排改造需求，确保年内开工。
会议同意区住建局提出的《关于推进老旧小区改造的实施意见》，修改完善后印发实施。
二、会议听取了区农业农村局关于春耕备耕情况的汇报。
会议强调，各镇要加强农资供应保障，确保春耕生产顺利进行。
三、会议听取了区统计局关于一季度经济运行情况的汇报。
"""


def test_reviewed_or_heard_topic_lines_are_topics_with_their_requirements() -> None:
    got = items(read(REVIEWED))
    assert [i["title"] for i in got] == [
        "会议审议了《关于推进老旧小区改造的实施意见》",
        "会议听取了区农业农村局关于春耕备耕情况的汇报",
    ]
    assert [i["number"] for i in got] == ["一、", "二、"]
    assert "各街道要抓紧摸排改造需求" in got[0]["body"]
    assert "修改完善后印发实施" in got[0]["body"]


UNNUMBERED = """局长办公会议纪要
9月3日，局长主持召开局长办公会，局领导参加会议。现纪要如下：
会议原则同意《全市物业服务质量提升方案》。会议指出，物业服务关系群众切身利益。会议要求，按照会议意见修改完善方案后，尽快印发实施。
会议听取了关于燃气管网安全检查情况的汇报。会议强调，要加强巡查督导，确保10月底前完成全部隐患整改。
"""


def test_a_paragraph_opening_with_its_matter_is_one_topic() -> None:
    got = items(read(UNNUMBERED))
    assert len(got) == 2
    assert got[0]["title"] == "会议原则同意《全市物业服务质量提升方案》"
    assert "尽快印发实施" in got[0]["body"]
    assert got[1]["title"] == "会议听取了关于燃气管网安全检查情况的汇报"
    assert "确保10月底前完成全部隐患整改" in got[1]["body"]


AGREED_LIST = """某镇镇长办公会议纪要
6月2日，镇长主持召开镇长办公会议。现将会议议定事项纪要如下：
一、由镇农业办牵头，6月底前完成全镇高标准农田建设验收。
二、由镇城建办负责，7月底前完成集镇污水管网铺设。
三、由镇财政所负责，做好防汛物资采购资金保障。
"""


def test_decided_items_without_topics_stay_one_task_each() -> None:
    got = items(read(AGREED_LIST))
    assert len(got) == 3


NEWS = """县水利局召开专题会议研究防汛工作
6月5日，县水利局召开专题会议，研究部署今年防汛工作。会议听取了各股室关于汛前检查情况的汇报。
会议要求，各股室要压实防汛责任，加强值班值守，确保安全度汛。
"""


def test_news_about_a_meeting_stays_silent() -> None:
    assert items(read(NEWS)) == []


HEARD_THEN_PLAIN_LIST = """局长办公会议纪要
9月3日，局长主持召开局长办公会，局领导参加会议。现纪要如下：
会议听取了关于城市道路维修情况的汇报。会议要求：
市政科要在10月底前完成主干道坑槽修补。
养护中心要加强夜间巡查，每周报送巡查情况。
会议听取了关于路灯节能改造的汇报。会议强调，要在年底前完成改造。
"""


def test_a_heard_paragraph_keeps_the_plain_requirements_listed_under_it() -> None:
    got = items(read(HEARD_THEN_PLAIN_LIST))
    assert [i["title"] for i in got] == [
        "会议听取了关于城市道路维修情况的汇报",
        "会议听取了关于路灯节能改造的汇报",
    ]
    assert got[0]["body"].split("\n") == [
        "市政科要在10月底前完成主干道坑槽修补。",
        "养护中心要加强夜间巡查，每周报送巡查情况。",
    ]


def test_the_attendance_line_after_the_last_topic_is_not_its_body() -> None:
    text = UNNUMBERED + "办公室、规划科、建设科等科室负责人参加了相关议题的研究。\n"
    got = items(read(text))
    assert "参加了相关议题的研究" not in got[-1]["body"]


def test_an_assignment_line_after_a_decision_stays_in_its_topic() -> None:
    text = UNNUMBERED + "由规划科负责，于11月底前完成。\n"
    got = items(read(text))
    assert got[-1]["body"].endswith("由规划科负责，于11月底前完成。")
