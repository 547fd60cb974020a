"""领导驾驶舱: what a leader (or a head, for their division) sees on one screen.

Lights per division, the tasks that turned red this week, the 批示件 awaiting
report-back, the 考评 league table of the current quarter and the weekly
trend — each with the link to the list behind it. Lights are today's
(``Task.warning_light``), as the task list shows and filters them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from tracker.org.models import Department
from tracker.reporting import svg
from tracker.reporting.dashboard import DashboardFilters, dashboard_summary
from tracker.reporting.models import TaskGroupTally
from tracker.reporting.tallies import tallies_usable
from tracker.scoring.periods import Period
from tracker.scoring.services import LeagueRow, league_table_for
from tracker.supervision.models import Instruction, InstructionStatus
from tracker.supervision.services import instructions_visible_to
from tracker.tasks.models import (
    EFFECTIVE_DUE,
    HANDED_OUT_STATUSES,
    Light,
    Status,
    Task,
    light_case,
    user_department_ids,
)

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from tracker.org.models import User
    from tracker.tasks.models import TaskQuerySet

LIGHTS = (Light.RED, Light.ORANGE, Light.YELLOW, Light.GREEN)
LIST_LIMIT = 8


@dataclass
class DivisionLights:
    department_id: int
    name: str  # the full name: people search for it
    counts: dict[str, int]
    links: dict[str, str]
    total_open: int
    open_link: str
    done: int
    done_link: str

    def cells(self) -> list[tuple[str, int, str]]:
        return [(light, self.counts.get(light, 0), self.links[light]) for light in LIGHTS]


@dataclass
class Cockpit:
    scope_label: str
    lights: list[DivisionLights]
    light_totals: list[tuple[str, int, str]]
    turned_red: list[Task]
    turned_red_count: int
    turned_red_link: str
    week_start: dt.date
    instructions: list[Instruction]
    instructions_count: int
    instructions_link: str
    period: Period
    league: list[LeagueRow]
    league_link: str
    trend_svg: SafeString
    trend_link: str


_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")


def _list_url(scope: str, params: list[tuple[str, str]], path: str | None = None) -> str:
    """The task list with these parameters; ``path`` is reverse("task-list") when
    the caller has it (a leader's page builds ~1,150 links). Parameters that need
    no quoting (ids, light and status names) are joined as urlencode would."""
    pairs = [("scope", scope), *params]
    if all(_PLAIN.fullmatch(k) and _PLAIN.fullmatch(str(v)) for k, v in pairs):
        query = "&".join(f"{k}={v}" for k, v in pairs)
    else:
        query = urlencode(pairs)
    return f"{path or reverse('task-list')}?{query}"


def division_lights(
    tasks: TaskQuerySet, today: dt.date
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Per division: today's open tasks by light (``Task.warning_light``, as the
    task list shows and filters it), and all its open tasks. The database counts
    (``light_case``, the method's rule in SQL): no open task is read into Python."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LIGHTS, 0))
    open_by_division: dict[int, int] = defaultdict(int)
    per_light = (
        tasks.with_division()
        .filter(lead_department__isnull=False)
        .annotate(light_today=light_case(today))
        .order_by()
        .values_list("lead_department_id", "light_today")
        .annotate(n=Count("*"))
    )
    for division, light, n in per_light:
        open_by_division[division] += n
        if light in LIGHTS:
            counts[division][light] += n
    return counts, open_by_division


def _done_by_division(user: User, tasks: TaskQuerySet) -> dict[int, int]:
    """Done tasks per division: from the group tally for who sees everything on
    PostgreSQL (~800,000 done rows at 1M tasks are not counted per request)."""
    if tallies_usable(user):
        return dict(
            TaskGroupTally.objects.exclude(lead_department_id=0)
            .values("lead_department_id")
            .annotate(n=Sum("done"))
            .filter(n__gt=0)
            .values_list("lead_department_id", "n")
            .order_by()
        )
    return dict(
        tasks.filter(status=Status.DONE, lead_department__isnull=False)
        .order_by()
        .values_list("lead_department_id")
        .annotate(n=Count("id"))
        .values_list("lead_department_id", "n")
    )


def cockpit_build(*, user: User, today: dt.date | None = None) -> Cockpit:
    """The leader's overview; a head gets the same of their own division."""
    today = today or timezone.localdate()
    everything = user.sees_everything
    scope = "all" if everything else "division"
    tasks = Task.objects.visible_to(user)
    department_ids = user_department_ids(user)
    if not everything:
        tasks = tasks.filter(lead_department_id__in=department_ids)
    open_params = [("status", str(s)) for s in HANDED_OUT_STATUSES]

    # Lights per division: today's light of every open task with a division.
    departments = dict(Department.objects.values_list("id", "name"))
    counts, open_by_division = division_lights(tasks, today)
    done_by_division = _done_by_division(user, tasks)
    lights: list[DivisionLights] = []
    path = reverse("task-list")
    for division in set(open_by_division) | set(done_by_division):
        dept = [("lead_department", str(division))]
        lights.append(
            DivisionLights(
                department_id=division,
                name=departments.get(division, ""),
                counts=counts[division],
                links={
                    light: _list_url(scope, [*dept, ("light", light)], path) for light in LIGHTS
                },
                total_open=open_by_division.get(division, 0),
                open_link=_list_url(scope, [*dept, *open_params], path),
                done=done_by_division.get(division, 0),
                done_link=_list_url(scope, [*dept, ("status", Status.DONE)], path),
            )
        )
    # Most red first, then orange, then yellow; then by name.
    lights.sort(
        key=lambda d: (
            -d.counts[Light.RED],
            -d.counts[Light.ORANGE],
            -d.counts[Light.YELLOW],
            d.name,
        )
    )
    light_totals = [
        (str(light), sum(d.counts[light] for d in lights), _list_url(scope, [("light", light)]))
        for light in LIGHTS
    ]

    # Turned red this week (since Monday): the nearer deadline ended this week.
    week_start = today - dt.timedelta(days=today.weekday())
    red = tasks.red_since(week_start, today)
    # The first ids from the light index alone (task_handed_out_light), then those rows.
    first_ids = list(red.order_by(EFFECTIVE_DUE, "id").values_list("id", flat=True)[:LIST_LIMIT])
    rows = Task.objects.select_related("lead_department").in_bulk(first_ids)
    turned_red = [rows[pk] for pk in first_ids]

    # 批示件 awaiting report-back, the earliest deadline first.
    waiting = instructions_visible_to(user).filter(status=InstructionStatus.OPEN)
    if not everything:
        waiting = waiting.filter(task__lead_department_id__in=department_ids)
    instructions = list(
        waiting.select_related("task", "leader").order_by("report_due_on", "id")[:LIST_LIMIT]
    )

    # 考评: the current quarter.
    period = Period.containing(today)
    league = league_table_for(user=user, period=period, as_of=today)

    # Trend: done per week (the dashboard's burn-up), for the division of a head.
    filters = DashboardFilters(
        department=None if everything or user.department is None else user.department
    )
    # Only the totals and the trend: not the dashboard's tables, names and lists.
    summary = dashboard_summary(user=user, filters=filters, today=today)
    scope_total = summary.totals.total - summary.totals.cancelled
    trend_link = reverse("dashboard")
    if filters.department is not None:
        trend_link += f"?department={filters.department.pk}"

    return Cockpit(
        scope_label="全厅" if everything else str(user.department or ""),
        lights=lights,
        light_totals=light_totals,
        turned_red=turned_red,
        turned_red_count=red.count() if len(turned_red) >= LIST_LIMIT else len(turned_red),
        turned_red_link=_list_url(scope, [("red_since", str(week_start))]),
        week_start=week_start,
        instructions=instructions,
        instructions_count=waiting.count()
        if len(instructions) >= LIST_LIMIT
        else len(instructions),
        instructions_link=f"{reverse('instruction-register')}?state={InstructionStatus.OPEN}",
        period=period,
        league=league,
        league_link=f"{reverse('scoring-league')}?period={period.key}",
        trend_svg=svg.burnup_chart(summary.trend[-13:], scope_total, height=180),
        trend_link=trend_link,
    )
