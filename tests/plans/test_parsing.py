"""What a supervisor sees in the import preview, for the reference and for other departments."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from plans.parsing import ParsedReport, parse_report
from plans.reading import read_document
from tests.plans import builders

REFERENCE = builders.fixture_text("jilin_2021.txt")
LINES = builders.report_lines(REFERENCE)

PLAN_TITLES = [
    "强化法规体系建设,加强重要领域立法工作。",
    "继续深入推进落实“放管服”改革工作。",
    "加强市县行政执法人员执法资格培训工作。",
    "加强执法监督工作。",
]
PROBLEMS = [
    "应急管理体制机制还不够完善",
    "应急管理法律体系骨干框架还在制定实施过程中",
    "执法队伍专业能力与实际工作不相匹配",
    "基层执法力量薄弱",
    "“放管服”改革还需要进一步深化",
]


def fold(text: str) -> str:
    """Compare across formats whose punctuation width differs."""
    return unicodedata.normalize("NFKC", text)


def summary(report: ParsedReport) -> dict[str, Any]:
    data = report.to_dict()
    return {
        "plan": [(i["number"], fold(i["title"])) for i in data["plan_section"]["items"]],
        "problems": [fold(i["text"]) for i in data["problem_section"]["items"]],
        "meta": (
            data["title"],
            data["organization"],
            data["report_year"],
            data["plan_year"],
            data["issued_on"],
        ),
    }


def test_reference_report() -> None:
    report = parse_report(REFERENCE)
    data = report.to_dict()
    assert list(data) == [
        "title",
        "organization",
        "report_year",
        "plan_year",
        "issued_on",
        "plan_section",
        "problem_section",
        "outline",
        "warnings",
        "document_kind",
        "limits_from_issued_on",
    ]
    assert data["document_kind"] == "report"
    assert data["title"] == "吉林省应急管理厅关于2021年度法治政府建设情况的报告"
    assert data["organization"] == "吉林省应急管理厅"
    assert data["report_year"] == 2021
    assert data["plan_year"] == 2022
    assert data["issued_on"] == "2022-01-13"
    assert data["warnings"] == []

    plan = data["plan_section"]
    assert plan["heading"] == "三、2022年工作打算"
    assert [i["number"] for i in plan["items"]] == ["（一）", "（二）", "（三）", "（四）"]
    assert [i["title"] for i in plan["items"]] == PLAN_TITLES
    assert all(i["kind"] == "plan" for i in plan["items"])
    assert plan["items"][0]["body"].startswith("紧密跟踪国家立法进程")
    assert plan["items"][0]["source"] == {"paragraph": 45, "locator": "第 93 行"}
    last_body = plan["items"][3]["body"]
    assert last_body.endswith("进一步强化考核结果运用。")
    for footer in ("吉林省应急管理厅", "2022年1月13日", "发布时间", "ICP", "微信公众号"):
        assert footer not in last_body

    problems = data["problem_section"]
    assert problems["heading"] == "二、存在的问题"
    assert [i["text"] for i in problems["items"]] == PROBLEMS
    assert all(i["number"] is None and i["kind"] == "problem" for i in problems["items"])
    assert problems["items"][0]["source"]["locator"] == "第 87 行"

    outline = data["outline"]
    assert [(n["level"], n["number"]) for n in outline] == [(1, "一、"), (1, "二、"), (1, "三、")]
    first = outline[0]["children"]
    assert [c["number"] for c in first].count("（八）") == 2  # the source numbers 八 twice
    assert first[0]["children"][0] == {
        "level": 3,
        "number": "1.",
        "title": "依据法治政府建设规划,制定工作任务细化措施。",
        "children": [],
        "source": {"paragraph": 6, "locator": "第 15 行"},
    }
    json.dumps(data, ensure_ascii=False)  # the contract is JSON


def test_breadcrumb_and_footer_never_become_items() -> None:
    data = parse_report(REFERENCE).to_dict()
    everything = json.dumps(data["outline"], ensure_ascii=False)
    for chrome in ("当前位置", "发布时间", "网站标识码", "访问量", "微信公众号", "邮编"):
        assert chrome not in everything


def test_content_hash_is_stable_across_formats() -> None:
    text_hash = parse_report(REFERENCE).content_sha256
    html = read_document(builders.build_html(LINES), "page.html")
    assert parse_report(html.paragraphs).content_sha256 == text_hash
    assert parse_report(REFERENCE + "\n\n").content_sha256 == text_hash
    assert (
        parse_report(REFERENCE.replace("加强执法监督工作。", "加强监督。")).content_sha256
        != text_hash
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("docx", lambda: builders.build_docx([builders.to_full_width(x) for x in LINES])),
        ("pdf", lambda: builders.build_pdf(LINES)),
        ("html", lambda: builders.build_html(LINES)),
        ("txt", lambda: REFERENCE.encode("gb18030")),
    ],
)
def test_same_items_from_every_format(name: str, data: Any) -> None:
    expected = summary(parse_report(REFERENCE))
    document = read_document(data(), f"report.{name}")
    report = parse_report(document.paragraphs)
    assert summary(report) == expected
    assert report.warnings == []
    last_body = report.plan_section.items[-1].body  # type: ignore[union-attr]
    assert "吉林省应急管理厅" not in last_body and "发布时间" not in last_body


def test_half_and_full_width_mix_with_run_on_headings() -> None:
    data = parse_report(builders.fixture_text("shiju_sifa_2022.txt")).to_dict()
    assert data["title"] == "某市司法局关于2022年度法治政府建设情况的报告"
    assert (data["report_year"], data["plan_year"], data["issued_on"]) == (2022, 2023, "2023-01-20")
    plan = data["plan_section"]
    assert plan["heading"] == "三、2023年工作思路"
    assert [(i["number"], i["title"]) for i in plan["items"]] == [
        ("（一）", "持续深化法治政府建设"),
        ("（二）", "提升行政执法质效。"),
        ("（三）", "加强公共法律服务体系建设"),
    ]
    assert plan["items"][0]["body"] == "对标对表示范创建指标，补齐短板弱项。"
    # '1．' and '2、' under （一） are normalised to '1.' / '2.'.
    achievements = data["outline"][0]["children"][0]["children"]
    assert [(c["number"], c["title"]) for c in achievements] == [
        ("1.", "完善工作机制"),
        ("2.", "加强督察考核。"),
    ]
    assert "浏览次数" not in json.dumps(data, ensure_ascii=False)


def test_numbered_problems() -> None:
    data = parse_report(builders.fixture_text("shiju_sifa_2022.txt")).to_dict()
    problems = data["problem_section"]
    assert problems["heading"] == "二、存在的问题和不足"
    assert [(i["number"], i["text"]) for i in problems["items"]] == [
        ("（一）", "行政执法规范化水平有待提升"),
        ("（二）", "法治宣传的针对性不强"),
        ("（三）", "基层法治力量薄弱"),
    ]
    assert problems["items"][2]["body"] == "乡镇司法所人员配备不足，专业化水平不高。"


def test_no_plan_section() -> None:
    data = parse_report(builders.fixture_text("no_plan_2021.txt")).to_dict()
    assert data["plan_section"] is None
    assert data["plan_year"] == 2022  # report year + 1
    assert any("工作计划" in w for w in data["warnings"])
    assert [i["text"] for i in data["problem_section"]["items"]] == [
        "执法人员专业素质有待提高",
        "法治宣传教育形式单一，覆盖面不够广",
        "部分规范性文件清理不够及时",
    ]


def test_yishi_ershi_enumerations_for_problems_and_plan() -> None:
    data = parse_report(builders.fixture_text("yishi_erhshi_2022.txt")).to_dict()
    assert [(i["number"], i["text"]) for i in data["problem_section"]["items"]] == [
        ("一是", "企业主体责任落实不到位，部分企业安全投入不足"),
        ("二是", "基层监管力量薄弱"),
        ("三是", "应急救援装备保障能力不强"),
    ]
    plan = data["plan_section"]
    assert plan["heading"] == "三、下步工作打算"
    assert [(i["number"], i["title"]) for i in plan["items"]] == [
        ("一是", "持续开展安全生产专项整治，坚决遏制较大事故发生"),
        ("二是", "加强基层监管队伍建设"),
        ("三是", "提升应急救援能力，完善应急预案体系"),
    ]
    # Achievements also use 一是/二是; they are never plan items.
    titles = json.dumps(plan, ensure_ascii=False)
    assert "危化品" not in titles
    assert data["issued_on"] == "2022-12-28" and data["report_year"] == 2022


def test_only_achievements_gives_no_sections() -> None:
    data = parse_report(builders.fixture_text("achievements_only_2021.txt")).to_dict()
    assert data["plan_section"] is None
    assert data["problem_section"] is None
    assert len(data["outline"]) == 2
    assert len(data["warnings"]) == 2


def test_next_step_plan_with_arabic_numbers_and_listed_problems() -> None:
    data = parse_report(builders.fixture_text("next_step_numbered_2022.txt")).to_dict()
    plan = data["plan_section"]
    assert plan["heading"] == "三、下一步工作计划"
    assert [(i["number"], i["title"]) for i in plan["items"]] == [
        ("1.", "健全生态环境法规制度。"),
        ("2.", "加强执法队伍建设。"),
        ("3.", "深化普法宣传教育。"),
        ("4.", "推进非现场监管。"),
    ]
    assert data["plan_year"] == 2023
    assert [i["text"] for i in data["problem_section"]["items"]] == [
        "执法装备保障不足",
        "环境执法人员数量与监管任务不匹配",
        "普法宣传的精准性有待增强",
    ]
    assert data["title"] == "某市生态环境局关于2022年法治政府建设工作情况的报告"


def test_one_heading_for_problems_and_plans() -> None:
    data = parse_report(builders.fixture_text("combined_2021.txt")).to_dict()
    assert data["plan_section"]["heading"] == "二、存在问题及下一步工作安排"
    assert data["problem_section"]["heading"] == "二、存在问题及下一步工作安排"
    assert [i["title"] for i in data["plan_section"]["items"]] == [
        "加强法治教育培训。",
        "提升行政复议应诉水平。",
        "夯实基层法治基础。",
    ]
    assert [i["text"] for i in data["problem_section"]["items"]] == [
        "部分干部法治意识不强",
        "行政复议应诉能力不足",
        "基层法治建设基础薄弱",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "2022年工作打算",
        "下一步工作计划",
        "下步工作打算",
        "2023年工作思路",
        "下一步工作安排",
        "今后工作打算",
        "工作计划",
        "工作安排",
        "下一步工作思路",
        "2022年度工作计划",
    ],
)
def test_plan_section_names(heading: str) -> None:
    text = (
        "某局关于2021年度工作情况的报告\n一、工作情况\n（一）做了一件事。\n"
        f"二、{heading}\n（一）要做的第一件事。\n（二）要做的第二件事。\n某局\n2022年1月5日\n"
    )
    plan = parse_report(text).to_dict()["plan_section"]
    assert plan["heading"] == f"二、{heading}"
    assert [i["title"] for i in plan["items"]] == ["要做的第一件事。", "要做的第二件事。"]


@pytest.mark.parametrize(
    "heading", ["存在的问题", "存在的不足", "问题和不足", "困难和问题", "存在的主要问题"]
)
def test_problem_section_names(heading: str) -> None:
    text = f"某局2021年度工作报告\n一、工作情况\n（一）做了一件事。\n二、{heading}\n一是甲不足；二是乙薄弱。\n"
    problems = parse_report(text).to_dict()["problem_section"]
    assert [i["text"] for i in problems["items"]] == ["甲不足", "乙薄弱"]


def test_introduction_before_plan_items_is_not_an_item() -> None:
    data = parse_report(REFERENCE).to_dict()
    assert not any("按照" in i["title"] for i in data["plan_section"]["items"])


def test_duplicated_plan_number_is_warned() -> None:
    text = "某局2021年度报告\n一、下一步工作打算\n（一）甲。\n（一）乙。\n（三）丙。\n"
    warnings = parse_report(text).warnings
    assert any("“（一）”重复" in w for w in warnings)


def test_skipped_plan_number_is_warned() -> None:
    text = "某局2021年度报告\n一、下一步工作打算\n（一）甲。\n（三）丙。\n"
    assert any("不连续" in w for w in parse_report(text).warnings)


def test_empty_text() -> None:
    data = parse_report("").to_dict()
    assert data["plan_section"] is None and data["title"] is None and data["outline"] == []
