"""One key, one query: the statements ``sentinels.model_rows`` and
``values_rows`` compile once per process are kept under a key their caller
chooses. A key that named two query shapes would answer the second with the
first's SQL — another user's rows, or another filter's. The key is registered
with the function that built its query (another function's query under it is
refused), and with ``sentinels.CHECK_KEYS`` every read compiles its query again
and must find the statement its key keeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.db.models import F

from tests.conftest import make_user
from tracker.org.models import Department, Role, User
from tracker.tasks import prepared, sentinels
from tracker.tasks.models import Status, Task
from tracker.tasks.selectors import api_rows
from tracker.tasks.sentinels import KeyClash, model_rows, values_rows

pytestmark = pytest.mark.django_db

# A task id no row holds, in the column's range (a sentinel of the tests' own).
TASK = 2_100_000_901


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    yield


def _key(name: str) -> tuple[Any, ...]:
    # A key of this test's own: the process keeps every statement it compiled.
    return ("test_prepared_keys", name, id(object()))


def _by_status(status: str) -> Any:
    return Task.objects.filter(pk=TASK, status=status).order_by("pk")[:1]


def _read(key: tuple[Any, ...], status: str, pk: int) -> list[int]:
    """Tasks of ``status`` by id, under ``key``: one function for two shapes
    (the status is a constant of the SQL's, not a sentinel)."""
    rows = model_rows(key, lambda: _by_status(status), "default", [TASK], {0}, [pk])
    assert rows is not None
    return [t.pk for t in rows]


def test_a_key_built_by_two_functions_is_refused(task_a: Task, task_b: Task) -> None:
    key = _key("two functions")
    assert _read(key, Status.IN_PROGRESS, task_a.pk) == [task_a.pk]
    with pytest.raises(KeyClash):
        model_rows(key, lambda: _by_status(Status.DONE), "default", [TASK], {0}, [task_a.pk])
    values = (*key, "values")
    values_rows(
        values,
        lambda: Task.objects.filter(pk=TASK).values("title"),
        "default",
        [TASK],
        {0},
        [task_a.pk],
    )
    with pytest.raises(KeyClash):
        values_rows(
            values,
            lambda: Task.objects.filter(pk=TASK).values("status"),
            "default",
            [TASK],
            {0},
            [task_a.pk],
        )
    # Near miss: the same function again (a new closure each call, as every
    # caller makes one) reads under its key, for any id.
    for task in (task_b, task_a):
        assert _read(key, Status.IN_PROGRESS, task.pk) == [task.pk]


def test_checked_keys_find_a_key_that_forgets_a_value_of_the_query(
    task_a: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    Task.objects.filter(pk=task_a.pk).update(status=Status.DONE)
    # Why: unchecked, a key that does not name the status answers the second
    # status with the first's statement — task_a, which is not in progress.
    forgetful = _key("forgets the status")
    assert _read(forgetful, Status.DONE, task_a.pk) == [task_a.pk]
    assert _read(forgetful, Status.IN_PROGRESS, task_a.pk) == [task_a.pk]  # wrong
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    with pytest.raises(KeyClash):
        _read(forgetful, Status.IN_PROGRESS, task_a.pk)
    # Near miss: a key naming the status holds one shape each, checked.
    for status, expected in ((Status.DONE, [task_a.pk]), (Status.IN_PROGRESS, [])) * 2:
        assert _read((*_key("names it")[:2], status), status, task_a.pk) == expected


def test_values_rows_names_the_columns_in_the_order_the_sql_selects_them(
    task_a: Task, checked: None
) -> None:
    """Django 5.2 selects fields and annotations in the order ``values()``
    names them: each value under its own name, as the ORM's."""
    Task.objects.filter(pk=task_a.pk).update(progress=35)

    def build(*names: str) -> Any:
        return Task.objects.filter(pk=TASK).annotate(doubled=F("progress") * 2).values(*names)

    for names in (("doubled", "title"), ("title", "doubled"), ("doubled",)):
        rows = values_rows(
            ("test_prepared_keys", "values order", names),
            lambda names=names: build(*names),
            "default",
            [TASK],
            {0},
            [task_a.pk],
        )
        orm = list(
            Task.objects.filter(pk=task_a.pk).annotate(doubled=F("progress") * 2).values(*names)
        )
        assert rows == orm
        assert rows and rows[0]["doubled"] == 70


def test_every_prepared_read_keeps_one_query_per_key(
    checked: None,
    dept_a: Department,
    supervisor: User,
    head_a: User,
    staff_a: User,
    head_b: User,
    task_a: Task,
    task_b: Task,
) -> None:
    """Each caller of ``model_rows``/``values_rows`` read in turns of every
    shape it keys (users who see everything, divisions of one and of two
    departments, a person without one; one to three tasks; two tokens), each
    answer the ORM's, each statement the one its key keeps."""
    from rest_framework.authtoken.models import Token

    from tracker.notifications.reminders import _pending_reminders, _pending_reminders_of
    from tracker.security.authentication import _token_query, _token_with_user
    from tracker.tasks.selectors import (
        _api_detail_read,
        _page_read,
        api_detail_task,
        api_visible,
        api_visible_task,
        page_task,
    )
    from tracker.tasks.services import _locked_query, _locked_read

    Department.objects.create(name="法规审查科", parent=dept_a, order=11)
    loner = make_user("loner", Role.STAFF, None, full_name="郑联络员")
    held = Task.objects.create(
        title="报送备案审查年度报告。",
        responsible=loner,
        due_on=dt.date(2024, 1, 31),
        status=Status.ASSIGNED,
        created_by=supervisor,
    )
    tasks = [task_a, task_b, held]
    for _round in range(2):
        for user in (supervisor, head_a, loner, head_b, staff_a):
            for task in tasks:
                for fast, plain in (
                    (api_visible_task, api_visible),
                    (api_detail_task, _api_detail_read),
                    (page_task, _page_read),
                ):
                    found = fast(user, task.pk)
                    assert found is not None
                    expected = plain(user).filter(pk=task.pk).first()
                    assert [t.pk for t in found] == ([expected.pk] if expected else []), (
                        fast,
                        user,
                    )
        for ids in ([task_a.pk], [task_a.pk, task_b.pk], [held.pk, task_b.pk, task_a.pk]):
            assert list(_pending_reminders_of(ids)) == list(_pending_reminders(ids))
        for task in tasks:
            assert _locked_read(task.pk).pk == _locked_query().get(pk=task.pk).pk
        for user in (staff_a, head_b):
            token, _ = Token.objects.get_or_create(user=user)
            read = _token_with_user(Token, token.key)
            assert read is not None and read.user == user
            assert read.pk == _token_query(Token).get(key=token.key).pk


# -- the list caches: counts' statements (sentinels.statement, prepared.api_statement)
# and pages (prepared.page) are kept by the same keeper ---------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)


def _in_status(status: str) -> Any:
    return lambda user: Task.objects.visible_to(user).filter(status=status).values("pk")


def _in_progress(user: Any) -> Any:
    return Task.objects.visible_to(user).filter(status=Status.IN_PROGRESS).values("pk")


def _done(user: Any) -> Any:
    return Task.objects.visible_to(user).filter(status=Status.DONE).values("pk")


@postgres_only
def test_a_count_statement_key_built_by_two_functions_is_refused(
    supervisor: User, head_a: User, head_b: User, task_a: Task, task_b: Task
) -> None:
    """``sentinels.statement`` (the task list's count keys, the report
    options): on main the second read under one key was answered with the
    first's SQL — the tasks in progress for a request that asked for done."""
    key = _key("statement")
    assert sentinels.statement(key, _in_progress, head_a, "default", False) is not None
    with pytest.raises(KeyClash):
        sentinels.statement(key, _done, head_a, "default", False)
    # Near miss: the same function for another user of the same shape, and for
    # another shape (its own statement under the key), answers each its own.
    for user in (head_b, supervisor, head_a):
        found = sentinels.statement(key, _in_progress, user, "default", False)
        assert found is not None
        with connection.cursor() as cursor:
            cursor.execute(*found)
            rows = cursor.fetchall()
        assert {pk for (pk,) in rows} == {row["pk"] for row in _in_progress(user)}, user


@postgres_only
def test_a_count_statement_key_that_forgets_a_value_is_found_when_checked(
    head_a: User, task_a: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = [Status.IN_PROGRESS]

    def forgetful(user: Any) -> Any:
        return _in_status(status[0])(user)

    key = _key("statement forgets")
    first = sentinels.statement(key, forgetful, head_a, "default", False)
    status[0] = Status.DONE
    # Unchecked, the key answers the first status's statement for the second.
    assert sentinels.statement(key, forgetful, head_a, "default", False) == first
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    with pytest.raises(KeyClash):
        sentinels.statement(key, forgetful, head_a, "default", False)
    status[0] = Status.IN_PROGRESS  # near miss: the statement its key keeps
    assert sentinels.statement(key, forgetful, head_a, "default", False) == first


def _api_in_progress(user: Any) -> Any:
    return api_rows(user).filter(status=Status.IN_PROGRESS).order_by("due_on", "id")


def _api_done(user: Any) -> Any:
    return api_rows(user).filter(status=Status.DONE).order_by("due_on", "id")


def _page(key: tuple[Any, ...], read: Any, user: User) -> list[int]:
    rows = prepared.page(key, read, None, False, user, "default", "due_on", None, False, 5)
    assert rows is not None
    return [row.pk for row in rows]


@postgres_only
def test_a_list_page_key_built_by_two_functions_is_refused(
    head_a: User, staff_a: User, task_a: Task, task_b: Task
) -> None:
    """``prepared.page`` (the API's and the HTML list's pages): on main the
    second read under one list key was answered with the first's SQL — a task
    in progress on a page of done tasks."""
    key = _key("page")
    assert _page(key, _api_in_progress, head_a) == [task_a.pk]
    with pytest.raises(KeyClash):
        _page(key, _api_done, head_a)
    # Near miss: the same read for another user of the same shape, and a
    # partial of one function (as api_page passes a filtered list's read).
    assert _page(key, _api_in_progress, staff_a) == [task_a.pk]
    partial_key = _key("page partial")
    for user in (head_a, staff_a):
        assert _page(partial_key, partial(_status_read, Status.IN_PROGRESS), user) == [task_a.pk]
    with pytest.raises(KeyClash):
        _page(partial_key, partial(_other_status_read, Status.IN_PROGRESS), head_a)


def _status_read(status: str, user: Any) -> Any:
    return api_rows(user).filter(status=status).order_by("due_on", "id")


def _other_status_read(status: str, user: Any) -> Any:
    return api_rows(user).exclude(status=status).order_by("due_on", "id")


@postgres_only
def test_a_list_page_key_that_forgets_a_value_is_found_when_checked(
    head_a: User, task_a: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = [Status.IN_PROGRESS]

    def forgetful(user: Any) -> Any:
        return _status_read(status[0], user)

    key = _key("page forgets")
    assert _page(key, forgetful, head_a) == [task_a.pk]
    status[0] = Status.DONE
    assert _page(key, forgetful, head_a) == [task_a.pk]  # unchecked: wrong
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    with pytest.raises(KeyClash):
        _page(key, forgetful, head_a)
    status[0] = Status.IN_PROGRESS  # near miss
    assert _page(key, forgetful, head_a) == [task_a.pk]


@postgres_only
@pytest.mark.parametrize("what", ["ids", "capped"])
def test_the_api_lists_count_statements_refuse_another_query_under_their_key(
    what: str, head_a: User, task_a: Task, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``prepared.api_statement`` (the API list's count key and capped count):
    its key names the filters and the user's shape; a query built otherwise
    under it — another function, or the same one reading a value the key does
    not name — was answered on main with the first's statement."""
    spec = ((("status", 1),), [Status.IN_PROGRESS])
    monkeypatch.setattr(prepared, "_COUNT_KEYS", {})
    monkeypatch.setattr(prepared, "_COUNTS", {})
    first = prepared.api_statement(head_a, "default", spec, what)
    assert first is not None
    # Another function building the list under the same key.
    original = prepared._api_filtered

    def excluding(spec: tuple[Any, ...], stand_in: Any) -> Any:
        return original(spec, stand_in).exclude(priority=1)

    monkeypatch.setattr(prepared, "_api_filtered", excluding)
    with pytest.raises(KeyClash):
        prepared.api_statement(head_a, "default", spec, what)
    monkeypatch.setattr(prepared, "_api_filtered", original)
    # The same function reading a value its key does not name (the list's read).
    priority = [1]
    monkeypatch.setattr(
        prepared,
        "_api_read",
        lambda user: _status_read(Status.IN_PROGRESS, user).exclude(priority=priority[0]),
    )
    monkeypatch.setattr(prepared, "_COUNT_KEYS", {})
    monkeypatch.setattr(prepared, "_COUNTS", {})
    kept = prepared.api_statement(head_a, "default", spec, what)
    priority[0] = 3
    assert prepared.api_statement(head_a, "default", spec, what) == kept  # unchecked: the first's
    monkeypatch.setattr(sentinels, "CHECK_KEYS", True)
    with pytest.raises(KeyClash):
        prepared.api_statement(head_a, "default", spec, what)
    priority[0] = 1  # near miss: the statement its key keeps, checked
    assert prepared.api_statement(head_a, "default", spec, what) == kept
