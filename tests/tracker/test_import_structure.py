"""No import cycle between modules of different apps.

Read statically, imports inside functions included: an import moved into a
function to dodge a cycle is a cycle all the same (STYLE.md).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tracker", "plans")


def module_graph() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "tracker" and len(parts) > 2 else parts[0]


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = module_graph()
    # tracker.tasks.actions imports the evidence services at module level;
    # the detector must also see a function-level import to be worth anything.
    assert "tracker.evidence.services" in graph["tracker.tasks.actions"]
    assert cycles({"a.x": {"b.y"}, "b.y": {"a.x"}}) == [{"a.x", "b.y"}]


def test_no_import_cycle_between_apps() -> None:
    across = [sorted(c) for c in cycles(module_graph()) if len({app_of(m) for m in c}) > 1]
    assert across == []


def test_no_import_cycle_inside_an_app_either() -> None:
    """tracker.notifications had jobs ↔ reminders ↔ services; none is left anywhere."""
    assert [sorted(c) for c in cycles(module_graph())] == []


def test_the_task_and_evidence_services_do_not_import_each_other_both_ways() -> None:
    graph = module_graph()
    assert "tracker.evidence.services" not in graph["tracker.tasks.services"]
    assert "tracker.tasks.services" in graph["tracker.evidence.services"]


def test_api_modules_import_no_views() -> None:
    graph = module_graph()
    offenders = {
        module: sorted(t for t in targets if t.endswith(".views"))
        for module, targets in graph.items()
        if module.endswith(".api")
    }
    assert {m: v for m, v in offenders.items() if v} == {}
    # The check itself sees such an import where there is one.
    assert "tracker.tasks.views" in graph["tracker.urls"]


def _http_modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path.stem in {"views", "api"}
    ]


def _writes_audit_events(tree: ast.AST) -> bool:
    """An import or a use of ``audit_record``, or an ``AuditEvent`` written by hand."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and "audit_record" in {a.name for a in node.names}:
            return True
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name == "audit_record":
                return True
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"create", "bulk_create"}
            and "AuditEvent" in ast.unparse(node.value)
        ):
            return True
    return False


def test_views_and_api_modules_write_no_audit_events_of_their_own() -> None:
    """Auditing happens in services and selectors; the HTTP layer only translates."""
    modules = _http_modules()
    assert len(modules) >= 20  # tasks, evidence, plans, setup, slips, supervision, batch, …
    writers = {
        str(path.relative_to(ROOT))
        for path in modules
        if _writes_audit_events(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert writers == set()
    # The check itself sees each way of writing one.
    assert _writes_audit_events(ast.parse((ROOT / "tracker/audit/selectors.py").read_text()))
    assert _writes_audit_events(ast.parse("services.audit_record(action=a)"))
    assert _writes_audit_events(ast.parse("AuditEvent.objects.create(action=a)"))
    assert not _writes_audit_events(ast.parse("deny(actor=u, attempted='x', message='m')"))


def test_org_imports_nothing_of_the_import_app() -> None:
    """The organisation is below everything; the demo seeding fills every app from above."""
    graph = module_graph()
    org = [m for m in graph if m == "tracker.org" or m.startswith("tracker.org.")]
    assert org
    assert {m: sorted(t for t in graph[m] if t.split(".")[0] == "plans") for m in org} == {
        m: [] for m in org
    }
    assert "plans.services" in graph["tracker.demo.seeding"]
