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
  with per-answer feedback (use the general feedback, `####`). Each type says what it
  refuses in its `gift_build` (`question_types/`).
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
from html import unescape

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from assessments.models import Question, QuestionBank, QuestionCategory
from assessments.quizzes.gift import GiftError, GiftProblem, ParsedQuestion
from assessments.quizzes.gift_reader import load_gift_bytes
from assessments.quizzes.gift_writer import export_gift
from assessments.quizzes.question_types.base import ImportRefused
from assessments.quizzes.question_types.registry import QUESTION_TYPES
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


# Moodle writes a context before the path: $course$/top/…, $system$/top/…, $module$/…
_CONTEXT_RE = re.compile(r"^\$[a-z0-9_]+\$(/top)?(/|$)")


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
            (str(kind.model._meta.verbose_name_plural), self.by_type[key])
            for key, kind in QUESTION_TYPES.items()
            if key in self.by_type
        ]


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


# --------------------------------------------------------------------------- building


def _build(parsed: ParsedQuestion, category: QuestionCategory) -> tuple[Question, list]:
    """An unsaved question and its unsaved rows, or `ImportRefused`."""
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
    kind = QUESTION_TYPES[parsed.kind]  # the reader only makes kinds that have a type
    own_fields, parts = kind.gift_build(parsed, text)
    return kind.model(**fields, **own_fields), parts


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
                        raise ImportRefused(
                            " ".join(_messages(error, QuestionCategory, _("Category") + ", "))
                        ) from None
                    category.save()
                    categories[category_name] = category
                    result.categories_created.append(category_name)
                question, parts = _build(parsed, category)
                if (category_name, question.name) in existing:
                    raise ImportRefused(
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
                        raise ImportRefused(" ".join(found))
            except ImportRefused as refused:
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
    QUESTION_TYPES[question.question_type].gift_fill(question, parsed)
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
