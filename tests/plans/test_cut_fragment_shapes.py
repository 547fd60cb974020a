"""A page cut inside its measures leaves a last line that names no work ('一是继续', '在今后的
工作中，将从以下几个方面采取'): no task, a warning instead. A cut topic ('一、环境整') and a
measure that ends its sentence stay. Invented texts. See docs/notes/issue-13.md, section of
engineer r13i."""

from __future__ import annotations

from plans.fragments import names_no_work
from tests.plans.shapes import parsed, plans, problems

CUT_IN_MEASURES = """某县某局政府信息公开工作自查报告
一、基本情况
今年以来，我局主动公开政府信息56条。
二、存在问题和下一步措施
（一）存在问题
我局也发现了一些不足之处：一是公开内容不够全面；二是更新不够及时。
（二）下一步措施
一是继续
"""


def test_a_measure_cut_after_its_first_word_gives_no_task_and_a_warning() -> None:
    data = parsed(CUT_IN_MEASURES)
    assert plans(data) == []
    assert any("“继续”在此中断" in w for w in data["warnings"])
    assert problems(data) == ["公开内容不够全面", "更新不够及时"]


def test_a_measure_that_names_its_work_stays() -> None:
    text = CUT_IN_MEASURES.replace("一是继续\n", "一是继续加强栏目巡查\n")
    assert plans(parsed(text)) == ["继续加强栏目巡查"]


def test_what_is_cut_and_what_is_not() -> None:
    assert names_no_work("在今后的工作中，将从以下几个方面采取", "")
    assert names_no_work("进一步加强", "")
    assert not names_no_work("环境整", "")  # a cut topic still names the work
    assert not names_no_work("继续", "做好开学准备。")
    assert not names_no_work("按照以下原则推进改革。", "")
