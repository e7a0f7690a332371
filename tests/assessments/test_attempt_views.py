"""The trainee's quiz screens: the quiz and module pages, answering one question per page (with
and without JavaScript), bad and tampered input, the summary, submitting and the result."""

import json
import re
import zoneinfo
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, Quiz
from assessments.quizzes import services
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    EssayQuestionFactory,
    MatchingQuestionFactory,
    MultipleResponseQuestionFactory,
    NumericalQuestionFactory,
    QuestionCategoryFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    SupervisionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = pytest.mark.django_db

# Every piece of the key gets a marker, so the open page can be searched for all of them.
SECRET = "KEY-SECRET"


def secret_questions():
    """One question of each type whose key and feedback are all marked with SECRET."""
    return [
        SingleChoiceQuestionFactory(
            general_feedback=f"{SECRET} general",
            options=[
                {"text": "Meet at the centre", "is_correct": True, "feedback": f"{SECRET} a"},
                {"text": "Meet at home", "feedback": f"{SECRET} b"},
            ],
        ),
        MultipleResponseQuestionFactory(
            general_feedback=f"{SECRET} general",
            options=[
                {"text": "Talk of ending life", "weight": Decimal("37.5"), "feedback": SECRET},
                {"text": "Not eating", "weight": Decimal("62.5")},
                {"text": "A bad day", "weight": Decimal("-33.3"), "feedback": SECRET},
            ],
        ),
        TrueFalseQuestionFactory(
            general_feedback=f"{SECRET} general",
            feedback_true=f"{SECRET} true",
            feedback_false=f"{SECRET} false",
        ),
        ShortAnswerQuestionFactory(
            prompt="Name the helpline.",
            general_feedback=f"{SECRET} general",
            accepted_answers=[{"text": f"{SECRET}-answer", "feedback": f"{SECRET} yes"}],
        ),
        MatchingQuestionFactory(general_feedback=f"{SECRET} general"),
        NumericalQuestionFactory(
            prompt="How many?", answer=Decimal("271828"), general_feedback=f"{SECRET} general"
        ),
        EssayQuestionFactory(general_feedback=f"{SECRET} general", grader_info=f"{SECRET} info"),
    ]


@pytest.fixture
def tree(db):
    return course_tree_build(modules=2, lessons=1)


@pytest.fixture
def enrolment(tree, trainee):
    return EnrolmentFactory(user=trainee, course=tree.course)


@pytest.fixture
def signed_in(client, trainee, enrolment):
    client.force_login(trainee)
    return client


def build(tree, questions=None, **fields):
    if questions is None:
        questions = [SingleChoiceQuestionFactory(), TrueFalseQuestionFactory()]
    return quiz_build(module=tree.modules[0], questions=questions, **fields)


def start(client, quiz) -> Attempt:
    response = client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert response.status_code == 302, response.content
    return Attempt.objects.get(quiz=quiz, status=Attempt.Status.OPEN)


def question_url(attempt, position, save=False):
    name = "assessments:answer_save" if save else "assessments:attempt_question"
    return reverse(name, kwargs={"uuid": attempt.uuid, "position": position})


def answer(attempt, position):
    return attempt.answers.get(position=position)


def option_id(attempt, position, correct=True):
    snapshot = answer(attempt, position).snapshot
    return next(o["id"] for o in snapshot["options"] if o["is_correct"] is correct)


# --- The quiz page --------------------------------------------------------------------------


def test_quiz_page_explains_the_rules_in_plain_words(signed_in, tree):
    quiz = build(
        tree,
        pass_mark=Decimal(80),
        max_attempts=3,
        time_limit=timedelta(minutes=20),
        cooldown=timedelta(minutes=10),
        introduction="Five questions on boundaries.",
    )
    html = signed_in.get(reverse("assessments:quiz", args=[quiz.pk])).content.decode()
    assert "Five questions on boundaries." in html
    assert "You pass with 80% or more." in html
    assert "You have 3 attempts." in html
    assert "time limit of 20 minutes" in html
    assert "wait 10 minutes before the next one" in html
    assert "Start the quiz" in html


def test_starting_opens_question_one_and_starting_again_returns_the_same_attempt(signed_in, tree):
    quiz = build(tree)
    response = signed_in.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("assessments:attempt", args=[attempt.uuid])
    assert signed_in.get(response.url).url == question_url(attempt, 1)
    again = signed_in.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert again.url == response.url
    assert Attempt.objects.count() == 1


def test_someone_not_enrolled_sees_the_refusal_on_the_quiz_page(client, tree):
    quiz = build(tree)
    outsider = UserFactory(role=roles.TRAINEE)
    client.force_login(outsider)
    page = client.get(reverse("assessments:quiz", args=[quiz.pk])).content.decode()
    assert "You are not enrolled in" in page and "Start the quiz" not in page
    response = client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert response.status_code == 403
    assert "not enrolled in the course this quiz belongs to" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_refused_start_shows_the_reason_not_an_error_page(signed_in, tree, trainee):
    quiz = build(tree, max_attempts=1)
    services.attempt_submit(attempt=services.attempt_start(user=trainee, quiz=quiz))
    response = signed_in.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert response.status_code == 409
    assert "You have used all 1 attempts at this quiz." in response.content.decode()
    assert Attempt.objects.count() == 1


def test_a_draft_quiz_is_not_found(signed_in, tree):
    quiz = build(tree, publish=False)
    assert signed_in.get(reverse("assessments:quiz", args=[quiz.pk])).status_code == 404
    assert signed_in.post(reverse("assessments:quiz_start", args=[quiz.pk])).status_code == 404


def test_quiz_pages_need_signing_in(client, tree):
    quiz = build(tree)
    response = client.get(reverse("assessments:quiz", args=[quiz.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_starting_needs_a_post(signed_in, tree):
    quiz = build(tree)
    assert signed_in.get(reverse("assessments:quiz_start", args=[quiz.pk])).status_code == 405
    assert not Attempt.objects.exists()


# --- The module page ------------------------------------------------------------------------


def test_module_page_shows_the_quiz_and_a_way_in(signed_in, tree):
    build(tree, max_attempts=2)
    html = signed_in.get(tree.modules[0].url).content.decode()
    assert "Quiz: Check your understanding" in html
    assert "You have not taken this quiz yet." in html
    assert "2 attempts left" in html
    assert "Start the quiz" in html


def test_module_page_shows_best_score_attempts_left_and_cooldown_in_the_trainees_zone(
    signed_in, tree, trainee
):
    trainee.time_zone = "America/Los_Angeles"
    trainee.save()
    quiz = build(tree, max_attempts=3, cooldown=timedelta(hours=1), pass_mark=Decimal(80))
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response=option_id(attempt, 1), sequence=0)
    attempt = services.attempt_submit(attempt=attempt)
    html = signed_in.get(tree.modules[0].url).content.decode()
    assert "Your best score:" in html and "50%" in html and "Not passed yet" in html
    assert "2 attempts left" in html
    ready = timezone.localtime(
        attempt.submitted_at + timedelta(hours=1), zoneinfo.ZoneInfo("America/Los_Angeles")
    )
    assert re.search(rf"You can try again after [^<]*{ready:%H:%M}\.", html), html


def test_module_page_says_the_essay_waits_for_a_supervisor_to_be_assigned(
    signed_in, tree, trainee, enrolment, supervisor
):
    quiz = build(tree, questions=[EssayQuestionFactory()])
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response="My essay.", sequence=0)
    services.attempt_submit(attempt=attempt)
    html = signed_in.get(tree.modules[0].url).content.decode()
    assert "Waiting for a supervisor to be assigned to you" in html
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    html = signed_in.get(tree.modules[0].url).content.decode()
    assert "Waiting for your supervisor to grade your written answer." in html


def test_a_required_quiz_locks_the_next_module_until_passed(signed_in, tree, trainee):
    quiz = build(tree, required_to_continue=True)
    html = signed_in.get(tree.course.url).content.decode()
    assert "Pass the quiz “Check your understanding" in html
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response=option_id(attempt, 1), sequence=0)
    tf = answer(attempt, 2).snapshot["correct_answer"]
    services.answer_save(attempt=attempt, position=2, response=tf, sequence=0)
    services.attempt_submit(attempt=attempt)
    assert "Pass the quiz" not in signed_in.get(tree.course.url).content.decode()


def test_a_locked_modules_quiz_page_says_why_instead_of_offering_start(signed_in, tree):
    build(tree, required_to_continue=True)
    later = quiz_build(module=tree.modules[1], questions=[TrueFalseQuestionFactory()])
    html = signed_in.get(reverse("assessments:quiz", args=[later.pk])).content.decode()
    assert "Pass the quiz “Check your understanding" in html
    assert "Start the quiz" not in html


# --- Answering, without JavaScript ----------------------------------------------------------


def test_the_open_attempt_page_never_shows_the_key_or_feedback(signed_in, tree):
    quiz = build(tree, secret_questions())
    attempt = start(signed_in, quiz)
    for position in range(1, 8):
        html = signed_in.get(question_url(attempt, position)).content.decode()
        assert SECRET not in html
        assert "is_correct" not in html and "weight" not in html
        assert "37.5" not in html and "62.5" not in html and "-33.3" not in html
        assert "271828" not in html
    matching = answer(attempt, 5).snapshot
    html = signed_in.get(question_url(attempt, 5)).content.decode()
    for pair in matching["pairs"]:
        # Each item offers every answer, so the page cannot give a pair away.
        assert html.count(f">{pair['answer']}</option>") == len(matching["pairs"])


def test_next_saves_the_answer_and_the_page_shows_it_again(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    chosen = option_id(attempt, 1, correct=False)
    response = signed_in.post(
        question_url(attempt, 1), {"sequence": "0", "response": str(chosen), "action": "next"}
    )
    assert response.url == question_url(attempt, 2)
    saved = answer(attempt, 1)
    assert saved.response == chosen and saved.sequence == 1
    html = signed_in.get(question_url(attempt, 1)).content.decode()
    assert f'value="{chosen}" checked' in html
    assert re.search(r"Saved at \d\d:\d\d", html)
    assert 'aria-live="polite"' in html
    assert 'name="sequence" value="1"' in html


@pytest.mark.parametrize(
    ("action", "target"),
    [("previous", 1), ("goto-3", 3), ("review", "review"), ("", 2)],
)
def test_every_button_saves_before_moving(signed_in, tree, action, target):
    quiz = build(
        tree,
        [SingleChoiceQuestionFactory(), TrueFalseQuestionFactory(), TrueFalseQuestionFactory()],
    )
    attempt = start(signed_in, quiz)
    response = signed_in.post(
        question_url(attempt, 2), {"sequence": "0", "response": "true", "action": action}
    )
    expected = (
        reverse("assessments:attempt_review", args=[attempt.uuid])
        if target == "review"
        else question_url(attempt, target)
    )
    assert response.url == expected
    assert answer(attempt, 2).response is True


def test_each_question_type_is_stored_as_the_grader_expects(signed_in, tree):
    quiz = build(tree, secret_questions())
    attempt = start(signed_in, quiz)
    multiple = [o["id"] for o in answer(attempt, 2).snapshot["options"]][:2]
    pairs = answer(attempt, 5).snapshot["pairs"]
    posts = {
        1: {"response": str(option_id(attempt, 1))},
        2: {"response": [str(i) for i in multiple]},
        3: {"response": "false"},
        4: {"response": "  KEY-SECRET-answer "},
        5: {f"pair-{p['id']}": p["answer"] for p in pairs},
        6: {"response": " 271828 "},
        7: {"response": "I shared briefly <and> returned to them."},
    }
    for position, data in posts.items():
        response = signed_in.post(
            question_url(attempt, position), {"sequence": "0", "action": "next", **data}
        )
        assert response.status_code == 302, response.content.decode()
    stored = {a.position: a.response for a in attempt.answers.all()}
    assert stored[1] == option_id(attempt, 1)
    assert stored[2] == multiple
    assert stored[3] is False
    assert stored[4] == "  KEY-SECRET-answer "
    assert stored[5] == {str(p["id"]): p["answer"] for p in pairs}
    assert stored[6] == "271828"
    assert stored[7] == "I shared briefly <and> returned to them."
    result = services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
    assert result.status == Attempt.Status.AWAITING_GRADING  # the essay waits for a person


def test_moving_on_from_a_blank_question_saves_nothing(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.post(question_url(attempt, 1), {"sequence": "0", "action": "next"})
    assert response.url == question_url(attempt, 2)
    assert answer(attempt, 1).sequence == 0 and answer(attempt, 1).response is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"response": "true", "score": "1"}, "does not take a field called “score”"),
        ({"response": "x" * 1_000_000}, "too long"),
        ({"response": "maybe"}, "Choose true or false."),
        ({"response": ["true", "false"]}, "Choose true or false."),
        ({"pair-1": "Refer today"}, "does not take a field called “pair-1”"),
    ],
)
def test_tampered_or_oversized_answers_are_refused_and_the_attempt_unharmed(
    signed_in, tree, data, message
):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.post(question_url(attempt, 2), {"sequence": "0", "action": "next", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your answer was not saved" in html and message in html
    assert answer(attempt, 2).sequence == 0 and answer(attempt, 2).response is None
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.OPEN


def test_an_option_of_another_question_is_refused_with_the_reason(signed_in, tree):
    quiz = build(tree, [SingleChoiceQuestionFactory(), SingleChoiceQuestionFactory()])
    attempt = start(signed_in, quiz)
    other = option_id(attempt, 2)
    response = signed_in.post(
        question_url(attempt, 1), {"sequence": "0", "response": str(other), "action": "next"}
    )
    assert response.status_code == 400
    assert "That option is not part of this question." in response.content.decode()
    assert answer(attempt, 1).response is None


def test_a_refused_text_answer_stays_in_the_box(signed_in, tree):
    quiz = build(tree, [NumericalQuestionFactory()])
    attempt = start(signed_in, quiz)
    response = signed_in.post(
        question_url(attempt, 1), {"sequence": "0", "response": "fourteen", "action": "next"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Expected a number." in html and 'value="fourteen"' in html


def test_a_stale_page_is_refused_and_keeps_the_newer_answer(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    first, second = (o["id"] for o in answer(attempt, 1).snapshot["options"][:2])
    signed_in.post(question_url(attempt, 1), {"sequence": "0", "response": str(first)})
    response = signed_in.post(
        question_url(attempt, 1), {"sequence": "0", "response": str(second), "action": "next"}
    )
    assert response.status_code == 409
    assert "changed in another tab or window" in response.content.decode()
    assert answer(attempt, 1).response == first


def test_a_missing_sequence_is_refused(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.post(question_url(attempt, 2), {"response": "true"})
    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    assert answer(attempt, 2).response is None


def test_a_position_not_in_the_attempt_is_not_found_and_not_saved(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    assert signed_in.get(question_url(attempt, 9)).status_code == 404
    response = signed_in.post(question_url(attempt, 9, save=True), {"sequence": "0"})
    assert response.status_code == 400
    assert response.json() == {"error": "That question is not part of this attempt."}


def test_an_answer_after_the_time_limit_is_refused_and_the_attempt_submitted(signed_in, tree):
    quiz = build(tree, time_limit=timedelta(minutes=5))
    attempt = start(signed_in, quiz)
    html = signed_in.get(question_url(attempt, 1)).content.decode()
    assert "Time left:" in html and re.search(r"data-seconds-left=\"(29\d|300)\"", html)
    signed_in.post(question_url(attempt, 2), {"sequence": "0", "response": "false"})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = signed_in.post(
        question_url(attempt, 1), {"sequence": "0", "response": str(option_id(attempt, 1))}
    )
    assert response.url == reverse("assessments:attempt_result", args=[attempt.uuid])
    attempt.refresh_from_db()
    assert attempt.status != Attempt.Status.OPEN
    assert attempt.submitted_by == Attempt.SubmittedBy.TIME_LIMIT
    assert answer(attempt, 1).response is None and answer(attempt, 2).response is False
    page = signed_in.get(response.url).content.decode()
    assert "time limit ran out" in page


# --- Answering, with JavaScript -------------------------------------------------------------


def test_autosave_answers_in_json_with_the_new_sequence(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.post(
        question_url(attempt, 2, save=True),
        {"sequence": "0", "response": "true"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["sequence"] == 1 and data["answered"] is True
    assert re.fullmatch(r"Saved at \d\d:\d\d", data["message"])
    stale = signed_in.post(
        question_url(attempt, 2, save=True), {"sequence": "0", "response": "false"}
    )
    assert stale.status_code == 409 and "another tab" in stale.json()["error"]
    tampered = signed_in.post(
        question_url(attempt, 2, save=True), {"sequence": "1", "response": "false", "score": "9"}
    )
    assert tampered.status_code == 400 and "score" in tampered.json()["error"]
    assert answer(attempt, 2).response is True


def test_autosave_after_submitting_is_refused_with_409(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    signed_in.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    response = signed_in.post(question_url(attempt, 2, save=True), {"sequence": "0"})
    assert response.status_code == 409 and "closed" in response.json()["error"]


def test_autosave_after_the_time_limit_is_refused_and_the_attempt_submitted(signed_in, tree):
    quiz = build(tree, time_limit=timedelta(minutes=5))
    attempt = start(signed_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = signed_in.post(
        question_url(attempt, 2, save=True), {"sequence": "0", "response": "true"}
    )
    assert response.status_code == 409 and "Time is up" in response.json()["error"]
    attempt.refresh_from_db()
    assert attempt.submitted_by == Attempt.SubmittedBy.TIME_LIMIT
    assert answer(attempt, 2).response is None


# --- Whose attempt --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["another trainee", "their supervisor"])
def test_nobody_else_reaches_an_attempt(client, tree, trainee, enrolment, supervisor, who):
    quiz = build(tree)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    if who == "their supervisor":
        SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
        client.force_login(supervisor)
    else:
        other = UserFactory(role=roles.TRAINEE)
        EnrolmentFactory(user=other, course=tree.course)
        client.force_login(other)
    uuid = attempt.uuid
    for url in (
        reverse("assessments:attempt", args=[uuid]),
        question_url(attempt, 1),
        reverse("assessments:attempt_review", args=[uuid]),
        reverse("assessments:attempt_result", args=[uuid]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(question_url(attempt, 2), {"sequence": "0", "response": "true"}).status_code
        == 404
    )
    assert client.post(question_url(attempt, 2, save=True), {"sequence": "0"}).status_code == 404
    assert client.post(reverse("assessments:attempt_submit", args=[uuid])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open and answer(attempt, 2).response is None


# --- Review, submit, result -----------------------------------------------------------------


def test_review_lists_unanswered_questions_and_submitting_twice_is_harmless(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    signed_in.post(question_url(attempt, 2), {"sequence": "0", "response": "false"})
    html = signed_in.get(
        reverse("assessments:attempt_review", args=[attempt.uuid])
    ).content.decode()
    assert "1 question has no answer yet." in html
    submit = reverse("assessments:attempt_submit", args=[attempt.uuid])
    first = signed_in.post(submit)
    second = signed_in.post(submit)
    result_url = reverse("assessments:attempt_result", args=[attempt.uuid])
    assert first.url == second.url == result_url
    assert Attempt.objects.count() == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL and attempt.percent == 50
    # Back to a question of a submitted attempt: the result, not a form.
    assert signed_in.get(question_url(attempt, 1)).url == result_url


def test_submitting_needs_a_post(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.get(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    assert response.status_code == 405
    assert Attempt.objects.get().is_open


def _take(client, tree, trainee, *, right: bool, **fields):
    quiz = build(
        tree,
        [
            SingleChoiceQuestionFactory(general_feedback="Think of the setting."),
            TrueFalseQuestionFactory(),
        ],
        **fields,
    )
    attempt = start(client, quiz)
    client.post(
        question_url(attempt, 1), {"sequence": "0", "response": str(option_id(attempt, 1, right))}
    )
    client.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    response = client.get(reverse("assessments:attempt_result", args=[attempt.uuid]))
    return quiz, attempt, response.content.decode()


def test_result_shows_score_and_feedback_when_the_quiz_says_immediately(signed_in, tree, trainee):
    _quiz, _attempt, html = _take(signed_in, tree, trainee, right=False, feedback="immediately")
    assert "You scored 0% (0 of 2 points)." in html
    assert "You have not passed this time: the pass mark is 50%." in html
    assert "Not right" in html and "Your home is your boundary." in html
    assert "The right answer:" in html and "Think of the setting." in html


def test_result_hides_feedback_when_the_quiz_says_never(signed_in, tree, trainee):
    _quiz, _attempt, html = _take(signed_in, tree, trainee, right=True, feedback="never")
    assert "You scored 50% (1 of 2 points)." in html and "You passed. Well done." in html
    assert "This quiz does not show right answers or feedback." in html
    assert "Think of the setting." not in html and "Yes." not in html
    assert "Right</span>" not in html and "The right answer:" not in html


def test_feedback_after_passing_stays_hidden_after_a_fail(signed_in, tree, trainee):
    _quiz, _attempt, html = _take(signed_in, tree, trainee, right=False, feedback="after_pass")
    assert "Right answers and feedback show once you pass this quiz." in html
    assert "Your home is your boundary." not in html
    assert "Try again" in html


# --- Query counts ---------------------------------------------------------------------------


def _many(n):
    kinds = [
        SingleChoiceQuestionFactory,
        MultipleResponseQuestionFactory,
        TrueFalseQuestionFactory,
        MatchingQuestionFactory,
        ShortAnswerQuestionFactory,
    ]
    return [kinds[i % len(kinds)]() for i in range(n)]


@pytest.mark.parametrize("count", [5, 20])
def test_showing_a_question_takes_the_same_queries_however_many_questions(
    client, trainee, count, django_assert_num_queries
):
    tree = course_tree_build(modules=1, lessons=1, slug=f"q{count}")
    EnrolmentFactory(user=trainee, course=tree.course)
    quiz = quiz_build(module=tree.modules[0], questions=_many(count))
    client.force_login(trainee)
    attempt = start(client, quiz)
    client.get(question_url(attempt, 2))  # warm the session and content type caches
    # Session and user; the attempt and its answers; the header's permission flags, read
    # together in one query since issue 15 (they were two).
    with django_assert_num_queries(5):
        response = client.get(question_url(attempt, 2))
    assert response.status_code == 200


def _submitted_queries(client, trainee, count, django_assert_max_num_queries) -> int:
    tree = course_tree_build(modules=1, lessons=1, slug=f"s{count}")
    EnrolmentFactory(user=trainee, course=tree.course)
    quiz = quiz_build(module=tree.modules[0], questions=_many(count))
    attempt = start(client, quiz)
    for item in attempt.answers.all():
        if item.snapshot["type"] == "true_false":
            services.answer_save(attempt=attempt, position=item.position, response=True, sequence=0)
    with django_assert_max_num_queries(SUBMIT_MAX_QUERIES) as queries:
        response = client.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))
    assert response.status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.FINAL
    return len(queries)


# Session, user and attempt here; the submit service's lock, answers, one write of every
# answer, the attempt's save, and transaction bookkeeping.
SUBMIT_MAX_QUERIES = 12


def test_submitting_20_questions_takes_as_many_queries_as_5(
    client, trainee, django_assert_max_num_queries
):
    client.force_login(trainee)
    five = _submitted_queries(client, trainee, 5, django_assert_max_num_queries)
    twenty = _submitted_queries(client, trainee, 20, django_assert_max_num_queries)
    assert five == twenty


def test_json_errors_are_json(signed_in, tree):
    quiz = build(tree)
    attempt = start(signed_in, quiz)
    response = signed_in.post(question_url(attempt, 1, save=True), {"sequence": "x"})
    assert response.status_code == 400
    assert "error" in json.loads(response.content)


def test_a_quiz_with_random_draw_says_how_many_questions(signed_in, tree):
    category = QuestionCategoryFactory()
    questions = [TrueFalseQuestionFactory(category=category) for _ in range(3)]
    quiz = quiz_build(
        module=tree.modules[0],
        selection=Quiz.Selection.RANDOM,
        draw_category=questions[0].category,
        draw_count=2,
    )
    html = signed_in.get(reverse("assessments:quiz", args=[quiz.pk])).content.decode()
    assert "Each attempt asks 2 questions, drawn at random." in html
