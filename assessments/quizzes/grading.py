"""Pure grading: scores a response against a question snapshot, with no database.

A snapshot is the JSON-safe dict a question's `snapshot()` returns: everything needed to show
the question as asked and to grade it again later. Every question model grades through
`grade_snapshot(self.snapshot(), response)`, so grading a live question, grading a stored
attempt and regrading a thousand attempts are one code path, and what was asked stays asked.

Responses are plain JSON values: an option id (single choice), a list of option ids (multiple
response), a bool (true/false), a string (short answer, essay), a dict of pair id to chosen
answer text (matching) and a number as a string (numerical). Ids may arrive as ints or as
strings of digits, since JSON object keys and form fields are strings. Anything else, or an
id that is not the question's, raises InvalidResponse, which the attempt service turns into
a 400 with the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

SNAPSHOT_VERSION = 1
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
# Scores keep seven places: enough that thirds add back up to a whole point after rounding.
SCORE_PLACES = Decimal("0.0000001")


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


def _fraction(value: Decimal) -> Decimal:
    """Clamp to 0..1 and round to the stored precision."""
    value = min(max(value, ZERO), ONE)
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def _auto(score: Decimal, feedback: dict[str, str]) -> Grade:
    score = _fraction(score)
    return Grade(score=score, is_correct=score == ONE, feedback=feedback)


def _as_id(value) -> int:
    """An option or pair id from JSON or a form: an int, or a string of digits."""
    if isinstance(value, bool):
        raise InvalidResponse(_("Expected an option, got a true/false value."))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise InvalidResponse(_("Expected an option id."))


def _feedback(text: str, key) -> dict[str, str]:
    return {str(key): text} if text else {}


def _grade_single_choice(snapshot: dict, response) -> Grade:
    chosen = _as_id(response)
    options = {option["id"]: option for option in snapshot["options"]}
    if chosen not in options:
        raise InvalidResponse(_("That option is not part of this question."))
    option = options[chosen]
    return _auto(ONE if option["is_correct"] else ZERO, _feedback(option["feedback"], chosen))


def _grade_multiple_response(snapshot: dict, response) -> Grade:
    if not isinstance(response, list):
        raise InvalidResponse(_("Expected a list of options."))
    chosen = [_as_id(value) for value in response]
    if len(set(chosen)) != len(chosen):
        raise InvalidResponse(_("The same option was chosen twice."))
    options = {option["id"]: option for option in snapshot["options"]}
    if any(option_id not in options for option_id in chosen):
        raise InvalidResponse(_("That option is not part of this question."))
    total = sum((Decimal(options[option_id]["weight"]) for option_id in chosen), ZERO)
    feedback = {}
    for option_id in chosen:
        feedback.update(_feedback(options[option_id]["feedback"], option_id))
    return _auto(total / HUNDRED, feedback)


def _grade_true_false(snapshot: dict, response) -> Grade:
    if not isinstance(response, bool):
        raise InvalidResponse(_("Expected true or false."))
    text = snapshot["feedback_true"] if response else snapshot["feedback_false"]
    return _auto(ONE if response is snapshot["correct_answer"] else ZERO, _feedback(text, "answer"))


_WHITESPACE = re.compile(r"\s+")


def normalise_short_answer(text: str) -> str:
    """Case- and space-insensitive form: trimmed, inner runs of whitespace as one space."""
    return _WHITESPACE.sub(" ", text).strip().casefold()


def _grade_short_answer(snapshot: dict, response) -> Grade:
    if not isinstance(response, str):
        raise InvalidResponse(_("Expected a text answer."))
    given = normalise_short_answer(response)
    for accepted in snapshot["accepted_answers"]:
        if given and normalise_short_answer(accepted["text"]) == given:
            return _auto(ONE, _feedback(accepted["feedback"], accepted["id"]))
    return _auto(ZERO, {})


def _grade_matching(snapshot: dict, response) -> Grade:
    if not isinstance(response, dict):
        raise InvalidResponse(_("Expected a choice for each item to match."))
    pairs = {pair["id"]: pair for pair in snapshot["pairs"]}
    answers = set(snapshot["answers"])
    right = 0
    for key, chosen in response.items():
        pair_id = _as_id(key)
        if pair_id not in pairs:
            raise InvalidResponse(_("That item is not part of this question."))
        if chosen is None:
            continue  # left unanswered
        if not isinstance(chosen, str) or chosen not in answers:
            raise InvalidResponse(_("That answer is not one of the choices."))
        right += chosen == pairs[pair_id]["answer"]
    if not pairs:  # refused when saved (selectors.question_problems); never divide by zero
        return _auto(ZERO, {})
    return _auto(Decimal(right) / Decimal(len(pairs)), {})


def _as_number(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidResponse(_("Expected a number."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidResponse(_("Expected a number.")) from None
    if not number.is_finite():
        raise InvalidResponse(_("Expected a number."))
    return number


def _grade_numerical(snapshot: dict, response) -> Grade:
    given = _as_number(response)
    if snapshot["answer"] is not None:
        answer, tolerance = Decimal(snapshot["answer"]), Decimal(snapshot["tolerance"])
        low, high = answer - tolerance, answer + tolerance
    else:
        low, high = Decimal(snapshot["min_value"]), Decimal(snapshot["max_value"])
    return _auto(ONE if low <= given <= high else ZERO, {})


def _grade_essay(snapshot: dict, response) -> Grade:
    if not isinstance(response, str):
        raise InvalidResponse(_("Expected a text answer."))
    return Grade(score=None, is_correct=None, needs_manual_grading=True)


GRADERS: dict[str, Callable[[dict, object], Grade]] = {
    "single_choice": _grade_single_choice,
    "multiple_response": _grade_multiple_response,
    "true_false": _grade_true_false,
    "short_answer": _grade_short_answer,
    "matching": _grade_matching,
    "numerical": _grade_numerical,
    "essay": _grade_essay,
}


def grade_snapshot(snapshot: dict, response) -> Grade:
    """Grade `response` against the question as the snapshot recorded it."""
    try:
        grader = GRADERS[snapshot["type"]]
    except KeyError:
        raise ValueError(f"Unknown question type in snapshot: {snapshot.get('type')!r}") from None
    return grader(snapshot, response)
