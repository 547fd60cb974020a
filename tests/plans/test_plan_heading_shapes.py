"""Plan shapes of the ninth session (engineer r13j): numbered points run into the plan's
introducing line ('…计划如下：一、夯实基础。1.…2.…3.…', sometimes with no stop between the
points), a slogan heading that names the coming year's work ('…全力以赴做好2027年工作'), and a
government work report's '对今年政府工作的建议' after a review numbered like a plan. Invented
texts; each rule has a negative that stays silent. See docs/notes/issue-13.md, section of
engineer r13j."""

from __future__ import annotations

import pytest

from tests.plans.shapes import parsed, plans

# --- numbered points in the plan's introducing line ------------------------------------------

RUN_ON_PLAN = (
    "某区文旅局2027年宣传工作计划为进一步扩大本区文旅品牌影响力，结合工作实际，制定本年度工作计划如下："
    "一、健全宣传机制，凝聚工作合力。1.压实宣传工作责任2.建立宣传联络员队伍，每季度召开一次联席会议，"
    "通报各单位信息报送情况。3.加强新媒体矩阵建设，每月开展一次选题策划，提升原创内容比重。"
)


def test_unpunctuated_numbered_points_in_the_intro_line_are_the_tasks() -> None:
    data = parsed(RUN_ON_PLAN)
    assert plans(data) == [
        "压实宣传工作责任",
        "建立宣传联络员队伍，每季度召开一次联席会议，通报各单位信息报送情况",
        "加强新媒体矩阵建设，每月开展一次选题策划，提升原创内容比重",
    ]
    reasons = {item["reason"] for item in data["plan_section"]["items"]}
    assert reasons == {"按行文中的编号“1、2、3”拆分（有的编号紧接上一项，前面没有标点）"}


def test_numbered_points_after_a_stop_in_the_intro_line_are_the_tasks() -> None:
    text = (
        "今年以来，我街道共收集居民意见42条，已办结35条。下一步，针对收集的意见，我街道将加大办理力度，"
        "具体措施是： 1、进一步完善老旧小区配套设施，加快加装电梯。 2、加强背街小巷环境整治，"
        "改善居民出行条件。 3、关心关爱独居老人，定期上门走访。"
    )
    assert plans(parsed(text)) == [
        "进一步完善老旧小区配套设施，加快加装电梯",
        "加强背街小巷环境整治，改善居民出行条件",
        "关心关爱独居老人，定期上门走访",
    ]


def test_two_unpunctuated_numbers_are_no_list() -> None:
    # Two numbers with no stop before the second may be a count ('1.完成…2.…' is rare): the
    # intro line is read as before (its clauses).
    text = "下一步，我局将重点做好以下工作：1.压实工作责任2.建立联络员队伍，完善会商机制。"
    items = plans(parsed(text))
    assert "建立联络员队伍" not in items


def test_numbers_that_are_amounts_or_dates_are_no_points() -> None:
    text = (
        "下一步，我局将重点做好以下工作：全年争取专项资金1.5亿元，完成2.3万亩高标准农田建设，"
        "力争3月底前全面开工。"
    )
    items = plans(parsed(text))
    assert all(not item.startswith(("5亿元", "3万亩")) for item in items)


# --- a slogan heading naming the coming year's work ------------------------------------------

SLOGAN_REPORT = """政府工作报告
——2027年1月12日在某县第十九届人民代表大会第二次会议上
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、过去一年工作回顾
过去一年，面对复杂严峻的形势，我们迎难而上，全县经济社会保持平稳发展。
（一）产业发展稳中有进。新签约亿元项目18个，规上工业增加值增长7.2%。
（二）城乡面貌持续改善。完成12个老旧小区改造，新建农村公路46公里。
二、奋勇争先，开拓创新，全力以赴做好2027年工作
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右。
（一）聚焦项目建设，夯实发展基础。全年实施重点项目60个以上，完成投资120亿元。
（二）聚焦乡村振兴，促进农民增收。新建高标准农田3万亩，培育特色产业村10个。
（三）聚焦民生改善，增进群众福祉。新增城镇就业3500人，新建养老服务中心2个。
（四）聚焦安全稳定，守牢风险底线。深化安全生产治本攻坚，化解重点领域风险。
各位代表！让我们在县委的坚强领导下，埋头苦干，奋勇前进！
"""


def test_a_slogan_heading_doing_the_coming_years_work_is_the_plan() -> None:
    data = parsed(SLOGAN_REPORT)
    assert plans(data) == [
        "聚焦项目建设，夯实发展基础",
        "聚焦乡村振兴，促进农民增收",
        "聚焦民生改善，增进群众福祉",
        "聚焦安全稳定，守牢风险底线",
    ]
    assert "“全力以赴做好2027年工作”" in data["plan_section"]["reason"]
    assert data["plan_year"] == 2027


def test_a_slogan_heading_completing_the_years_targets_is_the_plan() -> None:
    text = """在全镇2027年经济工作会议上的讲话
同志们：
今天，我们召开全镇经济工作会议，总结去年工作，部署今年任务。
一、客观看待过去一年的成绩
过去一年，全镇上下团结一心，实现地区生产总值增长6.5%。
二、清醒认识当前面临的形势
当前，外部环境依然复杂，我们既要看到有利条件，也要看到困难挑战。
三、真抓实干，努力完成全年目标任务
（一）突出招商引资，全年引进亿元以上项目5个。
（二）突出农业提质，新建设施农业基地800亩。
（三）突出环境整治，完成村庄清洁行动全覆盖。
同志们，任务艰巨，使命光荣，让我们撸起袖子加油干！
"""
    data = parsed(text)
    assert plans(data) == [
        "突出招商引资，全年引进亿元以上项目5个",
        "突出农业提质，新建设施农业基地800亩",
        "突出环境整治，完成村庄清洁行动全覆盖",
    ]
    assert "“努力完成全年目标任务”" in data["plan_section"]["reason"]


def test_a_review_heading_about_the_years_work_done_is_no_plan() -> None:
    text = """某县2026年政府工作总结
一、过去一年，我们全力以赴做好2026年各项工作
（一）产业发展稳中有进。新签约亿元项目18个。
（二）城乡面貌持续改善。完成12个老旧小区改造。
二、圆满完成全年目标任务
全县生产总值增长6%，各项指标均完成年初目标。
（一）财政收入稳步增长。
（二）民生投入持续加大。
"""
    assert plans(parsed(text)) == []


def test_the_reported_years_work_in_a_slogan_heading_is_no_plan() -> None:
    text = """某县2026年工作总结
一、凝心聚力，全力以赴做好2026年工作
（一）产业发展稳中有进。新签约亿元项目18个。
（二）城乡面貌持续改善。完成12个老旧小区改造。
"""
    assert plans(parsed(text)) == []


def test_a_news_item_quoting_the_slogan_gives_nothing() -> None:
    text = """某县召开经济工作会议 全力以赴做好2027年工作
本报讯（记者 王某）1月8日，某县召开2027年经济工作会议。县委书记李某出席会议并讲话。
会议强调，要奋勇争先，开拓创新，全力以赴做好2027年工作。会议要求，各乡镇、各部门要聚焦项目建设，
狠抓工作落实，确保实现一季度“开门红”。
"""
    data = parsed(text)
    assert plans(data) == []


# --- '对今年政府工作的建议' after a review numbered like a plan ---------------------------------

TERM_REPORT = """政府工作报告
——2028年3月5日在某省第十五届人民代表大会第一次会议上
省长 王某
各位代表：
本届政府任期即将结束。现在，我代表省人民政府，向大会报告工作，请予审议。
一、过去一年和五年工作回顾
2027年是极不平凡的一年。面对多重困难挑战，全省经济保持恢复发展，地区生产总值增长5.1%。
过去五年，我们坚持稳中求进工作总基调，推动全省经济社会发展取得新成就。
（一）创新宏观调控，保持经济运行在合理区间。坚持实施积极的财政政策，累计减税降费800亿元。
（二）深化重点领域改革，激发市场主体活力。推进“放管服”改革，新增市场主体120万户。
（三）加强生态环境保护，促进绿色低碳发展。PM2.5平均浓度下降18%。
各位代表！五年来的成绩来之不易。
二、对今年政府工作的建议
今年是全面落实省第十二次党代会部署的开局之年。今年发展主要预期目标是：地区生产总值增长5.5%左右。
（一）着力扩大有效需求。把恢复和扩大消费摆在优先位置，政府投资重点支持交通、水利等领域。
（二）加快建设现代化产业体系。实施制造业重点产业链高质量发展行动，培育专精特新企业300家。
（三）切实保障和改善民生。落实就业优先政策，城镇新增就业60万人以上。
各位代表！让我们奋发有为，为全面建设现代化强省而努力奋斗！
"""

TERM_PLAN = [
    "着力扩大有效需求。",
    "加快建设现代化产业体系。",
    "切实保障和改善民生。",
]


def test_proposals_for_this_years_work_in_a_report_given_that_year_are_the_plan() -> None:
    data = parsed(TERM_REPORT)
    assert [item["title"] for item in data["plan_section"]["items"]] == TERM_PLAN
    assert data["plan_year"] == 2028
    assert "“今年”是报告所作的2028年" in data["plan_section"]["reason"]


def test_proposals_for_this_years_government_work_without_a_date_are_the_plan() -> None:
    text = TERM_REPORT.replace("——2028年3月5日在某省第十五届人民代表大会第一次会议上\n", "")
    data = parsed(text)
    assert [item["title"] for item in data["plan_section"]["items"]] == TERM_PLAN


def test_this_years_work_in_a_report_written_at_its_end_is_no_plan() -> None:
    text = """某局2027年工作总结
（2027年12月20日）
一、今年重点工作安排
（一）抓好项目建设。全年完成投资12亿元。
（二）抓好安全生产。全年未发生较大事故。
二、存在的问题
（一）项目储备不足。
（二）专业人才缺乏。
"""
    assert plans(parsed(text)) == []


def _speech_with_part(heading: str) -> str:
    return f"""在全县经济工作会议上的讲话
（2027年1月10日）
同志们：
今天，我们召开全县经济工作会议，总结去年工作，部署今年任务。
一、客观看待过去一年的成绩
过去一年，全县实现地区生产总值增长6.5%，一般公共预算收入增长5%。
{heading}
（一）突出招商引资，全年引进亿元以上项目5个。
（二）突出农业提质，新建设施农业基地800亩。
（三）突出环境整治，完成村庄清洁行动全覆盖。
"""


@pytest.mark.parametrize(
    "heading",
    [
        "二、坚定信心，确保全年目标任务圆满完成",
        "二、锚定目标，奋力完成2027年经济社会发展各项目标任务",
        "二、聚焦主责主业，扎实做好2027年招商引资工作",
    ],
)
def test_other_wordings_of_the_order_are_the_plan(heading: str) -> None:
    data = parsed(_speech_with_part(heading))
    assert len(plans(data)) == 3 and plans(data)[0] == "突出招商引资，全年引进亿元以上项目5个"


@pytest.mark.parametrize(
    "heading",
    [
        "二、坚定信心，全年目标任务圆满完成",
        "二、圆满完成全年目标任务",
        "二、全面完成2026年各项目标任务",
        "二、一年来，全力以赴做好各项工作",
    ],
)
def test_work_reported_as_done_is_no_plan(heading: str) -> None:
    text = _speech_with_part(heading).replace(
        "在全县经济工作会议上的讲话\n（2027年1月10日）", "某县2026年工作总结"
    )
    assert plans(parsed(text)) == []


def test_a_meeting_titled_with_the_year_it_plans_still_reads_the_slogan_heading() -> None:
    # The meeting's year in the title ('在2027年…会议上') is the year planned, not the year
    # reviewed: a part looking back at '过去一年' before a part ordering 2027's work says so.
    text = _speech_with_part("二、奋勇争先，全力以赴做好2027年各项工作").replace(
        "在全县经济工作会议上的讲话\n（2027年1月10日）", "在2027年全县经济工作会议上的讲话"
    )
    data = parsed(text)
    assert len(plans(data)) == 3
    assert data["plan_year"] == 2027
    assert "回顾上一年" in data["plan_section"]["reason"]


def test_a_review_without_a_year_and_no_later_year_keeps_the_titles_year() -> None:
    text = """某县2027年工作总结
一、过去一年工作回顾
（一）产业发展稳中有进。新签约亿元项目18个。
（二）城乡面貌持续改善。完成12个老旧小区改造。
二、下一步工作打算
（一）抓好项目建设。
（二）抓好民生保障。
"""
    data = parsed(text)
    assert data["report_year"] == 2027 and data["plan_year"] == 2028


# --- an answer to the problems whose subject is the office's name, its tasks between means -----

OPEN_GOVERNMENT_REPORT = """某街道2026年政府信息公开工作年度报告
五、存在的主要问题及改进情况
2026年，街道政府信息公开工作在肯定成绩的同时，也清醒看到存在的不足：一是信息发布的时效性有待提高；二是政策解读形式较为单一。
针对以上不足，2027年某街道政府信息公开工作将始终坚持以群众需求为导向，依托社区网格员队伍，开设政务公开体验专区，在现有公开栏的基础上，发挥政务新媒体作用，拓展图解视频等解读形式，并增设便民查阅点，满足群众查阅需求。
六、其他需要报告的事项
本单位无其他需要报告的事项。
"""


def test_an_answer_naming_the_office_gives_its_tasks_between_means_and_aims() -> None:
    data = parsed(OPEN_GOVERNMENT_REPORT)
    assert plans(data) == ["开设政务公开体验专区", "拓展图解视频等解读形式", "增设便民查阅点"]
    assert [item["body"] for item in data["plan_section"]["items"]][-1] == "满足群众查阅需求"


def test_an_answer_of_means_and_a_general_aim_gives_no_task() -> None:
    text = OPEN_GOVERNMENT_REPORT.replace(
        "针对以上不足，2027年某街道政府信息公开工作将始终坚持以群众需求为导向，依托社区网格员队伍，"
        "开设政务公开体验专区，在现有公开栏的基础上，发挥政务新媒体作用，拓展图解视频等解读形式，"
        "并增设便民查阅点，满足群众查阅需求。",
        "针对以上不足，2027年某街道政府信息公开工作将始终坚持以群众需求为导向，依托社区网格员队伍，"
        "在现有工作的基础上，发挥政务新媒体作用，不断满足群众需求。",
    )
    assert plans(parsed(text)) == []


# --- a one-sentence paragraph mentioning '微信公众号' is report text -----------------------------

NEW_MEDIA_PLAN = """某镇2026年政务公开工作总结
一、主要工作
全年主动公开政府信息320条。
二、下一步工作打算
一是健全政务公开工作机制，明确专人负责信息审核发布。
二是加强镇政府微信公众号和政务微博建设，每周推送政策解读不少于两篇，及时回应群众关切，提升政务信息的传播力和影响力。
三是强化业务培训，每半年组织一次政务公开专题培训。
"""


def test_a_one_sentence_task_mentioning_the_wechat_account_is_kept() -> None:
    assert plans(parsed(NEW_MEDIA_PLAN)) == [
        "健全政务公开工作机制，明确专人负责信息审核发布",
        "加强镇政府微信公众号和政务微博建设，每周推送政策解读不少于两篇，及时回应群众关切，"
        "提升政务信息的传播力和影响力",
        "强化业务培训，每半年组织一次政务公开专题培训",
    ]


def test_a_footer_line_with_the_wechat_account_is_still_furniture() -> None:
    footer = (
        "主办：某镇人民政府办公室，承办：某镇党政综合办公室，联系电话：0000-1234567，"
        "微信公众号：某镇发布，地址：某镇人民路1号，欢迎关注。"
    )
    assert plans(parsed(NEW_MEDIA_PLAN + footer + "\n")) == plans(parsed(NEW_MEDIA_PLAN))


def test_a_slogan_part_opening_with_this_year_after_the_review_is_the_plan() -> None:
    # Neither year nor plan word in the heading: the part opens '今年是…' in a report delivered
    # the year after the one its first part opens with ('2027年是…').
    text = TERM_REPORT.replace("二、对今年政府工作的建议", "二、奋力开创现代化建设新局面")
    data = parsed(text)
    assert [item["title"] for item in data["plan_section"]["items"]] == TERM_PLAN
    assert "“今年是”" in data["plan_section"]["reason"]
    assert data["plan_year"] == 2028


def test_a_part_opening_with_this_year_in_an_undated_report_is_no_plan() -> None:
    text = TERM_REPORT.replace("二、对今年政府工作的建议", "二、奋力开创现代化建设新局面")
    text = text.replace("——2028年3月5日在某省第十五届人民代表大会第一次会议上\n", "")
    assert plans(parsed(text)) == []


# --- numbered points in one paragraph under a plan heading -----------------------------------

UNDER_HEADING = """某局2026年工作总结
一、主要工作
全年办理群众来信120件，办结率100%。
二、2027年工作计划
{points}
"""
POINTS = [
    "强化组织领导与责任落实",
    "健全政务公开领导小组，实行三级责任机制，定期督查整改情况",
    "加强队伍建设，每季度组织业务培训",
]


@pytest.mark.parametrize(
    "points",
    [
        # the points alone, a number straight after the words before it
        "1.强化组织领导与责任落实2.健全政务公开领导小组，实行三级责任机制，定期督查整改情况。"
        "3.加强队伍建设，每季度组织业务培训。",
        # after the introduction, in the same paragraph
        "2027年，我局将重点做好以下工作：1.强化组织领导与责任落实。2.健全政务公开领导小组，"
        "实行三级责任机制，定期督查整改情况。3.加强队伍建设，每季度组织业务培训。",
        "2027年，我局将重点做好以下工作：1.强化组织领导与责任落实2.健全政务公开领导小组，"
        "实行三级责任机制，定期督查整改情况。3.加强队伍建设，每季度组织业务培训。",
    ],
)
def test_numbered_points_in_one_paragraph_under_a_plan_heading_are_the_tasks(points: str) -> None:
    data = parsed(UNDER_HEADING.format(points=points))
    assert [title.rstrip("。") for title in plans(data)] == POINTS


def test_amounts_in_a_numbered_line_are_no_points() -> None:
    text = UNDER_HEADING.format(
        points="1.全年争取专项资金1.5亿元，完成2.3万亩高标准农田建设，新建道路3.5公里。"
    )
    assert plans(parsed(text)) == [
        "全年争取专项资金1.5亿元，完成2.3万亩高标准农田建设，新建道路3.5公里"
    ]
