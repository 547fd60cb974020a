"""Problem shapes of the tenth session (r13p): a rectification report's numbered findings
('1、针对…问题' with the work done below), self-examination parts ('（二）…方面。') turning
from what the writer does to its shortfalls, an '一是' list broken by a line end, and the
problems of a speech analysing causes. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

FINDINGS = """关于省生态环境保护督察反馈问题整改落实情况的报告
一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。
1、针对乡村两级干部重视不够问题
收到督察反馈意见后，我乡立即召开党委会议，一是成立了整改工作领导小组，由乡长任组长。
制定了整改工作方案，将各项任务分解到人。
二是每月召开一次专题会议研究生态保护工作。
2、针对“养殖场污染治理不彻底问题
我乡组织各村对养殖场逐一排查，督促养殖户完善粪污处理设施，签订了治理承诺书。
3、针对“河道日常巡查不到位，没有及时发现违规排污”问题
一是由河长办牵头开展每周巡河。
二是配合县环保部门开展联合检查。
"""


def test_a_rectification_reports_numbered_findings_are_its_problems() -> None:
    data = parsed(FINDINGS)
    assert problems(data) == [
        "针对乡村两级干部重视不够问题",
        "针对“养殖场污染治理不彻底问题",
        "针对“河道日常巡查不到位，没有及时发现违规排污”问题",
    ]
    section = data["problem_section"]
    assert "已做的整改工作" in section["reason"]
    # The work done is kept with its finding, never a problem of its own.
    assert "整改工作领导小组" in section["items"][0]["body"]


def test_findings_at_the_top_level_are_not_read_as_one_problem_heading() -> None:
    # The group heading run into the title: the '1、针对…问题' headings are the top level, and
    # the first is no problem heading whose work done would be split into problems.
    flat = FINDINGS.replace(
        "报告\n一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。",
        "报告一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。",
    )
    data = parsed(flat)
    assert problems(data) == [
        "针对乡村两级干部重视不够问题",
        "针对“养殖场污染治理不彻底问题",
        "针对“河道日常巡查不到位，没有及时发现违规排污”问题",
    ]


def test_headings_naming_what_was_targeted_outside_a_rectification_are_not_findings() -> None:
    # The same headings in a year's summary: measures against matters, no rectification.
    summary = FINDINGS.replace(
        "关于省生态环境保护督察反馈问题整改落实情况的报告", "某乡2025年生态保护工作总结"
    ).replace("一、关于“对生态保护认识不深，责任压得不实”问题的整改落实情况。", "一、主要做法")
    summary = summary.replace("收到督察反馈意见后", "年初").replace("整改工作", "工作")
    assert "整改" not in summary
    assert problems(parsed(summary)) == []
    # '针对上述问题' points back and names no finding.
    pointers = FINDINGS.replace("针对乡村两级干部重视不够问题", "针对上述问题").replace(
        "针对“养殖场污染治理不彻底问题", "针对反馈的问题"
    )
    assert "针对乡村两级干部重视不够问题" not in problems(parsed(pointers))


# --- a speech's problems after the causes are analysed, an '一是' list broken by a line end ---

CAUSES = """同志们：
刚才几位同志作了很好的发言，下面，我再讲三点意见。
一、我区的防汛工作在全市排名靠后，必须痛定思痛，奋起直追。
回顾今年几次险情的原因，主要存在以下几个方面的突出问题：一是防汛责任意识没有树牢。总认为汛期年年过，心存侥幸；
有的会上讲得多，会后落得少，对风险点位底数不清。二是基层应急处置能力不足，抢险队伍缺乏训练，物资储备不到位。
二、压紧压实各级防汛责任。
"""


def test_problems_admitted_after_the_causes_are_named_and_a_list_broken_by_a_line_end() -> None:
    data = parsed(CAUSES)
    found = problems(data)
    assert len(found) == 2
    assert found[0].startswith("防汛责任意识没有树牢")
    assert found[1].startswith("基层应急处置能力不足")
    # The line after the '；' belongs to the first point.
    assert "对风险点位底数不清" in data["problem_section"]["items"][0]["text"]


def test_a_list_of_causes_is_no_list_of_problems() -> None:
    causes = CAUSES.replace(
        "回顾今年几次险情的原因，主要存在以下几个方面的突出问题：",
        "回顾今年几次险情，产生问题的原因主要有以下几个方面：",
    )
    assert problems(parsed(causes)) == []


def test_a_paragraph_of_its_own_after_point_one_is_not_joined_to_it() -> None:
    # The next paragraph goes on with no point 二: a paragraph of its own, not read into 一.
    alone = CAUSES.replace("二是基层应急处置能力不足，", "另外，基层应急处置能力不足，")
    section = parsed(alone)["problem_section"]
    assert "合为一段" not in str(section)
    assert not any("底数不清" in item["text"] for item in section["items"])


# --- a self-examination's parts: what the writer does, then '但' and the shortfalls ---

# (Written one paragraph a part: joining a page's broken lines is the reader's, see
# test_reading.py.)
ASPECTS = """（一）理论学习方面。作为局党组书记，我坚持把理论学习摆在首位，带头参加集中学习。但学习的系统性还不够强，满足于读原文、记笔记，联系实际思考较少。个人自学时间安排不足，往往忙于事务，挤不出整块时间。
比如：对新修订的条例，只学了条文，没有结合本局实际研究。
（二）担当作为方面。作为主要负责人，能够认识到改革攻坚的紧迫性。但面对历史遗留问题，有时存在畏难情绪，推动解决的办法不多。对基层反映的困难跟踪问效不够，有的事项一拖再拖，迟迟没有结果。
"""


def test_a_self_examinations_parts_turning_to_shortfalls_list_each_sentence() -> None:
    data = parsed(ASPECTS)
    found = problems(data)
    assert len(found) == 4
    assert found[0].startswith("学习的系统性还不够强")
    assert found[1].startswith("个人自学时间安排不足")
    assert found[2].startswith("面对历史遗留问题，有时存在畏难情绪")
    assert found[3].startswith("对基层反映的困难跟踪问效不够")
    # What the writer does, before the turn, is no problem; the example illustrates one.
    assert not any("作为" in text or "比如" in text for text in found)
    assert "方面" in data["problem_section"]["reason"]


def test_parts_whose_turn_tells_an_achievement_list_nothing() -> None:
    achieved = ASPECTS.replace(
        "但学习的系统性还不够强，满足于读原文、记笔记，联系实际思考较少。个人自学时间安排不足，往往忙于事务，挤不出整块时间。",
        "但学习任务重，我们挤出时间，全年集中学习二十四次。个人撰写心得体会十二篇。",
    ).replace(
        "但面对历史遗留问题，有时存在畏难情绪，推动解决的办法不多。对基层反映的困难跟踪问效不够，有的事项一拖再拖，迟迟没有结果。",
        "但面对历史遗留问题，我们迎难而上，化解了一批积案。全年办结基层反映事项一百二十件。",
    )
    assert "畏难" not in achieved
    assert problems(parsed(achieved)) == []
    # One part alone is not yet a self-examination by aspects.
    assert problems(parsed(ASPECTS.split("（二）")[0])) == []


# --- a problem heading cut before its text, the shortfalls told under the state of things ---

STATE = """某区2025年督查检查考核自查报告
一、督查检查考核的现状
1.检查频次偏多：今年各部门到基层检查的次数较上年增加，基层迎检负担较重。
2.考核指标设置不够精简：部分考核指标在不同考核中重复设置，基层重复填报材料。
3.督查方式单一：部分督查仍以听汇报、看台账为主，深入一线不够。
二、问题分析
"""


def test_an_empty_problem_heading_gives_way_to_the_shortfalls_told_before_it() -> None:
    data = parsed(STATE)
    assert problems(data) == ["检查频次偏多", "考核指标设置不够精简", "督查方式单一"]
    assert "“二、问题分析”下没有" in data["problem_section"]["reason"]


def test_points_of_praise_before_an_empty_problem_heading_list_nothing() -> None:
    praised = (
        STATE.replace("检查频次偏多：", "检查计划科学：")
        .replace("考核指标设置不够精简：", "考核指标精简：")
        .replace("督查方式单一：", "督查方式多样：")
    )
    data = parsed(praised)
    assert problems(data) == []
    assert any("问题分析" in warning for warning in data["warnings"])


# --- '…取得一定成效，但…仍有提升空间。' introduces the problems like '…仍存在一定差距。' ---

ROOM = """某县2025年政务服务工作年度报告
一、总体情况
2025年，全县政务服务事项网上可办率达到95%。
五、存在的主要问题及改进情况
2025年，全县政务服务工作取得一定成效，但对照群众期盼，仍有较大提升空间。如窗口办事效率还不够高、部分事项仍需群众多次跑腿等。
"""


def test_room_for_improvement_after_an_achievement_introduces_the_problems() -> None:
    data = parsed(ROOM)
    found = problems(data)
    assert found and not any("取得一定成效" in item for item in found)
    assert any("窗口办事效率还不够高" in item for item in found)
    assert "引出问题的概括" in data["problem_section"]["items"][0]["reason"]


def test_room_for_improvement_named_for_a_matter_stays_a_problem() -> None:
    # No achievement and turn before it: the room is the problem, for a matter named.
    named = ROOM.replace(
        "2025年，全县政务服务工作取得一定成效，但对照群众期盼，仍有较大提升空间。",
        "乡镇便民服务中心的标准化水平仍有较大提升空间。",
    )
    assert any("标准化水平仍有较大提升空间" in item for item in problems(parsed(named)))


# --- '问题也不容忽视。' closing a paragraph, the points in paragraphs of their own ---

OVERLOOKED = """某镇2025年工作总结
一、主要成绩
全年完成固定资产投资8.2亿元，新建村级道路15公里，农村人居环境明显改善。成绩固然可喜，问题也不容忽视。
一是产业转型任务艰巨，传统产业占比仍然偏高，新兴产业规模小。
二是群众增收渠道窄，农民收入主要依靠外出务工。
三是城镇功能配套滞后，教育医疗资源分布不均。
二、2026年工作打算
（一）加快产业发展。
（二）补齐城镇功能短板。
"""


def test_problems_not_to_be_overlooked_in_paragraphs_of_their_own() -> None:
    data = parsed(OVERLOOKED)
    assert problems(data) == [
        "产业转型任务艰巨，传统产业占比仍然偏高，新兴产业规模小",
        "群众增收渠道窄，农民收入主要依靠外出务工",
        "城镇功能配套滞后，教育医疗资源分布不均",
    ]
    assert "不容忽视" in data["problem_section"]["reason"]


def test_points_of_work_done_after_the_same_words_list_nothing() -> None:
    done = (
        OVERLOOKED.replace(
            "一是产业转型任务艰巨，传统产业占比仍然偏高，新兴产业规模小。",
            "一是新引进企业12家，完成技改投资3亿元。",
        )
        .replace(
            "二是群众增收渠道窄，农民收入主要依靠外出务工。",
            "二是开展技能培训20期，培训农民1500人次。",
        )
        .replace(
            "三是城镇功能配套滞后，教育医疗资源分布不均。", "三是建成镇卫生院新院区，新增床位80张。"
        )
    )
    assert problems(parsed(done)) == []
    # '安全生产的问题不容忽视' names a matter to watch, no admission.
    watched = OVERLOOKED.replace(
        "成绩固然可喜，问题也不容忽视。", "汛期将至，安全生产的问题不容忽视。"
    )
    assert problems(parsed(watched)) == []
