"""Shapes the fifth held-out set showed the reader missing (tests/fixtures/corpus-heldout-5/
README.md, 'First measurement'), each written anew here — not the documents' text — with the
negatives that keep the new rules from reading too much."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

# --- 1. each problem written as a top-level heading ('一、…的问题。') ---------------------------

PROBLEM_HEADINGS = """关于河道保洁问题的整改报告
区督查室：
收到督查通报后，我街道立即对指出的问题进行了整改，现将整改情况报告如下：
一、滨河路段河面漂浮物较多、保洁不及时的问题。
该路段保洁由一家公司承包，人手不足，加之近期连续降雨，上游漂浮物增多。收到通报后，我街道当即组织人员打捞，并增加了保洁频次。
二、沿河排口污水直排的问题。
部分沿河商户没有接入市政管网，管理人员不足，巡查不到位等原因导致污水直排。我街道从以下几个方面进行了整治：
一是对沿河商户逐户排查；
二是督促商户接入管网；
三是加强日常巡查。
"""


def test_problems_written_as_top_level_headings_are_the_problems() -> None:
    data = parsed(PROBLEM_HEADINGS)
    assert problems(data) == [
        "滨河路段河面漂浮物较多、保洁不及时的问题",
        "沿河排口污水直排的问题",
    ]
    assert "一级标题" in data["problem_section"]["reason"]
    # the causes and the measures already taken are no problems, and no plan either
    assert plans(data) == []


def test_one_problem_heading_alone_is_not_a_list_of_problem_headings() -> None:
    text = PROBLEM_HEADINGS.replace("二、沿河排口污水直排的问题。", "二、整治情况")
    data = parsed(text)
    assert "一级标题" not in (data["problem_section"] or {}).get("reason", "")


def test_headings_about_solving_problems_are_not_problems() -> None:
    text = """某县2023年工作总结
一、着力解决群众反映强烈的问题。
全年办结群众诉求1200件。
二、妥善处理历史遗留的问题。
化解信访积案15件。
"""
    data = parsed(text)
    assert problems(data) == []


# --- 2. problems under field sub-headings with '一是…' points; causes beside them -------------

FIELD_PROBLEMS = """（二）队伍和制度建设仍有短板
对照年初目标，我局的队伍和制度建设主要存在以下几个方面不足：
1、人才培养方面。一是青年干部轮岗锻炼的机会偏少。二是业务培训内容与实际工作脱节。
2、制度执行方面。一是个别股室请示报告不及时。二是考勤制度执行时松时紧。
3、后勤保障方面。办公用房分散、车辆调度不够顺畅的情况仍未根本改变。
三、存在问题的主要原因
以上问题的存在，既有客观原因，也有主观原因：
（一）思想上有所松懈。一是满足于完成日常工作。二是创新意识不强。
"""


def test_problems_under_field_sub_headings_are_read_and_causes_are_not() -> None:
    data = parsed(FIELD_PROBLEMS)
    assert problems(data) == [
        "青年干部轮岗锻炼的机会偏少",
        "业务培训内容与实际工作脱节",
        "个别股室请示报告不及时",
        "考勤制度执行时松时紧",
        "办公用房分散、车辆调度不够顺畅的情况仍未根本改变",
    ]


def test_a_causes_heading_naming_the_problems_gives_no_problems_of_its_own() -> None:
    # the problems above were not given (a cut page): the causes are still no problems
    text = "（二）队伍和制度建设\n全年工作有序推进。\n三、" + FIELD_PROBLEMS.split("三、")[1]
    data = parsed(text)
    assert problems(data) == []


def test_field_headings_of_achievements_are_no_problems() -> None:
    text = """某局2023年工作总结
一、主要工作
1、人才培养方面。一是选派青年干部轮岗锻炼12人次。二是举办业务培训6期。
2、制度执行方面。一是修订请示报告制度。二是严格考勤管理。
"""
    data = parsed(text)
    assert problems(data) == []


# --- 3. problems as '(1)…' / '①…' items, each followed by '整改措施：' -------------------------

RECTIFICATION_SCHEME = """某镇巡察反馈问题整改实施方案
为抓好县委第二巡察组反馈问题的整改，制定本方案。
一、整改任务
1.基层党建方面
(1)个别村党组织“三会一课”记录不全，组织生活流于形式。(牵头单位:党建办;责任单位:各村)
整改措施:逐村检查会议记录，建立月通报制度。
(2)集体经济方面。
①有的村集体资产台账不清、合同管理不规范，有的村集体收入连续两年下降等。(牵头单位:经管站)
整改措施:一是开展资产清查。二是规范合同管理。
"""


def test_items_followed_by_their_measures_are_the_problems_of_a_scheme() -> None:
    data = parsed(RECTIFICATION_SCHEME)
    assert problems(data) == [
        "个别村党组织“三会一课”记录不全，组织生活流于形式",
        "有的村集体资产台账不清、合同管理不规范，有的村集体收入连续两年下降等",
    ]
    assert plans(data) == []


def test_a_sub_heading_reported_as_rectified_is_the_problem() -> None:
    text = """某区关于审计发现问题整改情况的函
市审计局：
现将整改情况函告如下：
一、总体情况
审计发现问题涉及我区共3个，均已整改。
二、具体整改情况
（一）部分专项资金未按期拨付到位。
该问题已完成整改。一是制定拨付计划。二是建立台账。
"""
    data = parsed(text)
    assert problems(data) == ["部分专项资金未按期拨付到位"]


def test_measures_without_problems_before_them_give_none() -> None:
    text = """某局工作方案
一、主要任务
(1)开展业务培训。
工作措施:每季度一次。
(2)完善考核制度。
工作措施:年底前出台。
"""
    data = parsed(text)
    assert problems(data) == []


# --- 5. a whole document that is a work plan: unnumbered group headings, ';' tasks -----------

WORK_PLAN = """2025年,河西社区总的工作思路是:坚持党建引领,围绕居民需求,着力提升社区治理和服务水平。
夯实基层党建,凝聚治理合力
健全组织,推进楼栋党小组全覆盖;强化教育,开展党员冬训和主题党日;从严管理,落实党员积分制度。
优化便民服务,提升居民满意度
完善一站式服务大厅功能;推行养老服务上门办理。
"""


def test_a_work_plan_document_gives_each_semicolon_task() -> None:
    data = parsed(WORK_PLAN)
    assert plans(data) == [
        "健全组织,推进楼栋党小组全覆盖",
        "强化教育,开展党员冬训和主题党日",
        "从严管理,落实党员积分制度",
        "完善一站式服务大厅功能",
        "推行养老服务上门办理",
    ]
    assert "工作思路" in data["plan_section"]["reason"]


def test_a_titled_work_plan_is_read_the_same_way() -> None:
    text = "河西社区2025年工作要点\n" + WORK_PLAN.split("\n", 1)[1]
    assert len(plans(parsed(text))) == 5


def test_the_same_layout_of_work_done_is_no_plan() -> None:
    text = """2024年,河西社区工作情况总结如下:
夯实基层党建,凝聚治理合力
健全了组织,楼栋党小组全覆盖;开展党员冬训和主题党日12次;落实了党员积分制度。
优化便民服务,提升居民满意度
完善了一站式服务大厅功能;推行养老服务上门办理。
"""
    assert plans(parsed(text)) == []


def test_a_work_plan_read_from_a_text_file_keeps_its_tasks() -> None:
    # the plain-text reader joins a short heading line to the next line: the heading then
    # stays at the front of the group's first task, and no task is lost
    from plans.parsing import parse_report as parse
    from plans.reading import read_document

    document = read_document(WORK_PLAN.encode("utf-8"), "plan.txt")
    section = parse(document.paragraphs).plan_section
    assert section is not None
    found = [item.title + item.body for item in section.items]
    assert len(found) == 5
    assert "推进楼栋党小组全覆盖" in found[0]
    assert found[3].endswith("完善一站式服务大厅功能")


# --- 4. problems as a comma list right after an admission, in the same sentence --------------

ADMISSION_COMMAS = """某局2024年政务公开工作年度报告
一、总体情况
2024年，我局扎实推进政务公开。
二、存在的主要问题及改进情况
2024年，我局政务公开工作取得一定成效，但仍然存在一些问题与不足，政策解读形式较为单一，基层公开专栏更新不够及时。针对以上问题，我局将加强培训，提高公开质量。
"""


def test_a_comma_list_after_an_admission_gives_one_problem_a_clause() -> None:
    data = parsed(ADMISSION_COMMAS)
    assert problems(data) == ["政策解读形式较为单一", "基层公开专栏更新不够及时"]


def test_an_admission_followed_by_what_was_done_gives_no_problem() -> None:
    text = ADMISSION_COMMAS.replace(
        "政策解读形式较为单一，基层公开专栏更新不够及时", "我局高度重视，立即召开专题会议研究"
    )
    assert "我局高度重视" not in " ".join(problems(parsed(text)))


# --- 4b. problems as plain sentences after '…还存在不少困难和问题。' in the same paragraph -------

PROSE = (
    "回顾一年来的工作，我们也清醒地看到，发展中还存在不少困难和问题。"
    "全市产业结构不够合理，新兴产业规模偏小；城乡基础设施建设滞后。"
    "民营经济活力有待增强，部分企业经营困难。"
    "一些部门服务意识不强，办事效率不高。"
    "这些都需要我们在今后工作中认真加以解决。"
)


def test_plain_sentences_after_an_admission_are_the_problems() -> None:
    data = parsed("某市政府工作报告\n各位代表：\n" + PROSE)
    assert problems(data) == [
        "全市产业结构不够合理，新兴产业规模偏小",
        "城乡基础设施建设滞后",
        "民营经济活力有待增强，部分企业经营困难",
        "一些部门服务意识不强，办事效率不高",
    ]
    assert "存在不少困难和问题" in data["problem_section"]["reason"]


def test_an_admission_sentence_alone_opens_no_problems() -> None:
    text = "某市政府工作报告\n各位代表：\n发展中还存在不少困难和问题。\n我们一定认真对待。"
    assert problems(parsed(text)) == []


def test_an_admission_about_solving_problems_opens_nothing() -> None:
    text = (
        "某市政府工作报告\n各位代表：\n一年来，我们着力解决群众反映的困难和问题。"
        "全年新建学校12所。改造老旧小区30个。"
    )
    assert problems(parsed(text)) == []


# --- a page fragment in one paragraph holding one run-on heading, the plan's ------------------

FRAGMENT = (
    "防汛物资储备不足，部分村排涝设施老化。三、下一步工作打算下一步,我街道将坚持预防为主,"
    "扎实做好防汛工作。1、进一步完善防汛预案。组织各社区修订预案。2、进一步加强巡查队伍建设。"
    "每个社区组建巡查队一支。3、进一步落实物资储备。"
)


def test_one_run_on_plan_heading_with_its_items_is_read() -> None:
    data = parsed(FRAGMENT)
    assert plans(data) == ["进一步完善防汛预案", "进一步加强巡查队伍建设", "进一步落实物资储备"]


def test_a_lone_number_after_a_full_stop_without_items_is_no_heading() -> None:
    text = FRAGMENT.split("1、")[0]
    assert plans(parsed(text)) == []
    text = "全年完成培训三次。三、下一步工作打算下一步,我街道将继续努力,推进各项工作。"
    assert plans(parsed(text)) == []


def test_qualities_of_one_subject_listed_with_a_pause_mark_stay_one_problem() -> None:
    from plans.parsing import split_problems

    text = "政风还需进一步改进，一些干部还存在不担当、不作为甚至乱作为等问题。"
    assert [text[s:e] for _, s, e in split_problems(text)] == [
        "政风还需进一步改进",
        "一些干部还存在不担当、不作为甚至乱作为",
    ]
    # shortfalls of different things, each with its own subject, are still cut apart
    text = "检查发现存在安全台账记录不规范、隐患整改不够及时等问题。"
    assert [text[s:e] for _, s, e in split_problems(text)] == [
        "安全台账记录不规范",
        "隐患整改不够及时",
    ]


# --- a fragment starting inside the problem list (the first number lost) ----------------------

MID_LIST = (
    "宣传培训覆盖面不够。部分村民防范意识仍然淡薄。3、基层防控力量有待充实。部分村网格员兼职过多。"
    "三、下一步工作打算下一步,我乡将继续做好防控工作。1、进一步加强宣传培训。每季度开展一次。"
    "2、进一步充实基层力量。"
)


def test_a_fragment_starting_inside_the_problem_list_gives_its_problems() -> None:
    data = parsed(MID_LIST)
    assert problems(data) == ["宣传培训覆盖面不够", "基层防控力量有待充实"]
    assert plans(data) == ["进一步加强宣传培训", "进一步充实基层力量"]


def test_achievements_before_the_plan_in_a_fragment_are_no_problems() -> None:
    text = MID_LIST.replace(
        "宣传培训覆盖面不够。部分村民防范意识仍然淡薄。", "全年开展宣传培训12场。"
    ).replace("基层防控力量有待充实。部分村网格员兼职过多。", "充实基层防控力量，新增网格员20名。")
    assert problems(parsed(text)) == []
