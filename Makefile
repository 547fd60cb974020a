# Everyday targets. `make run` starts Duban; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: lock lock-check bundle sysdeps oidc-provider run test lint format typecheck api-contract migrations-check messages bench bench-web bench-docs browser clean

# Installs from the hashed lock (requirements-dev.lock). When someone has added a package to
# requirements*.txt without running `make lock`, the lock is stale: this says so loudly and
# installs from the .txt files instead, so that work goes on; `make bundle` (what production
# installs) re-locks first. `make lock-check` fails on a stale lock.
$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-ldap.txt requirements.lock requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本 / Python 3.11+ is required")'
	@$(MAKE) -s sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	@if $(PYTHON) deploy/lockcheck.py; then \
	  $(BIN)/python -m pip install -q --require-hashes -r requirements-dev.lock; \
	else \
	  echo "警告：锁文件过期，改从 requirements-dev.txt 安装 / WARNING: stale lock, installing from requirements-dev.txt"; \
	  $(BIN)/python -m pip install -q -r requirements-dev.txt; \
	fi
	@touch $@

UV_COMPILE = $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock"

## Regenerate the hashed locks from requirements*.txt (needs the package index). Run it after
## changing either file, and commit requirements.lock and requirements-dev.lock.
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install -q "$$(grep '^uv==' requirements-dev.txt)"; }
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-ldap.txt -c requirements.lock -o requirements-ldap.lock
	$(UV_COMPILE) requirements-dev.txt -c requirements.lock -c requirements-ldap.lock -o requirements-dev.lock

## The offline package: dist/duban-<version>-offline.tar.gz (source, wheelhouse for x86_64 and
## aarch64, install.sh). Needs the package index; see deploy/README.md.
bundle: $(BIN)/.installed
	PIP="$(BIN)/python -m pip" deploy/bundle.sh

## Fail (with the packages named) when a lock does not match requirements*.txt. No network.
lock-check:
	$(PYTHON) deploy/lockcheck.py

## Set up, migrate, create the demo organisation on first start, and start
## the web server, a Celery worker and Celery beat. Ctrl-C stops them all.
run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py collectstatic --noinput -v0
	PORT=$(PORT) $(BIN)/python deploy/devserver.py

## Set up and run the whole test suite (SQLite and the filesystem broker by
## default; set DATABASE_URL and REDIS_URL to run on PostgreSQL and Redis),
## in parallel on every core (TEST_JOBS=0 runs it in one process). Tests that
## need Redis or PostgreSQL's workers run one after another on one worker.
TEST_JOBS ?= auto
test: $(BIN)/.installed browser oidc-provider
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup $(PYTEST_ARGS)

## Debian packages: OpenLDAP's headers to build python-ldap (django-auth-ldap),
## and slapd/ldap-utils for the directory tests (installed when run as root).
SYSDEPS := libldap-dev libsasl2-dev slapd ldap-utils
sysdeps:
	@dpkg -s $(SYSDEPS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSDEPS) >/dev/null) \
	  || echo "未安装 $(SYSDEPS)：python-ldap 可能无法编译，目录测试将被跳过 / missing: $(SYSDEPS)"; }

## The OIDC provider the single sign-on tests run (panva/oidc-provider, pinned
## by tests/identity/oidc_provider/package-lock.json); skipped without Node.js.
OIDC_DIR := tests/identity/oidc_provider
oidc-provider:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d $(OIDC_DIR)/node_modules/oidc-provider ] || (cd $(OIDC_DIR) && npm ci --no-audit --no-fund --loglevel=error); \
	else echo "未安装 Node.js：OIDC 单点登录测试将被跳过 / Node.js missing: OIDC tests will be skipped"; fi

## Debian's Chromium for the browser tests (skipped with a reason without it).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	  || echo "未安装 chromium：浏览器测试将被跳过 / chromium missing: browser tests will be skipped"; }

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

## The schema is the contract: schemathesis against the live app, one run per role (bounded;
## not part of `make test` or CI: it takes minutes). Figures in docs/notes/issue-11.md.
api-contract: $(BIN)/.installed
	$(BIN)/python .ci/api_contract.py $(API_CONTRACT_ARGS)

migrations-check: $(BIN)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l en --ignore='.venv/*' --ignore='var/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*'

## Benchmarks (not timed tests). The reminder and dashboard ones need
## PostgreSQL and create their own databases (rem_bench, rep_bench).
bench: $(BIN)/.installed
	$(BIN)/python bench/bench_parser.py
	$(BIN)/python bench/bench_reading.py
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rep_bench} $(BIN)/python bench/bench_dashboard.py
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rem_bench} $(BIN)/python bench/bench_reminders.py

## The web benchmark (issue 17): 100,000 and 1,000,000 tasks behind gunicorn,
## its own PostgreSQL primary + replica in a temp dir; results in bench/RESULTS-web.md.
## Options in BENCH_WEB_ARGS, e.g. "--sizes 100000 --rounds 3": every load cell run three
## times, interleaved, reported as the median of the rounds (targets on the ratio of medians).
bench-web: $(BIN)/.installed
	$(BIN)/python bench/bench_web.py $(BENCH_WEB_ARGS)

## The API docs in Chromium (issue 16): both docs pages under gunicorn as in production,
## cold / first visit / warm, median and max, load average; results in bench/RESULTS-api-docs.md.
bench-docs: $(BIN)/.installed
	$(BIN)/python bench/bench_api_docs.py $(BENCH_DOCS_ARGS)

clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache
