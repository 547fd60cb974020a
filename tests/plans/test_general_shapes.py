"""General mechanisms, not fitted to any document: problems recognised by the vocabulary of
shortfall in an enumeration under the writer's own admission, wherever it sits; plan items
recognised by future and imperative vocabulary after a forward-looking marker, including a
document that is itself a plan. Every text here is invented; each mechanism has negatives
(findings about inspected bodies, evaluations of others, achievements, remedies) that must
stay silent. See docs/notes/issue-13.md, section of engineer r13c."""

from __future__ import annotations

from plans.parsing import _is_plan_preamble, _is_turn, _names_shortfall, is_chrome
from tests.plans.shapes import parsed, plans, problems

# --- 1. an admission naming its shortfalls in one '、' list ('还存在A、B、C等问题') -----------

INLINE_ADMISSION = """某县水利局2025年工作总结
今年以来，在县委、县政府的正确领导下，我局各项工作取得了明显成效。但也要看到，我局工作还存在着专业人员力量不足、业务能力不高、制度建设不全、督促落实不力等困难和问题，需要在今后工作中认真加以解决。
一、主要工作成效
（一）水利工程建设加快。全年完成投资2.3亿元。
（二）河湖管理不断加强。全面落实河长制。
二、2026年工作打算
（一）加快推进灌区改造。
（二）持续抓好河湖长制。
某县水利局
2025年12月20日
"""


def test_an_admission_listing_shortfalls_with_dunhao_gives_one_problem_each() -> None:
    data = parsed(INLINE_ADMISSION)
    assert problems(data) == ["专业人员力量不足", "业务能力不高", "制度建设不全", "督促落实不力"]
    assert "等困难和问题" in data["problem_section"]["reason"]
    assert plans(data) == ["加快推进灌区改造", "持续抓好河湖长制"]


def test_the_same_list_without_deng_after_a_but() -> None:
    text = INLINE_ADMISSION.replace(
        "但也要看到，我局工作还存在着专业人员力量不足、业务能力不高、制度建设不全、督促落实不力等困难和问题，",
        "但我局仍存在基层站所力量薄弱、工程管护机制不健全的问题，",
    )
    assert problems(parsed(text)) == ["基层站所力量薄弱", "工程管护机制不健全"]


def test_findings_about_inspected_bodies_are_not_the_writers_problems() -> None:
    text = INLINE_ADMISSION.replace(
        "但也要看到，我局工作还存在着专业人员力量不足、业务能力不高、制度建设不全、督促落实不力等困难和问题，需要在今后工作中认真加以解决。",
        "全年开展专项检查12轮，共发现涉水企业台账不规范、应急预案不健全、巡查记录缺失等问题56个，已全部督促整改。",
    )
    assert problems(parsed(text)) == []


def test_an_evaluation_of_others_is_not_the_writers_admission() -> None:
    text = """法治政府建设评估报告摘要
评估结果显示，各地法治政府建设取得了长足进步。同时，部分被评估城市仍然存在法治引领作用未充分体现、依法行政考核落实力度不强、行政执法规范化水平不高等问题。项目组针对上述问题提出了改进建议。
"""
    data = parsed(text)
    assert problems(data) == []
    assert plans(data) == []


def test_a_remedy_naming_difficulties_is_no_admission() -> None:
    text = INLINE_ADMISSION.replace(
        "但也要看到，我局工作还存在着专业人员力量不足、业务能力不高、制度建设不全、督促落实不力等困难和问题，需要在今后工作中认真加以解决。",
        "我局着力解决群众反映的饮水不安全、灌溉设施老化、排涝能力不足等问题，全年办结诉求300件。",
    )
    assert problems(parsed(text)) == []


# --- 2. an admission sentence followed by numbered points that each name a shortfall ---------

ADMISSION_THEN_POINTS = """某镇2025年工作总结
一、工作开展情况
（一）经济发展稳中有进。全年实现地区生产总值12亿元。
（二）民生保障持续改善。新建村级养老服务站3个。
在肯定成绩的同时，我们也清醒地认识到，当前工作中还存在一些问题和不足。
（三）产业结构不够优化。工业占比偏低，农业仍以传统种植为主，新兴产业规模小。
（四）基础设施建设滞后。部分村组道路狭窄，雨污管网覆盖率不高。
（五）干部队伍活力有待增强。少数干部担当精神不足。
二、2026年工作思路
（一）着力推动产业转型。
（二）加快补齐基础设施短板。
"""


def test_numbered_points_after_an_admission_sentence_are_problems_wherever_they_sit() -> None:
    data = parsed(ADMISSION_THEN_POINTS)
    assert problems(data) == ["产业结构不够优化", "基础设施建设滞后", "干部队伍活力有待增强"]
    assert "问题和不足" in data["problem_section"]["reason"]
    assert plans(data) == ["着力推动产业转型", "加快补齐基础设施短板"]


def test_points_after_an_admission_in_arabic_numbers_with_their_own_paragraphs() -> None:
    text = """某街道2025年工作总结
一年来，街道各项工作取得了一定成绩，但对照群众期盼，仍有不少差距和不足。
1、社区服务功能不够完善。
部分社区用房面积偏小，服务项目单一。
2、网格化管理不够精细。
网格员队伍流动性大，信息采集不及时。
3、安全生产基础仍然薄弱。
三、下一步工作打算
1、持续完善社区服务功能。
2、深化网格化管理。
"""
    data = parsed(text)
    assert problems(data) == ["社区服务功能不够完善", "网格化管理不够精细", "安全生产基础仍然薄弱"]


def test_achievements_after_an_admission_sentence_are_no_problems() -> None:
    # The points after the admission are what was done about it, in achievement words.
    text = ADMISSION_THEN_POINTS.replace(
        "（三）产业结构不够优化。工业占比偏低，农业仍以传统种植为主，新兴产业规模小。\n"
        "（四）基础设施建设滞后。部分村组道路狭窄，雨污管网覆盖率不高。\n"
        "（五）干部队伍活力有待增强。少数干部担当精神不足。\n",
        "（三）加强产业培育。引进企业5家。\n（四）完善基础设施。新修道路12公里。\n",
    )
    assert problems(parsed(text)) == []


def test_findings_of_an_inspection_after_an_admission_are_not_the_writers() -> None:
    text = ADMISSION_THEN_POINTS.replace(
        "在肯定成绩的同时，我们也清醒地认识到，当前工作中还存在一些问题和不足。",
        "检查中发现，部分企业还存在一些问题和不足。",
    )
    assert problems(parsed(text)) == []


# --- 3. a document that is itself a plan: its task headings are the plan ---------------------

PLAN_DOCUMENT = """某镇2026年工作计划
一、工作思路
坚持稳中求进工作总基调，以高质量发展为主线，推动全镇经济社会持续健康发展。
二、工作重点
1、狠抓项目建设。全力推进食品产业园二期建设，力争年内投产。
2、持续发展特色农业。一是加快现代农业示范园建设；二是积极培育家庭农场；三是推进稻虾共养基地建设。
3、扎实推进乡村建设。加快便民服务中心建设，完善配套设施。
4、切实维护社会稳定。我们要进一步做好矛盾纠纷排查化解工作。
"""


def test_in_a_plan_document_the_task_heading_is_the_plan_and_the_aim_is_no_task() -> None:
    data = parsed(PLAN_DOCUMENT)
    assert plans(data) == [
        "狠抓项目建设",
        "加快现代农业示范园建设",
        "积极培育家庭农场",
        "推进稻虾共养基地建设",
        "扎实推进乡村建设",
        "切实维护社会稳定",
    ]
    assert "全文是工作计划" in data["plan_section"]["reason"]
    assert problems(data) == []


def test_a_repost_title_line_before_the_first_heading_makes_a_plan_document() -> None:
    text = PLAN_DOCUMENT.replace(
        "某镇2026年工作计划\n",
        "做好工作计划十分重要，以下是小编为大家整理的乡镇工作计划范文，欢迎阅读参考。\n"
        "乡镇2026年工作计划篇1\n",
    )
    assert plans(parsed(text))[:2] == ["狠抓项目建设", "加快现代农业示范园建设"]


def test_a_summary_with_a_work_focus_heading_is_not_a_plan_document() -> None:
    # '工作重点' in a year-end summary describes the year's work.
    text = PLAN_DOCUMENT.replace("某镇2026年工作计划", "某镇2025年工作总结").replace(
        "狠抓项目建设。全力推进", "狠抓项目建设。全年完成了"
    )
    assert not {"狠抓项目建设", "扎实推进乡村建设"} & set(plans(parsed(text)))


def test_a_plan_document_whose_top_headings_are_the_tasks() -> None:
    text = """某县司法局2026年法治政府建设工作要点
2026年是“十五五”开局之年，全县法治政府建设工作要以习近平法治思想为指导，重点抓好以下工作。
一、深入学习贯彻习近平法治思想
把习近平法治思想纳入党委理论学习中心组学习重点内容。
二、持续优化法治化营商环境
全面落实公平竞争审查制度，清理妨碍统一市场的政策措施。
三、加快推进严格规范公正文明执法
全面推行行政执法“三项制度”。
四、组织保障
各单位要高度重视，明确责任分工。
"""
    data = parsed(text)
    assert plans(data) == [
        "深入学习贯彻习近平法治思想",
        "持续优化法治化营商环境",
        "加快推进严格规范公正文明执法",
    ]
    assert "全文是工作计划" in data["plan_section"]["reason"]


def test_a_news_item_about_a_plan_is_no_plan_document() -> None:
    text = """本报讯 近日，某县召开2026年工作计划部署会。
一、会议听取了各部门2026年工作计划汇报。
二、县长王某对下一步工作提出要求。
"""
    assert plans(parsed(text)) == []


# --- 4. a forward-looking sentence followed by numbered points of future work ---------------

FORWARD_THEN_POINTS = """某区商务局2025年工作总结
一、主要工作
（一）稳住外贸基本盘。全年进出口总额增长5%。
（二）促进消费回暖。举办促消费活动20场。
2026年，我局将继续围绕区委区政府中心工作，重点做好以下工作。
（三）加快培育外贸新业态。支持跨境电商企业建设海外仓。
（四）持续扩大消费需求。组织开展“消费季”系列活动。
（五）着力优化营商环境。深化“一网通办”改革。
"""


def test_numbered_points_after_a_forward_looking_sentence_are_the_plan() -> None:
    data = parsed(FORWARD_THEN_POINTS)
    assert plans(data) == ["加快培育外贸新业态", "持续扩大消费需求", "着力优化营商环境"]
    assert "2026年，我局将" in data["plan_section"]["reason"]


def test_points_of_work_done_after_a_forward_sentence_are_no_plan() -> None:
    text = FORWARD_THEN_POINTS.replace(
        "（三）加快培育外贸新业态。支持跨境电商企业建设海外仓。\n"
        "（四）持续扩大消费需求。组织开展“消费季”系列活动。\n"
        "（五）着力优化营商环境。深化“一网通办”改革。\n",
        "（三）外贸新业态发展良好。新建海外仓3个。\n（四）消费市场回暖。社零总额增长6%。\n",
    )
    assert plans(parsed(text)) == []


def test_a_looking_back_sentence_is_no_forward_marker() -> None:
    text = FORWARD_THEN_POINTS.replace(
        "2026年，我局将继续围绕区委区政府中心工作，重点做好以下工作。",
        "2025年，我局围绕区委区政府中心工作，重点做好了以下工作。",
    )
    assert plans(parsed(text)) == []


def test_requirements_a_meeting_set_are_not_the_writers_plan() -> None:
    text = FORWARD_THEN_POINTS.replace(
        "2026年，我局将继续围绕区委区政府中心工作，重点做好以下工作。",
        "会议强调，下一步要重点做好以下工作。",
    )
    assert plans(parsed(text)) == []


# --- 5. section names on a line of their own, without number or colon ------------------------

BARE_SECTION_LINES = """某乡2025年工作总结
今年以来，我乡各项工作有序推进。
一、主要工作
（一）产业发展。新建大棚200个。
（二）人居环境。改厕300户。
存在的不足
1、产业链条短，农产品附加值不高。
2、村级集体经济薄弱，自我发展能力不足。
明年工作打算
1、延伸产业链条，发展农产品加工。
2、壮大村级集体经济。
"""


def test_section_names_on_their_own_line_open_their_sections() -> None:
    data = parsed(BARE_SECTION_LINES)
    assert problems(data) == ["产业链条短，农产品附加值不高", "村级集体经济薄弱，自我发展能力不足"]
    assert plans(data) == ["延伸产业链条，发展农产品加工", "壮大村级集体经济"]
    assert "存在的不足" in data["problem_section"]["reason"]


def test_a_short_line_not_followed_by_numbered_items_opens_nothing() -> None:
    text = BARE_SECTION_LINES.replace(
        "明年工作打算\n1、延伸产业链条，发展农产品加工。\n2、壮大村级集体经济。\n", "明年工作打算\n"
    )
    assert plans(parsed(text)) == []


# --- 6. an analysis whose numbered points all name shortfalls, then its measures --------------

SURVEY = """关于全县村级集体经济发展情况的调研报告
为摸清全县农村集体经济发展现状，县农业农村局组成调研组深入12个乡镇开展调研。
（一）发展基础总体薄弱。全县186个村中，年经营性收入低于10万元的村有97个。
（二）产业项目同质化严重，缺乏特色。多数村以光伏、厂房出租为主。
（三）经营管理人才缺乏。村干部年龄普遍偏大，懂经营会管理的人才不足。
（四）扶持政策落实不到位。部分扶持资金拨付滞后。
（一）加大政策扶持力度。统筹整合涉农资金。
（二）加强人才队伍建设。选派农村经营管理人才。
"""


def test_a_run_of_points_each_naming_a_shortfall_gives_the_problems() -> None:
    data = parsed(SURVEY)
    assert problems(data) == [
        "发展基础总体薄弱",
        "产业项目同质化严重，缺乏特色",
        "经营管理人才缺乏",
        "扶持政策落实不到位",
    ]
    assert "每条都写明不足" in data["problem_section"]["reason"]


def test_the_renumbered_measures_after_the_shortfalls_are_the_plan() -> None:
    data = parsed(SURVEY)
    assert plans(data) == ["加大政策扶持力度", "加强人才队伍建设"]
    assert "重新编号" in data["plan_section"]["reason"]


def test_a_run_of_achievements_or_remedies_names_no_problem() -> None:
    text = """某县2025年民生工作总结
（一）帮扶困难群众力度加大。全年发放救助金3000万元。
（二）着力解决群众急难愁盘问题。办结诉求1200件。
（三）教育质量明显提升。新建学校2所。
（一）持续加大民生投入。
（二）加强基层服务能力建设。
"""
    data = parsed(text)
    assert problems(data) == []


def test_a_run_where_only_some_points_name_shortfalls_is_no_problem_list() -> None:
    text = SURVEY.replace(
        "（二）产业项目同质化严重，缺乏特色。", "（二）产业项目逐步多元。"
    ).replace("（四）扶持政策落实不到位。", "（四）扶持政策体系初步建立。")
    assert problems(parsed(text)) == []


# --- 7. a rectification bulletin naming each problem in quotation marks ---------------------

RECTIFICATION_BULLETIN = """中共某县交通运输局党组关于巡察整改情况的通报
根据县委统一部署，县委第一巡察组对县交通运输局党组进行了巡察，现将整改情况予以公布。
（一）在“落实全面从严治党主体责任不够到位”方面
1.关于“党组书记第一责任人职责履行不够到位”问题的整改
（1）关于“对班子成员日常监督不严”的问题。已建立班子成员谈心谈话制度，每季度开展一次。
（2）关于“廉政风险排查流于形式”的问题。重新梳理岗位廉政风险点56个。
2.关于“基层党组织建设薄弱”问题的整改
已完成3个支部的规范化建设。
（二）在“工程项目管理不规范”方面
1.关于“部分项目未批先建”问题的整改。对4个项目补办了审批手续。
"""


def test_quoted_problems_of_a_rectification_bulletin_at_their_deepest_level() -> None:
    data = parsed(RECTIFICATION_BULLETIN)
    assert problems(data) == [
        "对班子成员日常监督不严",
        "廉政风险排查流于形式",
        "基层党组织建设薄弱",
        "部分项目未批先建",
    ]
    assert "引号" in data["problem_section"]["reason"]
    assert plans(data) == []


def test_quoted_achievements_are_no_problems() -> None:
    text = """某县交通运输局关于开展“四好农村路”建设情况的报告
（一）关于“四好农村路”示范县创建。已完成路网提升120公里。
（二）关于“路长制”落实。全县设立路长500名。
"""
    assert problems(parsed(text)) == []


def test_one_quoted_problem_cut_off_mid_sentence_is_still_the_problem() -> None:
    text = """某局党组关于巡察整改情况的通报
根据区委统一部署，区委巡察组对我局党组进行了巡察，现将整改情况予以公布。
（一）在“理论学习不够深入”方面
1.关于“理论学习中心组学习制度执行不严。全年仅开展集中学习4次，未达到规定"""
    assert problems(parsed(text)) == ["理论学习中心组学习制度执行不严"]


# --- 8. other common ways of writing the same: dashes, '第X部分', '薄弱环节', a promise then 一是 --


def test_dash_bullets_under_a_plan_heading_are_one_task_each_without_the_dashes() -> None:
    text = """某市生态环境局2025年工作总结
一、主要成效
全年空气优良天数比例达到88%。
二、下一步工作安排
——持续深入打好蓝天保卫战，加强工业源治理。
——扎实推进碧水保卫战，加快污水管网建设。
——稳步推进净土保卫战。
"""
    data = parsed(text)
    assert plans(data) == [
        "持续深入打好蓝天保卫战，加强工业源治理",
        "扎实推进碧水保卫战，加快污水管网建设",
        "稳步推进净土保卫战",
    ]


def test_a_dash_inside_a_sentence_is_no_bullet() -> None:
    text = """某市生态环境局2025年工作总结
二、下一步工作安排
加快推进“无废城市”建设——这是明年的重点工作。
"""
    assert plans(parsed(text)) == ["加快推进“无废城市”建设——这是明年的重点工作"]


def test_parts_numbered_di_x_bufen_are_top_level_headings() -> None:
    text = """某县统计局2025年工作总结
第一部分 主要工作
全年完成各项统计调查任务。
第二部分 存在的问题
一是统计基层基础仍然薄弱；二是数据质量有待提高。
第三部分 2026年工作计划
一是加强统计基层基础建设；二是提升数据质量。
"""
    data = parsed(text)
    assert problems(data) == ["统计基层基础仍然薄弱", "数据质量有待提高"]
    assert plans(data) == ["加强统计基层基础建设", "提升数据质量"]
    assert "第三部分" in data["plan_section"]["reason"]


ADMISSION_AND_PROMISE = """某街道2025年工作总结
一年来，街道各项工作取得新进展。同时我们也清醒地看到，工作中仍有一些薄弱环节：一些社区服务设施陈旧，群众办事仍不够便捷；物业管理矛盾较多，化解机制不健全；个别干部作风不实，服务意识不强。
对此，我们将在新的一年里认真加以解决。一是推进社区服务设施改造提升。二是健全物业矛盾化解机制。三是持续深化作风建设。
"""


def test_weak_links_admitted_before_a_colon_are_the_problems() -> None:
    assert problems(parsed(ADMISSION_AND_PROMISE)) == [
        "一些社区服务设施陈旧，群众办事仍不够便捷",
        "物业管理矛盾较多，化解机制不健全",
        "个别干部作风不实，服务意识不强",
    ]


def test_a_promise_sentence_then_yishi_points_in_its_paragraph_is_the_plan() -> None:
    data = parsed(ADMISSION_AND_PROMISE)
    assert plans(data) == ["推进社区服务设施改造提升", "健全物业矛盾化解机制", "持续深化作风建设"]
    assert "我们将" in data["plan_section"]["reason"]


def test_a_look_back_sentence_then_yishi_points_is_no_plan() -> None:
    text = ADMISSION_AND_PROMISE.replace(
        "对此，我们将在新的一年里认真加以解决。一是推进社区服务设施改造提升。二是健全物业矛盾化解机制。三是持续深化作风建设。",
        "今年，我们重点抓了三件事。一是完成了社区服务设施改造。二是建立了物业矛盾化解机制。三是深化了作风建设。",
    )
    assert plans(parsed(text)) == []


# --- 9. admission and promise written as running prose, no heading, no colon ----------------

RUNNING_PROSE = """某县卫健局2025年工作总结
今年，我局各项工作取得明显成效。但也存在一些不足。一是基层医疗卫生服务能力不强；二是卫生人才引进难、留住难；三是公共卫生应急体系仍需完善。
下一步，我局将进一步加强基层医疗卫生服务能力建设，持续推进卫生人才队伍建设，着力完善公共卫生应急体系。
"""


def test_yishi_points_after_an_admission_sentence_in_its_paragraph_are_problems() -> None:
    data = parsed(RUNNING_PROSE)
    assert problems(data) == [
        "基层医疗卫生服务能力不强",
        "卫生人才引进难、留住难",
        "公共卫生应急体系仍需完善",
    ]
    assert "但也存在一些不足" in data["problem_section"]["reason"]


def test_achievements_in_yishi_points_after_an_admission_are_no_problems() -> None:
    text = RUNNING_PROSE.replace(
        "一是基层医疗卫生服务能力不强；二是卫生人才引进难、留住难；三是公共卫生应急体系仍需完善。",
        "一是新建村卫生室12个；二是引进卫生人才30名。",
    )
    assert problems(parsed(text)) == []


def test_a_promise_of_three_verb_led_clauses_gives_three_tasks() -> None:
    data = parsed(RUNNING_PROSE)
    assert plans(data) == [
        "进一步加强基层医疗卫生服务能力建设",
        "持续推进卫生人才队伍建设",
        "着力完善公共卫生应急体系",
    ]
    assert "逗号" in data["plan_section"]["items"][0]["reason"]


def test_a_general_promise_gives_no_task() -> None:
    text = RUNNING_PROSE.replace(
        "下一步，我局将进一步加强基层医疗卫生服务能力建设，持续推进卫生人才队伍建设，着力完善公共卫生应急体系。",
        "下一步，我局将再接再厉，开拓创新，推动卫生健康事业再上新台阶。",
    )
    assert plans(parsed(text)) == []


# --- 10. a scholarly article is nobody's report ----------------------------------------------


def test_an_article_abstract_listing_shortfalls_is_no_report() -> None:
    text = """基层治理现代化的困境与路径
摘要：近年来，我国基层治理取得显著成效，但目前基层治理还存在着治理主体单一、治理能力不足、制度供给不够等问题。本文在分析其成因的基础上，提出了完善多元共治机制、提升治理能力、加强制度建设等对策建议。
关键词：基层治理；现代化
"""
    data = parsed(text)
    assert problems(data) == []
    assert plans(data) == []
    assert any("文章" in w for w in data["warnings"])


def test_a_report_mentioning_its_abstract_is_still_a_report() -> None:
    text = INLINE_ADMISSION.replace("今年以来，", "（内容摘要见附件）今年以来，")
    assert problems(parsed(text))


def test_the_report_years_own_work_introduced_in_the_present_tense_is_no_plan() -> None:
    text = """某区商务局2025年工作总结
2025年，我局紧紧围绕区委区政府中心工作，重点做好以下工作。
（一）加快培育外贸新业态。支持跨境电商企业建设海外仓。
（二）持续扩大消费需求。组织开展“消费季”系列活动。
（三）着力优化营商环境。深化“一网通办”改革。
"""
    assert plans(parsed(text)) == []


# --- 11. more names of the two sections ------------------------------------------------------

NAMED_SECTIONS = """某局2025年工作总结
一、主要工作
全年办理事项1万件。
{problems}
（一）信息化水平不高。
（二）人员力量不足。
{plan}
（一）加强系统建设。
（二）充实人员力量。
"""


def test_more_plan_heading_names() -> None:
    for name in ("三、二〇二六年工作安排", "三、新一年工作打算", "三、工作展望", "三、展望2026年"):
        data = parsed(NAMED_SECTIONS.format(problems="二、存在的问题", plan=name))
        assert plans(data) == ["加强系统建设", "充实人员力量"], name


def test_problems_still_to_be_solved_are_a_problem_heading() -> None:
    for name in ("二、需要解决的问题", "二、亟待解决的问题"):
        data = parsed(NAMED_SECTIONS.format(problems=name, plan="三、下一步工作打算"))
        assert problems(data) == ["信息化水平不高", "人员力量不足"], name


def test_a_heading_about_problems_solved_is_still_no_problem_heading() -> None:
    data = parsed(
        NAMED_SECTIONS.format(problems="二、着力解决群众反映的问题", plan="三、下一步工作打算")
    )
    assert problems(data) == []


def test_a_look_back_heading_is_no_plan_heading() -> None:
    data = parsed(NAMED_SECTIONS.format(problems="二、存在的问题", plan="三、二〇二五年工作回顾"))
    assert plans(data) == []


# --- 12. numbered problem labels of a rectification report ('问题一：…', '问题2：…') -------------

LABELLED_RECTIFICATION = """某局关于巡察反馈意见整改情况的报告
一、整改工作开展情况
局党组高度重视，成立整改工作领导小组。
二、整改落实情况
问题一：理论学习不够深入。
整改措施：制定年度学习计划，每月集中学习一次。
问题二：干部队伍年龄结构老化。
整改措施：通过公开遴选补充年轻干部3名。
问题3：财务管理制度执行不严格。
整改措施：修订财务管理办法。
"""


def test_numbered_problem_labels_give_one_problem_each_and_no_measures() -> None:
    data = parsed(LABELLED_RECTIFICATION)
    assert problems(data) == ["理论学习不够深入", "干部队伍年龄结构老化", "财务管理制度执行不严格"]
    assert "问题一" in data["problem_section"]["items"][0]["reason"]


# --- 13. more words of shortfall; points after an admission that use other words -----------


def test_more_words_of_shortfall_in_an_admitted_list() -> None:
    text = INLINE_ADMISSION.replace(
        "专业人员力量不足、业务能力不高、制度建设不全、督促落实不力等困难和问题",
        "部分干部作风漂浮、镇级财力紧张、项目落地难度大、城乡发展任务仍然繁重等困难和问题",
    )
    assert problems(parsed(text)) == [
        "部分干部作风漂浮",
        "镇级财力紧张",
        "项目落地难度大",
        "城乡发展任务仍然繁重",
    ]


def test_after_an_admission_a_point_in_other_words_counts_among_shortfalls() -> None:
    text = ADMISSION_THEN_POINTS.replace(
        "（四）基础设施建设滞后。", "（四）村庄规划编制和落地“两张皮”。"
    )
    assert problems(parsed(text)) == [
        "产业结构不够优化",
        "村庄规划编制和落地“两张皮”",
        "干部队伍活力有待增强",
    ]


def test_after_an_admission_a_point_of_praise_ends_the_problems() -> None:
    text = ADMISSION_THEN_POINTS.replace("（四）基础设施建设滞后。", "（四）基础设施建设成效明显。")
    assert problems(parsed(text)) == []


# --- 14. '以下几个方面。' then paragraphs without numbers ----------------------------------

UNNUMBERED_AFTER_POINTERS = """某区民政局2025年工作总结
今年，我局各项工作取得新成效。
但也存在一些问题和不足，主要表现在以下几个方面。
养老服务设施布局不够均衡，农村养老服务短板明显。
社会救助信息化水平不高，数据共享不够顺畅。
社区工作者队伍流动性大，专业化水平偏低。
明年，我局将重点抓好以下几个方面的工作。
加快构建城乡一体的养老服务网络。
推进社会救助数字化改革。
加强社区工作者队伍建设。
"""


def test_unnumbered_paragraphs_after_an_admission_pointing_ahead_are_problems() -> None:
    data = parsed(UNNUMBERED_AFTER_POINTERS)
    assert problems(data) == [
        "养老服务设施布局不够均衡，农村养老服务短板明显",
        "社会救助信息化水平不高，数据共享不够顺畅",
        "社区工作者队伍流动性大，专业化水平偏低",
    ]


def test_unnumbered_paragraphs_after_a_forward_sentence_pointing_ahead_are_tasks() -> None:
    data = parsed(UNNUMBERED_AFTER_POINTERS)
    assert plans(data) == [
        "加快构建城乡一体的养老服务网络",
        "推进社会救助数字化改革",
        "加强社区工作者队伍建设",
    ]


def test_unnumbered_paragraphs_of_work_done_are_neither() -> None:
    text = """某区民政局2025年工作总结
今年，我局主要做了以下几个方面的工作。
建成社区养老服务中心12个，新增床位300张。
完成社会救助数字化平台建设。
"""
    data = parsed(text)
    assert problems(data) == []
    assert plans(data) == []


def test_a_problem_introduced_by_ru_loses_the_ru() -> None:
    text = """某镇2025年政府信息公开工作年度报告
六、存在的主要问题及改进情况
2025年，我镇政府信息公开工作虽然取得了一定成效，但仍存在一些不足，如公开内容不够全面，政策解读形式单一。2026年，我镇将进一步加强信息公开工作，丰富政策解读形式，提升公开质量。
"""
    assert problems(parsed(text)) == ["公开内容不够全面", "政策解读形式单一"]
    assert problems(parsed(text.replace("如公开内容", "如期公开率"))) == [
        "如期公开率不够全面",
        "政策解读形式单一",
    ]


# --- 15. a government work report: the date it was delivered is not the year it reports -----

WORK_REPORT = """政府工作报告
——2026年1月10日在某县第十八届人民代表大会第五次会议上
县长 张某
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去的一年，全县地区生产总值增长6%。
二、2026年工作安排
重点抓好以下几个方面工作：
（一）着力扩大有效需求。加快重大项目建设。
（二）着力推动产业转型升级。培育新兴产业。
"""


def test_the_delivery_date_in_the_title_makes_the_next_year_the_plan_year() -> None:
    data = parsed(WORK_REPORT)
    assert data["report_year"] == 2025
    assert plans(data) == ["着力扩大有效需求", "着力推动产业转型升级"]


def test_a_plain_year_in_the_title_is_still_the_report_year() -> None:
    # Unless the headings review one year and plan the next, or the title names a document
    # about the year it plans (a 政府工作报告 titled 2026 reviews 2025: see below).
    text = WORK_REPORT.replace("政府工作报告\n", "某县2026年工作总结\n")
    text = text.replace("一、2025年工作回顾", "一、主要工作").replace("二、2026年", "二、下一步")
    data = parsed(text)
    assert data["report_year"] == 2026


# --- 16. an inspection team's findings told by a third party --------------------------------

INSPECTION_NEWS = """市督查组到某区开展安全生产专项督查
11月12日，市安委办督查组一行到某区开展安全生产专项督查。
督查组通过查阅资料、实地检查等方式，对某区安全生产工作进行了全面督查。督查组认为，某区安全生产工作总体平稳，但还存在一些问题和不足，主要有：一是部分企业安全主体责任落实不到位；二是隐患排查治理不彻底；三是基层监管力量薄弱。
督查组要求，某区要高度重视督查发现的问题，举一反三，立行立改。
"""


def test_an_inspection_teams_findings_told_in_the_third_person_are_nobodys_tasks() -> None:
    data = parsed(INSPECTION_NEWS)
    assert problems(data) == []
    assert data["document_kind"] == "news"


def test_the_inspected_office_reporting_the_same_findings_keeps_them() -> None:
    text = """某区应急管理局关于安全生产专项督查反馈问题整改情况的报告
11月12日，市安委办督查组对我区开展了安全生产专项督查。督查组认为，我区安全生产工作总体平稳，但还存在一些问题和不足，主要有：一是部分企业安全主体责任落实不到位；二是隐患排查治理不彻底；三是基层监管力量薄弱。
我局高度重视，逐条制定整改措施。
"""
    assert problems(parsed(text)) == [
        "部分企业安全主体责任落实不到位",
        "隐患排查治理不彻底",
        "基层监管力量薄弱",
    ]


def test_a_rectification_bulletin_in_the_third_person_is_still_read() -> None:
    text = RECTIFICATION_BULLETIN.replace(
        "县委第一巡察组对县交通运输局党组进行了巡察，",
        "县委第一巡察组对县交通运输局党组进行了巡察，巡察组指出县交通运输局存在一些问题。",
    )
    assert problems(parsed(text))[:1] == ["对班子成员日常监督不严"]


def test_a_problem_label_followed_by_semicolon_shortfalls_gives_one_problem_each() -> None:
    text = """某村2025年工作总结
今年以来，我村在镇党委政府的领导下，各项工作有序推进。全年完成道路硬化3公里。
存在问题：部分村干部能力不强，群众工作方法简单；村集体经济收入来源单一。
下步打算：加强村干部培训，提升服务能力；发展特色种植，壮大集体经济。
"""
    assert problems(parsed(text)) == [
        "部分村干部能力不强，群众工作方法简单",
        "村集体经济收入来源单一",
    ]
    one = text.replace("；村集体经济收入来源单一。", "；村里召开了会议。")
    assert problems(parsed(one)) == ["部分村干部能力不强，群众工作方法简单；村里召开了会议"]


# --- 17. '我们也清醒地认识到，A；B；C。' — a recognition naming shortfalls without a noun -----

RECOGNITION = """某镇2025年工作总结
2025年，我镇各项工作取得新成效。
一、经济发展持续向好。全年完成地区生产总值15亿元，增长6.5%。
二、乡村振兴扎实推进。新建高标准农田1万亩。
回顾一年工作，我们也清醒地认识到，我镇经济总量偏小，产业结构不优，发展后劲不足；基础设施欠账较多；干部队伍作风建设仍需加强。
"""


def test_shortfalls_after_a_recognition_phrase_are_problems() -> None:
    data = parsed(RECOGNITION)
    assert problems(data) == [
        "我镇经济总量偏小，产业结构不优，发展后劲不足",
        "基础设施欠账较多",
        "干部队伍作风建设仍需加强",
    ]
    assert "清醒地认识到" in data["problem_section"]["reason"]


def test_a_recognition_of_a_principle_names_no_problem() -> None:
    text = RECOGNITION.replace(
        "我镇经济总量偏小，产业结构不优，发展后劲不足；基础设施欠账较多；干部队伍作风建设仍需加强。",
        "发展是第一要务；项目是发展的生命线；必须坚定不移抓项目促发展。",
    )
    assert problems(parsed(text)) == []


# --- 18. a survey's points in the words of trends and phenomena; one measure after them -----

SURVEY_TRENDS = """关于全县农村留守儿童关爱工作情况的调研报告
县民政局组成调研组，深入8个乡镇开展调研，现将有关情况报告如下：
（一）留守儿童心理问题有增多趋势。部分儿童性格孤僻，不愿与人交流。
（二）部分家庭存在“隔代溺爱”现象。祖辈重养轻教。
（四）关爱服务阵地建设不均衡，部分村儿童之家长期闲置，既浪费资源，又给群众带来不便。
（五）部门之间信息共享机制缺失。
（一）健全留守儿童关爱服务体系，推动部门信息共享。
"""


def test_survey_points_in_words_of_trends_and_phenomena_are_problems() -> None:
    data = parsed(SURVEY_TRENDS)
    assert problems(data) == [
        "留守儿童心理问题有增多趋势",
        "部分家庭存在“隔代溺爱”现象",
        "关爱服务阵地建设不均衡，部分村儿童之家长期闲置，既浪费资源，又给群众带来不便",
        "部门之间信息共享机制缺失",
    ]


def test_one_verb_led_measure_renumbered_after_the_problems_is_the_plan() -> None:
    assert plans(parsed(SURVEY_TRENDS)) == ["健全留守儿童关爱服务体系，推动部门信息共享"]


def test_a_run_of_good_trends_is_no_problem_list() -> None:
    text = """某县2025年农民增收情况分析
（一）农村居民收入呈上升趋势。全年增长7%。
（二）工资性收入占比提高。
（三）转移性收入稳定增长。
"""
    assert problems(parsed(text)) == []


def test_a_plan_document_of_slogan_headings_gives_one_task_each() -> None:
    text = """社区2026年工作思路
一、抓党建，强引领
深化红色物业建设。
二、抓服务，惠民生
完善一刻钟便民生活圈。
三、抓治理，保平安
推进网格化管理。
"""
    assert plans(parsed(text)) == ["抓党建，强引领", "抓服务，惠民生", "抓治理，保平安"]


def test_in_a_plan_document_a_task_without_a_listed_verb_is_still_a_task() -> None:
    text = """2026年度个人工作计划
新的一年，我将从以下几个方面努力：
一、加强政治理论学习。
二、提高业务能力。
三、转变工作作风。
四、2025年工作情况
全年完成各项任务。
"""
    assert plans(parsed(text)) == ["加强政治理论学习", "提高业务能力", "转变工作作风"]


def test_shortfall_titles_opening_with_a_word_that_is_also_a_verb_are_problems() -> None:
    text = """关于全县窗口单位作风建设情况的调研报告
（一）服务群众意识不强。部分窗口人员态度生硬。
（二）抓落实力度不够。一些事项久拖不决。
（三）维护群众利益的机制不健全。
"""
    assert problems(parsed(text)) == [
        "服务群众意识不强",
        "抓落实力度不够",
        "维护群众利益的机制不健全",
    ]


def test_a_plan_documents_aim_heading_gives_way_to_its_task_headings() -> None:
    text = """某镇2026年工作计划
一、工作思路
坚持稳中求进工作总基调，推动全镇经济社会持续健康发展。
二、加快项目建设
全力推进食品产业园二期建设。
三、改善人居环境
推进农村厕所革命。
"""
    data = parsed(text)
    assert plans(data) == ["加快项目建设", "改善人居环境"]
    assert "全文是工作计划" in data["plan_section"]["reason"]


# --- page-tool chrome and separator lines after the last section are no items (r13d) -------

TOOLBAR_AFTER_PLAN = """某乡2025年政务公开工作年度报告
2025年,某乡认真落实政务公开各项要求,现将年度工作报告如下: 一、主动公开情况 全年通过乡政务公开栏公开信息42条。 二、依申请公开情况 全年未收到公开申请。 三、存在的问题和改进措施 总结一年来的工作,存在的问题有:1.公开内容不够全面;2.更新不够及时。 改进措施:1.健全信息发布审核制度,明确专人负责;2.定期维护公开栏和网站栏目。
|
—— ——
【打印本页】 【关闭本页】 |
"""


def test_separator_lines_and_page_tools_after_the_plan_are_no_plan_items() -> None:
    # The two measures numbered inline are two tasks (r13e); the lines after them none.
    titles = plans(parsed(TOOLBAR_AFTER_PLAN))
    assert titles == ["健全信息发布审核制度,明确专人负责", "定期维护公开栏和网站栏目"], titles


def test_separator_lines_and_page_tools_are_marked_as_site_furniture() -> None:
    for line in (
        "|",
        "—— ——",
        "【打印本页】 【关闭本页】 |",
        "【返回顶部】",
        "[打印本页] [关闭窗口]",
    ):
        assert is_chrome(line), line


def test_report_lines_that_mention_printing_or_closing_are_no_furniture() -> None:
    for line in (
        "（三）关闭本页以外的所有过期栏目。",
        "二是打印本页内容时应注明来源，规范信息转载。",
        "一、主动公开情况",
        "全年关闭僵尸网站栏目3个。",
        "1.",
    ):
        assert not is_chrome(line), line
    text = TOOLBAR_AFTER_PLAN.replace(
        "|\n—— ——\n【打印本页】 【关闭本页】 |\n", "及时关闭本页面已过期的旧栏目。\n"
    )
    assert plans(parsed(text))[-1] == "及时关闭本页面已过期的旧栏目"


# --- one sentence that names the problems and promises the answer opens the plan (r13d) -----

ADMIT_AND_PROMISE = """某街道2025年政务公开工作年度报告
一、总体情况
2025年，我街道认真落实政务公开各项要求，全年主动公开信息120条。
二、存在的不足及改进措施
一年来，我街道政务公开工作取得一定成效，但仍存在一些不足，一是公开栏目更新不够及时，个别栏目长期空白。二是政策解读形式单一，群众知晓率不高。
针对工作中暴露出的问题和不足，我们将从以下两个方面加以改进。一是建立栏目更新台账，明确专人按月维护。二是丰富政策解读形式，推出图解和短视频解读。
三、其他需要报告的事项
无。
"""


def test_a_sentence_that_admits_and_promises_opens_the_plan_not_more_problems() -> None:
    data = parsed(ADMIT_AND_PROMISE)
    assert problems(data) == [
        "公开栏目更新不够及时，个别栏目长期空白",
        "政策解读形式单一，群众知晓率不高",
    ]
    assert plans(data) == [
        "建立栏目更新台账，明确专人按月维护",
        "丰富政策解读形式，推出图解和短视频解读",
    ]


def test_the_same_turn_opening_with_jiehe_and_a_named_unit() -> None:
    text = ADMIT_AND_PROMISE.replace(
        "针对工作中暴露出的问题和不足，我们将", "结合上述短板和不足，我街道将"
    )
    assert len(problems(parsed(text))) == 2


def test_a_sentence_on_problems_already_answered_is_no_turn() -> None:
    # Past remedies ('已…整改') and findings answered by others promise nothing of the writer's.
    for opening in (
        "针对检查中发现的问题，我街道已于11月完成整改。",
        "针对群众反映的问题和不足，上级部门将开展专项督查。",
    ):
        assert not _is_turn(opening), opening
    assert _is_turn("针对工作中暴露出的问题和不足，我们将从以下两个方面加以改进。")
    assert _is_turn("结合存在的短板，我局将进一步改进。")


# --- '但困难和问题依然较多' then '一是…；二是…' in the same paragraph (r13d) ---------------------

DIFFICULTIES_STILL_MANY = """某乡2025年工作总结（第3页）
文化体育。全年组织送戏下乡12场，建成农家书屋5个。
今年，我乡各项工作虽然取得了一定成绩，但矛盾和困难仍然不少，任务依然艰巨。一是村级集体经济基础薄弱；二是农村人居环境整治形势不容乐观；三是乡村两级干部年龄老化。
2026年，我们将在县委、县政府的领导下，团结一心，开拓进取，为建设美丽乡村而努力奋斗。
"""


def test_difficulties_still_many_after_a_but_then_points_in_the_same_paragraph() -> None:
    data = parsed(DIFFICULTIES_STILL_MANY)
    assert problems(data) == [
        "村级集体经济基础薄弱",
        "农村人居环境整治形势不容乐观",
        "乡村两级干部年龄老化",
    ]
    assert "本单位自述不足" in data["problem_section"]["items"][0]["reason"]
    assert plans(data) == []


def test_difficulties_still_many_without_a_but_or_followed_by_measures_are_silent() -> None:
    # Findings about others ('督查发现…') with no turn from the writer's achievements, and the
    # same admission followed by measures, give no problems.
    for old, new in (
        (
            "今年，我乡各项工作虽然取得了一定成绩，但矛盾和困难仍然不少，任务依然艰巨。",
            "县督查组检查发现，部分村的矛盾和困难仍然不少。",
        ),
        (
            "一是村级集体经济基础薄弱；二是农村人居环境整治形势不容乐观；三是乡村两级干部年龄老化。",
            "一是加强村级集体经济发展；二是推进农村人居环境整治；三是优化干部队伍结构。",
        ),
    ):
        assert problems(parsed(DIFFICULTIES_STILL_MANY.replace(old, new))) == [], new


# --- the writer's own voice: one list of subjects for every rule ----------------------------


def test_every_rule_knows_the_same_writer_subjects() -> None:
    # '本部门', '我中心', '本街道' are the writer as much as '我局'; the rules that ask whether a
    # sentence is the writer's own (a plan preamble, a turn to the plan, a promise) had four
    # lists with different members.
    for subject in ("我们", "我局", "本单位", "本部门", "我中心", "本街道", "我处"):
        assert _is_plan_preamble(f"下一步，{subject}将重点做好以下工作。"), subject
        assert _is_turn(f"结合上述短板，{subject}将从三个方面改进。"), subject
        assert _is_turn(f"2026年，{subject}将继续深化改革。"), subject
    # Someone else promising is no turn, and a sentence that merely uses the word is no preamble.
    assert not _is_turn("结合上述短板，上级部门将派员督导。")
    assert not _is_plan_preamble("下一步，市里将建设指挥平台，年底前投入使用。")


# --- promises in running prose after the problems: each verb-led clause is a task ----------

PROMISE_AFTER_LABEL = """某区档案馆2025年政府信息公开工作年度报告
一、主动公开情况
2025年，我馆通过门户网站主动公开信息85条。
二、存在的主要问题及改进措施
存在的问题：一、信息更新不够及时。二、公开栏目设置不够合理。
针对以上不足，2026年我馆将按照区政府的统一部署，进一步规范栏目设置，及时更新办事指南，增强公开实效，为公众查阅提供便利。
"""


def test_a_promise_after_the_problems_gives_one_task_per_verb_led_clause() -> None:
    # The frame clause ('按照…部署') is no task; the aims at the end ('增强…实效', '为…提供便利')
    # stay with the last task.
    data = parsed(PROMISE_AFTER_LABEL)
    assert problems(data) == ["信息更新不够及时", "公开栏目设置不够合理"]
    assert plans(data) == ["进一步规范栏目设置", "及时更新办事指南"]
    assert "增强公开实效" in data["plan_section"]["items"][1]["body"]
    assert "针对以上不足" in data["plan_section"]["reason"]


def test_a_general_promise_after_the_problems_gives_no_tasks() -> None:
    for promise in (
        "针对以上不足，我馆将认真研究，切实加以整改。",
        "针对以上不足，我馆将按照区政府的要求，进一步改进。",
        "针对以上不足，上级部门已经进行督导，我馆完成了栏目调整，更新了办事指南。",
    ):
        lines = PROMISE_AFTER_LABEL.splitlines()
        text = "\n".join([*lines[:-1], promise])
        assert plans(parsed(text)) == [], promise


PROMISE_INSIDE_PROBLEMS = """某街道2025年政务公开工作情况汇报
一、工作开展情况
今年以来，我街道认真落实政务公开要求，公开各类信息320条。
二、存在问题
目前，我街道政务公开还存在基层政务公开标准目录不完善、信息发布审核把关不严等问题和不足。今后将切实加强标准目录建设，细化社区、物业、养老、托育等民生领域标准目录建设，推进网格信息公开，不断满足群众需求。
三、下一步打算
下一步将继续提高政务公开工作质量，对公开信息进行严格审核。
"""


def test_a_promise_inside_the_problem_section_adds_its_tasks_before_the_plan() -> None:
    # '细化A、B、C等…标准目录建设' details the clause before it: no task of its own.
    data = parsed(PROMISE_INSIDE_PROBLEMS)
    assert problems(data) == ["基层政务公开标准目录不完善", "信息发布审核把关不严"]
    titles = plans(data)
    assert titles[:2] == ["切实加强标准目录建设", "推进网格信息公开"]
    assert len(titles) == 3 and titles[2].startswith("下一步将继续提高政务公开工作质量")
    assert "细化社区" in data["plan_section"]["items"][0]["body"]
    reasons = [item["reason"] for item in data["plan_section"]["items"]]
    assert "问题部分中的承诺句" in reasons[0]
    assert "问题部分中的承诺句" in data["plan_section"]["reason"]


def test_no_promise_inside_the_problem_section_leaves_the_plan_alone() -> None:
    for sentence in (
        "今后将认真加以整改。",
        "今后，上级部门已对此进行督导。",
        "今后将继续努力。",
    ):
        text = PROMISE_INSIDE_PROBLEMS.replace(
            "今后将切实加强标准目录建设，细化社区、物业、养老、托育等民生领域标准目录建设，推进网格信息公开，不断满足群众需求。",
            sentence,
        )
        data = parsed(text)
        assert len(plans(data)) == 1, sentence
        assert problems(data) == ["基层政务公开标准目录不完善", "信息发布审核把关不严"]


# --- paragraphs opened by '一是、二是、三是', each first sentence a shortcoming -------------

SELF_CRITICISM_POINTS = """一是理论学习抓得不够紧，学用结合不到位。对上级部署的专题学习，党组虽制定了计划，但执行中时有中断。例如，2024年第三季度原定的4次集中学习只开展了2次；部分干部存在“学习是软任务”的思想，例如个别股室负责人全年未撰写心得体会。
二是调查研究不够深入，破解难题办法不多。对群众反映的“停车难”问题，调研停留在听汇报层面。例如，城区老旧小区停车位缺口问题，只召开了1次座谈会，未形成可行方案。
三是干部作风转变不彻底，服务意识有待增强。例如，窗口单位仍有“冷硬横推”现象，2024年被投诉5次，反馈的“办事慢”问题至今未解决。
"""


def test_paragraphs_opened_by_yishi_each_naming_a_shortcoming_are_the_problems() -> None:
    # The shortcoming is each paragraph's first sentence; the examples after it ('例如，…',
    # findings quoted as '“…”问题') are its evidence, in its body.
    data = parsed(SELF_CRITICISM_POINTS)
    assert problems(data) == [
        "理论学习抓得不够紧，学用结合不到位",
        "调查研究不够深入，破解难题办法不多",
        "干部作风转变不彻底，服务意识有待增强",
    ]
    first = data["problem_section"]["items"][0]
    assert "例如" in first["body"]
    assert "一是、二是" in data["problem_section"]["reason"]
    assert plans(data) == []


def test_yishi_paragraphs_of_findings_achievements_or_measures_are_no_problems() -> None:
    findings = "市委巡察组反馈指出，该县存在以下问题。\n" + SELF_CRITICISM_POINTS
    assert problems(parsed(findings)) == []
    one_praise = SELF_CRITICISM_POINTS.replace(
        "二是调查研究不够深入，破解难题办法不多。", "二是调查研究扎实开展，解决难题12个。"
    )
    assert problems(parsed(one_praise)) == []
    measures = """一是加强理论学习，做到学用结合。例如，每季度开展4次集中学习。
二是深入调查研究，破解难题。例如，围绕停车难问题形成方案。
三是转变干部作风，增强服务意识。例如，开展窗口作风整治。
"""
    assert problems(parsed(measures)) == []
    two_only = "\n".join(SELF_CRITICISM_POINTS.splitlines()[:2])
    assert problems(parsed(two_only)) == []


def test_a_measure_word_as_the_subject_of_a_shortfall_still_names_it() -> None:
    # '整改措施不精准': 整改 is what falls short, not a measure taken; a measure removing a
    # shortfall or strengthening a weak point names none.
    for title in ("整改措施不精准，部分问题整改不彻底", "整改成果运用不足", "加强学习抓得不够"):
        assert _names_shortfall(title), title
    for title in ("着力解决人员力量不足", "补齐基础设施短板", "加强薄弱环节建设", "推进整改落实"):
        assert not _names_shortfall(title), title
    text = SELF_CRITICISM_POINTS.replace("一是理论学习抓得不够紧", "一是整改责任压得不够紧")
    assert problems(parsed(text))[0] == "整改责任压得不够紧，学用结合不到位"


# --- a notice issuing a plan: the plan after it is read as a plan document -----------------

NOTICE_ISSUING_PLAN = """某县市场监督管理局关于印发《某县市场监督管理局2026年工作要点》的通知
各股室、各市场监管所：
现将《某县市场监督管理局2026年工作要点》印发给你们，请结合实际，认真贯彻落实。
某县市场监督管理局
2026年2月10日
某县市场监督管理局2026年工作要点
2026年，全局工作的总体要求是：坚持稳中求进，统筹发展和安全，全面提升市场监管效能。
一、持续优化营商环境
深化登记注册便利化改革，推行经营主体准入准营一件事。
二、全力守牢安全底线
压紧压实食品、药品、特种设备安全责任。
三、加强知识产权保护
开展商标侵权专项整治。
四、强化干部队伍建设
开展业务大练兵活动。
"""


def test_a_notice_issuing_a_plan_gives_the_plans_tasks() -> None:
    data = parsed(NOTICE_ISSUING_PLAN)
    assert plans(data) == [
        "持续优化营商环境",
        "全力守牢安全底线",
        "加强知识产权保护",
        "强化干部队伍建设",
    ]
    assert "印发" in data["plan_section"]["reason"]
    assert problems(data) == []


def test_a_notice_issuing_no_plan_of_the_writers_gives_no_tasks() -> None:
    # A scheme (实施方案) is no annual plan; a notice alone has no tasks; a notice asking
    # others to draw up their plans issues none.
    scheme = NOTICE_ISSUING_PLAN.replace("2026年工作要点", "优化营商环境实施方案")
    notice_only = "\n".join(NOTICE_ISSUING_PLAN.splitlines()[:5])
    asking = notice_only.replace(
        "关于印发《某县市场监督管理局2026年工作要点》的通知", "关于做好2026年工作要点编制工作的通知"
    ).replace(
        "现将《某县市场监督管理局2026年工作要点》印发给你们", "请各单位于2月底前报送本单位工作要点"
    )
    # A summary mentioning the plan it issued last year is no plan either.
    summary = """某县市场监督管理局2025年工作总结
年初，我局印发《某县市场监督管理局2025年工作要点》，明确了全年任务。
一、持续优化营商环境
全年新增经营主体3200户。
二、全力守牢安全底线
全年未发生重大安全事故。
"""
    for text in (scheme, notice_only, asking, summary):
        assert plans(parsed(text)) == [], text[:20]


def test_a_notice_issuing_a_plan_without_its_title_repeated_or_as_an_attachment() -> None:
    # The plan's name only in the notice ('…印发《X》的通知', then the plan's text), or its
    # title after '附件：'.
    for text in (
        NOTICE_ISSUING_PLAN.replace("某县市场监督管理局2026年工作要点\n2026年，", "2026年，"),
        NOTICE_ISSUING_PLAN.replace("2026年2月10日\n某县", "2026年2月10日\n附件：某县"),
    ):
        assert plans(parsed(text)) == [
            "持续优化营商环境",
            "全力守牢安全底线",
            "加强知识产权保护",
            "强化干部队伍建设",
        ]


# --- an audit's findings are about the audited, not the writer's problems --------------------

AUDIT_ANNOUNCEMENT = """某县审计局关于2025年度县本级预算执行和其他财政收支情况的审计结果公告
根据《中华人民共和国审计法》的规定，县审计局对2025年度县本级预算执行和其他财政收支情况进行了审计。
一、基本情况
2025年，县本级一般公共预算收入18.6亿元，支出32.4亿元。
二、审计发现的主要问题
（一）部分单位预算编制不够精细，年中追加预算较多。
（二）专项资金管理不规范，3个项目资金闲置超过一年。
（三）政府采购执行不严格，个别单位未按规定公开招标。
三、审计建议
（一）加强预算编制管理。
（二）提高专项资金使用效益。
四、审计发现问题的整改情况
对审计发现的问题，有关单位正在整改。
"""


def test_an_audit_announcements_findings_are_not_the_writers_problems() -> None:
    data = parsed(AUDIT_ANNOUNCEMENT)
    assert problems(data) == []
    assert plans(data) == []
    assert any("审计发现的主要问题" in w and "被审计" in w for w in data["warnings"])


def test_the_audited_bodys_own_rectification_report_keeps_its_problems() -> None:
    # The audited office reporting on its rectification: the findings are its own to fix.
    text = """某县财政局关于2025年度审计发现问题整改情况的报告
一、审计发现的主要问题
（一）部分单位预算编制不够精细。
（二）专项资金管理不规范。
二、整改措施
（一）加强预算编制管理。
（二）规范专项资金管理。
"""
    assert problems(parsed(text)) == ["部分单位预算编制不够精细", "专项资金管理不规范"]


# --- a plan paragraph numbered inline after its label ('改进措施：1.A；2.B。') --------------

INLINE_NUMBERED_MEASURES = """某镇2025年政府信息公开工作年度报告
一、主动公开情况
2025年，全镇主动公开政府信息126条。
二、存在的主要问题和改进措施
回顾一年来的工作，存在的主要问题有：1.信息更新不够及时；2.公开形式比较单一。 改进措施：1.健全信息发布审核机制，明确专人负责，确保信息及时准确发布；2.拓展政务新媒体公开渠道。
"""


def test_measures_numbered_inline_after_their_label_are_one_task_each() -> None:
    data = parsed(INLINE_NUMBERED_MEASURES)
    assert plans(data) == [
        "健全信息发布审核机制，明确专人负责，确保信息及时准确发布",
        "拓展政务新媒体公开渠道",
    ]
    assert "段内编号" in data["plan_section"]["items"][0]["reason"]


def test_numbers_that_are_no_list_leave_the_paragraph_one_task() -> None:
    # A figure ('1.5万元') or a lone '1.' is no inline list.
    for measures in (
        "改进措施：健全信息发布审核机制，安排资金1.5万元用于平台维护。",
        "改进措施：1.健全信息发布审核机制，确保信息及时准确发布。",
    ):
        text = INLINE_NUMBERED_MEASURES.replace(
            "改进措施：1.健全信息发布审核机制，明确专人负责，确保信息及时准确发布；2.拓展政务新媒体公开渠道。",
            measures,
        )
        assert len(plans(parsed(text))) == 1, measures


# --- a survey point in other words between points that name their shortfalls ----------------


def test_a_survey_point_in_other_words_between_named_shortfalls_is_a_problem_to_check() -> None:
    text = SURVEY.replace(
        "（二）产业项目同质化严重，缺乏特色。", "（二）青壮年劳动力大量外出务工。"
    )
    data = parsed(text)
    assert problems(data) == [
        "发展基础总体薄弱",
        "青壮年劳动力大量外出务工",
        "经营管理人才缺乏",
        "扶持政策落实不到位",
    ]
    assert "请核对" in data["problem_section"]["items"][1]["reason"]
    assert "请核对" not in data["problem_section"]["items"][0]["reason"]


def test_a_point_of_praise_or_too_few_named_points_keep_the_run_silent() -> None:
    praise = SURVEY.replace("（二）产业项目同质化严重，缺乏特色。", "（二）特色产业发展良好。")
    three = SURVEY.replace(
        "（二）产业项目同质化严重，缺乏特色。", "（二）青壮年劳动力大量外出务工。"
    )
    three = three.replace(
        "（三）经营管理人才缺乏。村干部年龄普遍偏大，懂经营会管理的人才不足。\n", ""
    )
    last_unnamed = SURVEY.replace("（四）扶持政策落实不到位。", "（四）村民参与意愿。")
    for text in (praise, three, last_unnamed):
        assert problems(parsed(text)) == [], text


# --- a survey's praising points whose paragraphs end in a shortcoming -----------------------

BALANCED_SURVEY = """关于全区社区工作者队伍建设情况的调研报告
（一）学历层次明显提升。
全区社区工作者中大专以上学历占76%，比五年前提高20个百分点。但部分年轻社工缺乏群众工作经验，入户走访少、坐班办公多，这给社区服务带来了一定的负面影响。
（二）队伍结构日趋合理。
35岁以下的社区工作者占42%，队伍充满活力。由于多数社工来自外地，对社区情况不够熟悉，与居民在情感联系上还存在一定的差距。
（三）职业发展通道不够畅通。
晋升渠道窄，待遇偏低，近三年流失率达18%。
"""


def test_praising_points_ending_in_a_shortcoming_beside_a_named_one_give_the_problems() -> None:
    data = parsed(BALANCED_SURVEY)
    found = problems(data)
    assert len(found) == 3, found
    assert "缺乏群众工作经验" in found[0] and "负面影响" in found[0]
    assert "学历" not in found[0]
    assert "还存在一定的差距" in found[1] and "队伍充满活力" not in found[1]
    assert found[2] == "职业发展通道不够畅通"
    assert "末句" in data["problem_section"]["reason"]


def test_praising_points_without_a_named_shortfall_or_without_tails_stay_silent() -> None:
    # An annual report's achievements ending '…还存在一定差距' with no point naming a
    # shortfall; a survey whose praising points end in praise.
    no_named = BALANCED_SURVEY.replace(
        "（三）职业发展通道不够畅通。", "（三）职业发展通道逐步拓宽。"
    )
    no_tails = BALANCED_SURVEY.replace(
        "但部分年轻社工缺乏群众工作经验，入户走访少、坐班办公多，这给社区服务带来了一定的负面影响。",
        "群众满意度达95%。",
    )
    for text in (no_named, no_tails):
        assert problems(parsed(text)) == [], text


# --- a whole government work report: the title's year is the year it plans -----------------

GOVERNMENT_REPORT = """2026年某市政府工作报告
——2026年1月12日在某市第十六届人民代表大会第四次会议上
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全市地区生产总值增长5.8%，城镇新增就业4.2万人。
我们也清醒认识到，全市经济社会发展还面临不少困难和问题。主要是：有效需求不足，部分企业生产经营困难；科技创新能力不强，新旧动能转换还不够快；城乡区域发展不够平衡，农民持续增收难度加大；一些干部担当作为不够。对此，我们将采取有力措施，认真加以解决。
二、2026年工作安排
今年是“十五五”规划开局之年。全市经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。
重点做好以下3项工作：
（一）提振消费扩大投资，全方位扩大有效需求。
要大力提振消费。开展消费品以旧换新，培育文旅消费新场景。
要积极扩大有效投资。全年实施重点项目300个以上。
（二）培育壮大新质生产力，加快建设现代化产业体系。
推动传统产业转型升级，实施技术改造项目200个。
（三）统筹新型城镇化和乡村全面振兴，促进城乡融合发展。
深入实施城市更新行动，改造城镇老旧小区150个。
三、全面加强政府自身建设
坚持依法行政，自觉接受人大法律监督和政协民主监督。
各位代表！让我们奋发有为，为全面完成今年目标任务而努力奋斗！
"""


def test_a_government_work_report_plans_the_year_of_its_title() -> None:
    data = parsed(GOVERNMENT_REPORT)
    assert (data["report_year"], data["plan_year"]) == (2025, 2026)
    assert plans(data)[:3] == [
        "提振消费扩大投资，全方位扩大有效需求",
        "培育壮大新质生产力，加快建设现代化产业体系",
        "统筹新型城镇化和乡村全面振兴，促进城乡融合发展",
    ]
    reason = data["plan_section"]["reason"]
    assert "2025年工作回顾" in reason and "2026" in reason


def test_the_reviewed_and_planned_years_come_from_the_headings() -> None:
    # No 政府工作报告 in the title and no date: a review of 2025 and a plan for 2026 say it.
    text = GOVERNMENT_REPORT.replace("2026年某市政府工作报告", "某市人民政府2026年工作报告")
    data = parsed(text.replace("——2026年1月12日在某市第十六届人民代表大会第四次会议上\n", ""))
    assert (data["report_year"], data["plan_year"]) == (2025, 2026)
    assert plans(data)[0] == "提振消费扩大投资，全方位扩大有效需求"


def test_a_summary_of_its_title_year_keeps_that_year() -> None:
    # A summary of 2025 reviewing 2025 and planning 2026 is read as before; a review heading
    # followed by one for the same year's work done is no plan.
    summary = """某局2025年工作总结
一、2025年工作回顾
全年办结案件120件。
二、2026年工作打算
（一）加强队伍建设。
（二）提升执法水平。
"""
    data = parsed(summary)
    assert (data["report_year"], data["plan_year"]) == (2025, 2026)
    assert plans(data) == ["加强队伍建设", "提升执法水平"]
    done = summary.replace("二、2026年工作打算", "二、2025年重点工作完成情况")
    data = parsed(done)
    assert data["report_year"] == 2025 and plans(data) == []


# --- a work report's admitted difficulties after a recognition ('我们也清醒看到') ------------


def _admitting(paragraph: str) -> str:
    return GOVERNMENT_REPORT.replace(GOVERNMENT_REPORT.split("\n")[6], paragraph)


def test_the_difficulties_after_a_general_admission_and_zhuyao_shi_are_the_problems() -> None:
    text = _admitting(
        "同时，我们也清醒看到，全市发展正处在爬坡过坎的关口，经济社会发展依然面临一些困难和挑战。"
        "主要是：消费恢复不及预期，有效需求不足；产业支撑不够有力，部分企业经营困难；"
        "民生保障还有薄弱环节。我们将直面问题，努力加以解决。"
    )
    data = parsed(text)
    # Each '；' group holds two complete shortfalls: one problem each (r13g; was one a group).
    assert problems(data) == [
        "消费恢复不及预期",
        "有效需求不足",
        "产业支撑不够有力",
        "部分企业经营困难",
        "民生保障还有薄弱环节",
    ]
    assert "清醒看到" in data["problem_section"]["reason"]


def test_difficulties_in_sentences_or_in_one_comma_list_are_counted_each() -> None:
    sentences = _admitting(
        "我们也清醒地看到，当前全市经济社会发展还面临不少困难和挑战。外部环境变化带来的不利影响加深。"
        "有效需求不足，部分企业经营困难。城乡融合发展任务艰巨，基层治理还有短板。"
    )
    # The outside's difficulty ('外部环境变化…') is not the city's own (r13k; the labels of the
    # whole government work reports leave the world's difficulties out).
    assert problems(parsed(sentences)) == [
        "有效需求不足",
        "部分企业经营困难",
        "城乡融合发展任务艰巨",
        "基层治理还有短板",
    ]
    one_list = _admitting(
        "看到成绩的同时，我们也清醒认识到面临的困难和挑战：经济回升基础尚不稳固，消费需求不足，"
        "县域经济偏弱，民生事业还有短板。我们一定直面问题，全力以赴做好工作。"
    )
    assert problems(parsed(one_list)) == [
        "经济回升基础尚不稳固",
        "消费需求不足",
        "县域经济偏弱",
        "民生事业还有短板",
    ]


def test_a_recognition_of_a_principle_or_of_achievements_gives_no_problems() -> None:
    principle = _admitting(
        "我们也清醒认识到，做好今年工作，必须坚持稳中求进工作总基调。必须坚持以人民为中心。"
        "必须坚持系统观念，统筹发展和安全。"
    )
    praise = _admitting(
        "我们也清醒看到，这些成绩来之不易。全市上下团结奋斗，经济持续回升向好；"
        "民生福祉不断增进，社会大局和谐稳定。"
    )
    for text in (principle, praise):
        assert problems(parsed(text)) == [], text


def test_an_admission_read_as_a_label_heading_still_gives_each_difficulty() -> None:
    # '…面临的问题和挑战：' reads as a label heading over the rest of its paragraph.
    text = _admitting(
        "在肯定成绩的同时，我们也清醒地看到面临的问题和挑战：需求不足是经济增长的主要矛盾，"
        "部分企业生产经营困难，财政收支矛盾突出。工作中形式主义现象依然存在。"
    )
    data = parsed(text)
    # A sentence running three difficulties together, each with its own subject, gives one
    # problem per clause, as a pair does (r13v: the whole-12 labels of a government work report
    # count one per clause; r13k's one-per-sentence reading gave 10 of its 18).
    assert problems(data) == [
        "需求不足是经济增长的主要矛盾",
        "部分企业生产经营困难",
        "财政收支矛盾突出",
        "工作中形式主义现象依然存在",
    ]


def test_a_plan_heading_naming_only_the_next_years_work_after_a_review() -> None:
    data = parsed(GOVERNMENT_REPORT.replace("二、2026年工作安排", "二、关于2026年工作"))
    assert data["plan_section"]["heading"] == "二、关于2026年工作"
    assert len(plans(data)) == 3
    # Without the review of the year before it, '关于2026年工作' is no plan heading.
    alone = GOVERNMENT_REPORT.replace("一、2025年工作回顾", "一、过去一年的工作")
    alone = alone.replace("二、2026年工作安排", "二、关于2026年工作")
    alone = alone.replace("2026年某市政府工作报告", "某市人民政府2026年工作报告")
    assert parsed(alone)["plan_section"] is None


UNNUMBERED_REPORT = """2026年某市政府工作报告
各位代表：
2025年工作回顾
过去一年，全市经济运行稳中向好。
（一）巩固经济回升态势。全年完成投资800亿元。
（二）持续改善民生。新增就业3万人。
2026年工作安排建议
今年发展主要预期目标是：地区生产总值增长5.5%左右。
（一）全方位扩大内需，稳住经济大盘。实施提振消费专项行动。
（二）培育新质生产力，建设现代化产业体系。推进传统产业改造。
（三）深化重点领域改革，激发市场活力。完善要素市场。
"""


def test_an_unnumbered_line_naming_the_next_years_plan_heads_the_points_after_it() -> None:
    data = parsed(UNNUMBERED_REPORT)
    assert plans(data) == [
        "全方位扩大内需，稳住经济大盘",
        "培育新质生产力，建设现代化产业体系",
        "深化重点领域改革，激发市场活力",
    ]
    assert "2026年工作安排建议" in data["plan_section"]["reason"]


def test_an_unnumbered_line_of_this_years_work_or_without_points_is_no_plan() -> None:
    done = UNNUMBERED_REPORT.replace("2026年工作安排建议", "2026年工作开展情况")
    no_points = UNNUMBERED_REPORT.split("今年发展主要预期目标")[0]
    for text in (done, no_points):
        assert plans(parsed(text)) == [], text


# --- a work report's last part: the government's own conduct is work to do too --------------

OWN_CONDUCT = GOVERNMENT_REPORT.replace(
    "三、全面加强政府自身建设\n坚持依法行政，自觉接受人大法律监督和政协民主监督。\n",
    "三、全面加强政府自身建设\n"
    "新征程上，我们要以更高标准加强政府自身建设，努力建设人民满意政府。\n"
    "坚持依法行政。自觉接受人大法律监督，认真办理代表建议。\n"
    "坚守清廉作风。驰而不息纠治“四风”，坚决整治形式主义。\n",
)


def test_the_governments_own_conduct_after_the_plan_is_part_of_the_plan() -> None:
    data = parsed(OWN_CONDUCT)
    assert plans(data)[3:] == ["坚持依法行政", "坚守清廉作风"]
    item = data["plan_section"]["items"][3]
    assert "全面加强政府自身建设" in item["reason"]
    assert "认真办理代表建议" in item["body"]
    assert "自身建设" in data["plan_section"]["reason"]


def test_a_heading_of_the_governments_work_done_or_a_closing_gives_no_tasks() -> None:
    done = OWN_CONDUCT.replace("三、全面加强政府自身建设", "三、政府自身建设情况")
    assert len(plans(parsed(done))) == 3
    # Only the closing under the heading: no lead sentences, no task.
    closing_only = GOVERNMENT_REPORT.replace(
        "坚持依法行政，自觉接受人大法律监督和政协民主监督。\n", ""
    )
    assert len(plans(parsed(closing_only))) == 3


# --- numbered points naming a shortfall inside a plan: problems, not tasks -----------------

# The lead says what will be done ('将'): told in the past tense ('2025年，我局在…领导下，…
# 推进以下两项任务：') the two points are the year's work and no plan (r13g,
# test_admission_shapes.py), while the points naming shortfalls are still the problems.
CUT_REPORT = """一、重点任务
2026年，我局将在县委、县政府的领导下，结合自身职能，重点推进以下两项任务：
（一）规范重大行政决策程序，提高决策质量。严格执行公众参与、专家论证、合法性审查等程序。
（二）深化行政执法改革，提升执法效能。全面推行行政执法公示制度。
（一）执法人员的专业能力仍需提高。部分执法人员对新出台的法规掌握不够。
（二）行政复议应诉工作的规范化水平有待进一步增强。随着案件增多，应诉力量显得不足。
"""


def test_points_naming_a_shortfall_among_a_plans_points_are_problems() -> None:
    # The problem heading between them is lost (a page that hides its middle).
    data = parsed(CUT_REPORT)
    assert problems(data) == [
        "执法人员的专业能力仍需提高",
        "行政复议应诉工作的规范化水平有待进一步增强",
    ]
    assert "部分执法人员" in data["problem_section"]["items"][0]["body"]
    assert plans(data) == ["规范重大行政决策程序，提高决策质量", "深化行政执法改革，提升执法效能"]
    assert "不足" in data["problem_section"]["reason"]


def test_one_shortfall_point_or_points_removing_shortfalls_stay_tasks() -> None:
    one = CUT_REPORT.replace(
        "（二）行政复议应诉工作的规范化水平有待进一步增强。", "（二）加强行政复议应诉工作。"
    )
    assert len(plans(parsed(one))) == 4
    remedies = CUT_REPORT.replace(
        "（一）执法人员的专业能力仍需提高。", "（一）着力解决执法人员专业能力不足问题。"
    ).replace(
        "（二）行政复议应诉工作的规范化水平有待进一步增强。", "（二）补齐行政复议应诉工作短板。"
    )
    assert len(plans(parsed(remedies))) == 4
    assert problems(parsed(remedies)) == []


# --- a later page holding only the rest of the plan's points ('四是…' '五是…') ---------------

LATER_PAGE = """关于某区上半年法治建设工作情况的汇报(第2/2页)
四是深入推进法治宣传教育。持续开展宪法、民法典学习宣传，推动全民守法。
五是不断完善工作保障机制。进一步发挥依法治区办的协调作用，确保各项任务落到实处。
"""


def test_a_later_page_continuing_future_points_is_the_plans_rest() -> None:
    data = parsed(LATER_PAGE)
    assert plans(data) == ["深入推进法治宣传教育", "不断完善工作保障机制"]
    assert "第2/2页" in data["plan_section"]["reason"]


def test_a_first_page_starting_at_four_or_a_later_page_of_work_done_is_no_plan() -> None:
    first_page = LATER_PAGE.replace("(第2/2页)", "")
    done = LATER_PAGE.replace("持续开展宪法", "全年开展宪法").replace(
        "确保各项任务落到实处", "完成了考评工作"
    )
    for text in (first_page, done):
        assert plans(parsed(text)) == [], text


# --- a work report whose part headings are slogans: the year each part opens with ----------

SLOGAN_REPORT = (
    GOVERNMENT_REPORT.replace("一、2025年工作回顾\n", "一、牢记嘱托，在接续奋斗中取得新成效\n")
    .replace("过去一年，全市", "2025年是极不平凡的一年。全市")
    .replace("二、2026年工作安排\n", "二、勇担使命，在现代化建设中奋勇争先\n")
    .replace("今年是“十五五”规划开局之年。", "2026年是“十五五”规划开局之年。")
)


def test_a_part_opening_with_the_next_year_after_one_opening_with_this_year_is_the_plan() -> None:
    data = parsed(SLOGAN_REPORT)
    assert plans(data)[:3] == [
        "提振消费扩大投资，全方位扩大有效需求",
        "培育壮大新质生产力，加快建设现代化产业体系",
        "统筹新型城镇化和乡村全面振兴，促进城乡融合发展",
    ]
    assert "2026年是" in data["plan_section"]["reason"]


def test_parts_opening_with_the_same_year_give_no_plan() -> None:
    same = SLOGAN_REPORT.replace("2026年是“十五五”", "2025年是“十四五”")
    assert plans(parsed(same)) == []


# --- a page cut right after a sub-heading's marker: the marker alone is no item -------------

CUT_AT_MARKER = """某县城管局政府信息公开工作自查报告
今年以来，我局认真按照上级要求，推进政府信息公开工作，现将自查情况汇报如下：
一、主动公开政府信息情况
全年主动公开政府信息85条，做到了及时、规范。
二、存在问题及改进措施
（一）
"""

CUT_AFTER_ONE_WORD = CUT_AT_MARKER.replace("（一）\n", "（一）公开内容不够全面\n")


def test_a_page_cut_at_a_bare_marker_gives_no_item_and_says_why() -> None:
    data = parsed(CUT_AT_MARKER)
    assert problems(data) == [] and plans(data) == []
    assert any("未能拆分出具体问题" in w or "未找到存在的问题" in w for w in data["warnings"])
    # Beside it: the same page cut one phrase later still gives that phrase.
    assert problems(parsed(CUT_AFTER_ONE_WORD)) == ["公开内容不够全面"]
