# PDP Portal. `make run` starts the portal on its embedded default; `make test` runs every check;
# `make load` runs the load test of the production topology for a few minutes.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_CERT ?= $(wildcard /etc/ssl/certs/ca-certificates.crt)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian packages: WeasyPrint's libraries, fonts with full Vietnamese coverage, gettext, libpq.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig shared-mime-info \
	fonts-noto-core fonts-dejavu-core gettext libpq-dev
# Plus the real services and tools the test suite runs on.
TEST_DEBS := $(RUN_DEBS) postgresql-15 postgresql-contrib redis-server chromium poppler-utils docker-compose \
	zbar-tools nginx-light

LOCAL_ENV := DEBUG=1
TEST_ENV := DEBUG=1 SECRET_KEY=test-secret-key DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: install install-test run test bench _bench-small load _load-small lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall whenever the lock file changes.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	@.ci/system-packages $(RUN_DEBS)
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
	@.ci/system-packages $(RUN_DEBS)
	@mkdir -p var/static var/mail var/media var/celery/queue var/celery/processed var/celery/control
	@if [ -n "$$(find locale -name '*.po' 2>/dev/null)" ]; then \
		$(LOCAL_ENV) $(BIN)/python manage.py compilemessages -v0 --ignore=.venv --ignore=var; fi

install-test: install
	@.ci/system-packages $(TEST_DEBS)

run: install
	$(LOCAL_ENV) $(BIN)/python manage.py migrate -v0
	$(LOCAL_ENV) $(BIN)/python manage.py seed_demo --if-empty
	@echo "PDP Portal: http://127.0.0.1:$(PORT)/  (a process that exits is restarted; Ctrl-C stops all three)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(LOCAL_ENV) PORT=$(PORT) $(BIN)/python scripts/supervise.py -f Procfile.dev

# The suite runs in one process per core (pytest-xdist; each has its own PostgreSQL and Redis
# database); a file's tests stay together. `make test PYTEST_ARGS=-n0` runs it in one process.
PYTEST_ARGS ?= -n $(shell nproc 2>/dev/null || echo 2) --dist loadfile

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) .ci/with-services $(MAKE) --no-print-directory _test-on-services

_test-on-services:
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory _bench-small
	$(MAKE) --no-print-directory _load-small

# Each benchmark prints its figures as ratios against a baseline measured in the same run. A new
# benchmark is a module `python -m` runs: add it to BENCHES, and make it honour BENCH_SMALL=1
# (small sizes, check that it runs and its query counts, never a time: a shared CI machine's
# speed decides nothing). `make test` runs every one of them in that mode (under 1 minute).
BENCHES := tests.bench tests.bench_rights tests.bench_dossiers tests.bench_audit tests.bench_consents tests.bench_bundle tests.bench_inbox

bench: install-test
	$(TEST_ENV) .ci/with-services sh -c 'status=0; for m in $(BENCHES); do $(BIN)/python -m $$m || status=1; done; exit $$status'

# On the services of `make test` (DATABASE_URL and REDIS_URL already set): each benchmark, small.
_bench-small:
	@for m in $(BENCHES); do echo "benchmark $$m (BENCH_SMALL=1)"; \
		BENCH_SMALL=1 $(TEST_ENV) $(BIN)/python -m $$m >var/bench-small-$$m.log 2>&1 \
		|| { cat var/bench-small-$$m.log; echo "FAIL: $$m"; exit 1; }; \
		tail -n 3 var/bench-small-$$m.log; done

# The load test (tests/load/run.py): two web replicas behind nginx, two workers and beat on
# throwaway PostgreSQL and Redis, Locust driving the public form, the DPO inbox and the API for
# LOAD_SECONDS (default 180) with LOAD_USERS (default 60). Prints requests/s, p50/p95/p99 per group,
# errors, 5xx answers and whether every accepted form post was stored once.
load: install-test
	$(TEST_ENV) .ci/with-services $(BIN)/python -m tests.load.run

# `make test`: the same with 12 users for 15 s (about a minute with the migrations and start-up):
# proves that it runs and that nothing fails, judges no figure.
_load-small:
	@echo "load test (LOAD_SMALL=1)"; LOAD_SMALL=1 $(TEST_ENV) $(BIN)/python -m tests.load.run \
		>var/load-small.log 2>&1 || { cat var/load-small.log; echo "FAIL: load test"; exit 1; }; \
		tail -n 5 var/load-small.log

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

messages:
	$(LOCAL_ENV) $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(LOCAL_ENV) $(BIN)/python manage.py makemessages -d djangojs -l en --ignore=.venv --ignore=var --no-obsolete

clean:
	rm -rf var/celery var/mail
