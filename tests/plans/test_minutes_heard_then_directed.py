"""Minutes whose topic paragraph tells first what the meeting heard or studied, then in the
next sentence who does what by when ('会议听取了…汇报。由X牵头…，于Z前完成。'): the sentences
after the hearing direct work, so each topic gives tasks (one per topic and lead); read as a
report, the topic headings '一、关于…的问题' were taken for the problems (engineer r15g).
Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

HEARD_THEN_DIRECTED = """河口镇人民政府镇长办公会议纪要〔2026〕7号
2026年3月2日，镇长李华主持召开镇长办公会议。现将会议议定事项纪要如下：
一、关于集镇污水管网建设的问题
会议听取了镇建设办关于集镇污水管网建设进展的汇报。由镇建设办牵头完成管网铺设，于2026年6月30日前完成；镇财政所牵头筹措配套资金，于2026年5月31日前完成。
二、关于春耕备耕的问题
会议研究了春耕备耕工作。镇农业服务中心要做好种子化肥调运，2026年3月31日前完成。
"""


def test_the_sentences_after_the_hearing_direct_the_topics_tasks() -> None:
    data = read(HEARD_THEN_DIRECTED)
    assert data["document_kind"] == "minutes"
    assert data["problem_section"] is None
    got = items(data)
    # One task per topic and lead: the second lead's task names its topic first.
    assert [(i["title"].split("：")[0], i["lead"]) for i in got] == [
        ("关于集镇污水管网建设的问题", ["镇建设办"]),
        ("关于集镇污水管网建设的问题", ["镇财政所"]),
        ("关于春耕备耕的问题", ["镇农业服务中心"]),
    ]
    assert "于2026年6月30日前完成" in got[0]["body"]
    assert "：镇财政所牵头筹措配套资金" in got[1]["title"]
    assert [i["deadline"]["due_on"] for i in got] == ["2026-06-30", "2026-05-31", "2026-03-31"]


HEARD_THEN_TOLD = """河口镇人民政府镇长办公会议纪要
2026年3月2日，镇长李华主持召开镇长办公会议。现将会议议定事项纪要如下：
一、关于集镇污水管网建设的问题
会议听取了镇建设办关于集镇污水管网建设进展的汇报。目前管网已全部完工。
"""


def test_a_hearing_followed_by_work_done_gives_no_task() -> None:
    assert items(read(HEARD_THEN_TOLD)) == []


REPORT = """关于河口镇集镇污水处理问题的报告
一、基本情况
今年以来，镇建设办完成管网铺设12公里。
二、存在的问题
一是管网覆盖率不高。二是运维资金不足。
三、下一步工作
（一）加快管网建设。由镇建设办牵头，于2026年6月30日前完成。
"""


def test_a_report_on_a_problem_keeps_its_problems() -> None:
    data = read(REPORT)
    assert data["document_kind"] == "report"
    assert data["problem_section"]["heading"] == "二、存在的问题"


def test_the_number_on_the_titles_line_is_no_part_of_the_title() -> None:
    assert read(HEARD_THEN_DIRECTED)["title"] == "河口镇人民政府镇长办公会议纪要"
    # A title with no number stays whole.
    assert (
        read(HEARD_THEN_TOLD.replace("目前管网已全部完工。", "由镇建设办牵头，于6月底前完成。"))[
            "title"
        ]
        == "河口镇人民政府镇长办公会议纪要"
    )


TOPICS_ONLY_TOLD = """西岭乡人民政府乡长办公会议纪要
2026年5月8日，乡长赵林主持召开乡长办公会议。现将会议议定事项纪要如下：
一、关于乡村道路养护的问题
乡交通站汇报了道路养护进展，目前完成养护里程过半，养护资金缺口较大。
二、关于防汛物资储备的问题
乡应急办汇报了防汛物资储备情况，沙袋储备不足，部分抽水泵老化。
"""


def test_a_minutes_topic_is_never_the_problems_heading() -> None:
    # Nothing here directs work, so no task; the topics are still no problems section.
    assert read(TOPICS_ONLY_TOLD)["problem_section"] is None


def test_a_report_whose_heading_is_about_a_problem_keeps_it() -> None:
    report = TOPICS_ONLY_TOLD.replace("乡长办公会议纪要", "关于道路养护问题的报告").replace(
        "现将会议议定事项纪要如下：", "现将有关情况报告如下："
    )
    assert read(report)["problem_section"] is not None
