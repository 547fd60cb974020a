"""The working-day calendar over the real official calendar of China."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_the_official_calendar_is_asked_once_per_day_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A calendar is built per request (an evidence upload replans reminders over
    ~650 days): the package's answers are kept for the process, equal to its own;
    the overrides of uncovered years stay each calendar's."""
    import chinese_calendar

    from tracker.notifications import workdays

    asked: list[dt.date] = []
    real = chinese_calendar.is_workday

    def counting(day: dt.date) -> bool:
        asked.append(day)
        return real(day)

    monkeypatch.setattr(workdays, "_OFFICIAL", {})
    monkeypatch.setattr(chinese_calendar, "is_workday", counting)
    start, end = D(2021, 12, 1), D(2023, 9, 1)
    first = WorkCalendar().count_between(start, end)
    assert len(asked) == (end - start).days
    assert WorkCalendar().count_between(start, end) == first
    assert len(asked) == (end - start).days  # the second calendar asked nothing
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    assert [WorkCalendar().is_workday(d) for d in days] == [bool(real(d)) for d in days]
    uncovered = D(OFFICIAL_LAST_YEAR + 1, 1, 1)
    assert WorkCalendar({uncovered: False}).is_workday(uncovered) is False
    assert WorkCalendar().is_workday(uncovered) == (uncovered.weekday() < 5)
