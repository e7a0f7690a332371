"""Supervised practice: the writes (create, edit, submit, decide, observe, sign off) and reads
of practice logs and competencies.

Kept in one module apart from the question bank's services and selectors. Every write is a
keyword-only service in a transaction that raises `PracticeError` with a message for the
person; nothing is written when it does.

Overlap: PostgreSQL refuses overlapping non-rejected logs of one enrolment with an exclusion
constraint (migration 0002); the services also check in Python, inside the transaction, so
SQLite (whose IMMEDIATE transactions hold the write lock from the start) gives the same
message, and a PostgreSQL race that slips past the check becomes the same message too.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
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
from django.utils.translation import gettext as _
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
from courses.signals import enrolment_progressed_announce
from lms.timezones import user_today, user_zone

# Seven or more digits, allowing spaces, dashes, dots, brackets and a leading +.
PHONE_RE = re.compile(r"\+?\d(?:[\s\-.()]*\d){6,}")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

OVERLAP_CONSTRAINT = "assessments_practicelog_no_overlap"
VERSION_CONSTRAINT = "assessments_signoff_one_per_version"


class PracticeError(Exception):
    """A refused request, with a message to show the person who made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Reads ----------------------------------------------------------------------------------


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
    course, and in total. Two queries whatever the number of logs: the categories, then one
    aggregate."""
    summary = HoursSummary(
        categories=[
            CategoryHours(category_id=pk, name=name, required_minutes=required)
            for pk, name, required in PracticeCategory.objects.filter(
                course_id=enrolment.course_id
            ).values_list("pk", "name", "required_minutes")
        ]
    )
    by_id = {c.category_id: c for c in summary.categories}
    for row in _minutes_by_category(PracticeLog.objects.filter(enrolment=enrolment)):
        entry = by_id.get(row["category_id"])
        if entry is not None:
            entry.approved_minutes = row["approved"] or 0
            entry.pending_minutes = row["pending"] or 0
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
    levels = _scale_levels(text or "")
    return levels or _scale_levels(PracticeSettings.DEFAULT_RATING_SCALE)


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


# --- Writes ---------------------------------------------------------------------------------


def _check_description(description: str) -> None:
    if PHONE_RE.search(description) or EMAIL_RE.search(description):
        raise PracticeError(
            _("The description must be de-identified: remove phone numbers and email addresses.")
        )


def _validated_fields(
    *,
    enrolment: Enrolment,
    category: PracticeCategory,
    day: date,
    start: time,
    duration_minutes: int,
    mode: str,
    description: str,
    reflection: str,
) -> dict:
    """Check a log's fields as the trainee entered them and return the model's field values."""
    user = enrolment.user
    if category.course_id != enrolment.course_id:
        raise PracticeError(_("That activity category belongs to another course."))
    if day > user_today(user):
        raise PracticeError(_("The date cannot be in the future."))
    started_at = datetime.combine(day, start, tzinfo=user_zone(user))
    if day < timezone.localtime(enrolment.enrolled_at, user_zone(user)).date():
        raise PracticeError(_("The date cannot be before you enrolled in the course."))
    if started_at > timezone.now():
        raise PracticeError(_("The start time cannot be in the future."))
    low, high = practice_bounds(enrolment.course_id)
    if not isinstance(duration_minutes, int) or duration_minutes < low or duration_minutes > high:
        raise PracticeError(
            _("The duration must be between %(low)s and %(high)s minutes.")
            % {"low": low, "high": high}
        )
    if mode not in PracticeLog.Mode.values:
        raise PracticeError(_("Choose how the practice took place."))
    description = (description or "").strip()
    if not description:
        raise PracticeError(_("Describe the practice (without identifying anyone)."))
    if len(description) > PracticeLog.DESCRIPTION_MAX_LENGTH:
        raise PracticeError(
            _("The description can be at most %(n)s characters.")
            % {"n": PracticeLog.DESCRIPTION_MAX_LENGTH}
        )
    _check_description(description)
    reflection = (reflection or "").strip()
    if len(reflection) > PracticeLog.REFLECTION_MAX_LENGTH:
        raise PracticeError(
            _("The reflection can be at most %(n)s characters.")
            % {"n": PracticeLog.REFLECTION_MAX_LENGTH}
        )
    return {
        "category": category,
        "started_at": started_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "description": description,
        "reflection": reflection,
    }


OVERLAP_MESSAGE = gettext_lazy("This time overlaps another of your practice logs.")


def _check_overlap(log: PracticeLog) -> None:
    """Refuse a log whose span meets another non-rejected log of the same enrolment.

    Runs inside the service's transaction: on SQLite that transaction already holds the
    write lock (IMMEDIATE), so no other writer can slip a log in between check and save.
    """
    end = log.started_at + timedelta(minutes=log.duration_minutes)
    others = (
        PracticeLog.objects.filter(enrolment_id=log.enrolment_id, started_at__lt=end)
        .exclude(status=PracticeLog.Status.REJECTED)
        .exclude(pk=log.pk)
        .values_list("started_at", "duration_minutes")
    )
    for started_at, minutes in others:
        if started_at + timedelta(minutes=minutes) > log.started_at:
            raise PracticeError(str(OVERLAP_MESSAGE))


def _validated_save(obj, *, constraint_messages: dict[str, str]) -> None:
    """full_clean() then save(); field errors and the named database constraints (matched in
    the IntegrityError's text) become a PracticeError with a message for people."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise PracticeError(" ".join(error.messages)) from None
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        text = str(error)
        for marker, message in constraint_messages.items():
            if marker in text:
                raise PracticeError(str(message)) from None
        raise


def _save_log(log: PracticeLog) -> None:
    _check_overlap(log)
    _validated_save(log, constraint_messages={OVERLAP_CONSTRAINT: OVERLAP_MESSAGE})


def _check_trainee(log_or_enrolment_user_id: int, by) -> None:
    if by is None or by.pk != log_or_enrolment_user_id:
        raise PracticeError(_("Only the trainee who keeps this log can change it."))


@transaction.atomic
def practice_log_create(
    *,
    enrolment: Enrolment,
    by,
    category: PracticeCategory,
    day: date,
    start: time,
    duration_minutes: int,
    mode: str,
    description: str,
    reflection: str = "",
) -> PracticeLog:
    """A trainee records a draft practice log for their own enrolment."""
    _check_trainee(enrolment.user_id, by)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise PracticeError(_("This enrolment is no longer active."))
    values = _validated_fields(
        enrolment=enrolment,
        category=category,
        day=day,
        start=start,
        duration_minutes=duration_minutes,
        mode=mode,
        description=description,
        reflection=reflection,
    )
    log = PracticeLog(enrolment=enrolment, status=PracticeLog.Status.DRAFT, **values)
    _save_log(log)
    return log


def _locked(log: PracticeLog) -> PracticeLog:
    return (
        PracticeLog.objects.select_for_update()
        .select_related("enrolment__user", "category")
        .get(pk=log.pk)
    )


@transaction.atomic
def practice_log_update(
    *,
    log: PracticeLog,
    by,
    category: PracticeCategory,
    day: date,
    start: time,
    duration_minutes: int,
    mode: str,
    description: str,
    reflection: str = "",
    expected_version: int | None = None,
) -> PracticeLog:
    """A trainee edits a draft or a log returned for changes; the version goes up, so a
    supervisor deciding on the version they read fails instead of signing unseen content."""
    current = _locked(log)
    _check_trainee(current.enrolment.user_id, by)
    if current.status not in PracticeLog.EDITABLE_STATUSES:
        raise PracticeError(_("Only drafts and logs returned for changes can be edited."))
    if expected_version is not None and current.version != expected_version:
        raise PracticeError(_("This log changed since you opened it. Reload and try again."))
    values = _validated_fields(
        enrolment=current.enrolment,
        category=category,
        day=day,
        start=start,
        duration_minutes=duration_minutes,
        mode=mode,
        description=description,
        reflection=reflection,
    )
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    _save_log(current)
    _refresh(log, current)
    return log


def _announce_progress(enrolment_id: int) -> None:
    """Approved hours and signed-off competencies move a trainee towards certification: say so
    after commit, as lesson completion does (courses.signals), for whoever listens."""
    enrolment_progressed_announce(enrolment_id)


def _refresh(target: PracticeLog, source: PracticeLog) -> None:
    for f in PracticeLog._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


@transaction.atomic
def practice_log_submit(*, log: PracticeLog, by) -> PracticeLog:
    """Send a draft (or a log returned for changes) to the current supervisor."""
    current = _locked(log)
    _check_trainee(current.enrolment.user_id, by)
    if current.status not in PracticeLog.EDITABLE_STATUSES:
        raise PracticeError(_("Only drafts and logs returned for changes can be submitted."))
    if current_supervisor_id(current.enrolment_id) is None:
        raise PracticeError(
            _(
                "You have no supervisor yet, so this log stays a draft. Ask your programme "
                "admin to assign one."
            )
        )
    if current.sign_offs.filter(log_version=current.version).exists():
        # Resubmitted unchanged after a request for changes: a new version to decide on,
        # since each version takes one decision.
        current.version += 1
    current.status = PracticeLog.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _refresh(log, current)
    return log


DECISION_STATUS = {
    SignOff.Decision.APPROVED: PracticeLog.Status.APPROVED,
    SignOff.Decision.CHANGES_REQUESTED: PracticeLog.Status.CHANGES_REQUESTED,
    SignOff.Decision.REJECTED: PracticeLog.Status.REJECTED,
}

STALE_MESSAGE = gettext_lazy(
    "This log changed or was already decided. Reload it to see its current state."
)
# Two supervisors deciding the same version: PostgreSQL names the constraint, SQLite the columns.
SIGN_OFF_CONSTRAINT_MESSAGES = {
    VERSION_CONSTRAINT: STALE_MESSAGE,
    "assessments_signoff.log_id, assessments_signoff.log_version": STALE_MESSAGE,
}


@transaction.atomic
def practice_log_decide(
    *,
    log: PracticeLog,
    supervisor,
    decision: str,
    comment: str = "",
    attestation: str,
    signature: str,
    expected_version: int,
    notify: bool = True,
) -> SignOff:
    """The enrolment's current supervisor decides on the submitted version they read.

    The row is locked, then status and version are checked; two supervisors (or a trainee
    edit) racing the same version: one wins, the other gets PracticeError. The unique
    (log, log_version) constraint backs this up in the database. The trainee's email is an
    outbox message written with the sign-off and sent after commit, once, even if the broker
    is down (`notify=False` leaves that to the caller, as for a selection).
    """
    if decision not in DECISION_STATUS:
        raise PracticeError(_("Choose approve, request changes or reject."))
    current = _locked(log)
    if supervisor.pk == current.enrolment.user_id:
        raise PracticeError(_("You cannot decide on your own practice log."))
    if current_supervisor_id(current.enrolment_id) != supervisor.pk:
        raise PracticeError(_("Only the trainee's current supervisor can decide on this log."))
    if current.status != PracticeLog.Status.SUBMITTED or current.version != expected_version:
        raise PracticeError(str(STALE_MESSAGE))
    comment = (comment or "").strip()
    if decision != SignOff.Decision.APPROVED and not comment:
        raise PracticeError(_("Say what needs to change, or why the log is rejected."))
    if not (attestation or "").strip():
        raise PracticeError(_("Agree to the attestation before deciding."))
    if not (signature or "").strip():
        raise PracticeError(_("Type your name as your signature."))
    sign_off = SignOff(
        log=current,
        decided_by=supervisor,
        decided_at=timezone.now(),
        decision=decision,
        comment=comment,
        attestation=attestation.strip(),
        signature=signature.strip(),
        content_digest=practice_log_digest(current),
        log_version=current.version,
    )
    _validated_save(sign_off, constraint_messages=SIGN_OFF_CONSTRAINT_MESSAGES)
    current.status = DECISION_STATUS[decision]
    current.save(update_fields=["status", "updated_at"])
    _refresh(log, current)
    if decision == SignOff.Decision.APPROVED:
        _announce_progress(current.enrolment_id)
    if notify:
        from assessments.practice.notifications import practice_decisions_enqueue

        practice_decisions_enqueue([sign_off])
    return sign_off


@transaction.atomic
def practice_logs_approve_many(
    *,
    logs: list[tuple[PracticeLog, int]],
    supervisor,
    attestation: str,
    signature: str,
) -> list[SignOff]:
    """Approve several logs, each at the version the supervisor read, with one attestation.

    All-or-nothing: each log gets its own SignOff, but if any one is refused (not theirs,
    changed, already decided) nothing is approved and the PracticeError names that log, so
    the supervisor reloads the queue and sees what changed. Each trainee gets one email
    listing their approved logs, not one per log.
    """
    from assessments.practice.notifications import practice_decisions_enqueue

    sign_offs = []
    for log, expected_version in logs:
        try:
            sign_offs.append(
                practice_log_decide(
                    log=log,
                    supervisor=supervisor,
                    decision=SignOff.Decision.APPROVED,
                    attestation=attestation,
                    signature=signature,
                    expected_version=expected_version,
                    notify=False,
                )
            )
        except PracticeError as error:
            raise PracticeError(
                _("Nothing was approved. Log %(id)s: %(message)s")
                % {"id": log.pk, "message": error.message}
            ) from None
    practice_decisions_enqueue(sign_offs)
    return sign_offs


# --- Competencies ---------------------------------------------------------------------------

COMPETENCY_SIGNED_MESSAGE = gettext_lazy("This competency is already signed off.")
COMPETENCY_SIGN_OFF_CONSTRAINT_MESSAGES = {
    "assessments_competency_signed_once": COMPETENCY_SIGNED_MESSAGE,
    "assessments_competencysignoff.enrolment_id, assessments_competencysignoff.competency_id": (
        COMPETENCY_SIGNED_MESSAGE
    ),
}


def _locked_enrolment_for_supervisor(*, enrolment: Enrolment, competency: Competency, supervisor):
    """Lock the enrolment (so an observation and a sign-off of it never interleave) and check
    that `supervisor` may record for it; returns the locked row."""
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if supervisor is None or supervisor.pk == current.user_id:
        raise PracticeError(_("You cannot record competencies for yourself."))
    if current_supervisor_id(current.pk) != supervisor.pk:
        raise PracticeError(_("Only the trainee's current supervisor can do this."))
    if competency.course_id != current.course_id:
        raise PracticeError(_("That competency belongs to another course."))
    return current


@transaction.atomic
def competency_observation_record(
    *,
    enrolment: Enrolment,
    competency: Competency,
    supervisor,
    observed_on: date,
    rating: int,
    evidence: str,
) -> CompetencyObservation:
    """The current supervisor notes seeing the trainee practise a competency, with a rating.

    Refused once the competency is signed off: the sign-off's digest covers every observation,
    so it stays verifiable."""
    current = _locked_enrolment_for_supervisor(
        enrolment=enrolment, competency=competency, supervisor=supervisor
    )
    if current.status != Enrolment.Status.ACTIVE:
        raise PracticeError(_("This enrolment is no longer active."))
    if CompetencySignOff.objects.filter(enrolment=current, competency=competency).exists():
        raise PracticeError(str(COMPETENCY_SIGNED_MESSAGE))
    scale = rating_scale_for(current.course_id)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= len(scale):
        raise PracticeError(_("Choose a rating from the course's scale."))
    if not isinstance(observed_on, date) or isinstance(observed_on, datetime):
        raise PracticeError(_("Enter the date you observed this."))
    if observed_on > user_today(supervisor):
        raise PracticeError(_("The date cannot be in the future."))
    if observed_on < timezone.localtime(current.enrolled_at, user_zone(supervisor)).date():
        raise PracticeError(_("The date cannot be before the trainee enrolled in the course."))
    evidence = (evidence or "").strip()
    if not evidence:
        raise PracticeError(_("Describe what you observed (without identifying anyone)."))
    if len(evidence) > CompetencyObservation.EVIDENCE_MAX_LENGTH:
        raise PracticeError(
            _("The evidence can be at most %(n)s characters.")
            % {"n": CompetencyObservation.EVIDENCE_MAX_LENGTH}
        )
    if PHONE_RE.search(evidence) or EMAIL_RE.search(evidence):
        raise PracticeError(
            _("The evidence must be de-identified: remove phone numbers and email addresses.")
        )
    observation = CompetencyObservation(
        enrolment=current,
        competency=competency,
        observed_on=observed_on,
        rating=rating,
        evidence=evidence,
        recorded_by=supervisor,
        recorded_at=timezone.now(),
    )
    _validated_save(observation, constraint_messages={})
    return observation


@transaction.atomic
def competency_sign_off(
    *,
    enrolment: Enrolment,
    competency: Competency,
    supervisor,
    attestation: str,
    signature: str,
    comment: str = "",
) -> CompetencySignOff:
    """The current supervisor signs off that the trainee has shown a competency. Append-only,
    once per enrolment and competency; the digest pins the observations it rests on.

    The enrolment row is locked, so a second sign-off waits and then finds the first; the
    unique constraint turns any race that slips past into the same "already signed off"."""
    current = _locked_enrolment_for_supervisor(
        enrolment=enrolment, competency=competency, supervisor=supervisor
    )
    if CompetencySignOff.objects.filter(enrolment=current, competency=competency).exists():
        raise PracticeError(str(COMPETENCY_SIGNED_MESSAGE))
    observations = list(
        CompetencyObservation.objects.filter(enrolment=current, competency=competency)
    )
    if not observations:
        raise PracticeError(_("Record at least one observation before signing off."))
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise PracticeError(_("The comment can be at most %(n)s characters.") % {"n": 2000})
    if not (attestation or "").strip():
        raise PracticeError(_("Agree to the attestation before signing off."))
    if not (signature or "").strip():
        raise PracticeError(_("Type your name as your signature."))
    sign_off = CompetencySignOff(
        enrolment=current,
        competency=competency,
        decided_by=supervisor,
        decided_at=timezone.now(),
        comment=comment,
        attestation=attestation.strip(),
        signature=signature.strip(),
        content_digest=competency_observations_digest(observations),
    )
    _validated_save(sign_off, constraint_messages=COMPETENCY_SIGN_OFF_CONSTRAINT_MESSAGES)
    _announce_progress(sign_off.enrolment_id)
    return sign_off


__all__ = [
    "COHORT_HOURS_COLUMNS",
    "PRACTICE_STATEMENT_COLUMNS",
    "CategoryHours",
    "CompetencyStatus",
    "HoursSummary",
    "PracticeError",
    "cohort_hours_rows",
    "competency_observation_record",
    "competency_observations_digest",
    "competency_sign_off",
    "competency_sign_off_intact",
    "competency_status_for",
    "percent_of_required",
    "practice_bounds",
    "practice_hours_summary",
    "practice_log_for_supervisor",
    "practice_log_history",
    "practice_statement_rows",
    "rating_label",
    "rating_scale_for",
    "supervisor_queue",
    "supervisor_trainees",
    "practice_log_create",
    "practice_log_decide",
    "practice_log_digest",
    "practice_log_submit",
    "practice_log_update",
    "practice_logs_approve_many",
]
