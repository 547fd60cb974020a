"""等保 2.0 level 3 (GB/T 22239-2019) controls, as an IT security review checks
them: three separate administrators, password rules, session limits and an
audit trail that covers security events and cannot be deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD, make_user
from tracker.audit.models import AppendOnlyError, AuditEvent
from tracker.org.models import Department, Role, User
from tracker.security.models import PasswordState
from tracker.tasks.models import ProgressUpdate, Task

pytestmark = pytest.mark.django_db

ADMIN_PAGES = {
    Role.SYSTEM_ADMIN: [
        "/admin/org/user/",
        "/admin/org/department/",
        "/admin/notifications/holiday/",
        "/admin/notifications/notification/",
    ],
    Role.SECURITY_ADMIN: ["/admin/org/user/", "/admin/axes/accessattempt/"],
    Role.AUDIT_ADMIN: ["/admin/audit/auditevent/", "/admin/axes/accesslog/"],
}
ALL_PAGES = sorted({page for pages in ADMIN_PAGES.values() for page in pages})


@pytest.fixture
def admins(db: None) -> dict[str, User]:
    return {
        role: make_user(str(role), role, None)
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


# --- 三员分立 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ADMIN_PAGES))
def test_each_administrator_reaches_only_their_own_functions(
    role: str,
    admins: dict[str, User],
    supervisor: User,
    login: Callable[[User], Client],
) -> None:
    user = admins[role]
    assert not user.is_superuser and not user.is_staff
    client = login(user)
    assert client.get("/admin/").status_code == 200
    for page in ALL_PAGES:
        expected = 200 if page in ADMIN_PAGES[role] else 403
        assert client.get(page).status_code == expected, (role, page)


def test_administrators_see_no_task_data(
    admins: dict[str, User], task_a: Task, dept_a: Department, login: Callable[[User], Client]
) -> None:
    for user in admins.values():
        user.department = dept_a  # even inside a division
        user.save()
        client = login(user)
        assert client.get(f"/tasks/{task_a.pk}/").status_code == 404
        assert client.get("/api/v1/tasks/").json()["count"] == 0
        assert client.get("/exports/ledger.csv").status_code in (200, 403)
        if client.get("/exports/ledger.csv").status_code == 200:
            body = b"".join(client.get("/exports/ledger.csv").streaming_content).decode()
            assert task_a.title not in body


def test_only_the_audit_administrator_reads_the_audit_among_the_three(
    admins: dict[str, User], login: Callable[[User], Client]
) -> None:
    for role, user in admins.items():
        expected = 200 if role == Role.AUDIT_ADMIN else 403
        assert login(user).get("/audit/").status_code == expected
        assert login(user).get("/api/v1/audit/").status_code == expected


def test_the_system_administrator_cannot_grant_roles_the_security_administrator_can(
    admins: dict[str, User], staff_a: User, login: Callable[[User], Client]
) -> None:
    page = f"/admin/org/user/{staff_a.pk}/change/"
    form = login(admins[Role.SYSTEM_ADMIN]).get(page).content.decode()
    assert 'name="role"' not in form and 'name="is_superuser"' not in form
    form = login(admins[Role.SECURITY_ADMIN]).get(page).content.decode()
    assert 'name="role"' in form and 'name="is_superuser"' not in form
    response = login(admins[Role.SECURITY_ADMIN]).post(page, {"role": Role.HEAD, "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    staff_a.refresh_from_db()
    assert staff_a.role == Role.HEAD
    event = AuditEvent.objects.get(action="permission_change")
    assert event.before["role"] == Role.STAFF and event.after["role"] == Role.HEAD
    assert event.actor == admins[Role.SECURITY_ADMIN]


def test_supervisors_settings_pages_cannot_make_or_touch_an_administrator(
    admins: dict[str, User], supervisor: User, staff_a: User, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    form = client.get("/settings/people/new/").content.decode()
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        assert f'value="{role}"' not in form
    created = client.post(
        "/settings/people/new/",
        {
            "username": "mole",
            "full_name": "内鬼",
            "role": Role.SECURITY_ADMIN,
            "password": "Xk9#mq2Lw!pT4",
            "is_active": "on",
        },
    )
    assert created.status_code == 200 and "选择一个有效的选项" in created.content.decode()
    assert not User.objects.filter(username="mole").exists()
    secadmin = admins[Role.SECURITY_ADMIN]
    assert client.get(f"/settings/people/{secadmin.pk}/").status_code == 404
    changed = client.post(
        f"/settings/people/{secadmin.pk}/",
        {"username": secadmin.username, "full_name": "x", "role": Role.STAFF, "is_active": ""},
    )
    assert changed.status_code == 404
    secadmin.refresh_from_db()
    assert secadmin.role == Role.SECURITY_ADMIN and secadmin.is_active
    assert secadmin.username not in client.get("/settings/people/").content.decode()
    # A business role change on that page is recorded as a permission change.
    client.post(
        f"/settings/people/{staff_a.pk}/",
        {
            "username": staff_a.username,
            "full_name": staff_a.full_name,
            "role": Role.HEAD,
            "department": str(staff_a.department_id),
            "is_active": "on",
        },
    )
    staff_a.refresh_from_db()
    assert staff_a.role == Role.HEAD
    event = AuditEvent.objects.get(action="permission_change", object_id=str(staff_a.pk))
    assert event.before == {"role": Role.STAFF, "is_active": True}
    assert event.after == {"role": Role.HEAD, "is_active": True}


def test_the_demo_has_three_administrators_and_no_superuser(db: None) -> None:
    call_command("seed_demo", verbosity=0)
    assert not User.objects.filter(is_superuser=True).exists()
    roles = set(User.objects.values_list("role", flat=True))
    assert {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN} <= roles


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Short-1a", "12"),  # 8 characters
        ("alllowercaseletters", "3 类"),  # one class
        ("lowercase-and-symbols", "3 类"),  # two classes
    ],
)
def test_weak_passwords_are_refused_with_the_rule(
    password: str, reason: str, staff_a: User, login: Callable[[User], Client]
) -> None:
    response = login(staff_a).post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200 and reason in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_the_last_five_passwords_cannot_be_used_again(
    staff_a: User, login: Callable[[User], Client]
) -> None:
    client = login(staff_a)
    current = PASSWORD
    for n in range(1, 6):
        new = f"New-Pass-{n}-2024x"
        response = client.post(
            "/password/", {"old_password": current, "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        current = new
    # History: New-Pass-5 (current), 4, 3, 2, 1.
    for old in ("New-Pass-5-2024x", "New-Pass-1-2024x", "New-Pass-3-2024x"):
        response = client.post(
            "/password/", {"old_password": current, "new_password1": old, "new_password2": old}
        )
        assert response.status_code == 200 and "最近 5 次" in response.content.decode()


def test_a_password_set_by_an_administrator_must_be_changed_first(
    settings: Any, staff_a: User, task_a: Task
) -> None:
    settings.PASSWORD_CHANGE_AFTER_RESET = True
    staff_a.set_password("Reset-By-Admin-2024")  # as the admin's reset form does
    staff_a.save()
    client = Client()
    client.force_login(staff_a)
    response = client.get(f"/tasks/{task_a.pk}/")
    assert response.status_code == 302 and response["Location"] == "/password/"
    assert client.get("/api/v1/tasks/").status_code == 403
    response = client.post(
        "/password/",
        {
            "old_password": "Reset-By-Admin-2024",
            "new_password1": "Own-Choice-2024x",
            "new_password2": "Own-Choice-2024x",
        },
    )
    assert response.status_code == 302
    assert client.get(f"/tasks/{task_a.pk}/").status_code == 200


def test_a_password_older_than_ninety_days_must_be_changed(
    settings: Any, staff_a: User, login: Callable[[User], Client]
) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client = login(staff_a)
    assert client.get("/tasks/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        client.force_login(staff_a)
        response = client.get("/tasks/")
        assert response.status_code == 302 and response["Location"] == "/password/"


# --- the forced change also holds for API tokens and the token login ---------------------------
#
# The choice: the API has no password change of its own. A person who must change their
# password (set by an administrator, or too old) gets 403 with the reason in Chinese on every
# API request with their token, and no token from /api/v1/auth/token/, until they change it
# on the web page (tracker.security.authentication, tracker.security.api).


def token_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def written() -> tuple[int, int, int, list[Any]]:
    return (
        ProgressUpdate.objects.count(),
        AuditEvent.objects.exclude(
            action__in=["permission_denied", "login", "login_failed"]
        ).count(),
        Token.objects.count(),
        list(Task.objects.order_by("pk").values_list("pk", "status", "progress", "updated_at")),
    )


def test_a_password_set_by_an_administrator_blocks_the_api_token_until_changed_on_the_web(
    settings: Any, staff_a: User, staff_b: User, supervisor: User, task_a: Task, task_b: Task
) -> None:
    settings.PASSWORD_CHANGE_AFTER_RESET = True
    api = token_client(staff_a)  # a token from before the reset
    assert api.get("/api/v1/tasks/").status_code == 200
    staff_a.set_password("Reset-By-Admin-2024")  # as the admin's reset form does
    staff_a.save()
    assert PasswordState.objects.get(user=staff_a).must_change
    before = written()

    response = api.get("/api/v1/tasks/")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "管理员为您设置的密码" in detail and "网页修改密码" in detail
    assert api.get(f"/api/v1/tasks/{task_a.pk}/").status_code == 403
    response = api.post(
        f"/api/v1/tasks/{task_a.pk}/progress/",
        {"text": "令牌绕过强制改密", "percent": 60},
        content_type="application/json",
    )
    assert response.status_code == 403 and "网页修改密码" in response.json()["detail"]
    # The token login: right credentials, no token, the same reason; wrong ones stay a 400.
    Token.objects.filter(user=staff_a).delete()
    response = Client().post(
        "/api/v1/auth/token/", {"username": "staff_a", "password": "Reset-By-Admin-2024"}
    )
    assert response.status_code == 403 and "管理员为您设置的密码" in response.json()["detail"]
    assert "token" not in response.json()
    response = Client().post("/api/v1/auth/token/", {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 400
    assert written()[:2] == before[:2] and written()[3] == before[3]
    assert not Token.objects.filter(user=staff_a).exists()

    # Everybody else is unaffected, with a token and with the token login.
    other = token_client(staff_b)
    assert other.get("/api/v1/tasks/").status_code == 200
    response = other.post(
        f"/api/v1/tasks/{task_b.pk}/progress/",
        {"text": "按计划推进", "percent": 40},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    response = Client().post(
        "/api/v1/auth/token/", {"username": "supervisor", "password": PASSWORD}
    )
    assert response.status_code == 200 and response.json()["token"]

    # Changed on the web page: the API answers again, the token login gives a token.
    web = Client()
    web.force_login(staff_a)
    response = web.post(
        "/password/",
        {
            "old_password": "Reset-By-Admin-2024",
            "new_password1": "Own-Choice-2024x",
            "new_password2": "Own-Choice-2024x",
        },
    )
    assert response.status_code == 302
    response = Client().post(
        "/api/v1/auth/token/", {"username": "staff_a", "password": "Own-Choice-2024x"}
    )
    assert response.status_code == 200
    api = Client(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(f"/api/v1/tasks/{task_a.pk}/").status_code == 200


def test_an_expired_password_blocks_the_api_token_with_the_reason(
    settings: Any, staff_a: User, staff_b: User
) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 90
    api, other = token_client(staff_a), token_client(staff_b)
    PasswordState.objects.update_or_create(
        user=staff_a, defaults={"changed_at": timezone.now() - dt.timedelta(days=91)}
    )
    PasswordState.objects.update_or_create(
        user=staff_b, defaults={"changed_at": timezone.now() - dt.timedelta(days=89)}
    )
    response = api.get("/api/v1/tasks/")
    assert response.status_code == 403 and "90 天" in response.json()["detail"]
    assert other.get("/api/v1/tasks/").status_code == 200


def test_without_the_policy_or_without_a_local_password_the_api_is_not_blocked(
    settings: Any, staff_a: User, staff_b: User
) -> None:
    PasswordState.objects.update_or_create(user=staff_a, defaults={"must_change": True})
    settings.PASSWORD_CHANGE_AFTER_RESET = False
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert token_client(staff_a).get("/api/v1/tasks/").status_code == 200
    # A directory / single sign-on account changes its password where it logs in.
    settings.PASSWORD_CHANGE_AFTER_RESET = True
    assert token_client(staff_a).get("/api/v1/tasks/").status_code == 403
    staff_b.set_unusable_password()
    staff_b.save()
    PasswordState.objects.update_or_create(user=staff_b, defaults={"must_change": True})
    assert token_client(staff_b).get("/api/v1/tasks/").status_code == 200


def test_the_token_lookup_reads_the_password_state_in_the_same_query(
    settings: Any, staff_a: User, staff_b: User
) -> None:
    """One query for token, user and password state (issue #17: every API
    request paid a second one); the rule reads that state, a missing row included."""
    settings.PASSWORD_MAX_AGE_DAYS = 90
    old = timezone.now() - dt.timedelta(days=91)
    PasswordState.objects.filter(user__in=[staff_a, staff_b]).delete()
    User.objects.filter(pk=staff_a.pk).update(date_joined=old)  # no row: joined counts
    api, other = token_client(staff_a), token_client(staff_b)
    with CaptureQueriesContext(connection) as queries:
        assert other.get("/api/v1/departments/").status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    assert any("authtoken_token" in q and "security_passwordstate" in q for q in sqls)
    assert not any("security_passwordstate" in q and "authtoken_token" not in q for q in sqls)
    response = api.get("/api/v1/departments/")
    assert response.status_code == 403 and "90 天" in response.json()["detail"]
    PasswordState.objects.create(user=staff_a, changed_at=timezone.now())
    assert api.get("/api/v1/departments/").status_code == 200
    PasswordState.objects.filter(user=staff_a).update(must_change=True)
    settings.PASSWORD_CHANGE_AFTER_RESET = True
    assert api.get("/api/v1/departments/").status_code == 403


def test_a_web_session_reads_the_password_state_once_per_password(
    settings: Any, staff_a: User, login: Callable[[User], Client]
) -> None:
    """Pages read the password state on a session's first page, then from the
    session (issue #17: one query on every page); a new password — the only way
    the state changes — is read afresh, and the age is judged on every page."""
    settings.PASSWORD_MAX_AGE_DAYS = 90
    PasswordState.objects.filter(user=staff_a).update(changed_at=timezone.now())
    client = login(staff_a)

    def state_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tasks/").status_code == 200
        return sum("security_passwordstate" in q["sql"] for q in queries.captured_queries)

    assert state_queries() == 1
    assert state_queries() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        client.force_login(staff_a)  # 30 idle minutes ended the other session
        for _ in range(2):  # read, then from the session: too old either way
            response = client.get("/tasks/")
            assert response.status_code == 302 and response["Location"] == "/password/"
        response = client.post(
            "/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "Own-Choice-2024x",
                "new_password2": "Own-Choice-2024x",
            },
        )
        assert response.status_code == 302
        # The session goes on with the new password's hash: the new state is read.
        assert state_queries() == 1
        assert state_queries() == 0


# --- sessions ---------------------------------------------------------------------------------


def test_thirty_idle_minutes_end_the_session(staff_a: User) -> None:
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert (
            client.post("/login/", {"username": "staff_a", "password": PASSWORD}).status_code == 302
        )
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get("/tasks/").status_code == 200  # activity renews the session
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert client.get("/tasks/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=89), tick=False):
        response = client.get("/tasks/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_concurrent_sessions_are_limited_oldest_ended_first(settings: Any, staff_a: User) -> None:
    settings.SESSION_MAX_PER_USER = 2
    clients = [Client() for _ in range(3)]
    for client in clients:
        assert (
            client.post("/login/", {"username": "staff_a", "password": PASSWORD}).status_code == 302
        )
    first = clients[0].get("/tasks/")
    assert first.status_code == 302 and first["Location"].startswith("/login/")
    assert all(client.get("/tasks/").status_code == 200 for client in clients[1:])
    assert AuditEvent.objects.filter(action="session_ended", actor=staff_a).count() == 1


# --- audit ------------------------------------------------------------------------------------


def test_logins_failures_lockouts_and_exports_are_audited(
    settings: Any, staff_a: User, supervisor: User, login: Callable[[User], Client]
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post("/login/", {"username": "staff_a", "password": "wrong-password"})
    assert AuditEvent.objects.filter(action="login_failed").count() >= 3
    assert AuditEvent.objects.filter(action="lockout", object_repr="staff_a").exists()
    other = Client()
    other.post("/login/", {"username": "supervisor", "password": PASSWORD})
    assert AuditEvent.objects.filter(action="login", actor=supervisor).exists()
    b"".join(other.get("/exports/ledger.csv").streaming_content)
    b"".join(other.get("/audit/export.csv").streaming_content)
    actions = set(AuditEvent.objects.filter(actor=supervisor).values_list("action", flat=True))
    assert "audit_export" in actions
    assert any("export" in action for action in actions - {"audit_export"})


def test_no_role_can_delete_or_change_audit_records(
    admins: dict[str, User], supervisor: User, login: Callable[[User], Client]
) -> None:
    login(supervisor)  # writes a login event
    event = AuditEvent.objects.first()
    assert event is not None
    for user in [*admins.values(), supervisor]:
        client = login(user)
        # 403 inside the site; the supervisor does not enter it (302 to its login).
        assert client.post(
            f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code in (302, 403)
        assert client.delete(f"/api/v1/audit/{event.pk}/").status_code in (403, 405)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.postgres
def test_postgres_refuses_deleting_audit_rows_even_in_raw_sql(supervisor: User) -> None:
    from django.db import DatabaseError, transaction

    Client().force_login(supervisor)
    assert AuditEvent.objects.exists()
    for statement in ("DELETE FROM audit_auditevent", "UPDATE audit_auditevent SET action = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.exclude(action="x").exists()
