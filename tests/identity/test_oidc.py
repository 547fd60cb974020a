"""OIDC single sign-on against a real provider (panva/oidc-provider under Node.js)."""

from __future__ import annotations

import urllib.parse

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.identity.providers import OIDC_ACCOUNTS, Browser, ProviderProcess
from tracker.identity.models import Source, UserIdentity
from tracker.org.models import Role, User

pytestmark = pytest.mark.django_db


def sso_login(client: Client, browser: Browser, username: str, password: str) -> str:
    """Click 统一身份认证登录, sign in at the provider, come back; return where Duban sent us."""
    start = client.get("/sso/oidc/login/?next=/tasks/")
    assert start.status_code == 302
    assert browser.go(start["Location"]) is None  # the provider's login page
    assert browser.last is not None and 'name="login"' in browser.last.text
    back = browser.submit(browser.last.url, {"login": username, "password": password})
    assert back is not None and back.startswith("/sso/oidc/callback/?"), browser.last.text
    response = client.get(back)
    assert response.status_code == 302
    return str(response["Location"])


def test_login_page_offers_sso_only_when_configured(settings: pytest.FixtureRequest) -> None:
    assert "统一身份认证登录" not in Client().get("/login/").content.decode()
    assert Client().get("/sso/oidc/login/").status_code == 404
    settings.OIDC_RP_CLIENT_ID = "x"  # type: ignore[attr-defined]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/auth"  # type: ignore[attr-defined]
    assert "统一身份认证登录" in Client().get("/login/").content.decode()


def test_known_person_logs_in_and_the_account_is_linked(oidc: ProviderProcess) -> None:
    zhang = make_user("zhangsan", Role.HEAD, None, full_name="张三")
    client = Client()

    assert (
        sso_login(client, Browser(), "zhangsan", OIDC_ACCOUNTS["zhangsan"]["password"]) == "/tasks/"
    )

    assert client.get("/tasks/").status_code == 200
    assert int(client.session["_auth_user_id"]) == zhang.pk
    identity = UserIdentity.objects.get(user=zhang)
    assert (identity.source, identity.external_subject) == (Source.OIDC, "zhangsan")
    assert User.objects.count() == 1


def test_wrong_password_at_the_provider_gets_nobody_in(oidc: ProviderProcess) -> None:
    make_user("zhangsan", Role.HEAD, None)
    client, browser = Client(), Browser()
    start = client.get("/sso/oidc/login/")
    browser.go(start["Location"])
    assert browser.last is not None
    assert browser.submit(browser.last.url, {"login": "zhangsan", "password": "wrong"}) is None
    assert "用户名或密码错误" in browser.last.text
    assert "_auth_user_id" not in client.session


def test_unknown_person_gets_a_clear_message_and_nothing_is_created(oidc: ProviderProcess) -> None:
    client = Client()
    where = sso_login(client, Browser(), "newcomer", OIDC_ACCOUNTS["newcomer"]["password"])
    assert where == "/login/"
    page = client.get("/login/").content.decode()
    assert "督办系统中没有与账号“newcomer”对应的用户" in page
    assert "请联系督办管理员开通账号" in page
    assert not User.objects.exists() and not UserIdentity.objects.exists()
    assert client.get("/tasks/").status_code == 302


def test_auto_provisioning_creates_a_staff_account(
    oidc: ProviderProcess, settings: pytest.FixtureRequest
) -> None:
    settings.SSO_AUTO_PROVISION = True  # type: ignore[attr-defined]
    client = Client()
    assert (
        sso_login(client, Browser(), "newcomer", OIDC_ACCOUNTS["newcomer"]["password"]) == "/tasks/"
    )
    user = User.objects.get(username="newcomer")
    assert (user.full_name, user.email, user.role, user.department) == (
        "新同事",
        "newcomer@yjt.example.gov.cn",
        Role.STAFF,
        None,
    )
    assert not user.has_usable_password()
    # The second login finds the same account through the linked subject.
    assert sso_login(Client(), Browser(), "newcomer", OIDC_ACCOUNTS["newcomer"]["password"])
    assert User.objects.filter(username="newcomer").count() == 1


def test_local_administrator_cannot_come_in_through_the_platform(
    oidc: ProviderProcess, settings: pytest.FixtureRequest
) -> None:
    settings.SSO_AUTO_PROVISION = True  # type: ignore[attr-defined]
    make_user("secadmin", Role.SUPERVISOR, None)
    client = Client()
    assert (
        sso_login(client, Browser(), "secadmin", OIDC_ACCOUNTS["secadmin"]["password"]) == "/login/"
    )
    assert "管理员账号只能使用本地密码登录" in client.get("/login/").content.decode()
    assert not UserIdentity.objects.exists()


def test_deactivated_person_is_refused(oidc: ProviderProcess) -> None:
    zhang = make_user("zhangsan", Role.HEAD, None)
    zhang.is_active = False
    zhang.save()
    client = Client()
    assert (
        sso_login(client, Browser(), "zhangsan", OIDC_ACCOUNTS["zhangsan"]["password"]) == "/login/"
    )
    assert "该账号已停用" in client.get("/login/").content.decode()


def test_logout_ends_both_sessions(oidc: ProviderProcess) -> None:
    make_user("zhangsan", Role.HEAD, None)
    client, browser = Client(), Browser()
    sso_login(client, browser, "zhangsan", OIDC_ACCOUNTS["zhangsan"]["password"])

    response = client.post("/logout/")

    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc.url}/session/end?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/tasks/").status_code == 302  # Duban's session is over
    # The provider asks to confirm, then sends the person back to Duban's login page.
    assert browser.go(end_session) is None
    assert browser.submit(browser.last.url, {"logout": "yes"}) == "/login/"  # type: ignore[union-attr]
    # The provider's session is over too: the next SSO login asks for the password again.
    start = Client().get("/sso/oidc/login/")
    assert browser.go(start["Location"]) is None
    assert 'name="password"' in browser.last.text  # type: ignore[union-attr]


def test_a_forged_callback_logs_nobody_in(oidc: ProviderProcess) -> None:
    make_user("zhangsan", Role.HEAD, None)
    client = Client()
    client.get("/sso/oidc/login/")
    response = client.get("/sso/oidc/callback/?code=forged&state=forged")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
