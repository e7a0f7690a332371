"""Attempts and their answers, built directly as rows, for tests that need finished attempts.

Taking a quiz through the services is what the quiz engine's own tests do; reports and other
readers only need attempts in a known final state, so `finished_attempts_build` writes them
with the scores a test names and the totals the attempt services would have worked out.
"""

from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, Question, Quiz

from .assessments import QuizFactory
from .courses import EnrolmentFactory

__all__ = ["AttemptAnswerFactory", "AttemptFactory", "finished_attempts_build"]

HUNDRED = Decimal(100)


def _quiz_course(quiz: Quiz):
    return quiz.module.get_parent().specific


class AttemptFactory(factory.django.DjangoModelFactory):
    """An open attempt by a new trainee enrolled on the quiz's course."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    enrolment = factory.LazyAttribute(lambda o: EnrolmentFactory(course=_quiz_course(o.quiz)))
    number = factory.LazyAttribute(
        lambda o: Attempt.objects.filter(quiz=o.quiz, enrolment=o.enrolment).count() + 1
    )
    status = Attempt.Status.OPEN
    pass_mark = factory.LazyAttribute(lambda o: o.quiz.pass_mark)
    started_at = factory.LazyFunction(timezone.now)


class AttemptAnswerFactory(factory.django.DjangoModelFactory):
    """One answer of an attempt, with the question's current snapshot; pass `question=`."""

    class Meta:
        model = AttemptAnswer

    attempt = factory.SubFactory(AttemptFactory)
    position = factory.LazyAttribute(lambda o: o.attempt.answers.count() + 1)
    snapshot = factory.LazyAttribute(lambda o: o.question.snapshot())


def _score(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def finished_attempts_build(
    *,
    quiz: Quiz,
    scores: Sequence[Sequence | Mapping],
    questions: Sequence[Question] | None = None,
    enrolments: Sequence | None = None,
    started: timedelta = timedelta(hours=1),
) -> list[Attempt]:
    """Final attempts at `quiz`, one per row of `scores`, each answer scored as given.

    A row is either a list of score fractions (0..1) in the order of `questions` (default:
    the quiz's own questions), where None means "not asked in this attempt", as in a random
    draw; or a dict mapping questions to fractions. Each attempt belongs to a new trainee
    unless `enrolments` names one per row (repeat a row's enrolment for several attempts by
    one trainee; they are numbered in order). Attempts start an hour apart, oldest first, and
    carry the points, percent and pass the attempt services would have given them.
    """
    if questions is None:
        questions = [row.question for row in quiz.quiz_questions.select_related("question")]
    snapshots: dict[int, dict] = {}

    def snapshot(question):
        if question.pk not in snapshots:
            snapshots[question.pk] = question.get_real_instance().snapshot()
        return snapshots[question.pk]

    now = timezone.now()
    course = _quiz_course(quiz)
    attempts = []
    for index, row in enumerate(scores):
        if isinstance(row, Mapping):
            asked = [(question, _score(value)) for question, value in row.items()]
        else:
            if len(row) != len(questions):
                raise ValueError(f"Row {index} has {len(row)} scores for {len(questions)}.")
            asked = [
                (question, _score(value))
                for question, value in zip(questions, row, strict=True)
                if value is not None
            ]
        enrolment = enrolments[index] if enrolments else EnrolmentFactory(course=course)
        points = sum((score * question.points for question, score in asked), Decimal(0))
        max_points = sum((question.points for question, _ in asked), Decimal(0))
        percent = (HUNDRED * points / max_points).quantize(Decimal("0.0001"))
        started_at = now - started * (len(scores) - index)
        attempt = AttemptFactory(
            quiz=quiz,
            enrolment=enrolment,
            status=Attempt.Status.FINAL,
            started_at=started_at,
            submitted_at=started_at + timedelta(minutes=10),
            submitted_by=Attempt.SubmittedBy.TRAINEE,
            finalised_at=started_at + timedelta(minutes=10),
            points=points,
            max_points=max_points,
            percent=percent,
            passed=percent >= quiz.pass_mark,
        )
        AttemptAnswer.objects.bulk_create(
            AttemptAnswer(
                attempt=attempt,
                position=position,
                question=question,
                snapshot=snapshot(question),
                response=None,
                sequence=1,
                saved_at=attempt.submitted_at,
                score=score,
                grade={"score": str(score), "is_correct": score == 1, "feedback": {}},
            )
            for position, (question, score) in enumerate(asked, start=1)
        )
        attempts.append(attempt)
    return attempts
