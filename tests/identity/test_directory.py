"""Directory login and sync against a real slapd (tests/identity/slapd.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import PASSWORD, make_user
from tests.identity.conftest import FAGUI, GROUPS, LEADERS, PASSWORDS, PEOPLE, ZHIBAN, person
from tests.identity.slapd import Slapd
from tracker.identity.models import DirectorySyncRun, DirectoryUnit, Source, UserIdentity
from tracker.org.models import Department, Role, User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db


def sync() -> dict[str, object]:
    out = StringIO()
    call_command("sync_directory", stdout=out)
    return json.loads(out.getvalue())


def test_sync_maps_units_to_departments_and_groups_to_roles(ldap_directory: Slapd) -> None:
    counts = sync()

    fagui = Department.objects.get(name="政策法规处")
    zhihui = Department.objects.get(name="应急指挥中心")
    zhiban = Department.objects.get(name="值班室")
    assert zhiban.parent == zhihui and zhihui.parent is None and fagui.parent is None
    assert not Department.objects.filter(name="people").exists()  # the base is the organisation

    zhang = User.objects.get(username="zhangsan")
    assert (zhang.full_name, zhang.role, zhang.department, zhang.phone, zhang.title) == (
        "张三",
        Role.HEAD,
        fagui,
        "13800000001",
        "处长",
    )
    assert zhang.identity.dingtalk_userid == "ding-001"
    assert zhang.identity.source == Source.DIRECTORY
    assert not zhang.has_usable_password()  # logs in against the directory only
    assert User.objects.get(username="wangwu").role == Role.LEADER
    lisi = User.objects.get(username="lisi")
    assert (lisi.role, lisi.department) == (Role.STAFF, zhiban)
    assert counts["users_created"] == 3 and counts["departments_created"] == 4
    # secadmin is reserved for an administrator's local account: never taken from the directory.
    assert counts["skipped_local"] == ["secadmin"]
    assert not User.objects.filter(username="secadmin").exists()


def test_second_sync_changes_nothing(ldap_directory: Slapd) -> None:
    sync()
    again = sync()
    assert again["users_created"] == again["users_updated"] == again["users_deactivated"] == 0
    assert again["departments_created"] == again["departments_updated"] == 0
    assert DirectorySyncRun.objects.count() == 2


def test_local_administrator_accounts_are_never_taken_over(ldap_directory: Slapd) -> None:
    admin = make_user("secadmin", Role.SUPERVISOR, None, full_name="安全保密管理员")
    root = User.objects.create_superuser("root", "root@example.gov.cn", PASSWORD)
    ldap_directory.add(f"uid=root,{FAGUI}", **person("root", "目录里的 root"))

    counts = sync()

    assert sorted(counts["skipped_local"]) == ["root", "secadmin"]  # type: ignore[arg-type]
    admin.refresh_from_db()
    root.refresh_from_db()
    assert admin.full_name == "安全保密管理员" and admin.has_usable_password()
    assert root.full_name == "" and root.is_active and not hasattr(root, "identity")
    # Their directory password opens nothing; their local one still does.
    client = Client()
    response = client.post("/login/", {"username": "secadmin", "password": "Other-LDAP-9"})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    response = client.post("/login/", {"username": "secadmin", "password": PASSWORD})
    assert response.status_code == 302


def test_leavers_are_deactivated_not_deleted_and_keep_their_tasks(
    ldap_directory: Slapd, supervisor: User
) -> None:
    sync()
    lisi = User.objects.get(username="lisi")
    task = Task.objects.create(
        title="值班值守制度修订",
        lead_department=lisi.department,
        responsible=lisi,
        due_on="2022-12-31",
        created_by=supervisor,
    )
    ldap_directory.delete(f"uid=lisi,{ZHIBAN}")

    counts = sync()

    lisi.refresh_from_db()
    assert counts["users_deactivated"] == 1
    assert not lisi.is_active and lisi.identity.left_at is not None
    task.refresh_from_db()
    assert task.responsible == lisi
    response = Client().post("/login/", {"username": "lisi", "password": PASSWORDS["lisi"]})
    assert response.status_code == 200  # no login for a leaver
    # Coming back (re-hired) reactivates the same account.
    ldap_directory.add(f"uid=lisi,{ZHIBAN}", **person("lisi", "李四"))
    assert sync()["users_reactivated"] == 1
    lisi.refresh_from_db()
    assert lisi.is_active and lisi.identity.left_at is None


def test_moves_between_units_and_groups_follow_the_directory(ldap_directory: Slapd) -> None:
    sync()
    ldap_directory.replace(f"cn=duban-heads,{GROUPS}", "member", [f"uid=lisi,{ZHIBAN}"])
    conn = ldap_directory.admin()
    conn.rename_s(f"uid=zhangsan,{FAGUI}", "uid=zhangsan", ZHIBAN)
    conn.unbind_s()

    sync()

    zhang = User.objects.get(username="zhangsan")
    assert zhang.department.name == "值班室" and zhang.role == Role.STAFF
    assert User.objects.get(username="lisi").role == Role.HEAD
    assert UserIdentity.objects.filter(
        user=zhang, directory_dn__startswith="uid=zhangsan,ou=值班室"
    )


def test_removed_unit_deactivates_its_department(ldap_directory: Slapd) -> None:
    sync()
    ldap_directory.delete(f"uid=wangwu,{LEADERS}")
    ldap_directory.delete(LEADERS)
    counts = sync()
    assert counts["departments_deactivated"] == 1
    unit = DirectoryUnit.objects.get(dn__startswith="ou=厅领导")
    assert not unit.department.is_active and Department.objects.filter(name="厅领导").exists()


def test_existing_department_of_the_same_name_is_adopted(
    ldap_directory: Slapd, dept_a: Department
) -> None:
    assert dept_a.name == "政策法规处"
    sync()
    assert Department.objects.filter(name="政策法规处").count() == 1
    assert User.objects.get(username="zhangsan").department == dept_a


def test_login_with_the_directory_password(ldap_directory: Slapd) -> None:
    client = Client()
    response = client.post("/login/", {"username": "zhangsan", "password": PASSWORDS["zhangsan"]})
    assert response.status_code == 302
    zhang = User.objects.get(username="zhangsan")
    assert zhang.role == Role.HEAD and zhang.department.name == "政策法规处"
    assert client.get("/").status_code == 200

    wrong = Client().post("/login/", {"username": "zhangsan", "password": "Not-It-1"})
    assert wrong.status_code == 200 and "用户名或密码不正确" in wrong.content.decode()
    unknown = Client().post("/login/", {"username": "nobody", "password": "Not-It-1"})
    assert unknown.status_code == 200
    assert not User.objects.filter(username="nobody").exists()


def test_sync_fails_cleanly_when_the_directory_is_unreachable(
    ldap_directory: Slapd, settings: pytest.FixtureRequest
) -> None:
    sync()
    settings.LDAP_SERVER_URI = "ldap://127.0.0.1:1"  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="目录同步失败，未做任何更改"):
        sync()
    assert User.objects.filter(identity__source=Source.DIRECTORY, is_active=True).count() == 3
    assert DirectorySyncRun.objects.first().error  # type: ignore[union-attr]


def test_sync_refuses_to_deactivate_everyone_on_an_empty_answer(
    ldap_directory: Slapd, settings: pytest.FixtureRequest
) -> None:
    sync()
    settings.LDAP_USER_FILTER = "(objectClass=posixAccount)"  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="为防止误停用账号"):
        sync()
    assert User.objects.filter(identity__source=Source.DIRECTORY, is_active=True).count() == 3


def test_active_directory_shape_login_attribute_and_disabled_flag(
    ldap_directory: Slapd, settings: pytest.FixtureRequest
) -> None:
    settings.LDAP_LOGIN_ATTR = "sAMAccountName"  # type: ignore[attr-defined]
    settings.LDAP_USER_FILTER = "(objectClass=person)"  # type: ignore[attr-defined]
    entries = {
        f"uid=zhangsan,{FAGUI}": "512",
        f"uid=lisi,{ZHIBAN}": "514",  # 512 + ACCOUNTDISABLE
        f"uid=wangwu,{LEADERS}": "66048",  # 512 + DONT_EXPIRE_PASSWORD
    }
    for dn, control in entries.items():
        uid = dn.split(",")[0].split("=")[1]
        ldap_directory.replace(dn, "sAMAccountName", [f"ad_{uid}"])
        ldap_directory.replace(dn, "userAccountControl", [control])

    sync()

    assert User.objects.get(username="ad_zhangsan").is_active
    assert not User.objects.get(username="ad_lisi").is_active  # ACCOUNTDISABLE
    client = Client()
    ok = client.post("/login/", {"username": "ad_zhangsan", "password": PASSWORDS["zhangsan"]})
    assert ok.status_code == 302
    refused = Client().post("/login/", {"username": "ad_lisi", "password": PASSWORDS["lisi"]})
    assert refused.status_code == 200


def test_role_from_an_attribute(ldap_directory: Slapd, settings: pytest.FixtureRequest) -> None:
    settings.LDAP_ROLE_GROUPS = ""  # type: ignore[attr-defined]
    settings.LDAP_ROLE_ATTR = "employeeType"  # type: ignore[attr-defined]
    settings.LDAP_ROLE_VALUES = "supervisor=督办管理员;leader=厅领导"  # type: ignore[attr-defined]
    ldap_directory.replace(f"uid=lisi,{ZHIBAN}", "employeeType", ["督办管理员"])
    sync()
    assert User.objects.get(username="lisi").role == Role.SUPERVISOR
    assert User.objects.get(username="zhangsan").role == Role.STAFF


def test_command_without_a_directory_says_so(settings: pytest.FixtureRequest) -> None:
    settings.LDAP_SERVER_URI = ""  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="未配置目录服务器"):
        call_command("sync_directory")


def test_beat_runs_the_sync_only_when_a_directory_is_configured() -> None:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','tracker.settings');"
        "from django.conf import settings;"
        "print('directory-sync' in settings.CELERY_BEAT_SCHEDULE)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LDAP_")}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "LDAP_SERVER_URI": "ldap://127.0.0.1:389", "LDAP_USER_BASE": PEOPLE},
        capture_output=True,
        text=True,
    )
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True")
