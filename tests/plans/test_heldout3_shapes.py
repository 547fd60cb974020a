"""Shapes the third held-out set showed the reader missing (tests/fixtures/corpus-heldout-3/
README.md), each written anew here — not the held-out documents' text — with the negatives
that keep the new rules from reading too much."""

from __future__ import annotations

from plans.parsing import is_chrome, parse_report
from tests.plans.shapes import parsed, plans, problems

# --- prose that mentions a furniture word is report text --------------------------------------


def test_report_prose_mentioning_a_furniture_word_is_not_chrome() -> None:
    prose = (
        "全年在门户网站公开各类信息120条，其中政策文件18条、工作动态102条。另通过政务微博、"
        "微信公众号等渠道同步发布，扩大了覆盖面。"
    )
    assert not is_chrome(prose)
    data = parsed(
        "一、公开情况\n" + prose + "\n二、存在问题\n一是更新不及时。\n二是解读不够通俗。\n"
    )
    assert problems(data) == ["更新不及时", "解读不够通俗"]


def test_furniture_stays_furniture() -> None:
    assert is_chrome("关注微信公众号")
    assert is_chrome("电话：0551-1234567 传真：0551-7654321")
    # Long, with full stops, but words only a footer uses.
    assert is_chrome(
        "版权所有：某县人民政府。地址：某县人民路1号。ICP备12345678号。技术支持：某公司。网站标识码1234。"
    )


# --- one heading for problems and measures, each with its own sub-heading --------------------


def test_problems_and_measures_sub_headings_under_a_combined_heading() -> None:
    data = parsed(
        "某局2022年度政府信息公开工作年度报告\n一、主动公开情况。\n全年公开信息50条。\n"
        "二、存在的主要问题及改进情况。\n(一)存在的主要问题。\n工作中还有一些不足，主要有：\n"
        "一是栏目更新不及时。\n二是工作人员业务不熟。\n(二)改进措施。\n一是健全审核制度。\n"
        "二是开展业务培训。\n"
    )
    assert problems(data) == ["栏目更新不及时", "工作人员业务不熟"]
    assert plans(data) == ["健全审核制度", "开展业务培训"]


def test_sub_headings_run_into_their_text_under_a_combined_heading() -> None:
    data = parsed(
        "五、工作存在的主要问题和改进情况\n"
        "(一)存在主要问题。总体运行较好，但也有不足。主要有：一是公开范围较窄；二是回应关切不够及时。\n"
        "(二)今后改进措施。今后，我站将从以下方面改进。一是扩大公开范围，及时更新。二是建立回应机制。\n"
    )
    assert problems(data) == ["公开范围较窄", "回应关切不够及时"]
    assert plans(data) == ["扩大公开范围，及时更新", "建立回应机制"]


def test_a_combined_heading_whose_children_are_all_problems_keeps_them_all() -> None:
    data = parsed(
        "三、存在的问题和不足\n(一)队伍建设不足。人员老化。\n(二)经费保障不足。\n"
        "四、下一步工作打算\n(一)加强队伍建设。\n"
    )
    assert problems(data) == ["队伍建设不足", "经费保障不足"]
    assert plans(data) == ["加强队伍建设"]


# --- a news report of what speakers said ------------------------------------------------------


def test_a_report_of_speakers_words_is_news() -> None:
    result = parse_report(
        "根据统一安排，检查组向某局反馈检查情况。\n组长张某反馈时指出：\n"
        "检查也发现了一些问题，主要有：一是制度执行不严；二是台账不全。\n"
        "副局长李某表示：\n将认真整改。\n"
    )
    assert result.document_kind == "news"
    assert result.problem_section is None and result.plan_section is None
    assert any("发言引语" in warning for warning in result.warnings)


def test_one_quoted_speaker_does_not_make_a_report_news() -> None:
    data = parsed(
        "某局2022年工作总结\n一、工作成效\n习近平总书记强调：\n法治政府建设是重点任务。\n"
        "二、存在问题\n一是人员不足。二是经费紧张。\n"
    )
    assert data["document_kind"] == "report"
    assert problems(data) == ["人员不足", "经费紧张"]
