"""{% load report_source %}{% task_source task %}: where a task came from in its report."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from plans.services import task_links as linked_tasks

register = template.Library()


@register.inclusion_tag("plans/_task_links.html", takes_context=True)
def task_links(context: dict[str, Any], task: Any) -> dict[str, Any]:
    """对应工作计划 / 对应整改任务: the tasks linked to this one on import, as far as the
    viewer may see them (plans.services.task_links)."""
    found = linked_tasks(task=task, user=context["request"].user)
    return {"plan": found.plan, "rectifications": found.rectifications}


def source_url(report_id: int, paragraph: int | None) -> str:
    url = reverse("report-detail", args=[report_id])
    return f"{url}#p-{paragraph}" if paragraph is not None else url


@register.inclusion_tag("plans/_task_source.html")
def task_source(task: Any) -> dict[str, Any]:
    """The source paragraph of an imported task, quoted, with a link to it in the report."""
    report = task.report if task.report_id else None
    item = task.source_item if task.source_item_id else None
    paragraph = item.source_paragraph if item is not None else None
    text = ""
    if report is not None and paragraph is not None:
        found = [p for p in report.paragraphs if p.get("index") == paragraph]
        text = found[0]["text"] if found else ""
    return {
        "report": report,
        "item": item,
        "paragraph": paragraph,
        "text": text,
        "url": source_url(report.pk, paragraph) if report is not None else "",
    }
