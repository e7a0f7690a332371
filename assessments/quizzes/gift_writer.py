"""Writing questions as GIFT text, so that `gift_reader` reads back the same questions.

The shared head (name, format prefix, text) and the general feedback are written here; each
question type writes its own answer block (`QuestionType.gift_body_lines`), so a new type
needs no change in this module.
"""

from __future__ import annotations

from assessments.quizzes.gift import (
    CATEGORY_PREFIX,
    DEFAULT_FORMAT,
    FORMATS,
    ParsedQuestion,
    escape,
)
from assessments.quizzes.question_types.registry import QUESTION_TYPES


def _body_lines(question: ParsedQuestion) -> list[str]:
    kind = QUESTION_TYPES.get(question.kind)
    if kind is None:
        raise ValueError(f"Unknown question kind {question.kind!r}.")
    return kind.gift_body_lines(question)


def _question_gift(question: ParsedQuestion) -> str:
    if question.text_format not in FORMATS:
        raise ValueError(f"Unknown text format {question.text_format!r}.")
    if not question.text.strip():
        raise ValueError("A question needs text.")
    head = f"::{escape(question.name)}::" if question.name else ""
    # Without a prefix, text starting with '[', '//' or '$CATEGORY:' would be misread.
    if question.text_format != DEFAULT_FORMAT or question.text[:1] in "[/$":
        head += f"[{question.text_format}]"
    head += escape(question.text)
    lines = _body_lines(question)
    if question.general_feedback:
        lines.append("####" + escape(question.general_feedback))
    if not lines:
        return head + " {}"
    return head + " {\n" + "\n".join(lines) + "\n}"


def export_gift(questions: list[ParsedQuestion]) -> str:
    """Write questions as GIFT so that `parse_gift` reads back the same questions.

    Raises ValueError for what GIFT cannot say: '->' inside a matching prompt or in a short
    answer or its feedback, an unknown kind or format, or going back to the default (empty)
    category after a named one.
    """
    chunks: list[str] = []
    category = ""
    for question in questions:
        if question.category != category:
            if not question.category:
                raise ValueError("GIFT cannot return to the default category after $CATEGORY.")
            if "\n" in question.category:
                raise ValueError("A category path cannot contain a line break.")
            chunks.append(f"{CATEGORY_PREFIX} {question.category}")
            category = question.category
        chunks.append(_question_gift(question))
    return "\n\n".join(chunks) + "\n" if chunks else ""
