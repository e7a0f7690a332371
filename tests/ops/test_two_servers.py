"""Several servers, one storage: two app servers (gunicorn on production settings, each with
its own working folders) and one Celery worker share a PostgreSQL database and an S3 bucket
(moto's server). A certificate the worker renders is downloadable from both app servers, and
no server keeps a file in its own folders.

The certificate is made as a missed event would be repaired: a third process runs the
sweep (`manage.py sweep_certificates`), which creates it and sends its render through the
broker (a redis-server of the test's own) to the worker.
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from certificates.models import Certificate
from tests.factories.certificates import certifiable_build
from tests.lms.test_celery_roundtrip import _database_url
from tests.ops.app_server import REPO, SITE_HOST, Gunicorn, manage, production_env, stop
from tests.ops.redis_server import redis_server  # noqa: F401
from tests.ops.s3_server import s3_server  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.celery_worker]

ISSUE_TIMEOUT = 120  # seconds for the worker to render; it takes one or two


def _session_cookie(user) -> str:
    """A signed-in session for `user`, stored in the shared database."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix == ".pdf")


def _get(server: Gunicorn, path: str, session: str) -> requests.Response:
    return requests.get(
        f"http://127.0.0.1:{server.port}{path}",
        headers={"Host": SITE_HOST, "X-Forwarded-Proto": "https"},
        cookies={settings.SESSION_COOKIE_NAME: session},
        allow_redirects=False,
        timeout=60,
    )


def test_a_certificate_the_worker_renders_downloads_from_both_app_servers(
    postgres,
    transactional_db,
    redis_server,  # noqa: F811 - the fixture imported above
    s3_server,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    folders = {name: tmp_path / name for name in ("web-a", "web-b", "worker", "sweep")}
    for folder in folders.values():
        (folder / "tmp").mkdir(parents=True)

    def env_for(folder: Path) -> dict[str, str]:
        return production_env(
            folder,
            **s3_server.env(),
            # The same key as this process, so the session made here signs in there too.
            SECRET_KEY=settings.SECRET_KEY,
            DATABASE_URL=_database_url(postgres.settings_dict),
            CELERY_BROKER_URL=redis_server.url,
            PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
            TMPDIR=str(folder / "tmp"),
            CONN_MAX_AGE="0",
            STATIC_ROOT=str(tmp_path / "static_collected"),
        )

    # Static files are part of the release, the same on every server: collected once.
    manage(env_for(folders["sweep"]), "collectstatic", "--noinput", "-v0", timeout=300)

    built = certifiable_build()
    trainee = built.enrolment.user
    session = _session_cookie(trainee)

    worker_log = tmp_path / "worker.log"
    with open(worker_log, "ab") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool", "solo",
             "--concurrency", "1", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "--loglevel", "INFO"],
            cwd=REPO,
            env=env_for(folders["worker"]),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        with (
            Gunicorn(env_for(folders["web-a"]), tmp_path / "web-a.log", workers=1) as web_a,
            Gunicorn(env_for(folders["web-b"]), tmp_path / "web-b.log", workers=1) as web_b,
        ):
            # A third process creates the certificate and sends its render to the worker.
            output = manage(env_for(folders["sweep"]), "sweep_certificates", timeout=120)
            assert "created 1 certificate" in output, output
            certificate = Certificate.objects.get(enrolment=built.enrolment)

            deadline = time.monotonic() + ISSUE_TIMEOUT
            while time.monotonic() < deadline:
                certificate.refresh_from_db()
                if certificate.status == Certificate.Status.ISSUED:
                    break
                assert worker.poll() is None, worker_log.read_text()[-3000:]
                time.sleep(0.5)
            assert certificate.status == Certificate.Status.ISSUED, (
                f"not issued within {ISSUE_TIMEOUT} s:\n{worker_log.read_text()[-3000:]}"
            )
            stored = s3_server.read(f"private/{certificate.pdf.name}")
            assert stored.startswith(b"%PDF-")

            url = reverse("certificates:download", args=[certificate.code])
            for server in (web_a, web_b):
                response = _get(server, url, session)
                assert response.status_code == 200, (server.port, response.status_code)
                assert response.content == stored
                assert response.headers["Content-Type"] == "application/pdf"
            # Another person signed in on either server gets nothing.
            other = _session_cookie(built.supervisor)
            for server in (web_a, web_b):
                assert _get(server, url, other).status_code == 404
    finally:
        stop(worker)

    # Nothing was kept on any server's own disk: the bucket is the only copy.
    for name, folder in folders.items():
        assert _files_in(folder) == [], name
