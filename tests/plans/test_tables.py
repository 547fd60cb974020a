"""Task-division tables (任务分工方案) in .docx and .xlsx: one task per row."""

from __future__ import annotations

import time
from typing import Any

import pytest

from plans.documents import parse_document
from plans.reading import read_document
from tests.plans import builders

EXPECTED = [
    (
        "起草《安全生产条例》修订草案",
        ["省应急厅政策法规处"],
        ["安全生产基础处", "执法总队"],
        "date",
        "2022-06-30",
    ),
    ("开展规章清理", ["政策法规处"], ["办公室"], "date", "2022-12-31"),
    ("推行行政执法三项制度", ["执法监督处"], [], "periodic", None),
    ("开展执法案卷评查", ["执法监督处"], ["市（州）应急局"], "none", None),
    ("组织执法资格培训", ["人事处"], ["政策法规处"], "none", None),
]


def rows_of(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            item["title"],
            item["lead"],
            item["cooperating"],
            item["deadline"]["kind"],
            item["deadline"]["due_on"],
        )
        for item in data["plan_section"]["items"]
    ]


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("docx", builders.build_task_table_docx),
        ("xlsx", builders.build_task_table_xlsx),
        ("docx", lambda: builders.build_task_table_docx(two_row_header=True)),
    ],
)
def test_one_task_per_row_with_merged_cells(name: str, build: Any) -> None:
    document = read_document(build(), f"分工方案.{name}")
    data = parse_document(document).to_dict()
    assert data["document_kind"] == "table"
    assert data["title"] == builders.TASK_TABLE_CAPTION
    assert data["plan_year"] == 2022
    assert rows_of(data) == EXPECTED
    items = data["plan_section"]["items"]
    # The merged task cell is each row's context; the merged group row is not a task.
    assert items[0]["body"] == "分类：一、完善依法行政制度体系\n重点任务：加强重点领域立法"
    assert items[1]["body"].endswith("重点任务：加强重点领域立法")
    assert [i["number"] for i in items] == ["1", "2", "3", "4", "5"]
    assert items[2]["deadline"]["period"] == "quarterly"
    assert "长期" in items[3]["deadline"]["note"]
    assert data["plan_section"]["reason"].startswith("任务分工表：根据表头")
    assert data["problem_section"] is None
    assert data["warnings"] == []
    # Each item points at its row.
    assert "第 " in items[0]["source"]["locator"] and "行" in items[0]["source"]["locator"]


def test_header_names_vary() -> None:
    header = ["编号", "工作任务", "主要举措", "责任单位", "协办单位", "时间节点"]
    data = parse_document(
        read_document(builders.build_task_table_xlsx(header=header), "t.xlsx")
    ).to_dict()
    assert rows_of(data) == EXPECTED


def test_a_table_without_a_lead_column_warns_once() -> None:
    header = ["序号", "重点任务", "具体措施", "备注", "其他", "完成时限"]
    data = parse_document(
        read_document(builders.build_task_table_xlsx(header=header), "t.xlsx")
    ).to_dict()
    assert [i["lead"] for i in data["plan_section"]["items"]] == [[]] * 5
    assert any("牵头单位" in w for w in data["warnings"])


def test_unreadable_time_limit_is_flagged_not_guessed() -> None:
    rows: list[Any] = [("甲任务", "做甲", "办公室", "", "视情况而定")]
    data = parse_document(read_document(builders.build_task_table_xlsx(rows), "t.xlsx")).to_dict()
    deadline = data["plan_section"]["items"][0]["deadline"]
    assert deadline["kind"] == "none" and deadline["due_on"] is None
    assert any("视情况而定" in w for w in data["warnings"])


def test_a_docx_report_with_an_unrelated_table_is_still_a_report() -> None:
    import io

    import docx

    document = docx.Document()
    for line in builders.report_lines(builders.fixture_text("jilin_2021.txt")):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "数量"
    buffer = io.BytesIO()
    document.save(buffer)
    data = parse_document(read_document(buffer.getvalue(), "r.docx")).to_dict()
    assert data["document_kind"] == "report"
    assert len(data["plan_section"]["items"]) == 4


def test_200_row_table_reads_and_parses_within_the_budget() -> None:
    rows: list[Any] = []
    for group in range(10):
        rows.append(f"{group + 1}、第{group + 1}类任务")
        for n in range(20):
            rows.append(
                (
                    f"任务{group}-{n // 4}",
                    f"措施{group}-{n}",
                    "政策法规处",
                    "办公室、人事处",
                    "2022年9月底前",
                )
            )
    data = builders.build_task_table_xlsx(rows)
    started = time.process_time()
    report = parse_document(read_document(data, "big.xlsx"))
    spent = time.process_time() - started
    assert report.plan_section is not None and len(report.plan_section.items) == 200
    assert spent < 2.0
