"""Shapes of the plan side of reports (engineer r13w), in invented text. Beside each, a text
of its shape that must stay as it was (nothing, or what it gave before)."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "p.txt")).to_dict()


def plan(data: dict[str, Any]) -> list[str]:
    return [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


# --- '稳定…', '稳住…' open a task ------------------------------------------------------------

STEADY_POINTS = (
    "某镇2027年农业农村工作要点\n"
    "一、稳定粮食播种面积\n全年粮食播种面积保持在3万亩以上。\n"
    "二、稳住生猪产能\n能繁母猪存栏稳定在800头左右。\n"
    "三、稳妥推进农村改厕\n完成改厕200户。\n"
    "四、加快高标准农田建设\n新建高标准农田5000亩。\n"
)


def test_work_points_opening_with_steady_verbs_are_tasks() -> None:
    got = plan(read(STEADY_POINTS))
    assert got == ["稳定粮食播种面积", "稳住生猪产能", "稳妥推进农村改厕", "加快高标准农田建设"]


def test_chapters_about_stability_stay_no_tasks() -> None:
    # The same plan shape whose headings name fields ('稳定性…', '稳定工作'), not tasks: nothing.
    text = (
        "某镇2027年安全生产工作安排\n"
        "一、稳定性评估情况\n辖区内边坡稳定性总体良好。\n"
        "二、稳定工作\n全年信访总量下降。\n"
        "三、加快隐患排查\n完成隐患排查300处。\n"
    )
    assert plan(read(text)) == []


STEADY_PROMISE = (
    "某县商务局2026年工作总结\n"
    "一、工作开展情况\n全年完成外贸进出口额12亿元。\n"
    "二、下一步工作打算\n"
    "2027年，我局将稳住外贸基本盘，确保重点企业订单不流失，守住不发生重大安全事故的底线。\n"
)


def test_a_promise_of_steady_clauses_gives_one_task_each() -> None:
    data = read(STEADY_PROMISE)
    # Each item says it is a clause of the promise; no warning that the paragraph was one item.
    assert not any("整段" in w or "按段落拆分" in w for w in data["warnings"])
    assert plan(data) == [
        "稳住外贸基本盘",
        "确保重点企业订单不流失",
        "守住不发生重大安全事故的底线",
    ]


def test_a_promise_of_general_words_stays_one_resolve() -> None:
    # The same promise in general words ('稳中求进，开拓创新'): no task per clause.
    text = STEADY_PROMISE.replace(
        "稳住外贸基本盘，确保重点企业订单不流失，守住不发生重大安全事故的底线",
        "稳中求进，开拓创新，推动商务工作再上新台阶",
    )
    assert len(plan(read(text))) <= 1


# --- a year's '主要工作' / '重点工作' is a plan document --------------------------------------

MAIN_WORK = (
    "2027年全市机关党建主要工作\n"
    "2027年做好机关党建工作，总体要求是：坚持以党的政治建设为统领，推动机关党建高质量发展。\n"
    "一、深入学习贯彻党的创新理论和上级关于机关党建工作“三个表率”重要指示要求精神\n"
    "1.抓好理论学习中心组学习。每季度至少集中学习一次。\n"
    "2.办好青年理论学习小组。组织交流研讨，提升学习实效。\n"
    "二、持续加强基层党组织建设\n"
    "推进支部标准化规范化建设。\n"
)


def test_a_years_main_work_titled_document_is_a_plan() -> None:
    got = plan(read(MAIN_WORK))
    assert got == [
        "深入学习贯彻党的创新理论和上级关于机关党建工作“三个表率”重要指示要求精神",
        "持续加强基层党组织建设",
    ]


def test_a_main_work_page_cut_in_its_first_point_gives_that_point() -> None:
    cut = MAIN_WORK.split("二、")[0]
    # Its heading is long (a title, no sentence): still the point's name.
    assert plan(read(cut)) == [
        "深入学习贯彻党的创新理论和上级关于机关党建工作“三个表率”重要指示要求精神"
    ]


def test_a_years_main_work_told_as_done_stays_silent() -> None:
    # The same title over an account of the work done: no task.
    text = (
        "2026年全市机关党建主要工作\n"
        "一、理论学习不断深化\n全年开展中心组学习12次。\n"
        "二、基层组织建设成效明显\n新建标准化支部30个。\n"
    )
    assert plan(read(text)) == []


# --- a task table copied as text, one cell a line, no column marks ---------------------------

BARE_TABLE = (
    "某镇2027年度重点工作推进计划\n"
    "序号\n重点工作\n责任\n领导\n牵头\n单位\n目标\n任务\n完成\n时限\n"
    "1\n集镇污水管网改造\n张某\n镇建设办\n新建污水管网3公里，完成雨污分流改造。\n2027年9月底\n"
    "2\n农村公路提档升级\n李某\n镇交通办\n完成村道拓宽8公里。\n2027年11月底\n"
    "3\n老旧小区改造\n王某\n镇建设办\n改造老旧小区2个。\n2027年12月底\n"
)


def test_a_bare_one_cell_a_line_table_gives_one_task_a_row() -> None:
    data = read(BARE_TABLE)
    assert data["document_kind"] == "table"
    items = data["plan_section"]["items"]
    # Each row's target is its task, the key work it serves its context.
    assert [i["title"] for i in items] == [
        "新建污水管网3公里，完成雨污分流改造。",
        "完成村道拓宽8公里。",
        "改造老旧小区2个。",
    ]
    assert items[0]["body"] == "重点任务：集镇污水管网改造"
    assert items[0]["lead"] == ["镇建设办"]
    assert items[0]["deadline"]["due_on"] == "2027-09-30"
    # The reason says the header's split cells were joined.
    assert "“牵头单位”" in data["plan_section"]["reason"]
    assert "合并" in data["plan_section"]["reason"]


def test_a_bare_table_whose_row_lost_a_cell_is_not_guessed() -> None:
    # Row 2 lost its leader cell (an empty cell vanishes when copied): rows cannot be told
    # apart safely, so the text is read as it was before (no table).
    text = BARE_TABLE.replace("2\n农村公路提档升级\n李某\n", "2\n农村公路提档升级\n")
    assert read(text)["document_kind"] != "table"


def test_a_bare_name_list_stays_no_table() -> None:
    # The same shape holding a list of people, no task column: nothing.
    text = (
        "某镇2027年度网格员名单\n"
        "序号\n姓名\n所在\n村（社区）\n联系\n电话\n"
        "1\n张某\n东村\n13800000001\n"
        "2\n李某\n西村\n13800000002\n"
        "3\n王某\n南村\n13800000003\n"
    )
    data = read(text)
    assert data["document_kind"] != "table"
    assert plan(data) == []


# --- a promise without a time word under the plan's heading ----------------------------------

OCCASION_PROMISE = (
    "某县司法局2026年法治政府建设年度报告\n"
    "一、主要工作\n全年办理行政复议案件30件。\n"
    "二、下一步工作打算\n"
    "我局将以此次检查为契机，加强执法队伍建设，完善考核评价机制，强化督查问责。\n"
)


def test_the_writers_promise_under_the_plan_heading_gives_one_task_a_clause() -> None:
    # The heading says it is the plan: no '下一步' needed; '以…为契机' is the occasion, no task.
    assert plan(read(OCCASION_PROMISE)) == ["加强执法队伍建设", "完善考核评价机制", "强化督查问责"]


def test_a_promise_telling_an_event_stays_one_item() -> None:
    text = OCCASION_PROMISE.replace(
        "以此次检查为契机，加强执法队伍建设，完善考核评价机制，强化督查问责",
        "于明年3月召开全县司法行政工作会议，总结经验，表彰先进",
    )
    assert len(plan(read(text))) == 1


# --- a promise cut by the page's end ---------------------------------------------------------

CUT_PROMISE = (
    "某中心“三公”经费自查报告\n"
    "一、基本情况\n全年公务接待费支出3000元。\n"
    "二、下一步工作打算\n"
    "我中心将以此次自查为契机，严格控制公务接待支出，完善公务用车管"
)


def test_a_promise_cut_by_the_page_end_keeps_its_tasks() -> None:
    data = read(CUT_PROMISE)
    assert plan(data) == ["严格控制公务接待支出", "完善公务用车管"]
    assert any("中断" in w for w in data["warnings"])


def test_a_promise_cut_before_its_task_stays_a_lead_in() -> None:
    for end in ("我中心将以此次自查为契机，进一", "今后我们将继续坚持"):
        text = CUT_PROMISE.split("我中心将")[0] + end
        assert plan(read(text)) == []


# --- a task division written as text, each task naming its lead unit -------------------------

DIVISION_INLINE = (
    "某县2027年法治政府建设重点任务分工方案\n"
    "为推进法治政府建设，现将重点任务分工如下：\n"
    "一、健全依法决策机制\n"
    "1.完善重大行政决策程序制度。（牵头单位：县司法局；配合单位：县政府办；完成时限：2027年6月底）\n"
    "2.推行合法性审查全覆盖。（牵头单位：县司法局；完成时限：2027年12月底）\n"
    "二、严格规范执法\n"
    "3.开展行政执法案卷评查。（牵头单位：县司法局；配合单位：各执法部门）\n"
)

DIVISION_LINES = (
    "某县2027年法治政府建设重点任务分工方案\n"
    "一、健全依法决策机制\n"
    "（一）完善重大行政决策程序制度。\n责任单位：县司法局、县政府办\n完成时限：2027年6月底\n"
    "（二）推行合法性审查全覆盖。\n责任单位：县司法局\n完成时限：2027年12月底\n"
    "二、严格规范执法\n"
    "（三）开展行政执法案卷评查。\n牵头单位：县司法局\n配合单位：各执法部门\n"
)


def test_a_division_text_gives_one_task_per_entry_with_its_units() -> None:
    for text in (DIVISION_INLINE, DIVISION_LINES):
        data = read(text)
        items = data["plan_section"]["items"]
        assert [i["title"].rstrip("。") for i in items] == [
            "完善重大行政决策程序制度",
            "推行合法性审查全覆盖",
            "开展行政执法案卷评查",
        ]
        assert items[0]["lead"][0] == "县司法局"
        assert items[0]["deadline"]["due_on"] == "2027-06-30"
        assert (
            "牵头单位" in data["plan_section"]["reason"]
            or "责任单位" in (data["plan_section"]["reason"])
        )


def test_the_signature_under_the_last_entry_is_no_part_of_it() -> None:
    for text in (DIVISION_INLINE, DIVISION_LINES):
        data = read(text + "某县人民政府办公室\n2027年1月5日\n")
        last = data["plan_section"]["items"][-1]
        assert "办公室" not in last["body"] and "1月5日" not in last["body"]
        assert last["lead"] == ["县司法局"] and last["cooperating"]


def test_a_division_notice_or_scheme_without_units_stays_silent() -> None:
    scheme = DIVISION_INLINE.replace(
        "（牵头单位：县司法局；配合单位：县政府办；完成时限：2027年6月底）", ""
    )
    scheme = scheme.replace("（牵头单位：县司法局；完成时限：2027年12月底）", "")
    scheme = scheme.replace("（牵头单位：县司法局；配合单位：各执法部门）", "")
    notice = (
        "某县人民政府办公室关于印发2027年重点工作任务分工方案的通知\n"
        "各乡镇人民政府，县政府各部门：\n"
        "《2027年重点工作任务分工方案》已经县政府同意，现印发给你们。\n"
        "一、各牵头单位要加强统筹，确保任务按期完成。\n"
        "二、责任单位：列第一位的为牵头单位，要及时报送进展情况。\n"
    )
    for text in (scheme, notice):
        assert plan(read(text)) == []


# --- '1）' numbering ---------------------------------------------------------------------------

HALF_PAREN_PLAN = (
    "某县司法局2026年法治政府建设年度报告\n"
    "一、主要工作\n全年办理行政复议案件30件。\n"
    "二、2027年工作打算\n"
    "1）加强执法队伍建设。每季度组织一次培训。\n"
    "2）完善考核评价机制。年底前出台考核办法。\n"
    "3）强化督查问责。\n"
)


def test_half_parenthesis_numbers_open_plan_points() -> None:
    data = read(HALF_PAREN_PLAN)
    items = data["plan_section"]["items"]
    assert [(i["number"], i["title"]) for i in items] == [
        ("1）", "加强执法队伍建设。"),
        ("2）", "完善考核评价机制。"),
        ("3）", "强化督查问责。"),
    ]


def test_half_parenthesis_points_of_work_done_stay_out_of_the_plan() -> None:
    # The same numbering over the year's work done: the plan is still only the plan's points.
    text = (
        "某县司法局2026年法治政府建设年度报告\n"
        "一、主要工作\n"
        "1）全年办理行政复议案件30件。\n2）开展执法培训6次。\n"
        "二、2027年工作打算\n"
        "（一）加强执法队伍建设。每季度组织一次培训。\n"
        "（二）完善考核评价机制。年底前出台考核办法。\n"
    )
    data = read(text)
    assert plan(data) == ["加强执法队伍建设。", "完善考核评价机制。"]
    assert problems(data) == []


# --- '（1）…；（2）…' inside one paragraph ---------------------------------------------------------

PAREN_INLINE = (
    "某县司法局2026年法治政府建设年度报告\n"
    "一、主要工作\n全年办理行政复议案件30件。\n"
    "二、2027年工作打算\n"
    "下一步，我局将：（1）加强执法队伍建设，每季度组织培训；（2）完善考核评价机制；"
    "（3）强化督查问责。\n"
)


def test_parenthesised_numbers_inside_a_paragraph_split_the_plan() -> None:
    data = read(PAREN_INLINE)
    assert data["plan_section"]["items"][0]["reason"] == "按段内编号“（1）、（2）”拆分"
    assert plan(data) == [
        "加强执法队伍建设，每季度组织培训",
        "完善考核评价机制",
        "强化督查问责",
    ]


def test_parenthesised_numbers_inside_a_sentence_stay_as_they_were() -> None:
    # '（1）' not after a colon or a stop is no list: the paragraph reads as before.
    text = PAREN_INLINE.replace(
        "下一步，我局将：（1）加强执法队伍建设，每季度组织培训；（2）完善考核评价机制；（3）强化督查问责。",
        "下一步，我局将贯彻县委（2027）1号文件要求，加强执法队伍建设。",
    )
    assert plan(read(text)) == ["下一步，我局将贯彻县委（2027）1号文件要求，加强执法队伍建设。"]


# --- the plan's points numbering again from '一、' right after its heading ----------------------

RESTART = (
    "某县司法局2026年法治政府建设年度报告\n"
    "一、主要工作\n全年办理行政复议案件30件。\n"
    "二、存在的问题\n执法力量薄弱。\n"
    "2027年工作打算\n"
    "一、加强执法队伍建设\n每季度组织一次培训。\n"
    "二、完善考核评价机制\n年底前出台考核办法。\n"
)


def test_points_numbered_again_after_the_plan_heading_are_its_tasks() -> None:
    for text in (RESTART, RESTART.replace("2027年工作打算", "三、2027年工作打算")):
        data = read(text)
        assert plan(data) == ["加强执法队伍建设", "完善考核评价机制"], text
        assert "重新从“一、”编号" in data["plan_section"]["items"][0]["reason"]


def test_numbering_again_after_text_or_a_signature_is_another_document() -> None:
    # Under the plan heading its own paragraph, or the signature, then a second document
    # numbering from '一、' (work done): the plan stays as it was.
    second = (
        "某县司法局\n2027年1月10日\n"
        "某县司法局2026年普法工作总结\n"
        "一、普法宣传情况\n全年开展普法活动20场。\n"
        "二、普法队伍建设\n新聘普法志愿者50名。\n"
    )
    head = RESTART.split("2027年工作打算")[0] + "三、2027年工作打算\n"
    own = "2027年，我局将继续推进法治政府建设各项工作。\n"
    assert plan(read(head + own + second)) == [own.strip()]
    assert plan(read(head + second)) == []


# --- an introduction and its tasks on one line -------------------------------------------------

INTRO_TASKS = (
    "某县司法局2026年法治政府建设年度报告\n"
    "一、主要工作\n全年办理行政复议案件30件。\n"
    "二、2027年工作打算\n"
    "2027年，我局将重点做好以下工作：加强执法队伍建设；完善考核评价机制；强化督查问责。\n"
)


def test_tasks_after_the_introductions_colon_are_tasks() -> None:
    data = read(INTRO_TASKS)
    assert plan(data) == ["加强执法队伍建设", "完善考核评价机制", "强化督查问责"]
    # The line is no longer called a lead-in.
    assert not any("引导语" in w for w in data["warnings"])


def test_an_introduction_alone_or_a_target_after_a_colon_stays_as_it_was() -> None:
    alone = INTRO_TASKS.replace("加强执法队伍建设；完善考核评价机制；强化督查问责。", "")
    assert plan(read(alone)) == []
    target = INTRO_TASKS.replace(
        "2027年，我局将重点做好以下工作：加强执法队伍建设；完善考核评价机制；强化督查问责。",
        "2027年的目标是：全年办案50件，群众满意率95%以上。",
    )
    assert plan(read(target)) == ["2027年的目标是"]
