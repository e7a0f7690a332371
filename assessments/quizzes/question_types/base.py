"""What every question type is made of, and the vocabulary its pieces share.

A question type is one class (one module of this package) that owns everything the quiz
engine does differently by type: grading a snapshot and a response, what the trainee's page
shows of it (its choices, and the template that draws them), reading a response from the
attempt page's POST, checking a question before it is saved, describing the right answer on
review pages, and moving the question in and out of GIFT (building model fields and rows from
a parsed GIFT question, and the reverse, and writing its answer block). Everything else
(snapshots, attempts, regrading, the GIFT grammar, saving) is shared and asks the type
through `question_types.question_type_for`.

Nothing here touches the database at import time, so `grading.grade_snapshot` stays pure and
`assessments.models` may import the registry. A type reaches its model through Django's app
registry (`QuestionType.model`) only when asked.

A type is one instance of its class, held in the registry under the key that snapshots record
as `"type"` and the question model declares as `question_type`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import ClassVar

from django.apps import apps
from django.utils.translation import gettext as _

SNAPSHOT_VERSION = 1
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
# Scores keep seven places: enough that thirds add back up to a whole point after rounding.
SCORE_PLACES = Decimal("0.0000001")
# Matching items post one field each, named by the pair's id.
PAIR_FIELD = re.compile(r"^pair-(\d{1,12})$")


# --------------------------------------------------------------------------- grading


class InvalidResponse(ValueError):
    """A response that does not fit its question, with a message for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    `score` is a fraction of the question's points, from 0 to 1, or None while a person still
    has to grade it. `feedback` maps a part of the question (an option id, a pair id, or
    "answer") to the feedback that part earned; the question's general feedback lives in the
    snapshot and is shown by whoever decides feedback may be seen.
    """

    score: Decimal | None
    is_correct: bool | None
    feedback: dict[str, str] = field(default_factory=dict)
    needs_manual_grading: bool = False

    def to_dict(self) -> dict:
        """A JSON-safe form for storing on an attempt's answer."""
        data = asdict(self)
        data["score"] = None if self.score is None else str(self.score)
        return data


def fraction(value: Decimal) -> Decimal:
    """Clamp to 0..1 and round to the stored precision."""
    value = min(max(value, ZERO), ONE)
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def auto_grade(score: Decimal, feedback: dict[str, str]) -> Grade:
    """A machine grade: right only when the whole of the points was earned."""
    score = fraction(score)
    return Grade(score=score, is_correct=score == ONE, feedback=feedback)


def as_id(value) -> int:
    """An option or pair id from JSON or a form: an int, or a string of digits."""
    if isinstance(value, bool):
        raise InvalidResponse(_("Expected an option, got a true/false value."))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise InvalidResponse(_("Expected an option id."))


def as_number(value) -> Decimal:
    """A finite number from JSON or a form, or InvalidResponse."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidResponse(_("Expected a number."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidResponse(_("Expected a number.")) from None
    if not number.is_finite():
        raise InvalidResponse(_("Expected a number."))
    return number


def part_feedback(text: str, key) -> dict[str, str]:
    """The feedback a part earned, keyed as `Grade.feedback` expects; nothing when blank."""
    return {str(key): text} if text else {}


_WHITESPACE = re.compile(r"\s+")


def normalise_short_answer(text: str) -> str:
    """Case- and space-insensitive form: trimmed, inner runs of whitespace as one space."""
    return _WHITESPACE.sub(" ", text).strip().casefold()


# --------------------------------------------------------------------------- the page and the POST


class AnswerRefused(Exception):
    """A posted answer that cannot be an answer to this question, with a message to show."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def posted_option_id(value: str) -> int:
    """An option id as the page posts it: digits only, never longer than an id can be."""
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise AnswerRefused(_("Choose one of the options shown."))
    return int(value)


def shown_options(snapshot: dict, response) -> dict:
    """The options (ids and texts, no weights or feedback) and the ids chosen among them, for
    the types whose page lists options; `response` is one id or a list of them."""
    chosen = response if isinstance(response, list) else [response]
    return {
        "options": [{"id": o["id"], "text": o["text"]} for o in snapshot["options"]],
        "chosen": [int(v) for v in chosen if str(v).isdigit()],
    }


def posted_text(data) -> str | None:
    """The one typed answer of a text box, or None when it was left blank."""
    chosen = data.getlist("response")
    if len(chosen) > 1:
        raise AnswerRefused(_("Send one answer only."))
    text = chosen[0] if chosen else ""
    return text if text.strip() else None


# --------------------------------------------------------------------------- GIFT


class ImportRefused(Exception):
    """One reason a GIFT question cannot become one of ours; reported on the question's line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- the type


class QuestionType(ABC):
    """One kind of question. Subclasses set the class attributes and implement every method.

    `key` is the snapshot's "type" and the model's `question_type`; `model_name` the
    `Question` subclass in `assessments.models`; `template_name` the include that draws the
    type's answer fields inside `templates/assessments/includes/question.html` (it reads `q`,
    from `shown`, and `disabled`); `typed_answer` whether the trainee types the answer in a
    box (the page keeps what was typed when it is refused); `key_fields` the snapshot fields
    that make up the answer key, which regrading compares.
    """

    key: ClassVar[str]
    model_name: ClassVar[str]
    template_name: ClassVar[str]
    typed_answer: ClassVar[bool] = False
    key_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def model(self):
        """The question model, looked up when asked so this package imports no models."""
        return apps.get_model("assessments", self.model_name)

    def answer_key(self, snapshot: dict) -> dict:
        """The answer-key part of a snapshot, to grade a stored response against."""
        return {name: snapshot[name] for name in self.key_fields}

    def post_fields(self, data) -> set[str]:
        """The answer fields a page posts for this type (besides csrf, sequence and action)."""
        return {"response"}

    @abstractmethod
    def grade(self, snapshot: dict, response) -> Grade:
        """Grade `response` against the question as `snapshot` recorded it; no database."""

    @abstractmethod
    def shown(self, snapshot: dict, response) -> dict:
        """What the page shows of this type beyond the shared fields: choices, never the key.

        Built field by field from the snapshot, so a field added to snapshots later (a weight,
        a feedback) never reaches an open attempt's page by accident. `response` is the stored
        answer (None when blank), for marking what was chosen. Empty when the template needs
        nothing more than the shared fields.
        """

    @abstractmethod
    def problems(self, question) -> list[str]:
        """Why this saved question cannot be asked as it stands; empty when it can.

        Rules that span a question and its rows live here rather than in the model's
        `clean()`, which sees only the question's own fields. Reads the question's part rows
        (prefetched by `selectors.questions_with_parts` when there are many).
        """

    @abstractmethod
    def response_from_post(self, data):
        """The grader's response from a POST already checked for size and stray fields.

        None when the question was left blank; AnswerRefused for a value of the wrong shape.
        """

    @abstractmethod
    def right_answer_text(self, snapshot: dict) -> str:
        """The key in words, for review pages once feedback may be seen."""

    @abstractmethod
    def gift_build(self, parsed, text) -> tuple[dict, list]:
        """Model fields and unsaved part rows for a parsed GIFT question, or ImportRefused.

        `text` converts the question's texts from its GIFT format (`block` for prompts and
        feedback, `inline` for option labels). The shared fields (name, prompt, …) are the
        importer's; this gives only what the type adds.
        """

    @abstractmethod
    def gift_fill(self, question, parsed) -> None:
        """Put a stored question's answers on `parsed`: the reverse of `gift_build`."""

    @abstractmethod
    def gift_body_lines(self, parsed) -> list[str]:
        """The lines inside the GIFT answer block, or ValueError for what GIFT cannot say."""
