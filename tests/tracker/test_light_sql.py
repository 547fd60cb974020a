"""The warning light in SQL (``light_case``) equals ``Task.warning_light`` at every
boundary: the cockpit's counts per division and light, the task list's light filter
(``lit``) and the home page's HTML are what the plain Python computation over every
task gives — for a leader, for a head (their division only) and for another
division's head, who gets nothing of the others."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest
import time_machine
from django.db.models import Count

from tracker.setup.models import LightPolicy
from tracker.setup.thresholds import forget_thresholds
from tracker.tasks import cockpit as cockpit_module
from tracker.tasks.cockpit import LIGHTS, cockpit_build
from tracker.tasks.models import (
    EFFECTIVE_DUE,
    LIGHT_FIELDS,
    Light,
    Status,
    Task,
    user_department_ids,
)

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2022, 6, 15)
# Days between start and (effective) deadline: none, negative, tiny, the ones whose
# shares land exactly on 15 % / 30 % (20, 100) or just beside them, and long ones.
TOTALS = (-3, 0, 1, 2, 3, 5, 6, 7, 10, 13, 20, 27, 33, 100, 196)


def days_left(total: int) -> list[int]:
    """Every day for short spans; around each threshold (−1/0/+1) for long ones."""
    if total <= 33:
        return list(range(-2, max(total, 0) + 3))
    near: set[int] = {-1, 0, 1, total - 1, total, total + 1}
    for share in (0.07, 0.15, 0.20, 0.29, 0.30):
        middle = int(share * total)
        near |= {middle - 1, middle, middle + 1, middle + 2}
    return sorted(near)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield
    forget_thresholds()


@pytest.fixture(params=[(30, 15), (29, 7), (33, 20)], ids=["30-15", "29-7", "33-20"])
def policy(request, db):
    yellow, orange = request.param
    LightPolicy.objects.update_or_create(
        pk=1, defaults={"yellow_percent": yellow, "orange_percent": orange}
    )
    forget_thresholds()
    return request.param


@pytest.fixture
def tasks(policy, supervisor, dept_a, dept_b, dept_c):
    """A task for every (span, days left) in each way the start and deadline are
    read: assigned late in the evening (the local date, not UTC's), just after
    midnight, not assigned (the creation date), through a nearer open 时间节点, a
    时间节点 after the deadline; every status; no deadline; no division."""
    made: list[Task] = []
    departments = [dept_a, dept_b, dept_c]
    statuses = list(Status)
    n = 0
    for total in TOTALS:
        for left in days_left(total):
            due = TODAY + dt.timedelta(days=left)
            start = due - dt.timedelta(days=total)
            for way in ("evening", "midnight", "created", "milestone", "late_milestone"):
                n += 1
                extra: dict = {"due_on": due, "assigned_at": at(start, 23, 30)}
                if way == "midnight":
                    extra["assigned_at"] = at(start, 0, 10)  # the day before in UTC
                elif way == "created":
                    extra["assigned_at"] = None
                    extra["created_at"] = at(start, 0, 5)
                elif way == "milestone":
                    extra["due_on"] = due + dt.timedelta(days=40)
                    extra["next_milestone_on"] = due
                elif way == "late_milestone":
                    extra["next_milestone_on"] = due + dt.timedelta(days=3)
                # Mostly in progress; every status comes round.
                status = statuses[n % len(statuses)] if n % 3 == 0 else Status.IN_PROGRESS
                made.append(
                    Task(
                        title=f"灯{n} {total}天 剩{left}天 {way}",
                        lead_department=departments[n % 3],
                        status=status,
                        created_by=supervisor,
                        **extra,
                    )
                )
    made.append(
        Task(title="无时限", lead_department=dept_a, status=Status.IN_PROGRESS,
             created_by=supervisor, assigned_at=at(TODAY, 9))
    )  # fmt: skip
    made.append(
        Task(title="无牵头单位", status=Status.IN_PROGRESS, due_on=TODAY,
             created_by=supervisor, assigned_at=at(TODAY - dt.timedelta(days=9), 9))
    )  # fmt: skip
    Task.objects.bulk_create(made)
    return made


def visible(user):
    tasks = Task.objects.visible_to(user)
    if not user.sees_everything:
        tasks = tasks.filter(lead_department_id__in=user_department_ids(user))
    return tasks


def old_done_by_division(user, tasks):
    """cockpit._done_by_division as it was (the task table, for everybody)."""
    return dict(
        tasks.filter(status=Status.DONE, lead_department__isnull=False)
        .order_by()
        .values_list("lead_department_id")
        .annotate(n=Count("id"))
        .values_list("lead_department_id", "n")
    )


def old_turned_red(user):
    week_start = TODAY - dt.timedelta(days=TODAY.weekday())
    red = visible(user).red_since(week_start, TODAY)
    return list(red.select_related("lead_department").order_by(EFFECTIVE_DUE, "id")[:8])


def python_lights(user) -> tuple[dict[int, dict[str, int]], dict[int, int], dict[str, set[int]]]:
    """The plain computation: every visible task read, ``warning_light`` in Python."""
    tasks = Task.objects.visible_to(user)
    if not user.sees_everything:
        tasks = tasks.filter(lead_department_id__in=user_department_ids(user))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LIGHTS, 0))
    open_by_division: dict[int, int] = defaultdict(int)
    by_light: dict[str, set[int]] = defaultdict(set)
    for task in tasks.only(*LIGHT_FIELDS, "lead_department_id"):
        light = task.warning_light(TODAY)
        by_light[light].add(task.pk)
        if task.status in (Status.DRAFT, Status.DECLINED) or task.lead_department_id is None:
            continue
        if task.status in (Status.DONE, Status.CANCELLED):
            continue
        open_by_division[task.lead_department_id] += 1
        if light in LIGHTS:
            counts[task.lead_department_id][light] += 1
    return counts, open_by_division, by_light


def old_division_lights(tasks, today):
    """cockpit.division_lights as it was before the SQL (verbatim but for the
    field list): the HTML must not change."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LIGHTS, 0))
    open_by_division: dict[int, int] = defaultdict(int)
    candidates = (
        tasks.with_division()
        .filter(lead_department__isnull=False)
        .only(*LIGHT_FIELDS, "lead_department_id")
    )
    for task in candidates.iterator(chunk_size=2000):
        division = task.lead_department_id
        open_by_division[division] += 1
        light = task.warning_light(today)
        if light in LIGHTS:
            counts[division][light] += 1
    return counts, open_by_division


def test_the_boundaries_give_every_light(tasks):
    lights = {task.warning_light(TODAY) for task in Task.objects.only(*LIGHT_FIELDS)}
    assert lights == {Light.RED, Light.ORANGE, Light.YELLOW, Light.GREEN, Light.NONE}


@pytest.mark.parametrize("who", ["leader", "head_b", "head_c"])
def test_cockpit_counts_equal_the_python_lights(tasks, who, request, dept_a, dept_b, dept_c):
    user = request.getfixturevalue(who)
    counts, open_by_division, _ = python_lights(user)
    cockpit = cockpit_build(user=user, today=TODAY)
    got = {d.department_id: d.counts for d in cockpit.lights}
    assert got == {division: counts[division] for division in open_by_division}
    assert {d.department_id: d.total_open for d in cockpit.lights} == open_by_division
    expected_divisions = {
        "leader": {dept_a.pk, dept_b.pk, dept_c.pk},
        "head_b": {dept_b.pk},
        "head_c": {dept_c.pk},
    }[who]
    assert set(got) == expected_divisions  # a head sees nothing of another division
    totals = {light: n for light, n, _url in cockpit.light_totals}
    assert totals == {light: sum(counts[d][light] for d in open_by_division) for light in LIGHTS}
    assert all(totals[light] > 0 for light in LIGHTS)  # every light is really exercised
    # Done per division (the group tally on PostgreSQL for the leader) and the
    # tasks turned red this week (ids first, then rows) are the plain queries'.
    assert {d.department_id: d.done for d in cockpit.lights} == {
        d: old_done_by_division(user, visible(user)).get(d, 0) for d in got
    }
    assert cockpit.turned_red == old_turned_red(user)
    assert cockpit.turned_red  # some did turn red this week


@pytest.mark.parametrize("who", ["leader", "head_b"])
def test_the_light_filter_lists_what_python_computes(tasks, who, request):
    user = request.getfixturevalue(who)
    _, _, by_light = python_lights(user)
    visible = Task.objects.visible_to(user)
    for light in LIGHTS:
        assert set(visible.lit(light, TODAY).values_list("pk", flat=True)) == by_light[light], light


@pytest.mark.parametrize("who", ["leader", "head_b", "head_c"])
def test_the_home_page_html_is_the_python_pages(tasks, who, request, login, monkeypatch):
    user = request.getfixturevalue(who)
    client = login(user)

    def page() -> str:
        forget_thresholds()
        html = client.get("/").content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    sql_page = page()
    monkeypatch.setattr(cockpit_module, "division_lights", old_division_lights)
    monkeypatch.setattr(cockpit_module, "_done_by_division", old_done_by_division)
    python_page = page()
    assert 'class="cockpit"' in sql_page
    assert sql_page == python_page
    if who == "head_c":
        assert "政策法规处" not in sql_page and "安全生产执法监督处" not in sql_page
