"""Causes of admitted problems listed in running text (engineer r14b), in invented text: when
nothing else names the problems, '…还存在不少短板。产生这些问题的原因，归结起来有：一是A。…二是B。'
gives one problem per cause point, as a '原因分析' heading's points already do; a page cut after
the first point still gives it. Beside it, the causes of success ('取得这些成绩的原因有：一是…')
give nothing, and where the problems are named the causes are no further problems."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "c.txt")).to_dict()


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


SPEECH = (
    "两年来，在全县上下的共同努力下，创卫工作取得了明显成效，城乡面貌明显改观。成绩值得肯定，"
    "但问题不容忽视，从刚才通报的情况看，创建工作还存在不少短板。产生这些问题的原因，既有客观因素，"
    "也有主观原因，归结起来有：一是松劲懈怠思想抬头。有的单位认为创建已经过关，工作标准有所降低。"
    "二是责任落实层层衰减。个别部门把任务一推了之，督促检查不到位。\n"
)


def test_the_causes_of_admitted_shortfalls_are_the_problems() -> None:
    data = read(SPEECH)
    assert problems(data) == ["松劲懈怠思想抬头", "责任落实层层衰减"]
    assert "原因" in data["problem_section"]["reason"]


def test_a_page_cut_after_the_first_cause_still_gives_it() -> None:
    cut = SPEECH.split("二是")[0].rstrip() + "\n本文链接：https://example.com/a/1.html\n"
    assert problems(read(cut)) == ["松劲懈怠思想抬头"]


def test_the_causes_of_success_give_nothing() -> None:
    text = (
        "两年来，全县创卫工作取得了明显成效，城乡面貌明显改观。取得这些成绩的原因，归结起来有："
        "一是领导重视。县委县政府多次专题研究。二是群众参与。广大市民积极投身创建。\n"
    )
    assert problems(read(text)) == []


def test_a_reposting_sites_footer_lines_are_furniture() -> None:
    from plans.parsing import is_chrome

    assert is_chrome("本文链接：https://example.com/a/1.html")
    assert is_chrome("本文word下载地址：关于创卫工作的讲话.doc")
    assert is_chrome("版权声明：本站内容均来自互联网，仅供演示用。如有侵权请与我们联系。")
    # A sentence of the text that speaks of a link or a statement stays text.
    assert not is_chrome("本文所称链接，是指各部门网站之间的相互引用。")
