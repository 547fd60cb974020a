"""Duban settings, read from the environment.

Defaults run with zero services: SQLite, kombu's filesystem broker under
``var/``, e-mail written to files. Production (``DUBAN_ENV=production`` or
``DEBUG`` off) refuses to start without a real ``SECRET_KEY`` and
``ALLOWED_HOSTS``. Any setting ``NAME`` may also come from a file named by
``NAME_FILE`` (Docker/Kubernetes secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", BASE_DIR / "var"))

INSECURE_DEV_KEY = "django-insecure-duban-development-only"


def env(name: str, default: str = "") -> str:
    """Return ``name`` from the environment, or from the file ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DUBAN_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else INSECURE_DEV_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Behind a proxy on another host the browser's Origin is SITE_URL's, not gunicorn's.
CSRF_TRUSTED_ORIGINS = sorted(
    {origin for origin in [_origin(SITE_URL), *env_list("CSRF_TRUSTED_ORIGINS")] if origin}
)
# Reverse proxies whose X-Forwarded-For / -Proto / X-Request-ID are believed (addresses or
# networks); see tracker/proxy.py. nginx on the same host: 127.0.0.1,::1 (the default).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
# request.is_secure() follows X-Forwarded-Proto, which ProxyHeadersMiddleware removes from any
# request that did not come from a trusted proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers probe health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

if PRODUCTION or not DEBUG:
    if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "生产模式需要设置 SECRET_KEY（至少 32 个字符）。 "
            "Production mode needs a real SECRET_KEY (32+ characters)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "生产模式需要设置 ALLOWED_HOSTS。 Production mode needs ALLOWED_HOSTS."
        )
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

INSTALLED_APPS = [
    "tracker.security.admin_apps.DubanAdminConfig",  # django.contrib.admin, entered by role
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "tracker.org",
    "tracker.tasks",
    "tracker.evidence",
    "tracker.reviews",
    "tracker.slips",
    "tracker.supervision",
    "tracker.notifications",
    "tracker.audit",
    "tracker.reporting",
    "tracker.security",
    "tracker.ops",
    "tracker.setup",
    "tracker.batch",
    "tracker.archives",
    "tracker.circulars",
    "tracker.scoring",
    "tracker.identity",
    "django_cas_ng",
    "plans",
    "tracker.demo",
]

MIDDLEWARE = [
    # First: forwarded headers from anybody but a trusted proxy are dropped.
    "tracker.proxy.ProxyHeadersMiddleware",
    "tracker.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Oversize bodies (from Content-Length), control characters, deep JSON: refused here.
    "tracker.security.middleware.RequestLimitsMiddleware",
    # A deadlock that outlived the services' retries: 409 "nothing saved, try again".
    "tracker.conflicts.WriteConflictMiddleware",
    # A password set by an administrator, or too old, must be changed first.
    "tracker.security.middleware.PasswordPolicyMiddleware",
    "tracker.security.middleware.SessionActivityMiddleware",
    "tracker.setup.thresholds.ThresholdsPerRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, the header built once per policy (tracker/security/policy_header.py).
    "tracker.security.policy_header.PolicyHeaderMiddleware",
    # Every page needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # django-axes must be last: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# Argon2id first (fast enough for a 2-core server, see tracker/org/hashers.py);
# the others only read old hashes, which are upgraded at the next login.
PASSWORD_HASHERS = [
    "tracker.org.hashers.DubanArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.org.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands otherwise. Connections
# are kept CONN_MAX_AGE seconds (60 in production) and checked before reuse, so a restarted
# PostgreSQL costs one failed check, not one failed request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
# A streaming replica for reports and exports (tracker/dbrouter.py). Tests
# read the primary through it (MIRROR), as the replica would hold the same.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tracker.dbrouter.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web server, worker and beat share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # The task list's covering index (tasks 0010) INCLUDEs columns so that PostgreSQL
    # answers from the index alone; SQLite builds it without them, which is all it
    # needs. Its check said so as a WARNING on every start of `make run`.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the session's user read by a statement compiled once
    # (tracker/security/backends.py). Authenticates; its group/user permissions are
    # not used (nobody is given any). Sessions naming Django's path read as this one.
    "tracker.security.backends.UserBackend",
    # 三员分立: management-site permissions come from the role alone.
    "tracker.security.permissions.RolePermissionBackend",
    # Each of these does nothing until its settings below are given.
    "tracker.identity.backends.DirectoryBackend",
    "tracker.identity.sso.OIDCBackend",
    "tracker.identity.sso.CASBackend",
]
# 等保 2.0 level 3 (GB/T 22239-2019), see docs/security.md: length ≥ 12 and
# three character classes, none of the last 5, changed every 90 days and
# after an administrator set it; 30 idle minutes end a session; at most
# SESSION_MAX_PER_USER sessions per user. On by default in production.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)
PASSWORD_HISTORY = env_int("PASSWORD_HISTORY", 5)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90 if PRODUCTION else 0)
PASSWORD_CHANGE_AFTER_RESET = env_bool("PASSWORD_CHANGE_AFTER_RESET", PRODUCTION)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tracker.security.passwords.ComplexityValidator", "OPTIONS": {"min_classes": 3}},
    {
        "NAME": "tracker.security.passwords.HistoryValidator",
        "OPTIONS": {"count": PASSWORD_HISTORY},
    },
]
# 国密: "sm3" makes the audit chain and evidence digests use SM3 (gmssl) in
# addition to/instead of SHA-256; verify_audit checks whichever was used.
CRYPTO_HASH = env("CRYPTO_HASH", "sha256").lower()
if CRYPTO_HASH not in ("sha256", "sm3"):
    raise ImproperlyConfigured("CRYPTO_HASH 只能是 sha256 或 sm3。")
# Django's database sessions, their row read by a statement compiled once per
# process (tracker/security/sessions.py; the same table, rows and expiry test).
SESSION_ENGINE = "tracker.security.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# The 30 minutes count from the last request: SessionActivityMiddleware
# renews the session at most once a minute.
SESSION_MAX_PER_USER = env_int("SESSION_MAX_PER_USER", 3 if PRODUCTION else 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# The lockout counts the client's address as the audit trail sees it (through trusted proxies).
AXES_CLIENT_IP_CALLABLE = "tracker.proxy.client_address"

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files are served by the app itself (WhiteNoise): no CDN, ever.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": env("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
# Uploaded evidence lives outside the static root and is only served by an
# authorised view; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
REPORT_MAX_BYTES = env_int("REPORT_MAX_BYTES", 20 * 1024 * 1024)
# What one imported report may cost the reader before it is refused (plans/limits.py).
REPORT_DOCX_MAX_UNPACKED_BYTES = env_int("REPORT_DOCX_MAX_UNPACKED_BYTES", 60 * 1024 * 1024)
REPORT_DOCX_MAX_PARTS = env_int("REPORT_DOCX_MAX_PARTS", 1000)
REPORT_PDF_MAX_PAGES = env_int("REPORT_PDF_MAX_PAGES", 300)
REPORT_MAX_CHARACTERS = env_int("REPORT_MAX_CHARACTERS", 1_000_000)
REPORT_READ_SECONDS = float(env("REPORT_READ_SECONDS", "20"))
# The same budget for a long report read by the Celery worker (REPORT_JOB_MIN_BYTES and up).
REPORT_JOB_READ_SECONDS = float(env("REPORT_JOB_READ_SECONDS", "600"))
# How an imported problem's rectification task is titled; {problem} is the problem as written.
DUBAN_RECTIFICATION_TITLE = env("DUBAN_RECTIFICATION_TITLE", "整改：{problem}")
# A request larger than this is refused from its Content-Length before any of
# it is read (one file at the larger of the two limits, plus the form around it).
UPLOAD_MAX_REQUEST_BYTES = env_int(
    "UPLOAD_MAX_REQUEST_BYTES", max(EVIDENCE_MAX_BYTES, REPORT_MAX_BYTES) + 1024 * 1024
)
# JSON bodies nested deeper than this are refused (no API input needs more than a few).
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 20)
# Uploads this large or larger (a long report) are read by
# the Celery worker while the page shows progress; smaller ones in the request.
REPORT_JOB_MIN_BYTES = env_int("REPORT_JOB_MIN_BYTES", 128 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Stored files take the process's umask (the systemd units' UMask=0027: 0640, readable by the
# duban group, which nginx joins for X-Accel-Redirect), not Django's fixed 0644.
FILE_UPLOAD_PERMISSIONS = None
FILE_UPLOAD_DIRECTORY_PERMISSIONS = None
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# E-mail: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...) or EMAIL_BACKEND;
# by default messages are written as files under var/mail.
EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    # Django's SMTP backend, letting the outbox commit an outcome before the next "." (DATA).
    EMAIL_BACKEND = "tracker.notifications.transports.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# Backends that deliver nothing to anybody: refused in production (guardrails at the end).
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "督办系统 <duban@localhost>")

# Celery: Redis when REDIS_URL / CELERY_BROKER_URL is set, else the filesystem
# transport so that `make run` starts a real worker with no server installed.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}

# "counts": the task lists' estimated counts of large sets, reused for a minute
# (tracker.tasks.paging.list_count) — in Redis when there is one, so that every
# web worker shares them; otherwise in each process's memory. With Redis, a
# RedisCache whose reads skip Django's per-call client (tracker.tasks.count_cache).
CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counts": (
        {"BACKEND": "tracker.tasks.count_cache.CountsCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts"}
    ),
}
# "dashboards": dashboard answers computed by one web worker for one database
# snapshot, read by the others at the same snapshot (tracker.reporting.memo);
# only with Redis — without it each process keeps its own. Short timeouts: a
# Redis that hangs means computing, not waiting.
if REDIS_URL:
    CACHES["dashboards"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # kombu's default is ./control, in whatever the working directory is.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")) and os.environ.get(
    "PYTEST_XDIST_WORKER"
):
    # Parallel test processes share one Redis database: each keeps its queues
    # under its own prefix, so a Celery worker started by one test process
    # (which inherits this environment) never takes another's jobs.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "global_keyprefix": f"duban-test-{os.environ['PYTEST_XDIST_WORKER']}:"
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Tests running side by side give their workers a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Beat only triggers; the sweep decides from the database what is due.
    "reminders-sweep": {
        "task": "tracker.notifications.jobs.sweep_reminders",
        "schedule": env_int("REMINDER_SWEEP_SECONDS", 300),
    },
}
# 每周简报: Monday 09:00 (CELERY_TIMEZONE); the outbox's dedupe key makes a
# second firing in the same week send nothing.
CELERY_BEAT_SCHEDULE["weekly-briefings"] = {
    "task": "tracker.reporting.jobs.send_weekly_briefings",
    "schedule": crontab(hour=9, minute=0, day_of_week="mon"),
}
# The dashboard tallies' clock moves to the new day (tracker.reporting.tallies): the
# tasks whose deadline passed yesterday join the tallied 逾期. Exact without it; it keeps
# the dashboard's live read to the deadlines from today on.
CELERY_BEAT_SCHEDULE["tally-clock"] = {
    "task": "tracker.reporting.jobs.tally_clock_advance",
    "schedule": crontab(hour=0, minute=3),
}
# 红黄绿灯: a daily look at every open task's light; a change is announced once.
CELERY_BEAT_SCHEDULE["warning-lights"] = {
    "task": "tracker.tasks.jobs.sweep_lights",
    "schedule": crontab(hour=8, minute=30),
}

# 批示件 report-back deadlines and 时间节点, chased every morning.
CELERY_BEAT_SCHEDULE["supervision-deadlines"] = {
    "task": "tracker.supervision.jobs.sweep_supervision_deadlines",
    "schedule": crontab(hour=8, minute=40),
}

# Reminder delivery (tracker.notifications), see README "What reminders promise".
# A worker holds a lease on the rows it sends and renews it every quarter of
# NOTIFICATION_LEASE_SECONDS; a lease silent that long belongs to a dead worker
# and is released by the pump (every NOTIFICATION_PUMP_SECONDS), which also
# queues due rows in batches. A row queued but not delivered is queued again
# after NOTIFICATION_REQUEUE_AFTER seconds. Temporary failures are retried
# after NOTIFICATION_RETRY_BASE * 2^(attempts-1) seconds, at most
# NOTIFICATION_RETRY_MAX_DELAY apart, for NOTIFICATION_RETRY_HOURS after the
# first attempt (like a mail relay); then the row fails and can be re-driven.
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 60)
NOTIFICATION_PUMP_SECONDS = env_int("NOTIFICATION_PUMP_SECONDS", 30)
NOTIFICATION_REQUEUE_AFTER = env_int("NOTIFICATION_REQUEUE_AFTER", 300)
NOTIFICATION_RETRY_BASE = env_int("NOTIFICATION_RETRY_BASE", 60)
NOTIFICATION_RETRY_MAX_DELAY = env_int("NOTIFICATION_RETRY_MAX_DELAY", 3600)
NOTIFICATION_RETRY_HOURS = env_int("NOTIFICATION_RETRY_HOURS", 72)
# Each message's outcome is committed as soon as the server answers. With
# NOTIFICATION_SYNC_COMMIT (default) that commit waits for PostgreSQL's WAL
# flush, so even a crash of the database server re-sends at most the message
# in flight; off, it does not wait during a batch (one fsync fewer per message:
# 10 ms vs 0.3 ms per commit on the test machine), and a crash of PostgreSQL or
# its machine (not of a worker) may re-send the messages of its last
# ~3 × wal_writer_delay.
NOTIFICATION_SYNC_COMMIT = env_bool("NOTIFICATION_SYNC_COMMIT", True)
# The right-hand side of every notification's Message-ID.
NOTIFICATION_MESSAGE_ID_DOMAIN = env(
    "NOTIFICATION_MESSAGE_ID_DOMAIN",
    DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost",
)
CELERY_BEAT_SCHEDULE["notifications-pump"] = {
    "task": "tracker.notifications.jobs.pump_notifications",
    "schedule": NOTIFICATION_PUMP_SECONDS,
}

# The organisation's directory (LDAP / Active Directory), on when
# LDAP_SERVER_URI is set: login with the directory password (django-auth-ldap)
# and `manage.py sync_directory`, run by beat every LDAP_SYNC_SECONDS.
LDAP_SERVER_URI = env("LDAP_SERVER_URI")
LDAP_BIND_DN = env("LDAP_BIND_DN")
LDAP_BIND_PASSWORD = env("LDAP_BIND_PASSWORD")
LDAP_START_TLS = env_bool("LDAP_START_TLS", False)
LDAP_TIMEOUT = env_int("LDAP_TIMEOUT", 10)
# Organisational units under this base become departments; people are searched here.
LDAP_USER_BASE = env("LDAP_USER_BASE")
LDAP_USER_FILTER = env("LDAP_USER_FILTER", "(objectClass=inetOrgPerson)")
LDAP_LOGIN_ATTR = env("LDAP_LOGIN_ATTR", "uid")  # Active Directory: sAMAccountName
LDAP_ATTR_NAME = env("LDAP_ATTR_NAME", "cn")  # Active Directory: displayName
LDAP_ATTR_EMAIL = env("LDAP_ATTR_EMAIL", "mail")
LDAP_ATTR_PHONE = env("LDAP_ATTR_PHONE", "mobile")
LDAP_ATTR_TITLE = env("LDAP_ATTR_TITLE", "title")
LDAP_ATTR_DINGTALK = env("LDAP_ATTR_DINGTALK")  # attribute holding the DingTalk userid
LDAP_ATTR_WECOM = env("LDAP_ATTR_WECOM")  # attribute holding the WeCom userid
# Role from group membership: "supervisor=cn=…,ou=groups,…;leader=…;head=…",
# or from an attribute's value: LDAP_ROLE_ATTR=employeeType with
# LDAP_ROLE_VALUES="supervisor=督办管理员;leader=厅领导;head=处室负责人".
LDAP_ROLE_GROUPS = env("LDAP_ROLE_GROUPS")
LDAP_ROLE_ATTR = env("LDAP_ROLE_ATTR")
LDAP_ROLE_VALUES = env("LDAP_ROLE_VALUES")
LDAP_SYNC_SECONDS = env_int("LDAP_SYNC_SECONDS", 3600)
# Accounts that stay local whatever the directory says (the three
# administrators of 三员分立, for instance); superusers always stay local.
LOCAL_ACCOUNTS = env_list("LOCAL_ACCOUNTS")

if LDAP_SERVER_URI:
    try:
        import django_auth_ldap  # noqa: F401
        import ldap  # noqa: F401  (the optional extra: requirements-ldap.txt)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"已设置 LDAP_SERVER_URI，但未安装 LDAP 组件（{exc}）：离线包用 install.sh --with-ldap，"
            "或 pip install -r requirements-ldap.txt（见 deploy/README.md）。 "
            "LDAP_SERVER_URI is set but the LDAP extra is not installed: "
            "run install.sh --with-ldap or pip install -r requirements-ldap.txt."
        ) from None
    CELERY_BEAT_SCHEDULE["directory-sync"] = {
        "task": "tracker.identity.jobs.sync_directory",
        "schedule": LDAP_SYNC_SECONDS,
    }

# Single sign-on with the identity platform (统一身份认证). A person the
# platform vouches for logs in to the account linked to them, else to the
# account of the same username; a new account is made only with
# SSO_AUTO_PROVISION on (as staff, no department: a supervisor assigns one).
SSO_AUTO_PROVISION = env_bool("SSO_AUTO_PROVISION", False)
LOGOUT_REDIRECT_URL_PATH = "/login/"
# OIDC (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID and the endpoints are set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT")  # end_session_endpoint
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email")
OIDC_USERNAME_CLAIM = env("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_STORE_ID_TOKEN = True  # needed for the provider's logout (id_token_hint)
OIDC_CREATE_USER = True  # the decision is sso_user's (SSO_AUTO_PROVISION)
OIDC_OP_LOGOUT_URL_METHOD = "tracker.identity.sso.oidc_logout_url"
OIDC_AUTHENTICATE_CLASS = "mozilla_django_oidc.views.OIDCAuthenticationRequestView"
LOGIN_REDIRECT_URL_FAILURE = "/login/"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# CAS (django-cas-ng), on when CAS_SERVER_URL is set (e.g. https://ids.example.gov.cn/cas/).
CAS_SERVER_URL = env("CAS_SERVER_URL")
CAS_VERSION = env("CAS_VERSION", "3")
CAS_USERNAME_ATTR = env("CAS_USERNAME_ATTR", "uid")  # attribute with the login name, if any
CAS_CREATE_USER = False  # the decision is sso_user's (SSO_AUTO_PROVISION)
CAS_LOGOUT_COMPLETELY = True
CAS_REDIRECT_URL = "/"
CAS_LOGOUT_NEXT_PAGE = "/login/"
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_CHECK_NEXT = True

# DingTalk and WeCom as the organisation's own app: work notifications to one
# person (工作通知 / 应用消息) and in-app login from the workbench (免登). Each is
# on when its key and secret are set. The API bases default to the public
# services; 政务钉钉 / 政务微信 deployments give their own.
DINGTALK_API_BASE = env("DINGTALK_API_BASE", "https://oapi.dingtalk.com").rstrip("/")
DINGTALK_APP_KEY = env("DINGTALK_APP_KEY")
DINGTALK_APP_SECRET = env("DINGTALK_APP_SECRET")
DINGTALK_AGENT_ID = env("DINGTALK_AGENT_ID", "0")
DINGTALK_NEW_API_BASE = env("DINGTALK_NEW_API_BASE", "https://api.dingtalk.com").rstrip("/")
DINGTALK_LOGIN_URL = env("DINGTALK_LOGIN_URL", "https://login.dingtalk.com/oauth2/auth")
WECOM_API_BASE = env("WECOM_API_BASE", "https://qyapi.weixin.qq.com").rstrip("/")
WECOM_OAUTH_URL = env("WECOM_OAUTH_URL", "https://open.weixin.qq.com/connect/oauth2/authorize")
WECOM_CORP_ID = env("WECOM_CORP_ID")
WECOM_AGENT_ID = env("WECOM_AGENT_ID", "0")
WECOM_APP_SECRET = env("WECOM_APP_SECRET")

# SMS for escalations, through an operator's MAS gateway HTTP interface
# (移动云MAS style: ecName/apId/secretKey/sign, MD5 mac). On when
# SMS_GATEWAY_URL and SMS_AP_ID are set; each reminder policy step chooses
# whether it also goes by SMS.
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")  # e.g. http://mas.example:8080/sms/norsubmit
SMS_EC_NAME = env("SMS_EC_NAME")
SMS_AP_ID = env("SMS_AP_ID")
SMS_SECRET_KEY = env("SMS_SECRET_KEY")
SMS_SIGN = env("SMS_SIGN")
SMS_ADD_SERIAL = env("SMS_ADD_SERIAL")

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication, plus the forced password change (等保).
        "tracker.security.authentication.PasswordPolicyTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's pages carry inline script, which the CSP
    # forbids; the API is browsed at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # django-filter, with many-valued id filters safe from out-of-range ids (tracker/fields.py).
    "DEFAULT_FILTER_BACKENDS": ["tracker.fields.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Duban 督办 API",
    "DESCRIPTION": "督办任务跟踪系统接口 / Duban compliance task tracker API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api_errors.add_error_responses",
    ],
    # The schema and the docs need a login in production (they map the whole API).
    "SERVE_PERMISSIONS": (
        ["rest_framework.permissions.IsAuthenticated"]
        if env_bool("API_DOCS_LOGIN_REQUIRED", PRODUCTION)
        else ["rest_framework.permissions.AllowAny"]
    ),
    # Several resources have a field called "kind"; name each choice set.
    "ENUM_NAME_OVERRIDES": {
        "SlipKindEnum": "tracker.slips.models.SlipKind",
        "InstructionKindEnum": "tracker.supervision.models.InstructionKind",
    },
    # Tags folded and models hidden: the page draws a list of ~15 headings
    # instead of every operation, which is what kept it on "Loading" on phones.
    "SWAGGER_UI_SETTINGS": {
        "docExpansion": "none",
        "defaultModelsExpandDepth": -1,
        "deepLinking": True,
    },
}

# Content-Security-Policy (django-csp): only this site's own scripts, styles,
# images and fonts; no inline script, no outside origin, no framing. The API
# docs use the split Swagger view, whose script is a file of its own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logging: plain text by default; LOG_FORMAT=json writes one JSON object a line. Every line
# carries the request id (X-Request-ID from nginx, or one made up here).
LOG_FORMAT = env("LOG_FORMAT", "text").lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tracker.ops.middleware.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        # ADMINS get a mail for every unhandled error (500) when DEBUG is off.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR"},
    },
}

# ADMINS: "Name <mail@example.gov.cn>, other@example.gov.cn" — who receives error mail.
ADMINS = []
for _admin in env_list("ADMINS"):
    _name, _sep, _address = _admin.rpartition("<")
    ADMINS.append((_name.strip() or _admin, _address.rstrip(">").strip() or _admin))
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# An optional Sentry-compatible DSN (GlitchTip runs on an intranet). No DSN, nothing is sent.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    from tracker.version import __version__ as _version

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        release=f"duban@{_version}",
        environment=env("DUBAN_ENV", "development"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )

# Optional Prometheus metrics (django-prometheus) at /metrics, answered only to
# METRICS_ALLOWED_IPS (the scraper); everybody else gets 404.
PROMETHEUS_METRICS = env_bool("PROMETHEUS_METRICS", False)
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
if PROMETHEUS_METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")

# Evidence downloads: after the app has checked the user and written the audit record, nginx
# sends the file (X-Accel-Redirect to this internal location, which maps to MEDIA_ROOT).
# Empty: the app streams the file itself (development, or no nginx).
EVIDENCE_ACCEL_REDIRECT_PREFIX = env("EVIDENCE_ACCEL_REDIRECT_PREFIX", "")

# Health (/readyz): how old the last reminder sweep and the beat heartbeat may be.
READYZ_SWEEP_MAX_AGE = env_int("READYZ_SWEEP_MAX_AGE", 3 * env_int("REMINDER_SWEEP_SECONDS", 300))
READYZ_HEARTBEAT_MAX_AGE = env_int("READYZ_HEARTBEAT_MAX_AGE", 300)

# Housekeeping (beat, daily): preview files and lockout records older than these are removed.
HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS = env_int("HOUSEKEEPING_PREVIEW_MAX_AGE_HOURS", 48)
HOUSEKEEPING_AXES_MAX_AGE_DAYS = env_int("HOUSEKEEPING_AXES_MAX_AGE_DAYS", 180)
CELERY_BEAT_SCHEDULE["beat-heartbeat"] = {
    "task": "tracker.ops.jobs.beat_heartbeat",
    "schedule": env_int("BEAT_HEARTBEAT_SECONDS", 60),
}
CELERY_BEAT_SCHEDULE["housekeeping"] = {
    "task": "tracker.ops.jobs.housekeeping",
    "schedule": crontab(hour=3, minute=17),
}
# The audit chain's head written to the log every day (tracker.audit.anchor).
CELERY_BEAT_SCHEDULE["audit-anchor"] = {
    "task": "tracker.ops.jobs.audit_anchor",
    "schedule": crontab(hour=0, minute=5),
}
AUDIT_ANCHOR_DIR = Path(env("AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))

# Backups (manage.py backup) are written here unless --output says otherwise.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))

# Warning lights (红黄绿灯): share of the task's time left.
WARNING_LIGHT_YELLOW = float(env("WARNING_LIGHT_YELLOW", "0.30"))
WARNING_LIGHT_ORANGE = float(env("WARNING_LIGHT_ORANGE", "0.15"))

# 督办单 (numbered slips): who issues them and how they are numbered.
SLIP_OFFICE_NAME = env("SLIP_OFFICE_NAME", "督查室")
SLIP_NUMBER_FORMATS: dict[str, str] = {
    "assign": env("SLIP_NUMBER_FORMAT_ASSIGN", "交办〔{year}〕{seq}号"),
    "urge": env("SLIP_NUMBER_FORMAT_URGE", "催办〔{year}〕{seq}号"),
    "warning": env("SLIP_NUMBER_FORMAT_WARNING", "督办〔{year}〕{seq}号"),
}
# 二级审核: staff submit to their head, who passes the work on to the office.
DIVISION_REVIEW = env_bool("DIVISION_REVIEW", False)
# 催办: at most one per task within this many hours.
URGE_MIN_INTERVAL_HOURS = env_int("URGE_MIN_INTERVAL_HOURS", 24)
SLIP_ACKNOWLEDGE_DAYS = env_int("SLIP_ACKNOWLEDGE_DAYS", 3)
SLIP_URGE_REPLY_DAYS = env_int("SLIP_URGE_REPLY_DAYS", 3)
# A font file with Chinese glyphs for the PDF slips (.ttf/.ttc); empty: the
# first of the usual Debian/Kylin/UOS locations that exists.
SLIP_PDF_FONT = env("SLIP_PDF_FONT", "")

# 归档包 (tracker.archives): add SM3 (GB/T 32905) beside SHA-256 in the manifest.
ARCHIVE_SM3 = env_bool("ARCHIVE_SM3", False)
# 督查通报 (tracker.circulars): numbered per year, issued by the office.
CIRCULAR_NUMBER_FORMAT = env("CIRCULAR_NUMBER_FORMAT", "督查通报〔{year}〕{seq}号")
CIRCULAR_ISSUER = env("CIRCULAR_ISSUER", "")  # the 发文机关 in red; empty: SLIP_OFFICE_NAME

# --- Production guardrails ---------------------------------------------------------------
# Each refusal is one line, Chinese then English, naming the variable to set.
if PRODUCTION:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
        "DUBAN_ALLOW_SQLITE", False
    ):
        raise ImproperlyConfigured(
            "生产模式不使用 SQLite：请设置 DATABASE_URL（PostgreSQL），或设 DUBAN_ALLOW_SQLITE=1 明确允许。 "
            "Production refuses SQLite: set DATABASE_URL, or DUBAN_ALLOW_SQLITE=1 to allow it."
        )
    if CELERY_BROKER_URL.startswith("filesystem://") and not env_bool(
        "DUBAN_ALLOW_FILESYSTEM_BROKER", False
    ):
        raise ImproperlyConfigured(
            "生产模式不使用文件系统消息队列：请设置 REDIS_URL 或 CELERY_BROKER_URL，"
            "或设 DUBAN_ALLOW_FILESYSTEM_BROKER=1 明确允许。 "
            "Production refuses the filesystem broker: set REDIS_URL or CELERY_BROKER_URL, "
            "or DUBAN_ALLOW_FILESYSTEM_BROKER=1."
        )
    if EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS and not env_bool(
        "DUBAN_ALLOW_FILE_EMAIL", False
    ):
        raise ImproperlyConfigured(
            "生产模式不把邮件写入文件或控制台：请设置 EMAIL_URL（如 smtp://mail.example.gov.cn:25），"
            "或设 DUBAN_ALLOW_FILE_EMAIL=1 明确允许。 "
            "Production refuses file/console e-mail: set EMAIL_URL, or DUBAN_ALLOW_FILE_EMAIL=1."
        )
