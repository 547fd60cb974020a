"""No import cycle inside tracker/notifications/ — counting imports inside
functions too, since an import moved into a function to dodge a cycle is a
cycle all the same."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "tracker.notifications"
ROOT = Path(__file__).resolve().parents[2] / "tracker" / "notifications"


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(ROOT).with_suffix("")
        parts = [part for part in relative.parts if part != "__init__"]
        found[".".join([PACKAGE, *parts])] = path
    return found


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every module of the package that ``path`` imports, wherever the import is."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        targets.update(name for name in names if name in known)
    return targets


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_the_checker_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_notifications() -> None:
    found = modules()
    known = set(found)
    graph = {name: imports_of(path, known) - {name, PACKAGE} for name, path in found.items()}
    assert "tracker.notifications.services" in graph["tracker.notifications.jobs"]
    assert find_cycle(graph) == []
