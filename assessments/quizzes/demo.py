"""The demo course's quizzes: a question bank and one live quiz per demo module, built from
`content.curriculum.quizzes`. Never loaded in production; `lms`'s `load_demo` command calls it
once the demo course exists.

Idempotent, as `courses.demo` is: the bank and its categories are found by name, a quiz by its
module, and a question by its category and name. A module that already has a quiz is left as
it is, whatever an editor has done to it since, so a second run creates nothing and changes
nothing.

Two shortcuts a real programme would not take, both because the demo text ships with the code
and there is nobody to review it at install time (run it only on demo and development
installations):

- Questions are saved as approved, with no approver, instead of arriving as drafts for
  clinical review as imported and new questions do.
- Quizzes are published as a system action (`save_revision().publish()` with no user), not
  through the "Clinical review" workflow.
- The Hindi text of a quiz (`content.curriculum.hi.QUIZZES`, issue 16) is saved as approved
  by the demo's clinical reviewer (or by no one, without that account), so a trainee reading
  in Hindi sees it at once. A quiz that already has a Hindi translation keeps it.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Attempt,
    Question,
    QuestionBank,
    QuestionCategory,
    Quiz,
    QuizQuestion,
    QuizTranslation,
)
from assessments.quizzes.question_types.registry import question_type_for
from assessments.quizzes.selectors import question_problems, quiz_state_for
from assessments.quizzes.services import (
    AssessmentError,
    answer_save,
    attempt_start,
    attempt_submit,
    essay_grade,
    question_options_set,
)
from assessments.quizzes.translations import questions_to_translate, translate_quiz
from content.curriculum.hi import QUIZZES as HINDI_QUIZZES
from content.curriculum.quizzes import (
    ATTEMPTS,
    COOLDOWN_MINUTES,
    ESSAY_EXAMPLE_ANSWER_DEFAULT,
    ESSAY_EXAMPLE_ANSWERS,
    QUIZZES,
)
from content.demo import DEMO_DOMAIN, demo_refuse_production
from courses.models import CoursePage, ModulePage

DEMO_BANK_NAME = "Peer support foundations (demo)"
DEMO_BANK_DESCRIPTION = (
    "Questions for the demo course “Foundations of Peer Support”, one category per module. "
    "Loaded with the demo data; edit or replace them freely."
)


@dataclass
class DemoQuizzesResult:
    quizzes: list[Quiz] = field(default_factory=list)
    quizzes_created: int = 0
    questions_created: int = 0
    # Slugs of curriculum modules the course no longer has (an editor deleted or moved one).
    modules_missing: list[str] = field(default_factory=list)
    translations_created: int = 0
    # Quizzes whose questions no longer line up with their Hindi text, left in English.
    translations_skipped: list[str] = field(default_factory=list)


def _decimal(value) -> Decimal:
    return Decimal(str(value))


# The three readers below know the curriculum's dict format (content.curriculum.quizzes), not
# the question types: a new type needs a branch here only once the demo curriculum uses it.


def _own_fields(data: dict) -> dict:
    """The fields a question type keeps on its own row, from the curriculum's dict."""
    kind = data["type"]
    if kind == "true_false":
        return {
            "correct_answer": data["correct_answer"],
            "feedback_true": data["feedback_true"],
            "feedback_false": data["feedback_false"],
        }
    if kind == "numerical":
        return {"answer": _decimal(data["answer"]), "tolerance": _decimal(data["tolerance"])}
    if kind == "essay":
        return {"grader_info": data["grader_info"]}
    return {}


def _part_rows(data: dict) -> list[dict] | None:
    """The option rows for `question_options_set`, or None for a type without rows."""
    kind = data["type"]
    if kind == "single_choice":
        return [
            {"text": o["text"], "is_correct": o["is_correct"], "feedback": o["feedback"]}
            for o in data["options"]
        ]
    if kind == "multiple_response":
        return [
            {"text": o["text"], "weight": _decimal(o["weight"]), "feedback": o["feedback"]}
            for o in data["options"]
        ]
    if kind == "short_answer":
        return [{"text": a["text"], "feedback": a["feedback"]} for a in data["answers"]]
    if kind == "matching":
        return [{"prompt": p["prompt"], "answer": p["answer"]} for p in data["pairs"]]
    return None


def _question_ensure(category: QuestionCategory, data: dict, result: DemoQuizzesResult) -> Question:
    """The category's question of this name, created complete and approved if missing.

    Raises ValueError when the curriculum's data breaks a rule of its question type, naming
    the question, rather than loading a quiz that cannot be answered.
    """
    existing = Question.objects.filter(category=category, name=data["name"]).first()
    if existing is not None:
        return existing
    model = question_type_for(data["type"]).model
    question = model(
        category=category,
        name=data["name"],
        prompt=data["prompt"],
        points=_decimal(data["points"]),
        general_feedback=data["general_feedback"],
        text_format=Question.TextFormat.PLAIN,
        status=Question.Status.APPROVED,  # demo data: see the module docstring
        approved_at=timezone.now(),
        **_own_fields(data),
    )
    try:
        question.full_clean()
    except ValidationError as error:
        raise ValueError(f"Demo question {data['name']!r}: {error.messages}") from error
    question.save()
    rows = _part_rows(data)
    try:
        if rows is not None:
            # Checks the whole question (one correct option, weights adding up to 100 %...).
            question_options_set(question=question, options=rows)
        elif problems := question_problems(question):
            raise AssessmentError(" ".join(problems))
    except AssessmentError as error:
        raise ValueError(f"Demo question {data['name']!r}: {error.message}") from error
    result.questions_created += 1
    return question


def _quiz_create(module: ModulePage, questions: list[Question], data: dict) -> Quiz:
    quiz = Quiz(
        title=data["title"],
        module=module,
        introduction=data["introduction"],
        required_to_continue=data["required_to_continue"],
        selection=Quiz.Selection.FIXED,
        shuffle_questions=False,  # the scenarios come first, on purpose
        shuffle_options=True,
        pass_mark=_decimal(data["pass_mark"]),
        max_attempts=ATTEMPTS,
        cooldown=timedelta(minutes=COOLDOWN_MINUTES),
        grading=Quiz.Grading.HIGHEST,
        feedback=data["feedback"],
        live=False,
    )
    quiz.full_clean()
    quiz.save()
    for position, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
    # A system action, not an editorial one: see the module docstring.
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return quiz


HINDI = "hi"


def _hindi_ensure(quiz: Quiz, data: dict, result: DemoQuizzesResult) -> None:
    """The quiz's approved Hindi translation from `data`, unless it has one (or its questions
    are no longer the ones the Hindi was written for: an editor changed the quiz)."""
    if QuizTranslation.objects.filter(quiz=quiz, language=HINDI).exists():
        return
    names = [question.name for question in questions_to_translate(quiz)]
    if names != [question["name"] for question in data["questions"]]:
        result.translations_skipped.append(quiz.title)
        return
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.filter(email=f"reviewer@{DEMO_DOMAIN}").first()
    translate_quiz(quiz, HINDI, data, approved_by=reviewer)
    result.translations_created += 1


def demo_quizzes_load(*, course: CoursePage, data: list[dict] = QUIZZES) -> DemoQuizzesResult:
    """Give each of the demo course's modules its quiz, creating only what is missing."""
    demo_refuse_production()
    result = DemoQuizzesResult()
    with transaction.atomic():
        bank, _created = QuestionBank.objects.get_or_create(
            name=DEMO_BANK_NAME, defaults={"description": DEMO_BANK_DESCRIPTION}
        )
        for quiz_data in data:
            module = (
                ModulePage.objects.child_of(course).filter(slug=quiz_data["module_slug"]).first()
            )
            if module is None:
                result.modules_missing.append(quiz_data["module_slug"])
                continue
            quiz = Quiz.objects.filter(module=module).order_by("pk").first()
            if quiz is None:
                category, _created = QuestionCategory.objects.get_or_create(
                    bank=bank,
                    name=quiz_data["category"],
                    defaults={"description": f"Questions on the module “{module.title}”."},
                )
                questions = [
                    _question_ensure(category, question_data, result)
                    for question_data in quiz_data["questions"]
                ]
                quiz = _quiz_create(module, questions, quiz_data)
                result.quizzes_created += 1
            result.quizzes.append(quiz)
            if quiz_data["module_slug"] in HINDI_QUIZZES:
                _hindi_ensure(quiz, HINDI_QUIZZES[quiz_data["module_slug"]], result)
    return result


# --- Taking the quizzes, for `manage.py demo_almost_certified` -------------------------------


def demo_right_response(snapshot: dict):
    """The response that earns full marks on a question as an attempt asked it, read from the
    answer key the attempt kept; an essay gets the curriculum's example answer."""
    kind = snapshot["type"]
    if kind == "single_choice":
        return next(option["id"] for option in snapshot["options"] if option["is_correct"])
    if kind == "multiple_response":
        return [option["id"] for option in snapshot["options"] if Decimal(option["weight"]) > 0]
    if kind == "true_false":
        return snapshot["correct_answer"]
    if kind == "short_answer":
        return snapshot["accepted_answers"][0]["text"]
    if kind == "matching":
        return {str(pair["id"]): pair["answer"] for pair in snapshot["pairs"]}
    if kind == "numerical":
        return snapshot["answer"] if snapshot["answer"] is not None else snapshot["min_value"]
    if kind == "essay":
        return ESSAY_EXAMPLE_ANSWERS.get(snapshot["name"], ESSAY_EXAMPLE_ANSWER_DEFAULT)
    raise ValueError(f"No right answer for a {kind} question.")


def demo_quiz_pass(*, enrolment, quiz: Quiz, grader) -> Attempt | None:
    """The demo trainee takes `quiz` through the attempt services with every answer right, and
    `grader` (their supervisor) grades any essay with full marks. None when the trainee has
    passed it already; AssessmentError with the reason when the quiz cannot be taken now (a
    locked module, attempts used up, a cooldown)."""
    demo_refuse_production()
    if quiz_state_for(enrolment=enrolment, quiz=quiz).passed:
        return None
    attempt = attempt_start(user=enrolment.user, quiz=quiz)
    for answer in attempt.answers.order_by("position"):
        answer_save(
            attempt=attempt,
            position=answer.position,
            response=demo_right_response(answer.snapshot),
            sequence=answer.sequence,
        )
    attempt = attempt_submit(attempt=attempt)
    for essay in attempt.answers.filter(needs_grading=True):
        essay_grade(answer=essay, grader=grader, points=essay.points)
    attempt.refresh_from_db()
    return attempt
