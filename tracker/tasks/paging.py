"""Task lists at a million rows: keyset pages and counts that do not scan.

Keyset (cursor) pagination: a page is "the next 50 rows after the last one
shown", a range read from the index that matches the list order (one per
sort, migration tasks 0003), so page 2,000 costs what page 1 costs. OFFSET
would read and throw away every row before the page.

Counts: ``list_count`` never counts more than ``COUNT_CAP`` rows. Beyond
that it gives the planner's estimate, flagged as such ("约"); the exact
number is there on demand (``count=exact``); the estimate of a large list is
reused for a minute per scope and filter (the ``counts`` cache). The whole
table for a user who sees everything is read from the dashboard's group
tally, exactly.

Deadlines are sorted with "no deadline" last (ascending) or first
(descending): the sort key is ``coalesce(due_on, 9999-12-31)``, so that one
btree range serves every page, tasks without a deadline included.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Count, Expression, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from tracker.reporting.models import TaskGroupTally, TaskStatusTally
from tracker.tasks.count_cache import CountsCache
from tracker.tasks.filters import estimating
from tracker.tasks.models import DUE_KEY, FAR_FUTURE, Task

PAGE_SIZE = 50
COUNT_CAP = 2000


def due_key() -> Coalesce:
    """The deadline as a sort key: no deadline sorts after every date."""
    return DUE_KEY.copy()


# Each list order as (key, descending) pairs, always ending in id. The
# indexes in Task.Meta match them one for one.
SORTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "due_on": (("due_key", False), ("id", False)),
    "-due_on": (("due_key", True), ("id", True)),
    "priority": (("priority", True), ("due_key", False), ("id", False)),
    "progress": (("progress", False), ("id", False)),
    "-progress": (("progress", True), ("id", False)),
    "updated": (("updated_at", True), ("id", True)),
    "status": (("status", False), ("due_key", False), ("id", False)),
}
DEFAULT_SORT = "due_on"


class BadCursor(ValueError):
    """The cursor parameter is not one this server wrote."""

    message = _("分页参数无效，请从第一页重新浏览。")


def sorted_tasks(queryset: QuerySet[Task], sort: str) -> QuerySet[Task]:
    spec = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if "due_key" not in queryset.query.annotations:  # the API's rows have it already
        queryset = queryset.alias(due_key=due_key())
    return queryset.order_by(
        *[F(key).desc() if descending else F(key).asc() for key, descending in spec]
    )


class RowCompare(Expression):
    """``(a, b, c) > (x, y, z)``: a row comparison PostgreSQL answers as one
    index range (SQLite understands it too)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, keys: Sequence[Any], operator: str, values: Sequence[Any]) -> None:
        super().__init__()
        self.keys = list(keys)
        self.operator = operator
        self.values = list(values)

    def get_source_expressions(self) -> list[Any]:
        return self.keys

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.keys = list(exprs)

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        parts, params, values = [], [], []
        for key, value in zip(self.keys, self.values, strict=True):
            sql, key_params = compiler.compile(key)
            parts.append(sql)
            params.extend(key_params)
            # As the field would store it (SQLite compares datetimes as text).
            values.append(key.output_field.get_db_prep_value(value, connection, prepared=False))
        placeholders = ", ".join(["%s"] * len(values))
        return f"({', '.join(parts)}) {self.operator} ({placeholders})", [*params, *values]


def after_condition(
    spec: Sequence[tuple[str, bool]], values: Sequence[Any], backwards: bool
) -> Any:
    """Rows after ``values`` in the order ``spec`` (before them if ``backwards``)."""
    directions = {descending for _, descending in spec}
    if len(directions) == 1:
        descending = directions.pop()
        operator = "<" if descending != backwards else ">"
        return RowCompare([F(key) for key, _ in spec], operator, values)
    # Mixed directions: a OR of "equal so far, then beyond" terms.
    condition = Q(pk__in=[])
    for i, (key, descending) in enumerate(spec):
        lookup = "lt" if descending != backwards else "gt"
        term = Q(**{f"{key}__{lookup}": values[i]})
        for j in range(i):
            term &= Q(**{spec[j][0]: values[j]})
        condition |= term
    return condition


_DECODERS: dict[str, Any] = {
    "due_key": dt.date.fromisoformat,
    "updated_at": parse_datetime,
    "priority": int,
    "progress": int,
    "status": str,
    "id": int,
}


def _row_values(task: Task, spec: Sequence[tuple[str, bool]]) -> list[Any]:
    values: list[Any] = []
    for key, _descending in spec:
        value = (task.due_on or FAR_FUTURE) if key == "due_key" else getattr(task, key)
        values.append(value)
    return values


def encode_cursor(sort: str, values: Sequence[Any], backwards: bool) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values]
    raw = json.dumps([sort, "b" if backwards else "f", plain], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[list[Any], bool]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, direction, plain = json.loads(raw)
        spec = SORTS[cursor_sort]
        if cursor_sort != sort or direction not in ("f", "b") or len(plain) != len(spec):
            raise BadCursor
        values = [_DECODERS[key](value) for (key, _), value in zip(spec, plain, strict=True)]
        if any(v is None for v in values):
            raise BadCursor
    except (BadCursor, ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise BadCursor from None
    return values, direction == "b"


@dataclass
class KeysetPage:
    """One page of a list, with the cursors of its neighbours."""

    tasks: list[Task]
    sort: str
    next_cursor: str | None
    previous_cursor: str | None
    count: int = 0
    count_estimated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Any:
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)


MAX_OFFSET = 2**62


def page_queryset(
    queryset: QuerySet[Task],
    sort: str,
    values: Sequence[Any] | None,
    backwards: bool,
    reader: Callable[[Any], QuerySet[Task]] | None = None,
) -> QuerySet[Task]:
    """``queryset`` in the order ``sort``, after (before, if ``backwards``) the
    cursor's ``values`` when given, read by ``reader``: a keyset page unsliced."""
    ordered = sorted_tasks(queryset, sort)
    if values is not None:
        ordered = ordered.filter(after_condition(SORTS[sort], values, backwards))
        if backwards:
            ordered = ordered.reverse()
    if reader is not None:
        ordered = reader(ordered)
    return ordered


def keyset_page(
    queryset: QuerySet[Task],
    *,
    sort: str = DEFAULT_SORT,
    cursor: str | None = None,
    page_number: int | None = None,
    size: int = PAGE_SIZE,
    reader: Callable[[Any], QuerySet[Task]] | None = None,
    prepared: Callable[[str, list[Any] | None, bool, int], list[Task] | None] | None = None,
) -> KeysetPage:
    """The page after (or before) ``cursor``; without one the first page, or
    — for old links — the numbered page read with OFFSET. ``reader`` turns the
    ordered queryset into the one that reads the page (e.g. ``selectors.api_rows``).
    ``prepared(sort, cursor values or None, backwards, limit)`` may read a keyset
    page itself (``tracker.tasks.prepared``: the same query, compiled once per
    process); when it answers None the page is read from ``queryset``."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    spec = SORTS[sort]
    backwards = False
    offset = 0
    values: list[Any] | None = None
    if cursor:
        values, backwards = decode_cursor(cursor, sort)
    elif page_number and page_number > 1:
        offset = (page_number - 1) * size
    rows = None
    if prepared is not None and offset == 0:
        rows = prepared(sort, values, backwards, size + 1)
    if rows is None:
        ordered = page_queryset(queryset, sort, values, backwards, reader)
        # A page number past any list (?page=5412878552703452160 from schemathesis) is an
        # empty page: such an OFFSET does not fit the databases' 64-bit integer (a 500).
        rows = list(ordered[offset : offset + size + 1]) if offset < MAX_OFFSET else []
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    has_next = more if not backwards else True
    has_previous = (more if backwards else bool(cursor)) or offset > 0
    return KeysetPage(
        tasks=rows,
        sort=sort,
        next_cursor=encode_cursor(sort, _row_values(rows[-1], spec), False)
        if rows and has_next
        else None,
        previous_cursor=encode_cursor(sort, _row_values(rows[0], spec), True)
        if rows and has_previous
        else None,
    )


# How long "this list has more than COUNT_CAP rows, about N" is reused for the
# same scope and filter (see list_count).
COUNT_CACHE_SECONDS = 60


def _count_key(counted: QuerySet[Any]) -> str:
    """The cache key of a count: its SQL and parameters, which hold the visible
    scope (a division user's own condition; nothing for who sees everything) and
    every filter — never shared between scopes that could differ. Of the ids
    only: the API's rows would compile their columns and subqueries for it."""
    return count_key(*counted.values("pk").query.sql_with_params())


def count_key(sql: str, params: tuple[Any, ...]) -> str:
    """The cache key of the count of the ids ``sql`` reads with ``params``."""
    digest = hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
    return f"list-count:{digest}"


# The prepared statements a list may read its counts from (tracker.tasks.prepared):
# prepared("statuses") is the status chips' sample, prepared("ids") the count
# key's query, prepared("capped") capped_count's and prepared("plan")
# explain_plan's; each (SQL, parameters), or None when the list has none.
Statements = Callable[[str], tuple[str, tuple[Any, ...]] | None]


# A search the planner puts at this many rows or more is answered with that
# estimate ("约 N") without counting: its capped count is a sequential scan
# (ILIKE on the title and description of the rows read until 2,001 match,
# ~20,000 rows for a common four-character term at 1M: 27-70 ms), since no
# index yields the matches in a useful order. Ten times the cap: the planner's
# estimate of an ILIKE comes from ~100 sampled values of each column, so a
# term this frequent in the sample is unlikely to have 2,000 matches or fewer.
TRUSTED_ESTIMATE = 20_000


def _estimate(counted: QuerySet[Any], prepared: Statements | None = None) -> int:
    statement = prepared("plan") if prepared is not None else None
    if statement is not None:  # explain_plan's statement, compiled once
        with connections[counted.db].cursor() as cursor:
            cursor.execute(*statement)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
    else:
        plan = json.loads(explain_plan(counted))
    return int(plan[0]["Plan"]["Plan Rows"])


def explain_plan(counted: QuerySet[Any]) -> str:
    """The planner's estimate of ``counted``'s ids (EXPLAIN, JSON)."""
    with estimating():  # a two-character search as its bigram condition alone
        return counted.values("pk").explain(format="json")


def capped_count(counted: QuerySet[Any]) -> int:
    """How many rows ``counted`` has, counting no more than COUNT_CAP + 1."""
    return counted.values("pk")[: COUNT_CAP + 1].count()


def _known_large(
    counted: QuerySet[Any], *, searched: bool, prepared: Statements | None = None
) -> tuple[int | None, str | None, int | None]:
    """(the estimate, or None; the cache key; the planner's estimate if asked).
    The estimate is known when the count cache holds it, or — for a search —
    when the planner's estimate is TRUSTED_ESTIMATE or more (then kept in the
    cache as a counted one is)."""
    statement = prepared("ids") if prepared is not None else None
    try:
        key = count_key(*statement) if statement is not None else _count_key(counted)
    except EmptyResultSet:  # none(), pk__in=[]: no SQL to run, nothing to count
        return None, None, None
    cache = caches["counts"]
    try:
        # In Redis: one GET on a client kept by the cache (count_cache), not
        # Django's get (a new client each call, ~800 function calls).
        cached = cache.read_count(key) if isinstance(cache, CountsCache) else cache.get(key)
    except RedisError:  # the cache is an optimisation: count without it
        cached = None
    if cached is not None:
        return int(cached), key, None
    if searched:
        estimate = _estimate(counted, prepared)
        if estimate >= TRUSTED_ESTIMATE:
            _keep(key, estimate)
            return estimate, key, estimate
        return None, key, estimate
    return None, key, None


def _keep(key: str, estimate: int) -> None:
    try:
        caches["counts"].set(key, estimate, COUNT_CACHE_SECONDS)
    except RedisError:
        pass


WHOLE_COUNT_SQL = f"select coalesce(sum(total), 0) from {TaskGroupTally._meta.db_table}"  # noqa: S608
STATUS_TALLY_SQL = f"select status, sum(n) from {TaskStatusTally._meta.db_table} group by status"  # noqa: S608


def list_count(
    queryset: QuerySet[Any],
    *,
    exact: bool = False,
    searched: bool = False,
    prepared: Statements | None = None,
    part: bool = False,
) -> tuple[int, bool]:
    """(number of rows, is it an estimate). Reads at most COUNT_CAP + 1 rows
    unless ``exact``; on SQLite always exact.

    A set larger than COUNT_CAP is answered with the planner's estimate, flagged;
    that outcome is kept COUNT_CACHE_SECONDS in the ``counts`` cache (Redis when
    configured) per scope and filter, so the next request for the same list
    does not read 2,001 rows again (a common search term: ~40 ms at a million
    tasks). Only estimates are kept: a count up to COUNT_CAP is always counted
    afresh and exact. So a list that shrinks below the cap may still be shown
    as an estimate for up to COUNT_CACHE_SECONDS; ``exact`` never uses the cache.
    A search (``searched``: the list has a 关键词) the planner puts at
    TRUSTED_ESTIMATE rows or more is not counted at all (see there).
    ``prepared`` may give the cache key's query (``Statements``). ``part``:
    the caller knows the list is not every task (a scope of the task list), so
    its conditions are not looked at — with ``prepared``, a queryset built on
    demand (``views.task_list``) is then built only if the cache does not
    know the count."""
    counted = queryset.order_by()
    if exact or connection.vendor != "postgresql":
        return counted.count(), False
    if not part and counted.model is Task and not counted.query.where:
        # Every task: the group tally (~2,800 rows at a million tasks; the
        # finer TaskTally has ~42,000) holds the number, exactly. One fixed
        # statement: the ORM's aggregate() cost ~540 function calls a page.
        with connections[TaskGroupTally.objects.db].cursor() as cursor:
            cursor.execute(WHOLE_COUNT_SQL)
            return int(cursor.fetchone()[0]), False
    known, key, planned = _known_large(counted, searched=searched, prepared=prepared)
    if key is None:
        return 0, False
    if known is not None:
        return known, True
    statement = prepared("capped") if prepared is not None else None
    if statement is not None:  # capped_count's statement, compiled once
        with connections[counted.db].cursor() as cursor:
            cursor.execute(*statement)
            capped = int(cursor.fetchone()[0])
    else:
        capped = capped_count(counted)
    if capped <= COUNT_CAP:
        return capped, False
    # A search's plan was read above: not again.
    estimate = max(planned if planned is not None else _estimate(counted, prepared), COUNT_CAP + 1)
    _keep(key, estimate)
    return estimate, True


@dataclass
class StatusCounts:
    """Tasks per status for the list's status chips. ``by_status`` is None
    when the set is larger than COUNT_CAP and only an estimate of the total
    is known (``exact=True`` counts anyway)."""

    by_status: dict[str, int] | None
    total: int
    estimated: bool


def status_counts(
    queryset: QuerySet[Task],
    *,
    exact: bool = False,
    searched: bool = False,
    prepared: Statements | None = None,
    part: bool = False,
    whole: bool = False,
) -> StatusCounts:
    """The chips' numbers; ``searched`` as for list_count: a search the
    planner puts at TRUSTED_ESTIMATE rows or more reads no sample.
    ``prepared`` may give the sample's and the count key's queries
    (``Statements``: the same SQL, compiled once per process); ``part`` as
    for list_count. ``whole``: the caller knows the list is every task (scope
    "all" without a filter), so the queryset is not looked at (with
    ``views.task_list``'s deferred one, not built) to choose the tally."""
    counted = queryset.order_by()
    if exact or connection.vendor != "postgresql":
        by_status = dict(counted.values_list("status").annotate(n=Count("id")))
        return StatusCounts(by_status, sum(by_status.values()), False)
    if whole or (not part and not counted.query.where):
        # Every task: the status tally (~1,500 rows at a million tasks), by one
        # fixed statement (the ORM's aggregate was ~700 function calls a page).
        with connections[TaskStatusTally.objects.db].cursor() as cursor:
            cursor.execute(STATUS_TALLY_SQL)
            by_status = {status: int(n) for status, n in cursor.fetchall() if n}
        return StatusCounts(by_status, sum(by_status.values()), False)
    if searched:
        known, _key, _planned = _known_large(counted, searched=True)
        if known is not None:
            return StatusCounts(None, known, True)
    statement = prepared("statuses") if prepared is not None else None
    if statement is not None:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(*statement)
            sample = [status for (status,) in cursor.fetchall()]
    else:
        sample = list(counted.values_list("status", flat=True)[: COUNT_CAP + 1])
    if len(sample) <= COUNT_CAP:
        return StatusCounts(dict(Counter(sample)), len(sample), False)
    total, _estimated = list_count(queryset, searched=searched, prepared=prepared, part=part)
    return StatusCounts(None, total, True)
