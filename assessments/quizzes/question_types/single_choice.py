"""Single choice: one right option among several, chosen on the page by its id."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.quizzes.gift import GiftAnswer, answer_line, plain_number
from assessments.quizzes.question_types.base import (
    HUNDRED,
    ONE,
    ZERO,
    AnswerRefused,
    Grade,
    ImportRefused,
    InvalidResponse,
    QuestionType,
    as_id,
    auto_grade,
    part_feedback,
    posted_option_id,
    shown_options,
)


class SingleChoice(QuestionType):
    """One right option among several, each with its own feedback; also "best response"."""

    key = "single_choice"
    model_name = "SingleChoiceQuestion"
    template_name = "assessments/includes/question_types/single_choice.html"
    key_fields = ("options",)

    def grade(self, snapshot: dict, response) -> Grade:
        chosen = as_id(response)
        options = {option["id"]: option for option in snapshot["options"]}
        if chosen not in options:
            raise InvalidResponse(_("That option is not part of this question."))
        option = options[chosen]
        return auto_grade(
            ONE if option["is_correct"] else ZERO, part_feedback(option["feedback"], chosen)
        )

    def shown(self, snapshot: dict, response) -> dict:
        return shown_options(snapshot, response)

    def problems(self, question) -> list[str]:
        problems = []
        options = list(question.options.all())
        if len(options) < 2:
            problems.append(_("A single choice question needs at least two options."))
        if sum(option.is_correct for option in options) != 1:
            problems.append(_("A single choice question needs exactly one correct option."))
        return problems

    def response_from_post(self, data):
        chosen = data.getlist("response")
        if not chosen:
            return None
        if len(chosen) > 1:
            raise AnswerRefused(_("Choose one answer only."))
        return posted_option_id(chosen[0])

    def right_answer_text(self, snapshot: dict) -> str:
        return next((o["text"] for o in snapshot["options"] if o["is_correct"]), "")

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        right = [a for a in parsed.answers if a.fraction == HUNDRED]
        for answer in parsed.answers:
            if answer.fraction not in (ZERO, HUNDRED):
                raise ImportRefused(
                    _(
                        "Option “%(option)s” is worth %(weight)s %%. A single choice question "
                        "here has one right option and the others are worth nothing, so partial "
                        "and negative marks cannot be kept. Remove the weight, or make it a "
                        "multiple response question (only ~ options, with weights)."
                    )
                    % {"option": answer.text, "weight": plain_number(answer.fraction)}
                )
        if len(right) != 1:
            raise ImportRefused(
                _(
                    "%(count)s options are marked right (=). A single choice question here has "
                    "exactly one right option: mark the others with ~."
                )
                % {"count": len(right)}
            )
        option = self.model.options.rel.related_model
        return {}, [
            option(
                text=text.inline(answer.text),
                is_correct=answer.fraction == HUNDRED,
                feedback=text.block(answer.feedback),
                sort_order=position,
            )
            for position, answer in enumerate(parsed.answers)
        ]

    def gift_fill(self, question, parsed) -> None:
        parsed.answers = [
            GiftAnswer(o.text, HUNDRED if o.is_correct else ZERO, o.feedback)
            for o in question.options.all()
        ]

    def gift_body_lines(self, parsed) -> list[str]:
        lines = []
        has_tilde = any(a.fraction != HUNDRED for a in parsed.answers)
        seen_equals = False
        for answer in parsed.answers:
            if answer.fraction == HUNDRED and (has_tilde or not seen_equals):
                # '=' marks single choice; with every option at 100% one '~%100%' keeps the
                # block from reading as a short-answer question.
                lines.append(answer_line("=", answer, HUNDRED))
                seen_equals = True
            else:
                lines.append(answer_line("~", answer, ZERO))
        return lines
