"""Meeting minutes (会议纪要): each agreed item is a task, with its lead, co-operating units
and deadline read from '由X牵头、Y配合，于Z前完成'."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

MINUTES = """关于推进安全生产专项整治工作的会议纪要
2022年3月15日，副市长王某主持召开会议，研究部署安全生产专项整治工作。现将会议议定事项纪要如下：
出席：市应急局、市公安局、市住建局有关负责同志。
一、会议听取了市应急局关于专项整治进展情况的汇报。
二、会议议定如下：
（一）由市应急局牵头，市公安局、市交通运输局配合，于4月30日前完成全市危化品企业隐患排查。
（二）由市住建局负责，6月底前完成城镇燃气管道老化更新改造方案。
（三）各区政府要落实属地责任，每月报送整治进展。
三、会议要求，市应急局会同市财政局研究专项资金保障办法，年底前出台。
"""


def test_agreed_items_become_tasks_with_lead_cooperating_and_deadline() -> None:
    data = parse_document(read_document(MINUTES.encode("gb18030"), "纪要.txt")).to_dict()
    assert data["document_kind"] == "minutes"
    assert data["title"] == "关于推进安全生产专项整治工作的会议纪要"
    assert data["plan_year"] == 2022
    section = data["plan_section"]
    assert section["reason"].startswith("会议纪要：根据“会议议定”识别；会议听取")
    got = [
        (
            i["lead"],
            i["cooperating"],
            i["deadline"] and (i["deadline"]["due_on"] or i["deadline"]["period"]),
        )
        for i in section["items"]
    ]
    assert got == [
        (["市应急局"], ["市公安局", "市交通运输局"], "2022-04-30"),
        (["市住建局"], [], "2022-06-30"),
        ([], [], "monthly"),
        (["市应急局"], ["市财政局"], "2022-12-31"),
    ]
    # What was heard or who attended is not a task.
    titles = " ".join(i["title"] for i in section["items"])
    assert "听取" not in titles and "出席" not in titles
    assert any("牵头单位" in w for w in data["warnings"])


def test_items_opened_by_the_cue_words() -> None:
    text = (
        "局长办公会议纪要\n2022年5月6日\n"
        "会议明确，由办公室牵头，于5月底前修订公文处理办法。\n"
        "会议要求：一是政策法规处6月底前完成规章清理；二是执法监督处每季度通报执法案卷评查情况。\n"
    )
    data = parse_document(read_document(text.encode(), "m.txt")).to_dict()
    items = data["plan_section"]["items"]
    assert [i["number"] for i in items] == [None, "一是", "二是"]
    assert items[0]["lead"] == ["办公室"] and items[0]["deadline"]["due_on"] == "2022-05-31"
    assert items[1]["deadline"]["due_on"] == "2022-06-30"
    assert items[2]["deadline"]["period"] == "quarterly"


def test_a_news_item_about_a_meeting_is_not_minutes() -> None:
    text = (
        "3月2日上午，某县召开安全生产工作会议。\n"
        "会议要求，由县应急局牵头，4月底前完成隐患排查。\n（记者 李某）\n"
    )
    data = parse_document(read_document(text.encode(), "news.txt")).to_dict()
    assert data["document_kind"] == "news"
    assert data["plan_section"] is None
