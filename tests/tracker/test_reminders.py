"""Reminder sweeps over the real calendar, with time controlled by time-machine."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tracker.notifications import transports
from tracker.notifications.models import (
    Channel,
    DeliveryStatus,
    Holiday,
    Notification,
    NotificationPreference,
    ReminderPolicy,
    TaskReminderPolicy,
)
from tracker.notifications.reminders import reminders_sweep, task_replan_reminders
from tracker.notifications.services import notifications_deliver
from tracker.org.models import Department, User
from tracker.tasks.models import ProgressUpdate, Status, Task

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def make_task(user: User, dept: Department, due_on: dt.date, **extra: object) -> Task:
    planned_at = extra.pop("planned_at", at(due_on - dt.timedelta(days=30), 10))
    task = Task.objects.create(
        title=extra.pop("title", "完善应急管理法规制度"),
        lead_department=dept,
        responsible=user,
        due_on=due_on,
        status=extra.pop("status", Status.IN_PROGRESS),
        **extra,
    )
    task_replan_reminders(task, now=planned_at)
    return task


def sweep_daily(start: dt.date, end: dt.date) -> dict[dt.date, list[tuple[str, str]]]:
    """Sweep at 09:00 every day; (kind, recipient username) of new app rows per day."""
    seen = set(Notification.objects.values_list("pk", flat=True))
    found: dict[dt.date, list[tuple[str, str]]] = {}
    for day in days(start, end):
        reminders_sweep(now=at(day))
        new = Notification.objects.exclude(pk__in=seen).filter(channel=Channel.APP)
        rows = sorted((n.kind, n.recipient.username) for n in new.select_related("recipient"))
        seen |= set(Notification.objects.values_list("pk", flat=True))
        if rows:
            found[day] = rows
    return found


@pytest.mark.django_db
def test_spring_festival_deadline_is_reminded_on_working_days_only(
    staff_a: User, head_a: User, dept_a: Department
) -> None:
    make_task(staff_a, dept_a, D(2022, 2, 7))
    found = sweep_daily(D(2022, 1, 20), D(2022, 2, 9))
    assert found == {
        D(2022, 1, 26): [("due_soon", "staff_a")],  # 5 working days before
        D(2022, 1, 28): [("due_soon", "staff_a")],  # 3: Friday before the holiday
        D(2022, 1, 30): [("due_soon", "staff_a")],  # 1: the make-up Sunday
        D(2022, 2, 7): [("due_today", "staff_a")],
        D(2022, 2, 8): [("overdue", "staff_a")],
        D(2022, 2, 9): [("overdue", "staff_a")],
    }
    three_days = Notification.objects.get(
        kind="due_soon", channel=Channel.APP, payload__occasion_day="2022-01-28"
    )
    assert "还有3个工作日" in three_days.subject
    assert "2月7日" in three_days.subject


@pytest.mark.django_db
def test_nothing_before_the_send_time_and_nothing_twice(staff_a: User, dept_a: Department) -> None:
    make_task(staff_a, dept_a, D(2022, 2, 7), planned_at=at(D(2022, 1, 27), 10))
    assert reminders_sweep(now=at(D(2022, 1, 28), 8, 59)).get("due_soon", 0) == 0
    first = reminders_sweep(now=at(D(2022, 1, 28), 9, 0))
    assert first["due_soon"] == 2  # in the app and by e-mail
    again = reminders_sweep(now=at(D(2022, 1, 28), 9, 5))
    assert again.get("due_soon", 0) == 0
    assert Notification.objects.filter(kind="due_soon").count() == 2


@pytest.mark.django_db
def test_saturday_deadline(staff_a: User, dept_a: Department) -> None:
    make_task(staff_a, dept_a, D(2022, 3, 5))
    found = sweep_daily(D(2022, 2, 24), D(2022, 3, 8))
    assert found == {
        D(2022, 2, 28): [("due_soon", "staff_a")],
        D(2022, 3, 2): [("due_soon", "staff_a")],
        D(2022, 3, 4): [("due_today", "staff_a")],  # Friday; the Saturday itself is quiet
        D(2022, 3, 7): [("overdue", "staff_a")],
        D(2022, 3, 8): [("overdue", "staff_a")],
    }


@pytest.mark.django_db
def test_deadline_in_an_uncovered_year_uses_the_holiday_table(
    staff_a: User, dept_a: Department, supervisor: User, login: Callable[[User], Client]
) -> None:
    # 2027 is not in chinesecalendar 1.11.0: weekends plus the admin's table.
    Holiday.objects.create(day=D(2027, 1, 1), name="元旦")
    Holiday.objects.create(day=D(2027, 1, 4), name="元旦调休")
    make_task(staff_a, dept_a, D(2027, 1, 5))
    found = sweep_daily(D(2026, 12, 24), D(2027, 1, 6))
    assert found == {
        D(2026, 12, 25): [("due_soon", "staff_a")],  # 5
        D(2026, 12, 29): [("due_soon", "staff_a")],  # 3
        D(2026, 12, 31): [("due_soon", "staff_a")],  # 1, skipping 1/1 and 1/4 and the weekend
        D(2027, 1, 5): [("due_today", "staff_a")],
        D(2027, 1, 6): [("overdue", "staff_a")],
    }
    # The warning is for a year nobody has entered: with the admin's rows gone it is back
    # (tests/tracker/ops/test_holiday_calendar_warning.py: entering rows clears it).
    Holiday.objects.filter(day__year=2027).delete()
    with time_machine.travel(at(D(2026, 12, 1)), tick=False):
        page = login(supervisor).get("/notifications/").content.decode()
    assert "2027 年的国家法定节假日安排尚未收录" in page
    staff_page = login(staff_a).get("/notifications/").content.decode()
    assert "尚未收录" not in staff_page


@pytest.mark.django_db
def test_overdue_escalates_to_head_then_leader(
    staff_a: User, head_a: User, leader: User, dept_a: Department
) -> None:
    policy = ReminderPolicy.load()
    policy.overdue_every = 2
    policy.escalate_leader_after = 5
    policy.save()
    make_task(staff_a, dept_a, D(2022, 3, 4))
    found = sweep_daily(D(2022, 3, 7), D(2022, 3, 14))
    assert found == {
        D(2022, 3, 8): [("overdue", "staff_a")],  # 2nd working day overdue
        D(2022, 3, 9): [("escalate_head", "head_a")],  # 3rd
        D(2022, 3, 10): [("overdue", "staff_a")],
        D(2022, 3, 11): [("escalate_leader", "leader")],  # 5th
        D(2022, 3, 14): [("overdue", "staff_a")],
    }
    escalation = Notification.objects.get(kind="escalate_head", channel=Channel.APP)
    assert "政策法规处" in escalation.subject and "逾期3个工作日" in escalation.subject


@pytest.mark.django_db
def test_unacknowledged_task_reminds_the_head(
    staff_a: User, head_a: User, dept_a: Department
) -> None:
    task = Task.objects.create(
        title="修订安全生产条例",
        lead_department=dept_a,
        due_on=D(2022, 6, 30),
        status=Status.ASSIGNED,
        assigned_at=at(D(2022, 3, 1), 15),
    )
    task_replan_reminders(task, now=at(D(2022, 3, 1), 15))
    assert task.next_remind_at == at(D(2022, 3, 3))
    found = sweep_daily(D(2022, 3, 1), D(2022, 3, 4))
    assert found == {D(2022, 3, 3): [("unacknowledged", "head_a")]}


@pytest.mark.django_db
def test_missed_sweeps_catch_up_with_the_latest_occasion_only(
    staff_a: User, dept_a: Department
) -> None:
    make_task(staff_a, dept_a, D(2022, 2, 7))
    # Beat was down from before the 5-day reminder until after the deadline.
    counts = reminders_sweep(now=at(D(2022, 2, 8), 10))
    assert counts["overdue"] == 2
    assert not Notification.objects.filter(kind__in=["due_soon", "due_today"]).exists()


@pytest.mark.django_db
def test_reassigning_stops_the_old_holders_reminders(
    staff_a: User, head_a: User, dept_a: Department, dept_b: Department, staff_b: User
) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 26)))
    pending = Notification.objects.get(kind="due_soon", channel=Channel.EMAIL)
    assert pending.status == DeliveryStatus.PENDING
    task.responsible = staff_b
    task.save()
    task_replan_reminders(task, now=at(D(2022, 1, 26), 9, 1))
    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.CANCELLED
    found = sweep_daily(D(2022, 1, 27), D(2022, 1, 28))
    assert found == {D(2022, 1, 28): [("due_soon", "staff_b")]}


@pytest.mark.django_db
def test_closing_stops_reminders(staff_a: User, dept_a: Department) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 26)))
    task.status = Status.DONE
    task.save()
    assert task_replan_reminders(task, now=at(D(2022, 1, 26), 11)) is None
    assert not Notification.objects.filter(status=DeliveryStatus.PENDING).exists()
    assert sweep_daily(D(2022, 1, 27), D(2022, 2, 10)) == {}


@pytest.mark.django_db
def test_a_task_closed_without_replanning_is_dropped_by_the_sweep(
    staff_a: User, dept_a: Department
) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    Task.objects.filter(pk=task.pk).update(status=Status.CANCELLED)
    assert sweep_daily(D(2022, 1, 20), D(2022, 2, 10)) == {}
    task.refresh_from_db()
    assert task.next_remind_at is None


@pytest.mark.django_db
def test_moving_the_deadline_replans(staff_a: User, dept_a: Department) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 26)))
    task.due_on = D(2022, 3, 4)  # extension approved
    task.save()
    task_replan_reminders(task, now=at(D(2022, 1, 26), 16))
    assert task.next_remind_at == at(D(2022, 2, 25))  # 5 working days before 3/4
    assert not Notification.objects.filter(status=DeliveryStatus.PENDING).exists()
    found = sweep_daily(D(2022, 1, 27), D(2022, 3, 4))
    assert found == {
        D(2022, 2, 25): [("due_soon", "staff_a")],
        D(2022, 3, 1): [("due_soon", "staff_a")],
        D(2022, 3, 3): [("due_soon", "staff_a")],
        D(2022, 3, 4): [("due_today", "staff_a")],
    }


@pytest.mark.django_db
def test_a_task_nobody_planned_is_picked_up(staff_a: User, dept_a: Department) -> None:
    Task.objects.create(
        title="未规划的任务",
        lead_department=dept_a,
        responsible=staff_a,
        due_on=D(2022, 2, 7),
        status=Status.IN_PROGRESS,
    )
    found = sweep_daily(D(2022, 1, 28), D(2022, 1, 30))
    assert found == {
        D(2022, 1, 28): [("due_soon", "staff_a")],
        D(2022, 1, 30): [("due_soon", "staff_a")],
    }


@pytest.mark.django_db
def test_weekly_progress_report_is_chased_until_filed(staff_a: User, dept_a: Department) -> None:
    task = make_task(
        staff_a,
        dept_a,
        D(2022, 6, 30),
        planned_at=at(D(2022, 3, 1), 10),
        assigned_at=at(D(2022, 3, 1), 10),
    )
    TaskReminderPolicy.objects.create(task=task, report_cycle="weekly", report_day=5)
    task_replan_reminders(task, now=at(D(2022, 3, 1), 10))
    ProgressUpdate.objects.create(
        task=task, author=staff_a, text="已起草", percent=10, created_at=at(D(2022, 3, 9), 16)
    )
    found = sweep_daily(D(2022, 3, 1), D(2022, 3, 18))
    # Friday 3/4: no report that week, chased each working day until it is
    # filed (3/9, after that morning's reminder); the week of 3/11 has it;
    # 3/18: missing again.
    assert found == {
        D(2022, 3, 4): [("report_due", "staff_a")],
        D(2022, 3, 7): [("report_due", "staff_a")],
        D(2022, 3, 8): [("report_due", "staff_a")],
        D(2022, 3, 9): [("report_due", "staff_a")],
        D(2022, 3, 18): [("report_due", "staff_a")],
    }
    late = Notification.objects.get(channel=Channel.APP, payload__occasion_day="2022-03-08")
    assert "已逾期2个工作日未填报" in late.subject


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_the_command_prints_json(
    staff_a: User, dept_a: Department
) -> None:
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    out = StringIO()
    call_command("sweep_reminders", "--now", "2022-01-28T09:00:00+08:00", "--dry-run", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["due_soon"] == 2 and counts["tasks"] == 1
    assert not Notification.objects.exists()
    assert Task.objects.get(pk=task.pk).next_remind_at == task.next_remind_at
    out = StringIO()
    call_command("sweep_reminders", "--now", "2022-01-28T09:00:00+08:00", stdout=out)
    assert json.loads(out.getvalue())["due_soon"] == 2
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_bad_now_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="无法识别的时间"):
        call_command("sweep_reminders", "--now", "yesterday")


@pytest.mark.django_db
def test_reminder_email_is_chinese_html_and_text_with_link(
    staff_a: User, dept_a: Department, settings: object
) -> None:
    settings.SITE_URL = "https://duban.example.gov.cn"  # type: ignore[attr-defined]
    task = make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 28)))
    row = Notification.objects.get(channel=Channel.EMAIL)
    with time_machine.travel(at(D(2022, 1, 28), 9, 1), tick=False):
        assert notifications_deliver(notification_ids=[row.pk]) == []
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 1
    [message] = mail.outbox
    assert message.subject.startswith("【督办提醒】请于2月7日前完成")
    assert message.to == ["staff_a@example.gov.cn"]
    assert f"https://duban.example.gov.cn/tasks/{task.pk}/" in message.body
    assert "距完成时限还有 10 天" in message.body
    html = message.alternatives[0][0]
    assert task.title in html and "2022年2月7日" in html
    # A second delivery of the same row sends nothing.
    with time_machine.travel(at(D(2022, 1, 28), 9, 2), tick=False):
        notifications_deliver(notification_ids=[row.pk])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_temporary_failure_backs_off_then_delivers(
    staff_a: User, dept_a: Department, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    settings.NOTIFICATION_RETRY_BASE = 30  # type: ignore[attr-defined]
    make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 28)))
    row = Notification.objects.get(channel=Channel.EMAIL)
    real_send = transports.send_email
    failures = iter([transports.TemporaryDeliveryError("451 稍后再试")] * 2)

    def flaky(**kwargs: object) -> None:
        error = next(failures, None)
        if error:
            raise error
        real_send(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transports, "send_email", flaky)
    start = at(D(2022, 1, 28), 9, 1)
    with time_machine.travel(start, tick=False):
        assert notifications_deliver(notification_ids=[row.pk]) == [(row.pk, 30)]
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_error) == ("pending", 1, "451 稍后再试")
        assert notifications_deliver(notification_ids=[row.pk]) == []  # not yet due
    with time_machine.travel(start + dt.timedelta(seconds=31), tick=False):
        assert notifications_deliver(notification_ids=[row.pk]) == [(row.pk, 60)]
    # The job was lost: the next sweep queues the row again once it is due.
    counts = reminders_sweep(now=start + dt.timedelta(minutes=10))
    assert counts["queued"] == 1
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert notifications_deliver(notification_ids=[row.pk]) == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    assert row.last_error == "451 稍后再试"  # kept: the row tells what happened
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_digest_user_gets_one_email_a_day_and_none_without_items(
    staff_a: User, dept_a: Department
) -> None:
    NotificationPreference.objects.create(user=staff_a, daily_digest=True)
    make_task(staff_a, dept_a, D(2022, 2, 7), title="任务甲")
    make_task(staff_a, dept_a, D(2022, 1, 28), title="任务乙")
    counts = reminders_sweep(now=at(D(2022, 1, 28)))
    assert counts["digest"] == 1
    assert not Notification.objects.filter(channel=Channel.EMAIL).exclude(kind="digest").exists()
    assert reminders_sweep(now=at(D(2022, 1, 28), 9, 5))["digest"] == 0
    digest = Notification.objects.get(kind="digest")
    with time_machine.travel(at(D(2022, 1, 28), 9, 6), tick=False):
        notifications_deliver(notification_ids=[digest.pk])
    [message] = mail.outbox
    assert "2项" in message.subject
    assert "任务甲" in message.body and "任务乙" in message.body
    # 1/29: 任务乙 is overdue; 1/30: 任务甲 due tomorrow; 1/31 (holiday): nothing, no e-mail.
    assert reminders_sweep(now=at(D(2022, 1, 29)))["digest"] == 1
    assert reminders_sweep(now=at(D(2022, 1, 30)))["digest"] == 1
    assert reminders_sweep(now=at(D(2022, 1, 31)))["digest"] == 0
    assert reminders_sweep(now=at(D(2022, 2, 1)))["digest"] == 0
    assert Notification.objects.filter(kind="digest").count() == 3


@pytest.mark.django_db
def test_user_who_turned_email_off_gets_only_the_app(staff_a: User, dept_a: Department) -> None:
    NotificationPreference.objects.create(user=staff_a, email=False)
    make_task(staff_a, dept_a, D(2022, 2, 7))
    reminders_sweep(now=at(D(2022, 1, 28)))
    assert list(Notification.objects.values_list("channel", flat=True)) == ["app"]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_sweep_query_count_does_not_grow_with_tasks(
    size: int,
    staff_a: User,
    head_a: User,
    dept_a: Department,
    django_assert_max_num_queries: object,
) -> None:
    for n in range(size):
        make_task(staff_a, dept_a, D(2022, 2, 7), title=f"任务{n}")
    # A fixed number per sweep; SQLite splits the INSERT by its 999-parameter limit.
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        counts = reminders_sweep(now=at(D(2022, 1, 28)))
    assert counts["due_soon"] == 2 * size


@pytest.mark.django_db
def test_a_sweep_catching_up_at_night_holds_emails_until_morning(
    staff_a: User, dept_a: Department
) -> None:
    make_task(staff_a, dept_a, D(2022, 2, 7), planned_at=at(D(2022, 1, 27), 10))
    counts = reminders_sweep(now=at(D(2022, 1, 28), 22, 30))
    assert counts["due_soon"] == 2 and counts["queued"] == 0
    row = Notification.objects.get(channel=Channel.EMAIL)
    assert row.send_after == at(D(2022, 1, 29))
    assert reminders_sweep(now=at(D(2022, 1, 29), 3))["queued"] == 0
    assert reminders_sweep(now=at(D(2022, 1, 29), 9))["queued"] == 1
