"""tracker.escaping.escape_text writes what Django's conditional_escape writes."""

from __future__ import annotations

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from tracker.escaping import escape_text


class Named:
    def __str__(self) -> str:
        return "<处室> & 'A' \"B\""


@pytest.mark.parametrize(
    "value",
    [
        "",
        "政策法规处",
        "1234",
        "A&B",
        "a < b",
        "it's",
        '"',
        "<script>alert('x')</script> & \"y\"",
        SafeString("<b>已转义</b>"),
        gettext_lazy("全部"),
        12,
        None,
        Named(),
    ],
)
def test_escape_text_equals_conditional_escape(value: object) -> None:
    assert escape_text(value) == conditional_escape(value)
