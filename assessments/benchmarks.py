"""Quiz figures for `manage.py bench`: submitting a 20-question attempt, and regrading 1,000.

Everything is built inside the bench's rolled-back transaction. The quiz asks 20 questions of
the six automatically graded types, with three to four options each; each measured submit is
of a fresh attempt with every question answered, so the figure is the grading and writing
of 20 answers, not an idempotent no-op. The regrade runs over 1,000 stored final attempts of
ten questions each (10,000 answers), after the key of one question changed.
"""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import (
    Attempt,
    AttemptAnswer,
    ChoiceOption,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    QuestionBank,
    QuestionCategory,
    Quiz,
    QuizQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    WeightedOption,
)
from assessments.quizzes.services import answer_save, attempt_start, attempt_submit, quiz_regrade
from courses.models import CourseIndexPage, CoursePage, ModulePage
from courses.services import enrolment_create
from lms import roles
from lms.bench import benchmark
from lms.services import user_create

REPEAT = 15


def _questions(category, count: int) -> list:
    made = []
    for n in range(count):
        kind = n % 6
        common = {"category": category, "name": f"Bench {n}", "prompt": f"Question {n}?"}
        common["status"] = "approved"
        if kind == 0:
            q = SingleChoiceQuestion.objects.create(**common)
            for i in range(4):
                ChoiceOption.objects.create(question=q, text=f"Option {i}", is_correct=i == 0)
        elif kind == 1:
            q = MultipleResponseQuestion.objects.create(**common)
            for i, weight in enumerate((50, 50, -50)):
                WeightedOption.objects.create(question=q, text=f"Option {i}", weight=weight)
        elif kind == 2:
            q = TrueFalseQuestion.objects.create(**common, correct_answer=True)
        elif kind == 3:
            q = ShortAnswerQuestion.objects.create(**common)
            q.accepted_answers.create(text="Tele-MANAS")
            q.accepted_answers.create(text="Tele MANAS", sort_order=1)
        elif kind == 4:
            q = MatchingQuestion.objects.create(**common)
            for i in range(3):
                MatchingPair.objects.create(question=q, prompt=f"Item {i}", answer=f"Match {i}")
        else:
            q = NumericalQuestion.objects.create(**common, answer=14416, tolerance=0)
        made.append(q)
    return made


def _response(snapshot):
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


def _quiz(module, questions, **fields) -> Quiz:
    quiz = Quiz.objects.create(
        title="Bench quiz", module=module, pass_mark=50, shuffle_options=False, **fields
    )
    for position, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
    quiz.save_revision().publish()
    return Quiz.objects.get(pk=quiz.pk)


@benchmark
def quiz_submit_and_regrade():
    index = CourseIndexPage.objects.get()
    course = index.add_child(
        instance=CoursePage(title="Bench quiz course", slug="bench-quiz-course", summary="Bench.")
    )
    module = course.add_child(instance=ModulePage(title="Bench module", slug="bench-module"))
    trainee = user_create(
        email="bench.quiz@example.org", full_name="Bench Quiz Trainee", role=roles.TRAINEE
    )
    enrolment_create(user=trainee, course=course)
    bank = QuestionBank.objects.create(name="Bench bank")
    category = QuestionCategory.objects.create(bank=bank, name="Bench")

    quiz = _quiz(module, _questions(category, 20))
    times, queries = [], 0
    for n in range(REPEAT + 2):
        attempt = attempt_start(user=trainee, quiz=quiz)
        for answer in attempt.answers.all():
            answer_save(
                attempt=attempt,
                position=answer.position,
                response=_response(answer.snapshot),
                sequence=answer.sequence,
            )
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            attempt = attempt_submit(attempt=attempt)
            elapsed = (time.perf_counter() - start) * 1000
        if attempt.percent != 100:
            raise RuntimeError(f"The bench attempt scored {attempt.percent}, not 100")
        if n >= 2:  # warm-up
            times.append(elapsed)
        queries = len(captured)

    regrade_quiz = _quiz(module, _questions(category, 10), required_to_continue=False)
    template = attempt_start(user=trainee, quiz=regrade_quiz)
    for answer in template.answers.all():
        answer_save(
            attempt=template,
            position=answer.position,
            response=_response(answer.snapshot),
            sequence=answer.sequence,
        )
    template = attempt_submit(attempt=template)
    answers = list(template.answers.all())
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=regrade_quiz,
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
        for number in range(2, 1001)
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
    # The editors change the key of the true/false question: every attempt's score changes.
    TrueFalseQuestion.objects.filter(quiz_uses__quiz=regrade_quiz).update(correct_answer=False)
    start = time.perf_counter()
    regrade = quiz_regrade(quiz=regrade_quiz, by=_superuser())
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
    }


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        email="bench.admin@example.org", password=None, full_name="Bench Admin"
    )


# --- Supervised practice ---------------------------------------------------------------------

PRACTICE_TRAINEES = 200
PRACTICE_PENDING_EACH = 10  # 2,000 pending logs in the supervisor's queue
PRACTICE_SUMMARY_APPROVED = 200  # the measured trainee's approved history, each signed off


@benchmark
def practice_queue_and_summary():
    """The supervisor's practice queue with 2,000 pending logs from 200 trainees, and one
    trainee's hours page with 200 approved, signed-off logs besides their 10 pending ones.

    Rows are bulk-created (the services' checks are measured by the tests, not here): the
    trainees, their enrolments backdated a year, one current supervision each, four
    categories and competencies, and logs two hours apart so none overlap. Both pages are the
    real URLs, each requested by the person it is for.
    """
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from assessments.models import Competency, PracticeCategory, PracticeLog, SignOff
    from assessments.practice.services import practice_log_digest, supervisor_queue
    from courses.models import Enrolment, Supervision
    from lms.bench import measure_get

    User = get_user_model()
    index = CourseIndexPage.objects.get()
    course = index.add_child(
        instance=CoursePage(
            title="Bench practice course", slug="bench-practice-course", summary="Bench."
        )
    )
    supervisor = user_create(
        email="bench.supervisor@example.org", full_name="Bench Supervisor", role=roles.SUPERVISOR
    )
    categories = PracticeCategory.objects.bulk_create(
        PracticeCategory(course=course, name=name, required_minutes=hours * 60, sort_order=n)
        for n, (name, hours) in enumerate(
            [
                ("One-to-one peer support", 200),
                ("Group facilitation", 60),
                ("Co-facilitation and shadowing", 20),
                ("Supervision sessions", 25),
            ]
        )
    )
    Competency.objects.bulk_create(
        Competency(course=course, name=f"Bench competency {n}", sort_order=n) for n in range(4)
    )
    users = User.objects.bulk_create(
        User(email=f"bench.practice.{n}@example.org", full_name=f"Bench Trainee {n:03d}")
        for n in range(PRACTICE_TRAINEES)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course) for user in users
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Enrolment.objects.filter(course=course).update(enrolled_at=now - timedelta(days=365))
    Supervision.objects.bulk_create(
        Supervision(
            enrolment=enrolment, supervisor=supervisor, started_at=now - timedelta(days=365)
        )
        for enrolment in enrolments
    )
    description = (
        "Met a peer for a planned conversation about a hard week; listened, and agreed a "
        "small next step together."
    )

    def log(enrolment, n, status):
        return PracticeLog(
            enrolment=enrolment,
            category=categories[n % len(categories)],
            started_at=now - timedelta(days=300) + timedelta(hours=2 * n),
            duration_minutes=60,
            mode=PracticeLog.Mode.IN_PERSON,
            description=description,
            reflection="Private.",
            status=status,
            submitted_at=now - timedelta(days=300) + timedelta(hours=2 * n + 1),
        )

    PracticeLog.objects.bulk_create(
        log(enrolment, n, PracticeLog.Status.SUBMITTED)
        for enrolment in enrolments
        for n in range(PRACTICE_PENDING_EACH)
    )
    measured = enrolments[0]
    approved = PracticeLog.objects.bulk_create(
        log(measured, PRACTICE_PENDING_EACH + n, PracticeLog.Status.APPROVED)
        for n in range(PRACTICE_SUMMARY_APPROVED)
    )
    SignOff.objects.bulk_create(
        SignOff(
            log=entry,
            decided_by=supervisor,
            decided_at=entry.submitted_at + timedelta(days=1),
            decision=SignOff.Decision.APPROVED,
            comment="Thank you.",
            attestation="I supervised this practice.",
            signature=supervisor.full_name,
            content_digest=practice_log_digest(entry),
            log_version=entry.version,
        )
        for entry in approved
    )
    pending = supervisor_queue(supervisor=supervisor).count()
    if pending != PRACTICE_TRAINEES * PRACTICE_PENDING_EACH:
        raise RuntimeError(f"The bench queue holds {pending} logs, not 2000")

    supervisor_client = Client(HTTP_HOST="localhost")
    supervisor_client.force_login(supervisor)
    trainee_client = Client(HTTP_HOST="localhost")
    trainee_client.force_login(measured.user)
    figures = {}
    figures["practice_queue_ms"], figures["practice_queue_queries"] = measure_get(
        supervisor_client, "/supervise/practice/"
    )
    figures["practice_summary_ms"], figures["practice_summary_queries"] = measure_get(
        trainee_client, "/learn/practice/"
    )
    return figures
