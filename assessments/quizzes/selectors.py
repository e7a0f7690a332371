"""Reads for the quiz engine: questions with their parts, what an attempt shows, where a
trainee stands with a quiz, and the supervisor's grading queue."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Attempt,
    AttemptAnswer,
    Question,
    Quiz,
    QuizTranslation,
    TranslationStatus,
)
from assessments.quizzes import translations
from assessments.quizzes.question_types.registry import QUESTION_TYPES
from courses.models import Supervision


def questions_with_parts(questions: Iterable[Question] | None = None) -> list[Question]:
    """Questions as their own types, with the rows their snapshots read already loaded.

    Costs one query for the base rows, one per question type present, and one per type that
    has parts, however many questions there are. Prefetching through a polymorphic queryset
    cannot name a subclass's relation, so the parts are fetched per type afterwards.
    """
    if questions is None:
        questions = Question.objects.all()
    questions = list(questions)
    by_type: dict[type[Question], list[Question]] = defaultdict(list)
    for question in questions:
        by_type[type(question)].append(question)
    for model, instances in by_type.items():
        if model.part_relations:
            prefetch_related_objects(instances, *model.part_relations)
    return questions


def question_problems(question: Question) -> list[str]:
    """Why this question cannot be asked as it stands; empty when it can.

    Each type states its own rules (`QuestionType.problems`); a question of no known type has
    none to break.
    """
    kind = QUESTION_TYPES.get(question.question_type)
    return kind.problems(question) if kind is not None else []


# --- Quizzes and attempts -------------------------------------------------------------------


def live_quiz_for_module(module) -> Quiz | None:
    """The module's published quiz (the first, if an editor made several)."""
    return Quiz.objects.filter(module_id=module.pk, live=True).order_by("pk").first()


def _points_display(points: str) -> str:
    value = Decimal(points)
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def shown_question(snapshot: dict, *, position: int, response=None, sequence=0, saved_at=None):
    """What a page may show of a question before it is graded: text and choices, no key.

    Built field by field from the snapshot, so a field added to snapshots later (a weight, a
    feedback) never reaches an open attempt's page by accident; the type adds its own
    (`QuestionType.shown`) and names the template that draws its answer fields.
    """
    kind = QUESTION_TYPES.get(snapshot["type"])
    shown = {
        "position": position,
        "type": snapshot["type"],
        "prompt": snapshot["prompt"],
        "text_format": snapshot.get("text_format", "plain"),
        "points": snapshot["points"],
        "points_display": _points_display(snapshot["points"]),
        "response": response,
        "sequence": sequence,
        "saved_at": saved_at,
        "answered": response not in (None, "", [], {}),
    }
    if kind is not None:
        shown["template_name"] = kind.template_name
        shown.update(kind.shown(snapshot, response))
    # A snapshot from `translations.localise_snapshot` says its language; matching shows
    # each answer's translation while posting the source answer.
    shown["lang"] = snapshot.get("_lang", "")
    shown["untranslated"] = snapshot.get("_untranslated", False)
    if "answers" in shown:
        labels = snapshot.get("_answer_labels") or {}
        shown["answer_choices"] = [
            {"value": answer, "label": labels.get(answer, answer)} for answer in shown["answers"]
        ]
    return shown


def attempt_for_user(*, user, uuid) -> Attempt:
    """The user's own attempt with this uuid; anyone else's raises Attempt.DoesNotExist."""
    return Attempt.objects.select_related("quiz", "enrolment").get(
        uuid=uuid, enrolment__user_id=user.pk
    )


def _localised(answers: list[AttemptAnswer], language: str | None):
    """Each answer with its snapshot as shown in `language` (the active one by default): the
    approved translation laid over the text, or the source text marked. One query in a
    translated language (`translations.question_texts`), none in the source language."""
    language = translations.target_language(language)
    texts = translations.question_texts((a.question_id for a in answers), language)
    for answer in answers:
        text = texts.get(answer.snapshot.get("question_id"))
        yield answer, translations.localise_snapshot(answer.snapshot, text, language)


def attempt_questions(attempt: Attempt, language: str | None = None) -> list[dict]:
    """Every question of an open attempt as its page shows it, in one query (two in a
    translated language)."""
    return [
        shown_question(
            snapshot,
            position=answer.position,
            response=answer.response,
            sequence=answer.sequence,
            saved_at=answer.saved_at,
        )
        for answer, snapshot in _localised(list(attempt.answers.order_by("position")), language)
    ]


def feedback_visible(attempt: Attempt, state: "QuizState | None" = None) -> bool:
    """Whether the trainee may see right answers and feedback for this attempt now."""
    if attempt.status != Attempt.Status.FINAL:
        return False
    policy = attempt.quiz.feedback
    if policy == Quiz.Feedback.IMMEDIATELY:
        return True
    if policy == Quiz.Feedback.NEVER:
        return False
    state = state or quiz_state_for(enrolment=attempt.enrolment, quiz=attempt.quiz)
    if policy == Quiz.Feedback.AFTER_PASS:
        return state.passed
    # After the last attempt: only a quiz with a limit has one.
    return attempt.quiz.max_attempts is not None and state.attempts_left == 0


def attempt_review(
    attempt: Attempt, *, with_feedback: bool | None = None, language: str | None = None
) -> list[dict]:
    """A submitted attempt question by question: the answer given and, when the quiz's
    policy allows it, the score, whether it was right, and the feedback it earned."""
    if with_feedback is None:
        with_feedback = feedback_visible(attempt)
    review = []
    answers = list(attempt.answers.order_by("position"))
    for answer, shown_snapshot in _localised(answers, language):
        snapshot = answer.snapshot
        item = shown_question(shown_snapshot, position=answer.position, response=answer.response)
        item["needs_grading"] = answer.needs_grading
        item["score"] = answer.score
        item["earned"] = (
            None
            if answer.score is None
            else _points_display(
                str((answer.score * Decimal(snapshot["points"])).quantize(Decimal("0.01")))
            )
        )
        item["show_feedback"] = with_feedback
        if with_feedback:
            grade = answer.grade or {}
            item["is_correct"] = grade.get("is_correct")
            item["general_feedback"] = shown_snapshot.get("general_feedback", "")
            item["feedback"] = translations.localise_feedback(
                grade.get("feedback") or {}, shown_snapshot, answer.response
            )
            item["grader_comment"] = answer.grader_comment
            item["right_answer"] = right_answer_text(shown_snapshot)
        review.append(item)
    return review


def right_answer_text(snapshot: dict) -> str:
    """The key in words, for review pages once feedback may be seen."""
    kind = QUESTION_TYPES.get(snapshot["type"])
    return kind.right_answer_text(snapshot) if kind is not None else ""


@dataclass
class QuizState:
    """Where a trainee stands with a quiz: what the module and quiz pages show."""

    quiz: Quiz
    attempts: list[Attempt]
    open_attempt: Attempt | None
    counted_attempt: Attempt | None
    passed: bool
    attempts_left: int | None
    can_start: bool
    refusal: str
    next_start_at: datetime | None
    awaiting_grading: bool
    waiting_for_supervisor: bool


def counted_attempt(quiz: Quiz, attempts: list[Attempt]) -> Attempt | None:
    """The final attempt that counts, by the quiz's rule (highest, or last)."""
    final = [a for a in attempts if a.status == Attempt.Status.FINAL]
    if not final:
        return None
    if quiz.grading == Quiz.Grading.LAST:
        return max(final, key=lambda a: a.number)
    return max(final, key=lambda a: (a.percent or 0, a.number))


def quiz_state_for(*, enrolment, quiz: Quiz) -> QuizState:
    """A trainee's attempts and standing at a quiz, in two queries."""
    from assessments.quizzes.services import start_refusal

    attempts = list(Attempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number"))
    open_attempt = next((a for a in attempts if a.status == Attempt.Status.OPEN), None)
    counted = counted_attempt(quiz, attempts)
    now = timezone.now()
    refusal = "" if open_attempt else start_refusal(quiz=quiz, attempts=attempts, now=now)
    next_start_at = None
    finished = [a for a in attempts if a.submitted_at is not None]
    if not open_attempt and finished and quiz.cooldown:
        ready = finished[-1].submitted_at + quiz.cooldown
        next_start_at = ready if ready > now else None
    awaiting = any(a.status == Attempt.Status.AWAITING_GRADING for a in attempts)
    waiting_for_supervisor = False
    if awaiting:
        waiting_for_supervisor = not Supervision.objects.filter(
            enrolment=enrolment, ended_at__isnull=True
        ).exists()
    return QuizState(
        quiz=quiz,
        attempts=attempts,
        open_attempt=open_attempt,
        counted_attempt=counted,
        passed=bool(counted and counted.passed),
        attempts_left=(
            None if quiz.max_attempts is None else max(quiz.max_attempts - len(attempts), 0)
        ),
        can_start=open_attempt is None and not refusal,
        refusal=refusal,
        next_start_at=next_start_at,
        awaiting_grading=awaiting,
        waiting_for_supervisor=waiting_for_supervisor,
    )


def _final_attempts(enrolment, quiz_ids) -> list[Attempt]:
    """The trainee's final attempts at these quizzes. On a page whose parts share reads
    (`enrolment.page_reads`, set for one render of the course page), every final attempt of
    the enrolment is read once and each caller takes its quizzes' from it."""
    fields = ("id", "quiz_id", "number", "status", "percent", "passed")
    final = Attempt.objects.filter(enrolment=enrolment, status=Attempt.Status.FINAL)
    shared = getattr(enrolment, "page_reads", None)
    if shared is None:
        return list(final.filter(quiz_id__in=quiz_ids).only(*fields))
    if "final_attempts" not in shared:
        shared["final_attempts"] = list(final.only(*fields))
    return [attempt for attempt in shared["final_attempts"] if attempt.quiz_id in quiz_ids]


def passed_quiz_ids(*, enrolment, quizzes: list[Quiz]) -> set[int]:
    """Which of these quizzes the trainee has passed, by each quiz's counted attempt."""
    by_id = {quiz.pk: quiz for quiz in quizzes}
    attempts: dict[int, list[Attempt]] = {}
    for attempt in _final_attempts(enrolment, by_id):
        attempts.setdefault(attempt.quiz_id, []).append(attempt)
    passed = set()
    for quiz_id, quiz_attempts in attempts.items():
        counted = counted_attempt(by_id[quiz_id], quiz_attempts)
        if counted and counted.passed:
            passed.add(quiz_id)
    return passed


REQUIRED_QUIZZES_KEY = "assessments:required-quizzes"


def required_quizzes_changed() -> None:
    """Forget the cached list of required quizzes (on every quiz save or delete)."""
    cache.delete(REQUIRED_QUIZZES_KEY)


def _required_quizzes() -> list[Quiz]:
    """Every live quiz that must be passed to continue: few, read on every module and lesson
    page, so cached (an hour at most; a quiz's or its translation's save clears it at once).
    Each carries its approved translated titles (`translated`: language → (title,
    introduction, digest)), so a lock names the quiz in the trainee's language."""
    rows = cache.get(REQUIRED_QUIZZES_KEY)
    if rows is None:
        rows = list(
            Quiz.objects.filter(live=True, required_to_continue=True)
            .order_by("pk")
            .values("id", "title", "introduction", "module_id", "grading")
        )
        translated = defaultdict(dict)
        for quiz_id, language, title, introduction, digest in QuizTranslation.objects.filter(
            quiz_id__in=[row["id"] for row in rows], status=TranslationStatus.APPROVED
        ).values_list("quiz_id", "language", "title", "introduction", "source_digest"):
            translated[quiz_id][language] = (title, introduction, digest)
        for row in rows:
            row["translated"] = translated.get(row["id"], {})
        cache.set(REQUIRED_QUIZZES_KEY, rows, 60 * 60)
    quizzes = []
    for row in rows:
        row = dict(row)
        titles = row.pop("translated", {})
        quiz = Quiz(**row)
        quiz.translated_titles = titles
        quizzes.append(quiz)
    return quizzes


def _lock_title(quiz: Quiz) -> str:
    """The quiz's title in the active language when an approved translation follows its
    current English (as `translations.quiz_text` decides), else its own."""
    language = translations.target_language()
    entry = getattr(quiz, "translated_titles", {}).get(language) if language else None
    if entry is None:
        return quiz.title
    title, introduction, digest = entry
    complete = title and (introduction or not quiz.introduction)
    return title if complete and digest == translations.quiz_digest(quiz) else quiz.title


def quiz_module_locks(*, enrolment, modules) -> dict[int, str]:
    """For courses.hooks.MODULE_LOCKS: every module after one whose required quiz is not
    passed stays locked. No query for a course without required quizzes; one otherwise."""
    ids = {module.id for module in modules}
    quizzes = [quiz for quiz in _required_quizzes() if quiz.module_id in ids]
    if not quizzes:
        return {}
    passed = passed_quiz_ids(enrolment=enrolment, quizzes=quizzes)
    blocking: dict[int, Quiz] = {}
    for quiz in quizzes:
        if quiz.pk not in passed:
            blocking.setdefault(quiz.module_id, quiz)
    locks: dict[int, str] = {}
    blocker = None
    for module in modules:
        if blocker is not None:
            locks[module.id] = _("Pass the quiz “%(quiz)s” first.") % {"quiz": _lock_title(blocker)}
        elif module.id in blocking:
            blocker = blocking[module.id]
    return locks


def grading_queue_for(supervisor) -> list[AttemptAnswer]:
    """Essays waiting for this supervisor: their current trainees', oldest first."""
    return list(
        AttemptAnswer.objects.filter(
            needs_grading=True,
            attempt__status=Attempt.Status.AWAITING_GRADING,
            attempt__enrolment__supervisions__supervisor=supervisor,
            attempt__enrolment__supervisions__ended_at__isnull=True,
        )
        .select_related("attempt__quiz", "attempt__enrolment__user", "attempt__enrolment__course")
        .order_by("attempt__submitted_at", "position")
    )


def quiz_preview_questions(quiz: Quiz) -> list[dict]:
    """A quiz's questions as a trainee would see them, for the editor's preview.

    Works on an unsaved draft too (the preview builds the quiz from the form): its question
    list is read from memory. A random draw shows a sample of its category.
    """
    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_category_id:
        questions = questions_with_parts(
            Question.objects.filter(category_id=quiz.draw_category_id).order_by("?")[
                : quiz.draw_count or 1
            ]
        )
    else:
        ids = [slot.question_id for slot in quiz.quiz_questions.all() if slot.question_id]
        loaded = {q.pk: q for q in questions_with_parts(Question.objects.filter(pk__in=ids))}
        questions = [loaded[pk] for pk in ids if pk in loaded]
    return [
        shown_question(question.snapshot(), position=position)
        for position, question in enumerate(questions, start=1)
    ]


# --- Asked by other apps --------------------------------------------------------------------
# What `certificates` needs to know about quizzes and attempts, so it never queries them.


def live_quizzes_for_modules(module_ids: list[int]) -> list[Quiz]:
    """Each module's live quiz (the first, as `live_quiz_for_module` picks it), for every
    module in one query; only the fields a certificate's rules read."""
    first: dict[int, Quiz] = {}
    for quiz in (
        Quiz.objects.filter(module_id__in=module_ids, live=True)
        .only("id", "title", "module_id", "grading")
        .order_by("pk")
    ):
        first.setdefault(quiz.module_id, quiz)
    return list(first.values())


def attempt_enrolment_id(attempt_id: int) -> int | None:
    """The enrolment an attempt belongs to, or None when there is no such attempt."""
    return Attempt.objects.filter(pk=attempt_id).values_list("enrolment_id", flat=True).first()


def enrolment_ids_attempted(*, quiz_id: int):
    """The enrolments with an attempt at a quiz, as a subquery (a values queryset)."""
    return Attempt.objects.filter(quiz_id=quiz_id).values("enrolment_id")


def enrolment_ids_finalised_since(since):
    """The enrolments with an attempt finalised at or after `since`, as a subquery."""
    return Attempt.objects.filter(finalised_at__gte=since).values("enrolment_id")


# Many enrolments at once (a cohort's progress): one query each however many there are.


def passed_quiz_ids_for(*, enrolments, quizzes: list[Quiz]) -> dict[int, set[int]]:
    """passed_quiz_ids for each of `enrolments` (a queryset): enrolment id → the quizzes its
    counted attempt passed, for those that passed any. Reads only the figures
    `counted_attempt` weighs, as plain rows."""
    by_id = {quiz.pk: quiz for quiz in quizzes}
    if not by_id:
        return {}
    attempts: dict[tuple[int, int], list] = {}
    for row in (
        Attempt.objects.filter(
            enrolment_id__in=enrolments.values("pk"),
            quiz_id__in=list(by_id),
            status=Attempt.Status.FINAL,
        )
        .order_by()
        .values_list("enrolment_id", "quiz_id", "status", "number", "percent", "passed", named=True)
    ):
        attempts.setdefault((row.enrolment_id, row.quiz_id), []).append(row)
    passed: dict[int, set[int]] = {}
    for (enrolment_id, quiz_id), rows in attempts.items():
        counted = counted_attempt(by_id[quiz_id], rows)
        if counted and counted.passed:
            passed.setdefault(enrolment_id, set()).add(quiz_id)
    return passed


def quiz_activity_for(*, enrolments) -> dict[int, tuple]:
    """For each of `enrolments` (a queryset) with attempts: (when it last started or
    submitted one, how many wait for a supervisor to grade an essay)."""
    return {
        row["enrolment_id"]: (row["last"], row["waiting"])
        for row in Attempt.objects.filter(enrolment_id__in=enrolments.values("pk"))
        .order_by()
        .values("enrolment_id")
        .annotate(
            last=Max(Coalesce("submitted_at", "started_at")),
            waiting=Count("pk", filter=Q(status=Attempt.Status.AWAITING_GRADING)),
        )
    }


# --- Asked by supervise (the supervisor's digest) -------------------------------------------


def essays_waiting_by_supervision(*, submitted_before, supervisor_id: int | None = None):
    """Essays waiting for a grade since before `submitted_before`, counted per current
    supervisor and enrolment: rows of `supervisor_id`, `enrolment_id`, `n` and `oldest` (the
    earliest submit). One query; `supervisor_id` narrows it to one supervisor."""
    only = {} if supervisor_id is None else {"supervisions__supervisor_id": supervisor_id}
    return [
        {
            "supervisor_id": row["attempt__enrolment__supervisions__supervisor_id"],
            "enrolment_id": row["attempt__enrolment_id"],
            "n": row["n"],
            "oldest": row["oldest"],
        }
        for row in AttemptAnswer.objects.filter(
            needs_grading=True,
            attempt__status=Attempt.Status.AWAITING_GRADING,
            attempt__submitted_at__lt=submitted_before,
            attempt__enrolment__supervisions__ended_at=None,
            **{f"attempt__enrolment__{name}": value for name, value in only.items()},
        )
        .order_by()
        .values("attempt__enrolment__supervisions__supervisor_id", "attempt__enrolment_id")
        .annotate(n=Count("pk"), oldest=Min("attempt__submitted_at"))
    ]
