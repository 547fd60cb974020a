"""The dashboard's numbers (统计分析), computed in a handful of SQL queries.

Every number comes from ``Task.objects.visible_to(user)`` narrowed by the same
``TaskFilter`` the task list uses, and carries the query string of the task
list behind it, so that a number and its list always agree.

Queries, whatever the size: one grouped aggregate (by lead department, report
and kind, with conditional counts; totals, the ranking and the by-source
tables are folded from it in Python — or, from the tallies, given directly
by SQL's grouping sets), the overdue list, the weekly trend, and
the departments and reports for names and the filter form — plus, for a user
who does not see everything, the two queries of the visibility rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncWeek
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from plans.models import Report
from tracker.org.models import Department, User
from tracker.reporting.tallies import (
    DASHBOARD_SETS,
    division_done_by_week,
    division_overdue_ids,
    division_tally_groups,
    tallies_usable,
    tally_division,
    tally_done_by_week,
    tally_sets,
)
from tracker.tasks.filters import on_time_q
from tracker.tasks.models import (
    OPEN_STATUSES,
    UNASSIGNED_STATUSES,
    Kind,
    Status,
    Task,
    TaskQuerySet,
    open_q,
    overdue_q,
    unassigned_flag,
)

OVERDUE_LIST_LIMIT = 20
# What the overdue list shows of a task (the API's ``as_dict`` and the page's
# table: title, 牵头单位, 责任人, deadline, days overdue): the three tables'
# other ~60 columns are neither read nor turned into Python values.
OVERDUE_FIELDS = (
    "id",
    "title",
    "status",
    "due_on",
    "lead_department__name",
    "responsible__full_name",
    "responsible__first_name",
    "responsible__last_name",
    "responsible__username",
)
TREND_WEEKS = 26

Params = list[tuple[str, str]]


@dataclass(frozen=True)
class DashboardFilters:
    report: Report | None = None
    year: int | None = None
    department: Department | None = None

    def params(self) -> Params:
        """TaskFilter query parameters equivalent to these filters."""
        params: Params = []
        if self.report is not None:
            params.append(("report", str(self.report.pk)))
        if self.department is not None:
            params.append(("lead_department", str(self.department.pk)))
        if self.year is not None:
            params += [("due_after", f"{self.year}-01-01"), ("due_before", f"{self.year}-12-31")]
        return params


def merge_params(base: Params, extra: Params) -> Params:
    """Combine two sets of TaskFilter parameters; date bounds intersect."""
    merged = list(base)
    present = {k for k, _ in merged}
    for key, value in extra:
        if key not in present:
            # The common case (an unfiltered dashboard's ~300 links): nothing to
            # intersect or replace.
            merged.append((key, value))
            present.add(key)
            continue
        existing = [v for k, v in merged if k == key]
        if key in {"due_after", "completed_after"} and existing:
            merged = [(k, v) for k, v in merged if k != key] + [(key, max(existing[0], value))]
        elif key in {"due_before", "completed_before"} and existing:
            merged = [(k, v) for k, v in merged if k != key] + [(key, min(existing[0], value))]
        elif key == "status" or not existing:
            merged.append((key, value))
        else:
            merged = [(k, v) for k, v in merged if k != key] + [(key, value)]
    return merged


_LIST_PATHS: dict[tuple[Any, str], str] = {}


def task_list_path() -> str:
    """reverse("task-list"), remembered per URLconf and script prefix: the
    dashboard page asks for it ~2,000 times and reverse() is not free."""
    key = (get_urlconf(), get_script_prefix())
    path = _LIST_PATHS.get(key)
    if path is None:
        path = _LIST_PATHS[key] = reverse("task-list")
    return path


def task_list_url(params: Params, path: str | None = None) -> str:
    """The task list filtered by ``params``; ``path`` is the list's address
    when the caller has already reversed it (a dashboard builds ~2,000 links)."""
    path = path or task_list_path()
    return f"{path}?{_query(params)}" if params else path


_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")


def _query(params: Params) -> str:
    """urlencode(params), without quoting what needs none (ids, dates, the
    status names): the same text, a tenth of the time for ~2,000 links."""
    if all(_SAFE.fullmatch(k) and _SAFE.fullmatch(str(v)) for k, v in params):
        return "&".join(f"{k}={v}" for k, v in params)
    return urlencode(params)


OPEN_PARAMS: Params = [("status", str(s)) for s in OPEN_STATUSES]


def _ratio(part: int, base: int) -> float | None:
    """A rate of the dashboard: None, not 0, when nothing counts towards it."""
    return part / base if base else None


@dataclass
class Counts:
    """The conditional counts of one group of tasks, with the links behind them."""

    total: int = 0
    done: int = 0
    on_time: int = 0
    cancelled: int = 0
    overdue: int = 0
    due_7: int = 0
    due_30: int = 0
    params: Params = field(default_factory=list)
    # False for a group no TaskFilter parameter can select (no lead department).
    linkable: bool = True
    today: dt.date = field(default_factory=timezone.localdate)

    def add(self, row: Mapping[str, Any]) -> None:
        # Written out: a whole-organisation dashboard adds ~2,300 groups three times.
        self.total += row["total"]
        self.done += row["done"]
        self.on_time += row["on_time"]
        self.cancelled += row["cancelled"]
        self.overdue += row["overdue"]
        self.due_7 += row["due_7"]
        self.due_30 += row["due_30"]

    @property
    def open(self) -> int:
        return self.total - self.done - self.cancelled

    @property
    def completion_rate(self) -> float | None:
        """办结率: done among the tasks not cancelled."""
        return _ratio(self.done, self.total - self.cancelled)

    @property
    def on_time_rate(self) -> float | None:
        """按期率: done by the deadline among the tasks whose deadline has been
        met or missed — the done ones and the overdue ones. So a division with
        overdue tasks cannot show 100 % on the same page as its 逾期 count."""
        return _ratio(self.on_time, self.done + self.overdue)

    def url(self, name: str, path: str | None = None) -> str:
        if not self.linkable:
            return ""
        return self._links(path or task_list_path())[name]

    def _links(self, path: str) -> dict[str, str]:
        cached = self.__dict__.get("_links_cache")
        if cached is None or cached[0] is not self.params or cached[1] != path:
            cached = (self.params, path, _group_links(tuple(self.params), self.today, path))
            self.__dict__["_links_cache"] = cached
        return cached[2]

    def urls(self, path: str | None = None) -> dict[str, str]:
        names = ("total", "done", "on_time", "cancelled", "open", "overdue", "due_7", "due_30")
        if not self.linkable:
            return dict.fromkeys(names, "")
        links = self._links(path or task_list_path())
        return {name: links[name] for name in names}

    def as_dict(self, path: str | None = None) -> dict[str, Any]:
        # The properties above written out (~250 groups a dashboard); the rates
        # through the same _ratio, so the two cannot drift apart.
        total, done, cancelled, overdue = self.total, self.done, self.cancelled, self.overdue
        completion = _ratio(done, total - cancelled)
        on_time = _ratio(self.on_time, done + overdue)
        return {
            "total": total,
            "done": done,
            "on_time": self.on_time,
            "cancelled": cancelled,
            "open": total - done - cancelled,
            "overdue": overdue,
            "due_7": self.due_7,
            "due_30": self.due_30,
            "completion_rate": None if completion is None else round(completion, 4),
            "on_time_rate": None if on_time is None else round(on_time, 4),
            "links": self.urls(path),
        }


def counts_key(counts: Counts) -> tuple[Any, ...]:
    """Everything a group's markup is made of: its counts and what its links
    are made of (a key for the page's memos of rows and bars, which rebuild
    the group with ``counts_from_key``)."""
    return (
        counts.total,
        counts.done,
        counts.on_time,
        counts.cancelled,
        counts.overdue,
        counts.due_7,
        counts.due_30,
        tuple(counts.params),
        counts.linkable,
        counts.today,
    )


def counts_from_key(key: tuple[Any, ...]) -> Counts:
    total, done, on_time, cancelled, overdue, due_7, due_30, params, linkable, today = key
    return Counts(
        total=total,
        done=done,
        on_time=on_time,
        cancelled=cancelled,
        overdue=overdue,
        due_7=due_7,
        due_30=due_30,
        params=list(params),
        linkable=linkable,
        today=today,
    )


class DepartmentName(NamedTuple):
    """A department as the dashboard shows it (table labels, the filter's
    options): its id and name — values, not ~200 model instances a request."""

    pk: int
    name: str


class ReportTitle(NamedTuple):
    """A report as the dashboard shows it: its id and title."""

    pk: int
    title: str


@dataclass
class Row:
    """One line of a ranking or by-source table."""

    key: str
    label: str
    counts: Counts


@dataclass
class WeekPoint:
    week_start: dt.date
    done: int
    cumulative: int
    url: str


@dataclass
class Dashboard:
    filters: DashboardFilters
    today: dt.date
    totals: Counts
    by_department: list[Row]
    unassigned: Counts
    by_kind: list[Row]
    by_report: list[Row]
    overdue_tasks: list[Task]
    trend: list[WeekPoint]
    departments: list[DepartmentName]
    reports: list[ReportTitle]

    @property
    def unassigned_row(self) -> Row:
        return Row(key="unassigned", label="尚未交办（待交办、退办）", counts=self.unassigned)

    def as_dict(self) -> dict[str, Any]:
        path = task_list_path()

        def rows(items: Iterable[Row]) -> list[dict[str, Any]]:
            return [{"key": r.key, "label": r.label, **r.counts.as_dict(path)} for r in items]

        return {
            "today": self.today.isoformat(),
            "filters": {
                "report": self.filters.report.pk if self.filters.report else None,
                "year": self.filters.year,
                "department": self.filters.department.pk if self.filters.department else None,
            },
            "totals": self.totals.as_dict(path),
            "by_department": rows(self.by_department),
            # 待交办 + 退办: not counted in any division's row.
            "unassigned": self.unassigned.as_dict(path),
            "by_kind": rows(self.by_kind),
            "by_report": rows(self.by_report),
            "overdue_tasks": [
                {
                    "id": task.pk,
                    "title": task.title,
                    "lead_department": ""
                    if task.status in UNASSIGNED_STATUSES
                    else str(task.lead_department or ""),
                    "assigned": task.status not in UNASSIGNED_STATUSES,
                    "responsible": str(task.responsible or ""),
                    "due_on": task.due_on.isoformat() if task.due_on else None,
                    "days_overdue": task.days_overdue(self.today),
                    "url": reverse("task-detail", args=[task.pk]),
                }
                for task in self.overdue_tasks
            ],
            "trend": [
                {
                    "week_start": p.week_start.isoformat(),
                    "done": p.done,
                    "cumulative": p.cumulative,
                    "url": p.url,
                }
                for p in self.trend
            ],
        }


@functools.lru_cache(maxsize=4)
def _link_extras(today: dt.date) -> dict[str, tuple[Params, frozenset[str], str]]:
    """What each kind of link adds to a group's parameters, its keys and its
    query text — the same for every group of a dashboard, built once a day."""
    extra: dict[str, Params] = {
        "total": [],
        "done": [("status", Status.DONE)],
        "on_time": [("on_time", "true")],
        "cancelled": [("status", Status.CANCELLED)],
        "open": OPEN_PARAMS,
        "open_not_overdue": [*OPEN_PARAMS, ("overdue", "false")],
        "overdue": [("overdue", "true")],
        "due_7": OPEN_PARAMS + [("due_after", today.isoformat()), ("due_before", _plus(today, 7))],
        "due_30": OPEN_PARAMS
        + [("due_after", today.isoformat()), ("due_before", _plus(today, 30))],
    }
    return {
        name: (params, frozenset(k for k, _ in params), _query(params) if params else "")
        for name, params in extra.items()
    }


@functools.lru_cache(maxsize=4096)
def _group_links(params: tuple[tuple[str, str], ...], today: dt.date, path: str) -> dict[str, str]:
    """Every link of one group (its parameters with each kind of link's), by
    name: a function of its arguments only, so built once a day per group and
    address — a whole-organisation dashboard asks for the same ~2,000 links on
    every request. Read-only: callers copy what they hand out."""
    own = list(params)
    own_keys = frozenset(k for k, _ in own)
    own_query = _query(own) if own else ""
    links = {}
    for name, (extra, extra_keys, extra_query) in _link_extras(today).items():
        if own_keys.isdisjoint(extra_keys):
            # Nothing to intersect or replace: merge_params would only append,
            # so the query is this group's part and the link's part joined.
            query = "&".join(part for part in (own_query, extra_query) if part)
            links[name] = f"{path}?{query}" if query else path
        else:
            links[name] = task_list_url(merge_params(own, extra), path)
    return links


def _plus(day: dt.date, days: int) -> str:
    return (day + dt.timedelta(days=days)).isoformat()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def dashboard_tasks(*, user: User, filters: DashboardFilters) -> TaskQuerySet:
    """The tasks behind the dashboard: the visible ones, narrowed exactly as
    TaskFilter narrows them for ``filters.params()`` (without TaskFilter's
    form validation, which would cost a query per chosen filter)."""
    tasks = Task.objects.visible_to(user)
    if filters.report is not None:
        tasks = tasks.filter(report=filters.report)
    if filters.department is not None:
        tasks = tasks.filter(lead_department=filters.department)
    if filters.year is not None:
        tasks = tasks.filter(
            due_on__gte=dt.date(filters.year, 1, 1), due_on__lte=dt.date(filters.year, 12, 31)
        )
    return tasks


def count_aggregates(today: dt.date) -> dict[str, Count]:
    """The conditional counts, as SQL aggregates (also used by the benchmark)."""
    is_open = open_q()
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(status=Status.DONE)),
        "on_time": Count("id", filter=on_time_q()),
        "cancelled": Count("id", filter=Q(status=Status.CANCELLED)),
        "overdue": Count("id", filter=overdue_q(today)),
        "due_7": Count(
            "id",
            filter=is_open & Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)),
        ),
        "due_30": Count(
            "id",
            filter=is_open & Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=30)),
        ),
    }


def _tally_scope(
    user: User, filters: DashboardFilters, use_tallies: bool | None
) -> dict[str, Any] | None:
    """The tallies' filters when the tallies answer for ``user``, else None
    (with ``division_id`` and ``user_id`` for a division's user, whose
    dashboard comes from ``division_tally_groups``; without a chosen year,
    which the co-operation tally does not key)."""
    if use_tallies is False:
        return None
    division = tally_division(user)
    if division is not None and filters.year is None:
        return {
            "division_id": division,
            "user_id": user.pk,
            "report_id": filters.report.pk if filters.report else None,
            "department_id": filters.department.pk if filters.department else None,
        }
    if not (tallies_usable(user) if use_tallies is None else use_tallies):
        return None
    return {
        "report_id": filters.report.pk if filters.report else None,
        "department_id": filters.department.pk if filters.department else None,
        "year": filters.year,
    }


def _grouped(
    tasks: TaskQuerySet,
    *,
    today: dt.date,
    tally_scope: dict[str, Any] | None,
    by_group: bool = True,
) -> list[dict[str, Any]]:
    """The conditional counts — for the whole organisation on PostgreSQL from
    the tallies, otherwise from the (one division's) tasks.

    From the tasks: grouped by (lead department, report, kind, unassigned),
    folded into the tables in Python, or one row when ``by_group`` is False
    (the totals need no groups). From the tallies: SQL's grouping sets give
    the tables' rows themselves (~250 at a million tasks instead of ~2,800
    groups), each marked with its ``set`` (see ``_fold``)."""
    if tally_scope is not None and "division_id" in tally_scope:
        return division_tally_groups(today=today, **tally_scope)
    if tally_scope is not None:
        sets = DASHBOARD_SETS if by_group else ((),)
        return tally_sets(today=today, sets=sets, **tally_scope)
    if not by_group:
        return [tasks.order_by().aggregate(**count_aggregates(today))]
    return [
        dict(row)
        for row in tasks.order_by()
        .annotate(unassigned=unassigned_flag())
        .values("lead_department_id", "report_id", "kind", "unassigned")
        .annotate(**count_aggregates(today))
    ]


def _completed(grouped: list[dict[str, Any]]) -> int:
    """Done tasks with a completion time (tallies only: the burn-up's whole)."""
    return sum(
        row.get("completed", 0) for row in grouped if row.get("set") in (None, "group", "total")
    )


@dataclass
class DashboardSummary:
    """The dashboard's totals and weekly trend, without its tables."""

    totals: Counts
    trend: list[WeekPoint]


def dashboard_summary(
    *,
    user: User,
    filters: DashboardFilters | None = None,
    today: dt.date | None = None,
    use_tallies: bool | None = None,
) -> DashboardSummary:
    """The totals and the burn-up of ``dashboard_compute`` (equal to its
    ``totals`` and ``trend``) in two queries — for the leader's cockpit, which
    shows nothing else of the dashboard."""
    filters = filters or DashboardFilters()
    today = today or timezone.localdate()
    tasks = dashboard_tasks(user=user, filters=filters)
    base = filters.params()
    tally_scope = _tally_scope(user, filters, use_tallies)
    grouped = _grouped(tasks, today=today, tally_scope=tally_scope, by_group=False)
    totals = Counts(params=base, today=today)
    for row in grouped:
        totals.add(row)
    trend = _trend(
        tasks,
        base=base,
        today=today,
        tally_scope=tally_scope,
        completed=_completed(grouped),
    )
    return DashboardSummary(totals=totals, trend=trend)


def dashboard_compute(
    *,
    user: User,
    filters: DashboardFilters | None = None,
    today: dt.date | None = None,
    use_tallies: bool | None = None,
) -> Dashboard:
    """All the dashboard's numbers for ``user`` (read-only, no transaction needed).

    ``use_tallies``: None decides by itself (the tallies for a user who sees
    everything on PostgreSQL); False forces the plain computation.
    """
    filters = filters or DashboardFilters()
    today = today or timezone.localdate()
    tasks = dashboard_tasks(user=user, filters=filters)
    base = filters.params()

    # Query 1: counts grouped by (lead department, report, kind).
    tally_scope = _tally_scope(user, filters, use_tallies)
    grouped = _grouped(tasks, today=today, tally_scope=tally_scope)
    # Queries 2-3: names for the tables and the filter form.
    departments = list(
        map(
            DepartmentName._make,
            Department.objects.order_by("order", "id").values_list("id", "name"),
        )
    )
    visible_reports = Report.objects.visible_to(user)
    if (
        tally_scope is not None
        and "division_id" in tally_scope
        and filters.report is None
        and filters.department is None
    ):
        # The reports of the division's visible tasks are those its unfiltered
        # groups name (each group counts at least one task): by id, instead of
        # the visibility rule's subquery over the division's tasks.
        visible_reports = Report.objects.filter(
            pk__in={row["report_id"] for row in grouped if row["report_id"] is not None}
        )
    reports = list(
        map(
            ReportTitle._make,
            visible_reports.order_by("-plan_year", "-id").values_list("id", "title"),
        )
    )
    department_names = {d.pk: d.name for d in departments}
    report_titles = {r.pk: r.title for r in reports}
    kind_labels = dict(Kind.choices)

    totals = Counts(params=base, today=today)
    # 待交办 and 退办 tasks are nobody's yet: one row of their own, linked to
    # their list, never added to the division proposed as their lead.
    unassigned = Counts(params=merge_params(base, [("assigned", "false")]), today=today)
    by_department: dict[int | None, Counts] = {}
    by_kind: dict[str, Counts] = {}
    by_report: dict[int | None, Counts] = {}
    for row in grouped:
        # A (department, report, kind) group counts in every table; a grouping
        # set's row (tally_sets) in its own table only.
        part = row.get("set", "group")
        if part in ("group", "total"):
            totals.add(row)
        dept_id, report_id, kind = row["lead_department_id"], row["report_id"], row["kind"]
        if part in ("group", "department") and row["unassigned"]:
            unassigned.add(row)
        elif part in ("group", "department"):
            counts = by_department.get(dept_id)
            if counts is None:
                dept_params = (
                    [("lead_department", str(dept_id)), ("assigned", "true")] if dept_id else []
                )
                counts = by_department[dept_id] = Counts(
                    params=merge_params(base, dept_params),
                    today=today,
                    linkable=dept_id is not None,
                )
            counts.add(row)
        if part in ("group", "kind"):
            counts = by_kind.get(kind)
            if counts is None:
                counts = by_kind[kind] = Counts(
                    params=merge_params(base, [("kind", kind)]), today=today
                )
            counts.add(row)
        if part in ("group", "report"):
            counts = by_report.get(report_id)
            if counts is None:
                report_params = [("report", str(report_id))] if report_id else []
                counts = by_report[report_id] = Counts(
                    params=merge_params(base, report_params),
                    today=today,
                    linkable=report_id is not None,
                )
            counts.add(row)

    def ranked(items: dict[Any, Counts], labels: dict[Any, str], none_label: str) -> list[Row]:
        rows = [
            Row(key=str(key or ""), label=labels.get(key, none_label), counts=counts)
            for key, counts in items.items()
        ]
        # Ranking: highest completion rate first, then fewest overdue; ties by
        # key, so that the order does not depend on the order SQL returns groups in.
        rows.sort(
            key=lambda r: (
                -(r.counts.completion_rate or 0),
                r.counts.overdue,
                -r.counts.total,
                r.key,
            )
        )
        return rows

    # Query 4: the most overdue tasks.
    overdue = tasks.overdue(today)
    if tally_scope is not None and "division_id" in tally_scope:
        # Among the most overdue of each part of what the division sees (the
        # visibility rule above still applies), not all its overdue tasks sorted.
        sql, params = division_overdue_ids(today=today, limit=OVERDUE_LIST_LIMIT, **tally_scope)
        overdue = overdue.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - our SQL
    overdue_tasks = list(
        overdue.select_related("lead_department", "responsible")
        .only(*OVERDUE_FIELDS)
        .order_by("due_on", "id")[:OVERDUE_LIST_LIMIT]
    )
    # Query 5: done per week (burn-up against the total).
    trend = _trend(
        tasks,
        base=base,
        today=today,
        tally_scope=tally_scope,
        completed=_completed(grouped),
    )

    return Dashboard(
        filters=filters,
        today=today,
        totals=totals,
        by_department=ranked(by_department, department_names, "（未指定牵头单位）"),
        unassigned=unassigned,
        by_kind=sorted(
            (Row(key=k, label=str(kind_labels.get(k, k)), counts=c) for k, c in by_kind.items()),
            key=lambda r: list(kind_labels).index(r.key) if r.key in kind_labels else 99,
        ),
        by_report=ranked(by_report, report_titles, "（无来源报告）"),
        overdue_tasks=overdue_tasks,
        trend=trend,
        departments=departments,
        reports=reports,
    )


def _trend(
    tasks: QuerySet[Task],
    *,
    base: Params,
    today: dt.date,
    tally_scope: dict[str, Any] | None = None,
    completed: int = 0,
) -> list[WeekPoint]:
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=TREND_WEEKS - 1)
    done_by_week: dict[dt.date, int] = {}
    if tally_scope is not None and "division_id" in tally_scope:
        done_by_week, cumulative = division_done_by_week(
            first=first, completed=completed, **tally_scope
        )
    elif tally_scope is not None:
        done_by_week, cumulative = tally_done_by_week(
            first=first, completed=completed, **tally_scope
        )
    else:
        weekly = (
            tasks.filter(status=Status.DONE, completed_at__isnull=False)
            .order_by()
            .annotate(week=TruncWeek("completed_at"))
            .values("week")
            .annotate(done=Count("id"))
            .values_list("week", "done")
        )
        for week, done in weekly:
            day = week.date() if isinstance(week, dt.datetime) else week
            done_by_week[day] = done_by_week.get(day, 0) + done
        # Everything done before the window is the starting point of the burn-up.
        cumulative = sum(n for week, n in done_by_week.items() if week < first)
    points = []
    path = task_list_path()
    for i in range(TREND_WEEKS):
        monday = first + dt.timedelta(weeks=i)
        done = done_by_week.get(monday, 0)
        cumulative += done
        params = [
            ("status", Status.DONE),
            ("completed_after", monday.isoformat()),
            ("completed_before", _plus(monday, 6)),
        ]
        points.append(
            WeekPoint(
                week_start=monday,
                done=done,
                cumulative=cumulative,
                url=task_list_url(merge_params(base, params), path),
            )
        )
    return points


def dashboard_filters_parse(
    params: dict[str, str], user: User
) -> tuple[DashboardFilters, list[str]]:
    """Read report / year / department; unknown values are reported, not 500s.
    A report the user may not see is unknown to them."""
    errors: list[str] = []
    report = department = None
    year = None
    if params.get("report"):
        report_id = _int(params["report"])
        report = (
            Report.objects.visible_to(user).filter(pk=report_id).first()
            if report_id is not None
            else None
        )
        if report is None:
            errors.append("所选报告不存在。")
    if params.get("department"):
        department_id = _int(params["department"])
        department = (
            Department.objects.filter(pk=department_id).first()
            if department_id is not None
            else None
        )
        if department is None:
            errors.append("所选单位不存在。")
    if params.get("year"):
        year = _int(params["year"])
        if year is None or not 2000 <= year <= 2100:
            errors.append("年度应为 2000 至 2100 之间的四位数字。")
            year = None
    return DashboardFilters(report=report, year=year, department=department), errors


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
