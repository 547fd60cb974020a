"""What the shape tests read of a parse: the problems' texts and the plan items'
titles (closing '。', '；' or ';' left off), and the parse itself as a dict."""

from __future__ import annotations

from typing import Any

from plans.parsing import parse_report


def problems(data: dict[str, Any]) -> list[str]:
    section = data["problem_section"]
    return [item["text"].rstrip("。；;") for item in section["items"]] if section else []


def plans(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [item["title"].rstrip("。；;") for item in section["items"]] if section else []


def parsed(text: str) -> dict[str, Any]:
    return parse_report(text).to_dict()
