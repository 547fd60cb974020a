"""The session row read by a statement compiled once per process
(tracker.security.sessions, issue #17): the same sessions as Django's database
store, expired and unknown ones refused, logout and the idle timeout as before."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.tracker.conftest import calls_of
from tracker.org.models import User
from tracker.tasks import sentinels

pytestmark = pytest.mark.django_db


def store(key: str | None = None) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def saved(data: dict[str, Any], expires_in: dt.timedelta) -> str:
    session = DjangoStore()
    session.update(data)
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return str(session.session_key)


def test_sessions_load_as_djangos_database_store_loads_them() -> None:
    live = saved({"who": "甲", "n": 1}, dt.timedelta(minutes=5))
    other = saved({"who": "乙"}, dt.timedelta(minutes=5))
    expired = saved({"who": "丙"}, -dt.timedelta(seconds=1))
    unknown = "x" * 32
    for key in (live, other, expired, unknown, live, None, "\u2063session-key", "short"):
        ours, django = store(key), DjangoStore(session_key=key)
        assert dict(ours.load()) == dict(django.load()), key
        assert ours.session_key == django.session_key, key
    assert dict(store(live).load()) == {"who": "甲", "n": 1}
    assert dict(store(other).load()) == {"who": "乙"}
    # Expired a second ago: nothing, and the key forgotten (a new one at the next save).
    gone = store(expired)
    assert dict(gone.load()) == {} and gone.session_key is None
    # Near miss: one that expires in a second still loads.
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() + dt.timedelta(seconds=1)
    )
    assert dict(store(expired).load()) == {"who": "丙"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the statement is PostgreSQL's")
def test_the_session_row_is_read_by_a_statement_compiled_once() -> None:
    """Django's store compiled ``Session.objects.get(...)`` on every request
    (~900 function calls); the prepared read ~150."""
    first = saved({"who": "甲"}, dt.timedelta(minutes=5))
    second = saved({"who": "乙"}, dt.timedelta(minutes=5))
    store(first).load()
    compiled = len(sentinels.compiled_models)
    loaded: list[Any] = []
    calls = calls_of(lambda: loaded.append(store(second).load()))
    assert [dict(data) for data in loaded] == [{"who": "乙"}]
    assert calls <= 400, calls
    assert len(sentinels.compiled_models) == compiled


def test_logout_and_the_idle_timeout_end_a_session_read_this_way(
    head_a: User, head_b: User
) -> None:
    client = Client()
    client.force_login(head_a)
    assert client.get("/tasks/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert store(key).load()["_auth_user_id"] == str(head_a.pk)
    # Logout deletes the row: the old cookie signs nobody in.
    assert client.post("/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = key
    assert stale.get("/tasks/").status_code == 302
    # Idle past the timeout: the row is there but expired, and refused.
    client.force_login(head_b)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/tasks/").status_code == 302
    # Near miss: a live session of the same user still shows the page.
    client.force_login(head_b)
    assert client.get("/tasks/").status_code == 200
