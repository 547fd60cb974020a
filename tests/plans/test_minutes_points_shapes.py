"""Minutes whose points follow what the meeting pointed out ('会议指出/认为/强调…') and then
run as '一、…' headings, '一要…二要…', '（一）…' or '一是…；二是…' on one line; a view given as
the reason for the requirement after it; a numbered point that reports work already done.
Each shape beside a text of the same shape that must yield nothing or stay as it was. Every
text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, plans, read

ONSITE_LINES = [
    "会议听取了城东街道关于旧城改造进展情况的汇报。",
    "现纪要如下：",
    "会议指出，城东片区改造时间紧、任务重，对各单位既是考验，也是展示形象的机会。",
    "各相关单位必须围绕年底前完成改造这一目标，全力以赴推进各项工作。",
    "一、要全力保障安置房按期交付。",
    "城东街道要加强现场调度，增加施工力量，6月30日前完成主体工程。",
    "二、加快背街小巷环境整治。",
    "市住建局要安排专人督办，重点完成雨污分流和路面修复。",
]


def test_numbered_headings_after_what_the_meeting_pointed_out() -> None:
    text = "某市城区改造现场办公会议纪要\n2025年3月5日\n" + "\n".join(ONSITE_LINES) + "\n"
    data = read(text)
    assert data["document_kind"] == "minutes"
    got = items(data)
    assert plans(data) == ["要全力保障安置房按期交付", "加快背街小巷环境整治"]
    assert "6月30日前" in got[0]["body"] and "雨污分流" in got[1]["body"]
    assert "“会议指出”后的编号条目" in got[0]["reason"]
    # The goal paragraph between the view and the points is neither a task nor a body.
    assert all("全力以赴" not in f"{i['title']}{i['body']}" for i in got)


def test_the_same_page_run_onto_one_line_without_a_title_line() -> None:
    # A document-sharing page: the site's introduction first, the announcing line fifth.
    line = " ".join(
        [
            "城区改造现场办公会议纪要范文 会议纪要是记载会议议定事项的公文。以下内容供您参考!",
            "城区改造现场办公会议纪要范文【一】 3 月 5 日上午,副市长王某到城东片区察看旧城改造进展,"
            "并召开现场办公会。",
            "市住建局、市财政局、城东街道等单位负责人参加了会议。",
            *ONSITE_LINES,
        ]
    )
    assert plans(read(line + "\n")) == ["要全力保障安置房按期交付", "加快背街小巷环境整治"]


def test_yiyao_paragraphs_after_what_the_meeting_thought() -> None:
    text = (
        "某镇防汛工作专题会议纪要\n2025年6月2日\n"
        "6月2日，镇长李某主持召开防汛工作专题会议，镇水利站、各村负责人参加会议。现纪要如下：\n"
        "会议认为，今年汛期降雨偏多，防汛形势复杂。\n"
        "一要压实防汛责任，各村落实包村干部，6月10日前完成隐患排查。\n"
        "二要做好物资储备，镇水利站负责，6月15日前补齐沙袋、救生衣等物资。\n"
        "三要加强值班值守，汛期实行24小时值班。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["一要", "二要", "三要"]
    assert "“会议认为”后的“一是、二是”" in got[0]["reason"]


def test_paren_points_after_an_emphasis_that_directs_nothing_itself() -> None:
    text = (
        "某县营商环境工作推进会议纪要\n2025年8月6日\n"
        "会议强调，优化营商环境是今年的重点工作。\n"
        "（一）县政务服务中心要在9月底前实现企业开办一日办结。\n"
        "（二）县发改委牵头梳理涉企收费清单，10月底前向社会公布。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["（一）", "（二）"]
    assert "“会议强调”后的编号条目" in got[0]["reason"]


def test_yishi_points_on_the_line_of_what_the_meeting_pointed_out() -> None:
    text = (
        "某县秸秆禁烧工作会议纪要\n2025年10月9日\n"
        "会议指出，当前秸秆禁烧形势严峻。一是各乡镇落实网格化巡查，发现火点1小时内处置；"
        "二是县生态环境局加强督查，每周通报一次。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["一是", "二是"]


# --- of the same shapes, what must stay silent ----------------------------------------------

SHORTFALLS_POINTED_OUT = (
    "某镇防汛工作专题会议纪要\n2025年6月2日\n"
    "会议指出，当前防汛工作中还存在一些不足：\n"
    "一是部分村重视不够，巡查流于形式。\n"
    "二是物资储备不足，更新不及时。\n"
)
ACHIEVEMENTS_POINTED_OUT = (
    "某县经济运行调度会议纪要\n2025年7月9日\n"
    "会议指出，上半年全县经济运行总体平稳。\n"
    "一是完成固定资产投资5.2亿元，同比增长8%。\n"
    "二是新增城镇就业800人。\n"
    "会议指出，今年成效明显：一是完成投资5亿元；二是新增就业800人。\n"
)
NARRATIVE_POINTED_OUT = (
    "某镇人居环境整治会议纪要\n2025年4月1日\n"
    "会议指出，人居环境整治关系群众切身利益。\n"
    "今年以来，全镇已清理垃圾1200吨，改造户厕300座。\n"
    "下一阶段的工作将在下次会议研究。\n"
)


def test_shortfalls_achievements_or_narrative_after_a_view_are_no_tasks() -> None:
    for text in (SHORTFALLS_POINTED_OUT, ACHIEVEMENTS_POINTED_OUT, NARRATIVE_POINTED_OUT):
        assert items(read(text)) == [], text


def test_points_far_below_a_view_or_not_starting_at_one_are_not_its_points() -> None:
    text = (
        "某镇人居环境整治会议纪要\n2025年4月1日\n"
        "会议指出，人居环境整治关系群众切身利益。\n"
        "今年以来，全镇已清理垃圾1200吨。\n"
        "各村普遍建立了保洁队伍。\n"
        "部分村的保洁经费由村集体承担。\n"
        "一、要加快推进户厕改造。\n"
    )
    assert items(read(text)) == []
    text = (
        "某镇人居环境整治会议纪要\n2025年4月1日\n"
        "会议指出，人居环境整治关系群众切身利益。\n"
        "三、要加快推进户厕改造。\n"
    )
    assert items(read(text)) == []


def test_a_view_before_the_requirement_in_its_paragraph_is_its_reason() -> None:
    text = (
        "某市住建局局长办公会议纪要\n2025年8月13日\n"
        "会议听取了关于清洁取暖建设情况的汇报。会议指出，清洁取暖是重要的民生工作，"
        "必须按时完成。会议强调，要加强督导调度，确保8月底完工率大幅提升。\n"
    )
    data = read(text)
    # The paragraph opens with its matter, which titles the one task (issue 13's decision:
    # one task per topic; the requirement was the title before); the requirement is its body.
    assert plans(data) == ["会议听取了关于清洁取暖建设情况的汇报"]
    assert items(data)[0]["body"] == "要加强督导调度，确保8月底完工率大幅提升。"
    assert "“会议认为/指出”（1段）" in data["plan_section"]["reason"]


def test_a_directing_view_with_no_requirement_after_it_stays_a_task() -> None:
    text = (
        "某市住建局局长办公会议纪要\n2025年8月13日\n"
        "会议听取了关于清洁取暖建设情况的汇报。会议指出，清洁取暖是重要的民生工作，"
        "必须在10月底前按时完成。\n"
    )
    assert len(items(read(text))) == 1


def test_a_numbered_point_reporting_work_done_is_no_task() -> None:
    text = (
        "某镇镇长办公会议纪要\n2025年12月13日\n三、会议强调\n"
        "1、前期征地和土方卸载已全面到位，费用共计15万元，对方案进行了重新设计。\n"
        "2、成立治理工程领导小组，镇长任组长，党政办负责外围环境。\n"
        "3、要尽快做好治理的前期工作，方案评审本周完成。\n"
    )
    data = read(text)
    assert plans(data)[0].startswith("成立治理工程领导小组") and len(plans(data)) == 2
    assert "已经做完的工作（1段）" in data["plan_section"]["reason"]


def test_a_point_done_before_that_still_directs_work_stays() -> None:
    text = (
        "某镇镇长办公会议纪要\n2025年12月13日\n三、会议强调\n"
        "1、前期征地已全面到位，镇财政所负责在月底前兑付补偿款。\n"
        "2、成立治理工程领导小组，镇长任组长。\n"
    )
    assert len(items(read(text))) == 2


def test_sub_points_under_a_point_after_a_view_are_its_body() -> None:
    text = (
        "某县防汛工作会议纪要\n2025年6月2日\n"
        "会议认为，防汛工作事关群众安全。\n"
        "（一）加强隐患排查。\n1.各村排查山塘；\n2.镇水利站复核。\n"
        "（二）做好物资储备。镇应急办负责。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["（一）", "（二）"]
    assert "各村排查山塘" in got[0]["body"] and "镇水利站复核" in got[0]["body"]


def test_yishi_or_first_second_paragraphs_after_a_view() -> None:
    for first, second in (("一是", "二是"), ("首先，", "其次，")):
        text = (
            "某县防汛工作会议纪要\n2025年6月2日\n会议指出，今年汛期降雨偏多。\n"
            f"{first}各村要落实包村干部。\n{second}镇水利站要加强巡查，每周通报一次。\n"
        )
        assert len(items(read(text))) == 2, first


def test_points_after_a_view_that_exhorts_in_general_replace_it() -> None:
    text = (
        "某镇防汛工作专题会议纪要\n2025年6月2日\n"
        "会议指出，今年汛期降雨偏多，防汛形势复杂，各村务必高度重视。\n"
        "（一）压实防汛责任。各村要落实包村干部，6月10日前完成隐患排查。\n"
        "（二）做好物资储备。镇水利站负责，6月15日前补齐物资。\n"
    )
    got = items(read(text))
    assert [i["number"] for i in got] == ["（一）", "（二）"]


def test_a_decision_followed_by_points_stays_a_task_beside_them() -> None:
    text = (
        "某镇防汛工作专题会议纪要\n2025年6月2日\n"
        "会议决定，镇财政安排50万元用于防汛物资储备。\n"
        "（一）镇水利站负责，6月15日前补齐沙袋。\n"
        "（二）镇应急办负责，6月20日前完成演练。\n"
    )
    got = items(read(text))
    assert got[0]["title"].startswith("镇财政安排50万元") and len(got) == 3


ONE_LINE = (
    "镇防汛工作专题会议纪要范文 会议纪要是记载会议议定事项的公文。以下内容供您参考! "
    "6 月 2 日上午,镇长李某主持召开防汛工作专题会议,镇水利站、各村负责人参加会议。"
    "会议听取了镇水利站关于汛前准备情况的汇报。现纪要如下: 会议指出,今年汛期降雨偏多,"
    "防汛形势复杂。一要压实防汛责任,各村6月10日前完成隐患排查;二要做好物资储备,"
    "镇水利站负责补齐物资;三要加强值班值守,汛期实行24小时值班。\n"
)


def test_a_one_line_page_announcing_the_minutes_inside_its_line() -> None:
    # No '一、' headings, so the page stays one paragraph: the minutes start after '纪要如下:'.
    data = read(ONE_LINE)
    assert data["document_kind"] == "minutes"
    assert [i["number"] for i in items(data)] == ["一要", "二要", "三要"]


def test_a_line_that_only_mentions_minutes_to_come_is_not_minutes() -> None:
    text = ONE_LINE.replace("现纪要如下:", "会后将印发会议纪要。").replace(
        "会议纪要范文", "工作动态"
    )
    assert read(text)["document_kind"] != "minutes"


def test_agreed_matters_announced_inside_a_one_line_page() -> None:
    text = (
        ONE_LINE.replace(
            "现纪要如下: 会议指出,今年汛期降雨偏多,防汛形势复杂。一要压实防汛责任,",
            "现将会议议定事项纪要如下: 1.压实防汛责任,",
        )
        .replace(";二要做好", "; 2.做好")
        .replace(";三要加强", "; 3.加强")
    )
    assert [i["number"] for i in items(read(text))] == ["1.", "2.", "3."]
    assert "从行中“纪要如下”之后读起" in read(text)["plan_section"]["reason"]
