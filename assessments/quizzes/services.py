"""Writes for the quiz engine: question options and approval, attempts, grading, regrading.

Every change to an attempt locks the attempt's row first (`select_for_update`; on SQLite the
IMMEDIATE transaction takes the database write lock), then checks its status, so two tabs,
a double click or a sweep running at the same moment each see the state the other left.
The database adds its own guards: one open attempt per quiz and enrolment, one answer per
position, scores between 0 and 1.
"""

import json
import random
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import signals
from assessments.models import (
    AcceptedAnswer,
    Attempt,
    AttemptAnswer,
    ChoiceOption,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    Question,
    Quiz,
    QuizQuestion,
    QuizRegrade,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    WeightedOption,
)
from assessments.notices import essay_graded_notice_add, essays_sent_notice_add
from assessments.quizzes import translations
from assessments.quizzes.grading import Grade, InvalidResponse, grade_snapshot
from assessments.quizzes.question_types.registry import question_type_for
from assessments.quizzes.selectors import question_problems, questions_with_parts
from assessments.quizzes.translations import translate_quiz  # noqa: F401 (for the demo loader)
from courses.models import Enrolment, ModulePage, Supervision
from courses.selectors import (
    apply_locks,
    apply_progress,
    completed_lesson_ids,
    course_for_page,
    course_structure,
    enrolment_for,
)


class AssessmentError(Exception):
    """A refused request, with a message to show the person who made it.

    `status` is the HTTP status a view should answer with: 400 for input that can never be
    right, 409 for a request that clashes with the attempt's current state (a stale tab, a
    submitted attempt, time up), 403 for a person who may not do this.
    """

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


# Question type → (row model, the fields an editor may set on a row).
PART_MODELS = {
    SingleChoiceQuestion: (ChoiceOption, ("text", "is_correct", "feedback")),
    MultipleResponseQuestion: (WeightedOption, ("text", "weight", "feedback")),
    ShortAnswerQuestion: (AcceptedAnswer, ("text", "feedback")),
    MatchingQuestion: (MatchingPair, ("prompt", "answer")),
}


def question_options_set(*, question: Question, options: list[dict]) -> list:
    """Replace a question's option rows with `options`, in that order, all or nothing.

    A dict with an "id" of an existing row updates that row, keeping its id (snapshots and
    stored responses name rows by id); a dict without one adds a row; rows not named are
    deleted. Past attempts are safe either way: they grade from their snapshots. Refused with
    AssessmentError, and nothing written, when a row is invalid or the question would break a
    rule of its type (see `selectors.question_problems`).
    """
    try:
        part_model, editable = PART_MODELS[type(question)]
    except KeyError:
        raise AssessmentError(_("This type of question has no options.")) from None
    ids = [data["id"] for data in options if data.get("id") is not None]
    if len(set(ids)) != len(ids):
        raise AssessmentError(_("The same option is listed twice."))
    with transaction.atomic():
        # The UPDATE locks the question's row until commit: one save of its options at a
        # time, so two saves cannot each pass the check below on their own.
        Question.objects.non_polymorphic().filter(pk=question.pk).update(updated_at=timezone.now())
        existing = {part.pk: part for part in part_model.objects.filter(question=question)}
        kept = []
        for position, data in enumerate(options):
            unknown = set(data) - {"id", *editable}
            if unknown:
                raise AssessmentError(
                    _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
                )
            if data.get("id") is not None:
                part = existing.get(data["id"])
                if part is None:
                    raise AssessmentError(_("That option is not part of this question."))
            else:
                part = part_model(question=question)
            for name in editable:
                if name in data:
                    setattr(part, name, data[name])
            part.sort_order = position
            try:
                part.full_clean(exclude=["question"])
            except ValidationError as error:
                raise AssessmentError(
                    _("Option %(number)s: %(error)s")
                    % {"number": position + 1, "error": " ".join(error.messages)}
                ) from error
            part.save()
            kept.append(part)
        kept_ids = {part.pk for part in kept}
        part_model.objects.filter(question=question).exclude(pk__in=kept_ids).delete()
        # Drop any cached rows so the check below sees what was just written.
        prefetched = getattr(question, "_prefetched_objects_cache", {})
        for relation in question.part_relations:
            prefetched.pop(relation, None)
        problems = question_problems(question)
        if problems:
            raise AssessmentError(" ".join(problems))
    return kept


def questions_approve(*, questions, by) -> int:
    """Mark draft questions approved after clinical review; returns how many changed."""
    if not by.has_perm("assessments.approve_question"):
        raise AssessmentError(_("Only clinical reviewers approve questions."), status=403)
    ids = [question.pk for question in questions]
    return (
        Question.objects.non_polymorphic()
        .filter(pk__in=ids, status=Question.Status.DRAFT)
        .update(status=Question.Status.APPROVED, approved_by=by, approved_at=timezone.now())
    )


# --- Attempts -------------------------------------------------------------------------------

# A saved response larger than this (as JSON) is refused: an essay of ~3,000 words fits.
MAX_RESPONSE_CHARS = 20_000


def _refused(message, status=400):
    return AssessmentError(str(message), status=status)


def _enrolment_for_quiz(*, user, quiz: Quiz) -> Enrolment:
    module = ModulePage.objects.filter(pk=quiz.module_id).first()
    if module is None or not module.live:
        raise _refused(_("This quiz is not available."), 404)
    course = course_for_page(module)
    enrolment = enrolment_for(user=user, course_id=course.pk) if course else None
    if enrolment is None:
        raise _refused(_("You are not enrolled in the course this quiz belongs to."), 403)
    locked = quiz_start_lock(enrolment=enrolment, course=course, module=module)
    if locked:
        raise _refused(locked, 409)
    return enrolment


def quiz_start_lock(*, enrolment, course, module) -> str:
    """Why the module (and so its quiz) is still locked for this trainee, or ""."""

    modules = course_structure(course)
    apply_progress(modules, completed_lesson_ids(enrolment))
    apply_locks(course, modules, enrolment)
    node = next((m for m in modules if m.id == module.pk), None)
    return node.locked_reason if node else ""


def attempt_start(*, user, quiz: Quiz) -> Attempt:
    """Start an attempt, or return the one already open.

    Refused with the reason when the quiz is not live, the trainee is not enrolled or the
    module is locked, the attempts are used up, or the cooldown still runs. An open attempt
    whose time ran out is first submitted with its saved answers, so it never blocks.
    """
    quiz = Quiz.objects.filter(pk=quiz.pk).first()
    if quiz is None or not quiz.live:
        raise _refused(_("This quiz is not available."), 404)
    enrolment = _enrolment_for_quiz(user=user, quiz=quiz)
    overdue = Attempt.objects.filter(
        quiz=quiz, enrolment=enrolment, status=Attempt.Status.OPEN, deadline__lt=timezone.now()
    ).first()
    if overdue is not None:
        attempt_submit(attempt=overdue, by=Attempt.SubmittedBy.TIME_LIMIT)
    try:
        with transaction.atomic():
            # One start at a time per enrolment: the lock makes the second of two clicks
            # find the first one's attempt instead of racing it.
            Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            attempts = list(
                Attempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number")
            )
            open_attempt = next((a for a in attempts if a.status == Attempt.Status.OPEN), None)
            if open_attempt is not None:
                return open_attempt
            now = timezone.now()
            refusal = start_refusal(quiz=quiz, attempts=attempts, now=now)
            if refusal:
                raise _refused(refusal, 409)
            snapshots = _snapshots_for_new_attempt(quiz=quiz, previous=attempts)
            if not snapshots:
                raise _refused(_("This quiz has no questions ready yet."), 409)
            attempt = Attempt.objects.create(
                quiz=quiz,
                enrolment=enrolment,
                number=len(attempts) + 1,
                quiz_revision_id=quiz.live_revision_id,
                pass_mark=quiz.pass_mark,
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
                max_points=sum((Decimal(s["points"]) for s in snapshots), Decimal(0)),
            )
            AttemptAnswer.objects.bulk_create(
                AttemptAnswer(
                    attempt=attempt,
                    position=position,
                    question_id=snapshot["question_id"],
                    snapshot=snapshot,
                )
                for position, snapshot in enumerate(snapshots, start=1)
            )
            return attempt
    except IntegrityError:
        # Another request opened one between our read and our write: that one is the attempt.
        existing = Attempt.objects.filter(
            quiz=quiz, enrolment=enrolment, status=Attempt.Status.OPEN
        ).first()
        if existing is None:
            raise
        return existing


def start_refusal(*, quiz: Quiz, attempts: list[Attempt], now) -> str:
    """Why a new attempt cannot start now (attempts used up, cooldown), or ""."""
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        return _("You have used all %(count)s attempts at this quiz.") % {
            "count": quiz.max_attempts
        }
    finished = [a for a in attempts if a.submitted_at is not None]
    if finished and quiz.cooldown:
        ready_at = finished[-1].submitted_at + quiz.cooldown
        if ready_at > now:
            local = timezone.localtime(ready_at)
            return _("You can try again after %(time)s.") % {
                "time": date_format(local, "DATETIME_FORMAT")
            }
    return ""


def _snapshots_for_new_attempt(*, quiz: Quiz, previous: list[Attempt]) -> list[dict]:
    """The questions this attempt asks, as snapshots, in the order they will be shown.

    Only approved questions are asked: a question sent back to draft by an edit waits for
    review again. A random draw prefers questions this trainee has not been asked before.
    """
    rng = random.SystemRandom()
    approved = Question.Status.APPROVED
    if quiz.selection == Quiz.Selection.RANDOM:
        pool = list(
            Question.objects.non_polymorphic()
            .filter(category_id=quiz.draw_category_id, status=approved)
            .values_list("pk", flat=True)
        )
        seen = set(
            AttemptAnswer.objects.filter(attempt__in=previous).values_list("question_id", flat=True)
        )
        fresh = [pk for pk in pool if pk not in seen]
        rng.shuffle(fresh)
        chosen = fresh[: quiz.draw_count]
        if len(chosen) < quiz.draw_count:
            rest = [pk for pk in pool if pk in seen]
            rng.shuffle(rest)
            chosen += rest[: quiz.draw_count - len(chosen)]
        questions = questions_with_parts(Question.objects.filter(pk__in=chosen))
        order = {pk: i for i, pk in enumerate(chosen)}
        questions.sort(key=lambda q: order[q.pk])
    else:
        ids = list(
            QuizQuestion.objects.filter(quiz=quiz, question__status=approved)
            .order_by("sort_order", "pk")
            .values_list("question_id", flat=True)
        )
        questions = questions_with_parts(Question.objects.filter(pk__in=ids))
        order = {pk: i for i, pk in enumerate(ids)}
        questions.sort(key=lambda q: order[q.pk])
        if quiz.shuffle_questions:
            rng.shuffle(questions)
    snapshots = [q.snapshot() for q in questions if not question_problems(q)]
    translations.add_translated_answers(snapshots)  # short answers accepted in translation
    if quiz.shuffle_options:
        for snapshot in snapshots:
            for key in ("options", "answers"):
                if key in snapshot:
                    rng.shuffle(snapshot[key])
    return snapshots


def _rows_update(rows: list, fields: list[str]) -> None:
    """Write `fields` of many rows of one model in one statement per chunk.

    Django's bulk_update builds a CASE expression per field, which costs ~3 ms per answer
    here; a prepared UPDATE sent with executemany costs a fraction of that on both databases
    and is one query however many rows.
    """
    if not rows:
        return
    model = type(rows[0])
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in columns)
    # Only model metadata (quoted table and column names) goes into the SQL; values are
    # parameters.
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {connection.ops.quote_name(meta.pk.column)} = %s"
    )
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _lock_attempt(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().get(pk=attempt.pk)


def answer_save(*, attempt: Attempt, position: int, response, sequence: int) -> AttemptAnswer:
    """Save one answer of an open attempt, as the trainee moves on.

    `sequence` is the answer's sequence the trainee's page was showing; a different one means
    another tab (or a replayed request) saved in between, and the save is refused rather than
    overwrite it. `response=None` clears the answer. Refused after the time limit: the
    attempt is then submitted with the answers saved before it.
    """
    if len(json.dumps(response)) > MAX_RESPONSE_CHARS:
        raise _refused(
            _("That answer is too long: keep it under %(count)s characters.")
            % {"count": f"{MAX_RESPONSE_CHARS:,}"}
        )
    if isinstance(response, str) and "\x00" in response:
        raise _refused(_("That answer contains a character that cannot be saved."))
    time_up = False
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        if attempt.status != Attempt.Status.OPEN:
            raise _refused(
                _("This attempt has been submitted, so its answers can no longer change."), 409
            )
        if attempt.deadline is not None and attempt.deadline <= timezone.now():
            time_up = True
        else:
            answer = AttemptAnswer.objects.filter(attempt=attempt, position=position).first()
            if answer is None:
                raise _refused(_("That question is not part of this attempt."))
            if response is not None:
                try:
                    grade_snapshot(answer.snapshot, response)
                except InvalidResponse as error:
                    raise _refused(error.message) from error
            if answer.sequence != sequence:
                raise _refused(
                    _(
                        "This answer was changed in another tab or window since this page "
                        "was loaded. Reload the page to see the saved answer."
                    ),
                    409,
                )
            answer.response = response
            answer.sequence += 1
            answer.saved_at = timezone.now()
            answer.save(update_fields=["response", "sequence", "saved_at"])
            return answer
    if time_up:
        attempt_submit(attempt=attempt, by=Attempt.SubmittedBy.TIME_LIMIT)
    raise _refused(
        _("Time is up: your attempt was submitted with the answers saved before the limit."), 409
    )


def _grade_answer(answer: AttemptAnswer, snapshot: dict | None = None) -> Grade:
    snapshot = snapshot or answer.snapshot
    if answer.response is None or answer.response == "":
        return Grade(score=Decimal(0), is_correct=False)
    try:
        return grade_snapshot(snapshot, answer.response)
    except InvalidResponse:
        # Saved responses were checked on save; one that no longer fits (an option removed
        # before a regrade) earns nothing rather than breaking the attempt.
        return Grade(score=Decimal(0), is_correct=False)


def _apply_grade(answer: AttemptAnswer, grade: Grade) -> None:
    answer.needs_grading = grade.needs_manual_grading
    answer.score = grade.score
    answer.grade = grade.to_dict()


def _totals(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    """Set the attempt's points, percent and pass from its answers (all graded)."""
    points = sum((answer.points * (answer.score or 0) for answer in answers), Decimal(0))
    attempt.points = points.quantize(Decimal("0.0001"))
    attempt.percent = (
        (100 * points / attempt.max_points).quantize(Decimal("0.0001"))
        if attempt.max_points
        else Decimal(0)
    )
    attempt.passed = attempt.percent >= attempt.pass_mark


def _finalise(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    _totals(attempt, answers)
    attempt.status = Attempt.Status.FINAL
    attempt.finalised_at = timezone.now()
    attempt_finalised_announce(attempt)


def attempt_finalised_announce(attempt: Attempt) -> None:
    """Tell higher apps (certificates) after commit that an attempt has its final score,
    through the same robust announcer as every other event (a broken listener is logged)."""
    signals.attempt_finalised_announce(attempt.pk)


def attempt_submit(*, attempt: Attempt, by: str = Attempt.SubmittedBy.TRAINEE) -> Attempt:
    """Grade and close an attempt. A second submit, or two at once, returns the same result.

    Unanswered questions score 0. An attempt with an answered essay waits for the trainee's
    supervisor; otherwise it is final at once.
    """
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        if attempt.status != Attempt.Status.OPEN:
            return attempt
        answers = list(attempt.answers.all())
        for answer in answers:
            _apply_grade(answer, _grade_answer(answer))
        _rows_update(answers, ["score", "grade", "needs_grading"])
        attempt.submitted_at = timezone.now()
        attempt.submitted_by = by
        if any(answer.needs_grading for answer in answers):
            attempt.status = Attempt.Status.AWAITING_GRADING
            _essays_sent_notify(attempt, sum(answer.needs_grading for answer in answers))
        else:
            _finalise(attempt, answers)
        attempt.save()
    return attempt


def _essays_sent_notify(attempt: Attempt, essays: int) -> None:
    """Tell the trainee's current supervisor, inside the site, that essays wait for them (in
    the submit's transaction; without a supervisor their workload shows it once assigned)."""
    supervisor_id = (
        Supervision.objects.filter(enrolment_id=attempt.enrolment_id, ended_at__isnull=True)
        .values_list("supervisor_id", flat=True)
        .first()
    )
    if supervisor_id is not None:
        essays_sent_notice_add(supervisor_id=supervisor_id, essays=essays)


def attempt_submit_if_overdue(attempt: Attempt) -> Attempt:
    """Submit an open attempt whose time ran out (on the next request or by the sweep)."""
    if attempt.is_open and attempt.deadline is not None and attempt.deadline <= timezone.now():
        return attempt_submit(attempt=attempt, by=Attempt.SubmittedBy.TIME_LIMIT)
    return attempt


def attempts_sweep() -> int:
    """Submit every open attempt past its time limit; returns how many. Safe to run twice."""
    overdue = Attempt.objects.filter(status=Attempt.Status.OPEN, deadline__lte=timezone.now())
    count = 0
    for attempt in overdue.iterator():
        if attempt_submit(attempt=attempt, by=Attempt.SubmittedBy.TIME_LIMIT).submitted_by:
            count += 1
    return count


def essay_grade(*, answer: AttemptAnswer, grader, points, comment: str = "") -> AttemptAnswer:
    """The trainee's current supervisor grades an essay; the attempt is final once every
    essay in it is graded."""
    try:
        given = Decimal(str(points).strip())
    except (InvalidOperation, ValueError):
        raise _refused(_("Enter the points as a number.")) from None
    if not given.is_finite():
        raise _refused(_("Enter the points as a number."))
    comment = (comment or "").strip()
    if len(comment) > 5000:
        raise _refused(_("Keep the comment under 5,000 characters."))
    with transaction.atomic():
        attempt = _lock_attempt(answer.attempt)
        answer = AttemptAnswer.objects.get(pk=answer.pk)
        is_supervisor = Supervision.objects.filter(
            enrolment_id=attempt.enrolment_id, supervisor=grader, ended_at__isnull=True
        ).exists()
        if not is_supervisor:
            raise _refused(_("Only the trainee's current supervisor grades this answer."), 403)
        if attempt.status != Attempt.Status.AWAITING_GRADING or not answer.needs_grading:
            raise _refused(_("This answer has already been graded."), 409)
        if not Decimal(0) <= given <= answer.points:
            raise _refused(
                _("Give between 0 and %(points)s points.")
                % {"points": format(answer.points.normalize(), "f")}
            )
        answer.score = (given / answer.points).quantize(Decimal("0.0000001"))
        answer.needs_grading = False
        answer.graded_by = grader
        answer.graded_at = timezone.now()
        answer.grader_comment = comment
        answer.grade = {**answer.grade, "score": str(answer.score), "needs_manual_grading": False}
        answer.save()
        answers = list(attempt.answers.all())
        if not any(a.needs_grading for a in answers):
            _finalise(attempt, answers)
            attempt.save()
            # The trainee's notice inside the site, in this transaction: the result is final.
            essay_graded_notice_add(
                attempt=attempt,
                trainee_id=attempt.enrolment.user_id,
                essays=sum(1 for a in answers if a.graded_at is not None),
            )
    return answer


def quiz_regrade(*, quiz: Quiz, by) -> QuizRegrade:
    """Re-score every submitted attempt at `quiz` with the current answer key.

    What was asked stays as asked (the snapshots keep their text, options and order); only
    the key (right options, weights, accepted answers, ranges) comes from the questions as
    they are now. Essays keep their supervisor's score. Attempts and the regrade are recorded,
    and a regrade that changed a score is announced after commit (`signals.quiz_regraded`).
    """
    if not (by.has_perm("assessments.change_quiz") or by.has_perm("assessments.approve_question")):
        raise _refused(_("You may not regrade this quiz."), 403)
    regraded = changed = 0
    now = timezone.now()
    with transaction.atomic():
        attempt_ids = list(
            Attempt.objects.filter(quiz=quiz)
            .exclude(status=Attempt.Status.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        keys: dict[int, dict] = {}
        for start in range(0, len(attempt_ids), 500):
            chunk = attempt_ids[start : start + 500]
            attempts = list(Attempt.objects.select_for_update().filter(pk__in=chunk))
            answers = list(AttemptAnswer.objects.filter(attempt_id__in=chunk))
            missing = {a.question_id for a in answers if a.question_id} - keys.keys()
            if missing:
                fresh = questions_with_parts(Question.objects.filter(pk__in=missing))
                keys.update((question.pk, question.snapshot()) for question in fresh)
                translations.add_translated_answers([keys[q.pk] for q in fresh])
            by_attempt: dict[int, list[AttemptAnswer]] = {}
            changed_answers = []
            for answer in answers:
                by_attempt.setdefault(answer.attempt_id, []).append(answer)
                key = keys.get(answer.question_id)
                if key is None or key["type"] != answer.snapshot["type"]:
                    continue  # deleted or changed type: keep the grade it had
                if answer.snapshot["type"] == "essay":
                    continue
                before = (answer.score, answer.grade)
                _apply_grade(answer, _grade_answer(answer, {**answer.snapshot, **_key(key)}))
                if (answer.score, answer.grade) != before:
                    changed_answers.append(answer)
            # Usually one question's key changed: write only the answers whose grade did.
            _rows_update(changed_answers, ["score", "grade", "needs_grading"])
            changed_attempts = []
            for attempt in attempts:
                regraded += 1
                if attempt.status != Attempt.Status.FINAL:
                    continue
                before = (attempt.points, attempt.percent, attempt.passed)
                _totals(attempt, by_attempt.get(attempt.pk, []))
                if (attempt.points, attempt.percent, attempt.passed) != before:
                    changed_attempts.append(attempt)
            changed += len(changed_attempts)
            _rows_update(changed_attempts, ["points", "percent", "passed"])
            Attempt.objects.filter(pk__in=chunk).update(regraded_at=now)
        if changed:
            signals.quiz_regraded_announce(quiz.pk)
        return QuizRegrade.objects.create(
            quiz=quiz, by=by, attempts_regraded=regraded, attempts_changed=changed
        )


def _key(current: dict) -> dict:
    """The answer-key part of a current snapshot, to grade a stored response against."""
    return question_type_for(current["type"]).answer_key(current)
