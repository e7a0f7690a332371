"""Completion rules: each one met and unmet, with the words the trainee's checklist shows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, CompetencySignOff, PracticeLog
from certificates.models import Certificate, EthicsAcceptance
from certificates.rules import all_met, completion_rules
from courses.models import LessonCompletion, LessonPage
from courses.page_cache import content_version_bump
from lms.durations import hours_words
from tests.factories.certificates import (
    CertificateFactory,
    CodeOfEthicsFactory,
    EthicsAcceptanceFactory,
    certifiable_build,
)
from tests.factories.practice import CompetencyFactory, PracticeCategoryFactory

pytestmark = pytest.mark.django_db


def _by_name(enrolment, cycle=1):
    return {result.name: result for result in completion_rules(enrolment, cycle=cycle)}


def test_every_rule_is_met_for_a_trainee_who_did_everything():
    built = certifiable_build()
    results = completion_rules(built.enrolment)
    assert [r.name for r in results] == [
        "lessons",
        "quizzes",
        "practice_hours",
        "competencies",
        "ethics",
    ]
    assert all_met(results)
    by_name = {r.name: r for r in results}
    assert by_name["lessons"].reason == "All 4 lessons complete"
    assert by_name["ethics"].reason == "Code of ethics version 1 accepted"


def test_lessons_left_are_counted():
    built = certifiable_build(modules=2, lessons=2)
    LessonCompletion.objects.filter(
        enrolment=built.enrolment, lesson__in=built.tree.lessons[:3]
    ).delete()
    result = _by_name(built.enrolment)["lessons"]
    assert not result.met
    assert result.reason == "3 of 4 lessons left"


def test_an_unpublished_lesson_is_not_required():
    built = certifiable_build(modules=1, lessons=2)
    extra = built.tree.modules[0].add_child(
        instance=LessonPage(title="Draft lesson", slug="draft", live=False)
    )
    content_version_bump()
    assert _by_name(built.enrolment)["lessons"].met
    extra.live = True
    extra.save()
    content_version_bump()
    assert _by_name(built.enrolment)["lessons"].reason == "1 of 3 lessons left"


def test_a_failed_quiz_names_its_module():
    built = certifiable_build()
    Attempt.objects.filter(enrolment=built.enrolment).update(passed=False, percent=10)
    result = _by_name(built.enrolment)["quizzes"]
    assert not result.met
    assert result.reason == "Pass the quiz of Module 1"


def test_a_quiz_waiting_for_essay_grading_is_not_passed_yet():
    built = certifiable_build()
    Attempt.objects.filter(enrolment=built.enrolment).update(status=Attempt.Status.AWAITING_GRADING)
    assert not _by_name(built.enrolment)["quizzes"].met


def test_missing_practice_hours_say_how_many_and_of_what():
    built = certifiable_build(required_minutes=120)
    built.category.required_minutes = 6 * 60
    built.category.save()
    result = _by_name(built.enrolment)["practice_hours"]
    assert not result.met
    assert result.reason == "4 hours more of approved One-to-one peer support"


def test_submitted_but_unapproved_hours_do_not_count():
    built = certifiable_build(required_minutes=120)
    PracticeLog.objects.filter(enrolment=built.enrolment).update(
        status=PracticeLog.Status.SUBMITTED
    )
    result = _by_name(built.enrolment)["practice_hours"]
    assert not result.met
    assert result.reason == "2 hours more of approved One-to-one peer support"


def test_extra_hours_in_one_category_do_not_make_up_for_another():
    built = certifiable_build(required_minutes=120)
    PracticeCategoryFactory(
        course=built.tree.course, name="Group facilitation", required_minutes=90
    )
    PracticeLog.objects.filter(enrolment=built.enrolment).update(duration_minutes=600)
    result = _by_name(built.enrolment)["practice_hours"]
    assert not result.met
    assert result.reason == "1.5 hours more of approved Group facilitation"


def test_hours_left_are_rounded_up_never_down():
    assert hours_words(60) == "1 hour"
    assert hours_words(61) == "1.1 hours"
    assert hours_words(25) == "0.5 hours"


def test_a_competency_not_signed_off_is_named():
    built = certifiable_build()
    CompetencyFactory(course=built.tree.course, name="Recognises risk and refers")
    result = _by_name(built.enrolment)["competencies"]
    assert not result.met
    assert result.reason == "Recognises risk and refers is not signed off yet"
    assert CompetencySignOff.objects.filter(enrolment=built.enrolment).count() == 1


def test_the_code_of_ethics_must_be_accepted():
    built = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=built.enrolment).delete()
    result = _by_name(built.enrolment)["ethics"]
    assert not result.met
    assert result.reason == "Accept the code of ethics"


def test_a_new_version_of_the_code_must_be_accepted_again():
    built = certifiable_build()
    CodeOfEthicsFactory(course=built.tree.course)  # version 2, published
    assert _by_name(built.enrolment)["ethics"].reason == "Accept the code of ethics"


def test_a_draft_version_is_not_yet_the_one_to_accept():
    built = certifiable_build()
    CodeOfEthicsFactory(course=built.tree.course, draft=True)
    assert _by_name(built.enrolment)["ethics"].met


def test_a_course_without_a_published_code_of_ethics_does_not_certify():
    built = certifiable_build()
    EthicsAcceptance.objects.filter(enrolment=built.enrolment).delete()
    built.ethics.published_at = None
    built.ethics.save()
    result = _by_name(built.enrolment)["ethics"]
    assert not result.met
    assert result.reason == "The course has not published its code of ethics yet"


def test_a_renewal_counts_only_continuing_education_lessons_completed_after_the_last_certificate():
    built = certifiable_build(modules=1, lessons=3)
    ce_lessons = built.tree.lessons[:2]
    LessonPage.objects.filter(pk__in=[lesson.pk for lesson in ce_lessons]).update(
        continuing_education=True
    )
    certified_at = timezone.now() - timedelta(days=300)
    CertificateFactory(
        enrolment=built.enrolment,
        issued=True,
        certified_at=certified_at,
        issued_on=certified_at.date(),
        expires_on=(certified_at + timedelta(days=365)).date(),
    )
    # Every lesson was completed before the first certificate.
    LessonCompletion.objects.filter(enrolment=built.enrolment).update(
        completed_at=certified_at - timedelta(days=1)
    )
    results = _by_name(built.enrolment, cycle=2)
    assert results["lessons"].reason == (
        "2 of 2 continuing-education lessons left since your last certificate"
    )
    # The acceptance from the first cycle does not count for the renewal.
    assert results["ethics"].reason == "Accept the code of ethics again"

    # Completing one CE lesson again (a fresh completion) and a non-CE one counts once.
    LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=ce_lessons[0]).update(
        completed_at=timezone.now()
    )
    LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=built.tree.lessons[2]).update(
        completed_at=timezone.now()
    )
    assert _by_name(built.enrolment, cycle=2)["lessons"].reason == (
        "1 of 2 continuing-education lessons left since your last certificate"
    )

    LessonCompletion.objects.filter(enrolment=built.enrolment, lesson=ce_lessons[1]).update(
        completed_at=timezone.now()
    )
    EthicsAcceptanceFactory(enrolment=built.enrolment, ethics=built.ethics, cycle=2)
    assert all_met(completion_rules(built.enrolment, cycle=2))
    assert Certificate.objects.filter(enrolment=built.enrolment).count() == 1


def test_the_rules_cost_the_same_queries_however_large_the_course_and_record():
    small = certifiable_build(modules=1, lessons=1)
    large = certifiable_build(modules=4, lessons=5)
    for n in range(3):
        PracticeCategoryFactory(course=large.tree.course, name=f"Category {n}", required_minutes=0)
        CompetencyFactory(course=large.tree.course, name=f"Competency {n}")
    for enrolment in (small.enrolment, large.enrolment):  # warm the outline cache
        completion_rules(enrolment)
    with CaptureQueriesContext(connection) as few:
        completion_rules(small.enrolment)
    with CaptureQueriesContext(connection) as many:
        completion_rules(large.enrolment)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 14
