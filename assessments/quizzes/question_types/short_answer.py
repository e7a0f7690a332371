"""Short answer: typed text, right when it matches an accepted answer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.quizzes.gift import GiftAnswer, answer_line, plain_number
from assessments.quizzes.question_types.base import (
    HUNDRED,
    ONE,
    ZERO,
    Grade,
    ImportRefused,
    InvalidResponse,
    QuestionType,
    auto_grade,
    normalise_short_answer,
    part_feedback,
    posted_text,
)


class ShortAnswer(QuestionType):
    """A typed answer, right if it matches any accepted answer ignoring case and spacing."""

    key = "short_answer"
    model_name = "ShortAnswerQuestion"
    template_name = "assessments/includes/question_types/short_answer.html"
    typed_answer = True
    key_fields = ("accepted_answers",)

    def grade(self, snapshot: dict, response) -> Grade:
        if not isinstance(response, str):
            raise InvalidResponse(_("Expected a text answer."))
        given = normalise_short_answer(response)
        for accepted in snapshot["accepted_answers"]:
            if given and normalise_short_answer(accepted["text"]) == given:
                return auto_grade(ONE, part_feedback(accepted["feedback"], accepted["id"]))
        return auto_grade(ZERO, {})

    def shown(self, snapshot: dict, response) -> dict:
        return {}  # a text box holding `response`; the accepted answers stay hidden

    def problems(self, question) -> list[str]:
        answers = list(question.accepted_answers.all())
        if not any(normalise_short_answer(answer.text) for answer in answers):
            return [_("A short answer question needs at least one accepted answer.")]
        return []

    def response_from_post(self, data):
        return posted_text(data)

    def right_answer_text(self, snapshot: dict) -> str:
        return " / ".join(a["text"] for a in snapshot["accepted_answers"])

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        for answer in parsed.answers:
            if answer.fraction != HUNDRED:
                raise ImportRefused(
                    _(
                        "The answer “%(answer)s” is worth %(weight)s %%. Short answers here are "
                        "right or wrong, so partial marks cannot be kept: remove the answer or "
                        "its weight."
                    )
                    % {"answer": answer.text, "weight": plain_number(answer.fraction)}
                )
        accepted = self.model.accepted_answers.rel.related_model
        return {}, [
            # Compared with what the trainee types, so kept as written in every format.
            accepted(text=answer.text, feedback=text.block(answer.feedback), sort_order=i)
            for i, answer in enumerate(parsed.answers)
        ]

    def gift_fill(self, question, parsed) -> None:
        parsed.answers = [
            GiftAnswer(a.text, HUNDRED, a.feedback) for a in question.accepted_answers.all()
        ]

    def gift_body_lines(self, parsed) -> list[str]:
        for answer in parsed.answers:
            # Moodle reads any '=' block containing '->' as matching, and '->' has no escape.
            if "->" in answer.text or "->" in answer.feedback:
                raise ValueError(
                    f"Short answer {answer.text!r} contains '->', which GIFT reads as matching."
                )
        return [answer_line("=", a, HUNDRED) for a in parsed.answers]
