"""The daily progress snapshot: one row per active enrolment and day (`ProgressSnapshot`),
the history the dashboard's chart draws, and the chart's points read back per cohort.

`progress_snapshots_take` is the daily job (`manage.py snapshot_progress`, registered in
certificates/apps.py): it evaluates every active enrolment with the dashboard's own batch
(`evaluate.progress_for`, a fixed number of queries per batch of enrolments of one course)
and writes each batch in one statement. A second run the same day writes the same rows again
with what holds then (an upsert on enrolment and day), so it can run at any time.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from courses.organisations import enrolments_q
from courses.selectors import courses_for_choice, enrolments_active

from ..models import ProgressSnapshot
from .evaluate import ACTIVE_DAYS, TraineeProgress, progress_for

BATCH = 500  # enrolments evaluated and written together

FIGURES = [
    "cycle",
    "lessons_completed",
    "lessons_total",
    "quizzes_passed",
    "quizzes_total",
    "approved_minutes",
    "pending_minutes",
    "required_minutes",
    "competencies_signed_off",
    "competencies_total",
    "ethics_accepted",
    "rules_left",
    "certified",
    "waiting_on_supervisor",
    "active_this_week",
    "last_activity_at",
    "taken_at",
]


def snapshot_of(row: TraineeProgress, *, day: date, now: datetime) -> ProgressSnapshot:
    return ProgressSnapshot(
        enrolment_id=row.enrolment.pk,
        day=day,
        cycle=row.cycle,
        lessons_completed=row.lessons_completed,
        lessons_total=row.lessons_total,
        quizzes_passed=row.quizzes_passed,
        quizzes_total=row.quizzes_total,
        approved_minutes=row.hours.counted_minutes,
        pending_minutes=row.hours.pending_minutes,
        required_minutes=row.hours.required_minutes,
        competencies_signed_off=row.competencies_signed_off,
        competencies_total=row.competencies_total,
        ethics_accepted=row.ethics_accepted,
        rules_left=row.rules_left,
        certified=row.certified,
        waiting_on_supervisor=row.waiting_on_supervisor,
        active_this_week=row.active_since(now - timedelta(days=ACTIVE_DAYS)),
        last_activity_at=row.last_activity_at,
        taken_at=now,
    )


def progress_snapshots_take(*, day: date | None = None) -> int:
    """Write `day`'s snapshot (today's by default) of every active enrolment; returns how
    many rows were written."""
    day = day or timezone.localdate()
    now = timezone.now()
    by_course: dict[int, list[int]] = {}
    for pk, course_id in (
        enrolments_active().order_by("course_id", "pk").values_list("pk", "course_id")
    ):
        by_course.setdefault(course_id, []).append(pk)
    courses = courses_for_choice().filter(pk__in=list(by_course)).in_bulk()
    written = 0
    for course_id, ids in by_course.items():
        course = courses.get(course_id)
        if course is None:  # enrolments are on the source course; nothing else to count
            continue
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = progress_for(course=course, enrolments=enrolments_active().filter(pk__in=chunk))
            ProgressSnapshot.objects.bulk_create(
                [snapshot_of(row, day=day, now=now) for row in rows],
                update_conflicts=True,
                unique_fields=["enrolment", "day"],
                update_fields=FIGURES,
            )
            written += len(rows)
    return written


@dataclass(frozen=True)
class ChartPoint:
    """A day of the chart: how many trainees there were, certified, one rule from it, and
    active in the seven days before. `live`: worked out now rather than read back."""

    day: date
    enrolled: int
    certified: int
    one_left: int
    active: int
    live: bool = False


def cohort_history(*, cohort, user, days: list[date]) -> list[ChartPoint]:
    """The snapshots of the cohort's enrolments (those `user` may see) on `days`, counted
    per day in one query; days without a snapshot are left out."""
    counted = (
        ProgressSnapshot.objects.filter(
            enrolments_q(user, "enrolment__"), enrolment__cohort_id=cohort.pk, day__in=days
        )
        .order_by()
        .values("day")
        .annotate(
            enrolled=Count("pk"),
            certified=Count("pk", filter=Q(certified=True)),
            one_left=Count("pk", filter=Q(cycle__isnull=False, rules_left=1)),
            active=Count("pk", filter=Q(active_this_week=True)),
        )
    )
    return sorted(
        (
            ChartPoint(
                day=row["day"],
                enrolled=row["enrolled"],
                certified=row["certified"],
                one_left=row["one_left"],
                active=row["active"],
            )
            for row in counted
        ),
        key=lambda point: point.day,
    )
