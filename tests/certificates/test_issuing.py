"""Issuing certificates: evaluation, rendering, email, revocation, reissue, renewal and the
sweep, as a trainee and a programme admin would notice them.

Most tests render with a stand-in for `certificates.pdf.certificate_pdf_render` that records
what it was given and returns a few bytes, so they test issuing rather than WeasyPrint (the
renderer has its own tests); one test goes through the real renderer.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certificates import pdf, services
from certificates.codes import code_normalise
from certificates.models import Certificate, CertificateEvent, EthicsAcceptance
from certificates.selectors import add_months
from certificates.services import CertificateError
from certificates.tasks import certificate_render_task
from courses.models import CoursePage, LessonCompletion
from courses.services import lesson_complete
from lms import roles
from lms.models import OutboxMessage
from lms.outbox import outbox_deliver, outbox_publish
from lms.private_files import private_storage
from tests.concurrency import race
from tests.factories import UserFactory
from tests.factories.certificates import (
    CertificateFactory,
    CodeOfEthicsFactory,
    certifiable_build,
)

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 stand-in"


@pytest.fixture
def rendered(monkeypatch):
    """Replace the PDF renderer; the list collects the data of every render."""
    calls = []

    def fake_render(data):
        calls.append(data)
        return FAKE_PDF

    monkeypatch.setattr(pdf, "certificate_pdf_render", fake_render)
    return calls


def _admin_with(*codenames):
    user = UserFactory(role=roles.PROGRAMME_ADMIN)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


def _issued(built, rendered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    return certificate


# --- Evaluation -----------------------------------------------------------------------------


def test_evaluate_creates_one_pending_certificate_with_what_was_certified(
    django_capture_on_commit_callbacks,
):
    built = certifiable_build()
    user = built.enrolment.user
    CoursePage.objects.filter(pk=built.tree.course.pk).update(certificate_validity_months=24)
    built.enrolment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    assert Certificate.objects.count() == 1
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.cycle == 1
    assert certificate.holder_name == user.full_name
    assert certificate.course_title == "Foundations of Peer Support"
    assert certificate.hours_by_category == [
        {"category": "One-to-one peer support", "minutes": 120}
    ]
    assert certificate.total_minutes == 120
    assert certificate.supervisor_names == ["Meera Iyer"]
    assert certificate.ethics_version == 1
    assert certificate.wording_version == 1
    assert certificate.issuer_name == "Peer Support Academy"
    assert certificate.expires_on == add_months(certificate.issued_on, 24)
    assert code_normalise(certificate.code) == certificate.code
    assert [e.kind for e in certificate.events.all()] == ["created"]
    # The render is recorded once in the outbox, published after commit, and nothing was
    # rendered yet.
    message = OutboxMessage.objects.get(task="certificates.render")
    assert message.kwargs == {"certificate_id": certificate.pk}
    assert len(callbacks) == 1
    assert callbacks[0].func == outbox_publish
    assert callbacks[0].args == (message.pk,)
    assert not certificate.pdf


def test_evaluate_writes_nothing_while_a_rule_is_unmet(django_capture_on_commit_callbacks):
    built = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=built.enrolment).delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.certificate_evaluate(enrolment=built.enrolment) is None
    assert not Certificate.objects.exists()
    assert callbacks == []


def test_evaluating_again_returns_the_same_certificate(django_capture_on_commit_callbacks):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.certificate_evaluate(enrolment=built.enrolment)
        second = services.certificate_evaluate(enrolment=built.enrolment)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert len(callbacks) == 1


def test_a_course_without_validity_gives_a_certificate_without_expiry(
    rendered, django_capture_on_commit_callbacks
):
    certificate = _issued(certifiable_build(), rendered, django_capture_on_commit_callbacks)
    assert certificate.expires_on is None


def test_months_are_added_without_overshooting_a_short_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


# --- Issuing through the trainee's own steps ------------------------------------------------


def test_completing_the_last_lesson_issues_the_certificate_and_emails_a_link(
    rendered, django_capture_on_commit_callbacks, mailoutbox
):
    built = certifiable_build()
    last = built.tree.lessons[-1]
    LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=last).delete()
    user = built.enrolment.user
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=user, lesson=last)
    certificate = Certificate.objects.get()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.issued_at is not None
    with private_storage().open(certificate.pdf.name, "rb") as stored:
        assert stored.read() == FAKE_PDF
    # No name or code in the file's path: the path may show up in logs and URLs.
    assert certificate.code not in certificate.pdf.name
    assert [data["holder_name"] for data in rendered] == [user.full_name]
    assert rendered[0]["verify_url"] == f"http://testserver/verify/{certificate.code}/"
    assert rendered[0]["hours"] == [{"category": "One-to-one peer support", "minutes": 120}]
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert "Foundations of Peer Support" in mailoutbox[0].subject
    assert f"/verify/{certificate.code}/" in mailoutbox[0].body
    assert [e.kind for e in certificate.events.all()] == ["created", "issued"]


def test_accepting_the_code_of_ethics_last_issues_the_certificate(
    rendered, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=built.enrolment).delete()
    with django_capture_on_commit_callbacks(execute=True):
        acceptance = services.ethics_accept(
            enrolment=built.enrolment, ethics=built.ethics, by=built.enrolment.user
        )
    assert acceptance.cycle == 1
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_only_the_trainee_accepts_and_only_the_current_version(django_capture_on_commit_callbacks):
    built = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=built.enrolment).delete()
    with pytest.raises(CertificateError):
        services.ethics_accept(
            enrolment=built.enrolment, ethics=built.ethics, by=UserFactory(role=roles.TRAINEE)
        )
    CodeOfEthicsFactory(course=built.tree.course)  # version 2 replaces version 1
    with pytest.raises(CertificateError, match="not the current code"):
        services.ethics_accept(
            enrolment=built.enrolment, ethics=built.ethics, by=built.enrolment.user
        )
    assert not EthicsAcceptance.objects.exists()


# --- The render task ------------------------------------------------------------------------


def test_the_render_task_does_nothing_to_an_issued_certificate(
    rendered, django_capture_on_commit_callbacks, mailoutbox
):
    certificate = _issued(certifiable_build(), rendered, django_capture_on_commit_callbacks)
    name = certificate.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_render_task.delay(certificate.pk).get() == "unchanged"
    certificate.refresh_from_db()
    assert certificate.pdf.name == name
    assert len(rendered) == 1
    assert len(mailoutbox) == 1


def test_a_failed_render_leaves_the_certificate_pending_and_counts_the_attempt(
    monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    def broken(data):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "certificate_pdf_render", broken)
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    with pytest.raises(RuntimeError):
        services.certificate_issue_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert (certificate.render_attempts, certificate.last_render_error) == (1, "RuntimeError")
    assert not certificate.pdf
    assert mailoutbox == []


def test_a_missing_certificate_is_skipped():
    assert services.certificate_issue_render(certificate_id=987654) == "missing"


def test_the_real_renderer_produces_a_pdf(django_capture_on_commit_callbacks):
    certificate = _issued(certifiable_build(), None, django_capture_on_commit_callbacks)
    with private_storage().open(certificate.pdf.name, "rb") as stored:
        assert stored.read(5) == b"%PDF-"


# --- Programme admins -----------------------------------------------------------------------


def test_revoking_records_who_when_and_why(rendered, django_capture_on_commit_callbacks):
    certificate = _issued(certifiable_build(), rendered, django_capture_on_commit_callbacks)
    admin = _admin_with("revoke_certificate")
    services.certificate_revoke(certificate=certificate, by=admin, reason="Issued in error")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert (certificate.revoked_by, certificate.revoked_reason) == (admin, "Issued in error")
    assert certificate.revoked_at is not None
    event = certificate.events.get(kind=CertificateEvent.Kind.REVOKED)
    assert (event.by, event.details) == (admin, {"reason": "Issued in error"})
    # A revoked certificate is never rendered or issued again.
    assert services.certificate_issue_render(certificate_id=certificate.pk) == "unchanged"
    assert services.certificate_evaluate(enrolment=certificate.enrolment) is None


def test_revoking_needs_the_permission_and_a_reason_and_writes_nothing_otherwise(
    rendered, django_capture_on_commit_callbacks
):
    certificate = _issued(certifiable_build(), rendered, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(
            certificate=certificate, by=UserFactory(role=roles.SUPERVISOR), reason="No"
        )
    with pytest.raises(CertificateError, match="reason"):
        services.certificate_revoke(
            certificate=certificate, by=_admin_with("revoke_certificate"), reason="  "
        )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert not certificate.events.filter(kind=CertificateEvent.Kind.REVOKED).exists()


def test_reissuing_after_a_name_correction_keeps_the_code_and_the_history(
    rendered, django_capture_on_commit_callbacks, mailoutbox
):
    built = certifiable_build()
    user = built.enrolment.user
    user.full_name = "Anjali Mehtta"
    user.save()
    certificate = _issued(built, rendered, django_capture_on_commit_callbacks)
    old_pdf = certificate.pdf.name
    user.full_name = "Anjali Mehta"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(certificate=certificate, by=_admin_with("reissue_certificate"))
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.holder_name == "Anjali Mehta"
    assert certificate.pdf.name != old_pdf
    assert private_storage().exists(old_pdf)
    assert [data["holder_name"] for data in rendered] == ["Anjali Mehtta", "Anjali Mehta"]
    assert rendered[0]["code"] == rendered[1]["code"] == certificate.code
    reissued = certificate.events.get(kind=CertificateEvent.Kind.REISSUED)
    assert reissued.details["holder_name_before"] == "Anjali Mehtta"
    assert reissued.details["pdf_before"] == old_pdf
    assert [e.kind for e in certificate.events.all()] == [
        "created",
        "issued",
        "reissued",
        "rendered",
    ]
    assert len(mailoutbox) == 1  # the trainee heard once, when it was issued


def test_only_an_issued_certificate_is_reissued():
    certificate = CertificateFactory()
    with pytest.raises(CertificateError):
        services.certificate_reissue(certificate=certificate, by=_admin_with("reissue_certificate"))


# --- Renewal --------------------------------------------------------------------------------


def test_a_renewal_supersedes_the_previous_certificate_which_stays_on_record(
    rendered, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    certified_at = timezone.now() - timedelta(days=700)
    first = CertificateFactory(
        enrolment=built.enrolment,
        issued=True,
        certified_at=certified_at,
        issued_on=certified_at.date(),
        expires_on=(timezone.now() + timedelta(days=30)).date(),
    )
    # No continuing-education lessons in this course; the code must be accepted again.
    assert services.certificate_evaluate(enrolment=built.enrolment) is None
    with django_capture_on_commit_callbacks(execute=True):
        services.ethics_accept(
            enrolment=built.enrolment, ethics=built.ethics, by=built.enrolment.user
        )
    renewal = Certificate.objects.get(cycle=2)
    first.refresh_from_db()
    assert renewal.status == Certificate.Status.ISSUED
    assert renewal.code != first.code
    assert (first.status, first.superseded_by) == (Certificate.Status.SUPERSEDED, renewal)


def test_no_renewal_before_its_window_opens(django_capture_on_commit_callbacks):
    built = certifiable_build()
    CertificateFactory(
        enrolment=built.enrolment,
        issued=True,
        expires_on=(timezone.now() + timedelta(days=300)).date(),
    )
    with pytest.raises(CertificateError, match="renewal opens"):
        services.ethics_accept(
            enrolment=built.enrolment, ethics=built.ethics, by=built.enrolment.user
        )
    assert services.certificate_evaluate(enrolment=built.enrolment) is None
    assert Certificate.objects.count() == 1


# --- The sweep ------------------------------------------------------------------------------


def test_the_sweep_certifies_an_enrolment_whose_event_was_missed(
    rendered, django_capture_on_commit_callbacks, mailoutbox
):
    built = certifiable_build()  # written straight to the database: no event was sent
    other = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=other.enrolment).delete()
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.certificates_sweep()
    assert result == {"evaluated": 2, "created": 1, "requeued": 0}
    certificate = Certificate.objects.get()
    assert certificate.enrolment == built.enrolment
    assert certificate.status == Certificate.Status.ISSUED
    assert len(mailoutbox) == 1
    # A second sweep finds nothing new to do for it.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep()["created"] == 0
    assert Certificate.objects.count() == 1


def test_a_render_the_broker_lost_is_delivered_by_the_outbox(
    rendered, django_capture_on_commit_callbacks, settings
):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    Certificate.objects.filter(pk=certificate.pk).update(
        last_queued_at=timezone.now() - settings.CERTIFICATES_PENDING_REQUEUE_AFTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        # The outbox holds the render: the sweep leaves it to deliver_outbox.
        assert services.certificates_sweep()["requeued"] == 0
        outbox_deliver(now=timezone.now() + timedelta(minutes=1))
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert len(rendered) == 1


def test_the_sweep_queues_a_render_recorded_nowhere_again(
    rendered, django_capture_on_commit_callbacks, settings
):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    # As if it had been queued before the outbox existed.
    OutboxMessage.objects.filter(task="certificates.render").delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep()["requeued"] == 0  # not stale yet
    Certificate.objects.filter(pk=certificate.pk).update(
        last_queued_at=timezone.now() - settings.CERTIFICATES_PENDING_REQUEUE_AFTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep()["requeued"] == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert len(rendered) == 1


def test_the_sweep_sends_a_ready_email_never_recorded(
    rendered, django_capture_on_commit_callbacks, settings, mailoutbox
):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    mailoutbox.clear()
    # As if the certificate had been issued before the outbox existed and its email task
    # had never reached the broker.
    OutboxMessage.objects.filter(key=f"certificate-ready:{certificate.pk}").delete()
    Certificate.objects.filter(pk=certificate.pk).update(
        notified_at=None, updated_at=timezone.now() - settings.CERTIFICATES_PENDING_REQUEUE_AFTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_sweep()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_sweep()
    assert len(mailoutbox) == 1
    assert "is ready" in mailoutbox[0].subject


def test_the_sweep_is_a_registered_periodic_job():
    from lms.jobs import get_job

    assert get_job("sweep_certificates").command == "sweep_certificates"


# --- Races on PostgreSQL --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_postgres_two_evaluations_at_once_give_one_certificate(postgres, rendered, mailoutbox):
    built = certifiable_build()
    results = race(lambda: services.certificate_evaluate(enrolment=built.enrolment))
    assert [kind for kind, _ in results] == ["ok", "ok"], results
    # The loser either finds the winner's certificate or, when it starts after the winner's
    # render has issued it, finds nothing left to earn (None): never a second certificate.
    returned = {certificate.pk for _, certificate in results if certificate is not None}
    assert returned == {Certificate.objects.get().pk}
    assert Certificate.objects.get().status == Certificate.Status.ISSUED
    assert len(rendered) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_postgres_two_renders_at_once_issue_once(postgres, rendered, mailoutbox):
    built = certifiable_build()
    certificate = CertificateFactory(enrolment=built.enrolment, wording=services.wording_current())
    results = race(lambda: services.certificate_issue_render(certificate_id=certificate.pk))
    assert sorted(value for _, value in results) in (["issued", "locked"], ["issued", "unchanged"])
    assert len(rendered) == 1
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_the_sweep_command_says_what_it_did(rendered, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    certifiable_build()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_certificates", stdout=out)
    assert out.getvalue().strip() == (
        "Evaluated 1 enrolment(s), created 1 certificate(s), re-queued 0 render(s)."
    )
    assert Certificate.objects.get().status == Certificate.Status.ISSUED
