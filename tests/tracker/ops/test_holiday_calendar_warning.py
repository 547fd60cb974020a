"""The yearly holiday calendar (deploy/UPGRADE.md): in November the supervisor is told when
next year's 放假安排 is missing, until the package or an admin provides it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tracker.notifications.models import Holiday
from tracker.notifications.selectors import calendar_warnings
from tracker.notifications.workdays import OFFICIAL_LAST_YEAR, WorkCalendar
from tracker.org.models import User

pytestmark = pytest.mark.django_db
NEXT = OFFICIAL_LAST_YEAR + 1
TZ = dt.timezone(dt.timedelta(hours=8))


def test_november_warns_about_next_year_until_an_admin_enters_it(
    supervisor: User, login: object
) -> None:
    with time_machine.travel(dt.datetime(OFFICIAL_LAST_YEAR, 11, 28, 10, tzinfo=TZ)):
        assert calendar_warnings() == [NEXT]
        page = login(supervisor).get("/notifications/")  # type: ignore[operator]
        assert f"{NEXT} 年的国家法定节假日安排尚未收录" in page.content.decode()
        # 放假安排 entered by hand: New Year's Day off, a make-up Sunday.
        Holiday.objects.create(day=dt.date(NEXT, 1, 1), name="元旦")
        Holiday.objects.create(day=dt.date(NEXT, 2, 7), name="春节调休", is_workday=True)
        assert calendar_warnings() == []
        page = login(supervisor).get("/notifications/")  # type: ignore[operator]
        assert "尚未收录" not in page.content.decode()


def test_no_warning_about_next_year_before_november(supervisor: User) -> None:
    with time_machine.travel(dt.datetime(OFFICIAL_LAST_YEAR, 10, 15, 10, tzinfo=TZ)):
        assert calendar_warnings() == []


def test_entered_days_are_used_for_a_year_the_package_lacks() -> None:
    weekday = next(dt.date(NEXT, 1, d) for d in range(1, 8) if dt.date(NEXT, 1, d).weekday() < 5)
    sunday = next(dt.date(NEXT, 2, d) for d in range(1, 8) if dt.date(NEXT, 2, d).weekday() == 6)
    plain = WorkCalendar({})
    assert plain.is_workday(weekday) and not plain.is_workday(sunday)
    calendar = WorkCalendar({weekday: False, sunday: True})
    assert not calendar.is_workday(weekday) and calendar.is_workday(sunday)


def test_other_users_get_no_calendar_warning(staff_a: User, login: object) -> None:
    with time_machine.travel(dt.datetime(OFFICIAL_LAST_YEAR, 11, 28, 10, tzinfo=TZ)):
        page = login(staff_a).get("/notifications/")  # type: ignore[operator]
    assert "尚未收录" not in page.content.decode()
