"""CAS single sign-on against a real CAS server (django-cas-server, its own process)."""

from __future__ import annotations

import time
import urllib.parse

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.identity.providers import CAS_ACCOUNTS, Browser, ProviderProcess
from tracker.identity.models import Source, UserIdentity
from tracker.org.models import Role, User

pytestmark = pytest.mark.django_db


def cas_login(client: Client, browser: Browser, username: str, password: str) -> str:
    start = client.get("/sso/cas/login/?next=/tasks/")
    assert start.status_code == 302
    assert browser.go(start["Location"]) is None  # the CAS login page
    back = browser.submit(browser.last.url, {"username": username, "password": password})  # type: ignore[union-attr]
    assert back is not None and "ticket=ST-" in back, browser.last.text  # type: ignore[union-attr]
    response = client.get(back)
    assert response.status_code == 302
    return str(response["Location"])


def test_cas_is_off_until_configured() -> None:
    assert Client().get("/sso/cas/login/").status_code == 404
    assert "CAS" not in Client().get("/login/").content.decode()


def test_known_person_logs_in_and_is_linked(cas: ProviderProcess) -> None:
    lisi = make_user("lisi", Role.STAFF, None, full_name="李四")
    client = Client()
    assert "/sso/cas/login/" in client.get("/login/").content.decode()  # its button

    assert cas_login(client, Browser(), "lisi", CAS_ACCOUNTS["lisi"]) == "/tasks/"

    assert int(client.session["_auth_user_id"]) == lisi.pk
    assert client.get("/tasks/").status_code == 200
    identity = UserIdentity.objects.get(user=lisi)
    assert (identity.source, identity.external_subject) == (Source.CAS, "lisi")


def test_wrong_password_at_the_cas_server(cas: ProviderProcess) -> None:
    make_user("lisi", Role.STAFF, None)
    client, browser = Client(), Browser()
    browser.go(client.get("/sso/cas/login/")["Location"])
    assert browser.submit(browser.last.url, {"username": "lisi", "password": "wrong"}) is None  # type: ignore[union-attr]
    assert "_auth_user_id" not in client.session


def test_unknown_person_gets_a_clear_message_and_nothing_is_created(cas: ProviderProcess) -> None:
    client = Client()
    assert cas_login(client, Browser(), "newcomer", CAS_ACCOUNTS["newcomer"]) == "/login/"
    page = client.get("/login/").content.decode()
    assert "督办系统中没有与账号“newcomer”对应的用户" in page
    assert not User.objects.exists()


def test_auto_provisioning_uses_the_released_attributes(
    cas: ProviderProcess, settings: pytest.FixtureRequest
) -> None:
    settings.SSO_AUTO_PROVISION = True  # type: ignore[attr-defined]
    client = Client()
    assert cas_login(client, Browser(), "newcomer", CAS_ACCOUNTS["newcomer"]) == "/tasks/"
    user = User.objects.get(username="newcomer")
    assert (user.full_name, user.email, user.role) == (
        "新同事",
        "newcomer@yjt.example.gov.cn",
        Role.STAFF,
    )


def test_local_administrator_refused(cas: ProviderProcess) -> None:
    make_user("secadmin", Role.SUPERVISOR, None)
    client = Client()
    assert cas_login(client, Browser(), "secadmin", CAS_ACCOUNTS["secadmin"]) == "/login/"
    assert "管理员账号只能使用本地密码登录" in client.get("/login/").content.decode()


def test_forged_ticket_logs_nobody_in(cas: ProviderProcess) -> None:
    make_user("lisi", Role.STAFF, None)
    client = Client()
    response = client.get("/sso/cas/login/?ticket=ST-forged-0000")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "票据无效或已过期" in client.get("/login/").content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_both_sessions(cas: ProviderProcess) -> None:
    make_user("lisi", Role.STAFF, None)
    client, browser = Client(), Browser()
    cas_login(client, browser, "lisi", CAS_ACCOUNTS["lisi"])

    response = client.post("/logout/")

    assert response.status_code == 302
    logout_url = response["Location"]
    assert logout_url.startswith(f"{cas.url}/cas/logout?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(logout_url).query)
    assert query["service"] == ["http://testserver/login/"]
    assert client.get("/tasks/").status_code == 302
    assert browser.go(logout_url) == "/login/"
    # The CAS session is over: the next login asks for the password again.
    assert browser.go(Client().get("/sso/cas/login/")["Location"]) is None
    assert 'name="password"' in browser.last.text  # type: ignore[union-attr]


def test_logging_out_at_the_cas_server_ends_the_duban_session(
    cas: ProviderProcess, live_server: object
) -> None:
    """Single logout: the CAS server tells Duban (served for real here) to end the session."""
    make_user("lisi", Role.STAFF, None)
    duban = str(live_server.url)  # type: ignore[attr-defined]
    browser = Browser()
    assert browser.go(f"{duban}/sso/cas/login/?next=/tasks/") is None
    browser.submit(browser.last.url, {"username": "lisi", "password": CAS_ACCOUNTS["lisi"]})  # type: ignore[union-attr]
    tasks = browser.session.get(f"{duban}/tasks/", allow_redirects=False)
    assert tasks.status_code == 200

    browser.session.get(f"{cas.url}/cas/logout", timeout=20)

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        tasks = browser.session.get(f"{duban}/tasks/", allow_redirects=False)
        if tasks.status_code == 302:
            break
        time.sleep(0.2)
    assert tasks.status_code == 302 and "/login/" in tasks.headers["Location"]
