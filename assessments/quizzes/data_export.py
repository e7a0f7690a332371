"""What the quiz room holds about a person, for their copy of their data (lms.data_export):
every attempt at every quiz, each question as it was asked and the answer given (essays and
short answers in full), with the attempt's result.

A question's own score, whether it was right, its feedback and the grader's comment follow
the quiz's feedback rule (`feedback_visible`), as the result page does: a quiz that never
shows feedback would otherwise give its answer key away to anyone who asks for their data.
The answers themselves, and each attempt's result, are always there.

Registered from AssessmentsConfig.ready().
"""

from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Attempt, AttemptAnswer
from lms.data_export import register_export_section

from .selectors import feedback_visible, quiz_state_for


def _question_text(snapshot: dict) -> str:
    prompt = snapshot.get("prompt") or ""
    if snapshot.get("text_format") == "html":
        return strip_tags(prompt).strip()
    return prompt


def _option_text(options: dict, value):
    try:
        return options.get(int(value), value)
    except (TypeError, ValueError):
        return value


def _in_words(snapshot: dict, response):
    """The answer as the person saw it: option texts rather than their ids, matched items
    by their prompts; text and numbers as written."""
    if response is None:
        return None
    options = {
        option["id"]: option.get("text", "")
        for option in snapshot.get("options") or []
        if isinstance(option, dict) and "id" in option
    }
    if options:
        if isinstance(response, list):
            return [_option_text(options, value) for value in response]
        return _option_text(options, response)
    if isinstance(response, bool):
        return _("True") if response else _("False")
    if isinstance(response, dict) and snapshot.get("pairs"):
        prompts = {str(pair.get("id")): pair.get("prompt", "") for pair in snapshot["pairs"]}
        return {prompts.get(str(key), str(key)): value for key, value in response.items()}
    return response


def _answer(answer, *, with_feedback: bool) -> dict:
    snapshot = answer.snapshot or {}
    row = {
        "position": answer.position,
        "question": _question_text(snapshot),
        "your_answer": _in_words(snapshot, answer.response),
        "your_answer_as_stored": answer.response,
        "saved_at": answer.saved_at,
        "waiting_for_grading": answer.needs_grading,
    }
    if with_feedback:
        grade = answer.grade or {}
        row.update(
            {
                "score_fraction": answer.score,
                "right": grade.get("is_correct"),
                "grader_comment": answer.grader_comment,
                "graded_by": answer.graded_by.full_name if answer.graded_by else None,
                "graded_at": answer.graded_at,
            }
        )
    return row


def _attempts(person) -> list[dict]:
    attempts = (
        Attempt.objects.filter(enrolment__user=person)
        .select_related("quiz", "enrolment__course")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=AttemptAnswer.objects.select_related("graded_by").order_by("position"),
            )
        )
        .order_by("started_at", "pk")
    )
    rows = []
    states = {}  # one standing per quiz taken, not one per attempt
    for attempt in attempts:
        with_feedback = False
        if attempt.status == Attempt.Status.FINAL:
            key = (attempt.enrolment_id, attempt.quiz_id)
            if key not in states:
                states[key] = quiz_state_for(enrolment=attempt.enrolment, quiz=attempt.quiz)
            with_feedback = feedback_visible(attempt, states[key])
        rows.append(
            {
                "course": attempt.enrolment.course.title,
                "quiz": attempt.quiz.title,
                "attempt_number": attempt.number,
                "status": attempt.get_status_display(),
                "started_at": attempt.started_at,
                "submitted_at": attempt.submitted_at,
                "submitted_by": attempt.get_submitted_by_display() or None,
                "graded_at": attempt.finalised_at,
                "points": attempt.points,
                "points_available": attempt.max_points,
                "percent": attempt.percent,
                "pass_mark_percent": attempt.pass_mark,
                "passed": attempt.passed,
                "scores_per_question": (
                    _("Shown below.")
                    if with_feedback
                    else _("Not shown yet: the quiz's rules keep them hidden for now.")
                ),
                "answers": [
                    _answer(answer, with_feedback=with_feedback) for answer in attempt.answers.all()
                ],
            }
        )
    return rows


def register() -> None:
    register_export_section(
        name="quiz_attempts",
        order=300,
        title=gettext_lazy("Your quiz attempts: each question as asked and your answer."),
        collect=_attempts,
    )
