"""The task lists' page query, compiled once per process for its common shapes.

Compiling a list page's query (the API's 30 names and two subqueries or the
HTML table's columns, the visibility rule, the scope, the order and the
cursor's row comparison) cost ~2,600-3,500 function calls on every request
(issue #17). For a list without any filter parameter — page 1 and every cursor
page of the API's whole list or of an HTML scope, the commonest requests — the
SQL depends only on its *shape*: whether the user sees everything, how many
departments are in the user's scope, the sort, the cursor's direction and the
page size. Each shape is compiled once, by the ordinary code
(``paging.page_queryset`` over ``selectors.api_rows`` or ``views.scope_queryset``
read by ``selectors.table_rows``), for a stand-in user whose id, department and
departments in scope, and with cursor values, that are sentinels: the
sentinels' places among the parameters are where a request's own values go. A
shape whose SQL holds a sentinel as text, or whose cursor values do not all come
out as parameters, is never prepared: such requests are read through the ORM.

PostgreSQL only; anything else (filters, ``?page=``, the "updated" sort whose
cursor holds a timestamp the ORM would adapt, a user the rule shows nothing) is
read through the ORM as before. tests/tracker/test_prepared_page.py compares the
pages of every role, sort and scope, forwards and back, with the ORM's.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections

from tracker.org.models import Department
from tracker.reporting.models import TaskStatusTally
from tracker.tasks import paging
from tracker.tasks.filters import caseless, clean_filters, like_pattern, pair_left_out
from tracker.tasks.models import Task
from tracker.tasks.paging import SORTS, page_queryset
from tracker.tasks.selectors import TaskRows, api_rows, table_rows
from tracker.tasks.sentinels import (
    Converters,
    Statement,
    _as_built,
    _kept,
    converters_of,
    fill,
    row_names,
    run_converted,
    sent,
    slots_of,
    stand_in_for,
    statement,
    user_shape,
)

# Sorts whose cursor values reach the database as decoded (dates, integers, text).
PREPARED_SORTS = frozenset(sort for sort in SORTS if sort != "updated")

# The API list's filters that may be prepared (the bench's "filtered" and
# search requests): a lead department (its id a sentinel), statuses (each a
# sentinel) and a 关键词 (a sentinel of its length class).
_FILTER_DEPARTMENT = 2_100_000_601
PREPARED_FILTERS = frozenset({"status", "lead_department", "q"})
# A 关键词's sentinel per length class (text_search_q writes one, two, and three
# or more characters differently) and whether it is ``caseless`` (matched by
# LIKE, not ILIKE): U+2063 is not, private use U+E000 is. Each holds the
# characters like_pattern escapes that its length allows, so that a pattern
# escaped another way would not be recognised as the sentinel's.
_SEARCH = {
    (1, False): "\u2063",
    (2, False): "\u2063%",
    (3, False): "\u2063%_\\",
    (1, True): "\ue000",
    (2, True): "\ue000%",
    (3, True): "\ue000%_\\",
}
# How the ORM may pass a 关键词 to the database: as it is (the bigram
# condition's lower(%s)) or as an ILIKE pattern (TrigramContains). A request's
# term goes through the same function.
_DERIVED: tuple[Callable[[str], str], ...] = (like_pattern,)


def _cursor_value(key: str, i: int) -> Any:
    if key == "due_key":
        return dt.date(1, 1, 1 + i)
    if key == "status":
        return f"\u2063sentinel-{i}"
    if key == "id":
        return 2_100_002_001 + i
    return 32_001 + i  # priority, progress: small integers


def _status_sentinel(i: int) -> str:
    return f"\u2063status-{i}"


def api_filters(
    params: Any, filterset: Any, validated: Any = None
) -> tuple[tuple[Any, ...], list[Any]] | None:
    """(the filter shape, the request's values in sentinel order) of an API
    list request whose filter parameters (among ``filterset``'s, TaskFilter's
    filters) are only a lead department, statuses and a 关键词, valid; None
    for any other filter or an invalid value (the ORM reads it, the FilterSet's
    form answers the 400, as before). The values are what the form's fields
    clean them to: ``filters.clean_filters``, or what the form of
    ``validated``, the FilterSet that validated the request, cleaned."""
    present = [name for name in filterset.base_filters if name in params]
    if not present:
        return (), []
    if not set(present) <= PREPARED_FILTERS:
        return None
    if validated is not None:
        cleaned = validated.form.cleaned_data
    else:
        cleaned = clean_filters(filterset, params, present)
        if cleaned is None:
            return None
    spec: list[Any] = []
    values: list[Any] = []
    for name in present:
        if name == "status":
            # MultipleChoiceFilter ORs one condition per distinct value.
            chosen = list(dict.fromkeys(cleaned["status"]))
            if chosen:
                spec.append(("status", len(chosen)))
                values.extend(chosen)
        elif name == "q":
            # filter_text strips the (form-stripped) term; empty is no filter.
            term = cleaned["q"].strip()
            if term:
                spec.append(("q", min(len(term), 3), caseless(term)))
                values.append(term)
        else:
            # The form's department, or None (no filter).
            department = cleaned["lead_department"]
            if department is None:
                continue
            spec.append(("lead_department",))
            values.append(department.pk)
    return tuple(spec), values


def _filtered(queryset: Any, spec: tuple[Any, ...], filters: dict[str, Any]) -> Any:
    """``queryset`` filtered as TaskFilter filters it (its own filter objects,
    in its order), with sentinels for the values ``spec`` names."""
    for item in spec:
        if item[0] == "status":
            queryset = filters["status"].filter(
                queryset, [_status_sentinel(i) for i in range(item[1])]
            )
        elif item[0] == "q":
            queryset = filters["q"].filter(queryset, _SEARCH[item[1:]])
        else:
            queryset = filters["lead_department"].filter(
                queryset, Department(pk=_FILTER_DEPARTMENT)
            )
    return queryset


def _filter_sentinels(spec: tuple[Any, ...]) -> list[Any]:
    sentinels: list[Any] = []
    for item in spec:
        if item[0] == "status":
            sentinels.extend(_status_sentinel(i) for i in range(item[1]))
        elif item[0] == "q":
            sentinels.append(_SEARCH[item[1:]])
        else:
            sentinels.append(_FILTER_DEPARTMENT)
    return sentinels


@dataclass(frozen=True)
class Prepared:
    sql: str
    # For each parameter: (None, the constant) or (the index of the request's
    # value, the type the ORM gave it or None).
    slots: tuple[tuple[int | None, Any], ...]
    names: tuple[str, ...]
    converters: Converters
    rows: type[TaskRows]


# (database alias, list, shape, sort, direction, limit) -> (the code of the
# list's read, its Prepared or None: not preparable), kept by sentinels._kept.
_PREPARED: dict[tuple[Any, ...], tuple[Any, Prepared | None]] = {}
# How often a shape was compiled (tests read it).
compiled: list[tuple[Any, ...]] = []


def _build(
    user: Any,
    db: str,
    shape: tuple[Any, ...],
    sort: str,
    backwards: bool | None,
    limit: int,
    read: Callable[[Any], Any],
    reader: Callable[[Any], Any] | None,
    filter_sentinels: list[Any],
) -> Prepared | None:
    stand_in, sentinels = stand_in_for(user, shape)
    # The filters' sentinels (their values are the request's), then the cursor's.
    required = set(range(len(sentinels), len(sentinels) + len(filter_sentinels)))
    sentinels.extend(filter_sentinels)
    values = None
    if backwards is not None:
        values = [_cursor_value(key, i) for i, (key, _descending) in enumerate(SORTS[sort])]
        required |= set(range(len(sentinels), len(sentinels) + len(values)))
        sentinels.extend(values)
    ordered = page_queryset(read(stand_in), sort, values, bool(backwards), reader)[:limit]
    query = ordered.query
    compiler = query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    slots = slots_of(sql, params, sentinels, required, _DERIVED)
    if slots is None:
        return None
    rows = ordered._iterable_class
    if not (isinstance(rows, type) and issubclass(rows, TaskRows)):
        return None
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    return Prepared(
        sql=sql,
        slots=slots,
        names=row_names(query),
        converters=converters_of(compiler, fields),
        rows=rows,
    )


def _api_read(user: Any) -> Any:
    return api_rows(user).order_by("due_on", "id")


def _api_filtered(spec: tuple[Any, ...], stand_in: Any) -> Any:
    """The API's list for ``stand_in`` with the filters ``spec`` names applied
    to sentinels by the FilterSet's own filter objects (copies), as its qs
    applies them. The 关键词's filter is a method of the FilterSet: for it the
    copies are an (empty) FilterSet's, bound to it."""
    from tracker.tasks.filters import TaskFilter

    if any(item[0] == "q" for item in spec):
        filters = TaskFilter().filters
    else:
        filters = copy.deepcopy(TaskFilter.base_filters)
    return _filtered(_api_read(stand_in), spec, filters)


def api_page(
    user: Any,
    db: str,
    sort: str,
    values: list[Any] | None,
    backwards: bool,
    limit: int,
    filters: tuple[tuple[Any, ...], list[Any]] = ((), []),
) -> list[Task] | None:
    """The first ``limit`` tasks of the API's list (``TaskViewSet``, without
    filters or with the ``filters`` ``api_filters`` found) for ``user`` in the
    order ``sort`` after (before) the cursor's ``values``, as ``api_rows``
    reads them; None when this request is not of a prepared shape."""
    spec, filter_values = filters
    if not spec:
        return page(("api",), _api_read, None, False, user, db, sort, values, backwards, limit)
    list_key: tuple[Any, ...] = ("api", spec)
    if pair_left_out() and any(item[0] == "q" and item[1] == 2 for item in spec):
        # A frequent two-character 关键词 (filters.frequent_pair): its own SQL.
        list_key = ("api", spec, "frequent")
    return page(
        list_key,
        partial(_api_filtered, spec),
        None,
        False,
        user,
        db,
        sort,
        values,
        backwards,
        limit,
        (_filter_sentinels(spec), filter_values),
    )


def table_page(
    scope: str,
    scope_queryset: Callable[[Any, str], Any],
    user: Any,
    db: str,
    sort: str,
    values: list[Any] | None,
    backwards: bool,
    limit: int,
) -> list[Task] | None:
    """The same for the HTML task list's ``scope`` (``scope_queryset(user,
    scope)``, the view's, passed in) without filters, read as the table's rows
    (``selectors.table_rows``)."""
    return page(
        ("table", scope),
        lambda u: scope_queryset(u, scope),
        table_rows,
        scope == "division",
        user,
        db,
        sort,
        values,
        backwards,
        limit,
    )


def page(
    list_key: tuple[Any, ...],
    read: Callable[[Any], Any],
    reader: Callable[[Any], Any] | None,
    scoped: bool,
    user: Any,
    db: str,
    sort: str,
    values: list[Any] | None,
    backwards: bool,
    limit: int,
    filtered: tuple[list[Any], list[Any]] = ([], []),
) -> list[Task] | None:
    """A keyset page of ``reader(read(user))`` from its prepared query: the
    list ``list_key`` names must be ``read(user)`` whatever the user, that is
    the view applies no filter of the request's own but the ``filtered``
    (sentinels, the request's values) that ``read`` applies and the key names.
    The key is kept by ``sentinels._kept``: another ``read`` under the same
    key is refused (``KeyClash``)."""
    connection = connections[db]
    if connection.vendor != "postgresql" or sort not in PREPARED_SORTS:
        return None
    found = user_shape(user, scoped)
    if found is None:
        return None
    shape, real = found
    direction = None if values is None else backwards
    prepared: Prepared | None = _kept(
        _PREPARED,
        (db, list_key, shape, sort, direction, limit),
        lambda: _build(user, db, shape, sort, direction, limit, read, reader, filtered[0]),
        _as_built,
        by=read,
        log=compiled,
    )
    if prepared is None:
        return None
    real = [*real, *filtered[1]]
    if values is not None:
        real = [*real, *values]
    fetched = run_converted(db, prepared.sql, fill(prepared.slots, real), prepared.converters)
    return prepared.rows.build(prepared.names, fetched, db)


def table_statement(
    scope: str,
    scope_queryset: Callable[[Any, str], Any],
    user: Any,
    db: str,
    what: str,
) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, the request's parameters) of the HTML task list's ``scope``
    without filters (``scope_queryset(user, scope)``, unordered) read as
    ``what``: "statuses", its tasks' statuses, at most COUNT_CAP + 1 (the
    status chips' sample, ``paging.status_counts``); "ids", its ids (the
    count cache's key is made of that SQL and its parameters). None when the
    request is not of a prepared shape."""
    if what not in ("statuses", "ids"):
        return None
    limit = paging.COUNT_CAP + 1

    def read(stand_in: Any) -> Any:
        counted = scope_queryset(stand_in, scope).order_by()
        if what == "statuses":
            return counted.values_list("status", flat=True)[:limit]
        return counted.values("pk")

    return statement(("table", scope, what, limit), read, user, db, scope == "division")


# (database alias, filter shape, shape) -> (the code that built it, the
# Statement of the API list's ids query — the count cache's key — or None: not
# preparable), kept by sentinels._kept; how often one was compiled (tests read it).
_COUNT_KEYS: dict[tuple[Any, ...], tuple[Any, Statement | None]] = {}
compiled_counts: list[tuple[Any, ...]] = []


def api_statement(
    user: Any, db: str, filters: tuple[tuple[Any, ...], list[Any]], what: str
) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, the request's parameters) of the API's list for ``user`` with the
    ``filters`` ``api_filters`` found, read as ``what``: "ids", its ids
    unordered (the count cache's key is made of that SQL and its parameters,
    ``paging.Statements``); "capped", ``paging.capped_count``'s statement;
    "plan", ``paging.explain_plan``'s. Compiled once per shape (kept by
    ``sentinels._kept``, as the pages); None for anything else or when the
    request is not of a prepared shape."""
    if what not in ("ids", "capped", "plan") or connections[db].vendor != "postgresql":
        return None
    found = user_shape(user, False)
    if found is None:
        return None
    shape, real = found
    spec, filter_values = filters
    if what == "capped" and shape[0] == "all":
        tallied = _tally_capped(spec, filter_values)
        if tallied is not None:
            return tallied
    key: tuple[Any, ...] = (db, spec, shape)
    if what == "ids":
        store, log = _COUNT_KEYS, compiled_counts
    else:
        key = (*key, what, paging.COUNT_CAP)  # the capped count's LIMIT is in its SQL
        store, log = _COUNTS, None
    built: Statement | None = _kept(
        store,
        key,
        lambda: _count_statement(user, db, shape, spec, what),
        _as_built,
        by=_api_filtered,
        log=log,
    )
    if built is None:
        return None
    sql, slots = built
    return sql, tuple(fill(slots, [*real, *filter_values]))


def _count_statement(
    user: Any, db: str, shape: tuple[Any, ...], spec: tuple[Any, ...], what: str
) -> Statement | None:
    """``api_statement``'s statement for the ``shape`` of user, compiled from
    the API's list (``_api_filtered``) for a stand-in."""
    stand_in, sentinels = stand_in_for(user, shape)
    filter_sentinels = _filter_sentinels(spec)
    required = set(range(len(sentinels), len(sentinels) + len(filter_sentinels)))
    sentinels.extend(filter_sentinels)
    counted = _api_filtered(spec, stand_in).order_by()
    if what == "ids":
        try:
            captured = counted.values("pk").query.get_compiler(using=db).as_sql()
        except EmptyResultSet:
            return None
    else:
        run = paging.capped_count if what == "capped" else paging.explain_plan
        captured = sent(db, partial(run, counted))
        if captured is None:
            return None
    slots = slots_of(captured[0], captured[1], sentinels, required, _DERIVED)
    return None if slots is None else Statement(captured[0], slots)


# The status tally's capped sum per filter shape (_tally_capped).
_TALLY_SQL: dict[tuple[Any, ...], str] = {}


def _tally_capped(spec: tuple[Any, ...], values: list[Any]) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, parameters) of ``paging.capped_count`` of every task filtered by
    a lead department and/or statuses only — what a user who sees everything
    lists — read from TaskStatusTally: tasks per (lead department, status),
    kept exact by the task table's trigger in the writing transaction, so the
    sum is the count (capped as capped_count caps it). The ORM's count walked
    the department's tasks of those statuses (~1 ms at 200,000 tasks for 430
    of them, on every request: a count up to COUNT_CAP is never cached). None
    for any other filter (a 关键词: the tally knows no text)."""
    if not spec or any(item[0] not in ("lead_department", "status") for item in spec):
        return None
    if spec not in _TALLY_SQL:
        conditions = []
        for item in spec:
            if item[0] == "status":
                conditions.append(f"status in ({', '.join(['%s'] * item[1])})")
            else:
                conditions.append("lead_department_id = %s")
        table = TaskStatusTally._meta.db_table
        _TALLY_SQL[spec] = (
            f"select least(coalesce(sum(n), 0), %s) from {table} "  # noqa: S608
            f"where {' and '.join(conditions)}"
        )
    return _TALLY_SQL[spec], (paging.COUNT_CAP + 1, *values)


# (database alias, filter shape, shape, "capped" or "plan", COUNT_CAP) -> (the
# code that built it, its Statement or None), kept by sentinels._kept.
_COUNTS: dict[tuple[Any, ...], tuple[Any, Statement | None]] = {}


def api_request(request: Any, filterset: Any, db: str) -> tuple[tuple[Any, ...], list[Any]] | None:
    """The request's filters (``api_filters``) when the API's list request can
    be answered wholly from prepared statements — PostgreSQL, a user of a
    prepared shape, a prepared sort, no page beyond the first, no exact count —
    and its filter parameters are valid: TaskFilter's form fields clean them
    (``filters.clean_filters``, the form's own validation; a lead department by
    the form's own query). None otherwise: the view then builds the FilterSet,
    which validates (a bad value's 400 is its own) and filters, as before."""
    params = request.query_params
    if connections[db].vendor != "postgresql" or user_shape(request.user, False) is None:
        return None
    # (Each looked up only if given: a QueryDict's get is three calls.)
    sort = params.get("sort") if "sort" in params else paging.DEFAULT_SORT
    if sort not in PREPARED_SORTS:
        return None
    if "page" in params and params.get("page") not in ("", "1"):
        return None
    if "count" in params and params.get("count") == "exact":
        return None
    return api_filters(params, filterset)
