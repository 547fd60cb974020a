"""A web page copied without its line breaks: the whole body on one line, paragraphs joined by a
single space or by nothing. The reader splits such a line at its structural markers, and only
such a line. All texts here are invented."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

# Minutes of an invented county meeting, pasted as one line with single spaces between paragraphs.
MINUTES_ONE_LINE = (
    "县城区管网改造专题会议纪要 3 月 5 日上午，副县长主持召开专题会议，研究城区排水管网改造工作。"
    "县住建局、县财政局、城关镇等单位负责人参加会议。 会议听取了县住建局关于管网改造前期工作的汇报，"
    "对改造中需要协调的事项进行了讨论。 现纪要如下： 会议指出，城区排水管网改造是今年的民生实事，"
    "时间紧、任务重，各有关单位要提高认识、密切配合，确保汛期前完成主要工程。 "
    "一、要抓紧完成老城区雨污分流改造。 县住建局要优化施工组织，加强现场调度，"
    "在确保安全的前提下增加施工力量，5 月 31 日前完成老城区主干管铺设。 "
    "二、加快落实改造项目建设资金。 县财政局要会同县住建局积极争取上级专项资金，"
    "统筹安排本级配套资金，按工程进度及时拨付。 "
    "三、做好施工期间的群众工作。 城关镇要提前公告施工时段和交通绕行方案，"
    "及时回应沿街商户和居民的诉求，维护施工秩序。"
)

# The same kind of page with no space at all between its paragraphs.
REPORT_NO_SPACES = (
    "某镇人民政府2026年上半年工作总结和下半年工作打算今年以来，在县委、县政府的坚强领导下，"
    "我镇紧紧围绕年初确定的目标任务，扎实推进各项工作，经济社会保持平稳发展。"
    "一、上半年工作开展情况（一）农业生产稳步推进。完成春播面积两万亩，新建高标准农田三千亩。"
    "（二）项目建设提速增效。新开工项目五个，完成固定资产投资一点二亿元。"
    "（三）民生保障持续加强。新增城镇就业三百人，完成农村危房改造四十户。"
    "二、存在的问题（一）项目储备不足，后续发展支撑不强。（二）镇村干部队伍老化，年轻干部储备不够。"
    "三、下半年工作打算（一）加快推进重点项目建设，确保年底前完成投资任务。"
    "（二）抓好秋粮生产和防汛工作，确保粮食稳产增收。（三）加强干部队伍建设，选拔培养一批年轻干部。"
)

# A statistics summary on one line, the same markers and length, nothing for anyone to do.
BULLETIN_ONE_LINE = (
    "某县2026年上半年国民经济运行情况 上半年，全县经济运行总体平稳，主要指标保持增长。 "
    "一、农业生产总体稳定。 上半年全县夏粮播种面积十二万亩，总产量四点一万吨，比上年增长一点二%。"
    "畜牧业生产保持平稳，生猪出栏十八万头。 "
    "二、工业生产稳中有升。 规模以上工业增加值比上年增长六点三%，其中制造业增长七点一%。"
    "全县规模以上工业企业一百二十家，实现营业收入八十五亿元。 "
    "三、固定资产投资平稳增长。 全县固定资产投资比上年增长五点八%，其中工业投资增长九点二%。"
    "房地产开发投资下降三点四%，商品房销售面积下降二点一%。 "
    "四、消费市场持续恢复。 社会消费品零售总额四十二亿元，比上年增长五点五%。"
)


def parsed_items(data: str) -> tuple[list[str], list[str]]:
    parsed = parse_document(read_document(data.encode(), "page.txt"))
    plan = [item.title for item in parsed.plan_section.items] if parsed.plan_section else []
    problems = (
        [item.text for item in parsed.problem_section.items] if parsed.problem_section else []
    )
    return plan, problems


def texts(data: str) -> list[str]:
    return [p.text for p in read_document(data.encode(), "page.txt").paragraphs]


def test_a_one_line_page_with_single_spaces_is_split_at_its_paragraphs() -> None:
    paragraphs = texts(MINUTES_ONE_LINE)
    assert "一、要抓紧完成老城区雨污分流改造。" in paragraphs
    assert "二、加快落实改造项目建设资金。" in paragraphs
    assert paragraphs[-1].startswith("城关镇要提前公告")
    # spaces inside a date are no paragraph break
    assert any("3 月 5 日上午" in text for text in paragraphs)


def test_a_one_line_page_cut_after_its_second_point_is_split() -> None:
    cut = MINUTES_ONE_LINE[: MINUTES_ONE_LINE.index("三、")] + "县财政局要会同县住建局积极争取"
    paragraphs = texts(cut)
    assert "二、加快落实改造项目建设资金。" in paragraphs
    # two headings and no spaced stops: an ordinary long paragraph, kept whole
    joined = cut.replace("。 ", "。")
    assert texts(joined) == [joined]


def test_a_one_line_page_without_spaces_is_split_before_its_headings() -> None:
    paragraphs = texts(REPORT_NO_SPACES)
    assert "三、下半年工作打算" in paragraphs
    assert "（二）抓好秋粮生产和防汛工作，确保粮食稳产增收。" in paragraphs
    assert "二、存在的问题" in paragraphs


def test_a_heading_without_a_stop_is_cut_from_the_sentence_after_it() -> None:
    page = BULLETIN_ONE_LINE.replace("一、农业生产总体稳定。 ", "一、农业生产总体稳定 ")
    assert "一、农业生产总体稳定" in texts(page)
    # a numbered list kept inline in its sentence stays one paragraph
    listed = texts(MINUTES_ONE_LINE.replace("现纪要如下：", "要求：1.抓紧设计；2.抓紧招标。"))
    assert "要求：1.抓紧设计；2.抓紧招标。" in listed


def test_the_pieces_keep_the_line_they_came_from() -> None:
    document = read_document(("标题\n\n" + MINUTES_ONE_LINE).encode(), "page.txt")
    assert len(document.paragraphs) > 5
    assert {p.locator for p in document.paragraphs[1:]} == {"第 3 行"}
    assert [p.index for p in document.paragraphs] == list(range(len(document.paragraphs)))


def test_the_plan_points_of_a_one_line_report_are_read() -> None:
    titles, problems = parsed_items(REPORT_NO_SPACES)
    assert any("重点项目建设" in title for title in titles)
    assert any("年轻干部" in title for title in titles)
    assert any("项目储备不足" in problem for problem in problems)


def test_a_long_paragraph_of_an_ordinary_page_is_not_split() -> None:
    # Several lines: its one long paragraph counts its points inline and stays one paragraph.
    long_paragraph = (
        "会议强调，各单位要按照分工抓好落实。一、要压实责任，主要负责同志亲自抓。二、要加强协调，"
        "遇到问题及时报告。三、要强化督查，县督查室每月通报进展。" * 6
    )
    others = [
        "关于做好防汛工作的通知",
        "各乡镇、各部门：",
        "入汛以来，我县降雨偏多，部分河道水位持续上涨，防汛形势严峻。为切实做好今年防汛工作，"
        "保障人民群众生命财产安全，经县政府同意，现就有关事项通知如下。",
        "各乡镇、各部门要把防汛工作摆在突出位置，落实二十四小时值班制度，发现险情立即处置并报告。",
    ]
    page = "\n".join(others + [long_paragraph, "县人民政府办公室"])
    assert texts(page) == others + [long_paragraph, "县人民政府办公室"]


def test_a_short_line_with_markers_is_not_split() -> None:
    line = "主要措施：一、压实责任。二、加强协调。三、强化督查。"
    assert texts(line) == [line]


def test_a_one_line_statistics_page_yields_no_items() -> None:
    assert len(texts(BULLETIN_ONE_LINE)) > 4
    assert parsed_items(BULLETIN_ONE_LINE) == ([], [])


def test_a_measures_label_under_a_problems_and_measures_heading_gives_the_plan() -> None:
    # What a one-line page's last section becomes once split: the label paragraph '改进措施：'
    # with its inline points is the plan, not a group of problems.
    page = (
        "某镇2026年政务公开工作年度报告\n2026年，我镇按照县政府统一部署推进政务公开工作。\n"
        "五、存在的主要问题和改进措施\n"
        "回顾一年来的工作，存在的主要问题有：1.公开的及时性有待加强；2.公开平台建设有待完善。\n"
        "改进措施：1.健全信息发布审核流程；2.拓宽政务公开渠道。"
    )
    plan, problems = parsed_items(page)
    assert [title.rstrip("。") for title in plan] == ["健全信息发布审核流程", "拓宽政务公开渠道"]
    assert not any("渠道" in problem or "流程" in problem for problem in problems)
