#!/usr/bin/env python3
"""Is each lock file up to date with its requirements file? (stdlib only, no network)

Every ``name==version`` pinned in ``requirements.txt`` must appear, same version, in
``requirements.lock``; likewise ``requirements-ldap.txt`` (the optional LDAP extra) in
``requirements-ldap.lock`` and ``requirements-dev.txt`` (and what it ``-r`` includes) in
``requirements-dev.lock``. Exit 0 when both agree, 1 with one line per difference otherwise.
``make lock`` regenerates the locks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    ("requirements.txt", "requirements.lock"),
    ("requirements-ldap.txt", "requirements-ldap.lock"),
    ("requirements-dev.txt", "requirements-dev.lock"),
]
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\#]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith(("-r ", "--requirement ")):
            found.update(pins(path.parent / stripped.split(maxsplit=1)[1]))
            continue
        match = PIN.match(line)
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def problems() -> list[str]:
    lines: list[str] = []
    for source, lock in PAIRS:
        lock_path = ROOT / lock
        if not lock_path.exists():
            lines.append(f"{lock} 不存在 / is missing")
            continue
        locked = pins(lock_path)
        for name, version in sorted(pins(ROOT / source).items()):
            if locked.get(name) != version:
                lines.append(
                    f"{source}: {name}=={version}，{lock} 中为 / but {lock} has "
                    f"{locked.get(name, '（无 / nothing）')}"
                )
    return lines


def main() -> int:
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(
            "锁文件已过期：请运行 make lock 并提交。 The lock is stale: run `make lock` and commit it.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
