"""python manage.py import_report, and seed_demo importing the reference report."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.models import Report
from tests.plans import builders
from tests.plans.import_helpers import PROBLEM_TEXTS, REFERENCE, audit_count, counts
from tracker.org.models import Department, User
from tracker.tasks.models import ProgressUpdate, Status, Task

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_report", *args, stdout=out)
    return out.getvalue()


def test_dry_run_json_is_the_design_contract_and_writes_nothing() -> None:
    printed = json.loads(run(str(REFERENCE), "--dry-run", "--json"))
    assert list(printed) == [
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
        "link_proposals",
    ]
    # What a person reading the reference report finds in it, written out by
    # hand (not recomputed with the parser the command calls).
    assert {
        "head": [printed[k] for k in ("title", "organization", "report_year", "plan_year")],
        "issued_on": printed["issued_on"],
        "plan": [printed["plan_section"]["heading"]]
        + [(i["number"], i["title"]) for i in printed["plan_section"]["items"]],
        "problems": [printed["problem_section"]["heading"]]
        + [(i["number"], i["text"][:8]) for i in printed["problem_section"]["items"]],
        "outline": [(o["level"], o["number"], len(o["children"])) for o in printed["outline"]],
        "warnings": printed["warnings"],
    } == {
        "head": [
            "吉林省应急管理厅关于2021年度法治政府建设情况的报告",
            "吉林省应急管理厅",
            2021,
            2022,
        ],
        "issued_on": "2022-01-13",
        "plan": [
            "三、2022年工作打算",
            ("（一）", "强化法规体系建设,加强重要领域立法工作。"),
            ("（二）", "继续深入推进落实“放管服”改革工作。"),
            ("（三）", "加强市县行政执法人员执法资格培训工作。"),
            ("（四）", "加强执法监督工作。"),
        ],
        "problems": [
            "二、存在的问题",
            (None, "应急管理体制机制"),
            (None, "应急管理法律体系"),
            (None, "执法队伍专业能力"),
            (None, "基层执法力量薄弱"),
            (None, "“放管服”改革还"),
        ],
        "outline": [(1, "一、", 9), (1, "二、", 0), (1, "三、", 4)],
        "warnings": [],
    }
    assert printed["plan_year"] == 2022
    assert printed["issued_on"] == "2022-01-13"
    assert printed["plan_section"]["heading"] == "三、2022年工作打算"
    assert [i["number"] for i in printed["plan_section"]["items"]] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
    ]
    assert [i["text"] for i in printed["problem_section"]["items"]] == PROBLEM_TEXTS
    assert counts() == (0, 0, 0)
    assert audit_count() == 0


def test_import_prints_a_summary_and_is_idempotent(supervisor: User) -> None:
    first = run(str(REFERENCE))
    assert "工作计划任务 4 项" in first and "整改任务 5 项" in first
    assert counts() == (1, 9, 9)
    assert Report.objects.get().imported_by == supervisor  # the first supervisor by default
    second = run(str(REFERENCE))
    assert "未新建" in second
    assert counts() == (1, 9, 9)


def test_options(supervisor: User, head_b: User, dept_b: Department) -> None:
    run(
        str(REFERENCE),
        "--lead-department",
        "执法处",
        "--due-on",
        "2022-11-30",
        "--assign",
        "--user",
        "head_b",
    )
    tasks = Task.objects.all()
    assert {(t.lead_department, t.due_on, t.status, t.created_by) for t in tasks} == {
        (dept_b, dt.date(2022, 11, 30), Status.ASSIGNED, head_b)
    }


@pytest.mark.parametrize(
    ("content", "name", "extra", "message"),
    [
        (b"", "empty.txt", [], "文件为空"),
        (b"\x00\xff\x13garbage" * 40, "report.docx", [], "Word"),
        (None, "empty.pdf", [], "PDF 文件没有页面"),
        (REFERENCE.read_bytes(), "ok.txt", ["--lead-department", "不存在的处"], "找不到单位"),
        (REFERENCE.read_bytes(), "ok.txt", ["--due-on", "2022/12/31"], "日期格式不正确"),
        (REFERENCE.read_bytes(), "ok.txt", ["--assign"], "没有牵头单位"),
    ],
)
def test_bad_input_exits_non_zero_with_one_chinese_line(
    tmp_path: Path, content: bytes | None, name: str, extra: list[str], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(builders.build_empty_pdf() if content is None else content)
    with pytest.raises(CommandError) as refused:
        run(str(path), *extra)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert counts() == (0, 0, 0)


def test_file_over_the_size_limit(tmp_path: Path, settings: object) -> None:
    settings.REPORT_MAX_BYTES = 1000  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="文件超过大小上限"):
        run(str(REFERENCE), "--dry-run", "--json")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读取文件"):
        run(str(tmp_path / "nope.txt"))


def test_seed_demo_imports_the_reference_report_once() -> None:
    call_command("seed_demo", stdout=StringIO())
    first = (counts(), ProgressUpdate.objects.count(), audit_count())
    report_tasks = Task.objects.filter(report__isnull=False)
    assert report_tasks.count() == 9
    assert all(t.lead_department is not None for t in report_tasks)
    statuses = [t.status for t in report_tasks]
    assert statuses.count(Status.DONE) == 2
    assert Status.IN_PROGRESS in statuses and Status.DRAFT not in statuses
    assert ProgressUpdate.objects.count() >= 5
    call_command("seed_demo", stdout=StringIO())
    assert (counts(), ProgressUpdate.objects.count(), audit_count()) == first


def test_dry_run_of_a_task_division_table_carries_lead_cooperating_deadline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "分工方案.xlsx"
    path.write_bytes(builders.build_task_table_xlsx())
    printed = json.loads(run(str(path), "--dry-run", "--json"))
    assert printed["document_kind"] == "table"
    first = printed["plan_section"]["items"][0]
    assert first["title"] == "起草《安全生产条例》修订草案"
    assert first["lead"] == ["省应急厅政策法规处"]
    assert first["cooperating"] == ["安全生产基础处", "执法总队"]
    assert first["deadline"]["due_on"] == "2022-06-30"
    assert counts() == (0, 0, 0)


def test_importing_a_table_maps_written_units_to_departments(
    tmp_path: Path, supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    path = tmp_path / "分工方案.xlsx"
    path.write_bytes(builders.build_task_table_xlsx())
    run(str(path))
    tasks = list(Task.objects.order_by("id"))
    assert len(tasks) == 5
    # '省应急厅政策法规处' is 政策法规处; '执法监督处' is no department here, so no guess.
    assert tasks[0].lead_department == dept_a
    assert tasks[0].due_on == dt.date(2022, 6, 30)
    assert tasks[2].lead_department is None
    assert tasks[4].cooperating_departments.get() == dept_a


def test_minutes_import_reads_agreed_items(tmp_path: Path) -> None:
    path = tmp_path / "纪要.txt"
    path.write_text(
        "局长办公会议纪要\n2022年5月6日\n会议明确，由政策法规处牵头，于5月底前修订公文处理办法。\n",
        encoding="utf-8",
    )
    printed = json.loads(run(str(path), "--dry-run", "--json"))
    assert printed["document_kind"] == "minutes"
    item = printed["plan_section"]["items"][0]
    assert (item["lead"], item["deadline"]["due_on"]) == (["政策法规处"], "2022-05-31")
