"""Shared bits of the import tests: the reference report and keyword-carrying departments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plans.models import PlanItem, Report
from tracker.audit.models import AuditEvent
from tracker.org.models import Department
from tracker.tasks.models import Task

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "jilin_2021.txt"
PLAN_TITLES = [
    "强化法规体系建设",
    "继续深入推进落实“放管服”改革工作",
    "加强市县行政执法人员执法资格培训工作",
    "加强执法监督工作",
]
PROBLEM_TEXTS = [
    "应急管理体制机制还不够完善",
    "应急管理法律体系骨干框架还在制定实施过程中",
    "执法队伍专业能力与实际工作不相匹配",
    "基层执法力量薄弱",
    "“放管服”改革还需要进一步深化",
]


def reference_bytes() -> bytes:
    return REFERENCE.read_bytes()


def counts() -> tuple[int, int, int]:
    return Report.objects.count(), PlanItem.objects.count(), Task.objects.count()


def audit_count() -> int:
    return AuditEvent.objects.count()


def give_keywords(dept_a: Department, dept_b: Department) -> None:
    dept_a.keywords = "立法,法规,放管服,行政审批"
    dept_a.save()
    dept_b.keywords = "执法,执法资格,行政处罚"
    dept_b.save()


def rows_as_post(token: str, rows: list[dict[str, Any]], action: str) -> dict[str, Any]:
    """The preview form as the browser posts it."""
    data: dict[str, Any] = {
        "token": token,
        "action": action,
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
    }
    for i, row in enumerate(rows):
        prefix = f"form-{i}-"
        if row.get("include", True):
            data[prefix + "include"] = "on"
        for name in ("key", "kind", "number", "title", "body", "source_locator", "lead_written"):
            data[prefix + name] = row.get(name) or ""
        sp = row.get("source_paragraph")
        data[prefix + "source_paragraph"] = "" if sp is None else str(sp)
        data[prefix + "lead_department"] = row.get("lead_department") or ""
        data[prefix + "cooperating_departments"] = [
            str(d) for d in row.get("cooperating_departments") or []
        ]
        data[prefix + "due_on"] = row.get("due_on") or ""
        if row.get("remember_lead"):
            data[prefix + "remember_lead"] = "on"
        data[prefix + "link_plan"] = row.get("link_plan") or ""
        if row.get("link_accept"):
            data[prefix + "link_accept"] = "on"
    return data
