"""Working days of mainland China (plain Python, no Django import).

The official calendar (public holidays and make-up workdays, 调休) comes from
the ``chinesecalendar`` package. A year the package does not cover yet falls
back to "Monday to Friday" corrected by an admin-editable table of extra
holidays and make-up workdays, and ``missing_years`` tells which years had to
fall back, so a supervisor can be warned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


def _official_years() -> tuple[int, int]:
    from chinese_calendar import constants

    years = [day.year for day in constants.holidays] + [day.year for day in constants.workdays]
    return min(years), max(years)


OFFICIAL_FIRST_YEAR, OFFICIAL_LAST_YEAR = _official_years()


def is_official_year(year: int) -> bool:
    """Whether the official calendar of ``year`` is known to the package."""
    return OFFICIAL_FIRST_YEAR <= year <= OFFICIAL_LAST_YEAR


def missing_years(years: Iterable[int]) -> list[int]:
    """The years among ``years`` for which the official calendar is missing."""
    return sorted({year for year in years if not is_official_year(year)})


# The official calendar's answers, for every WorkCalendar of the process: the
# package's data is fixed while the process runs, and a calendar is built per
# request (an evidence upload replans its task's reminders: ~650 days looked up,
# each through the package's date validation).
_OFFICIAL: dict[dt.date, bool] = {}


def _official_workday(day: dt.date) -> bool:
    answer = _OFFICIAL.get(day)
    if answer is None:
        answer = _OFFICIAL[day] = bool(chinese_calendar.is_workday(day))
    return answer


class WorkCalendar:
    """Answers "is this a working day?" and counts working days.

    ``overrides`` maps a date of an uncovered year to ``True`` (make-up
    workday) or ``False`` (holiday); it is ignored for official years.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._cache: dict[dt.date, bool] = {}
        self._shifts: dict[tuple[dt.date, int], dt.date] = {}
        self._counts: dict[tuple[dt.date, dt.date], int] = {}

    def is_workday(self, day: dt.date) -> bool:
        cached = self._cache.get(day)
        if cached is None:
            if is_official_year(day.year):
                cached = _official_workday(day)
            elif day in self.overrides:
                cached = self.overrides[day]
            else:
                cached = day.weekday() < 5
            self._cache[day] = cached
        return cached

    def shift(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (before it when negative).

        ``day`` itself never counts: 3 working days before Monday 2022-02-07
        is Friday 2022-01-28 (the make-up Saturday and Sunday 01-29/30 count).
        """
        found = self._shifts.get((day, count))
        if found is not None:
            return found
        step = ONE_DAY if count > 0 else -ONE_DAY
        remaining = abs(count)
        current = day
        while remaining:
            current += step
            if self.is_workday(current):
                remaining -= 1
        self._shifts[(day, count)] = current
        return current

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the last working day before it."""
        while not self.is_workday(day):
            day -= ONE_DAY
        return day

    def on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def count_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]."""
        found = self._counts.get((start, end))
        if found is not None:
            return found
        count = 0
        current = start
        while current < end:
            current += ONE_DAY
            if self.is_workday(current):
                count += 1
        self._counts[(start, end)] = count
        return count
