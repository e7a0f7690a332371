"""Database and production settings, read the way a real process reads them.

Settings are evaluated once per process, so each case runs in a subprocess with its own
environment: the SQLite default (no DATABASE_URL) on a file, as `make run` uses it; a
DATABASE_URL installation; and the production settings with and without their required
variables. Subprocesses cost about a second each with Django set up, so they are few, and
those that only read settings skip `django.setup()`.
"""

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

# Variables that would otherwise leak from the test run (or CI) into the subprocesses.
ENV_TO_CLEAR = (
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests for their own process; a deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "SQLITE_PATH",
    "CONN_MAX_AGE",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "PORT",
    "DEBUG",
)

WRITES_PER_PROCESS = 100

# One writer process: configure Django from the given settings (no app registry needed for
# raw SQL), report how its connection is set up, then increment a shared counter with a
# read-then-write transaction: the pattern that fails with "database is locked" when
# transactions start deferred and two processes write at once.
WRITER = """
import json, os, sqlite3, sys, time, warnings
from pathlib import Path

from django.db import connection, transaction

# Raw SQL needs no app registry, so django.setup() is skipped; Django warns about that.
warnings.filterwarnings("ignore", message="Accessing the database during app initialization")

path, ready, go, writes = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])

def pragma(name):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]

# Does a Django transaction hold the write lock from its first statement? Ask a second,
# impatient connection to take it while the transaction is open but has not written yet.
with transaction.atomic():
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        write_lock_at_begin = False
    except sqlite3.OperationalError:
        write_lock_at_begin = True
    finally:
        probe.close()

report = {
    "journal_mode": pragma("journal_mode"),
    "busy_timeout": pragma("busy_timeout"),
    "synchronous": pragma("synchronous"),
    "write_lock_at_begin": write_lock_at_begin,
}
ready.touch()
while not go.exists():
    time.sleep(0.002)
for _ in range(writes):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            (value,) = cursor.fetchone()
            time.sleep(0.001)
            cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
report["writes"] = writes
print(json.dumps(report))
"""

# The process that creates the file, as `migrate` would: Django's connection, raw SQL.
CREATOR = """
import warnings
from django.db import connection
warnings.filterwarnings("ignore", message="Accessing the database during app initialization")
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
    cursor.execute("INSERT INTO counter VALUES (1, 0)")
"""

SETTINGS_READER = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({key: database.get(key) for key in ("ENGINE", "NAME", "CONN_MAX_AGE",
                                                     "CONN_HEALTH_CHECKS")}))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ENV_TO_CLEAR}
    env["PYTHONPATH"] = str(settings.BASE_DIR)
    env.update(extra)
    return env


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def sqlite_writers(tmp_path_factory):
    """Two processes with the default SQLite settings writing one file at the same time."""
    tmp = tmp_path_factory.mktemp("sqlite")
    path = tmp / "academy.sqlite3"
    # The file is created the way an installation creates it: one process with the default
    # settings (`migrate`, before anything else runs). That first connection switches the file
    # to WAL, which lasts. Two processes switching a brand-new file at the same moment can race
    # (one gets "database is locked" from the PRAGMA itself, which no busy timeout covers);
    # no installation starts that way, so the test does not either.
    setup = _run(["-c", CREATOR], DJANGO_SETTINGS_MODULE="lms.settings.dev", SQLITE_PATH=str(path))
    assert setup.returncode == 0, setup.stderr
    with sqlite3.connect(path) as check:
        (mode,) = check.execute("PRAGMA journal_mode").fetchone()
    check.close()
    assert mode == "wal", "the default settings should leave the file in WAL mode"
    go = tmp / "go"
    writers = []
    for number in range(2):
        ready = tmp / f"ready-{number}"
        args = ["-c", WRITER, str(path), str(ready), str(go), str(WRITES_PER_PROCESS)]
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=settings.BASE_DIR,
            env=_env(DJANGO_SETTINGS_MODULE="lms.settings.dev", SQLITE_PATH=str(path)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        writers.append((process, ready))
    try:
        deadline = time.monotonic() + 60
        while not all(ready.exists() for _process, ready in writers):
            if any(process.poll() is not None for process, _ready in writers):
                break
            assert time.monotonic() < deadline, "the writers did not start within 60 s"
            time.sleep(0.01)
        go.touch()
        outcomes = [
            process.communicate(timeout=120) + (process.returncode,) for process, _ in writers
        ]
    finally:
        for process, _ready in writers:
            if process.poll() is None:
                process.kill()
                process.wait()
    with sqlite3.connect(path) as check:
        (counter,) = check.execute("SELECT value FROM counter WHERE id = 1").fetchone()
    check.close()
    return outcomes, counter


def test_sqlite_default_uses_wal_immediate_transactions_and_a_busy_timeout(sqlite_writers):
    outcomes, _counter = sqlite_writers
    for stdout, stderr, returncode in outcomes:
        assert returncode == 0, stderr
        report = json.loads(stdout)
        assert report["journal_mode"] == "wal"
        assert report["busy_timeout"] >= 5000
        assert report["synchronous"] == 1  # NORMAL: safe with WAL, and much faster than FULL
        assert report["write_lock_at_begin"], "transactions should BEGIN IMMEDIATE"


def test_two_processes_writing_at_once_both_succeed(sqlite_writers):
    outcomes, counter = sqlite_writers

    assert [returncode for _out, _err, returncode in outcomes] == [0, 0], [
        stderr[-2000:] for _out, stderr, _code in outcomes
    ]
    assert all("database is locked" not in stderr for _out, stderr, _code in outcomes)
    # Every read-then-write saw the other process's commits: no increment was lost.
    assert counter == 2 * WRITES_PER_PROCESS


def test_database_url_gets_persistent_health_checked_connections():
    result = _run(
        ["-c", SETTINGS_READER],
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        DATABASE_URL="postgres://lms:secret@db.example.org:5432/academy",
    )

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "academy"
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "academy.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "academy.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(50)}, "ALLOWED_HOSTS must list the host names"),
    ],
    ids=["no-secret-key", "short-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_without_its_required_settings(env, message, tmp_path):
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SQLITE_PATH=str(tmp_path / "unused.sqlite3"),
        **env,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_passes_the_deployment_checks_when_configured(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="academy.example.org",
        SITE_URL="https://academy.example.org",
        SQLITE_PATH=str(tmp_path / "unused.sqlite3"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
