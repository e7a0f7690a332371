"""Multiple response: options with weights, several chosen on the page by their ids."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from assessments.quizzes.gift import GiftAnswer, answer_line
from assessments.quizzes.question_types.base import (
    HUNDRED,
    ZERO,
    Grade,
    InvalidResponse,
    QuestionType,
    as_id,
    auto_grade,
    part_feedback,
    posted_option_id,
    shown_options,
)

WEIGHT_UNIT = Decimal("0.00001")  # WeightedOption.weight has five decimal places


def weights_to_hundred(fractions: list[Decimal]) -> list[Decimal]:
    """Scale the positive weights to add up to exactly 100, in steps of 0.00001.

    GIFT's `%33.33333%` three times would otherwise leave a question nobody can get fully
    right. Largest remainder: each positive weight is scaled, cut down to five places, and
    the units still missing go to the weights that lost the most, earlier options first on a
    tie. Negative weights are rounded to five places and otherwise left alone.
    """
    total = sum((f for f in fractions if f > 0), ZERO)
    exact = {i: f * HUNDRED / total for i, f in enumerate(fractions) if f > 0}
    cut = {i: value.quantize(WEIGHT_UNIT, rounding=ROUND_FLOOR) for i, value in exact.items()}
    missing = int((HUNDRED - sum(cut.values(), ZERO)) / WEIGHT_UNIT)
    for i in sorted(exact, key=lambda i: (cut[i] - exact[i], i))[:missing]:
        cut[i] += WEIGHT_UNIT
    return [cut[i] if i in cut else f.quantize(WEIGHT_UNIT) for i, f in enumerate(fractions)]


class MultipleResponse(QuestionType):
    """Several options may be chosen; each carries a weight in percent, negative to penalise.

    The score is the sum of the chosen weights, never below 0 % nor above 100 %.
    """

    key = "multiple_response"
    model_name = "MultipleResponseQuestion"
    template_name = "assessments/includes/question_types/multiple_response.html"
    key_fields = ("options",)

    def grade(self, snapshot: dict, response) -> Grade:
        if not isinstance(response, list):
            raise InvalidResponse(_("Expected a list of options."))
        chosen = [as_id(value) for value in response]
        if len(set(chosen)) != len(chosen):
            raise InvalidResponse(_("The same option was chosen twice."))
        options = {option["id"]: option for option in snapshot["options"]}
        if any(option_id not in options for option_id in chosen):
            raise InvalidResponse(_("That option is not part of this question."))
        total = sum((Decimal(options[option_id]["weight"]) for option_id in chosen), ZERO)
        feedback = {}
        for option_id in chosen:
            feedback.update(part_feedback(options[option_id]["feedback"], option_id))
        return auto_grade(total / HUNDRED, feedback)

    def shown(self, snapshot: dict, response) -> dict:
        return shown_options(snapshot, response)

    def problems(self, question) -> list[str]:
        problems = []
        options = list(question.options.all())
        if len(options) < 2:
            problems.append(_("A multiple response question needs at least two options."))
        positive = sum((option.weight for option in options if option.weight > 0), ZERO)
        if positive != 100:
            problems.append(
                _("The positive weights add up to %(total)s %%; they must add up to 100 %%.")
                % {"total": format(positive.normalize(), "f")}
            )
        return problems

    def response_from_post(self, data):
        return [posted_option_id(value) for value in data.getlist("response")] or None

    def right_answer_text(self, snapshot: dict) -> str:
        return "; ".join(o["text"] for o in snapshot["options"] if Decimal(o["weight"]) > 0)

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        weights = weights_to_hundred([answer.fraction for answer in parsed.answers])
        option = self.model.options.rel.related_model
        return {}, [
            option(
                text=text.inline(answer.text),
                weight=weight,
                feedback=text.block(answer.feedback),
                sort_order=position,
            )
            for position, (answer, weight) in enumerate(zip(parsed.answers, weights, strict=True))
        ]

    def gift_fill(self, question, parsed) -> None:
        parsed.answers = [GiftAnswer(o.text, o.weight, o.feedback) for o in question.options.all()]

    def gift_body_lines(self, parsed) -> list[str]:
        return [answer_line("~", a, ZERO) for a in parsed.answers]
