"""What the shape tests read of a parse: the problems' texts and the plan items'
titles (closing '。', '；' or ';' left off), and the parse itself as a dict — of a report
(``parsed``) or of a text read as an upload is, minutes, bulletins and all (``read``)."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.parsing import parse_report
from plans.reading import read_document


def problems(data: dict[str, Any]) -> list[str]:
    section = data["problem_section"]
    return [item["text"].rstrip("。；;") for item in section["items"]] if section else []


def plans(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [item["title"].rstrip("。；;") for item in section["items"]] if section else []


def parsed(text: str) -> dict[str, Any]:
    return parse_report(text).to_dict()


def read(text: str) -> dict[str, Any]:
    """The text read as an uploaded .txt file is: a table, minutes, a bulletin or a report."""
    return parse_document(read_document(text.encode("utf-8"), "m.txt")).to_dict()


def items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan items of a parse, whole (lead, deadline, reason…)."""
    return data["plan_section"]["items"] if data["plan_section"] else []


def due(item: dict[str, Any]) -> str | None:
    """A plan item's deadline: its date, or its period ('monthly') when it recurs."""
    deadline = item["deadline"]
    return deadline and (deadline["due_on"] or deadline["period"])
