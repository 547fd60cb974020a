"""免登 from the DingTalk and WeCom workbench, against the local platform servers."""

from __future__ import annotations

import urllib.parse

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.tracker.fake_workapps import FakeDingTalk, FakeWeCom
from tracker.identity.models import Source, UserIdentity
from tracker.org.models import Role, User

pytestmark = pytest.mark.django_db


def start(client: Client, path: str) -> dict[str, str]:
    response = client.get(path + "?next=/tasks/")
    assert response.status_code == 302
    return {
        k: v[0]
        for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query).items()
    }


def link(user: User, **ids: str) -> None:
    UserIdentity.objects.create(user=user, source=Source.LOCAL, **ids)


def test_wecom_workbench_logs_the_linked_person_in(wecom: FakeWeCom) -> None:
    zhang = make_user("zhangsan", Role.HEAD, None)
    link(zhang, wecom_userid="zhangsan")
    client = Client()
    query = start(client, "/sso/wecom/")
    assert (query["appid"], query["scope"], query["redirect_uri"]) == (
        "ww-corp",
        "snsapi_base",
        "http://testserver/sso/wecom/",
    )
    wecom.state.codes["CODE1"] = "zhangsan"  # what WeCom hands the browser

    response = client.get(f"/sso/wecom/?code=CODE1&state={query['state']}")

    assert response.status_code == 302 and response["Location"] == "/tasks/"
    assert int(client.session["_auth_user_id"]) == zhang.pk
    # The code is single-use: replaying it logs nobody in.
    replay = Client()
    state = start(replay, "/sso/wecom/")["state"]
    assert replay.get(f"/sso/wecom/?code=CODE1&state={state}")["Location"] == "/login/"
    assert "_auth_user_id" not in replay.session


def test_wecom_unknown_member_gets_a_message_and_nothing_is_created(wecom: FakeWeCom) -> None:
    client = Client()
    state = start(client, "/sso/wecom/")["state"]
    wecom.state.codes["C2"] = "lisi"
    assert client.get(f"/sso/wecom/?code=C2&state={state}")["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert "您的企业微信账号（lisi）尚未与督办系统用户关联" in page
    assert not User.objects.exists()


def test_wecom_wrong_state_is_refused(wecom: FakeWeCom) -> None:
    zhang = make_user("zhangsan", Role.HEAD, None)
    link(zhang, wecom_userid="zhangsan")
    client = Client()
    start(client, "/sso/wecom/")
    wecom.state.codes["C3"] = "zhangsan"
    assert client.get("/sso/wecom/?code=C3&state=forged")["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert "C3" in wecom.state.codes  # never even asked WeCom


def test_self_entered_ids_do_not_open_the_account(wecom: FakeWeCom) -> None:
    zhang = make_user("zhangsan", Role.HEAD, None)
    link(zhang, wecom_userid="zhangsan", ids_entered_by_user=True)
    client = Client()
    state = start(client, "/sso/wecom/")["state"]
    wecom.state.codes["C4"] = "zhangsan"
    assert client.get(f"/sso/wecom/?code=C4&state={state}")["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_dingtalk_workbench_logs_the_linked_person_in(
    dingtalk: FakeDingTalk, settings: pytest.FixtureRequest
) -> None:
    wang = make_user("wangwu", Role.LEADER, None)
    link(wang, dingtalk_userid="u001")
    client = Client()
    query = start(client, "/sso/dingtalk/")
    assert (query["client_id"], query["response_type"]) == ("ding-key", "code")
    dingtalk.state.codes["AUTH1"] = "u001"

    response = client.get(f"/sso/dingtalk/?authCode=AUTH1&state={query['state']}")

    assert response["Location"] == "/tasks/"
    assert int(client.session["_auth_user_id"]) == wang.pk


def test_dingtalk_bad_code_and_deactivated_person(
    dingtalk: FakeDingTalk, settings: pytest.FixtureRequest
) -> None:
    wang = make_user("wangwu", Role.LEADER, None, is_active=False)
    link(wang, dingtalk_userid="u001")
    client = Client()
    state = start(client, "/sso/dingtalk/")["state"]
    assert client.get(f"/sso/dingtalk/?authCode=NOPE&state={state}")["Location"] == "/login/"
    assert "登录码无效或已过期" in client.get("/login/").content.decode()
    state = start(client, "/sso/dingtalk/")["state"]
    dingtalk.state.codes["AUTH2"] = "u001"
    assert client.get(f"/sso/dingtalk/?authCode=AUTH2&state={state}")["Location"] == "/login/"
    assert "该账号已停用" in client.get("/login/").content.decode()


def test_workbench_login_is_off_until_configured() -> None:
    assert Client().get("/sso/wecom/").status_code == 404
    assert Client().get("/sso/dingtalk/").status_code == 404
