"""Working days of mainland China (plain Python, no Django import).

The official calendar (public holidays and make-up workdays, 调休) comes from
the ``chinesecalendar`` package. A year the package does not cover yet falls
back to "Monday to Friday" corrected by an admin-editable table of extra
holidays and make-up workdays, and ``missing_years`` tells which years had to
fall back, so a supervisor can be warned.
"""

from __future__ import annotations

import bisect
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


# For each official year, the working days from 1 January to each of its days
# (inclusive), indexed by the day's place in the year: a count of working days
# between two days of official years is two subtractions, not a walk over the
# days between (an upload to a task a year overdue walked ~1,200 of them).
_RUNNING: dict[int, list[int]] = {}


def _running(year: int) -> list[int]:
    found = _RUNNING.get(year)
    if found is None:
        found, total, day = [], 0, dt.date(year, 1, 1)
        while day.year == year:
            total += _official_workday(day)
            found.append(total)
            day += ONE_DAY
        _RUNNING[year] = found
    return found


def _official_count_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end], both in official years, start < end."""
    first = _running(start.year)
    count = -first[start.timetuple().tm_yday - 1]
    for year in range(start.year, end.year):
        count += _running(year)[-1]
    return count + _running(end.year)[end.timetuple().tm_yday - 1]


def _official_shift_forward(day: dt.date, count: int) -> dt.date | None:
    """The ``count``-th (> 0) working day after ``day`` when it falls in an official
    year (``day`` in one too); None when the official years end before it."""
    running = _running(day.year)
    target = running[day.timetuple().tm_yday - 1] + count  # within day's year
    year = day.year
    while target > running[-1]:
        target -= running[-1]
        year += 1
        if not is_official_year(year):
            return None
        running = _running(year)
    # The first day of the year whose running total reaches the target: a working day.
    return dt.date(year, 1, 1) + dt.timedelta(days=bisect.bisect_left(running, target))


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
        if count > 0 and is_official_year(day.year):
            found = _official_shift_forward(day, count)
            if found is not None:
                self._shifts[(day, count)] = found
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
        if start < end and is_official_year(start.year) and is_official_year(end.year):
            # Every day between is official too (the official years are consecutive).
            count = self._counts[(start, end)] = _official_count_between(start, end)
            return count
        count = 0
        current = start
        while current < end:
            current += ONE_DAY
            if self.is_workday(current):
                count += 1
        self._counts[(start, end)] = count
        return count
