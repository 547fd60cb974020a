"""Plain, named fixtures: a supervisor, a leader, and two divisions (A and B)
with a head and a staff member each, in the manner of healthchecks' alice/bob.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from tests.tracker.fake_workapps import AppState, FakeDingTalk, FakeWeCom
from tracker.org.models import Department, Role, User
from tracker.tasks.models import Status, Task

PASSWORD = "Test-Pass-2022"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with a reason, tests whose service is not configured."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords or "redis" in item.keywords:
            # One xdist worker runs all of these, one after another: they
            # share the one Redis database (and flush it) and start workers.
            item.add_marker(pytest.mark.xdist_group("services"))
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="需要 PostgreSQL：设置 DATABASE_URL 后运行"))
        if "redis" in item.keywords and not (has_redis and on_postgres):
            item.add_marker(
                pytest.mark.skip(
                    reason="需要 Redis 与 PostgreSQL：设置 REDIS_URL 和 DATABASE_URL 后运行"
                )
            )


@pytest.fixture(autouse=True)
def _block_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that reaches beyond this machine fails (Zulip's block_internet)."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"测试不得访问外部网络：{address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    """Each test starts in the site's language and leaves it as it found it: a request made
    in English (set_language, ?lang=en) activates English for the thread, and a later test
    in the same worker that builds Chinese messages outside a request would read English."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    # Audit anchors and backups go to the test's own folders, never to var/.
    settings.AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("anchors")  # type: ignore[attr-defined]
    settings.BACKUP_DIR = tmp_path_factory.mktemp("backups")  # type: ignore[attr-defined]
    # The lists' cached counts (Redis when REDIS_URL is set) are each test's own:
    # ids repeat between test databases, and an estimate kept by an earlier test or
    # run must not answer for this one.
    caches = dict(settings.CACHES)  # type: ignore[attr-defined]
    caches["counts"] = {**caches["counts"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    if "dashboards" in caches:
        caches["dashboards"] = {**caches["dashboards"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = caches  # type: ignore[attr-defined]


def make_user(username: str, role: str, department: Department | None, **extra: object) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        department=department,
        full_name=extra.pop("full_name", username),
        email=f"{username}@example.gov.cn",
        **extra,
    )
    return user


@pytest.fixture
def dept_a(db: None) -> Department:
    return Department.objects.create(name="政策法规处", short_name="法规处", order=10)


@pytest.fixture
def dept_b(db: None) -> Department:
    return Department.objects.create(name="安全生产执法监督处", short_name="执法处", order=20)


@pytest.fixture
def dept_c(db: None) -> Department:
    """A third division, used as a co-operating department."""
    return Department.objects.create(name="救援协调和预案管理处", short_name="预案处", order=30)


@pytest.fixture
def supervisor(dept_a: Department) -> User:
    return make_user("supervisor", Role.SUPERVISOR, dept_a, full_name="王督办")


@pytest.fixture
def leader(db: None) -> User:
    return make_user("leader", Role.LEADER, None, full_name="李副厅长")


@pytest.fixture
def head_a(dept_a: Department) -> User:
    return make_user("head_a", Role.HEAD, dept_a, full_name="赵处长")


@pytest.fixture
def staff_a(dept_a: Department) -> User:
    return make_user("staff_a", Role.STAFF, dept_a, full_name="钱科员")


@pytest.fixture
def head_b(dept_b: Department) -> User:
    return make_user("head_b", Role.HEAD, dept_b, full_name="孙处长")


@pytest.fixture
def staff_b(dept_b: Department) -> User:
    return make_user("staff_b", Role.STAFF, dept_b, full_name="周科员")


@pytest.fixture
def head_c(dept_c: Department) -> User:
    return make_user("head_c", Role.HEAD, dept_c, full_name="吴处长")


@pytest.fixture
def task_a(dept_a: Department, supervisor: User, staff_a: User) -> Task:
    """A task led by division A, in progress, held by staff_a."""
    return Task.objects.create(
        title="强化法规体系建设，加强重要领域立法工作。",
        lead_department=dept_a,
        responsible=staff_a,
        due_on=dt.date(2022, 12, 31),
        status=Status.IN_PROGRESS,
        created_by=supervisor,
    )


@pytest.fixture
def task_b(dept_b: Department, supervisor: User, staff_b: User) -> Task:
    """A task led by division B, in progress, held by staff_b."""
    return Task.objects.create(
        title="加强执法监督工作。",
        lead_department=dept_b,
        responsible=staff_b,
        due_on=dt.date(2022, 12, 31),
        status=Status.IN_PROGRESS,
        created_by=supervisor,
    )


@pytest.fixture
def login() -> Callable[[User], Client]:
    """login(user) → a test client logged in as that user."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _light_thresholds_are_each_tests_own() -> Iterator[None]:
    """The warning-light thresholds are kept per thread for 30 s (tracker/setup/thresholds.py):
    a test that changed the policy row and rolled it back left its values to the next test in
    the same worker (test_lights then coloured by 40 %/30 % instead of 30 %/15 %)."""
    from tracker.setup.thresholds import forget_thresholds

    forget_thresholds()
    yield
    forget_thresholds()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """PBKDF2 at production strength costs ~0.3 s per user; tests create many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


# Local DingTalk / WeCom servers enforcing the published protocol (tests/tracker/fake_workapps.py).
@pytest.fixture
def wecom(settings: pytest.FixtureRequest) -> Iterator[FakeWeCom]:
    server = FakeWeCom(AppState("ww-corp", "wecom-secret", 1000002, {"zhangsan", "lisi"})).start()
    settings.WECOM_API_BASE = server.url  # type: ignore[attr-defined]
    settings.WECOM_CORP_ID = "ww-corp"  # type: ignore[attr-defined]
    settings.WECOM_APP_SECRET = "wecom-secret"  # type: ignore[attr-defined]
    settings.WECOM_AGENT_ID = "1000002"  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture
def dingtalk(settings: pytest.FixtureRequest) -> Iterator[FakeDingTalk]:
    server = FakeDingTalk(AppState("ding-key", "ding-secret", 2950001, {"u001", "u002"})).start()
    settings.DINGTALK_API_BASE = server.url  # type: ignore[attr-defined]
    settings.DINGTALK_NEW_API_BASE = server.url  # type: ignore[attr-defined]
    settings.DINGTALK_APP_KEY = "ding-key"  # type: ignore[attr-defined]
    settings.DINGTALK_APP_SECRET = "ding-secret"  # type: ignore[attr-defined]
    settings.DINGTALK_AGENT_ID = "2950001"  # type: ignore[attr-defined]
    yield server
    server.stop()
