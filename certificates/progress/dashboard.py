"""What the cohort progress dashboard does with a cohort's evaluated trainees
(`evaluate.progress_for`): the summary on top, the filters, the orderings and the export's
rows. Plain functions over the list, so the page, the download and the tests agree."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from statistics import median

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.durations import hours_figure

from .evaluate import ACTIVE_DAYS, TraineeProgress

_NEVER = datetime.min.replace(tzinfo=UTC)

# Orderings: key → (column heading, sort key). "-key" sorts the other way; ties by name.
SORTS = {
    "name": (gettext_lazy("Trainee"), lambda row: (row.name.casefold(), row.email)),
    "lessons": (gettext_lazy("Lessons"), lambda row: row.lessons_completed),
    "quizzes": (gettext_lazy("Quizzes"), lambda row: row.quizzes_passed),
    "hours": (gettext_lazy("Practice hours"), lambda row: row.hours.counted_minutes),
    "competencies": (gettext_lazy("Competencies"), lambda row: row.competencies_signed_off),
    "ethics": (gettext_lazy("Code of ethics"), lambda row: row.ethics_accepted),
    "left": (gettext_lazy("Rules left"), lambda row: (row.cycle is not None, row.rules_left)),
    "activity": (gettext_lazy("Last activity"), lambda row: row.last_activity_at or _NEVER),
}
DEFAULT_SORT = "name"


def progress_sorted(rows: list[TraineeProgress], sort: str) -> list[TraineeProgress]:
    """`rows` in the order `sort` names (an unknown one: by name)."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT, DEFAULT_SORT
    by_name = sorted(rows, key=SORTS[DEFAULT_SORT][1])
    if key == DEFAULT_SORT:
        return by_name[::-1] if sort.startswith("-") else by_name
    return sorted(by_name, key=SORTS[key][1], reverse=sort.startswith("-"))


def progress_filtered(
    rows: list[TraineeProgress],
    *,
    now: datetime,
    stalled_days: int | None = None,
    waiting: bool = False,
    one_left: bool = False,
    text: str = "",
) -> list[TraineeProgress]:
    """The rows every given filter keeps: stalled (something to earn and nothing done for
    `stalled_days` days), waiting on the supervisor, ready but for one rule, and a name or
    email containing `text`."""
    text = text.strip().casefold()
    return [
        row
        for row in rows
        if (stalled_days is None or row.stalled(days=stalled_days, now=now))
        and (not waiting or row.waiting_on_supervisor)
        and (not one_left or row.one_rule_left)
        and (not text or text in row.name.casefold() or text in row.email.casefold())
    ]


@dataclass(frozen=True)
class CohortSummary:
    enrolled: int
    active_this_week: int
    completed: int
    median_days: float | None
    waiting: int
    one_left: int


def cohort_summary(rows: list[TraineeProgress], *, now: datetime) -> CohortSummary:
    """The figures on top, of every trainee in the cohort (not only those the filters keep)."""
    week_ago = now - timedelta(days=ACTIVE_DAYS)
    days = [row.days_to_certificate for row in rows if row.days_to_certificate is not None]
    return CohortSummary(
        enrolled=len(rows),
        active_this_week=sum(1 for row in rows if row.active_since(week_ago)),
        completed=sum(1 for row in rows if row.certified),
        median_days=median(days) if days else None,
        waiting=sum(1 for row in rows if row.waiting_on_supervisor),
        one_left=sum(1 for row in rows if row.one_rule_left),
    )


def certificate_words(row: TraineeProgress) -> str:
    """The certificate's standing in words, or that there is none yet."""
    if row.standing is None:
        return _("Not yet")
    return row.standing.label


# The download's columns, in order: (key of a row, heading).
EXPORT_COLUMNS = [
    ("trainee", gettext_lazy("Trainee")),
    ("email", gettext_lazy("Email")),
    ("supervisor", gettext_lazy("Supervisor")),
    ("enrolled_on", gettext_lazy("Enrolled on")),
    ("last_activity", gettext_lazy("Last activity")),
    ("lessons_completed", gettext_lazy("Lessons completed")),
    ("lessons_total", gettext_lazy("Lessons")),
    ("quizzes_passed", gettext_lazy("Quizzes passed")),
    ("quizzes_total", gettext_lazy("Quizzes")),
    ("approved_hours", gettext_lazy("Approved practice hours")),
    ("waiting_hours", gettext_lazy("Practice hours waiting for sign-off")),
    ("required_hours", gettext_lazy("Required practice hours")),
    ("competencies_signed_off", gettext_lazy("Competencies signed off")),
    ("competencies_total", gettext_lazy("Competencies")),
    ("ethics", gettext_lazy("Code of ethics accepted")),
    ("certificate", gettext_lazy("Certificate")),
    ("rules_left", gettext_lazy("Rules left")),
    ("left", gettext_lazy("What's left")),
]


def _hours(minutes: int) -> Decimal:
    """Hours as a number (to two decimals) for a spreadsheet to add up: 90 → 1.5."""
    return Decimal(hours_figure(minutes))


def export_row(row: TraineeProgress, *, zone) -> dict:
    """A row of the download: figures as numbers, dates as dates, the rest in words."""
    last = row.last_activity_at
    return {
        "trainee": row.name,
        "email": row.email,
        "supervisor": row.supervisor,
        "enrolled_on": row.enrolment.enrolled_at.astimezone(zone).date(),
        "last_activity": last.astimezone(zone).date() if last else None,
        "lessons_completed": row.lessons_completed,
        "lessons_total": row.lessons_total,
        "quizzes_passed": row.quizzes_passed,
        "quizzes_total": row.quizzes_total,
        "approved_hours": _hours(row.hours.counted_minutes),
        "waiting_hours": _hours(row.hours.pending_minutes),
        "required_hours": _hours(row.hours.required_minutes),
        "competencies_signed_off": row.competencies_signed_off,
        "competencies_total": row.competencies_total,
        "ethics": _("Yes") if row.ethics_accepted else _("No"),
        "certificate": certificate_words(row),
        "rules_left": row.rules_left,
        "left": row.left_words,
    }
