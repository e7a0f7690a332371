"""The admin list's "Rules no longer hold" flag (issue 7): an issued certificate whose rules
would no longer hold after a regrade, a retake or a course change is flagged with the reasons
once its trigger or the periodic job has rechecked it, and can be filtered on, while what the
certificate certifies (pinned fields, status, PDF, history) stays exactly as issued.

Certificates are issued through the real services with a stand-in renderer, so the flag
starts from the answer given at issue; tests then change something the way a trainee, an
editor or a reviewer would.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Quiz, SingleChoiceQuestion
from assessments.quizzes.services import answer_save, attempt_start, attempt_submit, quiz_regrade
from certificates import pdf, services
from certificates.admin import services as admin_services
from certificates.models import Certificate, CodeOfEthics
from certificates.recheck import (
    RULE_FIELDS,
    certificate_rules_recheck,
    certificates_rules_recheck_due,
)
from courses.models import LessonCompletion, LessonPage
from tests.factories import course_tree_build
from tests.factories.assessments import SingleChoiceQuestionFactory, quiz_build
from tests.factories.certificates import CertificateFactory, certifiable_build
from tests.factories.courses import lesson_body

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 stand-in"
INDEX = "certificates_admin:index"


@pytest.fixture
def rendered(monkeypatch):
    monkeypatch.setattr(pdf, "certificate_pdf_render", lambda data: FAKE_PDF)


def _issue(built, capture) -> Certificate:
    """Certify the enrolment (a no-op when its last step already did, through its event)."""
    with capture(execute=True):
        services.certificate_evaluate(enrolment=built.enrolment)
    certificate = Certificate.objects.get(enrolment=built.enrolment)
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.rules_hold is True and certificate.rules_checked_at is not None
    return certificate


def _as_certified(certificate) -> dict:
    """Everything the certificate is, apart from the admin's flag: its fields, its PDF's
    bytes and its history."""
    names = [f.attname for f in Certificate._meta.concrete_fields if f.name not in RULE_FIELDS]
    values = Certificate.objects.filter(pk=certificate.pk).values(*names).get()
    stored = Certificate.objects.get(pk=certificate.pk)
    with stored.pdf.open("rb") as file:
        values["pdf_bytes"] = file.read()
    values["events"] = list(stored.events.values_list("kind", "at"))
    return values


def _flagged(client, **params) -> dict[str, list[str]]:
    """The list's flagged rows, code → "title: reason" lines, checked against the HTML."""
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    html = response.content.decode()
    flagged = {}
    for certificate in response.context["page"].object_list:
        if certificate.rules_no_longer_hold:
            lines = [f"{rule['title']}: {rule['reason']}" for rule in certificate.unmet_display]
            assert lines and all(f"<li>{line}</li>" in html for line in lines)
            flagged[certificate.code] = lines
    # The badge (the filter's option has the same words, in an <option>).
    assert html.count("Rules no longer hold</span>") == len(flagged)
    return flagged


def _codes(client, **params) -> set[str]:
    response = client.get(reverse(INDEX), params)
    return {certificate.code for certificate in response.context["page"].object_list}


def _run_job() -> str:
    out = StringIO()
    call_command("recheck_certificate_rules", stdout=out)
    return out.getvalue().strip()


# --- Content changes: flagged after the job, the certificate unchanged ----------------------


def _publish_lesson(built, editor):
    module = built.tree.modules[1]
    lesson = module.add_child(
        instance=LessonPage(title="Lesson 2.3", slug="lesson-3", body=lesson_body(), live=False)
    )
    lesson.save_revision().publish()


def _publish_quiz(built, editor):
    quiz_build(module=built.tree.modules[1], questions=[SingleChoiceQuestionFactory()])


def _publish_ethics(built, editor):
    admin_services.ethics_save(
        ethics=CodeOfEthics(course=built.tree.course, text="Version two, in plain words."),
        by=editor,
        publish=True,
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_publish_lesson, "Lessons: 1 of 5 lessons left"),
        (_publish_quiz, "Module quizzes: Pass the quiz of Module 2"),
        (_publish_ethics, "Code of ethics: Accept the code of ethics"),
    ],
    ids=["new live lesson", "new module quiz", "new code of ethics"],
)
def test_a_course_change_flags_issued_certificates_after_the_job_and_changes_nothing_else(
    client, programme_admin, editor, rendered, django_capture_on_commit_callbacks, change, reason
):
    built = certifiable_build()
    certificate = _issue(built, django_capture_on_commit_callbacks)
    before = _as_certified(certificate)
    client.force_login(programme_admin)
    assert _flagged(client) == {}

    change(built, editor)
    certificate.refresh_from_db()
    assert certificate.rules_checked_at is None  # asked for a recheck
    assert _flagged(client) == {}  # the last answer stands until the job rechecks

    assert _run_job() == "Rechecked 1 certificate(s); the rules of 1 no longer hold."
    assert _flagged(client) == {certificate.code: [reason]}
    assert _codes(client, status="rules_unmet") == {certificate.code}
    assert _as_certified(certificate) == before
    verification = client.get(reverse("verify:detail", args=[certificate.code])).content.decode()
    assert "Rules no longer hold" not in verification


def test_a_change_in_another_course_asks_for_no_recheck(
    rendered, django_capture_on_commit_callbacks
):
    certificate = _issue(certifiable_build(), django_capture_on_commit_callbacks)
    checked_at = certificate.rules_checked_at
    other = course_tree_build(modules=1, lessons=1)
    lesson = other.modules[0].add_child(
        instance=LessonPage(title="Elsewhere", slug="elsewhere", body=lesson_body(), live=False)
    )
    lesson.save_revision().publish()
    quiz_build(module=other.modules[0], questions=[SingleChoiceQuestionFactory()])

    certificate.refresh_from_db()
    assert certificate.rules_checked_at == checked_at
    assert _run_job() == "Rechecked 0 certificate(s); the rules of 0 no longer hold."


# --- Grading: a regrade and a retake ---------------------------------------------------------


def _take_quiz(built, *, right: bool):
    """The trainee takes the quiz through the services, choosing the option that is right
    (or wrong) under the current key."""
    question = SingleChoiceQuestion.objects.get(quiz_uses__quiz=built.quiz)
    option = question.options.filter(is_correct=right).first()
    attempt = attempt_start(user=built.enrolment.user, quiz=built.quiz)
    answer_save(attempt=attempt, position=1, response=option.pk, sequence=0)
    return attempt_submit(attempt=attempt), question, option


def test_a_regrade_that_fails_the_quiz_flags_the_certificate_with_the_reason(
    client, programme_admin, reviewer, rendered, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    built.enrolment.quiz_attempts.all().delete()  # taken for real below, with a response
    with django_capture_on_commit_callbacks(execute=True):
        attempt, question, chosen = _take_quiz(built, right=True)
    assert attempt.passed
    certificate = _issue(built, django_capture_on_commit_callbacks)
    before = _as_certified(certificate)
    # Reviewers decide another option was the right one all along.
    other = question.options.exclude(pk=chosen.pk).first()
    question.options.update(is_correct=False)
    question.options.filter(pk=other.pk).update(is_correct=True)

    with django_capture_on_commit_callbacks(execute=True):
        regrade = quiz_regrade(quiz=built.quiz, by=reviewer)
    assert regrade.attempts_changed == 1
    certificate.refresh_from_db()
    assert certificate.rules_checked_at is None

    _run_job()
    client.force_login(programme_admin)
    assert _flagged(client) == {certificate.code: ["Module quizzes: Pass the quiz of Module 1"]}
    assert _as_certified(certificate) == before


def test_a_retake_that_fails_a_last_attempt_counts_quiz_flags_at_once_without_the_job(
    client, programme_admin, rendered, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    Quiz.objects.filter(pk=built.quiz.pk).update(grading=Quiz.Grading.LAST)
    built.enrolment.quiz_attempts.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _take_quiz(built, right=True)
    certificate = _issue(built, django_capture_on_commit_callbacks)
    before = _as_certified(certificate)
    client.force_login(programme_admin)
    assert _flagged(client) == {}

    # The finalised attempt queues the evaluation, which rechecks the issued certificate.
    with django_capture_on_commit_callbacks(execute=True):
        attempt, _question, _option = _take_quiz(built, right=False)
    assert not attempt.passed
    assert _flagged(client) == {certificate.code: ["Module quizzes: Pass the quiz of Module 1"]}

    with django_capture_on_commit_callbacks(execute=True):
        _take_quiz(built, right=True)
    assert _flagged(client) == {}
    assert _as_certified(certificate) == before


# --- The detail page stores what it finds -----------------------------------------------------


def test_the_detail_page_stores_what_it_found_so_the_list_agrees(
    client, programme_admin, rendered, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    certificate = _issue(built, django_capture_on_commit_callbacks)
    client.force_login(programme_admin)
    detail = reverse("certificates_admin:detail", args=[certificate.pk])
    # Changed behind every event's back: only a check finds it.
    completion = LessonCompletion.objects.filter(enrolment=built.enrolment).first()
    completion.delete()
    assert _flagged(client) == {}

    assert "1 of 4 lessons left" in client.get(detail).content.decode()
    assert _flagged(client) == {certificate.code: ["Lessons: 1 of 4 lessons left"]}

    LessonCompletion.objects.create(enrolment=built.enrolment, lesson=completion.lesson)
    assert "every rule still holds" in client.get(detail).content.decode()
    assert _flagged(client) == {}
    certificate.refresh_from_db()
    assert certificate.rules_hold is True and certificate.unmet_rules == []


# --- Which certificates are flagged and filtered ---------------------------------------------


def test_only_issued_certificates_whose_rules_failed_are_flagged_and_filtered(
    client, programme_admin
):
    unmet = [{"name": "lessons", "reason": "1 of 4 lessons left"}]
    now = timezone.now()
    flagged = CertificateFactory(issued=True, rules_hold=False, unmet_rules=unmet)
    holding = CertificateFactory(issued=True, rules_hold=True, rules_checked_at=now)
    unchecked = CertificateFactory(issued=True)
    others = [
        CertificateFactory(rules_hold=False, unmet_rules=unmet),  # pending
        CertificateFactory(
            status=Certificate.Status.REVOKED, revoked_at=now, rules_hold=False, unmet_rules=unmet
        ),
        CertificateFactory(
            status=Certificate.Status.SUPERSEDED, rules_hold=False, unmet_rules=unmet
        ),
    ]
    client.force_login(programme_admin)

    assert _flagged(client) == {flagged.code: ["Lessons: 1 of 4 lessons left"]}
    assert _codes(client) >= {holding.code, unchecked.code, *(c.code for c in others)}
    assert _codes(client, status="rules_unmet") == {flagged.code}
    assert _codes(client, status="rules_unmet", course=holding.course_id) == set()
    page = client.get(reverse(INDEX)).content.decode()
    assert "the certificate itself stays exactly as it was issued" in page


def test_a_certificate_that_is_not_issued_is_never_rechecked(rendered):
    pending = CertificateFactory()
    revoked = CertificateFactory(status=Certificate.Status.REVOKED, revoked_at=timezone.now())

    assert certificates_rules_recheck_due() == {"checked": 0, "flagged": 0}
    assert certificate_rules_recheck(certificate=revoked) == []
    for certificate in (pending, revoked):
        certificate.refresh_from_db()
        assert certificate.rules_hold is None and certificate.rules_checked_at is None


def test_rules_that_still_hold_are_stored_as_holding_and_not_flagged(
    client, programme_admin, rendered, django_capture_on_commit_callbacks
):
    certificate = _issue(certifiable_build(), django_capture_on_commit_callbacks)
    Certificate.objects.filter(pk=certificate.pk).update(rules_hold=None, rules_checked_at=None)

    assert certificates_rules_recheck_due() == {"checked": 1, "flagged": 0}
    certificate.refresh_from_db()
    assert certificate.rules_hold is True and certificate.unmet_rules == []
    client.force_login(programme_admin)
    assert _flagged(client) == {}
    assert _codes(client, status="rules_unmet") == set()


# --- The job ---------------------------------------------------------------------------------


def test_the_job_rechecks_at_most_its_batch_oldest_first_and_leaves_recent_checks(settings):
    from lms.jobs import get_job

    settings.CERTIFICATES_RULES_RECHECK_HOURS = 24
    now = timezone.now()
    never = CertificateFactory(issued=True)
    oldest = CertificateFactory(issued=True, rules_checked_at=now - timedelta(hours=30))
    old = CertificateFactory(issued=True, rules_checked_at=now - timedelta(hours=25))
    recent = CertificateFactory(
        issued=True, rules_hold=True, rules_checked_at=now - timedelta(hours=23)
    )

    def checked():
        return set(
            Certificate.objects.filter(rules_checked_at__gte=now).values_list("code", flat=True)
        )

    # The factories' enrolments meet no rule: each check flags.
    assert certificates_rules_recheck_due(limit=2) == {"checked": 2, "flagged": 2}
    assert checked() == {never.code, oldest.code}
    settings.CERTIFICATES_RULES_RECHECK_BATCH = 5
    assert _run_job() == "Rechecked 1 certificate(s); the rules of 1 no longer hold."
    assert checked() == {never.code, oldest.code, old.code}
    recent.refresh_from_db()
    assert recent.rules_hold is True and recent.rules_checked_at == now - timedelta(hours=23)
    assert _run_job() == "Rechecked 0 certificate(s); the rules of 0 no longer hold."

    settings.CERTIFICATES_RULES_RECHECK_HOURS = 12
    settings.CERTIFICATES_RULES_RECHECK_BATCH = 1
    assert _run_job() == "Rechecked 1 certificate(s); the rules of 1 no longer hold."
    assert recent.code in checked()
    assert get_job("recheck_certificate_rules").every == timedelta(minutes=5)
