"""Supervised practice, the writes: create, edit, submit, decide, observe and sign off
practice logs and competencies. The reads are in `assessments.practice.selectors`.

Every write is a keyword-only service in a transaction that raises `PracticeError` with a
message for the person; nothing is written when it does.

Overlap: PostgreSQL refuses overlapping non-rejected logs of one enrolment with an exclusion
constraint (migration 0002); the services also check in Python, inside the transaction, so
SQLite (whose IMMEDIATE transactions hold the write lock from the start) gives the same
message, and a PostgreSQL race that slips past the check becomes the same message too.
"""

import re
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    SignOff,
)
from assessments.notices import practice_log_sent_notice_add
from assessments.practice.selectors import (
    competency_observations_digest,
    current_supervisor_id,
    practice_bounds,
    practice_log_digest,
    rating_scale_for,
)
from courses.models import Enrolment
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


# --- Practice logs ------------------------------------------------------------------------


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
    supervisor_id = current_supervisor_id(current.enrolment_id)
    if supervisor_id is None:
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
    # The supervisor's notice inside the site, in this transaction (assessments.notices).
    practice_log_sent_notice_add(supervisor_id=supervisor_id)
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
    "COMPETENCY_SIGN_OFF_CONSTRAINT_MESSAGES",
    "PracticeError",
    "SIGN_OFF_CONSTRAINT_MESSAGES",
    "competency_observation_record",
    "competency_sign_off",
    "practice_log_create",
    "practice_log_decide",
    "practice_log_submit",
    "practice_log_update",
    "practice_logs_approve_many",
]
