"""`manage.py demo_almost_certified`: the demo trainee is taken through every requirement of the
demo course but its last lesson and the code of ethics, through the services, so that on a
fresh `make run` the certificate is two clicks away; those two clicks then issue a real PDF
that `/verify/` confirms."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import (
    Attempt,
    CompetencyObservation,
    CompetencySignOff,
    PracticeLog,
    SignOff,
)
from assessments.practice.selectors import practice_hours_summary
from certificates.models import Certificate, EthicsAcceptance
from content.curriculum import COURSE
from content.curriculum.practice import CATEGORIES
from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage
from courses.services import supervision_assign
from tests.factories import SupervisorFactory

pytestmark = pytest.mark.django_db

COUNTED = [
    Attempt,
    LessonCompletion,
    PracticeLog,
    SignOff,
    CompetencyObservation,
    CompetencySignOff,
    EthicsAcceptance,
    Certificate,
]


def _run() -> str:
    out = StringIO()
    call_command("demo_almost_certified", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    course = CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")
    trainee = User.objects.get(email="trainee@example.org")
    enrolment = Enrolment.objects.get(user=trainee, course=course)
    return course, trainee, enrolment


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_everything_but_the_last_lesson_and_the_code_of_ethics_is_done(
    demo, django_capture_on_commit_callbacks
):
    course, trainee, enrolment = demo
    drafts_before = set(
        PracticeLog.objects.filter(
            enrolment=enrolment,
            status__in=[PracticeLog.Status.DRAFT, PracticeLog.Status.CHANGES_REQUESTED],
        ).values_list("pk", "status", "version")
    )

    with django_capture_on_commit_callbacks(execute=True):
        out = _run()

    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    done = set(
        LessonCompletion.objects.filter(enrolment=enrolment).values_list("lesson", flat=True)
    )
    assert done == {lesson.pk for lesson in lessons[:-1]}
    assert Attempt.objects.filter(enrolment=enrolment, passed=True).count() == 5
    assert not Attempt.objects.filter(enrolment=enrolment).exclude(status="final").exists()
    summary = practice_hours_summary(enrolment)
    assert [c.remaining_minutes for c in summary.categories] == [0, 0, 0, 0]
    assert summary.pending_minutes == 0  # the supervisor's queue was worked through
    assert CompetencySignOff.objects.filter(enrolment=enrolment).count() == 4
    # What the trainee was still working on is left as they left it.
    assert (
        set(
            PracticeLog.objects.filter(
                enrolment=enrolment,
                status__in=[PracticeLog.Status.DRAFT, PracticeLog.Status.CHANGES_REQUESTED],
            ).values_list("pk", "status", "version")
        )
        == drafts_before
    )
    assert not EthicsAcceptance.objects.exists()
    assert not Certificate.objects.exists()
    assert "Lessons: 1 of 17 lessons left" in out
    assert "Code of ethics: Accept the code of ethics" in out
    assert f"The last lesson: {lessons[-1].title} ({lessons[-1].url})" in out
    assert "Module quizzes" not in out and "Supervised practice" not in out


def test_the_trainee_agrees_completes_the_last_lesson_and_gets_a_pdf_that_verifies(
    client, demo, django_capture_on_commit_callbacks
):
    course, trainee, enrolment = demo
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    last = LessonPage.objects.live().descendant_of(course).order_by("path").last()
    client.force_login(trainee)

    page = client.get(course.url).content.decode()
    assert "1 of 17 lessons left" in page
    ethics_url = reverse("certificates:ethics", args=[course.pk])
    ethics_page = client.get(ethics_url).content.decode()
    ethics_id = int(ethics_page.split('name="ethics" value="')[1].split('"')[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ethics_url, {"ethics": ethics_id}).status_code == 302
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:lesson_complete", args=[last.pk]))
    assert response.status_code == 302

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.holder_name == trainee.full_name
    minutes = {row["category"]: row["minutes"] for row in certificate.hours_by_category}
    required = {category["name"]: category["required_hours"] * 60 for category in CATEGORIES}
    assert minutes.keys() == required.keys()
    assert all(minutes[name] >= required[name] for name in required), minutes
    download = client.get(reverse("certificates:download", args=[certificate.code]))
    assert download.status_code == 200
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    )
    assert trainee.full_name in text
    assert course.title in text
    # The demo supervisor signs, as what they are (the wording setup_site creates).
    assert "Ravi Menon\nPractice supervisor" in text

    client.logout()
    verify = client.get(reverse("verify:detail", args=[certificate.code])).content.decode()
    assert "Valid" in verify
    assert trainee.full_name in verify


def test_running_it_again_changes_nothing(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    before = _counts()

    with django_capture_on_commit_callbacks(execute=True):
        out = _run()

    assert _counts() == before
    assert "0 quiz(zes) passed, 0 lesson(s) completed" in out


def test_it_needs_the_demo_and_refuses_production(settings, db):
    with pytest.raises(CommandError, match="load_demo"):
        _run()
    call_command("load_demo", stdout=StringIO())
    settings.LMS_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="not for production"):
        _run()
    assert not Attempt.objects.exists()


def test_it_refuses_when_the_demo_trainee_has_another_supervisor(demo):
    _course, _trainee, enrolment = demo
    supervision_assign(enrolment=enrolment, supervisor=SupervisorFactory())

    with pytest.raises(CommandError, match="supervisor@example.org is not"):
        _run()
    assert not Attempt.objects.exists()
