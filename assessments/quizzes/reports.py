"""Quiz reports for editors: how trainees did on a quiz, and how well each question works.

Everything here reads final attempts only (an attempt still open or waiting for an essay
grade has no score yet). Two populations feed the figures, and the report page says which:

- **Trainee figures** (pass rate, mean, median and the spread of scores) use each trainee's
  counted attempt, the one the quiz's grading rule picks (highest or last), because they
  answer "how did our trainees end up?". A trainee who needed three tries counts once.
- **Question figures** (times asked, facility, discrimination) use every final attempt, as
  Moodle's statistics do by default: every attempt is one more person answering the
  question, and a question that trips people up on their first try is what editors need
  to see.

The facility index is the mean score on a question as a percentage (0 = nobody got it, 100 =
everybody did). The discrimination index is the classic upper-lower index on a −1..1 scale:
sort the attempts that asked the question by their total percent, and subtract the mean score
on the question in the bottom third from the mean in the top third. Near 0, the question does
not separate stronger from weaker attempts; below 0, weaker attempts did better, which usually
means a wrong key or a misleading prompt. With fewer than six attempts the thirds hold one
attempt each and the index says nothing, so it is left out with a note.

Queries stay constant however many attempts and questions there are: one pass over the
attempts (only the fields the figures need), one `values()` pass over the answers (reading
only the title and type out of each snapshot, never the whole snapshot), and one for the
quiz's own question order.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt, AttemptAnswer, Question, Quiz
from assessments.quizzes.selectors import counted_attempt
from courses.organisations import records_q
from lms.spreadsheets import csv_cell

HUNDRED = Decimal(100)
BANDS = 10
# Below this many attempts the top and bottom thirds hold one attempt each.
MIN_ATTEMPTS_FOR_DISCRIMINATION = 6
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")
# Spreadsheet programs run a cell starting with one of these as a formula (OWASP's list).


def _round(value: Decimal | None, places: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


@dataclass(frozen=True)
class ScoreBand:
    """One tenth of the score range, with how many trainees' counted attempts fell in it."""

    low: int
    high: int
    count: int
    share: Decimal  # percent of the trainees, for drawing a bar

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high} %"


@dataclass(frozen=True)
class QuizSummary:
    """The figures the list of quizzes shows: attempts, trainees and how many passed."""

    attempt_count: int = 0
    trainee_count: int = 0
    passed_count: int = 0

    @property
    def pass_rate(self) -> Decimal | None:
        """Percent of trainees whose counted attempt passed, or None before anyone finishes."""
        if not self.trainee_count:
            return None
        return _round(HUNDRED * self.passed_count / self.trainee_count, ONE_PLACE)


@dataclass(frozen=True)
class QuestionStats:
    question_id: int
    title: str
    type_label: str
    times_asked: int
    facility: Decimal | None  # 0..100
    discrimination: Decimal | None  # -1..1, None when too few attempts asked the question
    note: str = ""


@dataclass(frozen=True)
class QuizReport:
    quiz: Quiz
    summary: QuizSummary
    mean_percent: Decimal | None
    median_percent: Decimal | None
    bands: list[ScoreBand] = field(default_factory=list)
    questions: list[QuestionStats] = field(default_factory=list)

    @property
    def attempt_count(self) -> int:
        return self.summary.attempt_count

    @property
    def trainee_count(self) -> int:
        return self.summary.trainee_count

    @property
    def passed_count(self) -> int:
        return self.summary.passed_count

    @property
    def pass_rate(self) -> Decimal | None:
        return self.summary.pass_rate

    @property
    def has_attempts(self) -> bool:
        return self.summary.attempt_count > 0


def _final_attempts(quizzes: Iterable[Quiz], viewer=None) -> list[Attempt]:
    """Final attempts at these quizzes, with only the fields the figures need: of the
    viewer's organisations' trainees (courses.organisations.records_q)."""
    return list(
        Attempt.objects.filter(
            quiz__in=list(quizzes), status=Attempt.Status.FINAL, percent__isnull=False
        )
        .filter(records_q(viewer, "enrolment__"))
        .order_by()
        .only("id", "quiz_id", "enrolment_id", "number", "status", "percent", "passed")
    )


def _summarise(quiz: Quiz, attempts: list[Attempt]) -> tuple[QuizSummary, list[Attempt]]:
    """The summary and each trainee's counted attempt, picked by the same rule trainees'
    own pages use (`selectors.counted_attempt`), so the two never disagree."""
    by_trainee: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_trainee[attempt.enrolment_id].append(attempt)
    counted = [counted_attempt(quiz, rows) for rows in by_trainee.values()]
    summary = QuizSummary(
        attempt_count=len(attempts),
        trainee_count=len(counted),
        passed_count=sum(1 for attempt in counted if attempt.passed),
    )
    return summary, counted


def quiz_summaries(quizzes: Iterable[Quiz], viewer=None) -> dict[int, QuizSummary]:
    """Attempts, trainees and pass rate for each quiz, in one query for the whole list."""
    quizzes = list(quizzes)
    rows: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in _final_attempts(quizzes, viewer) if quizzes else []:
        rows[attempt.quiz_id].append(attempt)
    return {quiz.pk: _summarise(quiz, rows[quiz.pk])[0] for quiz in quizzes}


def _bands(counted: list[Attempt]) -> list[ScoreBand]:
    counts = [0] * BANDS
    for attempt in counted:
        # 0 <= p < 10 is the first band, ..., 90 <= p <= 100 the last.
        counts[min(int(attempt.percent // 10), BANDS - 1)] += 1
    total = len(counted)
    return [
        ScoreBand(
            low=index * 10,
            high=(index + 1) * 10,
            count=count,
            share=_round(HUNDRED * count / total, ONE_PLACE) if total else Decimal(0),
        )
        for index, count in enumerate(counts)
    ]


def question_type_labels() -> dict[str, str]:
    """The readable name of each question type, from the snapshot's `type` key."""
    return {
        model.question_type: model._meta.verbose_name
        for model in Question.__subclasses__()
        if model.question_type
    }


def _discrimination(scored: list[tuple[Decimal, int, Decimal]]) -> Decimal | None:
    """Top third's mean score minus the bottom third's, from (attempt percent, attempt id,
    score) triples; ties in percent are broken by the attempt id so the result is stable."""
    if len(scored) < MIN_ATTEMPTS_FOR_DISCRIMINATION:
        return None
    ordered = sorted(scored, key=lambda row: (row[0], row[1]))
    third = len(ordered) // 3
    bottom = [score for _, _, score in ordered[:third]]
    top = [score for _, _, score in ordered[-third:]]
    return _round(_mean(top) - _mean(bottom), TWO_PLACES)


def _question_stats(quiz: Quiz, percents: dict[int, Decimal], viewer=None) -> list[QuestionStats]:
    answers = (
        AttemptAnswer.objects.filter(
            attempt__quiz=quiz,
            attempt__status=Attempt.Status.FINAL,
            attempt__percent__isnull=False,
            score__isnull=False,
        )
        .filter(records_q(viewer, "attempt__enrolment__"))
        .order_by("attempt__started_at", "attempt_id", "position")
        .values(
            "attempt_id",
            "question_id",
            "score",
            snapshot_question=KT("snapshot__question_id"),
            title=KT("snapshot__name"),
            type=KT("snapshot__type"),
        )
    )
    scored: dict[int, list[tuple[Decimal, int, Decimal]]] = defaultdict(list)
    titles: dict[int, tuple[str, str]] = {}
    for answer in answers:
        # A deleted question leaves its answers with only the snapshot to say what it was.
        key = answer["question_id"] or int(answer["snapshot_question"] or 0)
        attempt_id = answer["attempt_id"]
        scored[key].append((percents[attempt_id], attempt_id, answer["score"]))
        # Rows come oldest attempt first, so the last title seen is the latest as asked.
        titles[key] = (answer["title"] or "", answer["type"] or "")

    order = {
        question_id: index
        for index, question_id in enumerate(
            quiz.quiz_questions.order_by("sort_order", "pk").values_list("question_id", flat=True)
        )
    }
    labels = question_type_labels()
    stats = []
    for key, rows in scored.items():
        title, question_type = titles[key]
        scores = [score for _, _, score in rows]
        discrimination = _discrimination(rows)
        note = ""
        if discrimination is None:
            note = _("Too few attempts (fewer than %(count)s) for a discrimination index.") % {
                "count": MIN_ATTEMPTS_FOR_DISCRIMINATION
            }
        stats.append(
            QuestionStats(
                question_id=key,
                title=title,
                type_label=str(labels.get(question_type, question_type)),
                times_asked=len(rows),
                facility=_round(HUNDRED * _mean(scores), ONE_PLACE),
                discrimination=discrimination,
                note=str(note),
            )
        )
    # The quiz's own order first; questions only a random draw (or an older version) asked
    # follow by title.
    stats.sort(key=lambda s: (order.get(s.question_id, len(order)), s.title.casefold()))
    return stats


def quiz_report(*, quiz: Quiz, viewer=None) -> QuizReport:
    """Pass rate, scores and per-question statistics for `quiz`, in three queries.

    Trainee figures (pass rate, mean, median, bands) use each trainee's counted attempt;
    question figures use every final attempt. The module docstring says why. A programme
    admin (`viewer`) sees their organisations' trainees only.
    """
    attempts = _final_attempts([quiz], viewer)
    summary, counted = _summarise(quiz, attempts)
    percents = [attempt.percent for attempt in counted]
    return QuizReport(
        quiz=quiz,
        summary=summary,
        mean_percent=_round(_mean(percents), ONE_PLACE),
        median_percent=_round(statistics.median(percents), ONE_PLACE) if percents else None,
        bands=_bands(counted),
        questions=(
            _question_stats(quiz, {a.pk: a.percent for a in attempts}, viewer) if attempts else []
        ),
    )


def _number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def quiz_report_csv(*, quiz: Quiz, report: QuizReport | None = None, viewer=None) -> str:
    """The per-question figures as CSV, one row per question after a header row.

    Question titles and notes are written by people and may start with "=" or "@"; they get a
    leading quote so a spreadsheet shows them as text. Numbers are written as numbers (a
    negative discrimination index stays a number).
    """
    report = report or quiz_report(quiz=quiz, viewer=viewer)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Question"),
            _("Type"),
            _("Times asked"),
            _("Facility index (%)"),
            _("Discrimination index (-1 to 1)"),
            _("Note"),
        ]
    )
    for question in report.questions:
        writer.writerow(
            [
                csv_cell(question.title),
                csv_cell(question.type_label),
                question.times_asked,
                _number(question.facility),
                _number(question.discrimination),
                csv_cell(question.note),
            ]
        )
    return buffer.getvalue()


def quizzes_for_reports():
    """Every quiz, live or draft, with its module, for the list of reports."""
    return Quiz.objects.select_related("module").order_by("title", "pk")
