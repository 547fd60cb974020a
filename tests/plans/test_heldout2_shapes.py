"""Shapes the second held-out set showed the reader missing (tests/fixtures/corpus-heldout-2/
README.md), each written anew here — not the held-out documents' text — with the negatives
that keep the new rules from reading too much."""

from __future__ import annotations

from plans.reading import read_document
from tests.plans.shapes import parsed, plans, problems

# --- '改进措施', '整改要求' as plan headings ---------------------------------------------------


def test_remedy_headings_are_plan_headings() -> None:
    for heading in ("四、整改要求", "四、改进措施", "四、今后改进方向", "四、努力方向"):
        data = parsed(
            "某局2022年工作总结\n一、工作开展情况\n全年办理案件120件。\n"
            "二、存在问题\n1.执法力量薄弱。人员不足。\n2.培训不够系统。\n"
            f"{heading}\n1.充实执法队伍。年内补足编制。\n2.健全培训制度。\n"
        )
        assert plans(data) == ["充实执法队伍", "健全培训制度"], heading
        assert problems(data) == ["执法力量薄弱", "培训不够系统"], heading


def test_a_remedy_report_heading_is_no_plan_heading() -> None:
    # '整改落实情况' reports what was done, it promises nothing.
    data = parsed(
        "某局整改报告\n一、整改落实情况\n1.完善制度。已印发三项制度。\n2.加强培训。已培训两次。\n"
    )
    assert plans(data) == []


def test_combined_problem_and_measures_heading_with_only_the_problems_sub_heading() -> None:
    # A page fragment ends before the measures' sub-heading: the problems are still read.
    data = parsed(
        "五、主要问题和改进措施\n（一）存在问题\n一是经费保障不足。个别项目无法开展。\n"
        "二是队伍结构老化。\n"
    )
    assert problems(data) == ["经费保障不足。个别项目无法开展", "队伍结构老化"]
    assert plans(data) == []


# --- '一是…' points one paragraph each ---------------------------------------------------------


def test_yi_shi_points_one_paragraph_each_are_one_problem_each() -> None:
    data = parsed(
        "二、存在问题\n一是宣传不到位。群众知晓率低。\n二是设施老化。主要表现在管网破损、"
        "泵站陈旧。\n三是资金缺口较大。\n"
    )
    assert problems(data) == [
        "宣传不到位。群众知晓率低",
        "设施老化。主要表现在管网破损、泵站陈旧",
        "资金缺口较大",
    ]


def test_a_paragraph_opening_er_shi_without_yi_shi_before_is_split_by_sentence() -> None:
    data = parsed("二、存在问题\n人员不足。\n二是场地紧张。经费短缺。\n")
    assert problems(data) == ["人员不足", "二是场地紧张", "经费短缺"]


# --- .txt saved from a flip-book: lines broken mid-sentence -----------------------------------


def read_txt(text: str) -> list[str]:
    return [p.text for p in read_document(text.encode("utf-8"), "a.txt").paragraphs]


def test_hard_wrapped_text_lines_are_joined() -> None:
    text = (
        "三、存在问题\n"
        "一是部分单位对此项工作认识不足,存在应付\n"
        "了事的情况,报送材料不及时,有的\n"
        "甚至长期不报。\n"
        "二是业务人员变动频繁\n"
        "影响工作连续性。\n"
        "三是考核机制不健全,奖惩不明,导致\n"
        "积极性不高。\n"
        "7   8   9   10   11\n"
    )
    assert read_txt(text) == [
        "三、存在问题",
        "一是部分单位对此项工作认识不足,存在应付了事的情况,报送材料不及时,有的甚至长期不报。",
        "二是业务人员变动频繁影响工作连续性。",
        "三是考核机制不健全,奖惩不明,导致积极性不高。",
    ]
    paragraphs = read_document(text.encode("utf-8"), "a.txt").paragraphs
    assert [p.locator for p in paragraphs] == ["第 1 行", "第 2 行", "第 5 行", "第 7 行"]


def test_text_with_one_paragraph_a_line_is_not_joined() -> None:
    text = (
        "某镇工作总结\n一、主要成效\n全年完成投资3亿元，增长8%。\n新建道路5公里\n"
        "二、存在问题\n一是财政收支矛盾突出，保障压力大。\n二是产业带动能力不强。\n"
    )
    assert read_txt(text) == text.strip().split("\n")


# --- example lists with '如' and '等等' -------------------------------------------------------


def test_problem_examples_after_ru_closed_by_dengdeng() -> None:
    data = parsed(
        "三、存在问题\n工作虽有进展，但还存在一些问题如档案管理不规范，窗口人员服务意识不强，"
        "信息化水平较低等等，需要下一步认真解决。\n"
    )
    assert problems(data) == ["档案管理不规范", "窗口人员服务意识不强", "信息化水平较低"]


def test_ru_without_an_admitted_problem_is_no_example_list() -> None:
    data = parsed("三、存在问题\n今年如期完成了道路硬化，路灯安装等等工作。经费短缺。\n")
    assert problems(data) == ["今年如期完成了道路硬化，路灯安装等等工作", "经费短缺"]


# --- '存在A、B等问题' and promises in the problem section ---------------------------------------


def test_problems_joined_by_dun_hao_after_cun_zai_are_split() -> None:
    data = parsed("四、存在的问题\n我站工作主要存在设备更新缓慢、专业人员短缺等问题。\n")
    assert problems(data) == ["设备更新缓慢", "专业人员短缺"]


def test_short_items_joined_by_dun_hao_stay_one_problem() -> None:
    data = parsed("四、存在的问题\n主要存在文化、教育等设施不足等问题。\n")
    assert problems(data) == ["文化、教育等设施不足"]


def test_promises_in_the_problem_section_are_not_problems() -> None:
    data = parsed(
        "四、存在的问题\n一是人手不足。二是经费紧张。\n"
        "以上就是我所今年的工作总结，我们会再接再厉，把工作中不足的地方加以改正。\n"
        "我们将进一步改进，做到按时报送。\n"
    )
    assert problems(data) == ["人手不足", "经费紧张"]
    # A sentence admitting a problem that names the office is still a problem.
    data = parsed("四、存在的问题\n我们对新政策学习不够深入。\n")
    assert problems(data) == ["我们对新政策学习不够深入"]
