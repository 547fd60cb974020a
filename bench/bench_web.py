"""Web benchmark: Duban at 100,000 and 1,000,000 tasks behind gunicorn.

    make bench-web                                  # both sizes
    .venv/bin/python bench/bench_web.py --sizes 100000 --duration 5
    make bench-web BENCH_WEB_ARGS="--sizes 1000000 --rounds 3"   # medians of 3 rounds

What it does, all on this machine and all stopped at the end:

1. Starts a PostgreSQL primary and a streaming replica (pg_basebackup -R) in
   a temporary directory, on ports BENCH_PORT+1 / +2 (default 21701/21702).
2. Migrates database ``i17_bench`` and generates the tasks in SQL
   (generate_series): 200 divisions (10 bureaus of 19 divisions, plus the
   bureaus), 5,000 people, 50 imported reports, tasks over four years with
   realistic states (old tasks mostly done, some overdue, recent ones
   open), deadlines, co-operating divisions, progress reports and evidence
   rows; then rebuilds the dashboard tallies and runs ANALYZE.
3. Serves the app with ``deploy/gunicorn.conf.py`` (port BENCH_PORT) with
   DATABASE_REPLICA_URL set, and a Celery worker, both on Redis db 7.
4. For each concurrency (1, 10, 50, 200 clients) and each endpoint, runs a
   bounded closed-loop load (every client sends its next request when the
   last one answered) for ``--duration`` seconds and records rps and
   p50/p95/p99. The yardstick is a minimal authenticated endpoint
   (GET /api/v1/departments/{id}/: token check and one primary-key read).
   Then, at the same level, each dashboard (``--write-cells dash``; add
   ``list`` for the lists) runs once more beside the write ticker: a
   progress report (反馈, POST /api/v1/tasks/{id}/progress/) due every
   ``--write-every`` ms (at most 4 in flight; a tick whose client still
   waits is skipped) as one of 20 division staff on a task of theirs —
   people filing the week's progress at 09:00 on a Monday. Those cells report the writes committed during them
   and how many dashboard answers the memo gave (hit) or computed (miss):
   gunicorn serves with bench/web_settings.py, whose bench-only middleware
   (bench/memo_probe.py) marks each dashboard response ``X-Bench-Memo``.
   With ``--rounds N`` (default 1: one run per cell, as before) all of this
   is done N times, interleaved: round 1 runs every level and endpoint, then
   round 2, …, so that slow drift of the machine spreads over every cell. The
   report gives per cell the median of the rounds' rps and p50/p95/p99 (with
   the lowest–highest round's p95) and decides the targets on the ratio of
   medians (why not the median of per-round ratios: the comment above
   median_cell); the JSON keeps every round's own figures (``load_rounds``).
5. Measures queries per request and EXPLAIN ANALYZE of every query that
   reads tasks_task for the list endpoints (in-process, Django's test client
   on the same database), the export job from start to file with the
   worker's memory, and what the replica served.
6. Writes bench/RESULTS-web.md (and var/bench-web-<size>.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import pwd
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
BASE_PORT = int(os.environ.get("BENCH_PORT", "21700"))
WEB_PORT, PRIMARY_PORT, REPLICA_PORT = BASE_PORT, BASE_PORT + 1, BASE_PORT + 2
DB_NAME = "i17_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
CONCURRENCY = (1, 10, 50, 200)
# An export still running after this many seconds is reported with the rows
# it had written (the machine is shared; the benchmark stays bounded).
EXPORT_LIMIT = float(os.environ.get("BENCH_EXPORT_LIMIT", "300"))
PASSWORD = "Bench@2022"  # noqa: S105 - the generated people's password, bench only


# --------------------------------------------------------------------------
# PostgreSQL primary and replica in a temporary directory


def pg_bin() -> Path:
    out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
    if out.returncode == 0 and Path(out.stdout.strip(), "initdb").exists():
        return Path(out.stdout.strip())
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("需要 PostgreSQL 服务器程序（initdb）/ PostgreSQL server binaries needed")
    return found[-1].parent


def as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Clusters:
    def __init__(self) -> None:
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="i17-bench-pg-"))
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.dir, pg.pw_uid, pg.pw_gid)
        self.primary = self.dir / "primary"
        self.replica = self.dir / "replica"
        self.started: list[Path] = []

    def run(self, *cmd: str) -> None:
        subprocess.run(
            as_postgres([str(self.bin / cmd[0]), *cmd[1:]]), check=True, stdout=subprocess.DEVNULL
        )

    def start_primary(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.primary),
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
            "--auth=trust",
        )
        conf = {
            "port": PRIMARY_PORT,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.dir}'",
            "max_connections": 300,
            "shared_buffers": "'1GB'",
            "effective_cache_size": "'8GB'",
            "work_mem": "'16MB'",
            "maintenance_work_mem": "'512MB'",
            "max_wal_size": "'8GB'",
            "checkpoint_timeout": "'30min'",
            "random_page_cost": 1.1,
            "jit": "off",
            "wal_level": "replica",
            "max_wal_senders": 4,
            "hot_standby": "on",
            "wal_keep_size": "'2GB'",
        }
        with (self.primary / "postgresql.conf").open("a") as f:
            f.writelines(f"{k} = {v}\n" for k, v in conf.items())
        with (self.primary / "pg_hba.conf").open("a") as f:
            f.write("host replication all 127.0.0.1/32 trust\n")
        self.run(
            "pg_ctl", "-D", str(self.primary), "-l", str(self.dir / "primary.log"), "-w", "start"
        )
        self.started.append(self.primary)

    def start_replica(self) -> None:
        self.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(PRIMARY_PORT),
            "-U",
            "postgres",
            "-D",
            str(self.replica),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        self.run(
            "pg_ctl",
            "-D",
            str(self.replica),
            "-l",
            str(self.dir / "replica.log"),
            "-o",
            f"-p {REPLICA_PORT}",
            "-w",
            "start",
        )
        self.started.append(self.replica)

    def stop(self) -> None:
        for data in reversed(self.started):
            subprocess.run(
                as_postgres(
                    [str(self.bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        self.started.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def psql(port: int, sql: str, db: str = DB_NAME) -> str:
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            db,
            "-Atq",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def db_url(port: int) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{DB_NAME}"


# --------------------------------------------------------------------------
# Data


VERBS = ["加强", "推进", "完善", "落实", "健全", "深化", "开展", "强化", "规范", "提升"]
TOPICS = [
    "安全生产",
    "森林防火",
    "防汛抗旱",
    "地震监测",
    "危化品",
    "矿山安全",
    "应急救援",
    "执法监督",
    "法规体系",
    "普法宣传",
    "隐患排查",
    "应急预案",
    "物资储备",
    "消防救援",
    "灾害评估",
    "信息化",
    "值班值守",
    "专家队伍",
    "工贸行业",
    "烟花爆竹",
]
OBJECTS = [
    "管理",
    "监管",
    "培训",
    "检查",
    "体系建设",
    "制度建设",
    "能力建设",
    "专项整治",
    "宣传教育",
    "考核评价",
]
PHRASES = [
    "各级应急管理部门要",
    "按照省委省政府部署",
    "结合本地区实际",
    "严格落实安全生产责任制",
    "全面排查整治重大隐患",
    "确保年底前完成",
    "形成长效工作机制",
    "按季度报送工作进展",
    "做好总结评估工作",
    "加强部门协同联动",
    "压实属地管理责任",
    "提高依法行政水平",
]


def sql_array(items: list[str]) -> str:
    return "array[" + ",".join(f"'{x}'" for x in items) + "]"


def generate(n_tasks: int, today: dt.date) -> dict[str, Any]:
    """Fill i17_bench with the organisation and n_tasks tasks (SQL, fast)."""
    import django
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    django.setup()
    from tracker.reporting.tallies import tally_rebuild

    t0 = time.monotonic()
    password = make_password(PASSWORD)
    with connection.cursor() as c:
        c.execute("""truncate org_department, org_user, plans_report, tasks_task,
                     reporting_tasktally, reporting_taskdoneweek, authtoken_token,
                     django_session, audit_auditevent, batch_batchjob restart identity cascade""")
        # 10 bureaus, each with 19 divisions: 200 departments.
        c.execute("""insert into org_department (name, short_name, parent_id, "order", is_active,
                        keywords, wecom_webhook_key, dingtalk_access_token, dingtalk_secret,
                        robot_disabled_reason)
                     select '局' || b, '局' || b, null, b, true, '', '', '', '', ''
                     from generate_series(1, 10) b""")
        c.execute("""insert into org_department (name, short_name, parent_id, "order", is_active,
                        keywords, wecom_webhook_key, dingtalk_access_token, dingtalk_secret,
                        robot_disabled_reason)
                     select '局' || b || '第' || d || '处', '处' || d, b, 100 + b * 100 + d, true,
                        '', '', '', '', ''
                     from generate_series(1, 10) b, generate_series(1, 19) d""")
        # 190 divisions × 26 people (1 head, 25 staff) + 10 bureau heads +
        # supervisors and leaders = 5,000 people.
        user_cols = """(password, last_login, is_superuser, username, first_name, last_name,
                        email, is_staff, is_active, date_joined, role, department_id, full_name,
                        phone, title, is_liaison)"""
        c.execute(
            f"""insert into org_user {user_cols}
            select %s, null, false, 'u' || d.id || '_' || k, '', '', 'u' || d.id || '_' || k ||
                   '@bench.example', false, true, now(),
                   case when k = 0 then 'head' else 'staff' end, d.id,
                   '人员' || d.id || '_' || k, '', '', k = 1
            from org_department d, generate_series(0, 25) k
            where d.parent_id is not null order by d.id, k""",
            [password],
        )
        c.execute(
            f"""insert into org_user {user_cols}
            select %s, null, false, 'bureau' || d.id, '', '', '', false, true, now(), 'head',
                   d.id, '局长' || d.id, '', '', false
            from org_department d where d.parent_id is null""",
            [password],
        )
        c.execute(
            f"""insert into org_user {user_cols}
            select %s, null, false, 'super' || k, '', '', '', false, true, now(),
                   case when k <= 10 then 'supervisor' else 'leader' end, 1,
                   '督办' || k, '', '', false
            from generate_series(1, 5000 - (select count(*) from org_user)) k""",
            [password],
        )
        c.execute("""insert into plans_report (title, organization, report_year, plan_year,
                        issued_on, source_name, source_format, content_sha256, paragraphs,
                        outline, warnings, markings, imported_at)
                     select '第' || r || '号年度报告', '应急管理局', 2020 + r % 5, 2021 + r % 5,
                        make_date(2021 + r % 5, 1, 15), 'r' || r || '.txt', 'txt',
                        md5(r::text) || md5((r + 1)::text), '[]', '[]', '[]', '[]', now()
                     from generate_series(1, 50) r""")
        c.execute("alter table tasks_task disable trigger user")
        c.execute("select min(id) from org_department where parent_id is not null")
        div_base = c.fetchone()[0]
        c.execute("select min(id) from org_user where role in ('head', 'staff')")
        user_base = c.fetchone()[0]
        c.execute("select min(id) from plans_report")
        report_base = c.fetchone()[0]
        c.execute("select id from org_user where role = 'supervisor' order by id limit 1")
        super_id = c.fetchone()[0]
        c.execute("select setseed(0.17)")
        c.execute(f"""
            insert into tasks_task (title, description, kind, report_id, lead_department_id,
                responsible_id, due_on, priority, status, progress, require_evidence,
                extension_count, created_by_id, created_at, updated_at, assigned_at,
                acknowledged_at, submitted_at, completed_at, version, next_remind_at,
                light, urge_count)
            select
                ({sql_array(VERBS)})[1 + (i * 7) % {len(VERBS)}] ||
                ({sql_array(TOPICS)})[1 + (i / 3) % {len(TOPICS)}] ||
                ({sql_array(OBJECTS)})[1 + (i * 13 / 7) % {len(OBJECTS)}] || '（' || i || '）',
                ({sql_array(PHRASES)})[1 + i % {len(PHRASES)}] ||
                ({sql_array(VERBS)})[1 + (i / 11) % {len(VERBS)}] ||
                ({sql_array(TOPICS)})[1 + (i / 5) % {len(TOPICS)}] || '工作，' ||
                ({sql_array(PHRASES)})[1 + (i / 7) % {len(PHRASES)}] || '，' ||
                ({sql_array(PHRASES)})[1 + (i / 13) % {len(PHRASES)}] || '。',
                case when r_kind < 0.08 then 'plan' when r_kind < 0.13 then 'problem'
                     else 'adhoc' end,
                case when r_kind < 0.13 then {report_base} + (i % 50) end,
                {div_base} + div,
                {user_base} + div * 26 + 1 + (i % 25),
                due,
                1 + (i % 3),
                st,
                case when st = 'done' then 100 when st in ('draft', 'assigned', 'declined') then 0
                     else (i * 37) % 95 end,
                true, 0, {super_id}, created, created,
                case when st <> 'draft' then created + interval '1 day' end,
                case when st not in ('draft', 'assigned', 'declined') then created + interval '3 days' end,
                case when st in ('submitted', 'done') then created + (due - created::date) * interval '0.8 day' end,
                case when st = 'done' then created + (due - created::date) * (0.5 + r_done * 0.7) * interval '1 day' end,
                1,
                case when st not in ('done', 'cancelled') then due - 3 + time '09:00' end,
                'none', 0
            from (
                select i, div, created, due, r_kind, r_done,
                    case
                        when due < date '{today}' - 30 then
                            case when r_state < 0.86 then 'done' when r_state < 0.91 then 'cancelled'
                                 when r_state < 0.96 then 'in_progress' when r_state < 0.98 then 'returned'
                                 else 'submitted' end
                        when due < date '{today}' then
                            case when r_state < 0.6 then 'done' when r_state < 0.65 then 'cancelled'
                                 when r_state < 0.9 then 'in_progress' else 'submitted' end
                        else
                            case when r_state < 0.15 then 'done' when r_state < 0.17 then 'cancelled'
                                 when r_state < 0.22 then 'draft' when r_state < 0.37 then 'assigned'
                                 when r_state < 0.80 then 'in_progress' when r_state < 0.92 then 'submitted'
                                 when r_state < 0.97 then 'returned' else 'declined' end
                    end as st
                from (
                    select i, (i::bigint * 7919) % 190 as div, r_kind, r_done, r_state, created,
                        created::date + 15 + (r_due * 165)::int as due
                    from (
                        select i, random() r_kind, random() r_done, random() r_state,
                            random() r_due,
                            (date '{today}' + time '09:00' - interval '1460 days' * random())
                                at time zone 'Asia/Shanghai' as created
                        from generate_series(1, {n_tasks}) i
                    ) a
                ) b
            ) c
        """)
        c.execute("""insert into tasks_task_cooperating_departments (task_id, department_id)
                     select t.id, t.lead_department_id + case when t.lead_department_id % 2 = 0
                                                              then 1 else -1 end
                     from tasks_task t where t.id % 5 = 0""")
        c.execute("""insert into tasks_progressupdate (task_id, author_id, text, percent, created_at)
                     select id, responsible_id, '已按计划推进，完成阶段性工作。', progress,
                            coalesce(submitted_at, acknowledged_at)
                     from tasks_task where acknowledged_at is not null and id % 2 = 0""")
        c.execute("""insert into evidence_evidencefile (task_id, progress_update_id, original_name,
                        file, size, sha256, content_type, uploaded_by_id, uploaded_at, version,
                        withdrawn_at, withdrawn_by_id, withdrawn_reason, sm3)
                     select id, null, '佐证材料' || id || '.pdf', 'evidence/bench/' || id || '.pdf',
                            20480 + id % 1000, md5(id::text) || md5((id * 3)::text),
                            'application/pdf', responsible_id, submitted_at, 1, null, null, '',
                            md5((id * 5)::text) || md5((id * 7)::text)
                     from tasks_task where status in ('submitted', 'done') and id % 3 <> 0""")
        c.execute("alter table tasks_task enable trigger user")
    tally_rebuild()
    with connection.cursor() as c:
        c.execute("vacuum analyze")
        c.execute("""select status, count(*) from tasks_task group by status order by 1""")
        states = dict(c.fetchall())
        c.execute(
            """select count(*) from tasks_task where status not in ('done', 'cancelled')
                     and due_on < %s""",
            [today],
        )
        overdue = c.fetchone()[0]
        c.execute("select count(*) from evidence_evidencefile")
        evidence = c.fetchone()[0]
        c.execute("select count(*) from tasks_progressupdate")
        progress_rows = c.fetchone()[0]
        c.execute("select pg_size_pretty(pg_database_size(current_database()))")
        size = c.fetchone()[0]
    return {
        "tasks": n_tasks,
        "states": states,
        "overdue": overdue,
        "evidence_rows": evidence,
        "progress_rows": progress_rows,
        "database_size": size,
        "seconds": round(time.monotonic() - t0, 1),
    }


# --------------------------------------------------------------------------
# Servers


SECRET = "bench-" + uuid.uuid4().hex * 2


def server_env() -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=db_url(PRIMARY_PORT),
        DATABASE_REPLICA_URL=db_url(REPLICA_PORT),
        REDIS_URL=REDIS_URL,
        CONN_MAX_AGE="60",
        DUBAN_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DUBAN_WEB_BIND=f"127.0.0.1:{WEB_PORT}",
        DUBAN_WEB_LOGLEVEL="warning",
        DUBAN_VAR_DIR=str(BENCH_VAR),
        MEDIA_ROOT=str(BENCH_VAR / "media"),
        DJANGO_SETTINGS_MODULE="tracker.settings",
        # Production refuses file e-mail unless told; the bench sends none that matters.
        DUBAN_ALLOW_FILE_EMAIL="1",
    )


BENCH_VAR = Path(tempfile.gettempdir()) / "i17-bench-var"


class Servers:
    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.worker: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = server_env()
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        log = (BENCH_VAR / "gunicorn.log").open("ab")
        self.procs.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "tracker.wsgi"],
                cwd=ROOT,
                # The app's settings plus the memo probe (bench only).
                env=dict(env, DJANGO_SETTINGS_MODULE="bench.web_settings"),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
        wlog = (BENCH_VAR / "worker.log").open("ab")
        self.worker = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "tracker",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=wlog,
            stderr=wlog,
            start_new_session=True,
        )
        self.procs.append(self.worker)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=5)
                conn.request("GET", "/login/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("gunicorn did not start; see " + str(BENCH_VAR / "gunicorn.log"))

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
        self.procs.clear()


# --------------------------------------------------------------------------
# Load


class Endpoint:
    def __init__(
        self,
        name: str,
        label: str,
        make: Callable[[random.Random], tuple[str, str, dict[str, str], bytes | None]],
        kind: str,
    ) -> None:
        self.name, self.label, self.make, self.kind = name, label, make, kind


def load(
    endpoint: Endpoint, clients: int, duration: float, ticker: WriteTicker | None = None
) -> dict[str, Any]:
    """Closed loop: ``clients`` threads, each with a keep-alive connection;
    with ``ticker``, its writes run beside them for the same time."""
    latencies: list[float] = []
    errors: list[str] = []
    memo: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=120)
        mine: list[float] = []
        while time.monotonic() < stop_at:
            method, path, headers, body = endpoint.make(rng)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                outcome = response.getheader(MEMO_HEADER)
                if outcome:
                    with lock:
                        memo[outcome] = memo.get(outcome, 0) + 1
                if response.status >= 400:
                    with lock:
                        errors.append(f"{response.status} {path[:80]}")
                else:
                    mine.append(elapsed)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__} {path[:80]}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=120)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    begin = time.monotonic()
    if ticker is not None:
        ticker.start(begin)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - begin
    writes = ticker.stop() if ticker is not None else None
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_sample": errors[:3],
        "rps": round(len(latencies) / wall, 1),
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        "memo_hits": memo.get("hit", 0),
        "memo_misses": memo.get("miss", 0),
        **({"writes": writes} if writes is not None else {}),
    }


MEMO_HEADER = "X-Bench-Memo"  # set by bench/memo_probe.py on dashboard responses


def next_tick(start: float, interval: float, now: float, last: float | None = None) -> float:
    """The first time at or after ``now`` on the grid start, start + interval, …
    and after the ``last`` tick written.

    Ticks missed while a slow write was answered are skipped, not caught up:
    the ticker never writes faster than one write per ``interval``."""
    at = start if now <= start else start + math.ceil((now - start) / interval - 1e-9) * interval
    if last is not None and at < last + interval - 1e-9:
        at = last + interval
    return at


def writes_between(answered: list[tuple[float, int]], begin: float, end: float) -> dict[str, int]:
    """Writes answered within [begin, end]: committed (2xx) and refused/failed."""
    inside = [status for at, status in answered if begin <= at <= end]
    ok = sum(1 for status in inside if 200 <= status < 300)
    return {"committed": ok, "failed": len(inside) - ok}


def miss_ratio(hits: int, misses: int) -> float | None:
    """The share of dashboard answers computed afresh (None: no dashboard answer)."""
    return round(misses / (hits + misses), 3) if hits + misses else None


WRITE_LANES = 4  # writes in flight at most: the ticker stays bounded when answers slow down


def ticks_due(begin: float, end: float, interval: float) -> int:
    """The ticks of the grid begin, begin + interval, … within [begin, end]."""
    return int((end - begin) / interval + 1e-9) + 1 if end >= begin else 0


class WriteTicker:
    """Beside a cell's load: a progress report (反馈) at every tick of the grid
    begin + k × ``interval``, as one of the division staff on a task of theirs
    — realistic 09:00 writes through the real API (the service's checks, the
    task row, the progress row, the audit event, the notifications; one
    commit each). ``WRITE_LANES`` clients take the ticks in turn (lane i the
    ticks k ≡ i), each with its own writers and connection; a lane still
    waiting for an answer skips its ticks, so the rate is never above one
    write per ``interval`` and at most ``WRITE_LANES`` writes are in flight."""

    def __init__(self, writers: list[dict[str, Any]], interval: float) -> None:
        self.writers, self.interval = writers, interval
        self.answered: list[tuple[float, int]] = []
        self.sample: list[str] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, begin: float) -> None:
        self.begin = begin
        self.answered = []
        self._stop.clear()
        lanes = min(WRITE_LANES, len(self.writers))
        self._threads = [
            threading.Thread(
                target=self._run,
                args=(begin + i * self.interval, lanes * self.interval, self.writers[i::lanes]),
                daemon=True,
            )
            for i in range(lanes)
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> dict[str, Any]:
        end = time.monotonic()
        self._stop.set()
        for thread in self._threads:
            thread.join()
        counts = writes_between(self.answered, self.begin, end)
        return {
            **counts,
            "due": ticks_due(self.begin, end, self.interval),
            "every_ms": round(self.interval * 1000),
            "error_sample": self.sample[:3],
        }

    def _run(self, start: float, interval: float, writers: list[dict[str, Any]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=60)
        last = None
        turn = 0
        while not self._stop.is_set():
            now = time.monotonic()
            at = last = next_tick(start, interval, now, last)
            if at > now and self._stop.wait(at - now):
                break
            writer = writers[turn % len(writers)]
            turn += 1
            writer["percent"] = min(99, writer["percent"] + 1)
            body = json.dumps(
                {"text": "本周按计划推进，已完成阶段性工作。", "percent": writer["percent"]},
                ensure_ascii=False,
            ).encode()
            headers = {
                "Authorization": f"Token {writer['token']}",
                "Content-Type": "application/json",
            }
            try:
                conn.request(
                    "POST", f"/api/v1/tasks/{writer['task']}/progress/", body=body, headers=headers
                )
                response = conn.getresponse()
                text = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status, text = 0, type(exc).__name__.encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=60)
            with self._lock:
                self.answered.append((time.monotonic(), status))
                if not 200 <= status < 300 and len(self.sample) < 3:
                    self.sample.append(f"{status} {text[:120]!r}")
        conn.close()


# --------------------------------------------------------------------------
# In-process measurements: queries per request, EXPLAIN, the export job


def prepare_actors(today: dt.date) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from tracker.org.models import Department, User
    from tracker.tasks.models import Task
    from tracker.tasks.paging import SORTS, _row_values, encode_cursor, sorted_tasks

    supervisor = User.objects.filter(role="supervisor").order_by("id").first()
    head = User.objects.filter(role="head", department__parent__isnull=False).order_by("id")[7]
    # A leader (sees everything; the home page is their cockpit).
    leader = User.objects.filter(role="leader", is_active=True).order_by("id").first()
    actors: dict[str, Any] = {"supervisor": supervisor, "head": head, "leader": leader}
    for name, user in (("supervisor", supervisor), ("head", head), ("leader", leader)):
        token, _ = Token.objects.get_or_create(user=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "tracker.security.backends.UserBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        actors[f"{name}_token"] = token.key
        actors[f"{name}_session"] = session.session_key
    # The cursor that opens page 2,000 (rows 99,951-100,000) of the default order.
    deep_page = min(2000, Task.objects.count() // 50 - 1)
    actors["deep_page"] = deep_page
    row = sorted_tasks(Task.objects.all(), "due_on")[(deep_page - 1) * 50 - 1]
    actors["cursor_2000"] = encode_cursor("due_on", _row_values(row, SORTS["due_on"]), False)
    actors["department"] = Department.objects.filter(parent__isnull=False).order_by("id")[3].pk
    ids = list(Task.objects.order_by("?").values_list("id", flat=True)[:2000])
    actors["task_ids"] = ids
    actors["upload_tasks"] = list(
        Task.objects.filter(lead_department=head.department, status="in_progress").values_list(
            "id", flat=True
        )[:200]
    )
    actors["writers"] = ticker_writers(head)
    return actors


def ticker_writers(head: Any, count: int = 20) -> list[dict[str, Any]]:
    """The write ticker's people: the staff member responsible for an open
    task in each of ``count`` divisions (not the measured head's), each with
    a token and the task's progress."""
    from rest_framework.authtoken.models import Token

    from tracker.org.models import Department
    from tracker.tasks.models import Task

    writers = []
    divisions = (
        Department.objects.filter(parent__isnull=False)
        .exclude(pk=head.department_id)
        .order_by("id")
    )
    for division in divisions[:count]:
        task = (
            Task.objects.filter(
                lead_department=division, status="in_progress", archived_at__isnull=True
            )
            .select_related("responsible")
            .order_by("-due_on", "id")
            .first()
        )
        if task is None or task.responsible is None:
            continue
        token, _ = Token.objects.get_or_create(user=task.responsible)
        writers.append({"token": token.key, "task": task.pk, "percent": task.progress})
    return writers


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def endpoints(actors: dict[str, Any]) -> list[Endpoint]:
    sup = {"Authorization": f"Token {actors['supervisor_token']}"}
    head = {"Authorization": f"Token {actors['head_token']}"}
    sup_cookie = {"Cookie": f"sessionid={actors['supervisor_session']}"}
    dept = actors["department"]
    ids = actors["task_ids"]
    uploads = actors["upload_tasks"] or ids

    def get(path: str, headers: dict[str, str]) -> Callable[[random.Random], Any]:
        return lambda rng: ("GET", path, headers, None)

    def detail(rng: random.Random) -> Any:
        return ("GET", f"/api/v1/tasks/{rng.choice(ids)}/", sup, None)

    def upload(rng: random.Random) -> Any:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="bench-{rng.randint(1, 10**9)}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = dict(head, **{"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return ("POST", f"/api/v1/tasks/{rng.choice(uploads)}/evidence/", headers, body)

    q3 = "?q=" + urlquote("森林防火")
    q2 = "?q=" + urlquote("地震")
    return [
        Endpoint(
            "yardstick",
            "yardstick: GET /api/v1/departments/{id}/",
            get(f"/api/v1/departments/{dept}/", sup),
            "yard",
        ),
        Endpoint("api_list_p1", "API list, page 1", get("/api/v1/tasks/", sup), "list"),
        Endpoint(
            "api_list_p2000",
            "API list, page 2,000 (cursor)",
            get(f"/api/v1/tasks/?cursor={actors['cursor_2000']}", sup),
            "list",
        ),
        Endpoint(
            "api_list_p2000_offset",
            "API list, ?page=2000 (old OFFSET links)",
            get(f"/api/v1/tasks/?page={actors['deep_page']}", sup),
            "info",
        ),
        Endpoint(
            "api_filtered",
            "API list, filtered (division + status)",
            get(f"/api/v1/tasks/?lead_department={dept}&status=in_progress", sup),
            "list",
        ),
        Endpoint(
            "api_search", "API search q=森林防火 (4 chars)", get(f"/api/v1/tasks/{q3}", sup), "list"
        ),
        Endpoint(
            "api_search_2char",
            "API search q=地震 (2 chars)",
            get(f"/api/v1/tasks/{q2}", sup),
            "list",
        ),
        Endpoint("api_detail", "API task detail (random task)", detail, "list"),
        Endpoint(
            "dashboard_supervisor",
            "API dashboard, supervisor",
            get("/api/v1/dashboard/", sup),
            "dash",
        ),
        Endpoint(
            "dashboard_head",
            "API dashboard, division head",
            get("/api/v1/dashboard/", head),
            "dash",
        ),
        Endpoint("html_list", "HTML task list (all)", get("/tasks/?scope=all", sup_cookie), "list"),
        Endpoint("html_dashboard", "HTML dashboard", get("/dashboard/", sup_cookie), "dash"),
        Endpoint("evidence_upload", "evidence upload (multipart PDF)", upload, "info"),
    ]


def urlquote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def queries_and_plans(actors: dict[str, Any], eps: list[Endpoint]) -> dict[str, Any]:
    """Queries per request (primary + replica) and EXPLAIN ANALYZE of every
    statement reading tasks_task, for each GET endpoint, in-process."""
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out: dict[str, Any] = {}
    rng = random.Random(1)
    for ep in eps:
        method, path, headers, _body = ep.make(rng)
        if method != "GET":
            continue
        client = Client()
        extra: dict[str, str] = {}
        if "Authorization" in headers:
            extra["HTTP_AUTHORIZATION"] = headers["Authorization"]
        if "Cookie" in headers:
            client.cookies["sessionid"] = headers["Cookie"].split("=", 1)[1]
        captures = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}
        for ctx in captures.values():
            ctx.__enter__()
        status = client.get(path, **extra).status_code
        for ctx in captures.values():
            ctx.__exit__(None, None, None)
        per_alias = {alias: len(ctx.captured_queries) for alias, ctx in captures.items()}
        plans = []
        for alias, ctx in captures.items():
            for query in ctx.captured_queries:
                sql = query["sql"]
                if '"tasks_task"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connections[alias].cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                    plan = "\n".join(r[0] for r in cursor.fetchall())
                plans.append(
                    {
                        "alias": alias,
                        "sql": sql[:600],
                        "plan": plan,
                        "seq_scan_tasks": "Seq Scan on tasks_task" in plan,
                    }
                )
        out[ep.name] = {"status": status, "queries": per_alias, "plans": plans}
    return out


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def export_job(actors: dict[str, Any], worker_pid: int, query: str) -> dict[str, Any]:
    """POST a ledger job, poll it to the file; sample the worker's memory."""
    headers = {"Authorization": f"Token {actors['supervisor_token']}"}
    conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=60)
    before = rss_kb(worker_pid)
    start = time.perf_counter()
    conn.request("POST", f"/api/v1/exports/ledger-jobs/?{query}", headers=headers)
    response = conn.getresponse()
    answer = json.loads(response.read())
    post_ms = (time.perf_counter() - start) * 1000
    if response.status != 202:
        return {"error": f"{response.status} {answer}"}
    peak = before
    state: dict[str, Any] = answer
    while state["status"] not in ("done", "failed") and time.perf_counter() - start < EXPORT_LIMIT:
        time.sleep(0.2)
        peak = max(peak, rss_kb(worker_pid))
        conn.request("GET", f"/api/v1/jobs/{answer['id']}/", headers=headers)
        state = json.loads(conn.getresponse().read())
    to_file = time.perf_counter() - start
    size = 0
    if state["status"] == "done":
        conn.request("GET", f"/api/v1/jobs/{answer['id']}/download/", headers=headers)
        size = len(conn.getresponse().read())
    return {
        "rows": state.get("total_items"),
        "rows_done": state.get("done_items"),
        "status": state["status"],
        "post_ms": round(post_ms, 1),
        "start_to_file_s": round(to_file, 1),
        "file_bytes": size,
        "worker_rss_before_mb": round(before / 1024, 1),
        "worker_rss_peak_mb": round(peak / 1024, 1),
    }


def replica_reads() -> dict[str, int]:
    """Rows read on the replica from the task table and the tallies."""
    out = psql(
        REPLICA_PORT,
        """select coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)
                               from pg_stat_user_tables
                               where relname in ('tasks_task', 'reporting_tasktally',
                                                 'reporting_taskdoneweek')""",
    )
    return {"replica_rows_read": int(out or 0)}


# --------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": psql(PRIMARY_PORT, "show server_version", "postgres"),
        "loadavg_at_start": os.getloadavg(),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run_size(
    n_tasks: int,
    duration: float,
    levels: tuple[int, ...],
    checkpoint: Callable[[dict[str, Any]], None] = lambda run: None,
    write_every_ms: float = 200.0,
    write_cells: tuple[str, ...] = ("dash",),
    rounds: int = 1,
) -> dict[str, Any]:
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    print(f"== {n_tasks:,} tasks: generating", flush=True)
    data = generate(n_tasks, today)
    print(f"   {data}", flush=True)
    # Let the replica catch up with the load before serving.
    for _ in range(600):
        lag = psql(
            PRIMARY_PORT,
            """select coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(),
                                    replay_lsn)), -1) from pg_stat_replication""",
            "postgres",
        )
        if lag == "0":
            break
        time.sleep(1)
    replication = psql(
        PRIMARY_PORT,
        """select application_name || ' ' || state || ' replay_lag=' ||
                       coalesce(replay_lag::text, '0') from pg_stat_replication""",
        "postgres",
    )
    actors = prepare_actors(today)
    eps = endpoints(actors)
    # The same requests again, beside the write ticker (their own cells: the
    # cells above stay comparable with earlier runs).
    ticker = None
    written: list[Endpoint] = []
    if write_every_ms > 0 and actors["writers"]:
        ticker = WriteTicker(actors["writers"], write_every_ms / 1000)
        written = [
            Endpoint(
                f"{ep.name}+w",
                f"{ep.label} — beside a write every {write_every_ms:g} ms",
                ep.make,
                f"{ep.kind}_w",
            )
            for ep in eps
            if ep.kind in write_cells
        ]
    servers = Servers()
    servers.start()
    results: dict[str, Any] = {
        "size": n_tasks,
        "data": data,
        "replication": replication,
        "load": {},
        "export": {},
        "queries": {},
        "names": {ep.name: ep.label for ep in [*eps, *written]},
        "kinds": {ep.name: ep.kind for ep in [*eps, *written]},
        "write_every_ms": write_every_ms if ticker else 0,
        "writers": len(actors["writers"]),
    }
    # Every round's own cells; "load" holds what the report reads: the one
    # round as it is, or the medians over the rounds (aggregate_load).
    per_round: list[dict[str, dict[str, Any]]] = []
    if rounds > 1:
        results["rounds"] = rounds
        results["load_rounds"] = per_round
    try:
        # Warm-up: every endpoint a few times (caches, connections).
        for ep in eps:
            load(ep, 2, 1.0)
        # Interleaved: round 1 runs every level and endpoint, then round 2, …
        for round_no in range(1, rounds + 1):
            this_round: dict[str, dict[str, Any]] = {}
            per_round.append(this_round)
            mark = f"r{round_no}/{rounds} " if rounds > 1 else ""
            for clients in levels:
                for ep in eps:
                    stats = load(ep, clients, duration)
                    this_round.setdefault(ep.name, {})[str(clients)] = stats
                    print(
                        f"   {mark}c={clients:<3} {ep.name:<24} rps={stats['rps']:<7} "
                        f"p50={stats['p50']} p95={stats['p95']} p99={stats['p99']} "
                        f"err={stats['errors']}",
                        flush=True,
                    )
                for ep in written:
                    stats = load(ep, clients, duration, ticker)
                    this_round.setdefault(ep.name, {})[str(clients)] = stats
                    print(
                        f"   {mark}c={clients:<3} {ep.name:<24} rps={stats['rps']:<7} "
                        f"p50={stats['p50']} p95={stats['p95']} p99={stats['p99']} "
                        f"err={stats['errors']} writes={stats['writes']['committed']}"
                        f"/{stats['writes']['due']} due "
                        f"(failed {stats['writes']['failed']}) memo hit/miss="
                        f"{stats['memo_hits']}/{stats['memo_misses']}",
                        flush=True,
                    )
                results["load"] = aggregate_load(per_round)
                checkpoint(results)
        before = replica_reads()
        assert servers.worker is not None
        # 10,000 and 100,000 rows: memory should not grow with the rows.
        small = f"lead_department={actors['department']}"
        results["export"]["division"] = export_job(actors, servers.worker.pid, small)
        if n_tasks >= 1_000_000:
            year_span = (today - dt.timedelta(days=146)).isoformat()
            big = f"due_after={year_span}&due_before={today.isoformat()}"
        else:
            big = ""
        results["export"]["large"] = export_job(actors, servers.worker.pid, big)
        after = replica_reads()
        results["export"]["replica_rows_read_during_exports"] = (
            after["replica_rows_read"] - before["replica_rows_read"]
        )
        print(f"   export {results['export']}", flush=True)
    finally:
        servers.stop()
    results["queries"] = queries_and_plans(actors, eps)
    checkpoint(results)
    return results


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "—"
    return f"{a / b:.2f}"


# --------------------------------------------------------------------------
# Rounds (--rounds N): every cell run N times, interleaved, and decided on medians
#
# Between two identical runs a many-client cell moved by up to 2×: one cell
# cannot decide a target. The targets are decided on the ratio of medians (a
# cell's median p95 over the rounds ÷ the yardstick's median p95 over the same
# rounds), not on the median of per-round ratios: within a round the yardstick
# and a cell are measured minutes apart on a machine whose load changes within
# seconds, so a round's pair shares little noise to cancel, and its ratio
# carries both cells' noise at once (with two rounds, the median of ratios is
# their mean, pulled up by a round whose yardstick happened to be quick). The
# median of each cell damps its own noise before dividing; slow drift, the one
# thing a pairing would cancel, the interleaving spreads over every cell; and
# the ratio can be checked from the two medians the table shows.

MEDIAN_FIGURES = ("rps", "p50", "p95", "p99", "mean")
SUMMED_FIGURES = ("requests", "errors", "memo_hits", "memo_misses")
WRITE_COUNTS = ("committed", "failed", "due")  # of the ticker's record (WriteTicker.stop)


def median_cell(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One cell over its rounds: the median of each figure (over the rounds that
    answered), the counts summed, every round's p95 kept in round order."""

    def median(key: str) -> float | None:
        values = [s[key] for s in rounds if s.get(key) is not None]
        return round(statistics.median(values), 1) if values else None

    out: dict[str, Any] = {key: sum(s.get(key, 0) for s in rounds) for key in SUMMED_FIGURES}
    out.update({key: median(key) for key in MEDIAN_FIGURES})
    out["error_sample"] = [e for s in rounds for e in s.get("error_sample", [])][:3]
    written = [s["writes"] for s in rounds if "writes" in s]
    if written:
        out["writes"] = {
            **{k: sum(w.get(k, 0) for w in written) for k in WRITE_COUNTS},
            "every_ms": written[0].get("every_ms"),
            "error_sample": [e for w in written for e in w.get("error_sample", [])][:3],
        }
    out["p95_rounds"] = [s.get("p95") for s in rounds]
    out["rounds"] = len(rounds)
    return out


def aggregate_load(
    rounds: list[dict[str, dict[str, dict[str, Any]]]],
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per endpoint and level, the median cell over the rounds that ran it so
    far; one round is returned as it is (the report of --rounds 1 is unchanged)."""
    if len(rounds) == 1:
        return rounds[0]
    cells: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for load_r in rounds:
        for name, by_c in load_r.items():
            for c, stats in by_c.items():
                cells.setdefault(name, {}).setdefault(c, []).append(stats)
    return {
        name: {c: median_cell(runs) for c, runs in by_c.items()} for name, by_c in cells.items()
    }


def p95_cell(s: dict[str, Any]) -> str:
    """The p95 column: the median, and with rounds the lowest–highest round's."""
    measured = [p for p in s.get("p95_rounds", []) if p is not None]
    if s.get("rounds", 1) < 2 or not measured:
        return str(s["p95"])
    return f"{s['p95']} ({min(measured)}–{max(measured)})"


def level_done(load_r: dict[str, dict[str, dict[str, Any]]], cs: str) -> bool:
    """Every endpoint measured at this level, each in as many rounds (a level
    still running in the current round is not decided on)."""
    cells = [by_c.get(cs) for by_c in load_r.values()]
    return all(s is not None for s in cells) and len({s.get("rounds", 1) for s in cells if s}) == 1


ROUNDS_TARGETS_TEXT = (
    "Decided on the ratio of medians over the {rounds} rounds: a cell's median p95 "
    "(for throughput its median rps) ÷ the yardstick's median over the same rounds at the "
    "same level; not on the median of per-round ratios. Within a round the yardstick and "
    "a cell are measured minutes apart on a shared machine whose load changes within "
    "seconds, so a round's pair shares little noise to cancel and its ratio carries the "
    "noise of both; each median damps its own cell's noise before the division, the "
    "interleaving spreads slow drift over every cell, and the ratio can be checked from "
    "the two medians in the tables above."
)


def cells_text(runs: list[dict[str, Any]], duration: float) -> str:
    """What one cell of the tables is: one run, or the median of the rounds."""
    rounds = max((run.get("rounds", 1) for run in runs), default=1)
    if rounds < 2:
        return f"Each cell: one closed-loop run of {duration:g} s; single runs, noisy."
    return (
        f"Each cell: {rounds} closed-loop runs of {duration:g} s, interleaved (round 1 runs "
        f"every level and endpoint, then round 2, …, so that slow drift of the machine "
        f"spreads over every cell); the tables give per cell the median of the {rounds} "
        f"rounds' rps, p50, p95 and p99, with the lowest–highest round's p95 in brackets "
        f"(every round's figures are in the JSON checkpoint); errors, writes and memo "
        f"answers are totals over the rounds; the ratio columns are ratios of medians."
    )


def report(runs: list[dict[str, Any]], info: dict[str, Any], duration: float) -> str:
    lines = ["# Web benchmark (bench/bench_web.py)", ""]
    lines.append(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM, "
        f"{info['os']}; Python {info['python']}; PostgreSQL {info['postgresql']} "
        f"(own primary + streaming replica in a temp dir); Redis; gunicorn "
        f"`deploy/gunicorn.conf.py` (gthread, 2×cores+1 workers × 4 threads). "
        f"Shared with other engineers' work: load average at start "
        f"{info['loadavg_at_start']}. Run {info['when']}. {cells_text(runs, duration)} "
        f"The load client runs on the same 2 cores as the server, database and worker."
    )
    lines.append("")
    for run in runs:
        size = run["size"]
        load_r = run["load"]
        lines.append(f"## {size:,} tasks")
        lines.append("")
        d = run["data"]
        lines.append(
            f"Data: {d['tasks']:,} tasks ({', '.join(f'{k} {v:,}' for k, v in d['states'].items())}; "
            f"{d['overdue']:,} overdue), {d['progress_rows']:,} progress reports, "
            f"{d['evidence_rows']:,} evidence rows; database {d['database_size']}; "
            f"generated in {d['seconds']} s. Replica: {run['replication']}."
        )
        lines.append("")
        for clients in sorted({int(c) for v in load_r.values() for c in v}):
            c = str(clients)
            yard = load_r["yardstick"].get(c, {})
            lines.append(f"### {clients} concurrent client{'s' if clients > 1 else ''}")
            lines.append("")
            lines.append(
                "| endpoint | rps | p50 ms | p95 ms | p99 ms | errors | p95 / yardstick p95 | rps / yardstick rps |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
            for name, by_c in load_r.items():
                if c not in by_c:
                    continue
                s = by_c[c]
                lines.append(
                    f"| {run['names'][name]} | {s['rps']} | {s['p50']} | {p95_cell(s)} | {s['p99']} | "
                    f"{s['errors']} | {ratio(s['p95'], yard.get('p95'))} | {ratio(s['rps'], yard.get('rps'))} |"
                )
            lines.append("")
        lines += memo_table(run)
        lines.append("### Targets")
        lines.append("")
        if run.get("rounds", 1) > 1:
            lines.append(ROUNDS_TARGETS_TEXT.format(rounds=run["rounds"]))
            lines.append("")
        lines += targets(run)
        lines.append("")
        lines.append("### Export job (POST → file)")
        lines.append("")
        e = run["export"]
        lines.append(
            "| export | rows | POST answered in ms | start → file s | file bytes | worker RSS before MB | worker RSS peak MB |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for key in ("division", "large"):
            x = e.get(key, {})
            lines.append(
                f"| {key} | {x.get('rows_done')} of {x.get('rows')} ({x.get('status')}) | {x.get('post_ms')} | {x.get('start_to_file_s')} | "
                f"{x.get('file_bytes')} | {x.get('worker_rss_before_mb')} | {x.get('worker_rss_peak_mb')} |"
            )
        lines.append("")
        lines.append(
            f"Rows read on the replica (tasks_task and the tallies) during the exports: "
            f"{e.get('replica_rows_read_during_exports')}."
        )
        lines.append("")
        lines.append("### Queries per request and plans")
        lines.append("")
        lines.append(
            "| endpoint | status | queries (primary) | queries (replica) | statements on tasks_task | seq scan of tasks_task |"
        )
        lines.append("|---|---:|---:|---:|---:|---|")
        for name, q in run["queries"].items():
            seq = any(p["seq_scan_tasks"] for p in q["plans"])
            lines.append(
                f"| {run['names'][name]} | {q['status']} | {q['queries'].get('default', 0)} | "
                f"{q['queries'].get('replica', 0)} | {len(q['plans'])} | {'**yes**' if seq else 'no'} |"
            )
        lines.append("")
        lines.append("<details><summary>EXPLAIN ANALYZE of the list queries</summary>")
        lines.append("")
        for name, q in run["queries"].items():
            if run["kinds"][name] not in ("list", "info"):
                continue
            for p in q["plans"]:
                lines.append(f"**{run['names'][name]}** ({p['alias']}): `{p['sql'][:300]}`")
                lines.append("")
                lines.append("```")
                lines.append(p["plan"])
                lines.append("```")
                lines.append("")
        lines.append("</details>")
        lines.append("")
    return "\n".join(lines) + "\n"


def memo_table(run: dict[str, Any]) -> list[str]:
    """Per dashboard cell: the writes committed during it and the memo's answers."""
    load_r = run["load"]
    rows = []
    for name, by_c in load_r.items():
        if run["kinds"][name] not in ("dash", "dash_w", "list_w"):
            continue
        for c, s in sorted(by_c.items(), key=lambda kv: int(kv[0])):
            w = s.get("writes", {})
            ratio_ = miss_ratio(s.get("memo_hits", 0), s.get("memo_misses", 0))
            rows.append(
                f"| {run['names'][name]} | {c} | {w.get('committed', 0)} | {w.get('due', 0)} | "
                f"{w.get('failed', 0)} | "
                f"{s.get('memo_hits', 0)} | {s.get('memo_misses', 0)} | "
                f"{'—' if ratio_ is None else f'{ratio_:.2f}'} |"
            )
    if not rows:
        return []
    every = run.get("write_every_ms") or 0
    return [
        "### Dashboards beside writes: the memo's hits and misses",
        "",
        (
            f"Cells marked “beside a write” ran with the write ticker: a progress report "
            f"(POST /api/v1/tasks/{{id}}/progress/) due every {every:g} ms as one of "
            f"{run.get('writers', 0)} division staff on a task of theirs, at most "
            f"{WRITE_LANES} in flight (a tick whose client still waits is skipped). Writes: "
            f"answered 2xx during the cell (failed: any other answer); ticks due: the "
            f"cell's length ÷ the interval. "
            f"Hit: answered from the snapshot memo; miss: computed afresh "
            f"(X-Bench-Memo, bench/memo_probe.py)."
            if every
            else "No write ticker in this run (--write-every 0)."
        ),
        "",
        "| cell | clients | writes committed | ticks due | writes failed | memo hits | memo misses | miss ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
    ]


def over_yardstick(cell: dict[str, Any], yard: dict[str, Any]) -> float:
    """A cell's p95 ÷ the yardstick's; a cell that answered nothing (every request
    failed: no p95) is infinitely over, so that it misses every target."""
    if cell["p95"] is None:
        return math.inf
    return cell["p95"] / (yard["p95"] or 1)


def times(x: float, of: str = "") -> str:
    return "no answer" if math.isinf(x) else f"{x:.2f}×{of}"


def targets(run: dict[str, Any]) -> list[str]:
    load_r = run["load"]
    out = []
    for c in sorted({int(c) for v in load_r.values() for c in v}):
        cs = str(c)
        if not level_done(load_r, cs):
            continue  # this level is still running
        yard = load_r["yardstick"][cs]
        worst_list = max(
            (over_yardstick(load_r[n][cs], yard), n) for n in load_r if run["kinds"][n] == "list"
        )
        worst_dash = max(
            (over_yardstick(load_r[n][cs], yard), n) for n in load_r if run["kinds"][n] == "dash"
        )
        p2000 = ratio(load_r["api_list_p2000"][cs]["p95"], load_r["api_list_p1"][cs]["p95"])
        line = (
            f"- {c} clients: worst list/search/detail p95 = {times(worst_list[0], ' yardstick')} "
            f"({run['names'][worst_list[1]]}; target ≤ 2: "
            f"{'holds' if worst_list[0] <= 2 else 'misses'}); worst dashboard p95 = "
            f"{times(worst_dash[0])} (target ≤ 3: {'holds' if worst_dash[0] <= 3 else 'misses'}); "
            f"page 2,000 / page 1 p95 = {p2000} (target ≤ 1.2: "
            f"{'holds' if p2000 != '—' and float(p2000) <= 1.2 else 'misses'})"
        )
        beside = [n for n in load_r if run["kinds"][n] == "dash_w" and cs in load_r[n]]
        if beside:
            worst_w = max((over_yardstick(load_r[n][cs], yard), n) for n in beside)
            line += (
                f"; worst dashboard beside writes p95 = {times(worst_w[0])} "
                f"({run['names'][worst_w[1]]}; target ≤ 3: "
                f"{'holds' if worst_w[0] <= 3 else 'misses'})"
            )
        if c == 50:
            worst_rps = min(
                ((load_r[n][cs]["rps"] or 0) / (yard["rps"] or 1), n)
                for n in load_r
                if run["kinds"][n] in ("list", "dash")
            )
            line += (
                f"; lowest throughput = {worst_rps[0]:.2f}× the yardstick's "
                f"({run['names'][worst_rps[1]]}; target ≥ 0.5: "
                f"{'holds' if worst_rps[0] >= 0.5 else 'misses'})"
            )
        out.append(line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per cell")
    parser.add_argument("--levels", default=",".join(map(str, CONCURRENCY)))
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS-web.md"))
    parser.add_argument(
        "--write-every",
        type=float,
        default=200.0,
        metavar="MS",
        help="the write ticker's interval in ms (one progress report each); 0: no ticker cells",
    )
    parser.add_argument(
        "--write-cells",
        default="dash",
        help="kinds of cells run again beside the ticker: dash, list or dash,list",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        metavar="N",
        help="run the load cells N times, interleaved (round 1 every level and endpoint, "
        "then round 2, …); the report gives each cell's median and decides the targets "
        "on the ratio of medians",
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    sizes = [int(s) for s in args.sizes.split(",")]
    levels = tuple(int(c) for c in args.levels.split(","))
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ.update(server_env())
    clusters = Clusters()
    runs = []
    try:
        clusters.start_primary()
        psql(PRIMARY_PORT, f"create database {DB_NAME}", "postgres")
        subprocess.run(
            [str(BIN / "python"), "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=server_env(),
            check=True,
        )
        clusters.start_replica()
        info = machine()
        for size in sizes:

            def checkpoint(run: dict[str, Any], size: int = size) -> None:
                Path(BENCH_VAR / f"bench-web-{size}.json").write_text(
                    json.dumps(run, default=str, indent=1)
                )
                Path(args.output).write_text(
                    report([*runs, run], info, args.duration), encoding="utf-8"
                )

            run = run_size(
                size,
                args.duration,
                levels,
                checkpoint,
                write_every_ms=args.write_every,
                write_cells=tuple(args.write_cells.split(",")),
                rounds=args.rounds,
            )
            runs.append(run)
            print(f"   written {args.output}", flush=True)
    finally:
        clusters.stop()


if __name__ == "__main__":
    main()
