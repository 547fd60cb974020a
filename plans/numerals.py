"""Chinese and arabic numerals as they appear in the numbering of official documents."""

from __future__ import annotations

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
