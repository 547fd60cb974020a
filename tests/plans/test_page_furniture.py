"""Page furniture inside a report's text: a page number between the lines of a hard-wrapped page
('- 6 -'), a page mark at a paragraph's end ('第1 页共 3页'), a model-text site's advertising line
glued to the last point ('【更多公文素材,微信:…】'). Every text is invented."""

from __future__ import annotations

from plans.parsing import parse_report, strip_watermark
from plans.reading import read_document
from tests.plans.shapes import problems

WRAPPED = """某县2025年政府信息公开工作年度报告
一、总体情况
2025年，全县政府信息公开工作坚持以人民为中心，围绕中心工作，
扎实推进各项工作，公开质量稳步提升，群众满意度不断提高，各项
工作取得了新的进展。
五、存在的主要问题及改进情况
对照群众新期待和上级新要求，仍存在一些需要改进的
- 6 -
地方。主要表现在：一是政策解读形式比较单一，图解、视频解读
较少；二是基层公开队伍力量薄弱，兼职人员多、流动性大。
"""


def _read(text: str) -> dict:
    document = read_document(text.encode("utf-8"), "report.txt")
    return parse_report(document.paragraphs).to_dict()


def test_a_page_number_between_the_lines_of_a_wrapped_page_is_left_out() -> None:
    document = read_document(WRAPPED.encode("utf-8"), "report.txt")
    texts = [p.text for p in document.paragraphs]
    assert (
        "对照群众新期待和上级新要求，仍存在一些需要改进的地方。主要表现在：一是政策解读"
        in "".join(texts)
    )
    assert not any("- 6 -" in text for text in texts)
    assert problems(_read(WRAPPED)) == [
        "政策解读形式比较单一，图解、视频解读较少",
        "基层公开队伍力量薄弱，兼职人员多、流动性大",
    ]


def test_a_line_of_figures_or_a_dash_in_the_text_stays() -> None:
    # A dash between words and a year standing alone are no page numbers.
    text = WRAPPED.replace("- 6 -", "— 2025 年度重点 —")
    texts = [p.text for p in read_document(text.encode("utf-8"), "report.txt").paragraphs]
    assert any("— 2025 年度重点 —" in t for t in texts)


def test_a_page_mark_or_an_advert_at_a_paragraphs_end_is_furniture() -> None:
    assert strip_watermark("二、存在问题 第1 页共 3页") == ("二、存在问题", "第1 页共 3页")
    assert strip_watermark("四是服务意识不强。【更多公文素材,微信:abc123】") == (
        "四是服务意识不强。",
        "【更多公文素材,微信:abc123】",
    )
    clean = "我们也清醒地认识到工作中存在的不足。主要是：一是项目储备不足。二是服务意识不强。"
    data = parse_report(clean + "【更多范文素材,微信:abc 123】\n").to_dict()
    assert problems(data) == problems(parse_report(clean + "\n").to_dict())
    assert len(problems(data)) == 2
    assert "微信" not in problems(data)[-1]


def test_the_reports_own_pages_and_brackets_stay() -> None:
    for text in (
        "详见附件第3页共5项指标。",
        "【典型案例】某村建成公开栏。",
        "群众可通过微信：某县发布公众号留言。",
        "全文共12页。",
    ):
        assert strip_watermark(text) == (text, ""), text


# --- measures after the problems under one heading for both --------------------------------

BOTH = """某区2025年政府信息公开工作年度报告
一、总体情况
2025年，全区政府信息公开工作稳步推进，全年主动公开信息1200条。
五、存在的主要问题及改进情况
对照群众期盼，仍存在一些不足，主要是：个别部门答复文书不够规范，政策解读形式比较单一。
针对存在问题，2026年我们将重点抓好以下工作：一是规范依申请公开答复工作，统一文书模板。二是丰富政策解读形式，推出图解和视频解读。三是加强业务培训，提高工作人员业务水平。
"""


def test_the_measures_after_the_problems_under_one_heading_are_no_problems() -> None:
    data = parse_report(BOTH).to_dict()
    assert problems(data) == ["个别部门答复文书不够规范", "政策解读形式比较单一"]
    assert "改进措施" in data["problem_section"]["reason"]
    assert len(data["plan_section"]["items"]) == 3


def test_problems_stated_after_the_plans_paragraph_stay_when_none_came_before() -> None:
    # The plan told first, then the problems under their own heading: nothing is cut.
    later = """某区2025年工作总结
一、2026年工作打算
2026年我们将重点抓好以下工作：一是规范答复工作。二是丰富解读形式。
二、存在的问题
一是答复文书不够规范。二是政策解读形式比较单一。
"""
    data = parse_report(later).to_dict()
    assert problems(data) == ["答复文书不够规范", "政策解读形式比较单一"]


# --- the sentence introducing the problems under their heading -------------------------------

INTRODUCED = """某区2025年政府信息公开工作年度报告
一、总体情况
2025年，全区政府信息公开工作稳步推进，全年主动公开信息1200条。
五、存在的主要问题及改进情况
2025年，全区政府信息公开工作取得一定成效，但对照上级要求，仍存在一定差距。如答复文书还不够规范、政策解读形式比较单一等。
"""


def test_a_sentence_of_achievement_and_a_gap_introduces_the_problems() -> None:
    data = parse_report(INTRODUCED).to_dict()
    found = problems(data)
    assert found and not any("取得一定成效" in item for item in found)
    assert any("答复文书还不够规范" in item for item in found)
    assert "引出问题的概括" in data["problem_section"]["items"][0]["reason"]


def test_a_gap_named_for_itself_stays_a_problem() -> None:
    # The gap is the problem: no achievement before a turn.
    text = INTRODUCED.replace(
        "2025年，全区政府信息公开工作取得一定成效，但对照上级要求，仍存在一定差距。",
        "基层公开标准化建设与先进地区相比还有较大差距。",
    )
    found = problems(parse_report(text).to_dict())
    assert any("与先进地区相比还有较大差距" in item for item in found)


# --- problems written one clause a line -------------------------------------------------------

CLAUSE_A_LINE = """副县长在全县重点工作调度会议上的讲话
同志们：
今年以来，全县安全生产形势总体稳定，生态环保各项任务扎实推进。
同时，也应看到工作中存在的问题和薄弱环节：
安全生产方面，
部分企业安全培训流于形式，
隐患排查不细不实；
交通运输方面，
农村道路安全设施欠账较多，
，超限超载治理不够有力；
下面，我再讲几点意见。
"""


def test_problems_written_one_clause_a_line_are_read_whole() -> None:
    document = read_document(CLAUSE_A_LINE.encode("utf-8"), "speech.txt")
    texts = [p.text for p in document.paragraphs]
    assert "安全生产方面，部分企业安全培训流于形式，隐患排查不细不实；" in texts
    assert "交通运输方面，农村道路安全设施欠账较多，，超限超载治理不够有力；" in texts
    found = problems(parse_report(document.paragraphs).to_dict())
    assert any("部分企业安全培训流于形式" in item for item in found)
    assert any("农村道路安全设施欠账较多" in item for item in found)


def test_lines_ending_a_sentence_or_a_comma_after_a_title_stay_apart() -> None:
    text = "关于某市大气污染防治整改情况的函\n，日前，某市发布整改情况，详情如下：\n一、总体情况\n全市制定方案。\n"
    texts = [p.text for p in read_document(text.encode("utf-8"), "letter.txt").paragraphs]
    assert texts[:2] == ["关于某市大气污染防治整改情况的函", "，日前，某市发布整改情况，详情如下："]
    assert "全市制定方案。" in texts
