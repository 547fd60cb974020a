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
    monkeypatch.setattr(workdays, "_RUNNING", {})
    monkeypatch.setattr(chinese_calendar, "is_workday", counting)
    start, end = D(2021, 12, 1), D(2023, 9, 1)
    first = WorkCalendar().count_between(start, end)
    # The count reads the running totals of the years it spans, each day once.
    assert len(asked) == len(set(asked)) == (D(2024, 1, 1) - D(2021, 1, 1)).days
    assert WorkCalendar().count_between(start, end) == first
    assert len(asked) == (D(2024, 1, 1) - D(2021, 1, 1)).days  # the second asked nothing
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    assert [WorkCalendar().is_workday(d) for d in days] == [bool(real(d)) for d in days]
    uncovered = D(OFFICIAL_LAST_YEAR + 1, 1, 1)
    assert WorkCalendar({uncovered: False}).is_workday(uncovered) is False
    assert WorkCalendar().is_workday(uncovered) == (uncovered.weekday() < 5)


def test_a_count_over_official_years_equals_the_walk_over_the_days() -> None:
    """count_between over official years subtracts running totals: the same as
    walking the days between and asking each, within a year, across several,
    at the years' ends, and nothing for an empty or reversed interval."""
    import random

    from tracker.notifications.workdays import OFFICIAL_FIRST_YEAR

    def walked(cal: WorkCalendar, start: dt.date, end: dt.date) -> int:
        days = (end - start).days
        return sum(cal.is_workday(start + dt.timedelta(days=i)) for i in range(1, days + 1))

    rng = random.Random(17)
    first, last = D(OFFICIAL_FIRST_YEAR, 1, 1), D(OFFICIAL_LAST_YEAR, 12, 31)
    span = (last - first).days
    pairs = [
        (D(2022, 1, 30), D(2022, 2, 7)),
        (D(2021, 12, 31), D(2022, 1, 1)),
        (D(2021, 12, 31), D(2023, 1, 1)),
        (first, last),
        (first, first + dt.timedelta(days=1)),
        (last - dt.timedelta(days=1), last),
        (D(2022, 5, 5), D(2022, 5, 5)),
        (D(2022, 5, 6), D(2022, 5, 5)),
    ]
    for _ in range(300):
        a = first + dt.timedelta(days=rng.randrange(span))
        pairs.append((a, a + dt.timedelta(days=rng.randrange(900))))
    for start, end in pairs:
        end = min(end, last)
        assert WorkCalendar().count_between(start, end) == walked(WorkCalendar(), start, end)


def test_a_count_reaching_an_uncovered_year_still_reads_the_holiday_table() -> None:
    """Beyond the official years the count walks the days, so the admin's table
    counts: a make-up Saturday adds one, a holiday on a weekday takes one away."""
    year = OFFICIAL_LAST_YEAR + 1
    start, end = D(year - 1, 12, 20), D(year, 1, 31)
    saturday = next(D(year, 1, d) for d in range(1, 8) if D(year, 1, d).weekday() == 5)
    weekday = next(D(year, 1, d) for d in range(8, 15) if D(year, 1, d).weekday() < 5)
    plain = WorkCalendar().count_between(start, end)
    assert WorkCalendar({saturday: True}).count_between(start, end) == plain + 1
    assert WorkCalendar({weekday: False}).count_between(start, end) == plain - 1
    assert WorkCalendar({saturday: True, weekday: False}).count_between(start, end) == plain


def test_a_shift_forward_over_official_years_equals_the_walk() -> None:
    """shift(day, n > 0) inside the official years searches the running totals:
    the same day as walking forward and counting; past the last official year
    (and backwards) it walks, reading the holiday table."""
    import random

    from tracker.notifications.workdays import OFFICIAL_FIRST_YEAR

    def walked(cal: WorkCalendar, day: dt.date, count: int) -> dt.date:
        step = dt.timedelta(days=1 if count > 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            remaining -= cal.is_workday(day)
        return day

    rng = random.Random(17)
    first, last = D(OFFICIAL_FIRST_YEAR, 1, 1), D(OFFICIAL_LAST_YEAR, 12, 31)
    cases = [
        (D(2022, 1, 28), 1),
        (D(2022, 1, 30), 1),
        (D(2021, 12, 31), 1),
        (D(2021, 12, 30), 300),
        (first, 1),
        (last - dt.timedelta(days=40), 20),
    ]
    for _ in range(300):
        day = first + dt.timedelta(days=rng.randrange((last - first).days - 900))
        cases.append((day, rng.randrange(1, 600)))
    for day, count in cases:
        assert WorkCalendar().shift(day, count) == walked(WorkCalendar(), day, count)
    # Across the end of the official years: the table of the next year counts.
    near_end = last - dt.timedelta(days=3)
    year = OFFICIAL_LAST_YEAR + 1
    holidays = {D(year, 1, d): False for d in range(1, 15)}
    edited = WorkCalendar(holidays)
    assert edited.shift(near_end, 20) == walked(WorkCalendar(holidays), near_end, 20)
    assert edited.shift(near_end, 20) > WorkCalendar().shift(near_end, 20)
