"""Queries compiled once per process for a stand-in user, answered for any user.

Compiling a query through the ORM costs thousands of function calls; for the
task lists' commonest requests (tracker.tasks.prepared) and the task list's
report options the SQL depends only on the *shape* of the user — whether they
see everything, how many departments are in their scope — not on the values.
Such a query is compiled once for a stand-in whose id, department and
departments in scope are sentinels; the sentinels' places among the parameters
are where a request's own values go. A query whose SQL holds a sentinel as text
is never prepared (it would answer for every user).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import signals

from tracker.tasks.models import user_department_ids

# Sentinels: values no constant of the query holds, each within its column's
# range (Django answers a lookup beyond an integer column's range with an empty
# result instead of a parameter).
USER = 2_100_000_001
DEPARTMENT = 2_100_000_501
MARKS = ("2100000", "0001-01-0", "\u2063", "3200")


# A compiled statement's column converters: (position, converters, expression).
Converters = tuple[tuple[int, tuple[Any, ...], Any], ...]


def converters_of(compiler: Any, fields: list[Any]) -> Converters:
    """``compiler.get_converters(fields)`` kept as a tuple with the statement."""
    return tuple(
        (pos, tuple(convs), expression)
        for pos, (convs, expression) in compiler.get_converters(fields).items()
    )


def run_converted(db: str, sql: str, params: Any, converters: Converters) -> list[Any]:
    """The statement's rows with each column's converters applied, as the ORM's
    iterables apply them (rows stay the cursor's tuples when there are none)."""
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not converters:
        return fetched
    converted = []
    for fetched_row in fetched:
        row = list(fetched_row)
        for pos, convs, expression in converters:
            value = row[pos]
            for convert in convs:
                value = convert(value, expression, connection)
            row[pos] = value
        converted.append(row)
    return converted


def department_sentinel(i: int) -> int:
    return 2_100_001_001 + i


def identity(value: Any) -> tuple[type, Any]:
    # Integers compare as int: the ORM hands psycopg Int2/Int4 subclasses.
    if isinstance(value, int) and not isinstance(value, bool):
        return int, int(value)
    return type(value), value


def user_shape(user: Any, scoped: bool) -> tuple[tuple[Any, ...], list[Any]] | None:
    """(shape, the user's values in sentinel order: id, department, the
    departments in scope), None for a user the rule shows nothing (the ORM
    answers them, as before). A list not ``scoped`` (by the user's departments)
    reads no department of a user who sees everything: none is looked up."""
    if not user.is_authenticated or not user.is_active or user.is_administrator:
        return None
    kind = "all" if user.sees_everything else "some"
    if user.department_id is None or (kind == "all" and not scoped):
        return (kind, None), [user.pk, None]
    ids = sorted(user_department_ids(user))
    return (kind, len(ids)), [user.pk, user.department_id, *ids]


def sentinels_of(shape: tuple[Any, ...]) -> list[Any]:
    """The stand-in's sentinels for ``shape`` in the order ``user_shape`` gives
    the real values: id, department (None without one), departments in scope."""
    if shape[1] is None:
        return [USER, None]
    return [USER, DEPARTMENT, *(department_sentinel(i) for i in range(shape[1]))]


def stand_in_for(user: Any, shape: tuple[Any, ...]) -> tuple[Any, list[Any]]:
    """A copy of ``user`` whose id, department and departments in scope are
    sentinels (the visibility rule and the scopes read no more of the user),
    and the sentinels in the order ``user_shape`` gives the real values."""
    stand_in = copy.copy(user)
    stand_in.id = USER
    sentinels = sentinels_of(shape)
    stand_in.department_id = sentinels[1]
    stand_in._duban_department_ids = set(sentinels[2:])
    return stand_in, sentinels


def slots_of(
    sql: str,
    params: Any,
    sentinels: list[Any],
    required: set[int],
    derived: tuple[Callable[[str], str], ...] = (),
) -> tuple[tuple[int | None, Any], ...] | None:
    """For each parameter: (None, the constant) or (the sentinel's index, None
    or what turns the request's value into it: the type the ORM gave it, or
    one of the ``derived`` functions the ORM applies to a text value, e.g. a
    LIKE pattern); None if the SQL cannot answer for another user (a sentinel
    written as text, a ``required`` one not a parameter, or a parameter
    holding a text sentinel in a form not recognised)."""
    # A sentinel written into the SQL itself (not a parameter) would answer for
    # every user: such a shape is not prepared.
    if any(mark in sql for mark in MARKS):
        return None
    where: dict[tuple[type, Any], tuple[int, Any]] = {}
    for i, value in enumerate(sentinels):
        if isinstance(value, str):
            for derive in derived:
                where[identity(derive(value))] = (i, derive)
    for i, value in enumerate(sentinels):
        if value is not None:
            where[identity(value)] = (i, None)
    slots: list[tuple[int | None, Any]] = []
    for param in params:
        found = where.get(identity(param))
        if found is None:
            if isinstance(param, str) and "\u2063" in param:
                return None
            slots.append((None, param))
            continue
        slot, derive = found
        if derive is None and type(param) is not type(sentinels[slot]):
            # A value the ORM typed (psycopg's Int2 for a smallint column) is typed so.
            derive = type(param)
        slots.append((slot, derive))
    if not required <= {slot for slot, _ in slots}:
        return None
    return tuple(slots)


def fill(slots: tuple[tuple[int | None, Any], ...], real: list[Any]) -> list[Any]:
    return [
        extra if slot is None else real[slot] if extra is None else extra(real[slot])
        for slot, extra in slots
    ]


class Statement(NamedTuple):
    """A statement compiled once: its SQL and, for each parameter, where the
    request's value goes (``slots_of``)."""

    sql: str
    slots: tuple[tuple[int | None, Any], ...]


# (database alias, key, shape) -> (the code of the function that built the
# query, its Statement or None: not preparable), kept by ``_kept``.
STATEMENTS: dict[tuple[Any, ...], tuple[Any, Statement | None]] = {}


def statement(
    key: tuple[Any, ...], read: Callable[[Any], Any], user: Any, db: str, scoped: bool
) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, ``user``'s parameters) of the queryset ``read(user)``, which must
    read no more of the user than ``user_shape`` gives (``scoped``: the
    departments in scope even of a user who sees everything), compiled once per
    shape under ``key`` (``_kept``: another function's query under the same key
    is refused); None on another database than PostgreSQL, for a user the rules
    show nothing, or where the ORM would run no SQL."""
    if connections[db].vendor != "postgresql":
        return None
    found = user_shape(user, scoped)
    if found is None:
        return None
    shape, real = found
    compiled: Statement | None = _kept(
        STATEMENTS, (db, key, shape), lambda: _compile(user, shape, read, db), _as_built, by=read
    )
    if compiled is None:
        return None
    sql, slots = compiled
    return sql, tuple(fill(slots, real))


def _compile(
    user: Any, shape: tuple[Any, ...], read: Callable[[Any], Any], db: str
) -> Statement | None:
    stand_in, sentinels = stand_in_for(user, shape)
    try:
        sql, params = read(stand_in).query.get_compiler(using=db).as_sql()
    except EmptyResultSet:
        return None
    slots = slots_of(sql, params, sentinels, set())
    return None if slots is None else Statement(sql, slots)


def _as_built(compiled: Any) -> Any:
    """``_kept``'s compile step for a ``build`` that compiles itself."""
    return compiled


@dataclass(frozen=True)
class ModelStatement:
    """A model query compiled once: its SQL, where the request's values go
    among its parameters, and what ``ModelIterable`` reads of the compiler to
    build its instances (the model's columns, ``select_related``'s populators,
    the annotations' places, the columns' converters)."""

    sql: str
    slots: tuple[tuple[int | None, Any], ...]
    model: Any
    init_list: tuple[str, ...]
    start: int
    end: int
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    converters: Converters


class KeyClash(Exception):
    """Two different queries under one key of a kept statement (``_kept``:
    ``model_rows``, ``values_rows``, ``statement``, the task lists' pages and
    counts in ``prepared``): answering one with the other's statement would
    read the wrong rows (or another user's), so neither is answered."""


# Whether every prepared read compiles its queryset again and checks that it
# gives the statement kept under its key (``KeyClash`` if not). Off in
# production, where it would cost the compilation the statements save; the
# tests turn it on (tests/tracker/test_prepared_keys.py) to find a key that
# names more than one query shape.
CHECK_KEYS = False

# (database alias, key) -> (the code of the function that built the query,
# its ModelStatement or None: not preparable).
MODEL_STATEMENTS: dict[tuple[Any, ...], tuple[Any, ModelStatement | None]] = {}
# (database alias, key) -> (the same code, its ValueStatement or None).
VALUES_STATEMENTS: dict[tuple[Any, ...], tuple[Any, ValueStatement | None]] = {}
# How often one was compiled (tests read it).
compiled_models: list[tuple[Any, ...]] = []


def _kept(
    store: dict[tuple[Any, ...], tuple[Any, Any]],
    cache_key: tuple[Any, ...],
    build: Callable[[], Any],
    compile_: Callable[[Any], Any],
    *,
    by: Any = None,
    log: list[tuple[Any, ...]] | None = None,
) -> Any:
    """The statement kept under ``cache_key``, compiled from ``build()`` the
    first time (and noted in ``log``, ``compiled_models`` by default). The key
    is registered with the code of the function that builds the query —
    ``build``, or ``by`` where ``build`` is a step around it (the ``read`` a
    caller passed; a ``functools.partial``'s function): a query built by
    another function under the same key is refused (``KeyClash``), at no cost
    but an identity check. A key that one function fills with queries of more
    than one shape (a value it forgot to name) is found by ``CHECK_KEYS``,
    which compiles each read again and compares (SQL and slots: what is kept
    has ``sql`` and ``slots``)."""
    # (Attribute and item reads, no call, on the path of every request.)
    source = build if by is None else by
    if type(source) is partial:
        source = source.func
    try:
        code = source.__code__
    except AttributeError:  # a callable object: itself
        code = source
    try:
        kept = store[cache_key]
    except KeyError:
        kept = store[cache_key] = (code, compile_(build()))
        (compiled_models if log is None else log).append(cache_key)
        return kept[1]
    if kept[0] is not code:
        raise KeyClash(f"{cache_key!r} names {kept[0]!r}'s query, not {code!r}'s")
    if CHECK_KEYS:
        again, first = compile_(build()), kept[1]
        if (again is None) != (first is None) or (
            again is not None and (again.sql, again.slots) != (first.sql, first.slots)
        ):
            raise KeyClash(f"{cache_key!r} names two query shapes: {first!r} and {again!r}")
    return kept[1]


def model_rows(
    key: tuple[Any, ...],
    build: Callable[[], Any],
    db: str,
    sentinels: list[Any],
    required: set[int],
    real: list[Any],
) -> list[Any] | None:
    """The instances ``build()`` — a queryset of model instances whose values
    are the ``sentinels`` — reads with the request's ``real`` values in their
    places, as the ORM would build them (``ModelIterable``: the row's model,
    its ``select_related`` objects, its annotations); compiled once per
    process under ``key``, which must name everything the query's SQL depends
    on beyond the sentinels (``_kept``). None when the queryset cannot be
    prepared (a prefetch, another iterable, a sentinel written into the SQL,
    an empty result the ORM answers itself): the caller reads it through the
    ORM."""
    prepared: ModelStatement | None = _kept(
        MODEL_STATEMENTS,
        (db, *key),
        build,
        lambda queryset: _compile_models(queryset, db, sentinels, required),
    )
    if prepared is None:
        return None
    built = []
    for row in run_converted(db, prepared.sql, fill(prepared.slots, real), prepared.converters):
        obj = prepared.model.from_db(db, prepared.init_list, row[prepared.start : prepared.end])
        for populator in prepared.populators:
            populator.populate(row, obj)
        for name, pos in prepared.annotations:
            setattr(obj, name, row[pos])
        built.append(obj)
    return built


def _compile_models(
    queryset: Any, db: str, sentinels: list[Any], required: set[int]
) -> ModelStatement | None:
    from django.db.models.query import ModelIterable, get_related_populators

    # Django 5.2's signature (klass_info, select, db); the stubs describe a later one.
    related_populators: Any = get_related_populators
    if (
        queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
    ):
        return None
    compiler = queryset.query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    slots = slots_of(sql, params, sentinels, required)
    if slots is None:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    fields = [column[0] for column in select[: compiler.col_count]]
    return ModelStatement(
        sql=sql,
        slots=slots,
        model=klass_info["model"],
        init_list=tuple(column[0].target.attname for column in select[start:end]),
        start=start,
        end=end,
        populators=tuple(related_populators(klass_info, select, db)),
        annotations=tuple(compiler.annotation_col_map.items()),
        converters=converters_of(compiler, fields),
    )


def row_names(query: Any) -> tuple[str, ...]:
    """The names of a ``values()`` query's columns in the order of its SQL,
    as ``ValuesIterable`` reads them (Django 5.2 selects fields and
    annotations in the order ``values()`` named them)."""
    if query.selected:
        return tuple(query.selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)


@dataclass(frozen=True)
class ValueStatement:
    """A ``values()`` query compiled once: its SQL, where the request's values
    go, its columns' names and converters, and the iterable that reads it
    (``ValuesIterable``, or one with a ``build(names, rows, db)`` such as
    ``selectors.TaskRows``)."""

    sql: str
    slots: tuple[tuple[int | None, Any], ...]
    names: tuple[str, ...]
    converters: Converters
    rows: Any


def values_rows(
    key: tuple[Any, ...],
    build: Callable[[], Any],
    db: str,
    sentinels: list[Any],
    required: set[int],
    real: list[Any],
) -> list[Any] | None:
    """What ``build()`` — a ``values()`` queryset whose values are the
    ``sentinels`` — reads with the request's ``real`` values in their places:
    the dictionaries ``ValuesIterable`` builds (the columns' converters
    applied), or the objects its iterable's ``build(names, rows, db)`` makes
    of the row tuples (``selectors.TaskRows``); compiled once per process
    under ``key``, as ``model_rows``. None when it cannot be prepared: the
    caller reads it through the ORM."""
    prepared: ValueStatement | None = _kept(
        VALUES_STATEMENTS,
        (db, *key),
        build,
        lambda queryset: _compile_values(queryset, db, sentinels, required),
    )
    if prepared is None:
        return None
    rows = run_converted(db, prepared.sql, fill(prepared.slots, real), prepared.converters)
    if prepared.rows is not None:
        return list(prepared.rows.build(prepared.names, rows, db))
    names = prepared.names
    return [dict(zip(names, row, strict=True)) for row in rows]


def _compile_values(
    queryset: Any, db: str, sentinels: list[Any], required: set[int]
) -> ValueStatement | None:
    from django.db.models.query import ValuesIterable

    iterable = queryset._iterable_class
    if queryset._prefetch_related_lookups or not (
        iterable is ValuesIterable
        or (issubclass(iterable, ValuesIterable) and hasattr(iterable, "build"))
    ):
        return None
    query = queryset.query
    compiler = query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    slots = slots_of(sql, params, sentinels, required)
    if slots is None:
        return None
    names = row_names(query)
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if len(names) != len(fields):
        return None
    return ValueStatement(
        sql=sql,
        slots=slots,
        names=names,
        converters=converters_of(compiler, fields),
        rows=None if iterable is ValuesIterable else iterable,
    )


class _Sent(Exception):
    """The statement the ORM was about to send (``sent``)."""


def sent(db: str, run: Callable[[], Any]) -> tuple[str, Any] | None:
    """(SQL, parameters) of the first statement ``run()`` sends to ``db``,
    stopped before it reaches the database; None if it sends none (an empty
    result the ORM answers itself). Not left in the connection's query log
    (a debug cursor logs the attempt)."""
    seen: list[tuple[str, Any]] = []

    def stop(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        raise _Sent

    connection = connections[db]
    logged = len(connection.queries_log)
    with connection.execute_wrapper(stop):
        try:
            run()
        except _Sent:
            pass
    while len(connection.queries_log) > logged:
        connection.queries_log.pop()
    return seen[0] if seen else None


# -- writes: one row's INSERT or UPDATE, its SQL compiled once per process -----


def _saves_plainly(model: Any, *, adding: bool) -> bool:
    """Whether ``save()`` of the model is one INSERT or UPDATE of its own table and
    nothing else: no ``save()`` of its own (a singleton's fixed key, an append-only
    refusal) — unless, for a new row, the model says its override leaves a new
    row alone (``NEW_ROWS_SAVE_PLAINLY``) —, no receiver of its save signals, no
    parent table, no order kept for it, no field writing its own SQL placeholder."""
    meta = model._meta
    if model.save is not models.Model.save and not (
        adding and getattr(model, "NEW_ROWS_SAVE_PLAINLY", False)
    ):
        return False
    return not (
        meta.parents
        or meta.proxy
        or meta.order_with_respect_to
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
        or any(hasattr(f, "get_placeholder") for f in meta.local_concrete_fields)
    )


def _values_are_plain(values: list[Any]) -> bool:
    """No value is an expression (``F()``, the database's default): the ORM writes
    those into the SQL itself."""
    return not any(
        hasattr(value, "resolve_expression") or hasattr(value, "as_sql") for value in values
    )


# (database alias, model, the numbered field and its group or None) -> (SQL, the
# fields in its VALUES, RETURNING's fields, their converters), or None: not
# preparable.
INSERTS: dict[tuple[Any, ...], tuple[str, tuple[Any, ...], tuple[Any, ...], Converters] | None] = {}

# ``numbered``: (a field, the fields of its group) — the new row's field is one
# more than the highest of the rows with the same values in the group, 1 for the
# first (an evidence file's version among the task's files of that name).
Numbered = tuple[str, tuple[str, ...]]


def model_insert(obj: Any, *, numbered: Numbered | None = None) -> None:
    """``obj.save()`` of a new row (no primary key yet) of a model saved plainly
    (``_saves_plainly``), as ``Model.save`` does it — related objects checked,
    each field's ``pre_save`` (an ``auto_now_add`` time, a file's name) and value
    for the database, one ``INSERT … RETURNING``, the returned columns set, the
    instance marked saved — from a statement compiled once per process (~500
    function calls of every saved row). Anything else — a primary key set, an
    expression as a value, another model — through ``obj.save()``.

    With ``numbered`` the INSERT computes the field itself —
    ``(SELECT COALESCE(MAX(field), 0) + 1 FROM table WHERE group = …)`` in its
    VALUES, the field among what it RETURNs — instead of a ``MAX`` read before
    it (one round trip less). The statement's snapshot is taken when it starts,
    as the separate read's was: whoever numbers rows this way holds the lock that
    serialises them (an upload: the task's row lock), and a unique constraint
    over the group and the field stays the database's guard. Where the INSERT
    cannot be kept, the highest is read through the ORM and the row saved so."""
    from django.db import router, transaction

    model = type(obj)
    meta = model._meta
    if (
        obj.pk is not None
        or meta.pk is not meta.auto_field
        or not _saves_plainly(model, adding=True)
    ):
        _orm_save(obj, numbered)
        return
    db = router.db_for_write(model, instance=obj)
    connection = connections[db]
    obj._prepare_related_fields_for_save(operation_name="save")
    key = (db, model, numbered)
    if key not in INSERTS:
        columns = [
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        ]
        if not _values_are_plain([field.pre_save(obj, True) for field in columns]):
            _orm_save(
                obj, numbered
            )  # this row through the ORM; the next one compiles the statement
            return
        INSERTS[key] = _compile_insert(obj, columns, db, numbered)
    prepared = INSERTS[key]
    if prepared is None:
        _orm_save(obj, numbered)
        return
    sql, fields, returning, converters = prepared
    values = [field.pre_save(obj, True) for field in fields]
    if not _values_are_plain(values):
        _orm_save(obj, numbered)
        return
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values, strict=True)
    ]
    if numbered is not None:
        # The group's values, as the row stores them, where the numbered field's
        # value was (a NULL never equals: the ORM's ``IS NULL`` reads it instead).
        place = [field.attname for field in fields].index(meta.get_field(numbered[0]).attname)
        group = [params[[f.name for f in fields].index(name)] for name in numbered[1]]
        if any(value is None for value in group):
            _orm_save(obj, numbered)
            return
        params[place : place + 1] = group
    with transaction.mark_for_rollback_on_error(using=db):
        rows = run_converted(db, sql, params, converters)
    for value, field in zip(rows[0], returning, strict=True):
        setattr(obj, field.attname, value)
    obj._state.db = db
    obj._state.adding = False


def _orm_save(obj: Any, numbered: Numbered | None) -> None:
    """``obj.save()`` through the ORM, the numbered field first set from the ORM's
    ``MAX`` of its group (the path before the INSERT computed it)."""
    from django.db.models import Max

    if numbered is not None:
        field, group = numbered
        meta = type(obj)._meta
        where = {name: getattr(obj, meta.get_field(name).attname) for name in group}
        highest = type(obj)._base_manager.filter(**where).aggregate(highest=Max(field))["highest"]
        setattr(obj, meta.get_field(field).attname, (highest or 0) + 1)
    obj.save()


def _compile_insert(
    obj: Any, fields: list[Any], db: str, numbered: Numbered | None = None
) -> tuple[str, tuple[Any, ...], tuple[Any, ...], Converters] | None:
    from django.db.models.sql import InsertQuery

    connection = connections[db]
    meta = type(obj)._meta
    returning = list(meta.db_returning_fields)
    counted = None
    if numbered is not None:
        counted = meta.get_field(numbered[0])
        if counted not in fields or any(meta.get_field(name) not in fields for name in numbered[1]):
            return None
        returning.append(counted)
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj], raw=False)
    compiler = query.get_compiler(using=db)
    compiler.returning_fields = returning
    compiled = compiler.as_sql()
    sql = compiled[0][0] if len(compiled) == 1 else ""
    values = f"VALUES ({', '.join(['%s'] * len(fields))})"
    # Only a statement whose every value is a plain parameter, and which returns
    # its new columns itself, is kept.
    if not (
        connection.features.can_return_columns_from_insert
        and meta.db_returning_fields
        and sql.count(values) == 1
        and not compiler.returning_params
    ):
        return None
    if numbered is not None and counted is not None:
        qn = connection.ops.quote_name
        where = " AND ".join(f"U0.{qn(meta.get_field(name).column)} = %s" for name in numbered[1])
        # Only the model's own quoted names are written in; every value is a parameter.
        computed = (
            f"(SELECT COALESCE(MAX(U0.{qn(counted.column)}), 0) + 1 "  # noqa: S608
            f"FROM {qn(meta.db_table)} U0 WHERE {where})"
        )
        slots = ["%s"] * len(fields)
        slots[fields.index(counted)] = computed
        sql = sql.replace(values, f"VALUES ({', '.join(slots)})")
    cols = [field.get_col(meta.db_table) for field in returning]
    return sql, tuple(fields), tuple(returning), converters_of(compiler, cols)


# (database alias, model, the fields set, which of them are NULL) -> (SQL, the
# primary key's slots), or None: not preparable.
UPDATES: dict[tuple[Any, ...], tuple[str, tuple[tuple[int | None, Any], ...]] | None] = {}
# The primary key in a compiled UPDATE (sentinels.MARKS if written as text).
_UPDATE_PK = 2_100_000_931


def model_update(obj: Any, update_fields: list[str]) -> None:
    """``obj.save(update_fields=update_fields)`` of a row read from the database,
    for a model saved plainly, as ``Model.save`` does it — related objects
    checked, each field's ``pre_save`` (an ``auto_now`` time) and value for the
    database, one ``UPDATE … WHERE pk``, refused as the ORM refuses it when no
    row was changed — from a statement compiled once per process per set of
    fields (and which of them are NULL, written so in the SQL) (~600 function
    calls of every task write). Anything else through ``obj.save(...)``."""
    from django.db import DatabaseError, router, transaction
    from django.db.models.sql import UpdateQuery

    model = type(obj)
    meta = model._meta
    names = frozenset(update_fields)
    if (
        obj.pk is None
        or obj._state.adding
        or not names
        or not names <= meta._non_pk_concrete_field_names
        or meta.pk not in meta.local_concrete_fields
        or not _saves_plainly(model, adding=False)
    ):
        obj.save(update_fields=update_fields)
        return
    db = router.db_for_write(model, instance=obj)
    connection = connections[db]
    obj._prepare_related_fields_for_save(operation_name="save")
    fields = tuple(
        f
        for f in meta.local_concrete_fields
        if f not in meta.pk_fields and not f.generated and (f.name in names or f.attname in names)
    )
    values = [field.pre_save(obj, False) for field in fields]
    if not _values_are_plain(values) or any(hasattr(v, "prepare_database_save") for v in values):
        obj.save(update_fields=update_fields)
        return
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values, strict=True)
    ]
    if not _values_are_plain(params):
        obj.save(update_fields=update_fields)
        return
    key = (db, model, fields, tuple(param is None for param in params))
    if key not in UPDATES:
        query = model._base_manager.using(db).filter(pk=_UPDATE_PK).query.chain(UpdateQuery)
        query.add_update_fields([(f, None, v) for f, v in zip(fields, values, strict=True)])
        query.annotations = {}
        sql, compiled = query.get_compiler(db).as_sql()
        set_count = sum(param is not None for param in params)
        slots = slots_of(sql, compiled[set_count:], [_UPDATE_PK], {0})
        UPDATES[key] = None if slots is None else (sql, slots)
    prepared = UPDATES[key]
    if prepared is None:
        obj.save(update_fields=update_fields)
        return
    sql, where = prepared
    bound = [param for param in params if param is not None] + fill(where, [obj.pk])
    with transaction.mark_for_rollback_on_error(using=db), connection.cursor() as cursor:
        cursor.execute(sql, bound)
        changed = cursor.rowcount
    if not changed:
        raise DatabaseError("Save with update_fields did not affect any rows.")
    obj._state.db = db
    obj._state.adding = False
