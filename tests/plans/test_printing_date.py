"""The printing date at a document's foot ('青河县人民政府办公室　2026年11月20日印发') is its
date when nothing above gives one (no signature date, no date in its head): it is shown as
the 成文日期 with a warning to check it, and dates the document as a signature would — the
year of '年底前' in minutes. A '印发' date inside the text is no date of the document's.
Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import due, items, read

MINUTES = """青河县人民政府常务会议纪要
〔2026〕9号
11月18日，县长主持召开县政府第9次常务会议。现将会议议定事项纪要如下：
一、关于冬季消防安全的问题
会议要求，县消防救援大队要加强冬季消防检查，年底前完成一轮排查。
二、关于农村饮水工程管护的问题
会议要求，县水利局要落实管护责任，于12月20日前完成全部水站维修。
"""
FOOT = "抄送：县委办公室。\n青河县人民政府办公室　　2026年11月20日印发\n"


def test_minutes_dated_by_their_printing_line() -> None:
    data = read(MINUTES + FOOT)
    assert data["issued_on"] == "2026-11-20"
    assert [due(i) for i in items(data)] == ["2026-12-31", "2026-12-20"]
    assert any("印发日期：2026年11月20日" in w for w in data["warnings"])


def test_minutes_dated_in_their_head_keep_that_date() -> None:
    dated = MINUTES.replace("11月18日，", "2026年11月18日，")
    data = read(dated + FOOT)
    assert data["issued_on"] == "2026-11-18"
    assert not any("印发日期" in w for w in data["warnings"])


def test_a_printing_date_inside_the_minutes_is_no_date_of_theirs() -> None:
    told = MINUTES.replace(
        "会议要求，县消防救援大队",
        "《青河县冬季消防安全检查方案》已于2026年3月5日印发。会议要求，县消防救援大队",
    )
    data = read(told)
    assert data["issued_on"] is None
    assert not any("印发日期" in w for w in data["warnings"])


REPORT = """青河县水利局关于冬季水利工作情况的报告
一、存在的问题
一是防洪工程短板明显。二是基层水利人员不足。
二、下一步工作打算
（一）加快防洪工程建设。年底前完成堤防加固。
（二）充实基层水利队伍。
"""


def test_a_report_dated_by_its_printing_line_as_by_a_signature() -> None:
    printed = read(REPORT + FOOT)
    signed = read(REPORT + "青河县水利局\n2026年11月20日\n")
    assert printed["issued_on"] == signed["issued_on"] == "2026-11-20"
    assert (printed["report_year"], printed["plan_year"]) == (
        signed["report_year"],
        signed["plan_year"],
    )
    assert [due(i) for i in items(printed)] == [due(i) for i in items(signed)]
    assert any("印发日期" in w for w in printed["warnings"])
    assert not any("未找到落款日期" in w for w in printed["warnings"])


def test_a_signature_date_comes_before_the_printing_date() -> None:
    data = read(REPORT + "青河县水利局\n2026年11月16日\n" + FOOT)
    assert data["issued_on"] == "2026-11-16"
    assert not any("印发日期" in w for w in data["warnings"])


def test_a_printing_date_told_in_the_report_is_no_date_of_its() -> None:
    told = REPORT + "（三）完善河湖长制考核。\n《青河县河湖长制考核办法》于2026年3月5日印发\n"
    data = read(told)
    assert data["issued_on"] is None
    assert any("未找到落款日期" in w for w in data["warnings"])
