"""Moodle's GIFT question format as plain data: what a question read from GIFT holds.

Programmes already keep question banks in Moodle, and GIFT is the text format Moodle imports
and exports. `gift_reader` turns text into the `ParsedQuestion` values defined here,
`gift_writer` turns them back into text (each question type writes its own answer block with
the helpers at the end of this module), and `gift_import` maps them onto the question models.

Messages are plain English strings rather than lazily translated ones so that this module
needs no Django settings; the importer shows them to editors next to the line numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal[
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "matching",
    "numerical",
    "essay",
]
FORMATS: tuple[str, ...] = ("moodle", "html", "markdown", "plain")
DEFAULT_FORMAT = "moodle"
#: A file with thousands of broken lines would otherwise produce an unreadable message.
MAX_REPORTED_PROBLEMS = 50
#: `$CATEGORY: path` sets the category of every following question.
CATEGORY_PREFIX = "$CATEGORY:"

HUNDRED = Decimal(100)
ZERO = Decimal(0)


# --------------------------------------------------------------------------- data


@dataclass
class GiftAnswer:
    """One option of a choice, true/false or short-answer question.

    `fraction` is the share of the question's marks in percent (-100..100).
    """

    text: str
    fraction: Decimal = HUNDRED
    feedback: str = ""


@dataclass
class MatchPair:
    """A matching item; an empty `prompt` is an extra (distractor) answer."""

    prompt: str
    answer: str


@dataclass
class NumericalAnswer:
    """An accepted number: either `value` ± `tolerance`, or the range `minimum`..`maximum`."""

    value: Decimal | None = None
    tolerance: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    fraction: Decimal = HUNDRED
    feedback: str = ""

    @property
    def is_range(self) -> bool:
        return self.minimum is not None

    def bounds(self) -> tuple[Decimal, Decimal]:
        """The inclusive interval of accepted numbers, whichever way it was written."""
        if self.minimum is not None and self.maximum is not None:
            return self.minimum, self.maximum
        if self.value is None:
            raise ValueError("A numerical answer needs a value or a range.")
        tolerance = self.tolerance or ZERO
        return self.value - tolerance, self.value + tolerance


@dataclass
class ParsedQuestion:
    """One question read from GIFT. `line` (where it starts) is left out of comparisons."""

    kind: Kind
    text: str
    name: str = ""
    text_format: str = DEFAULT_FORMAT
    category: str = ""
    general_feedback: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    numerical_answers: list[NumericalAnswer] = field(default_factory=list)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class GiftProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class GiftError(ValueError):
    """Everything wrong with a GIFT file. `problems` lists each one with its line (0: file)."""

    def __init__(self, line: int = 0, message: str = "", *, problems: Iterable[GiftProblem] = ()):
        found = list(problems) or [GiftProblem(line, message)]
        self.problems: list[GiftProblem] = found
        self.line = found[0].line
        self.message = found[0].message
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        shown = self.problems[:MAX_REPORTED_PROBLEMS]
        lines = [f"The GIFT file has {len(self.problems)} problems:"]
        lines += [f"- {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"- and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


# --------------------------------------------------------------------------- writing helpers

_TEXT_SPECIALS = str.maketrans({ch: "\\" + ch for ch in "\\~=#{}:"} | {"\n": "\\n"})


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped and line breaks as `\\n`."""
    return text.translate(_TEXT_SPECIALS)


def plain_number(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 100, 3.5, 0.001."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def weight_prefix(fraction: Decimal, *, default: Decimal, text: str) -> str:
    # Text that starts with '%' would be read as a weight, so its weight is always written.
    if fraction == default and not text.startswith("%"):
        return ""
    return f"%{plain_number(fraction)}%"


def answer_line(marker: str, answer: GiftAnswer, default: Decimal) -> str:
    """One `=` or `~` answer with its weight (unless it is `default`) and feedback."""
    line = marker + weight_prefix(answer.fraction, default=default, text=answer.text)
    line += escape(answer.text)
    if answer.feedback:
        line += "#" + escape(answer.feedback)
    return line


def numerical_line(answer: NumericalAnswer) -> str:
    """A numerical answer as `value:tolerance` or `low..high`, with its feedback."""
    if answer.is_range:
        assert answer.minimum is not None and answer.maximum is not None
        spec = f"{plain_number(answer.minimum)}..{plain_number(answer.maximum)}"
    else:
        if answer.value is None:
            raise ValueError("A numerical answer needs a value or a range.")
        spec = plain_number(answer.value)
        if answer.tolerance:
            spec += f":{plain_number(answer.tolerance)}"
    if answer.feedback:
        spec += "#" + escape(answer.feedback)
    return spec
