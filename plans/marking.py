"""Items from a range of paragraphs the user marked in the import preview as the plan section,
the problems section or one task, re-derived with the report parser's own splitting rules.

Plain Python like the parser: the page stores the marking with the report and calls
``items_from_marked_range`` to show the items the marking gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plans.parsing import (
    PlanItem,
    Section,
    _build_outline,
    _Heading,
    _match_heading,
    _Node,
    _plan_items,
    _problem_items,
    _Restorer,
    split_title,
)
from plans.reading import Paragraph
from plans.traditional import to_simplified

__all__ = ["items_from_marked_range"]


def items_from_marked_range(
    paragraphs: Sequence[Paragraph], start: int, end: int, kind: str
) -> Section:
    """Re-derive items from paragraphs ``start``..``end`` (paragraph indexes, inclusive) that
    the user marked in the preview as the plan section ('plan'), the problems section
    ('problems') or one task ('task'), with the same splitting rules as the parser.

    Plain Python like the rest of the parser: the page stores the marking with the report and
    calls this to show the items the marking gives.
    """
    chosen = [p for p in paragraphs if start <= p.index <= end]
    if kind not in ("plan", "problems", "task"):
        raise ValueError(f"unknown marking kind: {kind}")
    locators = (
        ""
        if not chosen
        else chosen[0].locator
        if len(chosen) == 1
        else f"{chosen[0].locator}至{chosen[-1].locator}"
    )
    reason = f"人工标记：{locators}"
    if not chosen:
        return Section("", [], None, reason)
    simplified = [
        p if (s := to_simplified(p.text)) == p.text else Paragraph(p.index, s, p.locator, p.style)
        for p in chosen
    ]
    if kind == "task":
        first = _match_heading(simplified[0])
        number = first.number if first else None
        title, body = (first.title, first.body) if first else split_title(chosen[0].text)
        body = "\n".join([b for b in [body, *(p.text for p in chosen[1:])] if b])
        item = PlanItem(number, title, body, chosen[0], reason)
        section = Section(title, [item], chosen[0], reason)
        if any(a is not b for a, b in zip(chosen, simplified, strict=True)):
            restorer = _Restorer(chosen, simplified)
            item.title = restorer.text(item.title) or item.title
            section.heading = item.title
        return section
    warnings: list[str] = []
    roots, before = _build_outline(simplified)
    heading: _Heading | None = None
    if len(roots) == 1 and (roots[0].children or roots[0].content) and not before:
        # The marking starts at a section heading: its children (or its text) are the items.
        node = roots[0]
        heading = node.heading
    else:
        # Items written as sibling headings, or as text ('一是…二是…', '；', bullets).
        node = _Node(
            heading=_Heading("marked", 0, None, None, "", ""),
            paragraph=simplified[0],
            level=1,
            children=roots,
            content=list(before),
        )
        if len(roots) == 1 and not roots[0].children and not before:
            node.children = []
            node.content = [roots[0].paragraph, *roots[0].content]
    if kind == "plan":
        items: list[Any] = _plan_items(node, warnings)
    else:
        items = _problem_items(node, node.content)
    for item in items:
        item.reason = f"{reason}；{item.reason}" if item.reason else reason
    section = Section(
        node.label() if heading is not None else chosen[0].text[:30], items, chosen[0], reason
    )
    if any(a is not b for a, b in zip(chosen, simplified, strict=True)):
        restorer = _Restorer(chosen, simplified)
        for item in section.items:
            if isinstance(item, PlanItem):
                item.title = restorer.text(item.title) or item.title
            else:
                item.text = restorer.text(item.text) or item.text
            item.body = restorer.text(item.body) or item.body
            item.paragraph = restorer.paragraph(item.paragraph)
        section.heading = restorer.text(section.heading) or section.heading
    return section
