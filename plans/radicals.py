"""Radical code points read as the ordinary characters they stand for, offsets unchanged.

Text copied out of some PDF and Word exports writes common characters with the Kangxi radical
code points ('⼯作' for '工作', '进⼀步提⾼' for '进一步提高') and a few simplified forms with
the CJK radicals supplement ('⻓期'). They look the same but match no rule. NFKC folds the
Kangxi radicals (one code point each); the supplement's simplified radicals have no
decomposition, so the few that are whole characters are mapped here.

Plain Python, no Django. Each entry maps one character to one character, so folded text has
the same length and an offset found in it is an offset in the document's own text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold_radicals"]

# CJK radicals supplement: the simplified radicals that are also characters of their own.
_SUPPLEMENT = dict(
    zip(
        "⺟⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻬⻮⻰⻳",
        "母见角贝车长门韦页风飞马鱼鸟卤麦黄齐齿龙龟",
        strict=True,
    )
)
_RADICAL_RE = re.compile("[\u2e80-\u2fdf]")


@functools.cache
def _table() -> dict[int, str]:
    table = {ord(source): target for source, target in _SUPPLEMENT.items()}
    for code in range(0x2F00, 0x2FD6):  # Kangxi radicals
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1:
            table[code] = folded
    return table


def fold_radicals(text: str) -> str:
    """The text with radical code points replaced by the characters they stand for, same length.

    Almost all text has none; a search for the block is much faster than translating.
    """
    if not _RADICAL_RE.search(text):
        return text
    return text.translate(_table())
