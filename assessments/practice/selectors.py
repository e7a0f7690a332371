"""Supervised practice, the reads: hours, queues, histories, competency standings, the
trainee's hours statement and a cohort's hours export, and the digests a sign-off signs.

Other apps (certificates, the course panels) read practice through this module only; every
change of state is in `assessments.practice.services`. Nothing here writes, so a page or a
report can call any of it freely. The digests live here because both a write (the sign-off
stores one) and a read (`competency_sign_off_intact` checks one) need the same computation.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from courses.models import Enrolment, Supervision
from lms.timezones import user_zone


def practice_bounds(course_id: int) -> tuple[int, int]:
    """(min, max) minutes for one log in a course; the defaults when no settings row exists."""
    row = PracticeSettings.objects.filter(course_id=course_id).values_list(
        "min_minutes", "max_minutes"
    )
    found = row.first()
    if found is None:
        return PracticeSettings.DEFAULT_MIN_MINUTES, PracticeSettings.DEFAULT_MAX_MINUTES
    return found


def current_supervisor_id(enrolment_id: int) -> int | None:
    return (
        Supervision.objects.filter(enrolment_id=enrolment_id, ended_at__isnull=True)
        .values_list("supervisor_id", flat=True)
        .first()
    )


def practice_log_digest(log: PracticeLog) -> str:
    """SHA-256 hex of the log's content as a supervisor sees it, in canonical JSON.

    The reflection is private to the trainee and is not part of what is signed.
    """
    content = {
        "log": log.pk,
        "enrolment": log.enrolment_id,
        "started_at": log.started_at.astimezone(UTC).isoformat(),
        "duration_minutes": log.duration_minutes,
        "category": log.category_id,
        "mode": log.mode,
        "description": log.description,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def percent_of_required(minutes: int, required: int) -> int | None:
    """Whole percent of `required` that `minutes` covers, capped at 100, for progress bars.

    None when nothing is required, so a page shows no bar rather than an empty or a full one.
    """
    if not required:
        return None
    return min(100, (100 * max(minutes, 0)) // required)


@dataclass
class CategoryHours:
    category_id: int
    name: str
    approved_minutes: int = 0
    pending_minutes: int = 0
    required_minutes: int = 0

    @property
    def approved_percent(self) -> int | None:
        return percent_of_required(self.approved_minutes, self.required_minutes)

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.required_minutes - self.approved_minutes)


@dataclass
class HoursSummary:
    categories: list[CategoryHours] = field(default_factory=list)

    @property
    def approved_minutes(self) -> int:
        return sum(c.approved_minutes for c in self.categories)

    @property
    def pending_minutes(self) -> int:
        return sum(c.pending_minutes for c in self.categories)

    @property
    def required_minutes(self) -> int:
        return sum(c.required_minutes for c in self.categories)

    @property
    def counted_minutes(self) -> int:
        """Approved minutes that count towards the requirements: extra hours in one category
        do not make up for missing hours in another."""
        return sum(min(c.approved_minutes, c.required_minutes) for c in self.categories)

    @property
    def approved_percent(self) -> int | None:
        return percent_of_required(self.counted_minutes, self.required_minutes)


def practice_hours_summary(enrolment: Enrolment) -> HoursSummary:
    """Approved, pending (submitted) and required minutes per category of the enrolment's
    course, and in total. One query whatever the number of logs: the categories, each with
    the enrolment's two sums as subqueries."""

    def minutes(status: str):
        logs = (
            PracticeLog.objects.filter(
                enrolment_id=enrolment.pk, category_id=OuterRef("pk"), status=status
            )
            .order_by()
            .values("category_id")
            .annotate(total=Sum("duration_minutes"))
            .values("total")
        )
        return Coalesce(Subquery(logs, output_field=IntegerField()), Value(0))

    return HoursSummary(
        categories=[
            CategoryHours(
                category_id=pk,
                name=name,
                required_minutes=required,
                approved_minutes=approved,
                pending_minutes=pending,
            )
            for pk, name, required, approved, pending in PracticeCategory.objects.filter(
                course_id=enrolment.course_id
            )
            .annotate(
                approved=minutes(PracticeLog.Status.APPROVED),
                pending=minutes(PracticeLog.Status.SUBMITTED),
            )
            .values_list("pk", "name", "required_minutes", "approved", "pending")
        ]
    )


def practice_hours_summary_for_page(enrolment: Enrolment) -> HoursSummary:
    """The hours as one page shows them: the course page's practice panel and its
    certificate checklist both show them, so they are read once per enrolment object (which
    lives for one request; a page changes no logs while it renders)."""
    summary = getattr(enrolment, "_practice_hours_for_page", None)
    if summary is None:
        summary = practice_hours_summary(enrolment)
        enrolment._practice_hours_for_page = summary
    return summary


def _minutes_by_category(logs, *extra_group_by: str):
    """Approved and pending minutes of `logs`, one row per category (and `extra_group_by`)."""
    approved = Case(
        When(status=PracticeLog.Status.APPROVED, then="duration_minutes"),
        default=Value(0),
        output_field=IntegerField(),
    )
    pending = Case(
        When(status=PracticeLog.Status.SUBMITTED, then="duration_minutes"),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        logs.filter(status__in=[PracticeLog.Status.APPROVED, PracticeLog.Status.SUBMITTED])
        .order_by()
        .values("category_id", *extra_group_by)
        .annotate(approved=Sum(approved), pending=Sum(pending))
    )


def _current_supervision_of(supervisor) -> Q:
    """Logs (or anything with an `enrolment`) whose enrolment `supervisor` supervises now.

    One current supervision per enrolment (a partial unique constraint), so the join never
    repeats a row."""
    return Q(
        enrolment__supervisions__supervisor=supervisor,
        enrolment__supervisions__ended_at__isnull=True,
    )


def supervisor_queue(*, supervisor, trainee_id: int | None = None, category_id: int | None = None):
    """Submitted logs waiting for `supervisor`, oldest submitted first, as a lazy queryset for
    a Paginator.

    Membership is read from the current Supervision at query time, so a reassigned trainee's
    pending logs leave the old supervisor's queue and join the new one's with no data moved.
    `trainee_id` is the trainee's user id. The private reflection is not loaded.
    """
    logs = (
        PracticeLog.objects.filter(_current_supervision_of(supervisor))
        .filter(status=PracticeLog.Status.SUBMITTED)
        .select_related("enrolment__user", "enrolment__course", "category")
        .defer("reflection")
        .order_by("submitted_at", "pk")
    )
    if trainee_id is not None:
        logs = logs.filter(enrolment__user_id=trainee_id)
    if category_id is not None:
        logs = logs.filter(category_id=category_id)
    return logs


def supervisor_trainees(*, supervisor) -> list[Enrolment]:
    """The enrolments `supervisor` supervises now, each with `pending_count` (logs waiting for
    a decision), by trainee name; one query. A trainee on two courses appears once per course.
    """
    pending = (
        PracticeLog.objects.filter(enrolment_id=OuterRef("pk"), status=PracticeLog.Status.SUBMITTED)
        .order_by()
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Enrolment.objects.filter(supervisions__supervisor=supervisor, supervisions__ended_at=None)
        .select_related("user", "course")
        .annotate(pending_count=Coalesce(Subquery(pending, output_field=IntegerField()), 0))
        .order_by("user__full_name", "user__email", "course__title", "pk")
    )


def practice_log_for_supervisor(*, supervisor, log_id) -> PracticeLog:
    """One log of any status, if `supervisor` supervises its enrolment now; otherwise
    PracticeLog.DoesNotExist, so a view answers 404 and does not reveal that the log exists.
    The private reflection is not loaded."""
    return (
        PracticeLog.objects.filter(_current_supervision_of(supervisor))
        .select_related("enrolment__user", "enrolment__course", "category")
        .defer("reflection")
        .get(pk=log_id)
    )


def practice_log_history(log: PracticeLog) -> list[SignOff]:
    """Every decision on a log, oldest first, each with who decided; one query."""
    return list(
        SignOff.objects.filter(log_id=log.pk)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )


def rating_scale_for(course_id: int) -> list[str]:
    """The course's competency levels, lowest first (rating 1 is the first); the default
    scale when the course has no settings row or an empty scale."""
    text = (
        PracticeSettings.objects.filter(course_id=course_id)
        .values_list("rating_scale", flat=True)
        .first()
    )
    return rating_scale_levels(text)


def rating_scale_levels(text: str | None) -> list[str]:
    """The levels a settings row's `rating_scale` text names (None: no row), or the default
    scale's when it names none."""
    return _scale_levels(text or "") or _scale_levels(PracticeSettings.DEFAULT_RATING_SCALE)


def _scale_levels(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def rating_label(scale: list[str], rating: int | None) -> str:
    """The level's name, or the number itself if the scale was shortened since."""
    if rating is None:
        return ""
    if 1 <= rating <= len(scale):
        return scale[rating - 1]
    return str(rating)


@dataclass
class CompetencyStatus:
    """Where an enrolment stands with one competency. `observations` are latest first, each
    with a `rating_label` attribute from the course's scale."""

    competency: Competency
    observations: list[CompetencyObservation] = field(default_factory=list)
    sign_off: CompetencySignOff | None = None
    scale_size: int = 0

    @property
    def latest(self) -> CompetencyObservation | None:
        return self.observations[0] if self.observations else None

    @property
    def latest_rating(self) -> int | None:
        return self.latest.rating if self.latest else None

    @property
    def latest_rating_label(self) -> str:
        return self.latest.rating_label if self.latest else ""

    @property
    def is_signed_off(self) -> bool:
        return self.sign_off is not None

    @property
    def status(self) -> str:
        """ "signed_off", "observed" or "not_observed"."""
        if self.sign_off is not None:
            return "signed_off"
        return "observed" if self.observations else "not_observed"

    @property
    def status_label(self) -> str:
        return str(COMPETENCY_STATUS_LABELS[self.status])


COMPETENCY_STATUS_LABELS = {
    "signed_off": gettext_lazy("Signed off"),
    "observed": gettext_lazy("Observed, not yet signed off"),
    "not_observed": gettext_lazy("Not yet observed"),
}


@dataclass(frozen=True)
class CompetencySignedOff:
    """A competency and whether the enrolment has its sign-off: what a checklist reads."""

    competency: Competency
    is_signed_off: bool


def competencies_signed_off_for(enrolment: Enrolment) -> list[CompetencySignedOff]:
    """Each of the course's competencies, in the editors' order, and whether this enrolment
    has it signed off: one query (`competency_status_for` reads observations and who signed
    too, four)."""
    signed = CompetencySignOff.objects.filter(enrolment_id=enrolment.pk, competency=OuterRef("pk"))
    return [
        CompetencySignedOff(competency=competency, is_signed_off=competency.signed)
        for competency in Competency.objects.filter(course_id=enrolment.course_id)
        .annotate(signed=Exists(signed))
        .only("id", "name", "sort_order")
    ]


def competency_status_for(enrolment: Enrolment) -> list[CompetencyStatus]:
    """Each of the course's competencies, in the editors' order, with this enrolment's
    observations (latest first, who recorded them) and its sign-off. Four queries whatever the
    number of observations: scale, competencies, observations, sign-offs."""
    scale = rating_scale_for(enrolment.course_id)
    statuses = [
        CompetencyStatus(competency=competency, scale_size=len(scale))
        for competency in Competency.objects.filter(course_id=enrolment.course_id)
    ]
    by_id = {status.competency.pk: status for status in statuses}
    observations = (
        CompetencyObservation.objects.filter(enrolment_id=enrolment.pk)
        .select_related("recorded_by")
        .order_by("-observed_on", "-recorded_at", "-pk")
    )
    for observation in observations:
        status = by_id.get(observation.competency_id)
        if status is not None:
            observation.rating_label = rating_label(scale, observation.rating)
            status.observations.append(observation)
    for sign_off in CompetencySignOff.objects.filter(enrolment_id=enrolment.pk).select_related(
        "decided_by"
    ):
        status = by_id.get(sign_off.competency_id)
        if status is not None:
            status.sign_off = sign_off
    return statuses


# The columns of the trainee's hours statement, in order: (key of a row, heading).
PRACTICE_STATEMENT_COLUMNS = [
    ("log_id", gettext_lazy("Log")),
    ("date", gettext_lazy("Date")),
    ("start", gettext_lazy("Start")),
    ("duration_minutes", gettext_lazy("Minutes")),
    ("category", gettext_lazy("Activity")),
    ("mode", gettext_lazy("Mode")),
    ("supervisor", gettext_lazy("Approved by")),
    ("signed_at", gettext_lazy("Approved at")),
    ("signature", gettext_lazy("Signature")),
    ("content_digest", gettext_lazy("SHA-256 of the approved entry")),
]


def practice_statement_rows(enrolment: Enrolment) -> list[dict]:
    """The trainee's approved practice with the sign-off that approved each entry, oldest
    first, for the downloadable hours statement; dates and times in the trainee's zone.

    The statement leaves the platform (to a certification body, an employer), so it carries
    what an auditor checks (when, how long, what kind, who approved it and the digest of what
    they approved) but not the description: the description is about real people's mental
    health, and the de-identification check only catches phone numbers and email addresses,
    not names or details that identify someone to a reader who knows them. An auditor who
    needs it verifies the digest against the record kept here. Three queries at most.
    """
    zone = user_zone(enrolment.user)
    approvals = Prefetch(
        "sign_offs",
        queryset=SignOff.objects.filter(decision=SignOff.Decision.APPROVED)
        .select_related("decided_by")
        .order_by("decided_at", "pk"),
        to_attr="approvals",
    )
    logs = (
        PracticeLog.objects.filter(enrolment_id=enrolment.pk, status=PracticeLog.Status.APPROVED)
        .select_related("category")
        .defer("reflection", "description")
        .prefetch_related(approvals)
        .order_by("started_at", "pk")
    )
    rows = []
    for log in logs:
        started = timezone.localtime(log.started_at, zone)
        approval = log.approvals[-1] if log.approvals else None
        rows.append(
            {
                "log_id": log.pk,
                "date": started.date().isoformat(),
                "start": started.strftime("%H:%M"),
                "duration_minutes": log.duration_minutes,
                "category": log.category.name,
                "mode": str(log.get_mode_display()),
                "supervisor": approval.decided_by.full_name if approval else "",
                "signed_at": (
                    timezone.localtime(approval.decided_at, zone).isoformat(timespec="minutes")
                    if approval
                    else ""
                ),
                "signature": approval.signature if approval else "",
                "content_digest": approval.content_digest if approval else "",
            }
        )
    return rows


# The columns of a cohort's hours export, in order: (key of a row, heading).
COHORT_HOURS_COLUMNS = [
    ("trainee", gettext_lazy("Trainee")),
    ("email", gettext_lazy("Email")),
    ("enrolment_status", gettext_lazy("Enrolment")),
    ("category", gettext_lazy("Activity")),
    ("required_minutes", gettext_lazy("Required minutes")),
    ("approved_minutes", gettext_lazy("Approved minutes")),
    ("pending_minutes", gettext_lazy("Pending minutes")),
]


def cohort_hours_rows(cohort) -> list[dict]:
    """One row per trainee of the cohort and category of its course: approved, pending and
    required minutes, by trainee name, for the programme admin's CSV. Three queries whatever
    the number of trainees or logs: categories, enrolments, one aggregate."""
    categories = list(
        PracticeCategory.objects.filter(course_id=cohort.course_id).values_list(
            "pk", "name", "required_minutes"
        )
    )
    enrolments = list(
        Enrolment.objects.filter(cohort_id=cohort.pk)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    minutes = {
        (row["enrolment_id"], row["category_id"]): (row["approved"] or 0, row["pending"] or 0)
        for row in _minutes_by_category(
            PracticeLog.objects.filter(enrolment__cohort_id=cohort.pk), "enrolment_id"
        )
    }
    rows = []
    for enrolment in enrolments:
        for category_id, name, required in categories:
            approved, pending = minutes.get((enrolment.pk, category_id), (0, 0))
            rows.append(
                {
                    "enrolment_id": enrolment.pk,
                    "trainee": enrolment.user.full_name,
                    "email": enrolment.user.email,
                    "enrolment_status": str(enrolment.get_status_display()),
                    "category": name,
                    "required_minutes": required,
                    "approved_minutes": approved,
                    "pending_minutes": pending,
                }
            )
    return rows


def competency_observations_digest(observations) -> str:
    """SHA-256 hex of the observations a competency sign-off rests on, in canonical JSON
    (sorted by id; id, date, rating and evidence of each)."""
    content = [
        {
            "id": o.pk,
            "enrolment": o.enrolment_id,
            "competency": o.competency_id,
            "observed_on": o.observed_on.isoformat(),
            "rating": o.rating,
            "evidence": o.evidence,
        }
        for o in sorted(observations, key=lambda o: o.pk)
    ]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def competency_sign_off_intact(sign_off: CompetencySignOff) -> bool:
    """True when the observations recorded now still hash to what the supervisor signed.

    New observations are refused once a competency is signed off, so any difference means a
    row was changed or removed outside the application."""
    observations = CompetencyObservation.objects.filter(
        enrolment_id=sign_off.enrolment_id, competency_id=sign_off.competency_id
    )
    return competency_observations_digest(observations) == sign_off.content_digest


def practice_logs_waiting_by_supervision(*, submitted_before, supervisor_id: int | None = None):
    """Submitted logs waiting for a decision since before `submitted_before`, counted per
    current supervisor and enrolment: rows of `supervisor_id`, `enrolment_id`, `n` and `oldest`
    (the earliest submit), for the supervisor's digest. One query; `supervisor_id` narrows it
    to one supervisor."""
    only = (
        {} if supervisor_id is None else {"enrolment__supervisions__supervisor_id": supervisor_id}
    )
    return [
        {
            "supervisor_id": row["enrolment__supervisions__supervisor_id"],
            "enrolment_id": row["enrolment_id"],
            "n": row["n"],
            "oldest": row["oldest"],
        }
        for row in PracticeLog.objects.filter(
            status=PracticeLog.Status.SUBMITTED,
            submitted_at__lt=submitted_before,
            enrolment__supervisions__ended_at=None,
            **only,
        )
        .order_by()
        .values("enrolment__supervisions__supervisor_id", "enrolment_id")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
    ]


# --- Asked by other apps --------------------------------------------------------------------
# What `certificates`' sweep needs to know about practice, so it never queries it.


def enrolment_ids_logs_decided_since(since):
    """The enrolments with a practice log approved or returned at or after `since`, as a
    subquery (a values queryset)."""
    return SignOff.objects.filter(decided_at__gte=since).values("log__enrolment_id")


def enrolment_ids_competencies_decided_since(since):
    """The enrolments with a competency signed off (or not) at or after `since`, as a
    subquery."""
    return CompetencySignOff.objects.filter(decided_at__gte=since).values("enrolment_id")


__all__ = [
    "COHORT_HOURS_COLUMNS",
    "COMPETENCY_STATUS_LABELS",
    "PRACTICE_STATEMENT_COLUMNS",
    "CategoryHours",
    "CompetencyStatus",
    "HoursSummary",
    "cohort_hours_rows",
    "competency_observations_digest",
    "competency_sign_off_intact",
    "competency_status_for",
    "current_supervisor_id",
    "enrolment_ids_competencies_decided_since",
    "enrolment_ids_logs_decided_since",
    "percent_of_required",
    "practice_bounds",
    "practice_hours_summary",
    "practice_log_digest",
    "practice_log_for_supervisor",
    "practice_log_history",
    "practice_logs_waiting_by_supervision",
    "practice_statement_rows",
    "rating_label",
    "rating_scale_for",
    "supervisor_queue",
    "supervisor_trainees",
]
