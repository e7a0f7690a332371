"""Supervised practice for many enrolments of one course at once: what `selectors` reads for
one enrolment (hours per category, competencies signed off), and when each last logged
practice, in a fixed number of queries however many enrolments there are.

For the cohort progress dashboard and its daily snapshot (certificates), which evaluate the
certificate rules for a whole cohort in batch. The answers are the same objects
`practice_hours_summary` and `competencies_signed_off_for` give for one enrolment, so the
rules read them alike. Kept beside `selectors` (which is at the room's length limit) and,
like it, public to other apps (tests/test_layout.py); nothing here writes.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, IntegerField, Max, Sum, Value, When
from django.db.models.functions import Coalesce

from assessments.models import Competency, CompetencySignOff, PracticeCategory, PracticeLog

from .selectors import CategoryHours, CompetencySignedOff, HoursSummary


@dataclass
class PracticeProgress:
    """What the reads found; ask it per enrolment id. Enrolments with the same figures get
    the same (shared, read-only) object, so a caller can work something out once per
    distinct answer rather than once per enrolment."""

    categories: list[tuple[int, str, int]] = field(default_factory=list)
    minutes: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    last_logged_at: dict[int, datetime] = field(default_factory=dict)
    competencies: list[Competency] = field(default_factory=list)
    signed: dict[int, set[int]] = field(default_factory=dict)
    _summaries: dict = field(default_factory=dict, repr=False)
    _signed_lists: dict = field(default_factory=dict, repr=False)

    def hours(self, enrolment_id: int) -> HoursSummary:
        """As `practice_hours_summary` answers for this enrolment."""
        figures = tuple(
            self.minutes.get((enrolment_id, category_id), (0, 0))
            for category_id, _name, _required in self.categories
        )
        summary = self._summaries.get(figures)
        if summary is None:
            summary = self._summaries[figures] = HoursSummary(
                categories=[
                    CategoryHours(
                        category_id=category_id,
                        name=name,
                        required_minutes=required,
                        approved_minutes=approved,
                        pending_minutes=pending,
                    )
                    for (category_id, name, required), (approved, pending) in zip(
                        self.categories, figures, strict=True
                    )
                ]
            )
        return summary

    def competencies_signed_off(self, enrolment_id: int) -> list[CompetencySignedOff]:
        """As `competencies_signed_off_for` answers for this enrolment."""
        signed = frozenset(self.signed.get(enrolment_id, ()))
        answer = self._signed_lists.get(signed)
        if answer is None:
            answer = self._signed_lists[signed] = [
                CompetencySignedOff(competency=competency, is_signed_off=competency.pk in signed)
                for competency in self.competencies
            ]
        return answer


def _sum_of(status: str):
    return Sum(
        Case(
            When(status=status, then="duration_minutes"),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def practice_progress_for(*, course_id: int, enrolments) -> PracticeProgress:
    """Hours, competencies and the latest logging of each of `enrolments` (a queryset of
    the course's enrolments). Five queries: categories, minutes per enrolment and category,
    the latest log per enrolment, competencies, sign-offs."""
    ids = enrolments.values("pk")
    minutes = {
        (row["enrolment_id"], row["category_id"]): (row["approved"] or 0, row["pending"] or 0)
        for row in PracticeLog.objects.filter(
            enrolment_id__in=ids,
            status__in=[PracticeLog.Status.APPROVED, PracticeLog.Status.SUBMITTED],
        )
        .order_by()
        .values("enrolment_id", "category_id")
        .annotate(
            approved=_sum_of(PracticeLog.Status.APPROVED),
            pending=_sum_of(PracticeLog.Status.SUBMITTED),
        )
    }
    # A draft counts when it was written, a submitted log when it was submitted: both are
    # the trainee at work; a supervisor's decision is not.
    last_logged_at = {
        row["enrolment_id"]: row["last"]
        for row in PracticeLog.objects.filter(enrolment_id__in=ids)
        .order_by()
        .values("enrolment_id")
        .annotate(last=Max(Coalesce("submitted_at", "created_at")))
    }
    signed: dict[int, set[int]] = {}
    for enrolment_id, competency_id in (
        CompetencySignOff.objects.filter(enrolment_id__in=ids)
        .order_by()
        .values_list("enrolment_id", "competency_id")
    ):
        signed.setdefault(enrolment_id, set()).add(competency_id)
    return PracticeProgress(
        categories=list(
            PracticeCategory.objects.filter(course_id=course_id).values_list(
                "pk", "name", "required_minutes"
            )
        ),
        minutes=minutes,
        last_logged_at=last_logged_at,
        competencies=list(
            Competency.objects.filter(course_id=course_id).only("id", "name", "sort_order")
        ),
        signed=signed,
    )
