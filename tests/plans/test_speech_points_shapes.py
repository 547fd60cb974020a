"""A speech's admitted shortfalls written '一是认识不足。<why>二是基础薄弱。<why>': each point
one problem named by its short first sentence, the sentences after it its explanation. Beside
it, lists of the same shape that stay as they were. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

SPEECH = (
    "同志们：\n"
    "今天召开全县档案工作会议，主要目的是统一思想、分析问题、强化举措。\n"
    "一、认清形势，思想上要更加重视\n"
    "档案工作是一项基础工作，务必高度重视。\n"
    "特别是当前，我县档案工作仍然存在薄弱环节和问题，主要是三个方面："
    "一是认识不足。一些单位对档案工作不重视，责任意识不强，认为档案工作就是档案部门的事。"
    "二是基础薄弱。部分乡镇档案人员力量不足，业务不熟，工作中存在应付了事的现象。"
    "三是设施落后。多数档案室库房面积不够，设备老化。\n"
)


def test_named_points_with_their_explanations_are_one_problem_each() -> None:
    data = parsed(SPEECH)
    assert problems(data) == ["一是认识不足", "二是基础薄弱", "三是设施落后"]
    items = data["problem_section"]["items"]
    assert "责任意识不强" in items[0]["body"] and "设备老化" in items[2]["body"]
    assert "其后的句子是说明" in items[0]["reason"]


def test_points_of_one_sentence_each_stay_as_they_were() -> None:
    text = SPEECH.replace(
        "一是认识不足。一些单位对档案工作不重视，责任意识不强，认为档案工作就是档案部门的事。"
        "二是基础薄弱。部分乡镇档案人员力量不足，业务不熟，工作中存在应付了事的现象。"
        "三是设施落后。多数档案室库房面积不够，设备老化。",
        "一是一些单位对档案工作重视不够。二是部分乡镇档案人员力量不足。三是多数档案室设备老化。",
    )
    assert problems(parsed(text)) == [
        "一是一些单位对档案工作重视不够",
        "二是部分乡镇档案人员力量不足",
        "三是多数档案室设备老化",
    ]


def test_a_long_first_sentence_is_no_name_and_the_sentences_stay_apart() -> None:
    # The first sentence is a shortfall of its own, not a two-to-eight-character name.
    text = (
        SPEECH.replace("一是认识不足。", "一是一些单位对档案工作的认识明显不足。")
        .replace("二是基础薄弱。", "二是部分乡镇的档案工作基础十分薄弱。")
        .replace("三是设施落后。", "三是全县多数档案室的设施条件落后。")
    )
    got = problems(parsed(text))
    assert got[0] == "一是一些单位对档案工作的认识明显不足" and len(got) > 3


def test_the_admission_inside_a_paragraph_keeps_the_first_point() -> None:
    # '…主要是三个方面：一是认识不足。' is one sentence: the first point is not the admission's.
    text = SPEECH.replace("务必高度重视。\n特别是当前", "务必高度重视。特别是当前")
    data = parsed(text)
    assert problems(data) == ["一是认识不足", "二是基础薄弱", "三是设施落后"]
    assert "设备老化" in data["problem_section"]["items"][2]["body"]


def test_an_admission_ending_at_a_colon_before_one_sentence_points_stays_as_it_was() -> None:
    text = (
        "同志们：\n档案工作是一项基础工作，务必高度重视。特别是当前，我县档案工作仍然存在"
        "一些问题，主要是：一是部分单位档案工作重视不够。二是部分乡镇档案人员力量不足。\n"
    )
    assert problems(parsed(text)) == ["部分单位档案工作重视不够", "部分乡镇档案人员力量不足"]


FIELDS = (
    "县长在全县重点工作调度会议上的讲话\n同志们：\n"
    "今年以来，全县上下坚持安全第一、预防为主，安全生产形势持续稳定，生态环境持续改善。\n"
    "同时，也应看到工作中存在的问题和薄弱环节：\n"
    "安全生产方面，企业主体责任落实不到位，安全管理不严、不细，职工安全意识不强；\n"
    "食品安全方面，基层监管能力不足，日常监督检查不够到位；\n"
)


def test_a_page_cut_in_the_last_field_of_a_list_keeps_it() -> None:
    got = problems(parsed(FIELDS + "生态环保方面，部分督察反馈问题整改推"))
    assert len(got) == 3 and got[2] == "生态环保方面，部分督察反馈问题整改推"


def test_a_cut_last_paragraph_of_another_shape_or_not_last_stays_out() -> None:
    assert len(problems(parsed(FIELDS + "今年下半年，我们将继续推"))) == 2
    assert (
        len(problems(parsed(FIELDS + "生态环保方面，部分督察反馈问题整改推\n附件：调度表\n"))) == 2
    )
