"""A renewal end to end through the services: a certificate is issued, time passes into the
renewal window, the trainee completes the continuing-education lessons again and accepts the
code of ethics again, and a cycle-2 certificate is issued while the first one is superseded
(and stays verifiable as such). Also how `lesson_complete` records a re-completion."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, CertificateEvent, EthicsAcceptance
from certificates.selectors import add_months, certification_checklist
from certificates.services import certificate_evaluate, ethics_accept
from courses.models import CoursePage, LessonCompletion, LessonPage
from courses.services import lesson_complete
from tests.factories.certificates import CertificateFactory, certifiable_build
from tests.factories.courses import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering is tested in test_pdf.py; here only the lifecycle matters."""
    monkeypatch.setattr("certificates.services._render", lambda certificate: b"%PDF-1.7 test")


def _move_back(enrolment, certificate, *, days: int) -> None:
    """Pretend the first cycle happened `days` ago: the certificate, the completions and the
    ethics acceptance all move back together, so the renewal window is open today."""
    delta = timedelta(days=days)
    issued_on = certificate.issued_on - delta
    Certificate.objects.filter(pk=certificate.pk).update(
        certified_at=certificate.certified_at - delta,
        issued_at=certificate.issued_at - delta,
        issued_on=issued_on,
        expires_on=add_months(issued_on, 12),
    )
    for completion in LessonCompletion.objects.filter(enrolment=enrolment):
        LessonCompletion.objects.filter(pk=completion.pk).update(
            completed_at=completion.completed_at - delta
        )
    for acceptance in EthicsAcceptance.objects.filter(enrolment=enrolment):
        EthicsAcceptance.objects.filter(pk=acceptance.pk).update(
            accepted_at=acceptance.accepted_at - delta
        )


def _rules(enrolment) -> dict:
    return {result.name: result for result in certification_checklist(enrolment)}


def test_a_renewal_issues_a_second_certificate_and_supersedes_the_first(
    client, fake_pdf, django_capture_on_commit_callbacks
):
    built = certifiable_build(modules=1, lessons=3)
    course, user = built.tree.course, built.enrolment.user
    CoursePage.objects.filter(pk=course.pk).update(certificate_validity_months=12)
    ce_lessons = built.tree.lessons[:2]
    other_lesson = built.tree.lessons[2]
    LessonPage.objects.filter(pk__in=[lesson.pk for lesson in ce_lessons]).update(
        continuing_education=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_evaluate(enrolment=built.enrolment)
    first.refresh_from_db()
    assert first.status == Certificate.Status.ISSUED and first.cycle == 1
    assert _rules(built.enrolment) == {}  # nothing to earn while the certificate is fresh

    # Eleven months later the certificate expires within the renewal window.
    _move_back(built.enrolment, first, days=330)
    first.refresh_from_db()
    rules = _rules(built.enrolment)
    assert rules["lessons"].reason == (
        "2 of 2 continuing-education lessons left since your last certificate"
    )
    assert not rules["ethics"].met

    # Completing the lessons again (through the service the lesson page's button calls)
    # counts for the renewal; a lesson that is not continuing education keeps its old time.
    old_time = LessonCompletion.objects.get(enrolment=built.enrolment, lesson=other_lesson)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in [*ce_lessons, other_lesson]:
            lesson_complete(user=user, lesson=LessonPage.objects.get(pk=lesson.pk))
    assert LessonCompletion.objects.get(pk=old_time.pk).completed_at == old_time.completed_at
    rules = _rules(built.enrolment)
    assert rules["lessons"].met
    assert not rules["ethics"].met
    # The renewal waits for the code of ethics: still one certificate.
    assert Certificate.objects.filter(enrolment=built.enrolment).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        acceptance = ethics_accept(enrolment=built.enrolment, ethics=built.ethics, by=user)
    assert acceptance.cycle == 2

    renewal = Certificate.objects.get(enrolment=built.enrolment, cycle=2)
    first.refresh_from_db()
    assert renewal.status == Certificate.Status.ISSUED
    assert renewal.code != first.code
    assert renewal.issued_on == timezone.localdate()
    assert renewal.expires_on == add_months(renewal.issued_on, 12)
    assert first.status == Certificate.Status.SUPERSEDED
    assert first.superseded_by == renewal
    assert first.events.filter(kind=CertificateEvent.Kind.SUPERSEDED).exists()

    old_page = client.get(reverse("verify:detail", args=[first.code]))
    assert old_page.status_code == 200
    assert "Superseded by a renewal" in old_page.content.decode()
    new_page = client.get(reverse("verify:detail", args=[renewal.code]))
    assert "Valid" in new_page.content.decode()


def test_completing_a_continuing_education_lesson_again_records_the_new_time_once(
    django_capture_on_commit_callbacks,
):
    built = certifiable_build(modules=1, lessons=1)
    lesson = LessonPage.objects.get(pk=built.tree.lessons[0].pk)
    LessonPage.objects.filter(pk=lesson.pk).update(continuing_education=True)
    lesson.refresh_from_db()
    user = built.enrolment.user
    long_ago = timezone.now() - timedelta(days=200)
    LessonCompletion.objects.filter(enrolment=built.enrolment).update(completed_at=long_ago)

    with django_capture_on_commit_callbacks() as callbacks:
        completion = lesson_complete(user=user, lesson=lesson)
    assert completion.completed_at > long_ago
    stored = LessonCompletion.objects.get(pk=completion.pk).completed_at
    assert stored == completion.completed_at
    assert len(callbacks) == 1  # progress is announced, so a renewal can follow

    # A double click within the minute changes nothing and announces nothing.
    with django_capture_on_commit_callbacks() as callbacks:
        lesson_complete(user=user, lesson=lesson)
    assert LessonCompletion.objects.get(pk=completion.pk).completed_at == stored
    assert callbacks == []
    assert LessonCompletion.objects.filter(enrolment=built.enrolment).count() == 1


def test_completing_an_ordinary_lesson_again_keeps_its_first_time(
    django_capture_on_commit_callbacks,
):
    built = certifiable_build(modules=1, lessons=1)
    lesson = LessonPage.objects.get(pk=built.tree.lessons[0].pk)
    long_ago = timezone.now() - timedelta(days=200)
    LessonCompletion.objects.filter(enrolment=built.enrolment).update(completed_at=long_ago)

    with django_capture_on_commit_callbacks() as callbacks:
        lesson_complete(user=built.enrolment.user, lesson=lesson)
    assert LessonCompletion.objects.get(enrolment=built.enrolment).completed_at == long_ago
    assert callbacks == []


def test_dashboard_links_each_course_to_its_latest_certificate(client, fake_pdf):
    built = certifiable_build(modules=1, lessons=1)
    user = built.enrolment.user
    first = CertificateFactory(
        enrolment=built.enrolment, status=Certificate.Status.SUPERSEDED, issued_at=timezone.now()
    )
    renewal = CertificateFactory(enrolment=built.enrolment, cycle=2, issued=True)
    renewal.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    other = EnrolmentFactory(user=user)
    CertificateFactory(enrolment=other, course_title="Listening well")  # pending
    client.force_login(user)

    page = client.get(reverse("courses:dashboard")).content.decode()

    assert reverse("certificates:download", args=[renewal.code]) in page
    assert reverse("certificates:download", args=[first.code]) not in page
    assert "Listening well</strong>:" in page
    assert "Being prepared: it appears here in a moment." in page
    assert page.count("Download your certificate") == 1
