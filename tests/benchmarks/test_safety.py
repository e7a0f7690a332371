"""`make bench` beside a live installation: DATABASE_URL, REDIS_URL and CELERY_BROKER_URL in
the environment and in the checkout's `.env` all point at "live" things (a SQLite file with a
row in it, and db 0 of a redis-server of the test's own with a key planted), and the bench
runs one area (`--only basics`, the fastest) on its own database and on BENCH_REDIS_URL
(db 1 of the same server). Afterwards the live file is byte for byte the same, db 0 holds
the planted key and nothing else, no queue holds a message, the bench's own Redis db holds
none of its keys, and the report names what the bench used.

The checkout is a copy-by-symlink of this one whose lms/settings/ is a real folder, so that
settings' BASE_DIR, and with it the `.env` they read, is the copy's: the real checkout never
gets a `.env`. One bench run migrates a database (about a minute on a busy machine)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.ops.redis_server import redis_server  # noqa: F401 - a fixture

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.redis


def _checkout_copy(folder: Path) -> Path:
    """A checkout whose code is this one's but whose BASE_DIR (and `.env`) is `folder`."""
    folder.mkdir()
    skip = {".env", ".bench", ".git", "lms"}
    for entry in REPO.iterdir():
        if entry.name not in skip:
            (folder / entry.name).symlink_to(entry)
    (folder / "lms").mkdir()
    for entry in (REPO / "lms").iterdir():
        if entry.name == "settings":
            shutil.copytree(entry, folder / "lms" / "settings", ignore=_no_pycache)
        elif entry.name != "__pycache__":
            (folder / "lms" / entry.name).symlink_to(entry)
    return folder


def _no_pycache(_, names):
    return [name for name in names if name == "__pycache__"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bench_touches_nothing_live(tmp_path, redis_server):  # noqa: F811
    checkout = _checkout_copy(tmp_path / "checkout")
    live_db = tmp_path / "live.sqlite3"
    with sqlite3.connect(live_db) as connection:
        connection.execute("CREATE TABLE lms_user (id integer, email text)")
        connection.execute("INSERT INTO lms_user VALUES (1, 'live@example.org')")
    connection.close()
    before = _digest(live_db)
    port = redis_server.port
    live_redis = f"redis://127.0.0.1:{port}/0"
    bench_redis = f"redis://127.0.0.1:{port}/1"
    live = redis.Redis.from_url(live_redis)
    live.set(":1:courses:outline:3", "the live site's outline")
    (checkout / ".env").write_text(
        f"DATABASE_URL=sqlite:///{live_db}\n"
        f"REDIS_URL={live_redis}\n"
        f"CELERY_BROKER_URL={live_redis}\n"
        f"SQLITE_PATH={live_db}\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BENCH_", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{live_db}",
        CELERY_BROKER_URL=live_redis,  # REDIS_URL comes from .env alone
        BENCH_REDIS_URL=bench_redis,
        BENCH_DIR=str(tmp_path / "bench"),
        PYTHONPATH=str(checkout),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--only", "basics"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    figures = json.loads(lines[-1])

    assert _digest(live_db) == before
    assert live.keys("*") == [b":1:courses:outline:3"]
    assert live.get(":1:courses:outline:3") == b"the live site's outline"
    assert redis.Redis.from_url(bench_redis).dbsize() == 0  # its cache keys removed
    for db in range(16):
        client = redis.Redis.from_url(f"redis://127.0.0.1:{port}/{db}")
        assert not [key for key in client.keys("*") if client.type(key) == b"list"]

    bench_db = tmp_path / "bench" / "bench.sqlite3"
    assert figures["bench_database"] == f"sqlite:///{bench_db}"
    assert bench_db.exists()
    assert figures["bench_cache"] == bench_redis
    assert figures["bench_cache_prefix"].startswith("bench:")
    assert figures["bench_broker"] is None
    assert figures["home_anonymous_queries"] > 0
    assert lines[0] == f"bench: database sqlite:///{bench_db}"
    assert lines[1].startswith(f"bench: cache {bench_redis}, key prefix bench:")
    assert lines[2] == "bench: broker none (tasks run in-process)"


def test_a_bench_address_equal_to_the_live_one_is_refused(tmp_path):
    from tests.benchmarks.safety import bench_environment_resolve

    live = {"DATABASE_URL": "postgres://u@db:5432/bench_live", "REDIS_URL": "redis://r:6379/0"}
    with pytest.raises(SystemExit, match="DATABASE_URL"):
        bench_environment_resolve({**live, "BENCH_DATABASE_URL": live["DATABASE_URL"]}, tmp_path)
    with pytest.raises(SystemExit, match="REDIS_URL"):
        bench_environment_resolve({**live, "BENCH_REDIS_URL": "redis://r:6379"}, tmp_path)
    with pytest.raises(SystemExit, match="must contain 'bench'"):
        bench_environment_resolve({"BENCH_DATABASE_URL": "postgres://u@db/academy"}, tmp_path)
    resolved = bench_environment_resolve(live, tmp_path).variables()
    assert resolved["DATABASE_URL"] == resolved["REDIS_URL"] == ""
    assert resolved["CELERY_BROKER_URL"] == ""
    assert resolved["DJANGO_SETTINGS_MODULE"] == "tests.benchmarks.settings"
