"""Plan items that name no work: what is left where a page or a sentence was cut.

A page cut inside its measures leaves '一是继续' or '在今后的工作中，将从以下几个方面采取' as the
last line; taken as a task it would ask a department to do 'continue'. Plain Python, no Django.
"""

from __future__ import annotations

import re

__all__ = ["cut_field_heading", "names_no_work"]

_CLOSED_RE = re.compile(r"[。！？!?；;）)”」』]$")
_POINTER_RE = re.compile(r"以下|如下|下列|几个方面|几点")
# Words that open a measure but name none: '继续', '进一步加强', '切实做好'.
_OPENING_ONLY_RE = re.compile(
    r"^(?:继续|进一步|持续|不断|切实|着力|努力|积极|全面|深入|认真|大力|加强|加大|加快|推进|推动|"
    r"做好|抓好|强化|完善|提升|提高|深化|健全)+$"
)


def names_no_work(title: str, body: str) -> bool:
    """Whether an item cut off before it ends ('继续', '…将从以下几个方面采取') names no work:
    only the words that open a measure, or words pointing ahead to what was cut. An item that
    ends its sentence, or has a body, is kept; so is a cut topic ('环境整')."""
    text = f"{title}{body}".strip()
    if body.strip() or _CLOSED_RE.search(text):
        return False
    return bool(_OPENING_ONLY_RE.match(text) or _POINTER_RE.search(text))


_FIELD_OPEN_RE = re.compile(r"^在")


def cut_field_heading(title: str) -> bool:
    """'在带头强化政治忠诚、提高' cut before its '…方面': a heading naming a field of problems
    ('在…方面'), unfinished, so naming none of them."""
    text = title.strip()
    return bool(_FIELD_OPEN_RE.match(text)) and not _CLOSED_RE.search(text) and "方面" not in text
