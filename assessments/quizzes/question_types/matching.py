"""Matching: one drop-down per item, each posted as its own field."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.quizzes.gift import MatchPair, escape
from assessments.quizzes.question_types.base import (
    PAIR_FIELD,
    ZERO,
    AnswerRefused,
    Grade,
    ImportRefused,
    InvalidResponse,
    QuestionType,
    as_id,
    auto_grade,
)


class Matching(QuestionType):
    """Match each item to an answer; the score is the fraction matched rightly."""

    key = "matching"
    model_name = "MatchingQuestion"
    template_name = "assessments/includes/question_types/matching.html"
    key_fields = ("pairs",)

    def answer_key(self, snapshot: dict) -> dict:
        # The choices offered are part of the key: a stored answer must still be one of them.
        return {**super().answer_key(snapshot), "answers": snapshot["answers"]}

    def post_fields(self, data) -> set[str]:
        return {key for key in data if PAIR_FIELD.match(key)}

    def grade(self, snapshot: dict, response) -> Grade:
        if not isinstance(response, dict):
            raise InvalidResponse(_("Expected a choice for each item to match."))
        pairs = {pair["id"]: pair for pair in snapshot["pairs"]}
        answers = set(snapshot["answers"])
        right = 0
        for key, chosen in response.items():
            pair_id = as_id(key)
            if pair_id not in pairs:
                raise InvalidResponse(_("That item is not part of this question."))
            if chosen is None:
                continue  # left unanswered
            if not isinstance(chosen, str) or chosen not in answers:
                raise InvalidResponse(_("That answer is not one of the choices."))
            right += chosen == pairs[pair_id]["answer"]
        if not pairs:  # refused when saved (`problems`); never divide by zero
            return auto_grade(ZERO, {})
        return auto_grade(Decimal(right) / Decimal(len(pairs)), {})

    def shown(self, snapshot: dict, response) -> dict:
        given = response if isinstance(response, dict) else {}
        return {
            "pairs": [
                {"id": p["id"], "prompt": p["prompt"], "chosen": given.get(str(p["id"]))}
                for p in snapshot["pairs"]
            ],
            "answers": list(snapshot["answers"]),
        }

    def problems(self, question) -> list[str]:
        if len(question.pairs.all()) < 2:
            return [_("A matching question needs at least two pairs.")]
        return []

    def response_from_post(self, data):
        response = {}
        for key in data:
            if not (match := PAIR_FIELD.match(key)):
                continue
            answers = data.getlist(key)
            if len(answers) > 1:
                raise AnswerRefused(_("Choose one answer for each item."))
            response[match.group(1)] = answers[0] or None
        return response if any(value is not None for value in response.values()) else None

    def right_answer_text(self, snapshot: dict) -> str:
        return "; ".join(f"{p['prompt']} → {p['answer']}" for p in snapshot["pairs"])

    def gift_build(self, parsed, text) -> tuple[dict, list]:
        for pair in parsed.pairs:
            if not pair.prompt:
                raise ImportRefused(
                    _(
                        "The answer “%(answer)s” has no item before '->'. Extra wrong answers "
                        "are not supported: a matching question here offers exactly the answers "
                        "of its items. Remove it, or give it an item."
                    )
                    % {"answer": pair.answer}
                )
        row = self.model.pairs.rel.related_model
        return {}, [
            # Answers are offered in a drop-down list, which shows plain text only.
            row(prompt=text.inline(pair.prompt), answer=pair.answer, sort_order=i)
            for i, pair in enumerate(parsed.pairs)
        ]

    def gift_fill(self, question, parsed) -> None:
        parsed.pairs = [MatchPair(p.prompt, p.answer) for p in question.pairs.all()]

    def gift_body_lines(self, parsed) -> list[str]:
        lines = []
        for pair in parsed.pairs:
            if "->" in pair.prompt:
                raise ValueError(f"Matching prompt {pair.prompt!r} cannot contain '->'.")
            lines.append(f"={escape(pair.prompt)} -> {escape(pair.answer)}")
        return lines
