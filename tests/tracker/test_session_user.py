"""The signed-in user read by a statement compiled once per process
(tracker.security.backends.UserBackend, issue #17): the same user as Django's
ModelBackend gives, and the same refusals — an inactive user, a deleted user, a
changed password — with sessions written under Django's backend still valid."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.tracker.test_session_read import calls_of
from tracker.org.models import Department, Role, User
from tracker.security import backends
from tracker.security.sessions import SessionStore
from tracker.tasks import sentinels
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db


def fields(user: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(user).items() if k != "_state"}


def session_backend(client: Client) -> str:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return str(SessionStore(session_key=key).load()[BACKEND_SESSION_KEY])


def test_logins_are_kept_by_the_backend_that_reads_the_user_once(head_a: User) -> None:
    assert backends.PATH in settings.AUTHENTICATION_BACKENDS
    assert backends.LEGACY_PATH not in settings.AUTHENTICATION_BACKENDS
    client = Client()
    client.force_login(head_a)
    assert session_backend(client) == backends.PATH
    # A login through the login form too (authenticate() names the backend).
    form = Client()
    response = form.post("/login/", {"username": "head_a", "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert session_backend(form) == backends.PATH


def test_the_user_is_the_one_djangos_backend_gives_and_refused_where_it_refuses(
    head_a: User, supervisor: User, staff_a: User, leader: User, dept_a: Department
) -> None:
    ours, django = backends.UserBackend(), ModelBackend()
    inactive = User.objects.create_user(
        "former", password="x", role=Role.STAFF, department=dept_a, is_active=False
    )
    for user in (head_a, supervisor, staff_a, leader):
        mine, theirs = ours.get_user(user.pk), django.get_user(user.pk)
        assert type(mine) is type(theirs) is User
        assert fields(mine) == fields(theirs)
        assert (mine._state.db, mine._state.adding) == (theirs._state.db, theirs._state.adding)
    # Inactive, no such row: nobody, as Django's.
    assert ours.get_user(inactive.pk) is None and django.get_user(inactive.pk) is None
    gone = staff_a.pk
    staff_a.delete()
    assert ours.get_user(gone) is None and django.get_user(gone) is None
    assert ours.get_user(10**12) is None and django.get_user(10**12) is None
    # Beyond the id column's range, and not an integer: Django's own answer.
    assert ours.get_user(2**63) is None
    assert fields(ours.get_user(str(head_a.pk))) == fields(django.get_user(str(head_a.pk)))


def test_the_statement_is_the_one_djangos_backend_sends(head_a: User) -> None:
    backends.UserBackend().get_user(head_a.pk)  # compiled
    with CaptureQueriesContext(connection) as theirs:
        ModelBackend().get_user(head_a.pk)
    with CaptureQueriesContext(connection) as ours:
        backends.UserBackend().get_user(head_a.pk)
    assert [q["sql"] for q in ours.captured_queries] == [q["sql"] for q in theirs.captured_queries]


def test_the_user_is_read_by_a_statement_compiled_once(head_a: User, staff_a: User) -> None:
    """Django's ModelBackend built and compiled ``get(pk=…)`` on every request
    (~1,150 function calls on PostgreSQL); the kept statement ~180."""
    backend = load_backend(backends.PATH)
    backend.get_user(head_a.pk)
    compiled = len(sentinels.compiled_models)
    loaded: list[Any] = []
    calls = calls_of(lambda: loaded.append(backend.get_user(staff_a.pk)))
    assert loaded == [staff_a]
    assert calls <= (300 if connection.vendor == "postgresql" else 500), calls
    assert len(sentinels.compiled_models) == compiled


@pytest.fixture(params=["ours", "djangos"])
def signed_in(
    request: pytest.FixtureRequest,
    settings: Any,
    head_a: User,
    dept_a: Department,
    supervisor: User,
) -> Client:
    """head_a signed in, under our backend and session store, or under
    Django's (each refusal below must come out the same under both)."""
    if request.param == "djangos":
        settings.AUTHENTICATION_BACKENDS = [
            backends.LEGACY_PATH if path == backends.PATH else path
            for path in settings.AUTHENTICATION_BACKENDS
        ]
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    Task.objects.create(
        title="核查危化品仓储台账",
        lead_department=dept_a,
        created_by=supervisor,
        status=Status.IN_PROGRESS,
    )
    client = Client()
    client.force_login(head_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    named = Session.objects.get(session_key=key).get_decoded()[BACKEND_SESSION_KEY]
    assert named == (backends.LEGACY_PATH if request.param == "djangos" else backends.PATH)
    page = client.get("/tasks/")
    assert page.status_code == 200 and "核查危化品仓储台账" in page.content.decode()
    return client


def signs_in(client: Client) -> bool:
    response = client.get("/tasks/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_deactivated_user_is_signed_out(signed_in: Client, head_a: User) -> None:
    User.objects.filter(pk=head_a.pk).update(first_name="改过")
    assert signs_in(signed_in)  # near miss: another change keeps the session
    User.objects.filter(pk=head_a.pk).update(is_active=False)
    assert not signs_in(signed_in)
    assert not signs_in(signed_in)
    # As Django's: the session is not flushed, activated again it signs in.
    User.objects.filter(pk=head_a.pk).update(is_active=True)
    assert signs_in(signed_in)


def test_a_deleted_user_is_signed_out(signed_in: Client, dept_a: Department) -> None:
    """A person removed before doing anything audited (audited people are kept:
    their events protect them), signed in by a session written as login() writes it."""
    passing = User.objects.create_user("temp", password=PASSWORD, department=dept_a)
    client = written_session(passing, force_login_backend())
    assert signs_in(client)  # near miss: the same session before the removal
    passing.delete()
    assert not signs_in(client)


def test_a_changed_password_signs_the_old_session_out(signed_in: Client, head_a: User) -> None:
    user = User.objects.get(pk=head_a.pk)
    user.last_login = None
    user.save()
    assert signs_in(signed_in)  # near miss: the same password keeps the session
    user.set_password("Another-Pass-2031!")
    user.save()
    assert not signs_in(signed_in)
    key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    # Flushed, as Django does: the row is gone, nothing to revive.
    assert not Session.objects.filter(session_key=key).exists()
    user.set_password(PASSWORD)
    user.save()
    assert not signs_in(signed_in)


def test_another_divisions_head_gets_none_of_the_tasks(signed_in: Client, head_b: User) -> None:
    other = Client()
    other.force_login(head_b)
    page = other.get("/tasks/")
    assert page.status_code == 200 and "核查危化品仓储台账" not in page.content.decode()


def force_login_backend() -> str:
    """The backend a login stores (the first that can load a user)."""
    return next(p for p in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(p), "get_user"))


def written_session(user: User, backend: str) -> Client:
    """A session for ``user`` naming ``backend``, as login() writes it."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def test_sessions_written_under_djangos_backend_stay_signed_in(
    head_a: User, dept_a: Department, supervisor: User
) -> None:
    Task.objects.create(title="核查危化品仓储台账", lead_department=dept_a, created_by=supervisor)
    client = written_session(head_a, backends.LEGACY_PATH)
    page = client.get("/tasks/")
    assert page.status_code == 200 and "核查危化品仓储台账" in page.content.decode()
    # The same refusals hold for them: a changed password signs them out.
    user = User.objects.get(pk=head_a.pk)
    user.set_password("Another-Pass-2031!")
    user.save()
    assert not signs_in(client)


def test_a_legacy_session_carries_the_new_path_from_its_next_save(head_a: User) -> None:
    client = written_session(head_a, backends.LEGACY_PATH)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(session_key=key)
    store["seen"] = 1
    store.save()
    raw = Session.objects.get(session_key=key).get_decoded()
    assert raw[BACKEND_SESSION_KEY] == backends.PATH


def test_only_djangos_path_is_read_as_ours(head_a: User) -> None:
    """Near misses: a path not among the backends is refused as before; another
    backend's path is left as it is."""
    unknown = written_session(head_a, "django.contrib.auth.backends.RemoteUserBackend")
    assert not signs_in(unknown)
    directory = "tracker.identity.backends.DirectoryBackend"
    client = written_session(head_a, directory)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key=key).load()[BACKEND_SESSION_KEY] == directory
