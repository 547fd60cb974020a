"""Lead / co-operating units and time limits as offices write them (plans.phrases)."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.phrases import department_matches, parse_assignment, parse_deadline, split_units


@pytest.mark.parametrize(
    ("text", "kind", "due_on", "period"),
    [
        ("2022年6月底前", "date", dt.date(2022, 6, 30), None),
        ("6月底前", "date", dt.date(2022, 6, 30), None),
        ("年底前", "date", dt.date(2022, 12, 31), None),
        ("2022年9月30日前", "date", dt.date(2022, 9, 30), None),
        ("二〇二二年十一月", "date", dt.date(2022, 11, 30), None),
        ("第三季度", "date", dt.date(2022, 9, 30), None),
        ("上半年", "date", dt.date(2022, 6, 30), None),
        ("2022.10.15", "date", dt.date(2022, 10, 15), None),
        ("2022年3月底前完成方案，10月底前全面完成", "date", dt.date(2022, 10, 31), None),
        ("每季度", "periodic", None, "quarterly"),
        ("每月25日前报送进展", "periodic", None, "monthly"),
        ("长期坚持", "none", None, None),
        ("持续推进", "none", None, None),
    ],
)
def test_deadlines(text: str, kind: str, due_on: dt.date | None, period: str | None) -> None:
    deadline = parse_deadline(text, year=2022)
    assert deadline is not None
    assert (deadline.kind, deadline.due_on, deadline.period) == (kind, due_on, period)
    assert deadline.text == text


def test_standing_and_unknown_limits_carry_a_note_not_a_date() -> None:
    standing = parse_deadline("长期坚持", year=2022)
    assert standing is not None and "长期" in standing.note
    unknown = parse_deadline("按上级要求", year=2022)
    assert unknown is not None and unknown.kind == "none" and "人工" in unknown.note
    no_year = parse_deadline("6月底前")
    assert no_year is not None and no_year.kind == "none" and "年份" in no_year.note
    assert parse_deadline("  ") is None
    assert parse_deadline("2022年2月30日", year=2022).due_on is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lead", "cooperating", "due_on"),
    [
        (
            "由政策法规处牵头、执法总队配合，于2022年6月底前完成。",
            ["政策法规处"],
            ["执法总队"],
            "2022-06-30",
        ),
        (
            "会议议定：由市应急局牵头，市公安局、市交通运输局等单位配合，10月31日前完成排查。",
            ["市应急局"],
            ["市公安局", "市交通运输局"],
            "2022-10-31",
        ),
        (
            "牵头单位：办公室；配合单位：财务处、人事处；完成时限：年底前",
            ["办公室"],
            ["财务处", "人事处"],
            "2022-12-31",
        ),
        ("由办公室会同财务处负责，9月底前完成。", ["办公室"], ["财务处"], "2022-09-30"),
        # Labels on one line parted by spaces, as minutes' agreed items write them.
        (
            "责任单位：县住建局  配合单位：县自然资源局、县财政局  完成时限：2022年12月底前",
            ["县住建局"],
            ["县自然资源局", "县财政局"],
            "2022-12-31",
        ),
        ("责任单位：县公安局交警大队 完成时限：9月底前", ["县公安局交警大队"], [], "2022-09-30"),
        # '会议同意由X牵头…': the lead is X, not '同意由X'.
        ("会议同意由区住建局牵头建设停车场。", ["区住建局"], [], None),
        # A unit's name with a space in it and no label after it stays whole.
        ("责任单位：县公安局 交警大队", ["县公安局 交警大队"], [], None),
        ("由综合处负责落实。", ["综合处"], [], None),
        ("强化法规体系建设，加强重要领域立法工作。", [], [], None),
    ],
)
def test_assignments(
    text: str, lead: list[str], cooperating: list[str], due_on: str | None
) -> None:
    assignment = parse_assignment(text, year=2022)
    assert assignment.lead == lead
    assert assignment.cooperating == cooperating
    got = (
        assignment.deadline.due_on.isoformat()
        if assignment.deadline and assignment.deadline.due_on
        else None
    )
    assert got == due_on


def test_split_units_drops_framing_words() -> None:
    assert split_units("省应急厅政策法规处、执法总队等单位") == ["省应急厅政策法规处", "执法总队"]
    assert split_units("办公室和财务处") == ["办公室", "财务处"]


def test_department_aliases() -> None:
    departments = [("政策法规处", "法规处"), ("办公室", ""), ("执法监督处", "")]
    assert department_matches("省应急厅政策法规处", departments) == ["政策法规处"]
    assert department_matches("法规处", departments) == ["政策法规处"]
    assert department_matches("办公室", departments) == ["办公室"]
    assert department_matches("宣传教育中心", departments) == []


def test_split_units_keeps_a_bureau_named_with_he() -> None:
    # '人力资源和社会保障局', '住房和城乡建设局': one bureau whose name holds '和'.
    assert split_units("市人力资源和社会保障局、市财政局") == ["市人力资源和社会保障局", "市财政局"]
    assert split_units("县住房和城乡建设局及县水利局") == ["县住房和城乡建设局", "县水利局"]


def test_split_units_still_splits_units_joined_by_he() -> None:
    assert split_units("县教育局和县财政局") == ["县教育局", "县财政局"]
    assert split_units("住建和消防部门") == ["住建", "消防部门"]
    assert split_units("住建和市财政局") == ["住建", "市财政局"]


# A date limit in the item's own words (r14e): '2027年6月底前制定…' when no '于Z前完成' names one.
@pytest.mark.parametrize(
    ("text", "year", "written", "due_on"),
    [
        (
            "3.全面推行柔性执法，2027年6月底前制定轻微违法不予处罚清单。"
            "（牵头单位：县司法局，配合单位：县市场监管局）",
            None,
            "2027年6月底前",
            dt.date(2027, 6, 30),
        ),
        (
            "健全公共法律服务网络，9月30日前建立村居法律顾问台账。",
            2027,
            "9月30日前",
            dt.date(2027, 9, 30),
        ),
        ("推进证明事项告知承诺制，年底前实现全覆盖。", 2027, "年底前", dt.date(2027, 12, 31)),
        ("清理涉企规范性文件，2027年上半年完成清理。", None, "2027年上半年", dt.date(2027, 6, 30)),
        # Several limits: the last one counts, all are shown.
        (
            "修订行政执法程序规定，3月底前制定修订方案，8月底前提请审议。",
            2027,
            "3月底前，8月底前",
            dt.date(2027, 8, 31),
        ),
    ],
)
def test_a_date_limit_in_the_text_is_the_deadline(
    text: str, year: int | None, written: str, due_on: dt.date
) -> None:
    deadline = parse_assignment(text, year=year).deadline
    assert deadline is not None
    assert (deadline.text, deadline.kind, deadline.due_on) == (written, "date", due_on)


def test_a_bare_limit_without_the_documents_year_gives_a_note_not_a_date() -> None:
    deadline = parse_assignment("推进证明事项告知承诺制，年底前实现全覆盖。").deadline
    assert deadline is not None
    assert (deadline.kind, deadline.due_on, deadline.note) == ("none", None, "时限缺少年份，请补充")


@pytest.mark.parametrize(
    "text",
    [
        "清理涉企规范性文件，2026年6月底前已完成清理工作。",  # done, in a review
        "2026年6月底前均已完成整改。",
        "2026年6月，我局制定了轻微违法不予处罚清单。",  # a date, not a limit
        "按要求前完成清理。",  # no date
        "6月前后开展一次专项检查。",  # 'around', no limit
        "2026年上半年完成了清理工作。",  # done
    ],
)
def test_dates_that_are_no_limit_give_no_deadline(text: str) -> None:
    assert parse_assignment(text, year=2026).deadline is None


def test_a_labelled_or_by_when_limit_still_wins() -> None:
    by_when = parse_assignment("年底前实现全覆盖，于8月15日前完成摸底。", year=2027).deadline
    assert by_when is not None and by_when.due_on == dt.date(2027, 8, 15)
    labelled = parse_assignment("年底前实现全覆盖。完成时限：2027年10月", year=2027).deadline
    assert labelled is not None and labelled.due_on == dt.date(2027, 10, 31)


# A limit written without 已/了 in a text that reports work done (r15c): the text's role decides,
# not the one sentence. Words of intent anywhere in it, or a plan section, keep the limit.
@pytest.mark.parametrize(
    "text",
    [
        "今年以来，我局开展了涉企文件专项清理，2026年上半年完成清理工作，累计废止文件12件。",
        "按照县委部署，乡村道路改造已全面铺开，9月底前完成主干道硬化，圆满通过验收。",
        "对照整改清单逐项销号，截至目前，年底前完成的事项均经复核。",
    ],
)
def test_a_limit_in_a_text_reporting_work_done_is_no_deadline(text: str) -> None:
    assert parse_assignment(text, year=2026).deadline is None


@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        # Work done and work to do in one text: the intent makes it a plan.
        ("试点已在两个乡镇开展，将于2027年上半年完成全县推广。", dt.date(2027, 6, 30)),
        ("前期已完成摸底，力争9月底前完成主干道硬化。", dt.date(2027, 9, 30)),
        # '已有' is what exists, '为了' a purpose: no report of work done.
        ("巩固已有试点成果，2027年上半年完成全县推广。", dt.date(2027, 6, 30)),
        ("为了方便群众办事，年底前实现一网通办。", dt.date(2027, 12, 31)),
    ],
)
def test_a_limit_beside_words_of_intent_stays_the_deadline(text: str, due_on: dt.date) -> None:
    deadline = parse_assignment(text, year=2027).deadline
    assert deadline is not None and deadline.due_on == due_on


def test_a_plan_sections_item_keeps_its_limit_whatever_its_words() -> None:
    text = "巩固去年已取得的试点成果，2027年上半年完成全县推广。"
    assert parse_assignment(text, year=2027).deadline is None
    planned = parse_assignment(text, year=2027, planned=True).deadline
    assert planned is not None and planned.due_on == dt.date(2027, 6, 30)


# '<year>年前' (r15c, a product decision): before that year begins — the last day of the year
# before, with a note asking to check; 'N年前' with a count is 'N years ago', no limit.
@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        ("深化综合执法改革，2028年前完成乡镇执法队伍整合。", dt.date(2027, 12, 31)),
        ("力争2028年前实现村级服务站全覆盖。", dt.date(2027, 12, 31)),
        ("于2028年前建立覆盖城乡的法律服务网络。", dt.date(2027, 12, 31)),
        ("二〇二八年以前基本建成数字政府。", dt.date(2027, 12, 31)),
    ],
)
def test_a_year_limit_is_the_end_of_the_year_before(text: str, due_on: dt.date) -> None:
    deadline = parse_assignment(text, year=2027).deadline
    assert deadline is not None
    assert (deadline.kind, deadline.due_on) == ("date", due_on)
    assert "请核对" in deadline.note


@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        ("2028年底前全面建成智慧执法平台。", dt.date(2028, 12, 31)),
        ("到2028年底全面建成智慧执法平台。", dt.date(2028, 12, 31)),
        ("2028年末实现执法记录全覆盖。", dt.date(2028, 12, 31)),
        ("2028年前三季度完成平台验收。", dt.date(2028, 9, 30)),
    ],
)
def test_a_years_end_or_quarter_is_in_that_year(text: str, due_on: dt.date) -> None:
    deadline = parse_assignment(text, year=2027).deadline
    assert deadline is not None and deadline.due_on == due_on


@pytest.mark.parametrize(
    "text",
    [
        "3年前完成的改造工程已老化。",  # 'three years ago'
        "十年前建成的办公楼需要维修。",
        "2028年前后建成智慧执法平台。",  # 'around 2028'
        "2020年前，我县尚未建立执法平台。",  # a time in the past, no task after it
    ],
)
def test_years_ago_and_around_a_year_are_no_limit(text: str) -> None:
    assert parse_assignment(text, year=2027).deadline is None


def test_a_table_cells_year_limit_reads_the_same() -> None:
    before = parse_deadline("2028年前", year=2027)
    assert before is not None and before.due_on == dt.date(2027, 12, 31)
    within = parse_deadline("2028年", year=2027)
    assert within is not None and within.due_on == dt.date(2028, 12, 31) and not within.note
