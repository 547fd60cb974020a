"""The head of a speech or a government work report (plans.title_block): a title, a subtitle
giving the meeting and the date, a bracketed date and the speaker's line, often joined into one
paragraph by a PDF or a web page. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

BODY = """各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去的一年，全县地区生产总值增长6%。
二、2026年工作安排
重点抓好以下几个方面工作：
（一）着力扩大有效需求。加快重大项目建设。
（二）着力推动产业转型升级。培育新兴产业。
"""
HEAD_LINES = "政府工作报告\n——2026年1月10日在某县第十八届人民代表大会第五次会议上\n县长 张某\n"
HEAD_JOINED = "政府工作报告 ——2026年1月10日在某县第十八届人民代表大会第五次会议上 县长 张某\n"


def test_a_joined_head_gives_the_title_and_the_date_of_the_subtitle() -> None:
    for text in (HEAD_JOINED + BODY, HEAD_LINES + BODY):
        data = parsed(text)
        assert data["title"] == "政府工作报告", text
        assert data["issued_on"] == "2026-01-10"
        assert not any("未识别出报告标题" in w or "未找到落款日期" in w for w in data["warnings"])
        assert any("成文日期取自副标题" in w for w in data["warnings"])
        assert (data["report_year"], data["plan_year"]) == (2025, 2026)
        assert plans(data) == ["着力扩大有效需求", "着力推动产业转型升级"]


def test_a_head_joined_with_the_salutation_and_the_first_sentence() -> None:
    text = HEAD_JOINED.rstrip("\n") + " " + BODY.replace("各位代表：\n", "各位代表：", 1)
    data = parsed(text)
    assert data["title"] == "政府工作报告"
    assert data["issued_on"] == "2026-01-10"
    assert plans(data) == ["着力扩大有效需求", "着力推动产业转型升级"]


SPEECH = """凝心聚力 真抓实干 奋力开创全镇高质量发展新局面——在2025年全镇经济工作会议上的讲话（2025年2月10日）镇党委书记 张某某
同志们：
今天召开全镇经济工作会议，主要任务是总结2024年工作，部署2025年任务。
一、2024年工作回顾
过去一年，全镇完成固定资产投资5亿元。
二、2025年重点工作
（一）抓项目建设。全年实施项目20个。
（二）抓乡村振兴。建设和美乡村3个。
"""


def test_a_speech_keeps_its_subtitle_and_is_dated_by_the_bracketed_date() -> None:
    for text in (
        SPEECH,
        SPEECH.replace("——", "\n——").replace("（2025", "\n（2025").replace("）镇", "）\n镇"),
    ):
        data = parsed(text)
        assert (
            data["title"]
            == "凝心聚力 真抓实干 奋力开创全镇高质量发展新局面——在2025年全镇经济工作会议上的讲话"
        ), text
        assert data["issued_on"] == "2025-02-10"
        # '同志们：今天召开…' is the speaker opening the meeting, not news of it.
        assert data["document_kind"] == "report"
        assert plans(data) == ["抓项目建设", "抓乡村振兴"]


def test_a_subtitle_dated_in_chinese_numerals_dates_the_speech() -> None:
    # '——二〇二六年一月十日在…会议上', '（二〇二五年二月十日）': the same dates written in
    # Chinese numerals, as a signature may be; read by the same function as a signature's.
    lines = HEAD_LINES.replace("2026年1月10日", "二〇二六年一月十日")
    data = parsed(lines + BODY)
    assert data["title"] == "政府工作报告"
    assert data["issued_on"] == "2026-01-10"
    assert any("成文日期取自副标题" in w for w in data["warnings"])
    bracketed = SPEECH.replace("（2025年2月10日）", "（二〇二五年二月十日）")
    assert parsed(bracketed)["issued_on"] == "2025-02-10"
    # A date that is no date ('二〇二六年二月三十日') dates nothing.
    wrong = parsed(HEAD_LINES.replace("2026年1月10日", "二〇二六年二月三十日") + BODY)
    assert wrong["issued_on"] is None


def test_a_signature_date_beats_the_subtitle() -> None:
    data = parsed(HEAD_JOINED + BODY + "某县人民政府\n2026年1月20日\n")
    assert data["issued_on"] == "2026-01-20"
    assert not any("副标题" in w for w in data["warnings"])


def test_a_dash_in_a_title_without_a_meeting_or_a_date_is_no_subtitle() -> None:
    text = "实干担当——某局2025年工作总结 办公室 编\n" + BODY.replace("各位代表：\n", "")
    data = parsed(text)
    assert data["issued_on"] is None
    assert any("未找到落款日期" in w for w in data["warnings"])


def test_news_of_a_meeting_stays_news() -> None:
    text = """全镇经济工作会议召开
2月10日上午，全镇经济工作会议召开。镇党委书记张某某出席会议并讲话。
会议指出，2025年要抓项目建设，抓乡村振兴。
"""
    data = parsed(text)
    assert data["document_kind"] == "news"
    assert plans(data) == []


# --- a recognition inside a point's explanation opens no list of its own ------------------

POINT_EXPLAINED = """某镇2025年工作总结
过去的一年，全镇经济社会发展保持了稳中向好的态势，各项工作取得新进展，群众满意度持续提升。
回顾一年的工作，我们既要看到成绩，坚定发展的信心，更要正视问题，保持清醒的头脑。我们取得了一些成绩，但也存在不少短板和挑战：
一是农业生产稳步发展，但产业链条有待延伸。全年种植优质水稻两万亩，为群众增收提供了保障。但我们必须清醒地看到，农产品附加值仍然偏低，加工企业规模小，品牌效应尚未形成。
"""


def test_a_recognition_explaining_a_point_does_not_replace_the_point() -> None:
    # The point '一是…，但…有待延伸。' is the problem; '但我们必须清醒地看到，…' later in its
    # paragraph explains it (it used to replace the point by its own three clauses).
    assert problems(parsed(POINT_EXPLAINED)) == ["农业生产稳步发展，但产业链条有待延伸"]


def test_a_recognition_opening_a_paragraph_still_reads_its_list() -> None:
    text = POINT_EXPLAINED.replace(
        "一是农业生产稳步发展，但产业链条有待延伸。全年种植优质水稻两万亩，为群众增收提供了保障。",
        "",
    ).replace("我们取得了一些成绩，但也存在不少短板和挑战：\n", "我们取得了一些成绩。\n")
    assert problems(parsed(text)) == [
        "农产品附加值仍然偏低",
        "加工企业规模小",
        "品牌效应尚未形成",
    ]
