"""The real Celery round trip: a worker process on Redis runs what the app sends on commit.

How the worker is configured: it runs with the test settings (lms.settings.test) plus two
environment variables, so no extra settings module is needed.

- DATABASE_URL names the test database pytest-django created (`test_…`); the test settings
  read it like any other installation does.
- CELERY_BROKER_URL is the tests' own Redis database. The test settings blank the broker and
  force eager mode, but Celery reads this variable ahead of the settings
  (`celery.app.utils.Settings.broker_url`), and eager mode only affects tasks sent *from*
  the worker, which job_run_task does not do.

The test process keeps its settings and switches only the Celery app, for the duration of
the test, to the real broker with eager mode off (`_app_on_broker`).

These tests need PostgreSQL (the worker is a second process on the test database, and the
SQLite test database lives in this process's memory) and Redis: without them they skip,
and with LMS_REQUIRE_SERVICES=1 they fail instead.
"""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from celery.signals import before_task_publish
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from lms.celery import app
from lms.models import JobRun
from lms.tasks import job_run_task

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 30
# How long a task that should never run is given to show up anyway; a real one takes ~2 ms.
QUIET_PERIOD = 1.5


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict["USER"] or "")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}" if password else user
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(settings_dict['NAME'])}"


def _drop_broker_connections():
    """Close pooled broker connections, so the next send connects to the current broker.

    kombu keeps its pools in a process-wide registry keyed by connection, so closing only
    the app's pools would leave closed ones there to be handed out again.
    """
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def _app_on_broker(broker_url: str):
    """Point this process's Celery app at a real broker, then back at eager mode."""
    previous = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
    }
    _drop_broker_connections()
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    try:
        yield
    finally:
        _drop_broker_connections()
        app.conf.update(previous)


def _wait_for(predicate, *, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture
def worker(postgres, redis_url, tmp_path, monkeypatch):
    """A `celery worker` process on the test database and the tests' Redis, stopped after."""
    # Celery prefers this variable to the app's configuration; the test process must not.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    hostname = f"roundtrip-{os.getpid()}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": _database_url(postgres.settings_dict),
        "CELERY_BROKER_URL": redis_url,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lms",
        "worker",
        "--pool",
        "solo",
        "--concurrency",
        "1",
        "--hostname",
        hostname,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        with _app_on_broker(redis_url):

            def ready():
                if process.poll() is not None:
                    pytest.fail(
                        f"The Celery worker exited ({process.returncode}):\n"
                        + log_path.read_text(errors="replace")
                    )
                return app.control.ping(destination=[hostname], timeout=0.5)

            if not _wait_for(ready, timeout=WORKER_START_TIMEOUT, interval=0.2):
                pytest.fail(
                    f"The Celery worker did not answer a ping within {WORKER_START_TIMEOUT} s:\n"
                    + log_path.read_text(errors="replace")
                )
            yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def published():
    """Names of the tasks this process hands to the broker."""
    sent = []

    def record(sender=None, **kwargs):
        sent.append(sender)

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)


@pytest.fixture
def clearsessions_never_ran(transactional_db):
    """A JobRun row for clearsessions that has never run (transactional tests flush it)."""
    JobRun.objects.update_or_create(
        name="clearsessions",
        defaults={"last_started_at": None, "last_finished_at": None, "last_status": "", "runs": 0},
    )


def _clearsessions_run() -> tuple[int, str]:
    run = JobRun.objects.get(name="clearsessions")
    return run.runs, run.last_status


def test_task_sent_on_commit_runs_in_the_worker(worker, clearsessions_never_ran, published):
    expired = Session.objects.create(
        session_key="expired" + "x" * 25,
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )

    with transaction.atomic():
        job_run_task.delay_on_commit("clearsessions")
        assert published == []

    assert published == ["lms.tasks.job_run_task"]
    assert _wait_for(lambda: _clearsessions_run() == (1, "ok"), timeout=TASK_TIMEOUT), (
        f"the worker did not record the job within {TASK_TIMEOUT} s: {_clearsessions_run()}"
    )
    assert not Session.objects.filter(pk=expired.pk).exists()


def test_task_sent_in_a_rolled_back_transaction_never_runs(
    worker, clearsessions_never_ran, published, redis_url
):
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        job_run_task.delay_on_commit("clearsessions")
        raise Abandon

    time.sleep(QUIET_PERIOD)
    assert published == []
    assert _clearsessions_run() == (0, "")
    queue = redis.Redis.from_url(redis_url)
    try:
        assert queue.llen(app.conf.task_default_queue) == 0
    finally:
        queue.close()

    # The worker was listening all along: the same send, committed, does run.
    with transaction.atomic():
        job_run_task.delay_on_commit("clearsessions")
    assert _wait_for(lambda: _clearsessions_run() == (1, "ok"), timeout=TASK_TIMEOUT)
