"""The distribution and printing lines at a document's foot ('抄送：县发展改革局。',
'某镇人民政府办公室　　2026年4月3日印发') are page furniture: they end the report like its
signature, and are no part of its last item (engineer r15g). Every text is invented."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "r.txt")).to_dict()


NUMBERED = """河口镇2026年一季度工作情况报告
一、工作进展
一季度完成固定资产投资2亿元。
二、存在的问题
一是项目储备不足。二是融资渠道单一。
三、下步工作打算
（一）加快项目储备。由镇发展办牵头，6月底前完成。
（二）拓宽融资渠道。镇财政所负责，年底前完成。
抄送：县发展改革局。
河口镇人民政府办公室　　2026年4月3日印发
"""


def test_the_footer_is_no_part_of_the_last_item() -> None:
    got = read(NUMBERED)["plan_section"]["items"]
    assert [i["title"] for i in got] == ["加快项目储备。", "拓宽融资渠道。"]
    assert got[1]["body"] == "镇财政所负责，年底前完成。"


PARAGRAPHS = """河口镇2026年一季度工作情况报告
一、存在的问题
项目储备不足，融资渠道单一。
二、下步工作打算
镇发展办要加快项目储备，6月底前完成。
镇财政所要拓宽融资渠道，年底前完成。
河口镇人民政府办公室　　2026年4月3日印发
"""


def test_a_printing_line_alone_ends_the_report() -> None:
    got = read(PARAGRAPHS)["plan_section"]["items"]
    assert len(got) == 2
    assert not any("印发" in i["title"] + i["body"] or "办公室" in i["title"] for i in got)


PRINTED_IN_THE_TEXT = """河口镇2026年一季度工作情况报告
一、存在的问题
项目储备不足，融资渠道单一。
二、下步工作打算
（一）加快项目储备。镇发展办负责，6月底前完成。
（二）完善考核办法。《河口镇项目考核办法》于2026年4月3日印发
"""


def test_an_item_telling_what_was_printed_stays() -> None:
    got = read(PRINTED_IN_THE_TEXT)["plan_section"]["items"]
    assert [i["title"] for i in got] == ["加快项目储备。", "完善考核办法。"]
    assert "于2026年4月3日印发" in got[1]["body"]
