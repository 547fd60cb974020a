"""Minutes whose topic and its decisions are one paragraph ('一、关于…的问题。会议听取了…汇报，
同意…。由…牵头，…配合，于…前完成。会议要求，…。'): one task per topic, as when the topic
stands on its own line (issue 13). A topic whose decisions name different leads: one task per
topic and lead (the coordinator's decision): the decisions naming the first lead, or none, stay
in the topic's task; a decision naming another lead is its own task, titled by the topic and
the decision. A topic only heard gives nothing; news about a meeting stays silent. Every text
is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

ONE_PARAGRAPH = """某区人民政府常务会议纪要
2026年3月5日，区长主持召开区政府第12次常务会议。现将会议议定事项纪要如下：
一、关于城区老旧管网改造的问题。会议听取了区住建局关于城区老旧管网改造情况的汇报，同意区住建局提出的改造方案。由区住建局牵头，区财政局、区水务局配合，于2026年12月底前完成。会议要求，各街道要做好群众解释工作，确保施工安全。
二、关于农村集体经济发展的问题。会议听取了区农业农村局关于农村集体经济发展情况的汇报，原则同意《农村集体经济发展三年行动方案》。由区农业农村局牵头，各镇街配合，于2026年10月底前完成村级项目申报。
三、关于一季度经济运行情况的问题。会议听取了区统计局关于一季度经济运行情况的汇报。
"""


def test_a_topic_and_its_decisions_in_one_paragraph_are_one_task() -> None:
    got = items(read(ONE_PARAGRAPH))
    assert [i["title"] for i in got] == [
        "关于城区老旧管网改造的问题",
        "关于农村集体经济发展的问题",
    ]
    assert [i["number"] for i in got] == ["一、", "二、"]
    first = got[0]
    assert "同意区住建局提出的改造方案" in first["body"]
    assert "各街道要做好群众解释工作" in first["body"]
    assert (first["lead"], first["cooperating"]) == (["区住建局"], ["区财政局", "区水务局"])
    assert first["deadline"]["due_on"] == "2026-12-31"
    assert "议题“关于城区老旧管网改造的问题”" in first["reason"]
    assert "议题与其决定写在同一段" in first["reason"]
    assert "原则同意《农村集体经济发展三年行动方案》" in got[1]["body"]
    assert got[1]["lead"] == ["区农业农村局"]


def test_the_hearing_before_a_decision_is_counted_not_read() -> None:
    reason = read(ONE_PARAGRAPH)["plan_section"]["reason"]
    assert "会议听取、审议的汇报（3段）" in reason


REVIEWED_PARAGRAPHS = """某区人民政府常务会议纪要
2026年4月8日，区长主持召开区政府第13次常务会议。现将会议议定事项纪要如下：
一、会议审议了《区公共资源交易管理办法（修订稿）》。会议原则同意该办法，由区司法局按程序印发实施。会议要求，区司法局要做好政策解读。
二、会议听取了区教育局关于秋季学位供给情况的汇报，并研究了新建学校开办经费问题。会议同意新建学校开办经费列入年度预算。由区教育局牵头，区财政局配合，于2026年8月底前完成。
三、会议听取了区统计局关于一季度经济运行情况的汇报。
"""


def test_reviewed_or_heard_topic_sentences_open_one_task_each() -> None:
    got = items(read(REVIEWED_PARAGRAPHS))
    assert [i["title"] for i in got] == [
        "会议审议了《区公共资源交易管理办法（修订稿）》",
        "会议听取了区教育局关于秋季学位供给情况的汇报，并研究了新建学校开办经费问题",
    ]
    assert [i["number"] for i in got] == ["一、", "二、"]
    assert "区司法局要做好政策解读" in got[0]["body"]
    assert got[0]["lead"] == ["区司法局"]
    assert (got[1]["lead"], got[1]["cooperating"]) == (["区教育局"], ["区财政局"])
    assert got[1]["deadline"]["due_on"] == "2026-08-31"


HEARD_AND_AGREED = """局长办公会议纪要
5月10日，局长主持召开局长办公会，局领导参加会议。现纪要如下：
会议听取了规划科关于城区停车场建设情况的汇报，同意规划科提出的建设方案。由规划科牵头，财务科配合，于2026年9月底前完成选址。会议要求，各科室要加强协作。
会议听取了办公室关于机关节能改造情况的汇报。
"""


def test_what_was_agreed_after_the_hearing_is_kept_beside_a_later_requirement() -> None:
    got = items(read(HEARD_AND_AGREED))
    assert [i["title"] for i in got] == ["会议听取了规划科关于城区停车场建设情况的汇报"]
    assert got[0]["body"].split("\n") == [
        "同意规划科提出的建设方案。由规划科牵头，财务科配合，于2026年9月底前完成选址。",
        "各科室要加强协作。",
    ]
    assert (got[0]["lead"], got[0]["cooperating"]) == (["规划科"], ["财务科"])


ONLY_HEARD = """某区人民政府常务会议纪要
2026年3月5日，区长主持召开区政府第12次常务会议。现纪要如下：
一、关于一季度经济运行情况的问题。会议听取了区统计局关于一季度经济运行情况的汇报。
二、关于安全生产形势的问题。会议听取了区应急局关于近期安全生产形势的汇报。
"""


def test_minutes_of_topics_only_heard_give_nothing() -> None:
    data = read(ONLY_HEARD)
    assert items(data) == []
    assert data["problem_section"] is None or data["problem_section"]["items"] == []
    assert data["document_kind"] == "minutes"
    assert "2个议题都只写了会议听取、审议的汇报" in data["warnings"][0]


NEWS = """区政府召开第12次常务会议
3月5日，区长主持召开区政府第12次常务会议，研究城区老旧管网改造等工作。会议听取了区住建局关于城区老旧管网改造情况的汇报，同意区住建局提出的改造方案。由区住建局牵头，区财政局配合，于年底前完成。会议要求，各街道要做好群众解释工作，确保施工安全。
"""


def test_news_about_a_meeting_written_by_topic_stays_silent() -> None:
    data = read(NEWS)
    assert items(data) == []


TWO_LEADS = """某区人民政府常务会议纪要
2026年6月2日，区长主持召开区政府第15次常务会议。现将会议议定事项纪要如下：
一、关于城区防汛排涝的问题。会议听取了区水务局关于城区防汛排涝准备情况的汇报，同意区水务局提出的排涝设施改造方案。由区水务局牵头，区住建局配合，于2026年6月底前完成。会议同意安排防汛应急资金500万元，由区财政局负责，于2026年6月15日前拨付到位。会议要求，各街道要落实防汛值守。
"""


def test_a_decision_naming_another_lead_is_its_own_task() -> None:
    got = items(read(TWO_LEADS))
    assert [i["title"] for i in got] == [
        "关于城区防汛排涝的问题",
        "关于城区防汛排涝的问题：同意安排防汛应急资金500万元，由区财政局负责，于2026年6月15日前拨付到位",
    ]
    first, second = got
    assert "同意区水务局提出的排涝设施改造方案" in first["body"]
    assert "各街道要落实防汛值守" in first["body"]
    assert "防汛应急资金" not in first["body"]
    assert (first["lead"], first["cooperating"]) == (["区水务局"], ["区住建局"])
    assert first["deadline"]["due_on"] == "2026-06-30"
    assert second["lead"] == ["区财政局"]
    assert second["deadline"]["due_on"] == "2026-06-15"
    assert "另列" in first["reason"]
    assert "牵头单位“区财政局”" in second["reason"]
    assert "“区水务局”" in second["reason"]


LINE_TOPIC_TWO_LEADS = """某县人民政府常务会议纪要
2026年5月6日，县长主持召开县政府第8次常务会议。现将会议议定事项纪要如下：
一、关于城区供水管网改造有关问题
（一）会议原则同意县水利局关于城区供水管网改造的方案，由县水利局牵头、县财政局配合，于9月底前完成老旧管网改造。
（二）会议明确，由县自然资源局负责管网改造涉及的用地手续，于7月底前办结。
（三）会议要求，各乡镇要配合做好施工协调。
"""


def test_a_topic_on_its_own_line_is_split_by_lead_too() -> None:
    got = items(read(LINE_TOPIC_TWO_LEADS))
    assert [i["lead"] for i in got] == [["县水利局"], ["县自然资源局"]]
    assert got[0]["title"] == "关于城区供水管网改造有关问题"
    assert got[1]["title"].startswith("关于城区供水管网改造有关问题：由县自然资源局负责")
    assert "各乡镇要配合做好施工协调" in got[0]["body"]
    assert got[1]["deadline"]["text"] == "7月底"


SAME_LEAD = """某区人民政府常务会议纪要
2026年6月2日，区长主持召开区政府第15次常务会议。现将会议议定事项纪要如下：
一、关于城区防汛排涝的问题。会议同意区水务局提出的排涝设施改造方案，由区水务局牵头，于2026年6月底前完成。会议同意由区水务局负责排涝泵站值守，于2026年6月15日前落实到位。会议要求，各街道要落实防汛值守。
"""


def test_decisions_naming_the_same_lead_or_none_stay_one_task() -> None:
    got = items(read(SAME_LEAD))
    assert [i["title"] for i in got] == ["关于城区防汛排涝的问题"]
    assert got[0]["lead"] == ["区水务局"]
    assert "排涝泵站值守" in got[0]["body"]
    assert "另列" not in got[0]["reason"]


LINE_TOPIC_SAME_LEAD = """某县人民政府常务会议纪要
2026年5月6日，县长主持召开县政府第8次常务会议。现将会议议定事项纪要如下：
一、关于城区供水管网改造有关问题
（一）会议原则同意县水利局关于城区供水管网改造的方案，由县水利局牵头，于9月底前完成老旧管网改造。
（二）会议明确，由县水利局负责二次供水设施排查，于7月底前完成。
（三）会议要求，各乡镇要配合做好施工协调。
"""


def test_a_line_topic_whose_decisions_name_one_lead_stays_one_task() -> None:
    got = items(read(LINE_TOPIC_SAME_LEAD))
    assert [i["title"] for i in got] == ["关于城区供水管网改造有关问题"]
    assert got[0]["lead"] == ["县水利局"]
    assert "二次供水设施排查" in got[0]["body"] and "各乡镇要配合" in got[0]["body"]


TRADITIONAL_TWO_LEADS = """某區人民政府常務會議紀要
2026年6月2日，區長主持召開區政府第15次常務會議。現將會議議定事項紀要如下：
一、關於城區防汛排澇的問題。會議同意區水務局提出的排澇設施改造方案，由區水務局牽頭，於2026年6月底前完成。會議同意安排防汛應急資金，由區財政局負責，於2026年6月15日前撥付到位。
"""


def test_a_task_split_off_by_its_lead_keeps_the_documents_own_characters() -> None:
    got = items(read(TRADITIONAL_TWO_LEADS))
    assert [i["title"] for i in got] == [
        "關於城區防汛排澇的問題",
        "關於城區防汛排澇的問題：同意安排防汛應急資金，由區財政局負責，於2026年6月15日前撥付到位",
    ]
    assert [i["lead"] for i in got] == [["區水務局"], ["區財政局"]]


AGREED_WITH_LABEL_LINES = """某县人民政府专题会议纪要
2026年7月3日，副县长主持召开专题会议，研究城区停车难问题。现将会议议定事项纪要如下：
一、加快城区公共停车场建设。年内新建公共停车泊位1000个。
责任单位：县住建局  配合单位：县自然资源局、县财政局  完成时限：2026年12月底前
二、规范道路停车秩序。对主次干道违停行为开展集中整治。
责任单位：县公安局交警大队  完成时限：2026年9月底前
三、推进机关单位停车场错时开放。
责任单位：县机关事务中心
完成时限：2026年10月底前
"""


def test_agreed_items_with_label_lines_under_each() -> None:
    got = items(read(AGREED_WITH_LABEL_LINES))
    assert [(i["lead"], i["cooperating"], i["deadline"]["due_on"]) for i in got] == [
        (["县住建局"], ["县自然资源局", "县财政局"], "2026-12-31"),
        (["县公安局交警大队"], [], "2026-09-30"),
        (["县机关事务中心"], [], "2026-10-31"),
    ]


TOPIC_WITH_LABEL_LINES = """某县人民政府专题会议纪要
2026年7月3日，副县长主持召开专题会议。现将会议议定事项纪要如下：
一、关于城区公共停车场建设问题
会议同意县住建局提出的建设方案，年内新建公共停车泊位1000个。
责任单位：县住建局；配合单位：县自然资源局、县财政局；完成时限：2026年12月底前。
会议要求，加强停车场建设用地保障。
完成时限：2026年8月底前。
"""


def test_label_lines_under_a_topics_decisions_fill_their_fields() -> None:
    got = items(read(TOPIC_WITH_LABEL_LINES))
    assert [i["title"] for i in got] == ["关于城区公共停车场建设问题"]
    assert got[0]["body"].split("\n") == [
        "同意县住建局提出的建设方案，年内新建公共停车泊位1000个。",
        "责任单位：县住建局；配合单位：县自然资源局、县财政局；完成时限：2026年12月底前。",
        "加强停车场建设用地保障。",
        "完成时限：2026年8月底前。",
    ]
    assert (got[0]["lead"], got[0]["cooperating"]) == (["县住建局"], ["县自然资源局", "县财政局"])
    assert got[0]["deadline"]["due_on"] == "2026-12-31"


def test_a_line_naming_who_attended_is_not_joined_to_the_decision_before_it() -> None:
    text = TOPIC_WITH_LABEL_LINES + "参会单位：县住建局、县自然资源局、县财政局\n"
    got = items(read(text))
    assert "参会单位" not in got[0]["body"]


SUB_TOPIC = """某县人民政府常务会议纪要
2026年8月4日，县长主持召开县政府第20次常务会议。现将会议议定事项纪要如下：
一、关于城乡融合发展有关问题
（一）会议原则同意县发改局关于城乡融合发展试点的工作方案，修改完善后印发实施。
（二）关于县粮食储备库搬迁有关问题：一是搬迁职工按原定标准安置；二是县发改局要做好职工思想稳定工作。
二、关于秋季农业生产有关问题
会议原则同意县农业农村局关于秋收秋种工作的安排。
"""


def test_a_sub_topic_under_a_topic_line_goes_into_that_topics_task() -> None:
    got = items(read(SUB_TOPIC))
    assert [i["title"] for i in got] == ["关于城乡融合发展有关问题", "关于秋季农业生产有关问题"]
    assert "关于县粮食储备库搬迁有关问题：一是搬迁职工按原定标准安置" in got[0]["body"]
    assert "是议题下的分议题" in got[0]["reason"]


BARE_DECISIONS_TWO_LEADS = """某区人民政府常务会议纪要
2026年6月2日，区长主持召开区政府第15次常务会议。现将会议议定事项纪要如下：
一、关于城区防汛排涝的问题。会议听取了区水务局关于城区防汛排涝准备情况的汇报，同意区水务局提出的排涝设施改造方案，由区水务局牵头，于2026年6月底前完成。同意安排防汛应急资金500万元，由区财政局负责，于2026年6月15日前拨付到位。要求各街道落实防汛值守。
"""


def test_decisions_written_one_after_another_without_the_meeting_are_parted_by_lead() -> None:
    got = items(read(BARE_DECISIONS_TWO_LEADS))
    assert [i["lead"] for i in got] == [["区水务局"], ["区财政局"]]
    assert got[0]["body"].split("\n") == [
        "同意区水务局提出的排涝设施改造方案，由区水务局牵头，于2026年6月底前完成。",
        "要求各街道落实防汛值守。",
    ]
    assert got[1]["deadline"]["due_on"] == "2026-06-15"
    assert "另起的“同意”" in got[1]["reason"]


def test_bare_decisions_naming_no_other_lead_stay_one_line_of_the_body() -> None:
    text = BARE_DECISIONS_TWO_LEADS.replace("由区财政局负责，", "")
    got = items(read(text))
    assert [i["lead"] for i in got] == [["区水务局"]]
    assert "拨付到位" in got[0]["body"]
