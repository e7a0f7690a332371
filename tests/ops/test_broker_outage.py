"""A broker that is down or frozen never holds up or fails a saved action, and loses nothing
(issue 13, item 2; lms.outbox, docs/decisions/0009).

Each test starts its own redis-server on a free port as the Celery broker (never the Redis
that CI's suite and worker use), then stops it (a broker that refuses) or freezes it with
SIGSTOP (one that accepts TCP but never answers, like a network partition). Meanwhile a
supervisor approves a practice log and a selection, an admin enrols and invites a new
person, a trainee completes the last lesson of a course and another submits a quiz, and an
administrator publishes a page: every request answers within 2 s with its action saved.
Then the broker comes back on the same port, deliver_outbox runs and a real Celery worker
takes the messages: every email is sent exactly once, the certificate is issued and the
page's index updated.

The worker runs as in tests/lms/test_celery_roundtrip.py (test settings, the test database,
this test's broker), started from a small boot script that writes its emails to files, so
the test can count what the worker sent. They need PostgreSQL and redis-server: without
them they skip, and with LMS_REQUIRE_SERVICES=1 they fail instead.

Run them alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_j \
    .venv/bin/pytest -q tests/ops/test_broker_outage.py
"""

import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends
from wagtail.models import Page, ReferenceIndex
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessments.models import Attempt, PracticeLog
from certificates.models import Certificate
from content.models import HomePage
from courses.models import Enrolment, LessonCompletion
from lms import roles
from lms.celery import app
from lms.models import Invitation, OutboxMessage
from lms.outbox import broker_state_reset, outbox_deliver
from tests.factories import (
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SingleChoiceQuestionFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)
from tests.factories.certificates import certifiable_build
from tests.lms.test_celery_roundtrip import _app_on_broker, _database_url, _wait_for
from tests.ops.redis_server import redis_server  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# The issue's bound: a state-changing request answers within 2 s while the broker is away.
REQUEST_BOUND = 2.0
WORKER_START_TIMEOUT = 60
# The worker renders a certificate (WeasyPrint's first import) and sends every email.
DELIVERY_TIMEOUT = 90
# After everything was delivered, how long a duplicate is given to show up.
QUIET_PERIOD = 3

WORKER_BOOT = """
import os, sys

import django

django.setup()

from django.conf import settings

# Test-only (tests/ops/test_broker_outage.py): the worker's emails go to files the test reads.
settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
settings.EMAIL_FILE_PATH = os.environ["OUTAGE_EMAIL_DIR"]

from lms.celery import app

app.worker_main(sys.argv[1:])
"""


class Worker:
    """One `celery worker` on this test's broker, in its own process group."""

    def __init__(self, *, postgres, broker_url: str, folder: Path):
        self.folder = folder
        self.mail_dir = folder / "mail"
        self.mail_dir.mkdir()
        self.hostname = f"outage-{os.getpid()}@localhost"
        self.log_path = folder / "worker.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": _database_url(postgres.settings_dict),
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(getattr(settings, "PRIVATE_MEDIA_ROOT", folder / "private")),
            "OUTAGE_EMAIL_DIR": str(self.mail_dir),
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        self.process = None

    def start(self):
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
            self.hostname,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({self.process.returncode}):\n{self.log()}")
            return app.control.ping(destination=[self.hostname], timeout=0.5)

        if not _wait_for(ready, timeout=WORKER_START_TIMEOUT, interval=0.2):
            pytest.fail(f"The worker did not answer within {WORKER_START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def emails(self) -> Counter:
        """How many emails the worker sent to each address."""
        sent = Counter()
        for path in self.mail_dir.glob("*"):
            sent.update(re.findall(r"^To: (.+)$", path.read_text(errors="replace"), re.M))
        return sent

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@pytest.fixture
def broker(redis_server, postgres, tmp_path, monkeypatch, settings):  # noqa: F811
    """This test's own redis-server as the broker, this process's Celery app on it (eager
    mode off), Wagtail's work through the Celery backend, as production runs them."""
    # Celery prefers this variable to the app's configuration; the test process must not.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    settings.TASKS = {"default": {"BACKEND": "lms.tasks_backend.CeleryBackend"}}
    assert type(task_backends["default"]).__name__ == "CeleryBackend"
    worker = Worker(postgres=postgres, broker_url=redis_server.url, folder=tmp_path)
    broker_state_reset()
    try:
        with _app_on_broker(redis_server.url):
            assert app.conf.broker_transport_options["socket_timeout"] <= 1.0
            yield redis_server, worker
    finally:
        worker.stop()
        broker_state_reset()


class World:
    """Everyone the outage tests need, each with something to do."""

    def __init__(self):
        self.admin = UserFactory(role=roles.PROGRAMME_ADMIN, is_superuser=True, is_staff=True)
        self.supervisor = UserFactory(role=roles.SUPERVISOR, full_name="Sam Supervisor")
        tree = course_tree_build(modules=1, lessons=1)
        self.course = tree.course
        category = PracticeCategoryFactory(course=tree.course)
        self.asha = self._supervised(tree.course, "asha.outage@example.org")
        self.ben = self._supervised(tree.course, "ben.outage@example.org")
        self.asha_log = PracticeLogFactory(enrolment=self.asha, category=category, submitted=True)
        self.ben_logs = PracticeLogFactory.create_batch(
            2, enrolment=self.ben, category=category, submitted=True
        )
        # Chitra needs only her last lesson for a certificate.
        self.certifiable = certifiable_build(
            user=UserFactory(role=roles.TRAINEE, email="chitra.outage@example.org")
        )
        self.last_lesson = self.certifiable.tree.lessons[-1]
        LessonCompletion.objects.filter(
            enrolment=self.certifiable.enrolment, lesson=self.last_lesson
        ).delete()
        # Dev has a quiz attempt to submit.
        self.dev = UserFactory(role=roles.TRAINEE, email="dev.outage@example.org")
        EnrolmentFactory(user=self.dev, course=tree.course)
        self.quiz = quiz_build(module=tree.modules[0], questions=[SingleChoiceQuestionFactory()])
        self.home = HomePage.objects.get()

    def _supervised(self, course, email) -> Enrolment:
        enrolment = EnrolmentFactory(
            user=UserFactory(role=roles.TRAINEE, email=email), course=course
        )
        SupervisionFactory(enrolment=enrolment, supervisor=self.supervisor)
        return enrolment


def _timed(request, *, label: str, bound_checks: list):
    """Make one request with the broker away: each meets it afresh (no process-wide memory
    that it is down), so each pays the full bounded publish at worst."""
    broker_state_reset()
    started = time.monotonic()
    response = request()
    elapsed = time.monotonic() - started
    bound_checks.append((label, round(elapsed, 2), response.status_code))
    return response


def _act(client, world: World) -> list:
    """Every state-changing request of the scenario; returns (label, seconds, status)."""
    timings = []
    client.force_login(world.supervisor)
    _timed(
        lambda: client.post(
            reverse("supervise:practice_decide", args=[world.asha_log.pk]),
            {
                "decision": "approved",
                "comment": "",
                "attest": "on",
                "signature": "Sam Supervisor",
                "version": str(world.asha_log.version),
            },
        ),
        label="approve a practice log",
        bound_checks=timings,
    )
    bulk = {"log": [str(log.pk) for log in world.ben_logs], "signature": "Sam Supervisor"}
    bulk.update({f"version-{log.pk}": str(log.version) for log in world.ben_logs})
    bulk["attest"] = "on"
    _timed(
        lambda: client.post(reverse("supervise:practice_queue"), bulk),
        label="approve selected",
        bound_checks=timings,
    )

    client.force_login(world.admin)
    _timed(
        lambda: client.post(
            reverse("enrolment:add"),
            {
                "email": "new.outage@example.org",
                "full_name": "New Person",
                "course": world.course.pk,
            },
        ),
        label="enrol and invite",
        bound_checks=timings,
    )
    target = Page.get_first_root_node()
    _timed(
        lambda: client.post(
            reverse("wagtailadmin_pages:edit", args=[world.home.pk]),
            nested_form_data(
                {
                    "title": world.home.title,
                    "slug": world.home.slug,
                    "introduction": rich_text(
                        f'<p>See <a linktype="page" id="{target.pk}">the root</a>.</p>'
                    ),
                    "sign_up_prompt": "",
                    "comments": inline_formset([]),
                    "action-publish": "action-publish",
                }
            ),
        ),
        label="publish a page",
        bound_checks=timings,
    )

    client.force_login(world.certifiable.enrolment.user)
    _timed(
        lambda: client.post(reverse("courses:lesson_complete", args=[world.last_lesson.pk])),
        label="complete a lesson",
        bound_checks=timings,
    )

    client.force_login(world.dev)
    client.post(reverse("assessments:quiz_start", args=[world.quiz.pk]))
    attempt = Attempt.objects.get(quiz=world.quiz, status=Attempt.Status.OPEN)
    _timed(
        lambda: client.post(reverse("assessments:attempt_submit", args=[attempt.uuid])),
        label="submit a quiz",
        bound_checks=timings,
    )
    return timings


def _assert_answered_quickly_and_saved(timings, world: World):
    for label, seconds, status in timings:
        assert status in (200, 302), f"{label} answered {status}"
        assert seconds < REQUEST_BOUND, f"{label} took {seconds} s: {timings}"
    assert PracticeLog.objects.get(pk=world.asha_log.pk).status == PracticeLog.Status.APPROVED
    assert not PracticeLog.objects.filter(
        pk__in=[log.pk for log in world.ben_logs], status=PracticeLog.Status.SUBMITTED
    ).exists()
    assert Invitation.objects.filter(user__email="new.outage@example.org").count() == 1
    world.home.refresh_from_db()
    assert "the root" in world.home.introduction and world.home.live
    assert LessonCompletion.objects.filter(
        enrolment=world.certifiable.enrolment, lesson=world.last_lesson
    ).exists()
    assert Attempt.objects.filter(quiz=world.quiz, submitted_at__isnull=False).exists()
    # Nothing was handed to anyone yet: every side effect waits in the outbox.
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() >= 6


def _deliver_and_assert_each_email_once(worker: Worker, world: World):
    worker.start()
    # deliver_outbox's next run (a minute later at most) publishes what waited.
    outbox_deliver(now=timezone.now() + timedelta(minutes=1))

    def everything_done():
        outbox_deliver(now=timezone.now() + timedelta(minutes=1))  # what the first run made
        return not OutboxMessage.objects.filter(done_at__isnull=True).exists() and (
            Certificate.objects.filter(
                enrolment=world.certifiable.enrolment, status=Certificate.Status.ISSUED
            ).exists()
        )

    assert _wait_for(everything_done, timeout=DELIVERY_TIMEOUT, interval=0.5), (
        "not everything was delivered: "
        + str(list(OutboxMessage.objects.filter(done_at__isnull=True).values("task", "attempts")))
        + "\n"
        + worker.log()
    )
    # Run the job again and give a duplicate time to show up: none does.
    outbox_deliver(now=timezone.now() + timedelta(hours=1))
    time.sleep(QUIET_PERIOD)
    assert worker.emails() == Counter(
        {
            "asha.outage@example.org": 1,  # the decision on her log
            "ben.outage@example.org": 1,  # one email for the selection
            "new.outage@example.org": 1,  # the invitation
            "chitra.outage@example.org": 1,  # the certificate is ready
        }
    ), worker.log()
    target = Page.get_first_root_node()
    assert (
        ReferenceIndex.get_references_for_object(world.home)
        .filter(to_object_id=str(target.pk))
        .exists()
    )


def test_with_the_broker_stopped_actions_are_saved_at_once_and_each_email_sent_once_after(
    broker, client
):
    server, worker = broker
    world = World()
    server.kill()

    timings = _act(client, world)

    _assert_answered_quickly_and_saved(timings, world)
    server.start()  # the same port
    _deliver_and_assert_each_email_once(worker, world)


def test_with_the_broker_frozen_actions_are_saved_within_the_bound_and_each_email_sent_once(
    broker, client
):
    server, worker = broker
    world = World()
    server.pause()

    timings = _act(client, world)

    server.cont()
    _assert_answered_quickly_and_saved(timings, world)
    _deliver_and_assert_each_email_once(worker, world)
