"""A promise of verb-led clauses followed by a sentence added with '同时/此外/另外，' (r15c):
the added sentence goes on with the promise, its verb-led clauses are tasks too and its aims
('促进…', '提升…力度') their bodies. Beside it: an added sentence telling work done, and an added
sentence with no promise before it, give nothing more. Texts invented."""

from __future__ import annotations

from tests.plans.test_general_shapes import parsed, plans

REPORT = """某镇2026年政务公开工作年度报告
一、总体情况
今年以来，我镇认真落实政务公开各项要求，政务公开工作取得了一定成效。
二、存在的主要问题
一是公开内容不够全面；二是政策解读形式单一。
2027年，我镇将选优配强公开队伍，抓好便民服务站点建设，规范依申请公开办理流程。{added}
"""


def test_verb_led_clauses_of_an_added_sentence_are_tasks() -> None:
    added = "同时，加强对各村政务公开的指导监督，促进工作责任落实，提升信息公开力度。"
    data = parsed(REPORT.format(added=added))
    assert plans(data) == [
        "选优配强公开队伍",
        "抓好便民服务站点建设",
        "规范依申请公开办理流程",
        "加强对各村政务公开的指导监督",
    ]
    last = data["plan_section"]["items"][-1]
    assert "促进工作责任落实" in last["body"] and "同时" in last["reason"]


def test_an_added_sentence_telling_work_done_adds_nothing() -> None:
    added = "同时，我镇还开展了政务公开日活动，接待群众咨询120人次。"
    assert len(plans(parsed(REPORT.format(added=added)))) == 3


def test_an_added_sentence_without_a_promise_before_it_adds_nothing() -> None:
    text = REPORT.format(added="").replace(
        "2027年，我镇将选优配强公开队伍，抓好便民服务站点建设，规范依申请公开办理流程。",
        "今年，我镇选优配强了公开队伍。同时，加强对各村政务公开的指导监督，促进工作责任落实。",
    )
    assert plans(parsed(text)) == []
