"""Reads for the question bank: loading questions with their parts, and checking them."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from .grading import normalise_short_answer
from .models import (
    MatchingQuestion,
    MultipleResponseQuestion,
    Question,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
)


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

    Rules that span a question and its rows live here rather than in `clean()`, which sees
    only the question's own fields.
    """
    problems: list[str] = []
    if isinstance(question, SingleChoiceQuestion):
        options = list(question.options.all())
        if len(options) < 2:
            problems.append(_("A single choice question needs at least two options."))
        if sum(option.is_correct for option in options) != 1:
            problems.append(_("A single choice question needs exactly one correct option."))
    elif isinstance(question, MultipleResponseQuestion):
        options = list(question.options.all())
        if len(options) < 2:
            problems.append(_("A multiple response question needs at least two options."))
        positive = sum((option.weight for option in options if option.weight > 0), Decimal(0))
        if positive != 100:
            problems.append(
                _("The positive weights add up to %(total)s %%; they must add up to 100 %%.")
                % {"total": format(positive.normalize(), "f")}
            )
    elif isinstance(question, ShortAnswerQuestion):
        answers = list(question.accepted_answers.all())
        if not any(normalise_short_answer(answer.text) for answer in answers):
            problems.append(_("A short answer question needs at least one accepted answer."))
    elif isinstance(question, MatchingQuestion) and len(question.pairs.all()) < 2:
        problems.append(_("A matching question needs at least two pairs."))
    return problems
