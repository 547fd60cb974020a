"""HTML escaping for markup written in Python (table rows, select options).

``conditional_escape`` goes through Django's lazy-string wrapper and the
``__html__`` check for every value; a task list page escapes ~900 values
(issue #17). Plain ``str`` values — titles, names, labels already resolved —
take the standard library's ``html.escape`` directly, which is what Django's
``escape`` calls in the end (same characters, ``'`` as ``&#x27;``)."""

from __future__ import annotations

import html
import re
from typing import Any

from django.utils.html import conditional_escape

# The five characters html.escape replaces. Most titles, names and ids hold none:
# one search instead of five replace calls (a page escapes ~600 values).
_SPECIAL = re.compile("[&<>\"']").search


def escape_text(value: Any) -> str:
    """``conditional_escape(value)``: a plain ``str`` escaped at once (returned
    as it is when it holds nothing to escape); anything else (safe strings, lazy
    labels, numbers, models) as Django escapes it."""
    if type(value) is str:
        return html.escape(value) if _SPECIAL(value) else value
    return conditional_escape(value)
