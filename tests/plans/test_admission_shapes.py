"""Admissions of a work report read without a word of recognition ('当前，…仍然面临不小压力和
挑战。从需求看，…') and '；' groups holding more than one difficulty. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

FACING = """2026年某县政府工作报告
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全县地区生产总值增长5.6%，一般公共预算收入增长4.1%。
这些成绩的取得，是县委坚强领导的结果，是全县人民团结奋斗的结果。在肯定成绩的同时，我们也要把问题说透。
当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。
二、2026年工作安排
重点做好以下工作：
（一）全力扩大有效需求。
（二）加快培育新动能。
"""


def test_difficulties_stated_before_the_plan_without_a_recognition_word() -> None:
    data = parsed(FACING)
    assert problems(data) == [
        "从需求看，居民消费意愿不强",
        "从供给看，新动能支撑不足",
        "从财政看，收支平衡压力较大",
        "化债任务艰巨",
    ]
    assert "仍然面临不小压力和挑战" in data["problem_section"]["reason"]
    assert plans(data) == ["全力扩大有效需求", "加快培育新动能"]


def test_the_worlds_difficulties_or_ones_stated_in_the_plan_are_no_problems() -> None:
    outside = FACING.replace("当前，全县经济运行仍然面临", "当前，世界经济仍然面临")
    assert problems(parsed(outside)) == []
    # The same paragraph after the plan heading introduces the work to do.
    moved = FACING.replace(
        "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。\n",
        "",
    ).replace(
        "重点做好以下工作：\n",
        "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足。我们将重点做好以下工作：\n",
    )
    assert problems(parsed(moved)) == []
    # A difficulty named and at once answered by the writer's resolve lists nothing.
    answered = FACING.replace(
        "从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
        "",
    )
    assert problems(parsed(answered)) == []


# --- a '；' group holding two difficulties --------------------------------------------------

TWO_IN_A_GROUP = FACING.replace(
    "从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
    "有效需求不足，部分企业生产经营困难；科技创新能力不强，新旧动能转换还不够快；民生领域还有不少短板。",
)


def test_a_group_of_two_complete_shortfalls_gives_two_problems() -> None:
    assert problems(parsed(TWO_IN_A_GROUP)) == [
        "有效需求不足",
        "部分企业生产经营困难",
        "科技创新能力不强",
        "新旧动能转换还不够快",
        "民生领域还有不少短板",
    ]


def test_a_comma_inside_one_statement_keeps_the_group_whole() -> None:
    # The second clause gives the cause, the first sets the scene, or the first names no
    # shortfall: one problem each group.
    text = TWO_IN_A_GROUP.replace(
        "有效需求不足，部分企业生产经营困难；", "部分企业生产经营困难，主要是原材料价格上涨；"
    ).replace("科技创新能力不强，新旧动能转换还不够快；", "受外部环境影响，出口增长放缓明显不足；")
    assert problems(parsed(text)) == [
        "部分企业生产经营困难，主要是原材料价格上涨",
        "受外部环境影响，出口增长放缓明显不足",
        "民生领域还有不少短板",
    ]


# --- the year's work told as a review is no plan --------------------------------------------

YEARS_WORK = """一、重点任务
2025年，我局在县委、县政府的坚强领导下，深入学习贯彻法治思想，结合自身职能，重点承担并推进以下两项任务：
（一）依法推进营商环境建设。坚决落实上级部署，清理妨碍公平竞争的政策文件12件。
（二）提高行政决策质量。严格执行重大行政决策程序，全年组织合法性审查30件。
（三）行政执法监督的精细化水平仍需提高。部分执法环节监督相对薄弱。
（四）干部队伍的法治素养有待进一步增强。部分干部运用法治思维的能力不足。
"""


def test_the_years_work_told_under_the_leadership_formula_is_no_plan() -> None:
    data = parsed(YEARS_WORK)
    assert plans(data) == []
    assert any("不是计划" in w and "2025年" in w for w in data["warnings"])
    # The points naming shortfalls are still the problems.
    assert problems(data) == [
        "行政执法监督的精细化水平仍需提高",
        "干部队伍的法治素养有待进一步增强",
    ]


def test_a_plan_for_a_year_under_the_same_formula_stays_a_plan() -> None:
    for lead in (
        "2026年，我局将在县委、县政府的坚强领导下，深入学习贯彻法治思想，结合自身职能，重点推进以下两项任务：",
        "2026年，在县委、县政府的坚强领导下，我局重点做好以下工作：",
    ):
        text = YEARS_WORK.replace(YEARS_WORK.split("\n")[1], lead)
        assert plans(parsed(text))[:2] == ["依法推进营商环境建设", "提高行政决策质量"], lead
    # A year after the report's is a plan whatever the words.
    later = "某局2025年法治政府建设情况报告\n" + YEARS_WORK.replace("2025年，我局", "2026年，我局")
    assert plans(parsed(later))[:2] == ["依法推进营商环境建设", "提高行政决策质量"]


# --- the world's difficulties and the writer's closing resolve ---------------------------------

OWN_AND_WORLD = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "我们也清醒看到前进中的困难和挑战。从国际看，全球贸易摩擦增多，海外市场需求走弱。"
    "地缘冲突此起彼伏，大宗商品价格波动加剧。从县内看，经济回升的根基还不牢固。"
    "一些小微企业经营困难。农村公共服务还有短板。我们既要正视困难挑战，更要坚定发展信心。"
    "全县区位交通便利、产业门类齐全，长期向好的态势没有改变。",
)


def test_the_worlds_difficulties_and_the_closing_resolve_are_no_problems() -> None:
    data = parsed(OWN_AND_WORLD)
    assert problems(data) == [
        "从县内看，经济回升的根基还不牢固",
        "一些小微企业经营困难",
        "农村公共服务还有短板",
    ]
    reason = data["problem_section"]["reason"]
    assert "国际" in reason and "不是本地自身的问题" in reason
    assert "我们既要正视困难挑战" in reason


def test_outside_difficulties_named_by_their_subject_and_a_bare_resolve() -> None:
    # No '从国际看': the sentence's subject is the outside; the resolve opens with '要'.
    text = OWN_AND_WORLD.replace(
        "从国际看，全球贸易摩擦增多", "外部环境不确定性上升，全球贸易摩擦增多"
    ).replace(
        "我们既要正视困难挑战，更要坚定发展信心。",
        "要直面困难挑战，扎扎实实改进工作，不负群众期盼。",
    )
    assert problems(parsed(text)) == [
        "从县内看，经济回升的根基还不牢固",
        "一些小微企业经营困难",
        "农村公共服务还有短板",
    ]


def test_own_difficulties_touching_the_outside_and_a_yao_noun_stay_problems() -> None:
    # Outside words after the subject ('部分外贸企业…', '受外部需求影响，…') and a sentence
    # opening with the noun '要素' are the county's own difficulties.
    text = (
        OWN_AND_WORLD.replace("从国际看，全球贸易摩擦增多，海外市场需求走弱。", "")
        .replace("地缘冲突此起彼伏，大宗商品价格波动加剧。", "部分外贸企业订单不足。")
        .replace(
            "一些小微企业经营困难。", "受外部需求影响，一些小微企业经营困难。要素保障还有短板。"
        )
    )
    assert problems(parsed(text)) == [
        "部分外贸企业订单不足",
        "从县内看，经济回升的根基还不牢固",
        "受外部需求影响，一些小微企业经营困难",
        "要素保障还有短板",
        "农村公共服务还有短板",
    ]


# --- a sentence running several difficulties together -------------------------------------------

RUN_TOGETHER = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
    "我们也清醒认识到，前进道路上还有不少困难和问题：消费需求恢复偏慢，一些企业经营困难，"
    "就业结构性矛盾突出，县级财政收支矛盾较大。部分干部担当作为不够。",
)


def test_one_sentence_running_several_difficulties_together_gives_one_per_clause() -> None:
    # A sentence of three or more complete shortfalls, each with its own subject, gives one
    # problem per clause, as a group of two does (r13v; r13k had kept such a sentence whole).
    data = parsed(RUN_TOGETHER)
    assert problems(data) == [
        "消费需求恢复偏慢",
        "一些企业经营困难",
        "就业结构性矛盾突出",
        "县级财政收支矛盾较大",
        "部分干部担当作为不够",
    ]
    assert "按逗号拆分" in data["problem_section"]["items"][0]["reason"]
    # A clause going on with the one before (its consequence) keeps the sentence one.
    consequence = RUN_TOGETHER.replace("县级财政收支矛盾较大。", "导致县级财政收支矛盾较大。")
    assert problems(parsed(consequence))[0] == (
        "消费需求恢复偏慢，一些企业经营困难，就业结构性矛盾突出，导致县级财政收支矛盾较大"
    )
    two = RUN_TOGETHER.replace("就业结构性矛盾突出，县级财政收支矛盾较大。", "")
    two = two.replace("一些企业经营困难，", "一些企业经营困难。")
    assert problems(parsed(two)) == ["消费需求恢复偏慢", "一些企业经营困难", "部分干部担当作为不够"]


# --- shortfalls worded as a need, under a heading for problems and next steps --------------------

PROBLEMS_AND_NEXT_STEPS = """某镇2025年工作总结
一、2025年工作开展情况
今年以来，全镇完成固定资产投资3亿元，新建产业项目5个。
二、存在问题及下步打算
（一）组织建设还需再筑基。个别村党组织书记带头作用发挥不够，党员教育方式单一。
（二）为民服务水平需再提档。便民服务中心窗口力量不足，群众办事还要多跑路。
（三）集体经济发展需再扩面。产业项目规模偏小，村集体增收渠道不多。
下步，我们将着力抓好以下工作：
（一）抓党建引领。全面提升村党组织组织力。
（二）抓项目建设。全年新建产业项目6个。
"""


def test_sub_headings_admitting_a_need_under_a_problems_and_next_steps_heading() -> None:
    # '…还需再筑基', '…需再提档': the subject's shortfall worded as what it still needs, not
    # work to do; the measures after '下步…以下工作：' stay the plan.
    data = parsed(PROBLEMS_AND_NEXT_STEPS)
    assert problems(data) == ["组织建设还需再筑基", "为民服务水平需再提档", "集体经济发展需再扩面"]
    assert plans(data) == ["抓党建引领", "抓项目建设"]
    assert "写的是不足" in data["problem_section"]["items"][0]["reason"]
    # Shortfalls in the usual words are read the same way.
    usual = (
        PROBLEMS_AND_NEXT_STEPS.replace("组织建设还需再筑基", "组织建设不够扎实")
        .replace("为民服务水平需再提档", "为民服务水平有待提升")
        .replace("集体经济发展需再扩面", "集体经济基础依然薄弱")
    )
    assert problems(parsed(usual)) == [
        "组织建设不够扎实",
        "为民服务水平有待提升",
        "集体经济基础依然薄弱",
    ]


def test_measures_worded_with_a_need_stay_the_plan() -> None:
    # '需进一步加强' after a verb of doing ('持续推进…') is work to do, not a shortfall.
    text = (
        PROBLEMS_AND_NEXT_STEPS.replace("组织建设还需再筑基", "持续推进组织建设")
        .replace("为民服务水平需再提档", "着力提升为民服务水平")
        .replace("集体经济发展需再扩面", "加快发展集体经济")
    )
    data = parsed(text)
    assert problems(data) == []
    assert plans(data)[:3] == ["持续推进组织建设", "着力提升为民服务水平", "加快发展集体经济"]


# --- a sentence announcing the list inside it ---------------------------------------------------

ANNOUNCED_INSIDE = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。",
    "在看到成绩的同时，我们也认识到，老问题、新挑战仍然不少，主要是外部需求持续走弱，"
    "居民消费意愿不强，部分企业经营困难，县级财政收支紧平衡。",
)


def test_a_clause_announcing_the_difficulties_names_none_of_them() -> None:
    # '老问题、新挑战仍然不少' and '当前发展面临诸多困难挑战' say there are difficulties; the
    # clauses after them name them.
    data = parsed(ANNOUNCED_INSIDE)
    assert problems(data) == ["居民消费意愿不强", "部分企业经营困难", "县级财政收支紧平衡"]
    assert "概括" in data["problem_section"]["reason"]
    sentences = ANNOUNCED_INSIDE.replace(
        "我们也认识到，老问题、新挑战仍然不少，主要是外部需求持续走弱，居民消费意愿不强，部分企业经营困难，县级财政收支紧平衡。",
        "我们也清醒认识到，城乡发展不平衡的问题仍然突出。当前发展面临诸多困难挑战。"
        "居民消费意愿不强。部分企业经营困难。民生领域存在一些短板。",
    )
    assert problems(parsed(sentences)) == [
        "城乡发展不平衡的问题仍然突出",
        "居民消费意愿不强",
        "部分企业经营困难",
        "民生领域存在一些短板",
    ]


# --- an admission with a full stop, its points in the paragraphs after it ------------------------

POINTS_AFTER_A_STOP = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "我们也清醒看到，工作中还存在一些差距和不足。\n"
    "组织建设还需再筑基。个别村党组织书记带头作用发挥不够。\n"
    "为民服务水平需再提档。便民服务中心窗口力量不足。\n"
    "集体经济发展后劲不足。部分村集体增收渠道不多。",
)


def test_paragraphs_stating_a_shortfall_after_an_admission_ending_in_a_stop() -> None:
    # No '以下…' and no colon: each paragraph after the admission whose first sentence states
    # what is lacking is a problem.
    data = parsed(POINTS_AFTER_A_STOP)
    assert problems(data) == ["组织建设还需再筑基", "为民服务水平需再提档", "集体经济发展后劲不足"]
    assert "段首一句写明不足" in data["problem_section"]["items"][0]["reason"]


def test_paragraphs_of_work_done_after_an_admission_are_no_problems() -> None:
    done = POINTS_AFTER_A_STOP.replace("组织建设还需再筑基。", "组织建设持续加强。").replace(
        "为民服务水平需再提档。", "为民服务水平稳步提升。"
    )
    assert problems(parsed(done)) == []


# --- a pair of clauses whose second spells out the first ------------------------------------------

DETAIL_PAIR = OWN_AND_WORLD.replace(
    "一些小微企业经营困难。", "部分商户经营困难，货款拖欠问题仍较突出。"
).replace("农村公共服务还有短板。", "农村公共服务还有短板，存在一定安全隐患。")


def test_a_clause_spelling_out_the_difficulty_before_it_stays_with_it() -> None:
    # '货款拖欠问题仍较突出' names a problem as its subject and only says it is prominent: it
    # spells out the difficulty before it; '存在一定安全隐患' has no subject of its own. One
    # problem each sentence.
    data = parsed(DETAIL_PAIR)
    assert problems(data) == [
        "从县内看，经济回升的根基还不牢固",
        "部分商户经营困难，货款拖欠问题仍较突出",
        "农村公共服务还有短板，存在一定安全隐患",
    ]
    assert "前一项困难" in data["problem_section"]["items"][1]["reason"]


def test_a_pair_of_two_own_difficulties_is_still_two() -> None:
    # Each clause with its own subject and its own shortfall: two problems, as before.
    pair = DETAIL_PAIR.replace("货款拖欠问题仍较突出", "居民消费意愿不强").replace(
        "存在一定安全隐患", "农村道路养护不足"
    )
    assert problems(parsed(pair)) == [
        "从县内看，经济回升的根基还不牢固",
        "部分商户经营困难",
        "居民消费意愿不强",
        "农村公共服务还有短板",
        "农村道路养护不足",
    ]


# --- a recognition naming the shortfalls without a verb of admission, its points after it ------

RECOGNITION_THEN_PARAGRAPHS = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "在肯定成绩的同时，我们也清醒看到工作中的不足。\n"
    "村级集体经济发展不平衡，部分村增收渠道单一。\n"
    "基础设施建设相对滞后，部分农村道路年久失修。\n"
    "干部队伍年龄结构老化，年轻干部储备不足。",
)


def test_paragraphs_of_shortfalls_after_a_recognition_without_an_admission_verb() -> None:
    # '…也清醒看到工作中的不足。': no '存在/还有', the shortfalls named only by the recognition;
    # each paragraph after it stating one is a problem.
    data = parsed(RECOGNITION_THEN_PARAGRAPHS)
    assert problems(data) == [
        "村级集体经济发展不平衡，部分村增收渠道单一",
        "基础设施建设相对滞后，部分农村道路年久失修",
        "干部队伍年龄结构老化，年轻干部储备不足",
    ]
    assert "清醒看到工作中的不足" in data["problem_section"]["reason"]


def test_a_recognition_of_achievements_reads_no_paragraphs() -> None:
    # '…也清醒看到工作中的成绩。' or paragraphs of work done: nothing.
    praise = RECOGNITION_THEN_PARAGRAPHS.replace("工作中的不足。", "工作中的成绩。")
    assert problems(parsed(praise)) == []
    done = RECOGNITION_THEN_PARAGRAPHS.replace(
        "村级集体经济发展不平衡，部分村增收渠道单一。", "村级集体经济稳步发展，新建项目5个。"
    ).replace("基础设施建设相对滞后，部分农村道路年久失修。", "基础设施建设持续加强。")
    assert problems(parsed(done)) == []


# --- an admission inside a paragraph, its shortfalls in the sentences after it ----------------

SENTENCES_AFTER_AN_ADMISSION = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "全县经济运行总体平稳，但也存在不少短板。产业链条不够完整。镇村两级财力偏弱。"
    "公共服务供给质量不高。对此，我们将高度重视，采取有力措施加以解决。",
)


def test_sentences_after_an_admission_in_the_same_paragraph_are_one_problem_each() -> None:
    data = parsed(SENTENCES_AFTER_AN_ADMISSION)
    assert problems(data) == ["产业链条不够完整", "镇村两级财力偏弱", "公共服务供给质量不高"]
    assert "但也存在不少短板" in data["problem_section"]["reason"]
    # '…还有差距。' admits the same way.
    gap = SENTENCES_AFTER_AN_ADMISSION.replace("但也存在不少短板。", "但与先进地区相比还有差距。")
    assert problems(parsed(gap)) == ["产业链条不够完整", "镇村两级财力偏弱", "公共服务供给质量不高"]


def test_sentences_of_work_done_after_an_admission_are_no_problems() -> None:
    done = SENTENCES_AFTER_AN_ADMISSION.replace(
        "产业链条不够完整。镇村两级财力偏弱。公共服务供给质量不高。",
        "我们新建产业项目5个。镇村两级财力稳步增长。公共服务持续改善。",
    )
    assert problems(parsed(done)) == []


# --- an admission worded as '问题也不容忽视。' (no 存在/还有) ------------------------------------

NOT_TO_BE_IGNORED = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "成绩来之不易，问题也不容忽视。一是园区配套仍然薄弱，污水管网建设滞后。二是民营经济占比偏低，"
    "龙头企业少。三是基层医疗服务能力不足，乡村医生缺口较大。以上问题必须下决心加以解决。",
)


def test_difficulties_after_an_admission_that_they_cannot_be_ignored() -> None:
    data = parsed(NOT_TO_BE_IGNORED)
    assert problems(data) == [
        "园区配套仍然薄弱，污水管网建设滞后",
        "民营经济占比偏低，龙头企业少",
        "基层医疗服务能力不足，乡村医生缺口较大",
    ]
    assert "问题也不容忽视" in data["problem_section"]["reason"]
    # '…的问题不容忽视' about something to watch, with points of work done, lists nothing.
    done = NOT_TO_BE_IGNORED.replace(
        "一是园区配套仍然薄弱，污水管网建设滞后。二是民营经济占比偏低，龙头企业少。"
        "三是基层医疗服务能力不足，乡村医生缺口较大。以上问题必须下决心加以解决。",
        "一是新建园区道路12公里。二是新增民营企业320户。三是建成村卫生室15个。",
    )
    assert problems(parsed(done)) == []


# --- a sentence opening with the outside's difficulty and going on with the county's own ----

OUTSIDE_THEN_OWN = FACING.replace(
    "当前，全县经济运行仍然面临不小压力和挑战。从需求看，居民消费意愿不强；从供给看，新动能支撑不足；从财政看，收支平衡压力较大，化债任务艰巨。对此，我们将高度重视，采取有力措施加以解决。",
    "我们也清醒认识到，全县发展还面临不少问题和挑战，主要是：外部环境变化影响加深，"
    "居民消费意愿仍然不强，传统产业转型任务艰巨。部分小微企业经营较为困难。"
    "农村公共服务还有短板。我们将加大工作力度，努力加以解决。",
)


def test_own_difficulties_after_the_outsides_in_one_sentence_stay_problems() -> None:
    data = parsed(OUTSIDE_THEN_OWN)
    # The own part is a pair of complete shortfalls: two problems, as r13g's pairs.
    assert problems(data) == [
        "居民消费意愿仍然不强",
        "传统产业转型任务艰巨",
        "部分小微企业经营较为困难",
        "农村公共服务还有短板",
    ]
    assert "外部环境变化影响加深" in data["problem_section"]["reason"]
    # The outside's difficulty with its own consequence only ('…，给企业带来压力') stays out.
    consequence = OUTSIDE_THEN_OWN.replace(
        "居民消费意愿仍然不强，传统产业转型任务艰巨。", "给外贸企业带来较大压力。"
    )
    assert problems(parsed(consequence)) == ["部分小微企业经营较为困难", "农村公共服务还有短板"]
    # A clause between two of the outside's is the world's too.
    between = OUTSIDE_THEN_OWN.replace(
        "居民消费意愿仍然不强，传统产业转型任务艰巨。", "地区冲突频发，外部需求持续走弱。"
    )
    assert problems(parsed(between)) == ["部分小微企业经营较为困难", "农村公共服务还有短板"]
