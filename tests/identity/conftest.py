"""A real slapd for the directory tests, with a small 应急管理厅 directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.identity.providers import (
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    ProviderProcess,
    oidc_available,
    start_cas,
    start_oidc,
)
from tests.identity.slapd import BIND_DN, BIND_PASSWORD, SUFFIX, Slapd, slapd_available

PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
FAGUI = f"ou=政策法规处,{PEOPLE}"
ZHIHUI = f"ou=应急指挥中心,{PEOPLE}"
ZHIBAN = f"ou=值班室,{ZHIHUI}"
LEADERS = f"ou=厅领导,{PEOPLE}"
PASSWORDS = {"zhangsan": "Zhang-LDAP-1", "lisi": "Li-LDAP-2", "wangwu": "Wang-LDAP-3"}


@pytest.fixture(scope="session")
def slapd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    if not slapd_available():
        pytest.skip("需要 OpenLDAP（slapd）：make test 以 root 运行时会自动安装")
    server = Slapd(Path(tmp_path_factory.mktemp("slapd")))
    server.start()
    yield server
    server.stop()


def person(uid: str, name: str, **extra: str | list[str]) -> dict[str, str | list[str]]:
    return {
        "objectClass": ["inetOrgPerson", "extensibleObject"],
        "uid": uid,
        "cn": name,
        "sn": name[0],
        "mail": f"{uid}@yjt.example.gov.cn",
        "userPassword": PASSWORDS.get(uid, "Other-LDAP-9"),
        **extra,
    }


@pytest.fixture
def ldap_directory(slapd_server: Slapd, settings: pytest.FixtureRequest) -> Slapd:
    """The directory, freshly filled, and Duban's settings pointing at it."""
    s = slapd_server
    s.wipe()
    s.add(SUFFIX, objectClass=["dcObject", "organization"], dc="example", o="吉林省应急管理厅")
    s.add(
        BIND_DN,
        objectClass=["organizationalRole", "simpleSecurityObject"],
        cn="duban",
        userPassword=BIND_PASSWORD,
    )
    for dn, name in [(PEOPLE, "people"), (GROUPS, "groups")]:
        s.add(dn, objectClass="organizationalUnit", ou=name)
    for dn in (FAGUI, ZHIHUI, ZHIBAN, LEADERS):
        s.add(dn, objectClass="organizationalUnit", ou=dn.split(",")[0].split("=")[1])
    s.add(
        f"uid=zhangsan,{FAGUI}",
        **person("zhangsan", "张三", mobile="13800000001", title="处长", employeeNumber="ding-001"),
    )
    s.add(f"uid=lisi,{ZHIBAN}", **person("lisi", "李四", mobile="13800000002"))
    s.add(f"uid=wangwu,{LEADERS}", **person("wangwu", "王五", title="副厅长"))
    s.add(f"uid=secadmin,{FAGUI}", **person("secadmin", "冒名的管理员"))
    s.add(
        f"cn=duban-heads,{GROUPS}",
        objectClass="groupOfNames",
        cn="duban-heads",
        member=[f"uid=zhangsan,{FAGUI}"],
    )
    s.add(
        f"cn=duban-leaders,{GROUPS}",
        objectClass="groupOfNames",
        cn="duban-leaders",
        member=[f"uid=wangwu,{LEADERS}"],
    )
    settings.LDAP_SERVER_URI = s.uri  # type: ignore[attr-defined]
    settings.LDAP_BIND_DN = BIND_DN  # type: ignore[attr-defined]
    settings.LDAP_BIND_PASSWORD = BIND_PASSWORD  # type: ignore[attr-defined]
    settings.LDAP_USER_BASE = PEOPLE  # type: ignore[attr-defined]
    settings.LDAP_ATTR_DINGTALK = "employeeNumber"  # type: ignore[attr-defined]
    settings.LDAP_ROLE_GROUPS = (  # type: ignore[attr-defined]
        f"head=cn=duban-heads,{GROUPS};leader=cn=duban-leaders,{GROUPS}"
    )
    settings.LOCAL_ACCOUNTS = ["secadmin"]  # type: ignore[attr-defined]
    return s


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[ProviderProcess]:
    reason = oidc_available()
    if reason:
        pytest.skip(reason)
    provider = start_oidc()
    yield provider
    provider.stop()


@pytest.fixture
def oidc(oidc_provider: ProviderProcess, settings: pytest.FixtureRequest) -> ProviderProcess:
    """Duban configured for the local OIDC provider (as a department would configure it)."""
    url = oidc_provider.url
    settings.OIDC_RP_CLIENT_ID = OIDC_CLIENT_ID  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_SECRET = OIDC_CLIENT_SECRET  # type: ignore[attr-defined]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/auth"  # type: ignore[attr-defined]
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/token"  # type: ignore[attr-defined]
    settings.OIDC_OP_USER_ENDPOINT = f"{url}/me"  # type: ignore[attr-defined]
    settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"  # type: ignore[attr-defined]
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{url}/session/end"  # type: ignore[attr-defined]
    settings.LOCAL_ACCOUNTS = ["secadmin"]  # type: ignore[attr-defined]
    return oidc_provider


@pytest.fixture(scope="session")
def cas_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProviderProcess]:
    provider = start_cas(Path(tmp_path_factory.mktemp("cas")))
    yield provider
    provider.stop()


@pytest.fixture
def cas(cas_provider: ProviderProcess, settings: pytest.FixtureRequest) -> ProviderProcess:
    settings.CAS_SERVER_URL = f"{cas_provider.url}/cas/"  # type: ignore[attr-defined]
    settings.LOCAL_ACCOUNTS = ["secadmin"]  # type: ignore[attr-defined]
    return cas_provider
