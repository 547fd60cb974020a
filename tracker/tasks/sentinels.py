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
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections

from tracker.tasks.models import user_department_ids

# Sentinels: values no constant of the query holds, each within its column's
# range (Django answers a lookup beyond an integer column's range with an empty
# result instead of a parameter).
USER = 2_100_000_001
DEPARTMENT = 2_100_000_501
MARKS = ("2100000", "0001-01-0", "\u2063", "3200")


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


def stand_in_for(user: Any, shape: tuple[Any, ...]) -> tuple[Any, list[Any]]:
    """A copy of ``user`` whose id, department and departments in scope are
    sentinels (the visibility rule and the scopes read no more of the user),
    and the sentinels in the order ``user_shape`` gives the real values."""
    stand_in = copy.copy(user)
    stand_in.id = USER
    sentinels: list[Any] = [USER, DEPARTMENT]
    if shape[1] is not None:
        stand_in.department_id = DEPARTMENT
        departments = [department_sentinel(i) for i in range(shape[1])]
        stand_in._duban_department_ids = set(departments)
        sentinels.extend(departments)
    else:
        stand_in.department_id = None
        stand_in._duban_department_ids = set()
        sentinels[1] = None
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


# (database alias, key, shape) -> (SQL, slots), or None: not preparable.
STATEMENTS: dict[tuple[Any, ...], tuple[str, tuple[tuple[int | None, Any], ...]] | None] = {}


def statement(
    key: tuple[Any, ...], read: Callable[[Any], Any], user: Any, db: str, scoped: bool
) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, ``user``'s parameters) of the queryset ``read(user)``, which must
    read no more of the user than ``user_shape`` gives (``scoped``: the
    departments in scope even of a user who sees everything), compiled once per
    shape under ``key``; None on another database than PostgreSQL, for a user
    the rules show nothing, or where the ORM would run no SQL."""
    if connections[db].vendor != "postgresql":
        return None
    found = user_shape(user, scoped)
    if found is None:
        return None
    shape, real = found
    cache_key = (db, key, shape)
    if cache_key not in STATEMENTS:
        STATEMENTS[cache_key] = _compile(user, shape, read, db)
    compiled = STATEMENTS[cache_key]
    if compiled is None:
        return None
    sql, slots = compiled
    return sql, tuple(fill(slots, real))


def _compile(
    user: Any, shape: tuple[Any, ...], read: Callable[[Any], Any], db: str
) -> tuple[str, tuple[tuple[int | None, Any], ...]] | None:
    stand_in, sentinels = stand_in_for(user, shape)
    try:
        sql, params = read(stand_in).query.get_compiler(using=db).as_sql()
    except EmptyResultSet:
        return None
    slots = slots_of(sql, params, sentinels, set())
    return None if slots is None else (sql, slots)
