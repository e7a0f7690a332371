"""Essay: typed text that the trainee's supervisor grades."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.quizzes.question_types.base import (
    Grade,
    InvalidResponse,
    QuestionType,
    posted_text,
)


class Essay(QuestionType):
    """A written answer, graded by the trainee's supervisor with a score and a comment.

    GIFT writes it as an empty answer block; the guidance for graders is not carried.
    """

    key = "essay"
    model_name = "EssayQuestion"
    template_name = "assessments/includes/question_types/essay.html"
    typed_answer = True

    def grade(self, snapshot: dict, response) -> Grade:
        if not isinstance(response, str):
            raise InvalidResponse(_("Expected a text answer."))
        return Grade(score=None, is_correct=None, needs_manual_grading=True)

    def shown(self, snapshot: dict, response) -> dict:
        return {}  # a text box holding `response`

    def problems(self, question) -> list[str]:
        return []  # any prompt can be answered in writing

    def response_from_post(self, data):
        return posted_text(data)

    def right_answer_text(self, snapshot: dict) -> str:
        return ""  # a supervisor's comment says what was right

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        return {}, []

    def gift_fill(self, question, parsed) -> None:
        return None  # nothing but the shared fields

    def gift_body_lines(self, parsed) -> list[str]:
        return []
