"""One rule for a document's foot (its 版记: '主题词：…', '抄送：…', the office and
'2026年11月20日印发', '（共印30份）'), whatever the kind of document: minutes, a report, a
bulletin, a task division end where it starts, and the plan's reason says so (plans.foot).
A sentence of the text that tells what was or will be printed ('…修改完善后印发',
'印发《…方案》') stays the text's own. Every text is invented."""

from __future__ import annotations

from plans.foot import find_foot
from plans.reading import Paragraph
from tests.plans.shapes import items, plans, problems, read

FOOT = """主题词：水利 工作
抄送：县委办公室，县人大常委会办公室，县政协办公室，
县法院，县检察院。
青河县人民政府办公室
2026年11月20日印发
"""

MINUTES = """青河县人民政府常务会议纪要
〔2026〕9号
11月18日，县长主持召开县政府第9次常务会议。现将会议议定事项纪要如下：
一、关于城区供水管网改造的问题
会议要求，由县水利局牵头，于2026年12月20日前完成老旧管网改造。
二、关于冬季消防安全的问题
会议要求，县消防救援大队要加强冬季消防检查，年底前完成一轮排查。
"""


def test_minutes_end_at_their_foot() -> None:
    data = read(MINUTES + FOOT)
    got = items(data)
    assert data["document_kind"] == "minutes"
    assert [i["lead"] for i in got] == [["县水利局"], ["县消防救援大队"]]
    # The distribution list wrapped onto a second line is no part of the last decision.
    assert got[1]["body"] == "县消防救援大队要加强冬季消防检查，年底前完成一轮排查。"
    assert "文末版记（自“主题词：水利 工作”起" in data["plan_section"]["reason"]


def test_a_decision_to_print_a_measure_stays_a_task_in_minutes() -> None:
    text = MINUTES + (
        "三、关于农村饮水工程管护的问题\n"
        "会议原则同意《青河县农村饮水工程管护办法》，由县水利局修改完善后印发\n"
    )
    got = items(read(text + FOOT))
    assert len(got) == 3
    assert got[2]["lead"] == ["县水利局"] and "修改完善后印发" in got[2]["body"]


REPORT = """青河县水利局2026年工作总结
一、存在的问题
一是防洪工程短板明显。二是基层水利人员不足。
二、2027年工作打算
（一）加快防洪工程建设。年底前完成堤防加固。
（二）充实基层水利队伍。
"""


def test_a_report_ends_at_its_foot_subject_words_and_all() -> None:
    data = read(REPORT + FOOT)
    assert plans(data) == ["加快防洪工程建设", "充实基层水利队伍"]
    assert items(data)[1]["body"] == ""
    assert "文末版记" in data["plan_section"]["reason"]


def test_a_plan_item_printing_a_scheme_stays_an_item() -> None:
    text = REPORT + "（三）印发《青河县河湖长制考核办法》，抄送各乡镇执行。\n"
    assert plans(read(text + FOOT))[-1] == "印发《青河县河湖长制考核办法》，抄送各乡镇执行"
    # Without a foot the reason says nothing of one.
    assert "版记" not in read(text)["plan_section"]["reason"]


def test_a_line_telling_when_a_measure_was_printed_does_not_end_the_report() -> None:
    text = REPORT + (
        "（三）完善河湖长制考核。\n《青河县河湖长制考核办法》于2026年3月5日印发\n"
        "（四）加强河湖日常巡查。\n"
    )
    assert plans(read(text))[2:] == ["完善河湖长制考核", "加强河湖日常巡查"]


BULLETIN = """青河县政府督查室关于重点项目推进情况的通报
近期，县政府督查室对全县重点项目推进情况进行了督查，现将有关情况通报如下：
一、存在的问题
一是部分项目开工滞后。二是个别项目资金拨付缓慢。
二、下一步要求
各项目牵头单位要加快推进进度，于2026年12月底前完成年度投资任务。
县财政局要加快资金拨付。
"""


def test_a_bulletin_ends_at_its_foot() -> None:
    data = read(BULLETIN + FOOT)
    assert problems(data) == ["部分项目开工滞后", "个别项目资金拨付缓慢"]
    assert plans(data) == [
        "各项目牵头单位要加快推进进度，于2026年12月底前完成年度投资任务",
        "县财政局要加快资金拨付",
    ]
    assert "文末版记" in data["plan_section"]["reason"]


DIVISION = """青河县2027年优化营商环境重点任务分工方案
1.压缩企业开办时间。
牵头单位：县市场监管局
完成时限：2027年6月底前
2.推进工程建设项目审批改革。
牵头单位：县住建局
完成时限：2027年9月底前
"""


def test_a_task_division_ends_at_its_foot() -> None:
    data = read(DIVISION + "抄送：市营商环境办。\n青河县人民政府办公室　　2026年11月20日印发\n")
    got = items(data)
    assert [i["lead"] for i in got] == [["县市场监管局"], ["县住建局"]]
    assert got[1]["body"] == "牵头单位：县住建局\n完成时限：2027年9月底前"


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(i, line, f"第{i + 1}段") for i, line in enumerate(text.splitlines())]


def test_the_foot_starts_where_its_lines_start() -> None:
    foot = find_foot(_paragraphs(REPORT + FOOT))
    assert foot is not None and (foot.first_line, foot.lines) == ("主题词：水利 工作", 5)
    # A notice's '主送：' under its title, with no distribution or printing line after it,
    # is no foot; nor is a sentence telling when a measure was printed.
    head = "青河县人民政府关于做好冬季安全生产工作的通知\n主送：各乡镇人民政府，县直各单位。\n"
    assert find_foot(_paragraphs(head + "各单位要加强隐患排查。\n")) is None
    told = REPORT + "《青河县河湖长制考核办法》于2026年3月5日印发\n"
    assert find_foot(_paragraphs(told)) is None
    # Distribution lines at the top, numbered points after them: the text goes on.
    top = head + "抄送：县委办公室。\n一、各单位要加强隐患排查。\n二、各单位要落实值班制度。\n"
    assert find_foot(_paragraphs(top)) is None
