"""`make load` (deploy/load.py), briefly: 3 trainees for 5 seconds against gunicorn on
PostgreSQL, with no error, and the JSON line the README's figures come from. It refuses a
database that could be a real one."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from .app_server import REPO

LOAD = REPO / "deploy" / "load.py"
KEYS = {
    "seconds",
    "users",
    "gunicorn_workers",
    "requests",
    "requests_per_second",
    "server_ms_p50",
    "server_ms_p95",
    "server_ms_p99",
    "errors",
}


def _load(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(LOAD)],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.mark.postgres
def test_three_trainees_for_five_seconds_without_an_error(postgres):
    settings = connection.settings_dict
    name = f"g_smoke_{uuid.uuid4().hex[:8]}_load"
    server = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}"
    server += f":{settings['PORT'] or 5432}"
    result = _load(LOAD_SECONDS="5", LOAD_USERS="3", LOAD_DATABASE_URL=f"{server}/{name}")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures.keys() >= KEYS
    assert figures["errors"] == 0, result.stderr[-3000:]
    assert figures["users"] == 3
    assert figures["requests"] > 0
    # Every measured request's server time was read from gunicorn's access log.
    assert figures["server_times_logged"] == figures["requests"]
    assert 0 < figures["server_ms_p50"] <= figures["server_ms_p95"] <= figures["server_ms_p99"]
    with psycopg.connect(f"{server}/postgres") as admin:
        left = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    assert left is None, "the throwaway database was not dropped"


@pytest.mark.parametrize(
    "env, reason",
    [
        ({"LOAD_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/lms"}, "must end in _load"),
        (
            {
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/academy_load",
                "LOAD_DATABASE_URL": "",
            },
            "DATABASE_URL's own database",
        ),
    ],
)
def test_it_refuses_a_database_that_could_be_a_real_one(env, reason):
    result = _load(LOAD_SECONDS="1", LOAD_USERS="1", **env)
    assert result.returncode != 0
    assert reason in result.stderr
