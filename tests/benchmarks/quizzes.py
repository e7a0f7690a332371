"""Quiz figures: submitting a 20-question attempt, a question page of an open attempt, and
regrading 1,000.

Everything is built inside the bench's rolled-back transaction, with the test factories. The
quiz asks 20 questions of the six automatically graded types, with three to four options
each; each measured submit is of a fresh attempt with every question answered, so the figure
is the grading and writing of 20 answers, not an idempotent no-op. The regrade runs over
1,000 stored final attempts of ten questions each (10,000 answers), after the key of one
question changed.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Attempt, AttemptAnswer, TrueFalseQuestion
from assessments.quizzes.services import answer_save, attempt_start, attempt_submit, quiz_regrade
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    MatchingQuestionFactory,
    MultipleResponseQuestionFactory,
    NumericalQuestionFactory,
    QuestionBankFactory,
    QuestionCategoryFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

from .measure import measure_get
from .registry import benchmark

REPEAT = 15


def _questions(category, count: int) -> list:
    """`count` questions cycling through the six automatically graded types, each with its
    factory's answer key, but four options for the single choice and a true/false whose
    answer is true, so that the regrade can flip it."""
    made = []
    for n in range(count):
        kind = n % 6
        common = {"category": category, "name": f"Bench {n}", "prompt": f"Question {n}?"}
        if kind == 0:
            options = [{"text": f"Option {i}", "is_correct": i == 0} for i in range(4)]
            made.append(SingleChoiceQuestionFactory(**common, options=options))
        elif kind == 1:
            made.append(MultipleResponseQuestionFactory(**common))
        elif kind == 2:
            made.append(TrueFalseQuestionFactory(**common, correct_answer=True))
        elif kind == 3:
            made.append(ShortAnswerQuestionFactory(**common))
        elif kind == 4:
            made.append(MatchingQuestionFactory(**common))
        else:
            made.append(NumericalQuestionFactory(**common))
    return made


def _response(snapshot):
    """The right answer to a question as the trainee's form would send it."""
    kind = snapshot["type"]
    if kind == "single_choice":
        return snapshot["options"][0]["id"]
    if kind == "multiple_response":
        return [o["id"] for o in snapshot["options"]][:2]
    if kind == "true_false":
        return True
    if kind == "short_answer":
        return "tele-manas"
    if kind == "matching":
        return {str(p["id"]): p["answer"] for p in snapshot["pairs"]}
    return "14416"


def _answer_all(attempt) -> None:
    for answer in attempt.answers.all():
        answer_save(
            attempt=attempt,
            position=answer.position,
            response=_response(answer.snapshot),
            sequence=answer.sequence,
        )


def _copies(template: Attempt, count: int) -> None:
    """`count` more final attempts with the template's answers, written in two bulk inserts.

    Not `finished_attempts_build`: its answers have no response, and the regrade measured
    here grades the responses; nor the attempt factories, which would insert 11,000 rows one
    by one, minutes that measure nothing.
    """
    answers = list(template.answers.all())
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=template.quiz,
            enrolment=template.enrolment,
            number=number,
            status=Attempt.Status.FINAL,
            pass_mark=template.pass_mark,
            started_at=template.started_at,
            submitted_at=template.submitted_at,
            finalised_at=template.finalised_at,
            points=template.points,
            max_points=template.max_points,
            percent=template.percent,
            passed=template.passed,
        )
        for number in range(template.number + 1, template.number + 1 + count)
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            position=answer.position,
            question_id=answer.question_id,
            snapshot=answer.snapshot,
            response=answer.response,
            score=answer.score,
            grade=answer.grade,
        )
        for attempt in attempts
        for answer in answers
    )


@benchmark
def quiz_submit_and_regrade():
    module = course_tree_build(
        modules=1, lessons=0, title="Bench quiz course", slug="bench-quiz-course"
    ).modules[0]
    trainee = UserFactory(
        email="bench.quiz@example.org", full_name="Bench Quiz Trainee", role=roles.TRAINEE
    )
    EnrolmentFactory(user=trainee, course=module.get_parent().specific)
    category = QuestionCategoryFactory(bank=QuestionBankFactory(name="Bench bank"), name="Bench")

    quiz = quiz_build(questions=_questions(category, 20), module=module, title="Bench quiz")
    times, queries = [], 0
    for n in range(REPEAT + 2):
        attempt = attempt_start(user=trainee, quiz=quiz)
        _answer_all(attempt)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            attempt = attempt_submit(attempt=attempt)
            elapsed = (time.perf_counter() - start) * 1000
        if attempt.percent != 100:
            raise RuntimeError(f"The bench attempt scored {attempt.percent}, not 100")
        if n >= 2:  # warm-up
            times.append(elapsed)
        queries = len(captured)

    # The trainee's question page (the fifth of 20) in an open attempt, as they answer it.
    question_client = Client(HTTP_HOST="localhost")
    question_client.force_login(trainee)
    open_attempt = attempt_start(user=trainee, quiz=quiz)
    question_url = reverse(
        "assessments:attempt_question", kwargs={"uuid": open_attempt.uuid, "position": 5}
    )
    question_ms, question_queries = measure_get(question_client, question_url)

    regrade_quiz = quiz_build(
        questions=_questions(category, 10),
        module=module,
        title="Bench quiz",
        required_to_continue=False,
    )
    template = attempt_start(user=trainee, quiz=regrade_quiz)
    _answer_all(template)
    _copies(attempt_submit(attempt=template), 999)
    # The editors change the key of the true/false question: every attempt's score changes.
    TrueFalseQuestion.objects.filter(quiz_uses__quiz=regrade_quiz).update(correct_answer=False)
    admin = UserFactory(
        email="bench.admin@example.org",
        full_name="Bench Admin",
        is_staff=True,
        is_superuser=True,
        password=None,
        verified_email=False,
    )
    start = time.perf_counter()
    regrade = quiz_regrade(quiz=regrade_quiz, by=admin)
    regrade_ms = (time.perf_counter() - start) * 1000
    if regrade.attempts_regraded != 1000 or regrade.attempts_changed != 1000:
        raise RuntimeError(
            f"The regrade touched {regrade.attempts_regraded} attempts, "
            f"changed {regrade.attempts_changed}; expected 1000 and 1000"
        )
    return {
        "quiz_submit_20_ms": round(statistics.median(times), 2),
        "quiz_submit_20_queries": queries,
        "quiz_regrade_1000_ms": round(regrade_ms, 1),
        "quiz_question_page_ms": question_ms,
        "quiz_question_page_queries": question_queries,
    }
