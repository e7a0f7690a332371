"""A newcomer's first minute (issue 15): what makes `make run` on a fresh clone serve within a
minute, checked without timing anything.

- `make install` installs requirements.lock with uv when it can be had and with pip otherwise
  (a fake interpreter records what the Makefile asks of it);
- lms/schema_snapshot.sql is current (its fingerprint matches the migrations on disk) and is
  exactly what the migrations build (compared with the test database, which they built);
- `manage.py prepare_demo` builds a new SQLite database from the snapshot, sets up the site and
  loads the demo in one process, and a second run changes nothing.
"""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from lms.schema_snapshot import (
    SNAPSHOT_PATH,
    migrations_fingerprint,
    snapshot_fingerprint,
    snapshot_load,
)

BASE_DIR = Path(settings.BASE_DIR)

# --- make install: uv, else pip ---------------------------------------------------------------

FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/../calls.log"
case "$*" in
  *"install uv"*) exit ${FAKE_UV_BOOTSTRAP_EXIT:-0} ;;
  *"-m uv "*) exit ${FAKE_UV_EXIT:-0} ;;
esac
exit 0
"""


def _make_install(tmp_path, **env) -> list[str]:
    """Run the Makefile's install step (without the system packages) against a venv whose
    python only records its arguments; returns them, one call per item."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    make_vars = [f"{key}={value}" for key, value in env.items() if key == "INSTALLER"]
    subprocess.run(
        ["make", "-s", "-C", str(BASE_DIR), f"VENV={venv}", *make_vars, f"{venv}/.installed-stamp"],
        env={**os.environ, **{k: v for k, v in env.items() if k != "INSTALLER"}},
        check=True,
        capture_output=True,
    )
    assert (venv / ".installed-stamp").exists()
    return (venv / "calls.log").read_text().splitlines()


def _installs_lock_with(calls: list[str]) -> set[str]:
    tools = set()
    for call in calls:
        if "-r requirements.lock" in call:
            tools.add("uv" if call.startswith("-m uv ") else "pip")
    return tools


def test_make_install_installs_the_lock_with_uv_when_it_can_be_had(tmp_path):
    calls = _make_install(tmp_path)
    assert any("install uv" in call for call in calls)
    assert _installs_lock_with(calls) == {"uv"}


def test_make_install_falls_back_to_pip_when_uv_cannot_be_installed(tmp_path):
    calls = _make_install(tmp_path, FAKE_UV_BOOTSTRAP_EXIT="1")
    assert _installs_lock_with(calls) == {"pip"}


def test_make_install_falls_back_to_pip_when_uv_fails(tmp_path):
    calls = _make_install(tmp_path, FAKE_UV_EXIT="2")
    assert _installs_lock_with(calls) == {"uv", "pip"}
    assert calls[-1].endswith("-r requirements.lock") and not calls[-1].startswith("-m uv")


def test_installer_pip_never_asks_for_uv(tmp_path):
    calls = _make_install(tmp_path, INSTALLER="pip")
    assert not any("uv" in call for call in calls)
    assert _installs_lock_with(calls) == {"pip"}


# --- The schema snapshot ----------------------------------------------------------------------


def test_schema_snapshot_is_current_with_the_migrations():
    assert snapshot_fingerprint() == migrations_fingerprint(), (
        "lms/schema_snapshot.sql is stale: run `manage.py schema_snapshot` and commit it"
    )


def _snapshot_database() -> sqlite3.Connection:
    database = sqlite3.connect(":memory:")
    database.execute("PRAGMA foreign_keys = OFF")
    database.executescript(SNAPSHOT_PATH.read_text(encoding="utf-8"))
    return database


SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"


@pytest.mark.django_db
def test_schema_snapshot_is_what_the_migrations_build():
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite; the snapshot is for SQLite only")
    snapshot = _snapshot_database()
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA)
        migrated_schema = set(cursor.fetchall())
        cursor.execute("SELECT app, name FROM django_migrations")
        migrated_applied = set(cursor.fetchall())
    assert set(snapshot.execute(SCHEMA).fetchall()) == migrated_schema
    assert set(snapshot.execute("SELECT app, name FROM django_migrations")) == migrated_applied
    assert snapshot.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.django_db
def test_a_database_with_tables_is_never_loaded_over():
    assert snapshot_load(connection).endswith(": migrating")


# --- prepare_demo -----------------------------------------------------------------------------

ENV_TO_CLEAR = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
)


def test_prepare_demo_builds_a_new_database_in_one_process_and_a_second_run_changes_nothing(
    tmp_path,
):
    env = {key: value for key, value in os.environ.items() if key not in ENV_TO_CLEAR}
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        LOG_LEVEL="WARNING",
    )

    def prepare() -> str:
        return subprocess.run(
            [sys.executable, "manage.py", "prepare_demo"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    first = prepare()
    assert "Database: database created from schema_snapshot.sql." in first
    assert "No migrations to apply." in first
    assert "Site set up." in first
    assert "Demo data: 10 account(s) created." in first
    assert "trainee@example.org" in first
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    counts = {
        table: database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("lms_user", "wagtailcore_page", "wagtailcore_revision", "courses_enrolment")
    }
    assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    database.close()

    second = prepare()
    assert "Database: the database has tables: migrating." in second
    assert "Demo data: 0 account(s) created." in second
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    for table, count in counts.items():
        assert database.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table  # noqa: S608
