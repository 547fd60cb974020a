"""Shapes of whole department annual reports (总结和计划) that the reader misread: a plan point
carrying its measures as '一是…。二是…。' sentences, a plan framed by '总体目标 / 总体思路 /
重点工作', problems after '主要是：' closed by a general resolve, and an achievement counting the
problems it found. Each text is invented for its shape, with a negative that keeps the rule
from reading too much."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

# --- 1. a plan point whose measures are '一是…。二是…。' sentences in the same paragraph --------

POINTS_WITH_MEASURES = """某区林业局2024年工作总结及2025年工作计划
一、2024年主要工作情况
全年完成植树造林1.2万亩，森林覆盖率提高0.5个百分点。
二、2025年工作计划
（一）“绿色化”推进国土绿化行动。一是实施沿海防护林提升工程。完成基干林带修复3000亩，补植乡土树种。二是推进城乡绿道建设。新建绿道20公里，串联主要公园和景区。三是开展村庄绿化美化。打造绿化示范村5个。
（二）“智慧化”提升森林防火能力。一是建设火情监测系统，在重点林区布设监控点40个。二是加强扑火队伍建设。组织实战演练6次。
（三）“规范化”加强林业执法监管。严厉打击滥砍滥伐、非法占用林地等行为，全年开展专项行动2次。
来源：某区林业局
"""


def test_a_plan_point_with_measures_as_sentences_is_one_item_with_its_measures() -> None:
    data = parsed(POINTS_WITH_MEASURES)
    assert plans(data) == [
        "“绿色化”推进国土绿化行动",
        "“智慧化”提升森林防火能力",
        "“规范化”加强林业执法监管",
    ]
    first = data["plan_section"]["items"][0]
    assert first["body"].startswith("一是实施沿海防护林提升工程")
    assert "三是开展村庄绿化美化" in first["body"]
    # no '一是' repeated across the plan any more, and a report admitting nothing has no problems
    assert not any("重复" in warning for warning in data["warnings"])
    assert problems(data) == []


def test_a_plan_point_with_mixed_stops_between_its_measures_is_one_item() -> None:
    # '一是…；二是…。三是…。' and a closing target: the points are sentences, not one list.
    text = POINTS_WITH_MEASURES.replace(
        "（三）“规范化”加强林业执法监管。严厉打击滥砍滥伐、非法占用林地等行为，全年开展专项行动2次。",
        "（三）积极盘活林业资产。一是清理闲置林场房产，建立资产台账；二是推进林地经营权流转。"
        "三是探索碳汇交易试点。全年计划盘活资产3000万元。",
    )
    assert plans(parsed(text))[2] == "积极盘活林业资产"


def test_a_plan_point_listing_projects_in_one_sentence_still_gives_one_task_each() -> None:
    # '（二）…。一是A；二是B；三是C。' — one sentence naming separate projects: one task each.
    text = POINTS_WITH_MEASURES.replace(
        "（二）“智慧化”提升森林防火能力。一是建设火情监测系统，在重点林区布设监控点40个。二是加强扑火队伍建设。组织实战演练6次。",
        "（二）继续发展林下经济。一是建设东山村500亩林下中药材基地；二是扶持西岭村食用菌种植；"
        "三是推进南坑村竹林改造。",
    )
    assert plans(parsed(text)) == [
        "“绿色化”推进国土绿化行动",
        "建设东山村500亩林下中药材基地",
        "扶持西岭村食用菌种植",
        "推进南坑村竹林改造",
        "“规范化”加强林业执法监管",
    ]


def test_the_reason_of_a_point_kept_whole_names_its_measures() -> None:
    first = parsed(POINTS_WITH_MEASURES)["plan_section"]["items"][0]
    assert "是这一项的措施" in first["reason"]


# --- 2. a plan framed by '（一）总体目标 （二）总体思路 （三）重点工作' with the tasks under the last ---

FRAMED_PLAN = """某区市场监管局2023年工作总结及2024年工作计划
一、主要成效
（一）市场主体持续增长。全年新增市场主体5200户。
二、存在问题
一是监管力量不足。二是智慧监管手段不多。
三、2024年工作计划
（一）总体目标
以企业满意为导向，再推出一批便企利民的改革举措，打造一流营商环境。
（二）总体思路
坚持稳中求进工作总基调，突出改革创新，推进监管方式转变。
（三）重点工作
1.深化登记制度改革。推行经营范围规范化登记，压缩开办时间。
2.强化食品安全监管。开展校园食品安全专项检查，全年抽检样品3000批次。
3.提升智慧监管水平。建设“互联网+监管”平台，实现重点企业在线监测。
来源：某区市场监管局
"""


def test_a_plan_framed_by_aim_and_ideas_has_the_key_work_points_as_its_items() -> None:
    data = parsed(FRAMED_PLAN)
    assert plans(data) == ["深化登记制度改革", "强化食品安全监管", "提升智慧监管水平"]
    assert data["plan_section"]["items"][0]["reason"] == "“（三）重点工作”下的编号小标题"
    assert any("“（一）总体目标”是计划的目标或思路" in w for w in data["warnings"])
    assert problems(data) == ["监管力量不足", "智慧监管手段不多"]


def test_a_plan_whose_points_are_tasks_keeps_them_even_with_a_key_work_task() -> None:
    # '（三）抓好重点工作落实' is a task among tasks, not the heading of the tasks.
    text = FRAMED_PLAN.replace("（一）总体目标", "（一）优化营商环境").replace(
        "（二）总体思路", "（二）推进监管方式转变"
    )
    text = text.replace("（三）重点工作\n", "（三）抓好重点工作落实\n")
    assert plans(parsed(text))[:3] == ["优化营商环境", "推进监管方式转变", "抓好重点工作落实"]


# --- 3. problems after '…困难和问题。主要是：A；B；C。', closed by a general resolve -------------
# --- 4. an achievement counting the problems it found ('共查摆出…存在问题15个') ------------------

ADMITTED_AFTER_REVIEW = """某区水利局2024年工作总结和2025年工作计划
一、2024年工作情况
（一）抓好水利工程建设
一是完成水库除险加固3座。二是新建灌溉渠道12公里。
（二）加强党风廉政建设
一是开展廉政教育。组织警示教育会4场。
二是开展作风专项整治。围绕工程招投标等领域认真自查，共查摆出局机关层面存在问题15个。以问题为导向，修订制度6项，已全部完成。
三是落实全面从严治党。常态化开展谈心谈话，签订廉政承诺书86份。
在取得上述成绩的同时，我们也清醒认识到工作中还存在不少困难和问题。主要是：水利基础设施总体薄弱，部分灌区渠系老化，供水保障能力不强；专业技术人才缺乏，年龄结构偏大；部分项目前期工作滞后，资金筹措难度较大。对此，我们将坚持问题导向，切实加以改进解决。
二、2025年工作计划
（一）加快重点水利工程建设。推进城乡供水一体化工程，年内完成投资2亿元。
（二）强化河湖管护。落实河湖长制，开展河湖“四乱”清理整治。
来源：某区水利局
"""


def test_problems_after_main_points_colon_are_read_and_the_general_resolve_is_no_task() -> None:
    data = parsed(ADMITTED_AFTER_REVIEW)
    assert problems(data) == [
        "水利基础设施总体薄弱，部分灌区渠系老化，供水保障能力不强",
        "专业技术人才缺乏，年龄结构偏大",
        "部分项目前期工作滞后，资金筹措难度较大",
    ]
    # '坚持问题导向，切实加以改进解决' names no work: no task
    assert plans(data) == ["加快重点水利工程建设", "强化河湖管护"]


def test_an_achievement_counting_the_problems_it_found_introduces_no_problems() -> None:
    # without the admission, the count of problems found and fixed is no problem, and the
    # point after it ('三是…') continues the achievements rather than listing problems.
    text = ADMITTED_AFTER_REVIEW.split("在取得上述成绩的同时")[0] + (
        "二、2025年工作计划\n（一）加快重点水利工程建设。推进城乡供水一体化工程。\n"
    )
    assert problems(parsed(text)) == []


def test_a_resolve_naming_work_after_the_problems_still_gives_its_tasks() -> None:
    text = ADMITTED_AFTER_REVIEW.replace(
        "对此，我们将坚持问题导向，切实加以改进解决。",
        "对此，我们将坚持问题导向，建立渠系维修台账，加快培养水利专业技术人才。",
    )
    assert plans(parsed(text))[:2] == ["建立渠系维修台账", "加快培养水利专业技术人才"]
