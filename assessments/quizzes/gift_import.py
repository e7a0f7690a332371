"""GIFT files into draft questions of a bank, and a bank back into GIFT.

`gift.py` reads and writes the text; this module decides what each GIFT question becomes in
our models, and refuses, with the question's line number, what our models cannot hold
rather than import something that grades differently from the author's file. Editors bring
banks from Moodle, and a question that quietly lost its partial marks would pass or fail
trainees on a rule nobody wrote.

Decisions a newcomer might otherwise undo:

- **All or nothing.** Every question is built and checked (`full_clean()` on every row,
  `selectors.question_problems` on every question) inside one transaction; any problem
  rolls everything back, including a new bank or category, and one `GiftError` lists every
  problem with its line. Editors fix the file and upload it again.
- **Drafts.** Imported questions are `status="draft"`, so Clinical review sees them before
  a trainee does.
- **Categories.** `$CATEGORY: path` becomes a category of the bank named after the path,
  without Moodle's context prefix (`$course$/top/Boundaries/Gifts` → `Boundaries/Gifts`).
  Questions before any `$CATEGORY:` go to a category named "Imported".
- **Names.** A question without a `::name::` is named after the start of its text.
- **Importing the same file twice is refused**: a question whose name is already in the same
  category of the bank is reported with its line, and nothing is imported, so an accidental
  second upload cannot double a bank. Questions sharing a name within one file are allowed.
- **Text formats.** `[plain]` and `[moodle]` (the default) are kept as plain text; `[html]` is
  stored sanitised; `[markdown]` is rendered to sanitised HTML. Prompts, feedback, options
  and matching items follow the question's format. Accepted short answers and matching
  answers are always plain text: the first are compared with what the trainee types, the
  second are offered in a drop-down list.
- **What is refused**, because our question types cannot hold it faithfully: single choice
  with partial or negative marks or more than one right option; short answers worth less
  than 100 %; matching distractors (an answer with an empty left side: our matching
  questions offer exactly the items' answers); numerical questions with several answers or
  with per-answer feedback (use the general feedback, `####`).
- **Multiple response weights** are scaled so the positive ones add up to exactly 100 % and
  rounded to the model's five decimal places by largest remainder: GIFT's `%33.33333%` three
  times becomes 33.33334, 33.33333 and 33.33333. Negative weights are only rounded.

Exporting writes what GIFT can carry. Points, status (everything re-imports as a draft),
essay guidance for graders and the order of categories are not carried; plain questions are
written as `[plain]` and HTML ones as `[html]`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from html import unescape

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from assessments.models import (
    AcceptedAnswer,
    ChoiceOption,
    EssayQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    WeightedOption,
)
from assessments.quizzes.gift import (
    GiftAnswer,
    GiftError,
    GiftProblem,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    export_gift,
    load_gift_bytes,
)
from assessments.quizzes.selectors import question_problems, questions_with_parts
from assessments.quizzes.text import markdown_to_html, sanitise_html

__all__ = [
    "DEFAULT_CATEGORY",
    "MAX_BYTES",
    "GiftImportResult",
    "bank_export_gift",
    "gift_import",
]

#: Where questions written before any `$CATEGORY:` line go. Stored data, so not translated.
DEFAULT_CATEGORY = "Imported"
#: The largest GIFT file accepted, in bytes (a few thousand questions).
MAX_BYTES = 2_000_000
#: Derived names are cut to this many characters, ellipsis included.
DERIVED_NAME_LENGTH = 80

HUNDRED = Decimal(100)
ZERO = Decimal(0)
WEIGHT_UNIT = Decimal("0.00001")  # WeightedOption.weight has five decimal places

# Moodle writes a context before the path: $course$/top/…, $system$/top/…, $module$/…
_CONTEXT_RE = re.compile(r"^\$[a-z0-9_]+\$(/top)?(/|$)")

QUESTION_MODELS = {
    model.question_type: model
    for model in (
        SingleChoiceQuestion,
        MultipleResponseQuestion,
        TrueFalseQuestion,
        ShortAnswerQuestion,
        MatchingQuestion,
        NumericalQuestion,
        EssayQuestion,
    )
}


@dataclass
class GiftImportResult:
    """What an import created, for the message an editor reads afterwards."""

    bank: QuestionBank
    bank_created: bool = False
    questions: list[Question] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    #: category name → number of questions imported into it, in file order
    by_category: dict[str, int] = field(default_factory=dict)
    #: question type ("single_choice", …) → number imported
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.questions)

    def type_counts(self) -> list[tuple[str, int]]:
        """(readable type name, count) for each type imported, in a fixed order."""
        return [
            (str(model._meta.verbose_name_plural), self.by_type[key])
            for key, model in QUESTION_MODELS.items()
            if key in self.by_type
        ]


class _Refused(Exception):
    """One reason a question cannot be imported; becomes a GiftProblem on its line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- text


class _Text:
    """Converts a question's texts from its GIFT format to what we store."""

    def __init__(self, gift_format: str):
        self.gift_format = gift_format
        self.text_format = "html" if gift_format in ("html", "markdown") else "plain"

    def block(self, text: str) -> str:
        """Prompts and feedback: paragraphs allowed."""
        if not text:
            return ""
        if self.gift_format == "html":
            return sanitise_html(text)
        if self.gift_format == "markdown":
            return markdown_to_html(text)
        return text

    def inline(self, text: str) -> str:
        """Option labels and matching items: one Markdown paragraph loses its <p>."""
        html = self.block(text)
        if self.gift_format == "markdown" and html.startswith("<p>") and html.endswith("</p>"):
            inner = html[3:-4]
            if "<p>" not in inner:
                return inner
        return html


def _plain(text: str, text_format: str) -> str:
    if text_format == "html":
        text = unescape(strip_tags(text))
    return " ".join(text.split())


def _derived_name(prompt: str, text_format: str, line: int) -> str:
    text = _plain(prompt, text_format)
    if not text:
        return _("Question on line %(line)s") % {"line": line}
    return Truncator(text).chars(DERIVED_NAME_LENGTH)


def category_name_for(path: str) -> str:
    """The category a `$CATEGORY:` path lands in (see the module docstring)."""
    name = _CONTEXT_RE.sub("", path.strip()).strip().strip("/").strip()
    return name or DEFAULT_CATEGORY


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def weights_to_hundred(fractions: list[Decimal]) -> list[Decimal]:
    """Scale the positive weights to add up to exactly 100, in steps of 0.00001.

    Largest remainder: each positive weight is scaled, cut down to five places, and the
    units still missing go to the weights that lost the most, earlier options first on a
    tie. Negative weights are rounded to five places and otherwise left alone.
    """
    total = sum((f for f in fractions if f > 0), ZERO)
    exact = {i: f * HUNDRED / total for i, f in enumerate(fractions) if f > 0}
    cut = {i: value.quantize(WEIGHT_UNIT, rounding=ROUND_FLOOR) for i, value in exact.items()}
    missing = int((HUNDRED - sum(cut.values(), ZERO)) / WEIGHT_UNIT)
    for i in sorted(exact, key=lambda i: (cut[i] - exact[i], i))[:missing]:
        cut[i] += WEIGHT_UNIT
    return [cut[i] if i in cut else f.quantize(WEIGHT_UNIT) for i, f in enumerate(fractions)]


# --------------------------------------------------------------------------- building


def _parts_single_choice(parsed: ParsedQuestion, text: _Text) -> list[ChoiceOption]:
    right = [a for a in parsed.answers if a.fraction == HUNDRED]
    for answer in parsed.answers:
        if answer.fraction not in (ZERO, HUNDRED):
            raise _Refused(
                _(
                    "Option “%(option)s” is worth %(weight)s %%. A single choice question "
                    "here has one right option and the others are worth nothing, so partial "
                    "and negative marks cannot be kept. Remove the weight, or make it a "
                    "multiple response question (only ~ options, with weights)."
                )
                % {"option": answer.text, "weight": _number(answer.fraction)}
            )
    if len(right) != 1:
        raise _Refused(
            _(
                "%(count)s options are marked right (=). A single choice question here has "
                "exactly one right option: mark the others with ~."
            )
            % {"count": len(right)}
        )
    return [
        ChoiceOption(
            text=text.inline(answer.text),
            is_correct=answer.fraction == HUNDRED,
            feedback=text.block(answer.feedback),
            sort_order=position,
        )
        for position, answer in enumerate(parsed.answers)
    ]


def _parts_multiple_response(parsed: ParsedQuestion, text: _Text) -> list[WeightedOption]:
    weights = weights_to_hundred([answer.fraction for answer in parsed.answers])
    return [
        WeightedOption(
            text=text.inline(answer.text),
            weight=weight,
            feedback=text.block(answer.feedback),
            sort_order=position,
        )
        for position, (answer, weight) in enumerate(zip(parsed.answers, weights, strict=True))
    ]


def _parts_short_answer(parsed: ParsedQuestion, text: _Text) -> list[AcceptedAnswer]:
    for answer in parsed.answers:
        if answer.fraction != HUNDRED:
            raise _Refused(
                _(
                    "The answer “%(answer)s” is worth %(weight)s %%. Short answers here are "
                    "right or wrong, so partial marks cannot be kept: remove the answer or "
                    "its weight."
                )
                % {"answer": answer.text, "weight": _number(answer.fraction)}
            )
    return [
        # Compared with what the trainee types, so kept as written in every format.
        AcceptedAnswer(text=answer.text, feedback=text.block(answer.feedback), sort_order=i)
        for i, answer in enumerate(parsed.answers)
    ]


def _parts_matching(parsed: ParsedQuestion, text: _Text) -> list[MatchingPair]:
    for pair in parsed.pairs:
        if not pair.prompt:
            raise _Refused(
                _(
                    "The answer “%(answer)s” has no item before '->'. Extra wrong answers are "
                    "not supported: a matching question here offers exactly the answers of "
                    "its items. Remove it, or give it an item."
                )
                % {"answer": pair.answer}
            )
    return [
        # Answers are offered in a drop-down list, which shows plain text only.
        MatchingPair(prompt=text.inline(pair.prompt), answer=pair.answer, sort_order=i)
        for i, pair in enumerate(parsed.pairs)
    ]


def _numerical_fields(parsed: ParsedQuestion) -> dict:
    answers = parsed.numerical_answers
    if len(answers) != 1:
        raise _Refused(
            _(
                "The question has %(count)s numerical answers. A numerical question here has "
                "one answer with a tolerance, or one range: keep the answer worth 100 %%."
            )
            % {"count": len(answers)}
        )
    answer = answers[0]
    if answer.feedback:
        raise _Refused(
            _(
                "Numerical answers cannot have their own feedback here; move it to the "
                "general feedback, written after ####."
            )
        )
    if answer.is_range:
        return {"min_value": answer.minimum, "max_value": answer.maximum}
    return {"answer": answer.value, "tolerance": answer.tolerance or ZERO}


def _build(parsed: ParsedQuestion, category: QuestionCategory) -> tuple[Question, list]:
    """An unsaved question and its unsaved rows, or `_Refused`."""
    text = _Text(parsed.text_format)
    prompt = text.block(parsed.text)
    fields = {
        "category": category,
        "name": parsed.name or _derived_name(prompt, text.text_format, parsed.line),
        "prompt": prompt,
        "general_feedback": text.block(parsed.general_feedback),
        "text_format": text.text_format,
        "status": Question.Status.DRAFT,
    }
    parts: list = []
    kind = parsed.kind
    if kind == "single_choice":
        parts = _parts_single_choice(parsed, text)
    elif kind == "multiple_response":
        parts = _parts_multiple_response(parsed, text)
    elif kind == "short_answer":
        parts = _parts_short_answer(parsed, text)
    elif kind == "matching":
        parts = _parts_matching(parsed, text)
    elif kind == "true_false":
        by_text = {answer.text: answer for answer in parsed.answers}
        fields |= {
            "correct_answer": by_text["True"].fraction == HUNDRED,
            "feedback_true": text.block(by_text["True"].feedback),
            "feedback_false": text.block(by_text["False"].feedback),
        }
    elif kind == "numerical":
        fields |= _numerical_fields(parsed)
    elif kind != "essay":  # pragma: no cover - gift.KINDS is closed
        raise _Refused(_("Unknown question type %(kind)s.") % {"kind": kind})
    return QUESTION_MODELS[kind](**fields), parts


def _messages(error: ValidationError, model, prefix: str = "") -> list[str]:
    """'Option 2, text: This field cannot be blank.' for each message of a failed clean."""
    if not hasattr(error, "error_dict"):
        return [prefix + message for message in error.messages]
    found = []
    for name, errors in error.message_dict.items():
        label = prefix
        if name != "__all__":
            try:
                label += f"{model._meta.get_field(name).verbose_name}: "
            except FieldDoesNotExist:  # a clean() may name something else
                label += f"{name}: "
        found += [label + message for message in errors]
    return found


def _save(question: Question, parts: list) -> list[str]:
    """Validate and save one question with its rows; the problems found, if any."""
    try:
        # The category was just found or validated; excluding it saves a query per row.
        question.full_clean(exclude=["category"])
    except ValidationError as error:
        return _messages(error, type(question))
    question.save()
    problems: list[str] = []
    for position, part in enumerate(parts, start=1):
        part.question = question
        try:
            part.full_clean(exclude=["question"])
        except ValidationError as error:
            what = str(part._meta.verbose_name).capitalize()
            problems += _messages(error, type(part), f"{what} {position}, ")
            continue
        part.save()
    if problems:
        return problems
    return question_problems(question)


# --------------------------------------------------------------------------- import


def _bank_get_or_create(bank_name: str) -> tuple[QuestionBank, bool]:
    name = bank_name.strip()
    if not name:
        raise GiftError(0, _("Give the question bank a name."))
    bank = QuestionBank.objects.filter(name=name).first()
    if bank is not None:
        return bank, False
    bank = QuestionBank(name=name)
    try:
        bank.full_clean()
    except ValidationError as error:
        raise GiftError(
            0, " ".join(_messages(error, QuestionBank, _("Question bank") + ", "))
        ) from None
    bank.save()
    return bank, True


def gift_import(*, data: bytes, bank_name: str, by=None) -> GiftImportResult:
    """Import every question of a GIFT file into `bank_name` as drafts, or nothing.

    The bank is found by name or created. `by`, when given, must be allowed to add
    questions (the management command passes None: whoever runs it has the server).
    Raises `GiftError` listing every problem with its line (0 for the file as a whole),
    with nothing saved.
    """
    if by is not None and not by.has_perm("assessments.add_question"):
        raise PermissionDenied
    parsed_questions = load_gift_bytes(data, max_bytes=MAX_BYTES)
    with transaction.atomic():
        bank, bank_created = _bank_get_or_create(bank_name)
        result = GiftImportResult(bank=bank, bank_created=bank_created)
        categories = {c.name: c for c in QuestionCategory.objects.filter(bank=bank)}
        existing = set(
            Question.objects.non_polymorphic()
            .filter(category__bank=bank)
            .values_list("category__name", "name")
        )
        problems: list[GiftProblem] = []
        by_category: Counter[str] = Counter()
        for parsed in parsed_questions:
            category_name = category_name_for(parsed.category)
            try:
                category = categories.get(category_name)
                if category is None:
                    category = QuestionCategory(bank=bank, name=category_name)
                    try:
                        category.full_clean()
                    except ValidationError as error:
                        raise _Refused(
                            " ".join(_messages(error, QuestionCategory, _("Category") + ", "))
                        ) from None
                    category.save()
                    categories[category_name] = category
                    result.categories_created.append(category_name)
                question, parts = _build(parsed, category)
                if (category_name, question.name) in existing:
                    raise _Refused(
                        _(
                            "A question named “%(name)s” is already in the category "
                            "“%(category)s” of this bank, so this file may have been imported "
                            "before. Rename the question, or import into another bank."
                        )
                        % {"name": question.name, "category": category_name}
                    )
                # A savepoint per question keeps the transaction usable after a failed row.
                with transaction.atomic():
                    found = _save(question, parts)
                    if found:
                        raise _Refused(" ".join(found))
            except _Refused as refused:
                problems.append(GiftProblem(parsed.line, refused.message))
                continue
            log(instance=question, action="wagtail.create", user=by)
            result.questions.append(question)
            by_category[category_name] += 1
        if problems:
            # Leaving the block by an exception rolls back the bank, categories and questions.
            raise GiftError(problems=problems)
    result.by_category = dict(by_category)
    result.by_type = dict(Counter(q.question_type for q in result.questions))
    return result


# --------------------------------------------------------------------------- export


def _gift_format(text_format: str) -> str:
    return "html" if text_format == Question.TextFormat.HTML else "plain"


def question_to_parsed(question: Question, category_name: str) -> ParsedQuestion:
    """The GIFT view of a stored question: the reverse of `_build`."""
    parsed = ParsedQuestion(
        kind=question.question_type,
        text=question.prompt,
        name=question.name,
        text_format=_gift_format(question.text_format),
        category=category_name,
        general_feedback=question.general_feedback,
    )
    if isinstance(question, SingleChoiceQuestion):
        parsed.answers = [
            GiftAnswer(o.text, HUNDRED if o.is_correct else ZERO, o.feedback)
            for o in question.options.all()
        ]
    elif isinstance(question, MultipleResponseQuestion):
        parsed.answers = [GiftAnswer(o.text, o.weight, o.feedback) for o in question.options.all()]
    elif isinstance(question, TrueFalseQuestion):
        truth = question.correct_answer
        parsed.answers = [
            GiftAnswer("True", HUNDRED if truth else ZERO, question.feedback_true),
            GiftAnswer("False", ZERO if truth else HUNDRED, question.feedback_false),
        ]
    elif isinstance(question, ShortAnswerQuestion):
        parsed.answers = [
            GiftAnswer(a.text, HUNDRED, a.feedback) for a in question.accepted_answers.all()
        ]
    elif isinstance(question, MatchingQuestion):
        parsed.pairs = [MatchPair(p.prompt, p.answer) for p in question.pairs.all()]
    elif isinstance(question, NumericalQuestion):
        if question.min_value is not None:
            answer = NumericalAnswer(minimum=question.min_value, maximum=question.max_value)
        else:
            answer = NumericalAnswer(value=question.answer, tolerance=question.tolerance)
        parsed.numerical_answers = [answer]
    return parsed


def bank_export_gift(*, bank: QuestionBank) -> str:
    """Every question of `bank`, drafts included, as GIFT text grouped by category.

    Raises `GiftError` naming each question GIFT cannot write (such as '->' inside a
    matching item), rather than a file that would read back differently.
    """
    category_names = dict(bank.categories.values_list("pk", "name"))
    questions = questions_with_parts(
        Question.objects.filter(category__bank=bank).order_by("category__name", "name", "pk")
    )
    parsed: list[ParsedQuestion] = []
    problems: list[GiftProblem] = []
    for question in questions:
        item = question_to_parsed(question, category_names[question.category_id])
        try:
            export_gift([item])
        except ValueError as error:
            problems.append(
                GiftProblem(
                    0,
                    _("“%(name)s” cannot be written as GIFT: %(reason)s")
                    % {"name": question.name, "reason": error},
                )
            )
            continue
        parsed.append(item)
    if problems:
        raise GiftError(problems=problems)
    return export_gift(parsed)
