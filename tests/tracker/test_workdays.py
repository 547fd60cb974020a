"""The working-day calendar over the real official calendar of China."""

from __future__ import annotations

import datetime as dt

from tracker.notifications.workdays import (
    OFFICIAL_LAST_YEAR,
    WorkCalendar,
    is_official_year,
    missing_years,
)

D = dt.date


def test_spring_festival_2022_holiday_and_make_up_workdays() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2022, 1, 29))  # Saturday, 调休 make-up workday
    assert cal.is_workday(D(2022, 1, 30))  # Sunday, 调休 make-up workday
    for day in range(1, 7):
        assert not cal.is_workday(D(2022, 2, day))
    assert not cal.is_workday(D(2022, 1, 31))
    assert cal.is_workday(D(2022, 2, 7))


def test_working_days_before_a_deadline_after_the_holiday() -> None:
    cal = WorkCalendar()
    assert cal.shift(D(2022, 2, 7), -1) == D(2022, 1, 30)
    assert cal.shift(D(2022, 2, 7), -3) == D(2022, 1, 28)
    assert cal.shift(D(2022, 1, 28), 1) == D(2022, 1, 29)
    assert cal.shift(D(2022, 1, 30), 1) == D(2022, 2, 7)
    assert cal.count_between(D(2022, 1, 30), D(2022, 2, 7)) == 1


def test_saturday_deadline_is_chased_on_friday() -> None:
    cal = WorkCalendar()
    assert cal.on_or_before(D(2022, 3, 5)) == D(2022, 3, 4)
    assert cal.on_or_after(D(2022, 3, 5)) == D(2022, 3, 7)


def test_uncovered_year_falls_back_to_weekends_and_the_holiday_table() -> None:
    year = OFFICIAL_LAST_YEAR + 1
    assert not is_official_year(year)
    assert missing_years([2022, year, year + 1]) == [year, year + 1]
    new_year = D(year, 1, 1)
    saturday = next(D(year, 1, d) for d in range(1, 8) if D(year, 1, d).weekday() == 5)
    plain = WorkCalendar()
    assert plain.is_workday(new_year) == (new_year.weekday() < 5)
    assert not plain.is_workday(saturday)
    edited = WorkCalendar({new_year: False, saturday: True})
    assert not edited.is_workday(new_year)
    assert edited.is_workday(saturday)
    # The table never overrides the official calendar of a covered year.
    assert WorkCalendar({D(2022, 1, 31): True}).is_workday(D(2022, 1, 31)) is False
