"""The foundation: login, pages behind login, settings, demo data, visibility."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import get_password_validators, validate_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tracker.audit.models import AuditEvent
from tracker.demo.seeding import DEMO_PASSWORD, FORMER_DEMO_PASSWORDS
from tracker.org.models import Department, User
from tracker.tasks.models import Task

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_login_with_the_right_password_opens_my_tasks(staff_a: User, task_a: Task) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert "我的待办" in page.content.decode()
    assert task_a.title in page.content.decode()
    assert AuditEvent.objects.filter(action="login", actor=staff_a).exists()


@pytest.mark.django_db
def test_wrong_password_is_refused_in_chinese(staff_a: User) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", object_repr="staff_a").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/tasks/", "/tasks/1/", "/admin/"],
)
def test_every_page_needs_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_api_without_token_gets_nothing(task_a: Task) -> None:
    response = Client().get("/api/v1/schema/")
    assert response.status_code in (200, 401, 403)
    token = Client().post("/api/v1/auth/token/", {"username": "nobody", "password": "x"})
    assert token.status_code == 400


@pytest.mark.django_db
def test_api_token_login_returns_a_token(staff_a: User) -> None:
    response = Client().post("/api/v1/auth/token/", {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


@pytest.mark.django_db
def test_login_page_is_chinese_and_loads_nothing_from_outside() -> None:
    html = Client().get(reverse("login")).content.decode()
    assert "登录督办系统" in html
    assert 'lang="zh-hans"' in html
    for outside in ("http://", "https://", "//cdn"):
        assert f'src="{outside}' not in html and f'href="{outside}' not in html


@pytest.mark.django_db
def test_language_switch_to_english(staff_a: User, login) -> None:  # type: ignore[no-untyped-def]
    client = login(staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "My to-do" in html


@pytest.mark.django_db
def test_other_division_sees_no_task_and_gets_404(
    task_a: Task,
    task_b: Task,
    staff_b: User,
    head_b: User,
    login,  # type: ignore[no-untyped-def]
) -> None:
    for user in (staff_b, head_b):
        client = login(user)
        listing = client.get(reverse("task-list")).content.decode()
        assert task_a.title not in listing
        assert task_b.title in listing
        assert client.get(reverse("task-detail", args=[task_a.pk])).status_code == 404
        assert client.get(reverse("task-detail", args=[task_b.pk])).status_code == 200


@pytest.mark.django_db
def test_cooperating_division_and_leader_see_the_task(
    task_a: Task, dept_c: Department, head_c: User, leader: User, supervisor: User
) -> None:
    assert not Task.objects.visible_to(head_c).filter(pk=task_a.pk).exists()
    task_a.cooperating_departments.add(dept_c)
    assert Task.objects.visible_to(head_c).filter(pk=task_a.pk).exists()
    assert Task.objects.visible_to(leader).filter(pk=task_a.pk).exists()
    assert Task.objects.visible_to(supervisor).filter(pk=task_a.pk).exists()


@pytest.mark.django_db
def test_head_of_a_parent_department_sees_the_child_divisions_tasks(
    dept_a: Department, head_b: User, task_a: Task
) -> None:
    dept_a.parent = head_b.department
    dept_a.save()
    assert Task.objects.visible_to(head_b).filter(pk=task_a.pk).exists()


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_counts() -> None:
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    first = (Department.objects.count(), User.objects.count(), Task.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    second = (Department.objects.count(), User.objects.count(), Task.objects.count())
    assert first == second
    assert first[0] >= 8 and first[1] >= 6
    assert User.objects.get(username="supervisor").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_demo_password_meets_the_password_rule_for_every_demo_account() -> None:
    """The rule #11 enforces (12 characters, three classes, not like the account's
    names): the printed demo password passes every validator for every demo account."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    people = User.objects.filter(email__endswith="@example.gov.cn")
    assert people.count() >= 13
    # Every validator but the history one (the password is, rightly, already in use).
    rules = get_password_validators(
        [v for v in settings.AUTH_PASSWORD_VALIDATORS if "History" not in v["NAME"]]
    )
    assert len(rules) == len(settings.AUTH_PASSWORD_VALIDATORS) - 1
    for user in people:
        validate_password(DEMO_PASSWORD, user, rules)  # raises ValidationError with the reason
        assert user.check_password(DEMO_PASSWORD), user.username
    assert len(DEMO_PASSWORD) >= 12


@pytest.mark.django_db
def test_an_older_demo_database_gets_the_current_demo_password_and_others_keep_theirs() -> None:
    """make run reuses var/: accounts seeded with the former 10-character password get
    the printed one; a demo account whose owner changed it, and other people, keep theirs."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    old = FORMER_DEMO_PASSWORDS[0]
    staff = User.objects.get(username="fagui_staff")
    staff.set_password(old)
    staff.save()
    head = User.objects.get(username="fagui_head")
    head.set_password("Own-Choice-2026x")
    head.save()
    outsider = User.objects.create_user("outsider", password=old)
    output = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=output)
    assert DEMO_PASSWORD in output.getvalue()
    staff.refresh_from_db(), head.refresh_from_db(), outsider.refresh_from_db()
    assert staff.check_password(DEMO_PASSWORD) and not staff.check_password(old)
    assert head.check_password("Own-Choice-2026x")
    assert outsider.check_password(old)


def _django_setup(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _django_setup({"DUBAN_ENV": "production", "ALLOWED_HOSTS": "duban.example.gov.cn"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _django_setup({"DUBAN_ENV": "production", "SECRET_KEY": "k" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_key_and_hosts(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("s" * 50)
    result = _django_setup(
        {
            "DUBAN_ENV": "production",
            "SECRET_KEY_FILE": str(key_file),
            "ALLOWED_HOSTS": "duban.example.gov.cn",
            # Production also needs real services (tests/tracker/ops/test_production_settings.py).
            "DATABASE_URL": "postgres://duban@127.0.0.1:5432/duban",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp://127.0.0.1:25",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.django_db
def test_system_checks_with_the_database_print_no_warning() -> None:
    """`make run` on SQLite printed 'models.W040 … Silence this warning' at every
    start (the covering index's INCLUDE, which only PostgreSQL uses): an IT
    department installing Duban reads a WARNING as something to fix."""
    from django.core.management import call_command

    call_command("check", databases=["default"], fail_level="WARNING", stdout=io.StringIO())
