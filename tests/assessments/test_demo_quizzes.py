"""The demo course's quizzes, as `load_demo` builds them from content.curriculum.quizzes: one
live quiz per module, complete and approved questions of several types, loaded idempotently,
and passable end to end by the demo trainee, with the essay graded by the demo supervisor."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from assessments.models import (
    AcceptedAnswer,
    Attempt,
    ChoiceOption,
    EssayQuestion,
    MatchingPair,
    MultipleResponseQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    Quiz,
    QuizQuestion,
    ShortAnswerQuestion,
    WeightedOption,
)
from assessments.quizzes.demo import DEMO_BANK_NAME, demo_quizzes_load, demo_right_response
from assessments.quizzes.selectors import question_problems, questions_with_parts, quiz_state_for
from assessments.quizzes.services import (
    AssessmentError,
    answer_save,
    attempt_start,
    attempt_submit,
    essay_grade,
)
from content.curriculum import COURSE
from content.curriculum.quizzes import QUIZZES
from content.demo import DemoRefused
from courses.models import CoursePage, Enrolment, ModulePage

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def course():
    _load()
    return CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")


def _modules(course) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).live().order_by("path"))


def _live_quiz(module) -> Quiz:
    return Quiz.objects.get(module=module, live=True)


def _questions(quiz) -> list[Question]:
    """The quiz's questions as their own types, in the quiz's order."""
    ids = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("sort_order")
        .values_list("question_id", flat=True)
    )
    by_id = {question.pk: question for question in Question.objects.filter(pk__in=ids)}
    return questions_with_parts(by_id[pk] for pk in ids)


def _snapshot() -> dict:
    """Everything the quiz loader writes, to compare before and after a second run."""
    return {
        "banks": list(QuestionBank.objects.values_list("pk", "name")),
        "categories": list(QuestionCategory.objects.values_list("pk", "name")),
        "questions": list(
            Question.objects.non_polymorphic()
            .order_by("pk")
            .values_list("pk", "name", "status", "updated_at")
        ),
        "options": list(ChoiceOption.objects.values_list("pk", "text", "is_correct")),
        "weights": list(WeightedOption.objects.values_list("pk", "weight")),
        "accepted": list(AcceptedAnswer.objects.values_list("pk", "text")),
        "pairs": list(MatchingPair.objects.values_list("pk", "answer")),
        "quizzes": list(
            Quiz.objects.order_by("pk").values_list("pk", "live", "live_revision_id", "updated_at")
        ),
        "quiz_questions": list(QuizQuestion.objects.values_list("pk", "quiz_id", "question_id")),
        "revisions": Revision.objects.count(),
    }


def test_every_demo_module_has_a_live_quiz_of_six_questions_of_three_types(course):
    modules = _modules(course)

    assert len(modules) == 5
    for module in modules:
        quiz = _live_quiz(module)
        questions = _questions(quiz)
        assert quiz.live_revision_id == quiz.latest_revision_id, module.title
        assert len(questions) >= 6, module.title
        assert len({question.question_type for question in questions}) >= 3, module.title
        assert "single_choice" in {question.question_type for question in questions}
        assert quiz.pass_mark in (Decimal(70), Decimal(80))
        assert quiz.max_attempts == 3
        assert timedelta(0) < quiz.cooldown <= timedelta(minutes=10)
        assert quiz.time_limit is None
        assert quiz.selection == Quiz.Selection.FIXED


def test_the_quizzes_show_off_the_policies_a_programme_can_choose(course):
    quizzes = [_live_quiz(module) for module in _modules(course)]

    feedback = [quiz.feedback for quiz in quizzes]
    assert feedback.count(Quiz.Feedback.AFTER_PASS) == 1
    assert feedback.count(Quiz.Feedback.IMMEDIATELY) == 4
    required = [quiz.module.slug for quiz in quizzes if quiz.required_to_continue]
    assert "boundaries" in required  # boundaries before anything that builds on them
    assert quizzes[0].required_to_continue is False  # the first module stays open to explore


def test_one_demo_quiz_has_an_essay_with_guidance_for_its_grader(course):
    essays = [
        (quiz, question)
        for quiz in Quiz.objects.filter(live=True)
        for question in _questions(quiz)
        if isinstance(question, EssayQuestion)
    ]

    assert len(essays) == 1
    quiz, essay = essays[0]
    assert quiz.module.slug == "sharing-lived-experience-with-purpose"
    assert "purpose" in essay.grader_info and "own history" in essay.grader_info
    # Nothing graded may ask trainees to disclose their own history.
    assert "you do not need to write about your own life" in essay.prompt


def test_every_demo_question_is_complete_approved_and_has_feedback(course):
    questions = questions_with_parts(
        Question.objects.filter(category__bank__name=DEMO_BANK_NAME).order_by("pk")
    )

    assert len(questions) == sum(len(quiz["questions"]) for quiz in QUIZZES)
    for question in questions:
        assert question_problems(question) == [], question.name
        assert question.status == Question.Status.APPROVED, question.name
        assert question.general_feedback, question.name
        snapshot = question.snapshot()
        for option in snapshot.get("options", []):
            assert option["feedback"], (question.name, option["text"])
        if question.question_type == "true_false":
            assert snapshot["feedback_true"] and snapshot["feedback_false"], question.name


def test_multiple_response_questions_penalise_a_wrong_choice(course):
    questions = questions_with_parts(
        MultipleResponseQuestion.objects.filter(category__bank__name=DEMO_BANK_NAME)
    )

    assert len(questions) >= 5
    for question in questions:
        options = list(question.options.all())
        assert any(option.weight < 0 for option in options), question.name
        # Ticking every box never earns full marks, so guessing "all of them" does not pay.
        assert question.grade([option.pk for option in options]).score < 1, question.name
        right = [option.pk for option in options if option.weight > 0]
        assert question.grade(right).score == 1, question.name


def test_short_answers_accept_several_spellings(course):
    questions = questions_with_parts(
        ShortAnswerQuestion.objects.filter(category__bank__name=DEMO_BANK_NAME)
    )

    assert questions
    for question in questions:
        assert question.accepted_answers.count() >= 2, question.name
    tele_manas = next(q for q in questions if "tele-mental-health" in q.prompt)
    for typed in ("Tele-MANAS", "tele manas", "  TeleMANAS "):
        assert tele_manas.grade(typed).is_correct, typed
    assert not tele_manas.grade("MANAS").is_correct


def test_quizzes_that_ask_about_suicide_say_where_help_is(course):
    for module in _modules(course):
        quiz = _live_quiz(module)
        text = " ".join(question.prompt for question in _questions(quiz)).lower()
        if "suicide" in text or "not want to live" in text or "ending their life" in text:
            assert "14416" in quiz.introduction, module.title


def test_loading_twice_changes_nothing(course):
    before = _snapshot()

    output = _load()

    assert _snapshot() == before
    assert "0 quiz(zes) and 0 question(s) created" in output
    assert "5 module(s) with a quiz" in output


def test_a_quiz_an_editor_changed_is_left_as_it_is(course):
    quiz = _live_quiz(_modules(course)[0])
    quiz.pass_mark = Decimal(90)
    QuizQuestion.objects.filter(quiz=quiz).order_by("-sort_order").first().delete()
    quiz.save_revision().publish()
    questions_before = QuizQuestion.objects.filter(quiz=quiz).count()

    result = demo_quizzes_load(course=course)

    quiz.refresh_from_db()
    assert quiz.pass_mark == Decimal(90)
    assert QuizQuestion.objects.filter(quiz=quiz).count() == questions_before
    assert result.quizzes_created == 0 and result.questions_created == 0
    assert Quiz.objects.count() == 5


def test_a_module_that_lost_its_quiz_gets_it_back_with_the_same_questions(course):
    quiz = _live_quiz(_modules(course)[1])
    question_ids = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("sort_order")
        .values_list("question_id", flat=True)
    )
    quiz.delete()

    result = demo_quizzes_load(course=course)

    assert result.quizzes_created == 1 and result.questions_created == 0
    again = _live_quiz(_modules(course)[1])
    assert (
        list(
            QuizQuestion.objects.filter(quiz=again)
            .order_by("sort_order")
            .values_list("question_id", flat=True)
        )
        == question_ids
    )


def test_broken_quiz_data_is_refused_naming_the_question_and_nothing_is_saved(course):
    module = _modules(course)[0]
    Quiz.objects.filter(module=module).delete()
    broken = {
        **QUIZZES[0],
        "category": "Broken",
        "questions": [
            {
                "type": "single_choice",
                "name": "Two right answers",
                "prompt": "Which?",
                "points": 1,
                "general_feedback": "",
                "options": [
                    {"text": "A", "is_correct": True, "feedback": ""},
                    {"text": "B", "is_correct": True, "feedback": ""},
                ],
            }
        ],
    }

    with pytest.raises(ValueError, match="Two right answers.*exactly one correct"):
        demo_quizzes_load(course=course, data=[broken])

    assert not Question.objects.filter(name="Two right answers").exists()
    assert not QuestionCategory.objects.filter(name="Broken").exists()
    assert not Quiz.objects.filter(module=module).exists()


def test_the_quiz_loader_refuses_production(course, settings):
    settings.LMS_ENVIRONMENT = "production"
    Quiz.objects.filter(module=_modules(course)[0]).delete()

    with pytest.raises(DemoRefused):
        demo_quizzes_load(course=course)
    with pytest.raises(CommandError, match="not for production"):
        _load()

    assert Quiz.objects.count() == 4


# --- End to end, through the attempt services -------------------------------------------------


def _take(*, user, quiz) -> Attempt:
    """Start an attempt and save the right answer to every question, as the page would."""
    attempt = attempt_start(user=user, quiz=quiz)
    for answer in attempt.answers.order_by("position"):
        saved = answer_save(
            attempt=attempt,
            position=answer.position,
            response=demo_right_response(answer.snapshot),
            sequence=answer.sequence,
        )
        assert saved.sequence == answer.sequence + 1
    return attempt_submit(attempt=attempt)


def test_demo_trainee_passes_every_module_quiz_with_the_essay_graded_by_the_supervisor(course):
    User = get_user_model()
    trainee = User.objects.get(email="trainee@example.org")
    supervisor = User.objects.get(email="supervisor@example.org")
    enrolment = Enrolment.objects.get(user=trainee, course=course)

    # In course order: passing Boundaries is what opens the modules after it.
    for module in _modules(course):
        quiz = _live_quiz(module)
        attempt = _take(user=trainee, quiz=quiz)

        essays = list(attempt.answers.filter(needs_grading=True))
        if essays:
            assert attempt.status == Attempt.Status.AWAITING_GRADING
            assert quiz_state_for(enrolment=enrolment, quiz=quiz).passed is False
            for essay in essays:
                essay_grade(
                    answer=essay,
                    grader=supervisor,
                    points=essay.points,
                    comment="Brief, hopeful, and handed back to Meena. Well done.",
                )
            attempt.refresh_from_db()

        assert attempt.status == Attempt.Status.FINAL, module.title
        assert attempt.passed is True, module.title
        assert attempt.percent == 100, module.title
        assert attempt.number == 1
        assert quiz_state_for(enrolment=enrolment, quiz=quiz).passed is True, module.title

    assert Attempt.objects.filter(enrolment=enrolment, passed=True).count() == 5


def test_a_trainee_who_picks_harmful_options_fails_boundaries_and_later_modules_stay_locked(
    course,
):
    trainee = get_user_model().objects.get(email="trainee@example.org")
    modules = _modules(course)
    quiz = _live_quiz(modules[1])  # Boundaries: 80 % to pass, required to continue
    attempt = attempt_start(user=trainee, quiz=quiz)
    for answer in attempt.answers.order_by("position"):
        snapshot = answer.snapshot
        if snapshot["type"] == "single_choice":
            response = next(o["id"] for o in snapshot["options"] if not o["is_correct"])
        elif snapshot["type"] == "multiple_response":
            response = [o["id"] for o in snapshot["options"]]  # every box, harmful ones too
        else:
            response = demo_right_response(snapshot)
        answer_save(
            attempt=attempt, position=answer.position, response=response, sequence=answer.sequence
        )

    attempt = attempt_submit(attempt=attempt)

    assert attempt.status == Attempt.Status.FINAL
    assert attempt.passed is False
    assert attempt.percent < quiz.pass_mark
    with pytest.raises(AssessmentError, match="boundaries"):
        attempt_start(user=trainee, quiz=_live_quiz(modules[2]))
    assert not Attempt.objects.filter(quiz__module__in=modules[2:]).exists()
