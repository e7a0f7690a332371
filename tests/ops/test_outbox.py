"""The transactional outbox (lms.outbox, docs/decisions/0009): a side effect is recorded with
the action that causes it, delivered after commit, delivered again by deliver_outbox when
it was lost, and has one effect however often it is delivered. On SQLite, without a broker
(messages run in-process after commit, as on the embedded default)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from assessments.models import SignOff
from assessments.practice.services import practice_log_decide
from lms import jobs, roles
from lms.invitations import invitation_issue
from lms.models import JobRun, OutboxMessage
from lms.outbox import outbox_deliver, outbox_enqueue, outbox_handler, outbox_run
from lms.services import jobs_run_due
from tests.factories import (
    EnrolmentFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."


# Handlers of the tests' own: one with a database effect, one that sends an email.
@outbox_handler("tests.effect")
def record_effect(*, name: str, fail_after_write: bool = False) -> None:
    JobRun.objects.create(name=name)
    if fail_after_write:
        raise RuntimeError("failed after writing")


@outbox_handler("tests.email", email=True)
def send_email(*, to: str, during_send=None) -> None:
    if during_send == "deliver again":
        # Another consumer gets the same message while this one is sending.
        assert outbox_run(OutboxMessage.objects.get(key="mail-1").pk) == "skipped"
    EmailMessage("Hello", "Body", to=[to]).send()


def _later(minutes: float = 2):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_message_written_in_a_rolled_back_transaction_leaves_nothing(
    django_capture_on_commit_callbacks,
):
    class Abandon(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandon),
        transaction.atomic(),
    ):
        outbox_enqueue(record_effect, key="effect-1", name="rolled-back")
        raise Abandon
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert outbox_deliver(now=_later())["delivered"] == 0
    assert not JobRun.objects.filter(name="rolled-back").exists()


def test_a_message_runs_after_commit_and_is_marked_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox_enqueue(record_effect, key="effect-1", name="after-commit")
        assert not JobRun.objects.filter(name="after-commit").exists()
    assert JobRun.objects.filter(name="after-commit").count() == 1
    message.refresh_from_db()
    assert message.done_at is not None and message.attempts == 0


def test_a_duplicate_key_is_recorded_once_and_runs_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = outbox_enqueue(record_effect, key="effect-1", name="once")
        second = outbox_enqueue(record_effect, key="effect-1", name="once")
        # The duplicate did not break the caller's transaction.
        JobRun.objects.create(name="caller-still-works")
    assert first is not None and second is None
    assert OutboxMessage.objects.filter(key="effect-1").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_enqueue(record_effect, key="effect-1", name="once") is None
    assert JobRun.objects.filter(name="once").count() == 1


def test_the_job_delivers_what_was_never_published(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the process died after commit
        message = outbox_enqueue(record_effect, key="effect-1", name="lost")
    # Not at once: the request that wrote it may still be publishing it.
    assert outbox_deliver()["delivered"] == 0
    assert outbox_deliver(now=message.available_at)["delivered"] == 1
    assert JobRun.objects.filter(name="lost").count() == 1
    assert outbox_deliver(now=_later(60))["delivered"] == 0
    assert JobRun.objects.filter(name="lost").count() == 1


def test_a_message_run_twice_has_one_effect(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox_enqueue(record_effect, key="effect-1", name="twice")
    assert outbox_run(message.pk) == "done"
    assert outbox_run(message.pk) == "skipped"
    assert JobRun.objects.filter(name="twice").count() == 1


def test_a_failure_rolls_the_effect_back_keeps_the_message_and_never_reaches_the_caller(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # runs in-process after commit
        message = outbox_enqueue(
            record_effect, key="effect-1", name="half-done", fail_after_write=True
        )
    message.refresh_from_db()
    assert not JobRun.objects.filter(name="half-done").exists()
    assert (message.done_at, message.attempts, message.last_error) == (None, 1, "RuntimeError")
    # Retried after a back-off, not before.
    assert message.available_at > timezone.now()
    assert outbox_deliver()["delivered"] == 0
    OutboxMessage.objects.filter(pk=message.pk).update(kwargs={"name": "half-done"})
    assert outbox_deliver(now=message.available_at)["delivered"] == 1
    assert JobRun.objects.filter(name="half-done").count() == 1


def test_an_email_delivered_twice_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(
            send_email, key="mail-1", to="a@example.org", during_send="deliver again"
        )
    assert outbox_run(message.pk) == "skipped"
    assert outbox_deliver(now=_later(60))["delivered"] == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_a_failed_send_is_released_and_sent_once_later(
    monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(send_email, key="mail-1", to="a@example.org")
    message.refresh_from_db()
    assert (message.sending_at, message.done_at, message.last_error) == (
        None,
        None,
        "ConnectionError",
    )
    monkeypatch.undo()
    assert outbox_deliver(now=message.available_at)["delivered"] == 1
    assert outbox_deliver(now=_later(120))["delivered"] == 0
    assert len(mail.outbox) == 1


def test_an_email_interrupted_while_sending_is_never_sent_again_by_itself(
    django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox_enqueue(send_email, key="mail-1", to="a@example.org")
    # As if the process had been killed between the claim and the mark.
    OutboxMessage.objects.filter(pk=message.pk).update(sending_at=timezone.now())

    assert outbox_deliver(now=_later(5))["interrupted"] == 0
    counts = outbox_deliver(now=_later(30))
    assert (counts["delivered"], counts["interrupted"]) == (0, 1)
    assert outbox_deliver(now=_later(60))["interrupted"] == 0  # reported once
    assert f"deliver_outbox --resend {message.pk}" in caplog.text
    assert mail.outbox == []

    # The operator checked the mail log: it never left.
    call_command("deliver_outbox", "--resend", str(message.pk), verbosity=0)
    assert len(mail.outbox) == 1


def test_done_messages_are_removed_after_a_week(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(record_effect, key="effect-1", name="old")
    assert outbox_deliver(now=_later(60 * 24 * 6))["removed"] == 0
    assert outbox_deliver(now=_later(60 * 24 * 8))["removed"] == 1
    assert not OutboxMessage.objects.exists()


def test_deliver_outbox_is_a_job_every_minute_that_run_due_jobs_runs(
    django_capture_on_commit_callbacks,
):
    job = jobs.get_job("deliver_outbox")
    assert (job.command, job.every) == ("deliver_outbox", timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=False):
        message = outbox_enqueue(record_effect, key="effect-1", name="by-the-job")
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
    assert jobs_run_due()["deliver_outbox"] == "ok"
    assert JobRun.objects.filter(name="by-the-job").count() == 1


def test_an_invitation_token_is_erased_from_the_outbox_once_sent(
    django_capture_on_commit_callbacks,
):
    invitee = UserFactory(role=roles.TRAINEE, email="invitee@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation_issue(user=invitee)
    message = OutboxMessage.objects.get(key__startswith="invitation:")
    token = message.kwargs["token"]
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.done_at is not None
    assert token not in str(message.kwargs)
    assert token in mail.outbox[0].body


# --- No claim lives in the cache ------------------------------------------------------------


@pytest.fixture
def no_cache(settings):
    """A cache that remembers nothing: `add` always "succeeds", as a cache that degrades to a
    miss would answer. A claim kept in the cache would then send every email again."""
    # Django's setting_changed receiver rebuilds the cache handlers.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_a_decision_email_delivered_twice_without_a_cache_is_sent_once(
    no_cache, django_capture_on_commit_callbacks
):
    supervisor = UserFactory(role=roles.SUPERVISOR)
    enrolment = EnrolmentFactory(user=UserFactory(role=roles.TRAINEE))
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    log = PracticeLogFactory(enrolment=enrolment, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        sign_off = practice_log_decide(
            log=log,
            supervisor=supervisor,
            decision=SignOff.Decision.APPROVED,
            attestation=ATTEST,
            signature="S. Supervisor",
            expected_version=log.version,
        )
    message = OutboxMessage.objects.get(key=f"practice-decision:{sign_off.pk}")
    assert outbox_run(message.pk) == "skipped"
    assert outbox_deliver(now=_later(60))["delivered"] == 0
    assert len(mail.outbox) == 1


def test_the_daily_digest_run_twice_without_a_cache_is_sent_once(no_cache, settings):
    settings.PRACTICE_DIGEST_AFTER_DAYS = 3
    supervisor = UserFactory(role=roles.SUPERVISOR)
    enrolment = EnrolmentFactory(user=UserFactory(role=roles.TRAINEE))
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    PracticeLogFactory(
        enrolment=enrolment, submitted=True, submitted_at=timezone.now() - timedelta(days=5)
    )
    call_command("send_practice_digest", verbosity=0)
    call_command("send_practice_digest", verbosity=0)
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
