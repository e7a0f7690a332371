"""The supervisor's area: who may enter, the essays queue, and grading an essay."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer
from assessments.quizzes import services
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    EssayQuestionFactory,
    SupervisionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = pytest.mark.django_db

ESSAY = "I shared <script>alert('x')</script> my own story briefly, then asked about theirs."


@pytest.fixture
def essay(trainee, supervisor):
    """A submitted attempt by `trainee`, supervised by `supervisor`, with an essay to grade."""
    tree = course_tree_build(modules=1, lessons=1)
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    quiz = quiz_build(
        module=tree.modules[0],
        questions=[
            TrueFalseQuestionFactory(),
            EssayQuestionFactory(points=Decimal(4), grader_info="Look for a return to them."),
        ],
        pass_mark=Decimal(50),
    )
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response=False, sequence=0)
    services.answer_save(attempt=attempt, position=2, response=ESSAY, sequence=0)
    services.attempt_submit(attempt=attempt)
    return attempt.answers.get(position=2)


def grade_url(answer):
    return reverse("supervise:essay_grade", args=[answer.pk])


def test_trainees_are_refused_and_strangers_sent_to_sign_in(client, trainee):
    response = client.get(reverse("supervise:home"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(trainee)
    response = client.get(reverse("supervise:home"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_a_supervisor_with_nothing_to_grade_sees_an_empty_queue(client, supervisor):
    client.force_login(supervisor)
    html = client.get(reverse("supervise:home")).content.decode()
    assert "Essays to grade" in html and "No essays are waiting for you." in html


def test_someone_supervising_without_the_role_may_enter(client):
    helper = UserFactory(role=roles.TRAINEE)
    SupervisionFactory(supervisor=helper)
    client.force_login(helper)
    assert client.get(reverse("supervise:home")).status_code == 200


def test_the_queue_lists_essays_of_the_supervisors_own_trainees(client, essay, supervisor):
    other_supervisor = UserFactory(role=roles.SUPERVISOR)
    client.force_login(other_supervisor)
    assert grade_url(essay) not in client.get(reverse("supervise:home")).content.decode()
    client.force_login(supervisor)
    html = client.get(reverse("supervise:home")).content.decode()
    assert grade_url(essay) in html
    assert str(essay.attempt.enrolment.user) in html
    assert "<script>" not in html and "shared" not in html  # the answer itself stays on its page


def test_the_grading_page_shows_question_guidance_and_the_answer_escaped(client, essay, supervisor):
    client.force_login(supervisor)
    html = client.get(grade_url(essay)).content.decode()
    assert essay.snapshot["prompt"] in html
    assert "Look for a return to them." in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "From 0 to 4." in html


def test_grading_makes_the_attempt_final_and_the_trainee_sees_the_comment(
    client, essay, supervisor, trainee
):
    client.force_login(supervisor)
    response = client.post(grade_url(essay), {"points": "3", "comment": "Kind and brief."})
    assert response.url == reverse("supervise:home")
    essay.refresh_from_db()
    assert essay.score == Decimal("0.75") and essay.graded_by == supervisor
    attempt = Attempt.objects.get(pk=essay.attempt_id)
    assert attempt.status == Attempt.Status.FINAL and attempt.percent == 80
    queue = client.get(reverse("supervise:home")).content.decode()
    assert "Your grade for" in queue and grade_url(essay) not in queue
    # Graded already: the page says so instead of offering the form again.
    again = client.get(grade_url(essay)).content.decode()
    assert "Graded: 3 of 4 points." in again and "Save the grade" not in again
    client.force_login(trainee)
    result = client.get(reverse("assessments:attempt_result", args=[attempt.uuid]))
    assert "Kind and brief." in result.content.decode()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("5", "less than or equal to 4"),
        ("-1", "greater than or equal to 0"),
        ("lots", "Enter a number."),
        ("", "This field is required."),
    ],
)
def test_a_bad_grade_shows_in_the_form_and_saves_nothing(
    client, essay, supervisor, points, message
):
    client.force_login(supervisor)
    response = client.post(grade_url(essay), {"points": points, "comment": "Hm."})
    assert response.status_code == 400
    assert message in response.content.decode()
    essay.refresh_from_db()
    assert essay.needs_grading and essay.score is None


def test_a_supervisor_who_is_not_the_current_one_gets_not_found(client, essay, supervisor):
    other_supervisor = UserFactory(role=roles.SUPERVISOR)
    client.force_login(other_supervisor)
    assert client.get(grade_url(essay)).status_code == 404
    assert client.post(grade_url(essay), {"points": "4"}).status_code == 404
    # The supervision ends: the former supervisor can no longer grade either.
    essay.attempt.enrolment.supervisions.update(ended_at=timezone.now())
    client.force_login(supervisor)
    assert client.get(grade_url(essay)).status_code == 404
    assert AttemptAnswer.objects.get(pk=essay.pk).needs_grading


def test_only_essays_have_a_grading_page(client, essay, supervisor):
    client.force_login(supervisor)
    other = essay.attempt.answers.get(position=1)
    assert client.get(grade_url(other)).status_code == 404


def test_the_header_links_supervisors_to_their_area_and_no_one_else(client, supervisor, trainee):
    client.force_login(supervisor)
    assert 'href="/supervise/"' in client.get(reverse("courses:dashboard")).content.decode()
    client.force_login(trainee)
    assert 'href="/supervise/"' not in client.get(reverse("courses:dashboard")).content.decode()


def test_a_hindi_supervisor_reads_the_approved_hindi_question_and_english_marked_otherwise(
    client, essay, supervisor
):
    from assessments.quizzes.translations import translate_quiz

    supervisor.preferred_language = "hi"
    supervisor.save(update_fields=["preferred_language"])
    client.force_login(supervisor)
    untranslated = client.get(grade_url(essay)).content.decode()
    assert f'lang="en">{essay.snapshot["prompt"]}' in untranslated.replace("<p>", "")
    assert "इस प्रश्न का अभी आपकी भाषा में अनुवाद नहीं हुआ है" in untranslated

    quiz = essay.attempt.quiz
    translate_quiz(
        quiz,
        "hi",
        {
            "title": "सीमाओं पर क्विज़",
            "introduction": "ध्यान से पढ़ें।",
            "questions": [
                {
                    "prompt": "सही या गलत?",
                    "general_feedback": "धन्यवाद।",
                    "feedback_true": "ठीक",
                    "feedback_false": "ठीक",
                },
                {
                    "prompt": "अपने अनुभव को थोड़े में साझा करने के बारे में लिखें।",
                    "general_feedback": "धन्यवाद।",
                },
            ],
        },
        approved_by=UserFactory(role=roles.CLINICAL_REVIEWER),
    )
    html = client.get(grade_url(essay)).content.decode()
    assert "अपने अनुभव को थोड़े में साझा करने के बारे में लिखें।" in html
    assert essay.snapshot["prompt"] not in html
    assert "सीमाओं पर क्विज़" in html
    # The guidance for graders is never translated: English, marked as such.
    assert 'lang="en"><p>Look for a return to them.' in html or (
        'lang="en">Look for a return to them.' in html
    )
