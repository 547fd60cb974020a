"""{% load report_source %}{% task_source task %}: where a task came from in its report."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


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
