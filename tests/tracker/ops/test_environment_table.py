"""deploy/README.md's table of environment variables is the settings module's, exactly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READERS = {"env", "env_bool", "env_int", "env_list"}


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "tracker" / "settings.py").read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in READERS:
            names.add(first.value)
        # os.environ.get("NAME", ...)
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "environ"
        ):
            names.add(first.value)
    return names


def variables_in_table() -> set[str]:
    text = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    section = text.split("## 环境变量 / Environment variables", 1)[1]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE))


def test_every_variable_the_settings_read_is_in_the_table_and_no_other() -> None:
    read = variables_read_by_settings()
    table = variables_in_table()
    assert len(read) > 40  # the parser found the settings' reads at all
    assert read - table == set(), (
        f"deploy/README.md 的环境变量表缺少 / add to deploy/README.md's table: {sorted(read - table)}"
    )
    assert table - read == set(), (
        f"环境变量表中有设置未读取的变量 / table lists variables settings never read: "
        f"{sorted(table - read)}"
    )
