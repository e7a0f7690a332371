"""Numerical: a typed number, right within a tolerance or a range."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.quizzes.gift import NumericalAnswer, numerical_line, weight_prefix
from assessments.quizzes.question_types.base import (
    HUNDRED,
    ONE,
    ZERO,
    Grade,
    ImportRefused,
    QuestionType,
    as_number,
    auto_grade,
    posted_text,
)


class Numerical(QuestionType):
    """A number, right within `answer ± tolerance` or within `min_value..max_value` (inclusive)."""

    key = "numerical"
    model_name = "NumericalQuestion"
    template_name = "assessments/includes/question_types/numerical.html"
    typed_answer = True
    key_fields = ("answer", "tolerance", "min_value", "max_value")

    def grade(self, snapshot: dict, response) -> Grade:
        given = as_number(response)
        if snapshot["answer"] is not None:
            answer, tolerance = Decimal(snapshot["answer"]), Decimal(snapshot["tolerance"])
            low, high = answer - tolerance, answer + tolerance
        else:
            low, high = Decimal(snapshot["min_value"]), Decimal(snapshot["max_value"])
        return auto_grade(ONE if low <= given <= high else ZERO, {})

    def shown(self, snapshot: dict, response) -> dict:
        return {}  # a text box holding `response`; the answer and range stay hidden

    def problems(self, question) -> list[str]:
        return []  # the model's `clean()` checks the answer or the range

    def response_from_post(self, data):
        text = posted_text(data)
        return None if text is None else text.strip()

    def right_answer_text(self, snapshot: dict) -> str:
        if snapshot["answer"] is not None:
            answer = Decimal(snapshot["answer"]).normalize()
            tolerance = Decimal(snapshot["tolerance"]).normalize()
            return f"{answer:f}" if not tolerance else f"{answer:f} ± {tolerance:f}"
        low = Decimal(snapshot["min_value"]).normalize()
        high = Decimal(snapshot["max_value"]).normalize()
        return f"{low:f}–{high:f}"

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        answers = parsed.numerical_answers
        if len(answers) != 1:
            raise ImportRefused(
                _(
                    "The question has %(count)s numerical answers. A numerical question here "
                    "has one answer with a tolerance, or one range: keep the answer worth "
                    "100 %%."
                )
                % {"count": len(answers)}
            )
        answer = answers[0]
        if answer.feedback:
            raise ImportRefused(
                _(
                    "Numerical answers cannot have their own feedback here; move it to the "
                    "general feedback, written after ####."
                )
            )
        if answer.is_range:
            return {"min_value": answer.minimum, "max_value": answer.maximum}, []
        return {"answer": answer.value, "tolerance": answer.tolerance or ZERO}, []

    def gift_fill(self, question, parsed) -> None:
        if question.min_value is not None:
            answer = NumericalAnswer(minimum=question.min_value, maximum=question.max_value)
        else:
            answer = NumericalAnswer(value=question.answer, tolerance=question.tolerance)
        parsed.numerical_answers = [answer]

    def gift_body_lines(self, parsed) -> list[str]:
        answers = parsed.numerical_answers
        if len(answers) == 1 and answers[0].fraction == HUNDRED:
            return ["#" + numerical_line(answers[0])]
        return ["#"] + [
            "=" + weight_prefix(a.fraction, default=HUNDRED, text="") + numerical_line(a)
            for a in answers
        ]
