"""Characters that must not reach a document or a spreadsheet, in one place.

Input: ``invalid_characters`` names what a text field may not contain (the
characters XML 1.0 forbids — .docx and .xlsx are XML, so one such character
in a progress report used to break the report draft for everybody — and the
bidirectional overrides that make a name read differently from what it is).
Output: each writer calls the function for its format (``xml_text`` for
.docx/.xlsx, ``spreadsheet_cell`` for .xlsx/.csv cells, ``plain_text`` for
e-mail and robot messages), so data stored before these rules stays safe.
"""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates: 'gpj.exe' shown as 'exe.jpg'.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width characters that make equal-looking words differ (ZWJ/ZWNJ stay:
# emoji sequences and some scripts need them).
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
# A spreadsheet treats a cell starting with one of these as a formula (OWASP
# "CSV injection"); tab and carriage return start DDE payloads in some readers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def invalid_characters(text: str) -> list[str]:
    """The distinct forbidden characters in ``text``, as 'U+000B' labels, in order."""
    found: list[str] = []
    for match in _XML_INVALID.finditer(text):
        label = f"U+{ord(match.group()):04X}"
        if label not in found:
            found.append(label)
    for match in _BIDI_CONTROLS.finditer(text):
        label = f"U+{ord(match.group()):04X}"
        if label not in found:
            found.append(label)
    return found


def strip_zero_width(text: str) -> str:
    return _ZERO_WIDTH.sub("", text)


def xml_text(value: object) -> str:
    """``value`` as text that any XML writer accepts: forbidden characters dropped,
    other C0 controls (tab, newline) kept."""
    return _XML_INVALID.sub("", str(value))


def plain_text(value: object) -> str:
    """Text for e-mail and chat robots: no XML-invalid or bidi control characters."""
    return _BIDI_CONTROLS.sub("", xml_text(value))


def formula_like(text: str) -> bool:
    """Would a spreadsheet evaluate a cell holding ``text``?"""
    stripped = text.lstrip(" ")
    return stripped.startswith(FORMULA_STARTS) or bool(
        stripped[:1] and unicodedata.category(stripped[0]) == "Cc"
    )


def spreadsheet_cell(value: object) -> object:
    """A .csv cell value that no spreadsheet evaluates: text starting like a formula
    gets a leading apostrophe (Excel's and WPS's "this is text" mark), and
    control characters are dropped. Numbers and dates pass through."""
    if not isinstance(value, str):
        return value
    text = plain_text(value)
    return "'" + text if formula_like(text) else text


# Markdown that a chat robot (钉钉 markdown) would turn into links, images or
# headings: each becomes its full-width twin, which reads the same in Chinese
# text and is shown literally by both robots.
_CHAT_MARKUP = str.maketrans("[]()<>*_#`!|", "［］（）＜＞＊＿＃｀！｜")


def chat_line(value: object) -> str:
    """One line of user text inside a robot message: no controls, no newline, no markup."""
    return " ".join(plain_text(value).split()).translate(_CHAT_MARKUP)


def validate_text(value: object) -> None:
    """Field validator: refuse characters no document may hold, naming them."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if isinstance(value, str) and (labels := invalid_characters(value)):
        raise ValidationError(
            _("包含不允许的控制字符（%(chars)s），请删除后重新提交。")
            % {"chars": "、".join(labels[:5])},
            code="invalid_characters",
        )
    if isinstance(value, str) and value and not strip_zero_width(value).strip():
        raise ValidationError(_("内容只包含不可见字符，请填写实际内容。"), code="invisible_only")
