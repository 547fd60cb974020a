"""考评 periods: a quarter ("2022Q3") or a year ("2022"). Plain Python."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:[Qq]\s*([1-4]))?\s*$")


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year, None)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("季度须为 1 到 4。")
        return cls(year, quarter)

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        month = 1 if self.quarter is None else 3 * self.quarter - 2
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}年" if self.quarter is None else f"{self.year}年第{self.quarter}季度"

    def previous(self) -> Period:
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def period_parse(text: str) -> Period:
    """Parse "2022Q3" (the third quarter of 2022) or "2022" (the year 2022).

    Raises ValueError with a message a user can read."""
    match = _PATTERN.match(text or "")
    if not match:
        raise ValueError(f"考评期间「{text}」格式不对，应为“2022”（年度）或“2022Q3”（季度）。")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValueError(f"考评年度 {year} 超出范围。")
    return Period(year, int(match.group(2)) if match.group(2) else None)


def recent_periods(today: dt.date, count: int = 6) -> list[Period]:
    """The current quarter and the ones before it, then the current and last year."""
    periods = [Period.containing(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return [*periods, Period(today.year), Period(today.year - 1)]


def parse_period(value: str | None, today: dt.date) -> tuple[Period, str]:
    """The period a page or API call asks for (default: the current quarter),
    and the message to show when the value cannot be read."""
    if not value:
        return Period.containing(today), ""
    try:
        return period_parse(value), ""
    except ValueError as exc:
        return Period.containing(today), str(exc)
