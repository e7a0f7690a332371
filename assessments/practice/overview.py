"""The reads of the trainee's practice overview (/learn/practice/), in four queries however
many courses, logs, sign-offs and observations the trainee has (issue 15's ceiling: the whole
page in at most 8, tests/assessments/test_page_queries.py).

The page used to ask `practice_hours_summary`, `competency_status_for` and `current_supervisor`
once per course, nine queries a course. Here each kind of row is read once for every active
enrolment: the enrolments (with the current supervisor's name, the course's rating scale and
the number of logs, as subqueries), the categories with their approved and waiting minutes,
one page of logs per enrolment (a window numbers each enrolment's logs), and the competencies
with where the trainee stands. Every subquery is limited to the enrolment of the row's own
course, so a row never counts another course's logs or observations, as before.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.selectors import (
    COMPETENCY_STATUS_LABELS,
    CategoryHours,
    HoursSummary,
    rating_label,
    rating_scale_levels,
)
from courses.models import Enrolment, Supervision

LOGS_PER_PAGE = 25


@dataclass(frozen=True)
class SupervisorName:
    """The current supervisor as the overview shows them: by name only."""

    pk: int
    full_name: str


@dataclass
class CompetencyStanding:
    """Where an enrolment stands with one competency, as the overview shows it: how many
    observations, the latest one's rating and date, and who signed it off when."""

    competency: Competency
    observation_count: int = 0
    latest_rating_label: str = ""
    latest_observed_on: date | None = None
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def status(self) -> str:
        if self.is_signed_off:
            return "signed_off"
        return "observed" if self.observation_count else "not_observed"

    @property
    def status_label(self) -> str:
        return str(COMPETENCY_STATUS_LABELS[self.status])


@dataclass
class OverviewSection:
    enrolment: Enrolment
    supervisor: SupervisorName | None
    hours: HoursSummary
    logs: Page
    competencies: list[CompetencyStanding]

    @property
    def course(self):
        return self.enrolment.course


def practice_overview_for(*, user, page_numbers: dict[int, str | None]):
    """(sections, left): a section per active enrolment, oldest first, and the enrolments the
    trainee has left (their statements stay downloadable). `page_numbers` maps an enrolment
    id to the page of logs asked for (as typed in the URL, or None)."""
    enrolments = _enrolments(user)
    left = [e for e in enrolments if e.status != Enrolment.Status.ACTIVE]
    active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE]
    if not active:
        return [], left
    ids = [e.pk for e in active]
    hours = _hours_by_enrolment(active)
    pages = _log_pages(active, page_numbers)
    standings = _standings_by_enrolment(active, ids)
    sections = [
        OverviewSection(
            enrolment=e,
            supervisor=(
                SupervisorName(pk=e.supervisor_pk, full_name=e.supervisor_full_name)
                if e.supervisor_pk is not None
                else None
            ),
            hours=hours[e.pk],
            logs=pages[e.pk],
            competencies=standings[e.pk],
        )
        for e in active
    ]
    return sections, left


def _enrolments(user) -> list[Enrolment]:
    supervision = Supervision.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
    scale = PracticeSettings.objects.filter(course_id=OuterRef("course_id")).order_by("pk")
    log_count = (
        PracticeLog.objects.filter(enrolment=OuterRef("pk"))
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .annotate(
            supervisor_pk=Subquery(supervision.values("supervisor_id")[:1]),
            supervisor_full_name=Subquery(supervision.values("supervisor__full_name")[:1]),
            rating_scale_text=Subquery(scale.values("rating_scale")[:1]),
            log_count=Coalesce(Subquery(log_count, output_field=IntegerField()), 0),
        )
        .order_by("enrolled_at", "pk")
    )


def _own_rows(model, ids):
    """Rows of `model` for the trainee's active enrolment in the outer row's course."""
    return model.objects.filter(enrolment_id__in=ids, enrolment__course_id=OuterRef("course_id"))


def _hours_by_enrolment(active: list[Enrolment]) -> dict[int, HoursSummary]:
    """Each course's categories (in the editors' order) with the trainee's approved and
    submitted minutes, as `practice_hours_summary` gives them, in one query."""
    ids = [e.pk for e in active]

    def minutes(status):
        rows = (
            _own_rows(PracticeLog, ids)
            .filter(category=OuterRef("pk"), status=status)
            .order_by()
            .values("category")
            .annotate(total=Sum("duration_minutes"))
            .values("total")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    by_course = {e.course_id: HoursSummary() for e in active}
    for category in PracticeCategory.objects.filter(course_id__in=by_course).annotate(
        approved=minutes(PracticeLog.Status.APPROVED),
        pending=minutes(PracticeLog.Status.SUBMITTED),
    ):
        by_course[category.course_id].categories.append(
            CategoryHours(
                category_id=category.pk,
                name=category.name,
                required_minutes=category.required_minutes,
                approved_minutes=category.approved,
                pending_minutes=category.pending,
            )
        )
    return {e.pk: by_course[e.course_id] for e in active}


def _page_number(paginator: Paginator, number) -> int:
    """The page `Paginator.get_page` would show for `number`."""
    try:
        return paginator.validate_number(number)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def _log_pages(active: list[Enrolment], page_numbers) -> dict[int, Page]:
    """One page of each enrolment's logs, newest first, each with the latest sign-off's
    comment, in one query: the enrolments' log counts are known, so the pages are chosen
    first and a window numbers each enrolment's logs to pick them."""
    paginators, wanted = {}, Q(pk__in=[])
    for enrolment in active:
        paginator = Paginator([], LOGS_PER_PAGE)
        paginator.count = enrolment.log_count  # read with the enrolment
        number = _page_number(paginator, page_numbers.get(enrolment.pk))
        paginators[enrolment.pk] = (paginator, number)
        first = (number - 1) * LOGS_PER_PAGE
        wanted |= Q(enrolment_id=enrolment.pk, row__gt=first, row__lte=first + LOGS_PER_PAGE)
    latest = SignOff.objects.filter(log=OuterRef("pk")).order_by("-decided_at", "-pk")
    rows: dict[int, list[PracticeLog]] = {e.pk: [] for e in active}
    logs = (
        PracticeLog.objects.filter(enrolment_id__in=rows)
        .select_related("category")
        .defer("description", "reflection")
        .annotate(
            latest_comment=Subquery(latest.values("comment")[:1]),
            latest_decided_at=Subquery(latest.values("decided_at")[:1]),
            row=Window(
                RowNumber(),
                partition_by=[F("enrolment_id")],
                order_by=[F("started_at").desc(), F("pk").desc()],
            ),
        )
        .filter(wanted)
        .order_by("enrolment_id", "-started_at", "-pk")
    )
    for log in logs:
        rows[log.enrolment_id].append(log)
    return {pk: Page(rows[pk], number, paginator) for pk, (paginator, number) in paginators.items()}


def _standings_by_enrolment(active: list[Enrolment], ids) -> dict[int, list[CompetencyStanding]]:
    """Each course's competencies (in the editors' order) with the trainee's observations
    counted, the latest one's rating and date, and the sign-off, in one query."""
    observations = _own_rows(CompetencyObservation, ids).filter(competency=OuterRef("pk"))
    latest = observations.order_by("-observed_on", "-recorded_at", "-pk")
    observation_count = (
        observations.order_by().values("competency").annotate(n=Count("pk")).values("n")
    )
    sign_off = _own_rows(CompetencySignOff, ids).filter(competency=OuterRef("pk"))
    by_course = {e.course_id: e for e in active}
    standings: dict[int, list[CompetencyStanding]] = {e.pk: [] for e in active}
    scales = {e.pk: rating_scale_levels(e.rating_scale_text) for e in active}
    for competency in Competency.objects.filter(course_id__in=by_course).annotate(
        observation_count=Coalesce(Subquery(observation_count, output_field=IntegerField()), 0),
        latest_rating=Subquery(latest.values("rating")[:1]),
        latest_observed_on=Subquery(latest.values("observed_on")[:1]),
        signed_off_at=Subquery(sign_off.values("decided_at")[:1]),
        signed_off_by=Subquery(sign_off.values("decided_by__full_name")[:1]),
    ):
        enrolment = by_course[competency.course_id]
        standings[enrolment.pk].append(
            CompetencyStanding(
                competency=competency,
                observation_count=competency.observation_count,
                latest_rating_label=rating_label(scales[enrolment.pk], competency.latest_rating),
                latest_observed_on=competency.latest_observed_on,
                signed_off_by=competency.signed_off_by,
                signed_off_at=competency.signed_off_at,
            )
        )
    return standings
