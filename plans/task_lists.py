"""A page that is nothing but a numbered list of things to do.

Offices publish their key work for the coming month or quarter as a bare list ('1.举办…活动。'
'2.加速推动重大项目建设…' … '8.持续做好…'), with no title, no heading and no sentence around
it. Every point opens with a verb of doing and none reports work done, so the points are the
plan. A list of achievements ('1.举办了…', '2.完成…共12个') or of problems, or a list with a
title or anything else beside it, is left to the other rules.

Plain Python, no Django: texts in, (number, offset where the point's own words start) out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["bare_task_list"]

_NUMBER_RE = re.compile(r"^\s*(?:(\d{1,2})\s*[.．、](?!\d)|[（(]\s*(\d{1,2})\s*[）)])\s*")
# Verbs of doing the parser's task verbs leave out, which a list of next month's work uses.
_MORE_OPENINGS_RE = re.compile(
    r"^(?:举办|召开|组织|启动|筹备|加速|常态化|迎接|配合|协助|谋划|做好)"
)
# Work done: a past marker, or a count that is no ordinal ('第40个教师节' is a name).
_DONE_RE = re.compile(
    r"了|已|共计|累计|取得|圆满|顺利完成|(?<![第\d])\d+\s*(?:条|件|个|次|人|家|户|场|期|项|万|亿|元)"
)
_MIN_POINTS = 3


def bare_task_list(
    texts: Sequence[str], task_opening: re.Pattern[str]
) -> list[tuple[str, int]] | None:
    """The points of ``texts`` when every text is the next point of one numbered list from 1,
    at least three, each opening with a verb of doing (``task_opening`` or one of this
    module's) and none reporting work done; else None."""
    if len(texts) < _MIN_POINTS:
        return None
    points: list[tuple[str, int]] = []
    for expected, text in enumerate(texts, 1):
        number = _NUMBER_RE.match(text)
        if number is None or int(number.group(1) or number.group(2)) != expected:
            return None
        rest = text[number.end() :]
        if not (task_opening.match(rest) or _MORE_OPENINGS_RE.match(rest)) or _DONE_RE.search(rest):
            return None
        points.append((number.group(0).strip(), number.end()))
    return points
