"""The closing part of an annual open-government report (政府信息公开工作年度报告), which every
government body publishes each year: '五、存在的主要问题及改进情况' holds the admitted problems
and the measures for the coming year, the measures being the tasks. Every text here is invented;
each shape has a negative that must stay as it was. See docs/notes/issue-13.md, section of
engineer r13i."""

from __future__ import annotations

from plans.radicals import fold_radicals
from tests.plans.shapes import parsed, plans, problems

# --- 1. measures as '（一）…。' sub-headings after a paragraph naming the problems ---------------

MEASURES_AS_SUBHEADINGS = """某县某镇2025年政府信息公开工作年度报告
一、总体情况
2025年，某镇认真贯彻落实《条例》要求，主动公开政府信息136条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
2025年我镇政务公开工作取得了一定成效，但还存在一些差距，如信息更新速度需要进一步加快，解读材料形式需进一步丰富，村级公开栏管理需进一步规范等。针对上述问题，我镇将通过以下措施加以改进：
（一）进一步健全信息发布审核机制。
明确各办所的信息发布责任人，落实三级审核。
（二）持续丰富政策解读形式。
运用图表、短视频等方式解读惠民政策。
（三）切实加强村级公开栏管理。
每季度检查一次村级公开栏更新情况。
六、其他需要报告的事项
本单位无其他需要报告的事项。
"""


def test_measures_as_subheadings_are_the_plan_and_the_paragraph_before_them_the_problems() -> None:
    data = parsed(MEASURES_AS_SUBHEADINGS)
    assert plans(data) == [
        "进一步健全信息发布审核机制",
        "持续丰富政策解读形式",
        "切实加强村级公开栏管理",
    ]
    assert problems(data) == [
        "信息更新速度需要进一步加快",
        "解读材料形式需进一步丰富",
        "村级公开栏管理需进一步规范",
    ]


def test_subheadings_for_problems_and_measures_keep_their_own_sections() -> None:
    text = (
        MEASURES_AS_SUBHEADINGS.replace(
            "2025年我镇政务公开工作取得了一定成效，但还存在一些差距，如信息更新速度需要进一步加快，"
            "解读材料形式需进一步丰富，村级公开栏管理需进一步规范等。针对上述问题，我镇将通过以下措施加以改进：\n"
            "（一）进一步健全信息发布审核机制。\n明确各办所的信息发布责任人，落实三级审核。\n",
            "（一）存在的主要问题\n一是信息更新速度不够快；二是解读材料形式单一。\n（二）改进措施\n"
            "1.进一步健全信息发布审核机制。\n",
        )
        .replace("（二）持续丰富", "2.持续丰富")
        .replace("（三）切实加强", "3.切实加强")
    )
    data = parsed(text)
    assert problems(data) == ["信息更新速度不够快", "解读材料形式单一"]
    assert plans(data) == [
        "进一步健全信息发布审核机制",
        "持续丰富政策解读形式",
        "切实加强村级公开栏管理",
    ]


# --- 2. the same written with Kangxi radical code points ('⼯作', '进⼀步提⾼') ---------------

RADICALS = str.maketrans("工一力高人长", "⼯⼀⼒⾼⼈⻓")


def test_radical_code_points_are_read_as_the_characters_they_stand_for() -> None:
    text = MEASURES_AS_SUBHEADINGS.translate(RADICALS)
    assert text != MEASURES_AS_SUBHEADINGS
    data = parsed(text)
    # What is shown keeps the document's own code points.
    assert plans(data) == [
        "进⼀步健全信息发布审核机制",
        "持续丰富政策解读形式",
        "切实加强村级公开栏管理",
    ]
    assert [fold_radicals(p) for p in problems(data)] == [
        "信息更新速度需要进一步加快",
        "解读材料形式需进一步丰富",
        "村级公开栏管理需进一步规范",
    ]


def test_folding_keeps_length_and_leaves_other_text_alone() -> None:
    assert fold_radicals("进⼀步提⾼⻓期") == "进一步提高长期"
    assert fold_radicals("⺮字头与⼟") == "⺮字头与土"  # a radical that is no character stays
    plain = "进一步提高工作水平"
    assert fold_radicals(plain) is plain


# --- 3. problems and the announced measures in one paragraph ---------------------------------

ONE_PARAGRAPH = """某区某街道2025年政府信息公开工作年度报告
一、总体情况
2025年，某街道主动公开政府信息88条，办理依申请公开2件。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
2025年，街道政府信息公开工作取得了一定成效，但仍存在一些不足，主要体现在政策解读不够通俗，办事指南更新不够及时。2026年将从以下方面进行改进：一是规范政策解读流程。每份政策文件同步解读。二是建立办事指南季度更新制度。由党政办每季度核对一次。
六、其他需要报告的事项
本单位无其他需要报告的事项。
"""


def test_problems_end_where_the_sentence_announcing_the_measures_begins() -> None:
    data = parsed(ONE_PARAGRAPH)
    assert problems(data) == ["政策解读不够通俗", "办事指南更新不够及时"]
    assert plans(data) == ["规范政策解读流程", "建立办事指南季度更新制度"]


def test_a_list_of_problems_announced_with_yixia_is_not_cut() -> None:
    text = ONE_PARAGRAPH.replace(
        "但仍存在一些不足，主要体现在政策解读不够通俗，办事指南更新不够及时。2026年将从以下方面进行改进：一是规范政策解读流程。每份政策文件同步解读。二是建立办事指南季度更新制度。由党政办每季度核对一次。",
        "但仍存在以下不足：一是政策解读不够通俗；二是办事指南更新不够及时。",
    )
    assert problems(parsed(text)) == ["政策解读不够通俗", "办事指南更新不够及时"]


# --- 4. measures written as the text of their own sub-heading --------------------------------

MEASURES_AFTER_LABEL = """某市某局2025年政府信息公开工作年度报告
五、存在的主要问题及改进情况
（一）存在的主要问题：一是主动公开的意识还有待增强；二是公开栏目更新还不够及时。
（二）改进措施：我局将加强对信息员的业务培训，提升发布质量，规范审核流程。同时，建立栏目更新台账，努力做到按月更新。
六、其他需要报告的事项
本单位无其他需要报告的事项。
"""


def test_measures_written_after_their_label_give_one_task_a_sentence() -> None:
    data = parsed(MEASURES_AFTER_LABEL)
    assert plans(data) == ["加强对信息员的业务培训", "建立栏目更新台账"]
    assert data["plan_section"]["items"][0]["body"] == "提升发布质量，规范审核流程。"
    assert problems(data) == ["主动公开的意识还有待增强", "公开栏目更新还不够及时"]


def test_a_general_promise_after_the_label_gives_no_task() -> None:
    text = MEASURES_AFTER_LABEL.replace(
        "我局将加强对信息员的业务培训，提升发布质量，规范审核流程。同时，建立栏目更新台账，努力做到按月更新。",
        "我局将继续努力，再接再厉。",
    )
    assert plans(parsed(text)) == []
