# Peer Support Academy: the commands people and scripts rely on. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
export PYTHONPATH := $(CURDIR)

.PHONY: install run test worker beat lint format bench load lock setup clean system-pdf system-browser system-ops system-i18n messages

# System libraries (Debian package names). WeasyPrint needs Pango and HarfBuzz's subsetter for
# every PDF; the browser tests need Debian's Chromium and Noto for Indian scripts.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
BROWSER_PACKAGES := chromium fonts-noto-core
# The operations tests run the deploy/ recipe (nginx), back up with pg_dump and start redis-servers
# of their own.
OPS_PACKAGES := nginx postgresql-client redis-server
# The translation catalogues (locale/) are compiled by GNU gettext's msgfmt.
I18N_PACKAGES := gettext

# Install Debian packages that are missing: with apt-get as root, otherwise say what to run.
# $(1): the packages; $(2): a shell test that passes when they are there; $(3): what to do
# without root (exit 1 where the app cannot work without them).
define system_packages
	@if ! { $(2); } >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages: $(1)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	      --no-install-recommends $(1); \
	  else \
	    echo "Missing system packages; install them with: sudo apt-get install $(1)"; $(3); \
	  fi; \
	fi
endef

system-pdf:
	$(call system_packages,$(PDF_PACKAGES),python3 -c "import ctypes.util as u; assert u.find_library('pangoft2-1.0') and u.find_library('harfbuzz-subset')",exit 1)

system-browser:
	$(call system_packages,$(BROWSER_PACKAGES),test -x /usr/bin/chromium && test -f /usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf,echo "The browser tests will be skipped.")

system-i18n:
	$(call system_packages,$(I18N_PACKAGES),command -v msgfmt,echo "Pages stay in English until the catalogues are compiled (make install).")

system-ops:
	$(call system_packages,$(OPS_PACKAGES),command -v nginx && command -v pg_dump && command -v redis-server,echo "The tests that need them will be skipped.")

# requirements.lock is the one pin list. uv (from PyPI, into the venv) installs it several
# times faster than pip; wherever uv cannot be had or fails, pip installs the same list.
# INSTALLER=pip skips uv.
INSTALLER ?= uv
PIP := $(PY) -m pip --quiet --disable-pip-version-check
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@if [ "$(INSTALLER)" = uv ] && $(PIP) install "uv>=0.5" \
	    && $(PY) -m uv pip install --quiet --python $(PY) -r requirements.lock; then \
	  echo "Installed requirements.lock with uv."; \
	else \
	  echo "Installing requirements.lock with pip."; \
	  $(PIP) install --upgrade "pip>=24" && $(PIP) install -r requirements.lock; \
	fi
	@touch $(STAMP)

# The catalogues: each locale/<language>/LC_MESSAGES/*.po compiled to its .mo (not committed)
# whenever the .po is newer, so an install that is up to date does not start Django for it.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)
$(MO_FILES): %.mo: %.po | $(STAMP) system-i18n
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --verbosity 0 --ignore '.*' --ignore node_modules \
	    --ignore tests --ignore media --ignore static_collected --ignore private_media; \
	else \
	  echo "Not compiled (no msgfmt): $@"; \
	fi

install: system-pdf system-i18n $(STAMP) messages

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site

# Serve the app on the embedded default (SQLite, tasks in-process) with the demo data.
# prepare_demo migrates (a new SQLite database from lms/schema_snapshot.sql), runs setup_site
# and load_demo in one process. Without a broker, the periodic jobs run every minute beside
# the server. Links on certificates and in emails open the same port (SITE_URL, unless it is
# already set).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py prepare_demo
	@if [ -z "$$CELERY_BROKER_URL" ]; then \
	  $(PY) manage.py run_due_jobs --loop 60 & jobs=$$!; \
	  trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

# The whole suite. DATABASE_URL / REDIS_URL select PostgreSQL and Redis; LMS_REQUIRE_SERVICES=1
# turns a skip for a missing service into a failure.
test: install system-browser system-ops
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(PY) -m celery -A lms worker --loglevel INFO

beat: install
	$(PY) -m celery -A lms beat --loglevel INFO --schedule $(VENV)/celerybeat-schedule

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lms.settings.production \
	  SECRET_KEY=lint-only-$$(printf '%060d' 0) ALLOWED_HOSTS=academy.example.org \
	  SITE_URL=https://academy.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks (tests/benchmarks/) on their own throwaway database, cache and broker, never
# DATABASE_URL, REDIS_URL, CELERY_BROKER_URL or .env's (BENCH_DATABASE_URL, BENCH_REDIS_URL,
# BENCH_BROKER_URL to choose them; BENCH_ARGS="--only basics" for one area). The first lines
# say what it used; the last line printed is one JSON object.
bench: install
	@$(PY) -m tests.benchmarks $(BENCH_ARGS)

# Load test on loopback (deploy/load.py): LOAD_USERS trainees (50) for LOAD_SECONDS (60) against
# gunicorn with deploy/gunicorn.conf.py on production settings and a throwaway PostgreSQL
# database (LOAD_DATABASE_URL, default academy_load beside DATABASE_URL's), dropped at the end.
# The last line printed is one JSON object.
load: install
	$(PY) deploy/load.py

# Re-pin requirements.lock after changing pyproject.toml.
lock: install
	$(PY) -m piptools compile --quiet --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .bench .test-media .test-private-media $(MO_FILES)
