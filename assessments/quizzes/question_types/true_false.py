"""True/false: a bool, with feedback for each answer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.quizzes.gift import GiftAnswer, escape
from assessments.quizzes.question_types.base import (
    HUNDRED,
    ONE,
    ZERO,
    AnswerRefused,
    Grade,
    InvalidResponse,
    QuestionType,
    auto_grade,
    part_feedback,
)


class TrueFalse(QuestionType):
    """A statement that is true or false. GIFT keeps it as two answers, "True" then "False"."""

    key = "true_false"
    model_name = "TrueFalseQuestion"
    template_name = "assessments/includes/question_types/true_false.html"
    key_fields = ("correct_answer", "feedback_true", "feedback_false")

    def grade(self, snapshot: dict, response) -> Grade:
        if not isinstance(response, bool):
            raise InvalidResponse(_("Expected true or false."))
        text = snapshot["feedback_true"] if response else snapshot["feedback_false"]
        return auto_grade(
            ONE if response is snapshot["correct_answer"] else ZERO, part_feedback(text, "answer")
        )

    def shown(self, snapshot: dict, response) -> dict:
        return {}  # the page offers True and False and marks `response`

    def problems(self, question) -> list[str]:
        return []  # the model's own fields say it all

    def response_from_post(self, data):
        chosen = data.getlist("response")
        if not chosen:
            return None
        if len(chosen) > 1 or chosen[0] not in ("true", "false"):
            raise AnswerRefused(_("Choose true or false."))
        return chosen[0] == "true"

    def right_answer_text(self, snapshot: dict) -> str:
        return _("True") if snapshot["correct_answer"] else _("False")

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        by_text = {answer.text: answer for answer in parsed.answers}
        return {
            "correct_answer": by_text["True"].fraction == HUNDRED,
            "feedback_true": text.block(by_text["True"].feedback),
            "feedback_false": text.block(by_text["False"].feedback),
        }, []

    def gift_fill(self, question, parsed) -> None:
        truth = question.correct_answer
        parsed.answers = [
            GiftAnswer("True", HUNDRED if truth else ZERO, question.feedback_true),
            GiftAnswer("False", ZERO if truth else HUNDRED, question.feedback_false),
        ]

    def gift_body_lines(self, parsed) -> list[str]:
        by_text = {a.text: a for a in parsed.answers}
        if set(by_text) != {"True", "False"}:
            raise ValueError("A true/false question needs the answers 'True' and 'False'.")
        truth = by_text["True"].fraction == HUNDRED
        right = by_text["True" if truth else "False"].feedback
        wrong = by_text["False" if truth else "True"].feedback
        line = "TRUE" if truth else "FALSE"
        if wrong or right:
            line += "#" + escape(wrong)
        if right:
            line += "#" + escape(right)
        return [line]
