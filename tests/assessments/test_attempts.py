"""Attempts as services: starting, saving, submitting, time limits, cooldowns, essays and
regrading, each checked for what the trainee (or supervisor) would notice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, QuizRegrade
from assessments.quizzes import selectors, services
from assessments.quizzes.services import AssessmentError
from courses.models import Enrolment
from tests.concurrency import race
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
    course_tree_build,
    quiz_build,
)

pytestmark = pytest.mark.django_db


def _setup(trainee, questions=None, **quiz_fields):
    tree = course_tree_build(modules=2, lessons=1)
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)
    if questions is None:
        questions = [SingleChoiceQuestionFactory(), TrueFalseQuestionFactory()]
    quiz = quiz_build(module=tree.modules[0], questions=questions, **quiz_fields)
    return tree, enrolment, quiz


def _right(snapshot):
    """The right response for a snapshot, as a trainee's page would send it."""
    kind = snapshot["type"]
    if kind == "single_choice":
        return next(o["id"] for o in snapshot["options"] if o["is_correct"])
    if kind == "multiple_response":
        return [o["id"] for o in snapshot["options"] if Decimal(o["weight"]) > 0]
    if kind == "true_false":
        return snapshot["correct_answer"]
    if kind == "short_answer":
        return snapshot["accepted_answers"][0]["text"]
    if kind == "matching":
        return {str(p["id"]): p["answer"] for p in snapshot["pairs"]}
    if kind == "numerical":
        return snapshot["answer"] or snapshot["min_value"]
    return "A thoughtful answer."


def _answer_all(attempt, right=True):
    for answer in attempt.answers.order_by("position"):
        response = _right(answer.snapshot)
        if not right and answer.snapshot["type"] == "true_false":
            response = not response
        if not right and answer.snapshot["type"] == "single_choice":
            response = next(o["id"] for o in answer.snapshot["options"] if not o["is_correct"])
        services.answer_save(
            attempt=attempt, position=answer.position, response=response, sequence=answer.sequence
        )


def test_every_question_type_scores_full_marks_when_answered_right(trainee):
    questions = [
        SingleChoiceQuestionFactory(),
        MultipleResponseQuestionFactory(),
        TrueFalseQuestionFactory(),
        ShortAnswerQuestionFactory(),
        MatchingQuestionFactory(),
        NumericalQuestionFactory(),
    ]
    _tree, _enrolment, quiz = _setup(trainee, questions)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(attempt)
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.status == Attempt.Status.FINAL
    assert attempt.percent == 100
    assert attempt.passed is True


def test_starting_twice_returns_the_open_attempt(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    first = services.attempt_start(user=trainee, quiz=quiz)
    again = services.attempt_start(user=trainee, quiz=quiz)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_the_database_allows_one_open_attempt(trainee):
    from django.db import IntegrityError, transaction

    _tree, enrolment, quiz = _setup(trainee)
    first = services.attempt_start(user=trainee, quiz=quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz,
            enrolment=enrolment,
            number=2,
            pass_mark=first.pass_mark,
            started_at=timezone.now(),
        )


def test_a_trainee_not_enrolled_cannot_start(trainee):
    tree = course_tree_build(modules=1, lessons=1)
    quiz = quiz_build(module=tree.modules[0], questions=[TrueFalseQuestionFactory()])
    with pytest.raises(AssessmentError, match="not enrolled"):
        services.attempt_start(user=trainee, quiz=quiz)
    assert not Attempt.objects.exists()


def test_a_draft_quiz_cannot_be_started(trainee):
    _tree, _enrolment, quiz = _setup(trainee, publish=False)
    with pytest.raises(AssessmentError, match="not available"):
        services.attempt_start(user=trainee, quiz=quiz)


def test_draft_questions_are_not_asked(trainee):
    draft = TrueFalseQuestionFactory(status="draft")
    _tree, _enrolment, quiz = _setup(trainee, [SingleChoiceQuestionFactory(), draft])
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    assert [a.question_id for a in attempt.answers.all()] != [] and draft.pk not in [
        a.question_id for a in attempt.answers.all()
    ]


def test_attempts_used_up_are_refused_with_the_reason(trainee):
    _tree, _enrolment, quiz = _setup(trainee, max_attempts=1)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(AssessmentError, match="used all 1 attempts"):
        services.attempt_start(user=trainee, quiz=quiz)
    assert Attempt.objects.count() == 1


def test_cooldown_refuses_then_allows(trainee, time_machine=None):
    _tree, enrolment, quiz = _setup(trainee, cooldown=timedelta(minutes=10))
    attempt = services.attempt_submit(attempt=services.attempt_start(user=trainee, quiz=quiz))
    with pytest.raises(AssessmentError, match="try again after"):
        services.attempt_start(user=trainee, quiz=quiz)
    state = selectors.quiz_state_for(enrolment=enrolment, quiz=quiz)
    assert not state.can_start and state.next_start_at is not None
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=11)
    )
    second = services.attempt_start(user=trainee, quiz=quiz)
    assert second.number == 2


def test_saved_answers_survive_and_the_page_sees_them(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    first = attempt.answers.get(position=1)
    option = first.snapshot["options"][1]["id"]
    saved = services.answer_save(attempt=attempt, position=1, response=option, sequence=0)
    assert saved.sequence == 1 and saved.saved_at is not None
    shown = selectors.attempt_questions(attempt)
    assert shown[0]["response"] == option and shown[0]["chosen"] == [option]


def test_a_stale_sequence_is_refused_and_keeps_the_newer_answer(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    options = attempt.answers.get(position=1).snapshot["options"]
    services.answer_save(attempt=attempt, position=1, response=options[0]["id"], sequence=0)
    with pytest.raises(AssessmentError, match="another tab") as error:
        services.answer_save(attempt=attempt, position=1, response=options[1]["id"], sequence=0)
    assert error.value.status == 409
    assert attempt.answers.get(position=1).response == options[0]["id"]


@pytest.mark.parametrize(
    ("position", "response", "message"),
    [
        (1, 999999, "not part of this question"),
        (1, "abc", "option id"),
        (2, "yes", "true or false"),
        (9, True, "not part of this attempt"),
        (1, "x" * 1_000_000, "too long"),
    ],
)
def test_bad_answers_are_refused_and_the_attempt_is_unharmed(trainee, position, response, message):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    with pytest.raises(AssessmentError, match=message) as error:
        services.answer_save(attempt=attempt, position=position, response=response, sequence=0)
    assert error.value.status == 400
    assert not attempt.answers.exclude(response=None).exists()
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.OPEN


def test_an_option_of_another_question_is_refused(trainee):
    other = SingleChoiceQuestionFactory()
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    with pytest.raises(AssessmentError, match="not part of this question"):
        services.answer_save(
            attempt=attempt, position=1, response=other.options.first().pk, sequence=0
        )


def test_second_submit_returns_same_result(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(attempt)
    first = services.attempt_submit(attempt=attempt)
    second = services.attempt_submit(attempt=attempt)
    assert (second.status, second.percent, second.submitted_at) == (
        first.status,
        first.percent,
        first.submitted_at,
    )


def test_answers_after_submit_are_refused(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_submit(attempt=services.attempt_start(user=trainee, quiz=quiz))
    with pytest.raises(AssessmentError, match="submitted") as error:
        services.answer_save(attempt=attempt, position=2, response=True, sequence=0)
    assert error.value.status == 409


def test_time_up_submits_with_the_saved_answers_and_refuses_the_late_one(trainee):
    _tree, _enrolment, quiz = _setup(trainee, time_limit=timedelta(minutes=5))
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    right = _right(attempt.answers.get(position=1).snapshot)
    services.answer_save(attempt=attempt, position=1, response=right, sequence=0)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AssessmentError, match="Time is up"):
        services.answer_save(attempt=attempt, position=2, response=True, sequence=0)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL
    assert attempt.submitted_by == Attempt.SubmittedBy.TIME_LIMIT
    assert attempt.answers.get(position=1).score == 1
    assert attempt.answers.get(position=2).response is None


def test_the_sweep_submits_overdue_attempts_so_the_next_can_start(trainee):
    _tree, _enrolment, quiz = _setup(trainee, time_limit=timedelta(minutes=5))
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert services.attempts_sweep() == 1
    assert services.attempts_sweep() == 0
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.FINAL
    assert services.attempt_start(user=trainee, quiz=quiz).number == 2


def test_an_overdue_attempt_never_blocks_starting_again(trainee):
    _tree, _enrolment, quiz = _setup(trainee, time_limit=timedelta(minutes=5))
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    second = services.attempt_start(user=trainee, quiz=quiz)
    assert second.number == 2
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.FINAL


def test_what_was_asked_stays_asked_after_an_edit(trainee):
    question = SingleChoiceQuestionFactory()
    _tree, _enrolment, quiz = _setup(trainee, [question])
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    before = attempt.answers.get().snapshot
    question.prompt = "Changed later"
    question.save()
    question.options.update(text="Changed option")
    assert attempt.answers.get().snapshot == before
    assert selectors.attempt_questions(attempt)[0]["prompt"] == before["prompt"]


def test_regrade_rescores_with_the_current_key_and_records_it(trainee, editor):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="change_quiz"))
    editor = type(editor).objects.get(pk=editor.pk)  # drop the cached permissions
    question = SingleChoiceQuestionFactory()
    _tree, _enrolment, quiz = _setup(trainee, [question])
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    wrong = next(o for o in question.options.all() if not o.is_correct)
    services.answer_save(attempt=attempt, position=1, response=wrong.pk, sequence=0)
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.percent == 0
    # The editors decide the "wrong" option was right after all.
    question.options.update(is_correct=False)
    question.options.filter(pk=wrong.pk).update(is_correct=True)
    regrade = services.quiz_regrade(quiz=quiz, by=editor)
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.passed and attempt.regraded_at is not None
    assert (regrade.attempts_regraded, regrade.attempts_changed) == (1, 1)
    assert QuizRegrade.objects.filter(quiz=quiz, by=editor).exists()


def test_a_trainee_cannot_regrade(trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    with pytest.raises(AssessmentError):
        services.quiz_regrade(quiz=quiz, by=trainee)


def test_essays_wait_for_the_current_supervisor_then_the_attempt_is_final(trainee, supervisor):
    essay = EssayQuestionFactory(points=Decimal(4))
    _tree, enrolment, quiz = _setup(trainee, [TrueFalseQuestionFactory(), essay])
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response=False, sequence=0)
    services.answer_save(attempt=attempt, position=2, response="I listened first.", sequence=0)
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.status == Attempt.Status.AWAITING_GRADING
    assert selectors.quiz_state_for(enrolment=enrolment, quiz=quiz).waiting_for_supervisor
    assert selectors.grading_queue_for(supervisor) == []
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    queue = selectors.grading_queue_for(supervisor)
    assert [a.position for a in queue] == [2]
    services.essay_grade(answer=queue[0], grader=supervisor, points="3", comment="Kind and clear.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL
    assert attempt.points == Decimal("4.0000") and attempt.max_points == 5
    assert selectors.grading_queue_for(supervisor) == []


def test_only_the_current_supervisor_grades_and_only_once(trainee, supervisor):
    from tests.factories import SupervisorFactory

    _tree, enrolment, quiz = _setup(trainee, [EssayQuestionFactory()])
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    services.answer_save(attempt=attempt, position=1, response="My answer", sequence=0)
    services.attempt_submit(attempt=attempt)
    answer = AttemptAnswer.objects.get(attempt=attempt)
    with pytest.raises(AssessmentError, match="current supervisor"):
        services.essay_grade(answer=answer, grader=SupervisorFactory(), points=1)
    with pytest.raises(AssessmentError, match="between 0 and 1"):
        services.essay_grade(answer=answer, grader=supervisor, points=2)
    services.essay_grade(answer=answer, grader=supervisor, points=1)
    with pytest.raises(AssessmentError, match="already been graded"):
        services.essay_grade(answer=answer, grader=supervisor, points=0)


def test_random_draw_avoids_questions_already_asked_while_others_remain(trainee):
    category = QuestionCategoryFactory()
    pool = [TrueFalseQuestionFactory(category=category) for _ in range(4)]
    tree = course_tree_build(modules=1, lessons=1)
    EnrolmentFactory(user=trainee, course=tree.course)
    quiz = quiz_build(
        module=tree.modules[0], selection="random", draw_category=category, draw_count=2
    )
    first = services.attempt_submit(attempt=services.attempt_start(user=trainee, quiz=quiz))
    second = services.attempt_start(user=trainee, quiz=quiz)
    asked_first = {a.question_id for a in first.answers.all()}
    asked_second = {a.question_id for a in second.answers.all()}
    assert len(asked_first) == len(asked_second) == 2
    assert not asked_first & asked_second
    assert asked_first | asked_second == {q.pk for q in pool}


def test_a_required_quiz_locks_later_modules_until_passed(trainee):
    tree, enrolment, quiz = _setup(trainee, required_to_continue=True)
    from courses.selectors import course_structure

    modules = course_structure(tree.course)
    locks = selectors.quiz_module_locks(enrolment=enrolment, modules=modules)
    assert locks == {tree.modules[1].pk: f"Pass the quiz “{quiz.title}” first."}
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    assert selectors.quiz_module_locks(enrolment=enrolment, modules=modules) == {}


def test_highest_or_last_attempt_counts(trainee):
    _tree, enrolment, quiz = _setup(trainee, grading="last")
    first = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(first)
    services.attempt_submit(attempt=first)
    second = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(second, right=False)
    services.attempt_submit(attempt=second)
    assert not selectors.quiz_state_for(enrolment=enrolment, quiz=quiz).passed
    quiz.grading = "highest"
    quiz.save()
    assert selectors.quiz_state_for(enrolment=enrolment, quiz=quiz).passed


def test_an_open_attempt_shows_no_key_or_feedback(trainee):
    questions = [
        SingleChoiceQuestionFactory(),
        MultipleResponseQuestionFactory(),
        TrueFalseQuestionFactory(),
        ShortAnswerQuestionFactory(accepted_answers=[{"text": "kept-secret-answer"}]),
        MatchingQuestionFactory(),
        NumericalQuestionFactory(),
        EssayQuestionFactory(),
    ]
    _tree, _enrolment, quiz = _setup(trainee, questions)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    shown = repr(selectors.attempt_questions(attempt))
    for banned in ("is_correct", "weight", "feedback", "accepted_answers", "grader_info"):
        assert banned not in shown
    assert "14416" not in shown  # the numerical answer
    assert "kept-secret-answer" not in shown


def test_feedback_follows_the_quiz_policy(trainee):
    _tree, enrolment, quiz = _setup(trainee, feedback="after_pass")
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(attempt, right=False)
    attempt = services.attempt_submit(attempt=attempt)
    assert not selectors.feedback_visible(attempt)
    second = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(second)
    services.attempt_submit(attempt=second)
    assert selectors.feedback_visible(Attempt.objects.get(pk=attempt.pk))
    review = selectors.attempt_review(Attempt.objects.get(pk=attempt.pk))
    assert review[0]["show_feedback"] and review[0]["is_correct"] is False


def test_a_withdrawn_trainee_cannot_start(trainee):
    _tree, enrolment, quiz = _setup(trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(AssessmentError):
        services.attempt_start(user=trainee, quiz=quiz)


def test_the_sweep_runs_as_a_periodic_job(trainee):
    from django.core.management import call_command

    from lms.jobs import get_job

    assert get_job("sweep_attempts").command == "sweep_attempts"
    _tree, _enrolment, quiz = _setup(trainee, time_limit=timedelta(minutes=5))
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    call_command("sweep_attempts", stdout=__import__("io").StringIO())
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.FINAL


@pytest.mark.django_db(transaction=True)
def test_postgres_two_submits_at_once_give_the_same_result(postgres, trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    attempt = services.attempt_start(user=trainee, quiz=quiz)
    _answer_all(attempt)
    results = race(lambda: services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)))
    assert [kind for kind, _ in results] == ["ok", "ok"]
    (first, second) = (value for _, value in results)
    assert (first.percent, first.submitted_at) == (second.percent, second.submitted_at)
    assert Attempt.objects.get(pk=attempt.pk).percent == 100


@pytest.mark.django_db(transaction=True)
def test_postgres_two_starts_at_once_open_one_attempt(postgres, trainee):
    _tree, _enrolment, quiz = _setup(trainee)
    results = race(lambda: services.attempt_start(user=trainee, quiz=quiz))
    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert results[0][1].pk == results[1][1].pk
    assert Attempt.objects.count() == 1
