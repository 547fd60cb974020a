"""Traditional characters read as simplified ones for matching, offsets unchanged.

Plain Python, no Django. The report reader matches its rules against the simplified text and
keeps the document's own characters in what it shows.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["to_simplified"]


@functools.cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's traditional → simplified character table (TSCharacters), first candidate each.

    Every entry maps one character to one character, so converted text has the same length
    and offsets found in it are offsets in the document's own text.
    """
    import opencc  # opencc-python-reimplemented: ships OpenCC's dictionaries as text files

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


@functools.cache
def _traditional() -> frozenset[str]:
    return frozenset(chr(code) for code in _t2s_table())


def to_simplified(text: str) -> str:
    """The text with traditional characters replaced by simplified ones, same length.

    Most text has none; checking the set of its characters is much faster than translating.
    """
    if _traditional().isdisjoint(text):
        return text
    return text.translate(_t2s_table())
