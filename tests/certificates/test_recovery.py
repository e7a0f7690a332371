"""Fast, clean recovery (issue 13, item 3): a killed worker's certificate is issued within two
minutes with production's settings, the "ready" email is never sent twice, and the rules of
issuing and practice are database constraints, added by migrations that repair existing rows.

The worker test needs PostgreSQL and Redis (see tests/certificates/test_faults.py, whose
worker it uses); the practice-log trigger needs PostgreSQL; the rest run on SQLite too.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import PracticeLog, PracticeSettings
from certificates import pdf, services
from certificates.models import Certificate, CertificateEvent
from lms.celery import app as celery_app
from lms.jobs import get_job
from lms.models import OutboxMessage
from lms.outbox import outbox_deliver
from tests.certificates.test_faults import (  # noqa: F401 - a fixture
    SLOW_RENDER_SECONDS,
    _assert_issued_exactly_once,
    _status,
    workers,
)
from tests.factories import EnrolmentFactory, PracticeCategoryFactory, PracticeLogFactory
from tests.factories.certificates import CertificateFactory, certifiable_build
from tests.lms.test_celery_roundtrip import _drop_broker_connections, _wait_for

ISSUE_TIMEOUT = 60
# The issue's bound: a killed worker's certificate is issued within this.
RECOVERY_BOUND = timedelta(minutes=2)


# --- A killed worker ------------------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_certificate_is_issued_by_the_outbox_within_two_minutes(
    workers,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    # Production's visibility timeout: Redis keeps the dead worker's message for an hour, so
    # only the outbox can bring the render back in time. In this process too: kombu's Redis
    # channel here (the pings that wait for the workers) also hands back unacknowledged
    # messages past its own timeout, and the test settings' 10 s ran out while a loaded
    # machine started the second worker, which then rendered the "lost" message itself.
    workers.env["CELERY_VISIBILITY_TIMEOUT"] = "3600"
    options = dict(celery_app.conf.get("broker_transport_options") or {})
    monkeypatch.setitem(
        celery_app.conf, "broker_transport_options", {**options, "visibility_timeout": 3600}
    )
    _drop_broker_connections()
    marker = tmp_path / "render-started"
    first = workers.start(slow_render_seconds=SLOW_RENDER_SECONDS, marker=marker)
    built = certifiable_build()

    certificate = services.certificate_evaluate(enrolment=built.enrolment)

    assert _wait_for(marker.exists, timeout=ISSUE_TIMEOUT), workers.log()
    workers.kill(first)
    workers.start()
    message = OutboxMessage.objects.get(task="certificates.render")
    assert message.published_at is not None and message.done_at is None
    time.sleep(3)  # Redis gives nothing back by itself
    assert _status(certificate.pk) == Certificate.Status.PENDING

    # deliver_outbox runs every minute; a message published and not done is published again
    # once its lease (OUTBOX_LEASE_SECONDS after the publish) is over.
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    assert outbox_deliver(now=message.published_at + lease - timedelta(seconds=1)) == {
        "delivered": 0,
        "failed": 0,
        "interrupted": 0,
        "removed": 0,
    }
    assert outbox_deliver(now=message.published_at + lease)["delivered"] == 1
    assert _wait_for(
        lambda: _status(certificate.pk) == Certificate.Status.ISSUED, timeout=ISSUE_TIMEOUT
    ), "the outbox's second delivery did not issue the certificate:\n" + workers.log()
    # Published at most one job interval after the lease: within the bound of the kill.
    assert lease + get_job("deliver_outbox").every <= RECOVERY_BOUND
    time.sleep(2)
    _assert_issued_exactly_once(certificate)
    assert marker.read_text().count("render started") == 1  # only the killed worker is slow


def test_the_settings_recover_a_render_within_two_minutes_however_long_the_visibility_timeout():
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    assert lease + get_job("deliver_outbox").every <= RECOVERY_BOUND
    assert settings.CERTIFICATES_PENDING_REQUEUE_AFTER <= RECOVERY_BOUND


# --- The "ready" email ----------------------------------------------------------------------


@pytest.fixture
def rendered(monkeypatch):
    monkeypatch.setattr(pdf, "certificate_pdf_render", lambda data: b"%PDF-1.7 stand-in")


class Killed(BaseException):
    """The process dies: nothing in it catches this (as with SIGKILL, nothing runs after)."""


@pytest.mark.django_db
def test_the_ready_email_is_claimed_before_it_is_sent_and_never_sent_twice(
    rendered, monkeypatch, django_capture_on_commit_callbacks, mailoutbox, settings
):
    built = certifiable_build()
    claimed_before_send = []

    def die_while_sending(self, *args, **kwargs):
        claimed_before_send.append(
            Certificate.objects.filter(enrolment=built.enrolment, notified_at__isnull=False)
            .values_list("pk", flat=True)
            .first()
        )
        raise Killed

    monkeypatch.setattr(EmailMessage, "send", die_while_sending)
    with pytest.raises(Killed), django_capture_on_commit_callbacks(execute=True):
        services.certificate_evaluate(enrolment=built.enrolment)
    certificate = Certificate.objects.get(enrolment=built.enrolment)
    assert certificate.status == Certificate.Status.ISSUED
    assert claimed_before_send == [certificate.pk]

    monkeypatch.undo()
    # Everything that could send it again tries: the job, later; the sweep; a redelivery.
    later = timezone.now() + timedelta(hours=1)
    Certificate.objects.filter(pk=certificate.pk).update(updated_at=later - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = outbox_deliver(now=later)
        services.certificates_sweep()
        services.certificate_issued_notify(certificate_id=certificate.pk)
    assert mailoutbox == []
    # The job reports it for an operator to check instead (deliver_outbox --resend).
    assert counts["interrupted"] == 1
    message = OutboxMessage.objects.get(key=f"certificate-ready:{certificate.pk}")
    assert message.sending_at is not None and message.done_at is None


@pytest.mark.django_db
def test_a_ready_email_that_failed_to_send_is_sent_once_later(
    rendered, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    built = certifiable_build()

    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_evaluate(enrolment=built.enrolment)
    certificate = Certificate.objects.get(enrolment=built.enrolment)
    assert certificate.status == Certificate.Status.ISSUED and certificate.notified_at is None
    monkeypatch.undo()
    message = OutboxMessage.objects.get(key=f"certificate-ready:{certificate.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        outbox_deliver(now=message.available_at)
        outbox_deliver(now=message.available_at + timedelta(hours=2))
    assert len(mailoutbox) == 1


# --- Constraints ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_certificate_has_one_issued_event():
    certificate = CertificateFactory(issued=True)
    CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.ISSUED)
    CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.RENDERED)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.ISSUED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", [{"pdf": ""}, {"issued_at": None}], ids=["without its file", "without its date"]
)
def test_an_issued_certificate_has_its_file_and_issue_date(change):
    certificate = CertificateFactory(issued=True)
    assert certificate.pdf and certificate.issued_at
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(**change)
    # A pending certificate has neither yet.
    pending = CertificateFactory()
    assert not pending.pdf and pending.issued_at is None


@pytest.mark.django_db
def test_a_second_render_never_writes_a_second_issued_event(
    rendered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=certifiable_build().enrolment)
    # As the 0006 repair leaves a certificate that was issued without its PDF: pending again.
    certificate.refresh_from_db()
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PENDING, pdf="", pdf_revision=0
    )
    assert services.certificate_issue_render(certificate_id=certificate.pk) == "issued"
    kinds = list(certificate.events.values_list("kind", flat=True))
    assert kinds.count(CertificateEvent.Kind.ISSUED) == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_a_practice_log_longer_than_its_courses_maximum(postgres):
    enrolment = EnrolmentFactory()
    category = PracticeCategoryFactory(course=enrolment.course)
    log = PracticeLogFactory(enrolment=enrolment, category=category, duration_minutes=60)
    # Without settings the course allows 12 hours.
    PracticeLog.objects.filter(pk=log.pk).update(duration_minutes=12 * 60)
    with pytest.raises(IntegrityError, match="at most 720 minutes"), transaction.atomic():
        PracticeLog.objects.filter(pk=log.pk).update(duration_minutes=12 * 60 + 1)

    PracticeSettings.objects.create(course=enrolment.course, min_minutes=15, max_minutes=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeLogFactory(
            enrolment=enrolment,
            category=category,
            duration_minutes=91,
            started_at=timezone.now() - timedelta(days=3),
        )
    # A log written before the course lowered its maximum stands, and can still be decided.
    PracticeLog.objects.filter(pk=log.pk).update(status=PracticeLog.Status.SUBMITTED)


# --- The migration on a populated database ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_existing_rows_before_adding_the_constraints():
    before = [("certificates", "0005_pdf_private_storage")]
    executor = MigrationExecutor(connection)
    # Forward again to every app's latest migration (0007 repairs the rows; later ones must
    # be there for the tests after this one).
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    executor.loader.build_graph()
    old = executor.loader.project_state(before).apps
    OldCertificate = old.get_model("certificates", "Certificate")
    OldEvent = old.get_model("certificates", "CertificateEvent")

    made = {name: CertificateFactory(issued=True) for name in ("twice", "undated", "fileless")}
    made["fine"] = CertificateFactory(issued=True)
    made["pending"] = CertificateFactory()
    first_issue = timezone.now() - timedelta(days=2)
    for name in ("twice", "undated", "fileless", "fine"):
        OldEvent.objects.create(certificate_id=made[name].pk, kind="issued", at=first_issue)
    OldEvent.objects.create(certificate_id=made["twice"].pk, kind="issued", details={"n": 2})
    OldCertificate.objects.filter(pk=made["undated"].pk).update(issued_at=None)
    OldCertificate.objects.filter(pk=made["fileless"].pk).update(pdf="", notified_at=first_issue)

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    def row(name):
        return Certificate.objects.get(pk=made[name].pk)

    twice = row("twice").events.order_by("at", "pk")
    assert [(e.kind, e.details.get("was")) for e in twice] == [
        ("issued", None),
        ("rendered", "issued"),
    ]
    assert row("undated").issued_at == first_issue
    fileless = row("fileless")
    assert (fileless.status, fileless.last_queued_at) == (Certificate.Status.PENDING, None)
    assert fileless.notified_at == first_issue  # not emailed again once it is rendered
    assert row("fine").status == Certificate.Status.ISSUED and row("fine").pdf
    assert row("pending").status == Certificate.Status.PENDING
    # The constraints hold now.
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateEvent.objects.create(certificate=row("fine"), kind="issued")


@pytest.mark.django_db
def test_the_sweep_renders_a_certificate_the_repair_sent_back_and_it_keeps_one_issued_event(
    rendered, django_capture_on_commit_callbacks, mailoutbox, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=certifiable_build().enrolment)
    assert len(mailoutbox) == 1
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PENDING, pdf="", pdf_revision=0, last_queued_at=None
    )
    OutboxMessage.objects.all().delete()  # as before the outbox existed
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep()["requeued"] == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and certificate.pdf
    assert certificate.events.filter(kind=CertificateEvent.Kind.ISSUED).count() == 1
    assert len(mailoutbox) == 1  # notified_at stood
