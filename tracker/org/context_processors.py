from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header needs on every page: the user's role and unread count,
    and (as ``user.department``) the department's name beside the user's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    descriptor = user.__class__.department
    if user.department_id is None or descriptor.is_cached(user):
        return {"unread_notification_count": _unread_count(user.pk)}
    # The department's row and the count in one query (issue #17: one query less a page),
    # its SQL compiled once per process (~3,000 function calls of every page).
    department, n = _department_and_unread(user.pk, user.department_id)
    if department is None:  # pragma: no cover - the foreign key keeps the row
        return {"unread_notification_count": _unread_count(user.pk)}
    descriptor.field.set_cached_value(user, department)
    return {"unread_notification_count": n}


def _unread_count(user_id: Any) -> int:
    """The user's unread in-app notifications, counted by the ORM: only where
    the one-query header above does not answer (built only then: a queryset
    costs ~370 function calls of every page even when nothing reads it)."""
    from tracker.notifications.models import Channel, Notification

    return Notification.objects.filter(
        recipient_id=user_id, channel=Channel.APP, read_at__isnull=True
    ).count()


# Sentinels for the user's id and department id: in range for the columns, held
# by no row and written as parameters (checked when the SQL is built).
_USER, _DEPARTMENT = 2_100_000_001, 2_100_000_501
_HEADER_SQL: dict[str, tuple[str, tuple[Any, ...], tuple[Any, ...], tuple[str, ...]]] = {}


def _header_query(user_id: Any, department_id: Any) -> Any:
    from django.db.models import Count, IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    from tracker.notifications.models import Channel, Notification
    from tracker.org.models import Department

    unread = Notification.objects.filter(
        recipient_id=user_id, channel=Channel.APP, read_at__isnull=True
    )
    count = unread.order_by().values("recipient_id").annotate(n=Count("pk")).values("n")
    return Department.objects.filter(pk=department_id).annotate(
        unread_for_header=Coalesce(Subquery(count), Value(0), output_field=IntegerField())
    )[:1]


def _department_and_unread(user_id: int, department_id: int) -> tuple[Any, int]:
    """(the user's department, their unread in-app notifications), as
    ``_header_query(...).first()`` reads them."""
    from django.db import connections

    from tracker.org.models import Department

    db = Department.objects.db
    built = _HEADER_SQL.get(db)
    if built is None:
        query = _header_query(_USER, _DEPARTMENT).query
        compiler = query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        given = {int(p) for p in params if isinstance(p, int) and not isinstance(p, bool)}
        if "2100000" in sql or not {_USER, _DEPARTMENT} <= given:  # pragma: no cover
            # A sentinel written into the SQL, or not a parameter: the ORM's way.
            found = _header_query(user_id, department_id).first()
            return (None, 0) if found is None else (found, found.__dict__.pop("unread_for_header"))
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = tuple(
            (pos, tuple(convs), expr)
            for pos, (convs, expr) in compiler.get_converters(fields).items()
        )
        names = tuple(field.attname for field in Department._meta.concrete_fields)
        if len(fields) != len(names) + 1:  # pragma: no cover - the row's columns
            raise RuntimeError("the header query's columns are not the department's")
        built = _HEADER_SQL[db] = (sql, tuple(params), converters, names)
    sql, params, converters, names = built
    values = {_USER: user_id, _DEPARTMENT: department_id}
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, [_typed(p, values) for p in params])
        row = cursor.fetchone()
    if row is None:
        return None, 0
    row = list(row)
    for pos, convs, expression in converters:
        for convert in convs:
            row[pos] = convert(row[pos], expression, connection)
    return Department.from_db(db, list(names), row[:-1]), row[-1]


def _typed(param: Any, values: dict[int, Any]) -> Any:
    """A sentinel's place: the request's value, typed as the ORM typed the
    sentinel (psycopg's Int4/Int8 or a plain int); any other parameter as it is."""
    if isinstance(param, int) and not isinstance(param, bool) and int(param) in values:
        return type(param)(values[int(param)])
    return param
