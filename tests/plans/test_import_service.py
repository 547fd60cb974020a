"""The import service: preview writes nothing, import is one transaction and idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import ItemKind, PlanItem, Report
from plans.services import (
    ReportImportError,
    lead_department_suggest,
    preview_load,
    proposal_merge,
    proposal_split,
    report_import,
    report_preview,
)
from tests.plans import builders
from tests.plans.import_helpers import (
    PLAN_TITLES,
    PROBLEM_TEXTS,
    audit_count,
    counts,
    give_keywords,
    reference_bytes,
)
from tracker.org.models import Department, User
from tracker.tasks.models import Kind, Status, Task

pytestmark = pytest.mark.django_db


def plain(text: str) -> str:
    """Text compared without full stops and with full-width commas (the report's own)."""
    return text.replace(",", "，").replace("。", "")


def test_preview_proposes_nine_tasks_and_writes_nothing(
    supervisor: User, dept_a: Department, dept_b: Department
) -> None:
    give_keywords(dept_a, dept_b)
    preview = report_preview(data=reference_bytes(), filename="jilin.txt", user=supervisor)
    assert counts() == (0, 0, 0)
    assert audit_count() == 0
    rows = preview["proposals"]
    assert [r["kind"] for r in rows] == ["plan"] * 4 + ["problem"] * 5
    assert all(r["due_on"] == "2022-12-31" for r in rows)
    # Keyword suggestions: 立法 → A, 执法资格 → B.
    assert rows[0]["lead_department"] == dept_a.pk
    assert rows[2]["lead_department"] == dept_b.pk
    assert preview["already_imported"] is None
    assert (
        preview_load(token=preview["preview_token"], user=supervisor)["content_sha256"]
        == (preview["content_sha256"])
    )


def test_import_creates_four_plan_tasks_and_five_rectification_tasks(supervisor: User) -> None:
    before = audit_count()
    result = report_import(user=supervisor, data=reference_bytes(), filename="jilin.txt")
    assert result.created
    report = Report.objects.get()
    assert (report.plan_year, report.issued_on) == (2022, dt.date(2022, 1, 13))
    plan = Task.objects.filter(kind=Kind.PLAN).order_by("source_item__order")
    problems = Task.objects.filter(kind=Kind.PROBLEM).order_by("source_item__order")
    # A problem becomes a rectification task; the problem stays as its description.
    assert [t.title for t in problems] == [f"整改：{text}" for text in PROBLEM_TEXTS]
    assert problems[0].description == f"问题：{PROBLEM_TEXTS[0]}"
    assert [t.source_item.title for t in problems] == PROBLEM_TEXTS
    assert len(plan) == 4
    for task, expected in zip(plan, PLAN_TITLES, strict=True):
        assert task.title.startswith(expected)
    assert {t.status for t in Task.objects.all()} == {Status.DRAFT}
    assert {t.due_on for t in Task.objects.all()} == {dt.date(2022, 12, 31)}
    assert {t.created_by for t in Task.objects.all()} == {supervisor}
    # Each task points back to the paragraph its words come from.
    for task in Task.objects.select_related("source_item", "report"):
        paragraph = report.paragraphs[task.source_item.source_paragraph]
        assert plain(task.source_item.title)[:8] in plain(paragraph["text"])
    assert PlanItem.objects.filter(kind=ItemKind.PLAN).count() == 4
    assert audit_count() == before + 1
    assert "工作计划任务 4 项" in result.summary()


def test_reimport_creates_nothing_and_says_so(supervisor: User) -> None:
    report_import(user=supervisor, data=reference_bytes(), filename="jilin.txt")
    before = (counts(), audit_count())
    # The same words as GB18030 text are the same report.
    again = report_import(
        user=supervisor,
        data=reference_bytes().decode("utf-8").encode("gb18030"),
        filename="jilin-gbk.txt",
    )
    assert not again.created
    assert (counts(), audit_count()) == before
    assert "未新建" in again.summary()
    assert (
        report_preview(data=reference_bytes(), filename="j.txt", user=supervisor)[
            "already_imported"
        ]
        == Report.objects.get().pk
    )


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "文件为空"),
        (b"\x00\x01\x02garbage\xff\xfe" * 50, "report.docx", "Word"),
        (None, "empty.pdf", "PDF 文件没有页面"),
        (b"x" * 2048, "big.txt", "文件超过大小上限"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(
    supervisor: User, settings: object, data: bytes | None, filename: str, message: str
) -> None:
    settings.REPORT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    data = builders.build_empty_pdf() if data is None else data
    with pytest.raises(ReportImportError) as refused:
        report_import(user=supervisor, data=data, filename=filename)
    assert message in refused.value.message
    with pytest.raises(ReportImportError):
        report_preview(data=data, filename=filename, user=supervisor)
    assert counts() == (0, 0, 0)
    assert audit_count() == 0


def test_failure_half_way_rolls_everything_back(supervisor: User) -> None:
    # Assigning needs a lead department; none is known, so the whole import is refused.
    with pytest.raises(ReportImportError, match="没有牵头单位"):
        report_import(user=supervisor, data=reference_bytes(), filename="j.txt", assign=True)
    assert counts() == (0, 0, 0)
    assert audit_count() == 0


def test_overrides_and_assign(supervisor: User, dept_a: Department) -> None:
    result = report_import(
        user=supervisor,
        data=reference_bytes(),
        filename="j.txt",
        lead_department=dept_a,
        due_on=dt.date(2022, 6, 30),
        assign=True,
    )
    tasks = Task.objects.all()
    assert len(result.tasks) == 9
    assert {(t.lead_department, t.due_on, t.status) for t in tasks} == {
        (dept_a, dt.date(2022, 6, 30), Status.ASSIGNED)
    }
    assert all(t.assigned_at is not None for t in tasks)


def test_rows_edits_are_honoured(
    supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    preview = report_preview(data=reference_bytes(), filename="j.txt", user=supervisor)
    rows = [dict(r) for r in preview["proposals"]]
    rows[0]["include"] = False
    rows[1]["title"] = "深化“放管服”改革"
    rows[1]["lead_department"] = dept_b.pk
    rows[1]["cooperating_departments"] = [dept_a.pk, dept_c.pk, dept_b.pk]
    rows[1]["due_on"] = "2022-09-30"
    rows = proposal_merge(rows=rows, index=7)  # problems 4 and 5 become one
    rows = proposal_split(rows=rows, index=4)  # problem 1 in two
    report_import(user=supervisor, preview=preview, rows=rows)
    assert Task.objects.filter(kind=Kind.PLAN).count() == 3
    assert Task.objects.filter(kind=Kind.PROBLEM).count() == 5  # 5 - 1 (merge) + 1 (split)
    edited = Task.objects.get(title="深化“放管服”改革")
    assert edited.lead_department == dept_b
    assert set(edited.cooperating_departments.all()) == {dept_a, dept_c}
    assert edited.due_on == dt.date(2022, 9, 30)
    assert Task.objects.filter(
        title="整改：基层执法力量薄弱；“放管服”改革还需要进一步深化"
    ).exists()
    merged = Task.objects.get(title__startswith="整改：基层执法力量薄弱；")
    assert merged.source_item.title == "基层执法力量薄弱；“放管服”改革还需要进一步深化"
    assert not Task.objects.filter(title__startswith="强化法规体系建设").exists()


def test_split_cuts_at_the_punctuation_nearest_the_middle() -> None:
    rows = [{"title": "健全制度，完善机制；加强队伍", "kind": "problem", "body": "b"}]
    first, second = proposal_split(rows=rows, index=0)
    assert (first["title"], second["title"]) == ("健全制度，完善机制", "加强队伍")
    assert (first["body"], second["body"]) == ("b", "")


def test_merge_refuses_plan_with_problem() -> None:
    rows = [{"title": "a", "kind": "plan"}, {"title": "b", "kind": "problem"}]
    with pytest.raises(ReportImportError, match="不能合并"):
        proposal_merge(rows=rows, index=0)


def test_keyword_suggestion_weighs_title_and_length(dept_a: Department, dept_b: Department) -> None:
    give_keywords(dept_a, dept_b)
    assert lead_department_suggest("加强执法监督工作。", "加强行政处罚案件法制审核") == dept_b
    assert lead_department_suggest("完善地方立法", "") == dept_a
    assert lead_department_suggest("做好后勤保障", "") is None
    dept_b.is_active = False
    dept_b.save()
    assert lead_department_suggest("加强执法监督工作。") is None


def test_preview_token_of_another_user_is_refused(supervisor: User, leader: User) -> None:
    preview = report_preview(data=reference_bytes(), filename="j.txt", user=supervisor)
    with pytest.raises(ReportImportError, match="预览已失效"):
        preview_load(token=preview["preview_token"], user=leader)
    with pytest.raises(ReportImportError, match="预览已失效"):
        preview_load(token="forged", user=supervisor)


def test_a_report_run_together_in_one_paragraph_imports_with_its_paragraph_as_source(
    supervisor: User,
) -> None:
    text = (
        "某局2023年工作总结\n"
        "全年走访企业40家，办结诉求96件。二、存在的不足一是服务手段单一。二是跟踪问效不够。"
        "三、下一步工作打算一是丰富服务手段。二是健全跟踪问效机制。\n"
    )
    result = report_import(user=supervisor, data=text.encode(), filename="runon.txt")
    items = list(PlanItem.objects.filter(report=result.report).order_by("pk"))
    assert {item.kind for item in items} == {ItemKind.PLAN, ItemKind.PROBLEM}
    assert len(items) == 4
    # Every item points at the one paragraph it was cut from, as the report page numbers it.
    assert {(item.source_paragraph, item.source_locator) for item in items} == {(1, "第 2 行")}
