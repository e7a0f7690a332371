"""Reading Moodle's GIFT question format into `ParsedQuestion` values, with no database.

This module only turns text into values (`gift.py` holds them); mapping them onto the
question models (and saving them as drafts, all or nothing) is the importer's job, and
writing them back is `gift_writer`'s. The grammar stays here, in one place, rather than with
each question type, because GIFT decides the type from the answer block's syntax in Moodle's
order, and single choice and multiple response share one syntax.

What is read
    Questions separated by blank lines; whole-line `//` comments; `::name::` titles;
    `$CATEGORY: path` blocks, which apply to every following question; the `[html]`,
    `[markdown]`, `[plain]` and `[moodle]` prefixes on the question text (default `moodle`);
    the escapes `\\~ \\= \\# \\{ \\} \\: \\\\` and `\\n` (a line break); general feedback
    written as `####text` at the end of the answer block.

    The answer block decides the kind, in the order Moodle's importer uses:

    - `{}` is an essay.
    - `{#...}` is numerical: `{#3.5:0.1}` (value and tolerance), `{#1..5}` (range) or
      several answers `{#=3.5:0.1 =%50%3:1}`, each with optional `#feedback`.
    - Any `~` makes a multiple-choice question. As in Moodle, it is **single choice when the
      block contains at least one `=`** (the `=` options are worth 100%, `~` options 0% unless
      they carry a `%weight%`), and **multiple response when it has no `=` at all**, in which
      case the `~%weight%` values are the marks and the positive ones must add up to 100%.
      Negative weights are allowed for either.
    - `=` together with `->` is matching: `{=left -> right ...}`; an empty left side adds a
      distractor on the right.
    - `{T}`, `{TRUE}`, `{F}`, `{FALSE}` (any case) is true/false, with `#feedback` shown when
      the trainee answers wrongly and a second `#feedback` shown when they answer correctly.
      It is stored as two answers, "True" then "False", each with its fraction and feedback.
    - Otherwise `=` answers make a short-answer question: `{=a =b =%50%c}`.

What is refused
    Description items (text with no answer block), Moodle's "missing word" layout (text after
    the answer block), more than one answer block, unclosed names or braces, unknown format
    prefixes, numbers that do not parse, choice questions with fewer than two options or no
    correct option, weights outside -100..100 or positive weights of a multiple-response
    question that do not add up to 100%, true/false with more than two feedbacks, matching
    with fewer than two pairs, NUL characters. `parse_gift` collects every problem with its
    line number and raises one `GiftError`, so an import is all or nothing.

Text is kept as written with its `text_format`: Markdown is not rendered and HTML is not
sanitised here. Both happen when the importer turns these values into questions, because
that is where the text meets a browser.

Messages are plain English strings rather than lazily translated ones so that this module
needs no Django settings; the importer shows them to editors next to the line numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation

from assessments.quizzes.gift import (
    CATEGORY_PREFIX,
    DEFAULT_FORMAT,
    FORMATS,
    HUNDRED,
    ZERO,
    GiftAnswer,
    GiftError,
    GiftProblem,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    plain_number,
)

#: Positive weights of a multiple-response question must add up to 100% within this margin,
#: so that three options of `%33.33%` are accepted.
WEIGHT_SUM_TOLERANCE = Decimal("0.1")


# --------------------------------------------------------------------------- escapes

# Escaped characters become Unicode noncharacters while the structure is parsed, so that
# `\~` never splits answers, and are turned back into text at the end.
_ESCAPABLE = "\\~=#{}:n"
_PLACEHOLDER = {ch: chr(0xFDD0 + i) for i, ch in enumerate(_ESCAPABLE)}
_RESTORE = {ord(ph): ("\n" if ch == "n" else ch) for ch, ph in _PLACEHOLDER.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_RESERVED_RE = re.compile("[\ufdd0-\ufdd7]")


def _hide_escapes(line: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group(1)], line)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _clean(text: str) -> str:
    """Strip the layout whitespace around a piece of text, then bring back escaped characters."""
    return _restore(text.strip())


# --------------------------------------------------------------------------- parsing

_FORMAT_RE = re.compile(r"\s*\[([a-z]+)\]")
_WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class _Block:
    """The non-comment lines of one question, joined, with escapes hidden."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.first_line = lines[0][0]
        self._numbers = [number for number, _ in lines]
        self._offsets: list[int] = []
        parts = []
        offset = 0
        for _number, line in lines:
            hidden = _hide_escapes(line)
            self._offsets.append(offset)
            parts.append(hidden)
            offset += len(hidden) + 1
        self.text = "\n".join(parts)

    def line_at(self, offset: int) -> int:
        """The file line holding `offset` of `text` (a bisection: blocks can be huge)."""
        return self._numbers[max(bisect_right(self._offsets, offset) - 1, 0)]


class _Parser:
    def __init__(self) -> None:
        self.problems: list[GiftProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(GiftProblem(line, message))

    # -- file level

    def parse(self, text: str) -> list[ParsedQuestion]:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        questions: list[ParsedQuestion] = []
        category = ""
        for lines in self._blocks(text):
            first_line, first = lines[0]
            if first.lstrip().startswith(CATEGORY_PREFIX):
                path = first.lstrip()[len(CATEGORY_PREFIX) :].strip()
                if not path:
                    self.problem(first_line, "$CATEGORY: needs a category path after it.")
                else:
                    category = path
                lines = lines[1:]
                if not lines:
                    continue
            question = self._question(_Block(lines), category)
            if question is not None:
                questions.append(question)
        return questions

    def _blocks(self, text: str) -> list[list[tuple[int, str]]]:
        blocks: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        for number, line in enumerate(text.split("\n"), start=1):
            if "\x00" in line:
                self.problem(number, "The line contains a NUL character; is this a text file?")
                line = line.replace("\x00", "")
            if reserved := _RESERVED_RE.search(line):
                self.problem(
                    number, f"The line contains the reserved character U+{ord(reserved[0]):04X}."
                )
                line = _RESERVED_RE.sub("", line)
            if not line.strip():
                if current:
                    blocks.append(current)
                current = []
            elif not line.lstrip().startswith("//"):
                current.append((number, line))
        if current:
            blocks.append(current)
        return blocks

    # -- question level

    def _question(self, block: _Block, category: str) -> ParsedQuestion | None:
        text = block.text
        line = block.first_line
        body = len(text) - len(text.lstrip())
        name = ""
        if text.startswith("::", body):
            end = text.find("::", body + 2)
            if end == -1:
                self.problem(line, "The question name is not closed with '::'.")
                return None
            name = _clean(text[body + 2 : end])
            body = end + 2

        opening = text.find("{", body)
        stray = text.find("}", body, opening if opening != -1 else len(text))
        if stray != -1:
            self.problem(
                block.line_at(stray),
                "Unexpected '}' before the answer block; write \\} for a literal brace.",
            )
            return None
        if opening == -1:
            self.problem(
                line,
                "The question has no answer block {…}; description items are not supported.",
            )
            return None
        closing = text.find("}", opening + 1)
        nested = text.find("{", opening + 1, closing if closing != -1 else len(text))
        if nested != -1:
            self.problem(
                block.line_at(nested),
                f"'{{' inside the answer block opened on line {block.line_at(opening)}; "
                "close it first or write \\{ for a literal brace.",
            )
            return None
        if closing == -1:
            self.problem(
                block.line_at(opening),
                "The answer block has no closing '}'.",
            )
            return None
        after = text[closing + 1 :]
        if after.strip():
            where = block.line_at(closing + 1 + len(after) - len(after.lstrip()))
            if "{" in after:
                self.problem(where, "A question may have only one answer block {…}.")
            else:
                self.problem(
                    where,
                    "Text after the answer block (Moodle's missing-word layout) is not "
                    "supported; put the answers at the end of the question.",
                )
            return None

        question_text = text[body:opening]
        text_format = DEFAULT_FORMAT
        if prefix := _FORMAT_RE.match(question_text):
            if prefix.group(1) not in FORMATS:
                self.problem(
                    block.line_at(body + prefix.start(1)),
                    f"Unknown text format [{prefix.group(1)}]; use [html], [markdown], "
                    "[plain] or [moodle].",
                )
                return None
            text_format = prefix.group(1)
            question_text = question_text[prefix.end() :]
        question_text = _clean(question_text)
        if not question_text:
            self.problem(line, "The question has no text before its answer block.")
            return None

        question = ParsedQuestion(
            kind="essay",
            text=question_text,
            name=name,
            text_format=text_format,
            category=category,
            line=line,
        )
        inner_start = opening + 1
        inner = text[inner_start:closing]
        general = inner.find("####")
        if general != -1:
            question.general_feedback = _clean(inner[general + 4 :])
            inner = inner[:general]
        ok = self._answers(question, block, inner, inner_start)
        return question if ok else None

    def _answers(self, question: ParsedQuestion, block: _Block, inner: str, base: int) -> bool:
        stripped = inner.strip()
        lead = base + len(inner) - len(inner.lstrip())
        line = block.line_at(lead)
        if not stripped:
            question.kind = "essay"
            return True
        if stripped.startswith("#"):
            question.kind = "numerical"
            return self._numerical(question, block, inner, base)
        if "~" in stripped:
            question.kind = "single_choice" if "=" in stripped else "multiple_response"
            return self._choice(question, block, inner, base)
        if "=" in stripped and "->" in stripped:
            question.kind = "matching"
            return self._matching(question, block, inner, base)
        head = stripped.split("#", 1)[0].strip().upper()
        if head in _TRUE_FALSE:
            question.kind = "true_false"
            return self._true_false(question, line, stripped, _TRUE_FALSE[head])
        if stripped.startswith("="):
            question.kind = "short_answer"
            return self._short_answer(question, block, inner, base)
        self.problem(
            line,
            "Cannot tell the question type from the answers: start them with '=' or '~', "
            "or write {T}, {F}, {#number} or {} for an essay.",
        )
        return False

    def _items(
        self, block: _Block, inner: str, base: int, markers: str
    ) -> list[tuple[str, str, int]] | None:
        """Split an answer block at each marker character: (marker, text, line)."""
        items: list[tuple[str, str, int]] = []
        starts = [i for i, ch in enumerate(inner) if ch in markers]
        before = inner[: starts[0]] if starts else inner
        if before.strip():
            offset = base + len(before) - len(before.lstrip())
            self.problem(
                block.line_at(offset),
                f"Unexpected text {_clean(before)!r} before the first answer; each answer "
                f"starts with {' or '.join(repr(m) for m in markers)}.",
            )
            return None
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(inner)
            items.append((inner[start], inner[start + 1 : end], block.line_at(base + start)))
        return items

    def _weight(self, item: str, line: int, *, low: Decimal) -> tuple[Decimal | None, str, bool]:
        """Read a leading `%weight%`: (weight or None, the rest, ok)."""
        if not item.lstrip().startswith("%"):
            return None, item, True
        match = _WEIGHT_RE.match(item)
        if match is None:
            self.problem(line, "A weight must be a number between percent signs, like %50%.")
            return None, item, False
        weight = Decimal(match.group(1))
        if not low <= weight <= HUNDRED:
            self.problem(line, f"The weight {match.group(1)}% is outside {low}..100%.")
            return None, item, False
        return weight, item[match.end() :], True

    def _choice(self, question: ParsedQuestion, block: _Block, inner: str, base: int) -> bool:
        items = self._items(block, inner, base, "=~")
        if items is None:
            return False
        ok = True
        for marker, item, line in items:
            weight, rest, good = self._weight(item, line, low=-HUNDRED)
            text, _, feedback = rest.partition("#")
            if not good:
                ok = False
                continue
            if not text.strip():
                self.problem(line, "An option has no text.")
                ok = False
                continue
            if weight is None:
                weight = HUNDRED if marker == "=" else ZERO
            question.answers.append(GiftAnswer(_clean(text), weight, _clean(feedback)))
        if not ok:
            return False
        line = block.line_at(base)
        if len(question.answers) < 2:
            self.problem(line, "A multiple-choice question needs at least two options.")
            return False
        if question.kind == "single_choice":
            if max(a.fraction for a in question.answers) != HUNDRED:
                self.problem(line, "A single-choice question needs an option worth 100% ('=').")
                return False
            return True
        positive = sum((a.fraction for a in question.answers if a.fraction > 0), ZERO)
        if positive == 0:
            self.problem(
                line,
                "The multiple-choice question has no correct option: mark one with '=', or "
                "give the correct ones positive weights like ~%50%.",
            )
            return False
        if abs(positive - HUNDRED) > WEIGHT_SUM_TOLERANCE:
            self.problem(
                line,
                f"The positive weights of a multiple-response question add up to "
                f"{plain_number(positive)}%, not 100%.",
            )
            return False
        return True

    def _short_answer(self, question: ParsedQuestion, block: _Block, inner: str, base: int) -> bool:
        items = self._items(block, inner, base, "=")
        if items is None:
            return False
        ok = True
        for _marker, item, line in items:
            weight, rest, good = self._weight(item, line, low=ZERO)
            text, _, feedback = rest.partition("#")
            if not good:
                ok = False
            elif not text.strip():
                self.problem(line, "An accepted answer is empty.")
                ok = False
            else:
                fraction = HUNDRED if weight is None else weight
                question.answers.append(GiftAnswer(_clean(text), fraction, _clean(feedback)))
        if ok and not any(a.fraction == HUNDRED for a in question.answers):
            self.problem(block.line_at(base), "A short-answer question needs an answer worth 100%.")
            ok = False
        return ok

    def _matching(self, question: ParsedQuestion, block: _Block, inner: str, base: int) -> bool:
        items = self._items(block, inner, base, "=")
        if items is None:
            return False
        ok = True
        for _marker, item, line in items:
            if "#" in item:
                self.problem(line, "Matching pairs cannot have feedback; write \\# for a '#'.")
                ok = False
                continue
            prompt, arrow, answer = item.partition("->")
            if not arrow:
                self.problem(line, "Every matching item needs '->' between its two sides.")
                ok = False
            elif not answer.strip():
                self.problem(line, "A matching item has nothing after '->'.")
                ok = False
            else:
                question.pairs.append(MatchPair(_clean(prompt), _clean(answer)))
        if ok and sum(1 for p in question.pairs if p.prompt) < 2:
            self.problem(block.line_at(base), "A matching question needs at least two pairs.")
            ok = False
        return ok

    def _true_false(self, question: ParsedQuestion, line: int, stripped: str, truth: bool) -> bool:
        parts = stripped.split("#")
        if len(parts) > 3:
            self.problem(
                line,
                "True/false takes at most two feedbacks: {T#if answered wrongly#if answered "
                "correctly}; write \\# for a '#'.",
            )
            return False
        wrong = _clean(parts[1]) if len(parts) > 1 else ""
        right = _clean(parts[2]) if len(parts) > 2 else ""
        question.answers = [
            GiftAnswer("True", HUNDRED if truth else ZERO, right if truth else wrong),
            GiftAnswer("False", ZERO if truth else HUNDRED, wrong if truth else right),
        ]
        return True

    def _numerical(self, question: ParsedQuestion, block: _Block, inner: str, base: int) -> bool:
        hash_at = inner.index("#")
        rest = inner[hash_at + 1 :]
        rest_base = base + hash_at + 1
        line = block.line_at(base + hash_at)
        if "~" in rest:
            self.problem(line, "Numerical answers are written with '=' only, not '~'.")
            return False
        if "=" in rest:
            items = self._items(block, rest, rest_base, "=")
            if items is None:
                return False
        else:
            items = [("=", rest, line)]
        ok = True
        for _marker, item, item_line in items:
            weight, spec, good = self._weight(item, item_line, low=ZERO)
            if not good:
                ok = False
                continue
            answer = self._numerical_answer(spec, item_line)
            if answer is None:
                ok = False
                continue
            answer.fraction = HUNDRED if weight is None else weight
            question.numerical_answers.append(answer)
        if ok and not any(a.fraction == HUNDRED for a in question.numerical_answers):
            self.problem(line, "A numerical question needs an answer worth 100%.")
            ok = False
        return ok

    def _numerical_answer(self, item: str, line: int) -> NumericalAnswer | None:
        spec, _, feedback = item.partition("#")
        spec = _clean(spec)
        feedback = _clean(feedback)
        if not spec:
            self.problem(line, "A numerical answer is empty; write it like {#3.5:0.1} or {#1..5}.")
            return None
        if ".." in spec:
            low_text, _, high_text = spec.partition("..")
            low = self._parse_number(low_text, line)
            high = self._parse_number(high_text, line)
            if low is None or high is None:
                return None
            if low > high:
                self.problem(line, f"The range {spec} starts above where it ends.")
                return None
            return NumericalAnswer(minimum=low, maximum=high, feedback=feedback)
        value_text, colon, tolerance_text = spec.partition(":")
        value = self._parse_number(value_text, line)
        tolerance = self._parse_number(tolerance_text, line) if colon else ZERO
        if value is None or tolerance is None:
            return None
        if tolerance < 0:
            self.problem(line, f"The tolerance {tolerance_text.strip()} cannot be negative.")
            return None
        return NumericalAnswer(value=value, tolerance=tolerance, feedback=feedback)

    def _parse_number(self, text: str, line: int) -> Decimal | None:
        text = text.strip()
        if _NUMBER_RE.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
        hint = " (use a dot for decimals)" if "," in text else ""
        self.problem(line, f"{text!r} is not a number{hint}.")
        return None


def parse_gift(text: str) -> list[ParsedQuestion]:
    """Read every question in a GIFT text, or raise one `GiftError` listing every problem.

    An empty text (or one with only comments and categories) gives an empty list; refusing
    that is up to the caller (`load_gift_bytes` does).
    """
    parser = _Parser()
    questions = parser.parse(text)
    if parser.problems:
        raise GiftError(problems=parser.problems)
    return questions


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def load_gift_bytes(data: bytes, *, max_bytes: int = 2_000_000) -> list[ParsedQuestion]:
    """Read an uploaded GIFT file: UTF-8 with or without a byte-order mark, at most `max_bytes`.

    Everything refused here is reported on line 0 (the file as a whole).
    """
    if len(data) > max_bytes:
        raise GiftError(
            0,
            f"The file is {megabytes(len(data))}; GIFT files of at most "
            f"{megabytes(max_bytes)} are accepted. Split it into smaller files.",
        )
    if not data:
        raise GiftError(0, "The file is empty.")
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise GiftError(0, f"The file is encoded as {encoding}; save it as UTF-8 and retry.")
    if b"\x00" in data:
        raise GiftError(
            0, "The file contains NUL bytes, so it is not UTF-8 text; save it as UTF-8 and retry."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GiftError(
            0,
            f"The file is not UTF-8 text (first bad byte on line {line}); save it as UTF-8 "
            "and retry.",
        ) from None
    if not text.strip():
        raise GiftError(0, "The file is empty.")
    if control := _CONTROL_CHARACTERS.search(text):
        raise GiftError(
            text[: control.start()].count("\n") + 1,
            "This line contains an invisible control character, which cannot be saved; "
            "remove it and save the file again.",
        )
    questions = parse_gift(text)
    if not questions:
        raise GiftError(0, "The file contains no questions, only comments or categories.")
    return questions


# C0 controls but tab, line feed and carriage return, and DEL: as lms.text refuses in forms.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
