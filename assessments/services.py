"""Writes for the question bank.

Attempts, quizzes and grading queues will add their services here; for now the one write that
spans rows is replacing a question's options (or accepted answers, or pairs) at once, so the
"exactly one correct option" kind of rule holds after every save.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AcceptedAnswer,
    ChoiceOption,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    Question,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    WeightedOption,
)
from .selectors import question_problems


class AssessmentError(Exception):
    """A refused request, with a message to show the person who made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
