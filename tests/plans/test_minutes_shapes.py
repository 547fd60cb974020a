"""The shapes meeting minutes (会议纪要) are written in: topic sections with what the meeting
heard, thought and decided; '会议要求：' with numbered points in any of the usual forms; the
header and attendance blocks; traditional characters; the kinds of 办公会; the ways an item
names who leads and by when. And texts of the same shape that are not minutes. Every text is
invented."""

from __future__ import annotations

import pytest

from tests.plans.shapes import due, items, plans, read

TOPICS = """某县人民政府常务会议纪要
〔2025〕第3号
县人民政府办公室                 2025年4月8日
4月7日，县长张某主持召开县政府第12次常务会议，研究了以下事项。现纪要如下：
一、关于城区停车设施建设的事项
会议听取了县住建局关于城区停车设施建设前期工作的汇报。
会议认为，城区停车难问题群众反映强烈，建设公共停车设施十分必要。
会议原则同意《城区公共停车场建设实施方案》，由县住建局牵头，县自然资源局、县财政局配合，于6月底前完成项目立项。
二、关于秋季学校校舍安全的事项
会议听取了县教育局关于校舍安全排查情况的汇报。
会议指出，校舍安全关系师生生命安全，各乡镇要在8月底前完成校舍隐患排查。
会议决定，县财政安排200万元用于校舍维修加固，县教育局负责，9月10日前完成。
出席：张某、李某、王某
列席：县政府办、县住建局、县教育局负责同志
记录：赵某
"""


def test_topic_sections_give_the_agreed_and_directed_actions_not_what_was_heard() -> None:
    data = read(TOPICS)
    assert data["document_kind"] == "minutes"
    assert data["plan_year"] == 2025
    got = items(data)
    # Issue 13, coordinator's decision: minutes written by topic give one task per topic (this
    # test asserted one per decision before); its decisions and requirements are the body.
    assert [i["title"] for i in got] == ["关于城区停车设施建设的事项", "关于秋季学校校舍安全的事项"]
    assert got[0]["body"].startswith("原则同意《城区公")
    assert got[1]["body"].startswith("校舍安全关系师生") and "县财政安排200" in got[1]["body"]
    assert (got[0]["lead"], got[0]["cooperating"], due(got[0])) == (
        ["县住建局"],
        ["县自然资源局", "县财政局"],
        "2025-06-30",
    )
    # The first deadline and lead found in the topic's text fill the fields.
    assert (got[1]["lead"], due(got[1])) == (["县教育局"], "2025-08-31")
    # The topic, and the cue of each decision and requirement in it, are the reason shown.
    assert "关于城区停车设施建设的事项" in got[0]["reason"] and "会议原则同意" in got[0]["reason"]
    assert "会议指出" in got[1]["reason"] and "会议决定" in got[1]["reason"]
    # What was heard, a view that directs nothing, the topics and the attendance: no task,
    # and the section says so.
    text = " ".join(f"{i['title']} {i['body']}" for i in got)
    assert "听取" not in text and "十分必要" not in text and "出席" not in text
    assert "记录" not in got[-1]["body"]
    reason = data["plan_section"]["reason"]
    assert "听取" in reason and "会议认为" in reason


PAREN_TOPICS = """市政府防汛工作专题会议纪要
第5期
市政府办公室                2025年5月20日
（一）研究汛前准备工作问题
会议听取了市水利局关于汛前准备情况的汇报。会议要求：
1.市水利局牵头，各区政府配合，5月31日前完成水库、堤防隐患整治。
2.市应急局负责，6月10日前完成防汛物资补充。
（二）研究城市内涝防治问题
会议听取了市住建局的汇报。
会议强调，
（1）市住建局要在6月15日前完成排水管网清淤；
（2）市城管局要加密易涝点巡查，每周报送巡查情况。
"""


def test_numbered_points_after_the_cue_under_paren_topics() -> None:
    got = items(read(PAREN_TOPICS))
    # One task per topic and lead (issue 13's decisions; one per point before): the first
    # topic's second point names another lead (市应急局), so it is a task of its own.
    assert [i["number"] for i in got] == ["（一）", "（一）", "（二）"]
    assert got[0]["body"] == "市水利局牵头，各区政府配合，5月31日前完成水库、堤防隐患整治。"
    assert got[1]["title"] == "研究汛前准备工作问题：市应急局负责，6月10日前完成防汛物资补充"
    assert got[2]["body"].startswith("市住建局要在6月15日前") and "市城管局要" in got[2]["body"]
    assert [(i["lead"], due(i)) for i in got] == [
        (["市水利局"], "2025-05-31"),
        (["市应急局"], "2025-06-10"),
        # '市住建局要在6月15日前…': the office told to act leads (r15a; none before).
        (["市住建局"], "2025-06-15"),
    ]
    # The second topic line and the heard report are not folded into the point before them.
    assert "研究城市内涝" not in got[1]["body"] and "听取" not in got[0]["body"]
    assert "研究汛前准备工作问题" in got[0]["reason"] and "编号条目" in got[0]["reason"]
    assert "牵头单位“市应急局”" in got[1]["reason"]


BARE_TOPICS = """某镇镇长办公会议纪要
2025年6月3日
关于人居环境整治
会议听取了镇村建办关于人居环境整治的情况汇报。
会议要求，
一是各村要在6月底前完成村庄垃圾清理；
二是镇村建办要每月通报各村整治进度。
关于防汛抗旱准备
会议强调：一是镇水利站要在6月15日前完成山塘巡查。二是镇应急办要落实24小时值班。
"""


def test_unnumbered_topic_lines_and_points_opened_by_yishi() -> None:
    got = items(read(BARE_TOPICS))
    # One task per topic (issue 13's decision; one per '一是' point before).
    assert [i["title"] for i in got] == ["关于人居环境整治", "关于防汛抗旱准备"]
    assert got[0]["body"].split("\n") == [
        "各村要在6月底前完成村庄垃圾清理；",
        "镇村建办要每月通报各村整治进度。",
    ]
    assert [due(i) for i in got] == ["2025-06-30", "2025-06-15"]
    assert "“一是、二是”" in got[0]["reason"] and "关于防汛抗旱准备" in got[1]["reason"]
    assert "关于防汛抗旱准备" not in got[0]["body"]


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        (
            "会议要求：1.县林业局4月底前完成林长制巡护方案；2.县水利局5月底前完成河道清障；3.各乡镇每月报送进展。",
            ["1.", "2.", "3."],
        ),
        (
            "会议强调：（1）县林业局4月底前完成林长制巡护方案。（2）县水利局5月底前完成河道清障。（3）各乡镇每月报送进展。",
            ["（1）", "（2）", "（3）"],
        ),
    ],
)
def test_numbered_points_run_together_on_the_cue_line(line: str, numbers: list[str]) -> None:
    got = items(read(f"县政府专题会议纪要\n2025年3月6日\n{line}\n"))
    assert [i["number"] for i in got] == numbers
    assert [due(i) for i in got] == ["2025-04-30", "2025-05-31", "monthly"]
    assert plans({"plan_section": {"items": got}})[0] == "县林业局4月底前完成林长制巡护方案"


def test_the_header_and_attendance_blocks_are_not_tasks() -> None:
    text = (
        "某市交通运输局\n局长办公会议纪要\n〔2021〕第2号\n2021年3月9日\n"
        "主持：王某\n出席：李某、张某、刘某\n列席：办公室、规划科负责同志\n记录：陈某\n"
        "会议议定：\n"
        "（一）规划科牵头，于4月30日前完成农村公路建设计划编制。\n"
        "（二）办公室负责，每季度通报重点项目进度。\n"
        "抄送：市政府办公室\n某市交通运输局办公室        2021年3月10日印发\n"
    )
    data = read(text)
    got = items(data)
    assert [i["number"] for i in got] == ["（一）", "（二）"]
    assert [(i["lead"], due(i)) for i in got] == [
        (["规划科"], "2021-04-30"),
        (["办公室"], "quarterly"),
    ]
    assert "抄送" not in got[1]["body"] and "印发" not in got[1]["body"]


TRADITIONAL = """某縣人民政府常務會議紀要
2025年3月2日
一、關於農村供水工程的事項
會議聽取了縣水利局的匯報。
會議認為，農村供水工程關係群眾切身利益。
會議決定，由縣水利局牽頭，縣財政局配合，於5月底前完成農村供水管網改造。
"""


def test_traditional_minutes_are_read_and_shown_in_their_own_characters() -> None:
    data = read(TRADITIONAL)
    assert data["document_kind"] == "minutes"
    got = items(data)
    assert len(got) == 1
    # The topic is the task (issue 13's decision), in the document's own characters.
    assert got[0]["title"] == "關於農村供水工程的事項"
    assert got[0]["body"].startswith("由縣水利局牽頭")
    assert (got[0]["lead"], got[0]["cooperating"], due(got[0])) == (
        ["縣水利局"],
        ["縣財政局"],
        "2025-05-31",
    )
    assert "會議決定" in got[0]["reason"] and "關於農村供水工程的事項" in got[0]["reason"]


@pytest.mark.parametrize(
    ("title", "cue"),
    [
        ("某区城市更新项目现场办公会纪要", "现场议定"),
        ("关于化解信访积案的专题会议纪要", "会议还要求"),
        ("县政府第8次常务会议纪要", "经研究，会议决定"),
        ("某区司法局局长办公会议纪要", "会议一致同意"),
        ("某镇镇长办公会纪要", "会议研究决定"),
    ],
)
def test_the_kinds_of_meeting_and_of_cue(title: str, cue: str) -> None:
    text = f"{title}\n2025年7月1日\n{cue}，由城建办牵头，财政所配合，于9月底前完成项目验收。\n"
    data = read(text)
    assert data["document_kind"] == "minutes"
    got = items(data)
    assert [(i["lead"], i["cooperating"], due(i)) for i in got] == [
        (["城建办"], ["财政所"], "2025-09-30")
    ]


@pytest.mark.parametrize(
    ("item", "lead", "cooperating", "when"),
    [
        ("县发改局负责，8月底前完成项目申报。", ["县发改局"], [], "2025-08-31"),
        ("完善项目库建设（责任单位：县发改局、县财政局）。", ["县发改局", "县财政局"], [], None),
        # A comma between units is no label's end.
        ("完善项目库建设（责任单位：县发改局，县财政局）。", ["县发改局", "县财政局"], [], None),
        (
            "完善项目库建设（牵头单位：县发改局；完成时限：2025年10月底）。",
            ["县发改局"],
            [],
            "2025-10-31",
        ),
        ("会议责成县市场监管局于8月15日前拿出整改方案。", ["县市场监管局"], [], "2025-08-15"),
    ],
)
def test_ways_an_item_names_who_leads_and_by_when(
    item: str, lead: list[str], cooperating: list[str], when: str | None
) -> None:
    text = f"县政府专题会议纪要\n2025年7月1日\n会议议定：\n1.{item}\n"
    got = items(read(text))
    assert [(i["lead"], i["cooperating"], due(i)) for i in got] == [(lead, cooperating, when)]


# --- texts of the same shape that are not minutes -----------------------------------------

NEWS = [
    # A news item telling a meeting, its requirements in the minutes' own words.
    "我县召开城区停车设施建设专题会议\n"
    "4月7日下午，县长张某主持召开专题会议，研究城区停车设施建设工作。\n"
    "会议听取了县住建局关于前期工作的汇报。\n"
    "会议要求，由县住建局牵头，县自然资源局配合，于6月底前完成项目立项。\n"
    "会议强调：1.要压实工作责任；2.要加强督导检查。\n",
    # Without a dateline: the headline, who chaired, then the meeting's words.
    "县政府召开第12次常务会议\n"
    "会议由县长张某主持。会议听取了县教育局关于校舍安全的汇报。\n"
    "会议决定，县财政安排200万元用于校舍维修加固，县教育局负责，9月10日前完成。\n"
    "会议要求，各乡镇要在8月底前完成校舍隐患排查。\n",
    # A news item quoting the minutes it will issue.
    "市政府召开防汛工作专题会\n"
    "5月19日，市政府召开防汛工作专题会议，副市长李某出席并讲话。\n"
    "会议要求：一是市水利局要在5月底前完成隐患整治；二是市应急局要补充防汛物资。\n"
    "会后将印发会议纪要，明确责任分工。\n",
]

INTERPRETATIONS = [
    "《关于印发全县安全生产专项整治任务分工方案的通知》政策解读\n"
    "一、出台背景\n为贯彻落实上级部署，县政府办公室印发了任务分工方案。\n"
    "二、主要内容\n方案明确了五个方面18项重点任务。如危化品企业隐患排查由县应急局牵头，"
    "县公安局配合，于6月底前完成。\n"
    "三、工作要求\n各乡镇、各部门要按照分工抓好落实，每季度报送进展情况。\n",
    "关于《某县政府常务会议纪要》有关事项的解读\n"
    "一、会议议定了哪些事项\n会议决定，由县住建局牵头，于6月底前完成停车场项目立项。\n"
    "二、群众关心的问题\n停车场建成后将实行差异化收费。\n",
    "一图读懂《某市重点任务分工方案》\n"
    "1.由市发改委牵头，市财政局配合，于9月底前完成项目储备。\n"
    "2.由市住建局负责，年底前完成老旧小区改造。\n",
]


@pytest.mark.parametrize("text", NEWS + INTERPRETATIONS)
def test_news_of_a_meeting_and_interpretations_yield_nothing(text: str) -> None:
    data = read(text)
    assert data["document_kind"] != "minutes"
    assert data["plan_section"] is None and data["problem_section"] is None


# --- the rules' further shapes, each beside a text of the same shape that stays silent -------


def test_unnumbered_requirements_one_a_paragraph_after_the_cue() -> None:
    text = (
        "某县安全生产专题会议纪要\n2025年5月6日\n会议要求：\n"
        "各乡镇要在6月底前完成自建房安全排查。\n"
        "县应急局要每月通报排查整治进度。\n"
        "县人民政府办公室 2025年5月6日\n"
    )
    got = items(read(text))
    assert [(i["title"][:6], due(i)) for i in got] == [
        ("各乡镇要在6", "2025-06-30"),
        ("县应急局要每", "monthly"),
    ]
    assert "“会议要求”下的段落" in got[0]["reason"]


def test_the_line_after_a_decision_naming_who_carries_it_out_joins_it() -> None:
    text = (
        "某县政府常务会议纪要\n2025年3月4日\n"
        "会议原则同意《县城污水管网改造实施方案》。\n"
        "由县住建局牵头，县财政局配合，于10月底前完成一期工程。\n"
        "该项目总投资1.2亿元，分两期实施。\n"
    )
    got = items(read(text))
    assert len(got) == 1
    assert (got[0]["lead"], got[0]["cooperating"], due(got[0])) == (
        ["县住建局"],
        ["县财政局"],
        "2025-10-31",
    )
    # A statement of fact after it directs nothing: neither joined nor a task.
    assert "总投资" not in got[0]["body"]


def test_sub_points_under_an_agreed_item_are_its_body() -> None:
    text = (
        "某区城市更新现场办公会纪要\n2025年8月2日\n会议议定：\n"
        "（一）加快老旧小区改造。由区住建局牵头，于11月底前完成。\n"
        "1.完成雨污分流改造；\n2.完成外立面整治。\n"
        "（二）推进背街小巷整治。区城管局负责，年底前完成。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["（一）", "（二）"]
    assert "雨污分流" in got[0]["body"] and "外立面" in got[0]["body"]
    assert [i["lead"] for i in got] == [["区住建局"], ["区城管局"]]


def test_a_view_and_a_decision_in_one_paragraph() -> None:
    text = (
        "某县政府常务会议纪要\n2025年3月4日\n"
        "会议还听取了县发改局关于物流园项目的汇报。会议认为，该项目十分必要。"
        "会议决定，由县发改局牵头，于7月底前完成可研批复。\n"
    )
    data = read(text)
    got = items(data)
    # The paragraph opens with its matter, the topic and so the task's title (issue 13's
    # decision; the decision was the title before).
    assert [i["title"] for i in got] == ["会议还听取了县发改局关于物流园项目的汇报"]
    assert got[0]["body"] == "由县发改局牵头，于7月底前完成可研批复。"
    assert (got[0]["lead"], due(got[0])) == (["县发改局"], "2025-07-31")
    assert "“会议认为/指出”（1段）" in data["plan_section"]["reason"]


def test_the_title_is_the_line_naming_the_minutes_with_the_body_above_it() -> None:
    text = (
        "某市交通运输局\n局长办公会议纪要\n〔2021〕第2号\n2021年3月9日\n"
        "会议明确，由规划科牵头，于4月30日前完成农村公路建设计划编制。\n"
    )
    assert read(text)["title"] == "某市交通运输局局长办公会议纪要"


@pytest.mark.parametrize(
    "item",
    [
        "各乡镇要对本辖区校舍安全切实负责，8月底前完成排查。",  # no office before 负责
        "会议责成有关方面于8月15日前拿出整改方案。",  # no office charged
        "2.5万亩高标准农田于6月底前完成建设。",  # a decimal, no point number
        "由于县财政局资金紧张，项目于6月底前暂缓。",  # '由于', not '由'
    ],
)
def test_phrases_like_an_assignment_that_name_no_lead(item: str) -> None:
    text = f"县政府专题会议纪要\n2025年7月1日\n会议要求，{item}\n"
    got = items(read(text))
    assert [(i["number"], i["lead"]) for i in got] == [(None, [])]


def test_a_report_on_interpretation_work_is_still_read() -> None:
    text = (
        "某区政务公开和政策宣传解读工作报告\n"
        "一、工作开展情况\n今年以来，我区围绕重大政策开展宣传解读20余次。\n"
        "二、下一步工作计划\n（一）加强政策解读队伍建设。每季度开展一次培训。\n"
    )
    data = read(text)
    assert plans(data) == ["加强政策解读队伍建设"]


# --- the second round: how government minutes published online are commonly written --------

PUBLISHED = """某县人民政府
常务会议纪要
第7期
某县人民政府办公室                2025年9月12日
时间：2025年9月10日上午
地点：县政府第一会议室
2025年9月10日，县长张某主持召开县政府第15次常务会议，研究了以下事项。现纪要如下：
一、审议《某县农村生活垃圾治理办法（送审稿）》
会议审议并原则通过《某县农村生活垃圾治理办法（送审稿）》，由县司法局按程序印发实施。
二、传达学习全省安全生产电视电话会议精神
会议听取了县应急局关于近期安全生产工作的汇报，原则同意县应急局提出的冬春火灾防控方案，要求县消防救援大队每月通报火灾隐患整改情况。
会议指出，做好冬春火灾防控是当前的首要任务。
三、研究县城供暖问题
为确保按时供暖，会议决定，由县住建局牵头，于10月31日前完成供暖管网检修。
会议要求：
第一，县供热公司要在10月15日前完成设备调试；
第二，县市场监管局要加强供暖收费监管。
各有关单位要按照会议要求，认真抓好落实。
（此件公开发布）
发：各乡镇人民政府，县政府各部门
"""


def test_minutes_as_published_online() -> None:
    data = read(PUBLISHED)
    assert data["document_kind"] == "minutes"
    assert data["title"] == "某县人民政府常务会议纪要"
    got = items(data)
    # One task per topic (issue 13's decision; five, one per decision and point, before).
    assert [i["title"] for i in got] == [
        "审议《某县农村生活垃圾治理办法（送审稿）》",
        "传达学习全省安全生产电视电话会议精神",
        "研究县城供暖问题",
    ]
    assert got[0]["body"].startswith("审议并原则通过《某县农") or got[0]["body"].startswith(
        "原则通过《某县农"
    )
    assert got[1]["body"].startswith("原则同意县应急局")
    assert got[2]["body"].split("\n")[0].startswith("由县住建局牵头，")
    assert "\n县供热公司要在10月15日前" in got[2]["body"]
    assert got[0]["lead"] == ["县司法局"] and due(got[1]) == "monthly"
    assert (got[2]["lead"], due(got[2])) == (["县住建局"], "2025-10-31")
    assert "县应急局关于近期安全生产工作的汇报" not in got[1]["body"]
    assert "“会议听取”后的“原则同意”" in got[1]["reason"]
    assert "传达学习全省安全生产电视电话会议精神" in got[1]["reason"]
    # '首要任务' directs nothing; the closing call, the publication and distribution lines
    # are no tasks, and are not folded into the last point.
    text = " ".join(f"{i['title']} {i['body']}" for i in got)
    assert "首要任务" not in text and "认真抓好落实" not in text and "公开发布" not in text
    assert "各乡镇人民政府" not in text


def test_a_heard_report_with_nothing_decided_after_its_comma_is_no_task() -> None:
    text = (
        "某县人民政府常务会议纪要\n2025年9月12日\n"
        "会议听取了县统计局关于前三季度经济运行情况的汇报，对各部门的工作给予肯定。\n"
        "会议要求，县发改局要在10月底前完成四季度重点项目调度。\n"
    )
    assert [i["title"][:6] for i in items(read(text))] == ["县发改局要在"]


def test_separate_yiyao_points_and_a_plain_list_that_stops_at_names() -> None:
    text = (
        "某镇党政联席会议纪要\n2025年6月3日\n会议强调：\n"
        "一要压实河长责任，各村每周巡河一次；\n二要加快污水管网建设，9月底前完工。\n"
        "关于秋粮收购\n会议要求，\n"
        "镇农业站要在10月底前完成秋粮收购监测。\n"
        "张某 李某 王某\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["一要", "二要", None]
    # '关于秋粮收购' is a topic: its requirement is its body (issue 13's decision).
    assert got[2]["title"] == "关于秋粮收购"
    assert got[2]["body"] == "镇农业站要在10月底前完成秋粮收购监测。"


@pytest.mark.parametrize(
    "title",
    [
        "图文解读：《某县安全生产专项整治任务分工方案》",
        "《某市重点任务分工方案》答记者问",
    ],
)
def test_more_interpretation_titles_yield_nothing(title: str) -> None:
    text = (
        f"{title}\n一、出台背景\n为贯彻落实上级部署，制定本方案。\n"
        "二、主要任务\n（一）开展隐患排查。由县应急局牵头，于6月底前完成。\n"
        "（二）加强执法检查。由县市场监管局负责，每季度通报进展。\n"
    )
    data = read(text)
    assert data["plan_section"] is None and data["problem_section"] is None


# --- the third round: a provincial 专题会议纪要, bracketed assignments, a report about minutes ---

PROVINCIAL = """省人民政府专题会议纪要
〔2022〕45号
关于研究推进沿江公路项目建设有关问题的会议纪要
2022年6月8日，副省长李某主持召开专题会议，研究推进沿江公路项目建设有关问题。纪要如下：
会议听取了省交通运输厅关于项目进展情况的汇报，经研究，议定以下事项：
一、加快项目前期工作。省交通运输厅7月底前完成项目工可报告审查。
二、强化资金保障。（责任单位：省财政厅，配合单位：省交通运输厅，完成时限：2022年9月底前）
三、关于征地拆迁问题。
参加会议人员：省交通运输厅、省财政厅、省自然资源厅负责同志
"""


def test_a_provincial_topic_meeting_agreeing_items_after_the_hearing() -> None:
    data = read(PROVINCIAL)
    got = items(data)
    assert [i["number"] for i in got] == ["一、", "二、", "三、"]
    assert (got[0]["title"], due(got[0])) == ("加快项目前期工作。", "2022-07-31")
    assert (got[1]["lead"], got[1]["cooperating"], due(got[1])) == (
        ["省财政厅"],
        ["省交通运输厅"],
        "2022-09-30",
    )
    assert "“会议听取”后的“议定”" in got[0]["reason"]
    # The minutes' own title line is no topic; the attendance line is not joined to item 3.
    assert "议题" not in got[0]["reason"]
    assert "参加会议人员" not in got[2]["body"]


def test_a_report_on_carrying_out_minutes_is_not_minutes() -> None:
    text = (
        "关于落实县政府第5次常务会议纪要事项情况的报告\n"
        "县人民政府：\n"
        "会议明确由我局牵头推进城区停车场建设。我局已于6月完成项目立项，7月开工建设。\n"
    )
    assert read(text)["document_kind"] != "minutes"


# --- the fourth round: '议定事项' without a '会议…' cue, a spaced-out title -----------------


@pytest.mark.parametrize(
    "intro",
    ["现将会议议定事项纪要如下：", "二、议定事项", "会议议定事项如下："],
)
def test_numbered_items_after_an_agreed_matters_line(intro: str) -> None:
    text = (
        "县 政 府 专 题 会 议 纪 要\n2025年4月2日\n会议时间：2025年4月1日\n"
        "一、会议听取了县教育局关于城区学位供给情况的汇报。\n"
        f"{intro}\n"
        "（一）关于城区学校扩容问题。由县教育局牵头，县财政局配合，于8月底前完成扩容改造。\n"
        "（二）关于校车运营问题。县交通运输局负责，9月1日前完成校车线路优化。\n"
        "（联系人：县政府办 王某，电话：1234567）\n"
    )
    data = read(text)
    assert data["document_kind"] == "minutes"
    got = items(data)
    assert [(i["number"], i["lead"], due(i)) for i in got] == [
        ("（一）", ["县教育局"], "2025-08-31"),
        ("（二）", ["县交通运输局"], "2025-09-01"),
    ]
    assert "联系人" not in got[1]["body"]


def test_a_summary_line_without_agreed_matters_opens_no_list() -> None:
    text = (
        "县政府专题会议纪要\n2025年4月2日\n现纪要如下：\n"
        "一、县住建局汇报了城区停车场建设进展，项目已完成选址。\n"
        "二、会议要求，县住建局要在6月底前完成项目立项。\n"
    )
    assert [i["title"][:6] for i in items(read(text))] == ["县住建局要在"]


def test_decisions_written_without_the_meeting_as_subject() -> None:
    text = (
        "某县人民政府常务会议纪要\n2025年9月12日\n"
        "一、关于县城停车场建设的事项\n"
        "会议听取了县住建局关于停车场建设的汇报。\n"
        "原则同意《县城停车场建设方案》。由县住建局牵头，于11月底前完成招标。\n"
        "要求县交通运输局在10月底前完成周边道路交通组织设计。\n"
        "决定性的因素是资金，县财政已安排500万元。\n"
    )
    got = items(read(text))
    # One task for the topic (issue 13's decision; two before), both decisions its body.
    assert [i["title"] for i in got] == ["关于县城停车场建设的事项"]
    assert got[0]["body"].split("\n")[0].startswith("原则同意《县")
    assert got[0]["body"].split("\n")[1].startswith("要求县交通运")
    assert (got[0]["lead"], due(got[0])) == (["县住建局"], "2025-11-30")
    assert "“原则同意”开头的段落" in got[0]["reason"] and "“要求”开头的段落" in got[0]["reason"]
