"""Faults a real installation meets, with a real Celery worker on PostgreSQL and Redis: a
worker killed while it renders a certificate, and the broker down when the trainee completes
the last step. Either way the certificate ends issued exactly once: one file, one "issued"
event.

The worker runs as in `tests/lms/test_celery_roundtrip.py` (test settings, the test database
and the tests' Redis through environment variables), started here from a small boot script
(`WORKER_BOOT`) so a test can make its renders slow: with FAULTS_SLOW_RENDER_SECONDS set, the
script wraps `certificates.pdf.certificate_pdf_render` in that worker process only, to write
a line to FAULTS_RENDER_MARKER and sleep before rendering. The hook lives in this test file,
not in the application, so no production code path knows about it.

Run them alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_d1 \
    LMS_TEST_REDIS_URL=redis://127.0.0.1:6379/14 \
    .venv/bin/pytest -q tests/certificates/test_faults.py

Without PostgreSQL or Redis they skip; with LMS_REQUIRE_SERVICES=1 (CI) they fail instead.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateEvent
from courses.models import LessonCompletion
from lms.celery import app
from lms.models import OutboxMessage
from lms.outbox import outbox_deliver
from lms.private_files import private_storage
from tests.factories.certificates import certifiable_build
from tests.lms.test_celery_roundtrip import _app_on_broker, _database_url, _wait_for

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

WORKER_START_TIMEOUT = 60
# A real render in a fresh worker: WeasyPrint's import and first font load, then ~25 ms.
ISSUE_TIMEOUT = 60
# Long enough that the test always kills the worker mid-render, never after it.
SLOW_RENDER_SECONDS = 120
# How long Redis keeps a delivered, unacknowledged task from other workers. The worker that
# received it is killed, so this only delays the redelivery; kept short so the test is quick.
VISIBILITY_TIMEOUT = 3
# After the certificate is issued, how long a duplicate delivery is given to show up.
QUIET_PERIOD = VISIBILITY_TIMEOUT + 3
# A port nothing listens on: the broker, down.
BROKER_DOWN_URL = "redis://127.0.0.1:9/0"

WORKER_BOOT = """
import os, sys, time

import django

django.setup()

seconds = float(os.environ.get("FAULTS_SLOW_RENDER_SECONDS") or 0)
if seconds:
    # Test-only (tests/certificates/test_faults.py): a render that takes long enough for the
    # test to kill this worker in the middle of it.
    from certificates import pdf

    real_render = pdf.certificate_pdf_render

    def slow_render(data):
        with open(os.environ["FAULTS_RENDER_MARKER"], "a") as marker:
            marker.write("render started\\n")
        time.sleep(seconds)
        return real_render(data)

    pdf.certificate_pdf_render = slow_render

from lms.celery import app

app.worker_main(sys.argv[1:])
"""


class Worker:
    """`celery worker` processes started on demand, each in its own process group, and all
    stopped at the end of the test."""

    def __init__(self, *, postgres, redis_url: str, folder: Path):
        self.redis_url = redis_url
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": _database_url(postgres.settings_dict),
            "CELERY_BROKER_URL": redis_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            # The worker stores PDFs where this test reads them.
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def start(self, *, slow_render_seconds: float = 0, marker: Path | None = None):
        number = len(self.processes) + 1
        hostname = f"faults-{os.getpid()}-{number}@localhost"
        env = {**self.env, "FAULTS_SLOW_RENDER_SECONDS": str(slow_render_seconds)}
        if marker is not None:
            env["FAULTS_RENDER_MARKER"] = str(marker)
        command = [
            sys.executable,
            "-c",
            WORKER_BOOT,
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
        log_path = self.folder / f"worker-{number}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to kill as a whole
            )
        self.processes.append((process, log_path))

        def ready():
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({process.returncode}):\n" + self.log())
            return app.control.ping(destination=[hostname], timeout=0.5)

        if not _wait_for(ready, timeout=WORKER_START_TIMEOUT, interval=0.2):
            pytest.fail(f"The Celery worker did not answer within {WORKER_START_TIMEOUT} s")
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker's process group: no shutdown, no acknowledgement, nothing."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)

    def log(self) -> str:
        return "\n".join(
            f"--- {path.name}\n" + path.read_text(errors="replace")
            for _process, path in self.processes
        )

    def stop_all(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=15)


@pytest.fixture
def workers(postgres, redis_url, tmp_path, monkeypatch):
    # Celery prefers this variable to the app's configuration; the test process must not.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    pool = Worker(postgres=postgres, redis_url=redis_url, folder=tmp_path)
    try:
        with _app_on_broker(redis_url):
            yield pool
    finally:
        pool.stop_all()


def _status(certificate_id: int) -> str:
    return Certificate.objects.filter(pk=certificate_id).values_list("status", flat=True).get()


def _stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _assert_issued_exactly_once(certificate: Certificate) -> None:
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.issued_at is not None
    assert certificate.pdf
    with private_storage().open(certificate.pdf.name, "rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert _stored_files() == [Path(private_storage().path(certificate.pdf.name))]
    assert [event.kind for event in certificate.events.order_by("pk")] == [
        CertificateEvent.Kind.CREATED,
        CertificateEvent.Kind.ISSUED,
    ]
    assert Certificate.objects.filter(enrolment=certificate.enrolment).count() == 1


def test_a_worker_killed_while_rendering_leaves_the_certificate_to_be_issued_once_after_restart(
    workers, tmp_path
):
    marker = tmp_path / "render-started"
    first = workers.start(slow_render_seconds=SLOW_RENDER_SECONDS, marker=marker)
    built = certifiable_build()

    certificate = services.certificate_evaluate(enrolment=built.enrolment)

    assert certificate.status == Certificate.Status.PENDING
    assert _wait_for(marker.exists, timeout=ISSUE_TIMEOUT), (
        "the worker never started rendering:\n" + workers.log()
    )
    workers.kill(first)

    # The render's transaction died with the worker's connection: nothing of it remains.
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert not certificate.pdf
    assert certificate.render_attempts == 0
    assert _stored_files() == []

    # Nobody re-queues anything: the unacknowledged task comes back from Redis by itself.
    workers.start()
    assert _wait_for(
        lambda: _status(certificate.pk) == Certificate.Status.ISSUED, timeout=ISSUE_TIMEOUT
    ), "the certificate was not issued after the restart:\n" + workers.log()
    time.sleep(QUIET_PERIOD)
    _assert_issued_exactly_once(certificate)
    assert marker.read_text().count("render started") == 1


def test_with_the_broker_down_completion_succeeds_and_the_outbox_issues_the_certificate_once(
    workers, client
):
    workers.start()
    built = certifiable_build()
    last = built.tree.lessons[-1]
    LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=last).delete()
    client.force_login(built.enrolment.user)

    with _app_on_broker(BROKER_DOWN_URL):
        response = client.post(reverse("courses:lesson_complete", args=[last.pk]))

    assert response.status_code == 302
    assert LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=last).exists()
    # The broker never got the evaluation; it waits in the outbox, nothing is certified yet.
    assert not Certificate.objects.exists()
    assert OutboxMessage.objects.filter(task="certificates.evaluate", done_at=None).exists()

    # The broker is back (the fixture's app is on Redis again); deliver_outbox's next run
    # (a minute later at most) publishes the evaluation, and the worker certifies.
    assert outbox_deliver(now=timezone.now() + timedelta(minutes=1))["delivered"] == 1
    assert _wait_for(
        lambda: Certificate.objects.filter(status=Certificate.Status.ISSUED).exists(),
        timeout=ISSUE_TIMEOUT,
    ), "the outbox's evaluation did not issue the certificate:\n" + workers.log()
    certificate = Certificate.objects.get()
    assert services.certificates_sweep() == {"evaluated": 0, "created": 0, "requeued": 0}
    time.sleep(QUIET_PERIOD)
    _assert_issued_exactly_once(certificate)
