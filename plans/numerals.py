"""Chinese and arabic numerals as they appear in the numbering of official documents, and the
dates written with them ('2026年1月10日', '二〇二六年一月十日')."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {ch: i for i, ch in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(n: int) -> str:
    """Write ``n`` (0 < n < 10000) the way headings count: 1 → 一, 10 → 十, 21 → 二十一."""
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(_DIGITS[digit] + unit)
        elif parts:
            zero_pending = True
    text = "".join(parts)
    # 一十二 is written 十二 in headings.
    if text.startswith("一十"):
        text = text[1:]
    return text


def parse_chinese_numeral(text: str) -> int | None:
    """Read 一 … 九千九百九十九 (also 〇/零 digit-by-digit forms like 二〇二二); None if not a numeral."""
    if not text or any(ch not in _DIGIT_VALUES and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        # Digit-by-digit, as in years: 二〇二二.
        value = 0
        for ch in text:
            value = value * 10 + _DIGIT_VALUES[ch]
        return value
    total = 0
    current = 0
    for ch in text:
        if ch in _DIGIT_VALUES:
            current = _DIGIT_VALUES[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


# Characters of a Chinese-numeral date's parts.
CN_NUMERAL_CHARS = "一二三四五六七八九十百零〇"
# A written date, arabic ('2026年1月10日', spaces allowed) or in Chinese numerals
# ('二〇二六年一月十日'): a pattern to put inside other patterns (no groups).
WRITTEN_DATE = (
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[{CN_NUMERAL_CHARS}]{{4}}年[{CN_NUMERAL_CHARS}]{{1,3}}月[{CN_NUMERAL_CHARS}]{{1,3}}日"
)
_ARABIC_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE_RE = re.compile(
    rf"([{CN_NUMERAL_CHARS}]{{4}})年([{CN_NUMERAL_CHARS}]{{1,3}})月([{CN_NUMERAL_CHARS}]{{1,3}})日"
)


def parse_written_date(text: str) -> dt.date | None:
    """The first written date in ``text``: an arabic one ('2026年1月10日') if there is one, else
    one in Chinese numerals ('二〇二六年一月十日'); None when there is none or it is no real day
    ('2月30日')."""
    match = _ARABIC_DATE_RE.search(text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _CN_DATE_RE.search(text)
        if match:
            year, month, day = (parse_chinese_numeral(group) for group in match.groups())
            if year and month and day:
                return dt.date(year, month, day)
    except ValueError:
        return None
    return None
