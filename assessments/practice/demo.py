"""The demo course's supervised practice, built from `content.curriculum.practice`: settings,
activity categories with required hours, competencies, and a few weeks of the demo trainee's
logs and their supervisor's decisions. Never loaded in production; `lms`'s `load_demo` command
calls it after the demo course and quizzes.

Everything the trainee and the supervisor do goes through the practice services
(`practice_log_create`, `practice_log_submit`, `practice_log_decide`,
`competency_observation_record`, `competency_sign_off`), so the demo's sign-offs carry real
digests and the attestations the supervisor's pages show, and the demo cannot hold a record
the application would refuse. No decision email is sent: nobody reads the demo inboxes.

The services refuse practice dated before the enrolment began, and `load_demo` enrols the
trainee the moment it runs. So the demo enrolment is backdated (`BACKDATE_DAYS`), together
with its cohort's start and its first supervision, which a real programme would have had from
the start; the logs then fall in the weeks since. Nothing in `courses` reads `enrolled_at`
except to sort and show it.

Idempotent: settings are found by course, categories and competencies by course and name; the
trainee's logs are written only when they have none, and observations only when they have none,
so a second run creates nothing and changes nothing, and whatever has been done with the demo
since is left alone.
"""

from dataclasses import dataclass
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.forms import COMPETENCY_ATTESTATION, PRACTICE_ATTESTATION
from assessments.practice.selectors import (
    current_supervisor_id,
    practice_bounds,
    practice_hours_summary,
)
from assessments.practice.services import (
    PracticeError,
    competency_observation_record,
    competency_sign_off,
    practice_log_create,
    practice_log_decide,
    practice_log_submit,
)
from content.curriculum import practice as data
from content.demo import demo_refuse_production
from courses.models import Cohort, CoursePage, Enrolment, Supervision
from lms.timezones import user_today, user_zone

BACKDATE_DAYS = 60

DECISIONS = {
    "approved": SignOff.Decision.APPROVED,
    "changes_requested": SignOff.Decision.CHANGES_REQUESTED,
    "rejected": SignOff.Decision.REJECTED,
}


@dataclass
class DemoPracticeResult:
    settings_created: bool = False
    categories_created: int = 0
    competencies_created: int = 0
    logs_created: int = 0
    observations_created: int = 0
    competency_sign_offs_created: int = 0
    # Why the trainee's records were not written, when they were not (for the command to say).
    skipped: str = ""


def _setup_ensure(course: CoursePage, result: DemoPracticeResult) -> None:
    _settings, result.settings_created = PracticeSettings.objects.get_or_create(
        course=course, defaults=data.SETTINGS
    )
    for order, category in enumerate(data.CATEGORIES):
        _row, created = PracticeCategory.objects.get_or_create(
            course=course,
            name=category["name"],
            defaults={"required_minutes": category["required_hours"] * 60, "sort_order": order},
        )
        result.categories_created += created
    for order, competency in enumerate(data.COMPETENCIES):
        _row, created = Competency.objects.get_or_create(
            course=course,
            name=competency["name"],
            defaults={"description": competency["description"], "sort_order": order},
        )
        result.competencies_created += created


def _backdate(enrolment: Enrolment) -> None:
    """Move the enrolment's start (and its cohort's and only supervision's, when later) back
    to BACKDATE_DAYS ago; an enrolment that is older already is left as it is."""
    since = timezone.now() - timedelta(days=BACKDATE_DAYS)
    if enrolment.enrolled_at > since:
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=since)
        enrolment.enrolled_at = since
    if enrolment.cohort_id:
        Cohort.objects.filter(pk=enrolment.cohort_id, starts_on__gt=since.date()).update(
            starts_on=since.date()
        )
    supervisions = Supervision.objects.filter(enrolment=enrolment)
    if supervisions.count() == 1:
        supervisions.filter(started_at__gt=since).update(started_at=since)


def _logs_create(enrolment: Enrolment, supervisor, result: DemoPracticeResult) -> None:
    trainee = enrolment.user
    by_name = {
        category.name: category
        for category in PracticeCategory.objects.filter(course_id=enrolment.course_id)
    }
    today = user_today(trainee)
    for entry in data.LOGS:
        hour, minute = (int(part) for part in entry["start"].split(":"))
        log = practice_log_create(
            enrolment=enrolment,
            by=trainee,
            category=by_name[entry["category"]],
            day=today - timedelta(days=entry["days_ago"]),
            start=time(hour, minute),
            duration_minutes=entry["minutes"],
            mode=entry["mode"],
            description=entry["description"],
            reflection=entry["reflection"],
        )
        result.logs_created += 1
        if entry["outcome"] == "draft":
            continue
        practice_log_submit(log=log, by=trainee)
        if entry["outcome"] == "submitted":
            continue
        practice_log_decide(
            log=log,
            supervisor=supervisor,
            decision=DECISIONS[entry["outcome"]],
            comment=entry["comment"],
            attestation=str(PRACTICE_ATTESTATION),
            signature=supervisor.full_name,
            expected_version=log.version,
            notify=False,  # nobody reads the demo inboxes
        )


def _competencies_record(enrolment: Enrolment, supervisor, result: DemoPracticeResult) -> None:
    competencies = {
        competency.name: competency
        for competency in Competency.objects.filter(course_id=enrolment.course_id)
    }
    today = user_today(supervisor)
    for entry in data.OBSERVATIONS:
        competency_observation_record(
            enrolment=enrolment,
            competency=competencies[entry["competency"]],
            supervisor=supervisor,
            observed_on=today - timedelta(days=entry["days_ago"]),
            rating=entry["rating"],
            evidence=entry["evidence"],
        )
        result.observations_created += 1
    for entry in data.COMPETENCY_SIGN_OFFS:
        competency_sign_off(
            enrolment=enrolment,
            competency=competencies[entry["competency"]],
            supervisor=supervisor,
            attestation=str(COMPETENCY_ATTESTATION),
            signature=supervisor.full_name,
            comment=entry["comment"],
        )
        result.competency_sign_offs_created += 1


def practice_demo_load(*, course: CoursePage, trainee, supervisor) -> DemoPracticeResult:
    """Create what is missing of the demo course's practice, and the demo trainee's records
    when they have none yet (see the module docstring)."""
    demo_refuse_production()
    result = DemoPracticeResult()
    with transaction.atomic():
        _setup_ensure(course, result)
        enrolment = (
            Enrolment.objects.select_related("user")
            .filter(user=trainee, course=course, status=Enrolment.Status.ACTIVE)
            .first()
        )
        if enrolment is None:
            result.skipped = "the demo trainee has no active enrolment in the demo course"
            return result
        if current_supervisor_id(enrolment.pk) != supervisor.pk:
            result.skipped = "the demo supervisor no longer supervises the demo trainee"
            return result
        _backdate(enrolment)
        if not PracticeLog.objects.filter(enrolment=enrolment).exists():
            _logs_create(enrolment, supervisor, result)
        if not CompetencyObservation.objects.filter(enrolment=enrolment).exists():
            _competencies_record(enrolment, supervisor, result)
    return result


# --- Meeting every requirement, for `manage.py demo_almost_certified` -------------------------

# New top-up logs start at this time of the trainee's day, on days with no log yet.
TOP_UP_START = time(9, 0)


@dataclass
class DemoPracticeCompleted:
    logs_approved: int = 0
    logs_created: int = 0
    observations_created: int = 0
    competencies_signed_off: int = 0


def _approve(log: PracticeLog, supervisor) -> None:
    practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=SignOff.Decision.APPROVED,
        attestation=str(PRACTICE_ATTESTATION),
        signature=supervisor.full_name,
        expected_version=log.version,
        notify=False,  # nobody reads the demo inboxes
    )


def _free_days(enrolment: Enrolment):
    """Past days (yesterday first, going back) on which the trainee has logged nothing and
    that fall within the enrolment: a new log there cannot overlap another."""
    trainee = enrolment.user
    zone = user_zone(trainee)
    taken = {
        timezone.localtime(started_at, zone).date()
        for started_at in PracticeLog.objects.filter(enrolment=enrolment).values_list(
            "started_at", flat=True
        )
    }
    first = timezone.localtime(enrolment.enrolled_at, zone).date()
    day = user_today(trainee) - timedelta(days=1)
    while day >= first:
        if day not in taken:
            yield day
        day -= timedelta(days=1)


def practice_demo_complete(*, enrolment: Enrolment, supervisor) -> DemoPracticeCompleted:
    """Bring the demo trainee's supervised practice up to every requirement of their course,
    through the practice services, as the trainee and their current supervisor would: the
    supervisor approves every log waiting for them; each activity still short of its hours
    gets new logs (`data.TOP_UP_LOGS`), submitted and approved; and every competency gets an
    observation when it has none and the supervisor's sign-off. Drafts and logs returned for
    changes are left as they are. Nothing is done twice: a second run finds the hours met and
    the competencies signed off. PracticeError when the trainee's enrolment has no free day
    left for the hours still needed."""
    demo_refuse_production()
    result = DemoPracticeCompleted()
    with transaction.atomic():
        if current_supervisor_id(enrolment.pk) != supervisor.pk:
            raise PracticeError("The demo supervisor no longer supervises the demo trainee.")
        waiting = PracticeLog.objects.filter(
            enrolment=enrolment, status=PracticeLog.Status.SUBMITTED
        ).order_by("started_at")
        for log in waiting:
            _approve(log, supervisor)
            result.logs_approved += 1

        low, high = practice_bounds(enrolment.course_id)
        categories = {
            category.pk: category
            for category in PracticeCategory.objects.filter(course_id=enrolment.course_id)
        }
        free_days = _free_days(enrolment)
        for hours in practice_hours_summary(enrolment).categories:
            remaining = hours.remaining_minutes
            entry = data.TOP_UP_LOGS.get(hours.name, data.TOP_UP_LOGS[data.ONE_TO_ONE])
            while remaining > 0:
                day = next(free_days, None)
                if day is None:
                    raise PracticeError(
                        "The demo trainee's enrolment has no free day left for the practice "
                        "hours still needed."
                    )
                minutes = min(high, max(low, remaining))
                log = practice_log_create(
                    enrolment=enrolment,
                    by=enrolment.user,
                    category=categories[hours.category_id],
                    day=day,
                    start=TOP_UP_START,
                    duration_minutes=minutes,
                    mode=entry["mode"],
                    description=entry["description"],
                    reflection=entry["reflection"],
                )
                practice_log_submit(log=log, by=enrolment.user)
                _approve(log, supervisor)
                result.logs_created += 1
                remaining -= minutes

        signed = set(
            CompetencySignOff.objects.filter(enrolment=enrolment).values_list(
                "competency_id", flat=True
            )
        )
        observed = set(
            CompetencyObservation.objects.filter(enrolment=enrolment).values_list(
                "competency_id", flat=True
            )
        )
        today = user_today(supervisor)
        for competency in Competency.objects.filter(course_id=enrolment.course_id):
            if competency.pk in signed:
                continue
            if competency.pk not in observed:
                competency_observation_record(
                    enrolment=enrolment,
                    competency=competency,
                    supervisor=supervisor,
                    observed_on=today - timedelta(days=1),
                    rating=data.TOP_UP_OBSERVATION_RATING,
                    evidence=data.TOP_UP_OBSERVATIONS.get(
                        competency.name, data.TOP_UP_OBSERVATION_DEFAULT
                    ),
                )
                result.observations_created += 1
            competency_sign_off(
                enrolment=enrolment,
                competency=competency,
                supervisor=supervisor,
                attestation=str(COMPETENCY_ATTESTATION),
                signature=supervisor.full_name,
                comment=data.TOP_UP_SIGN_OFF_COMMENT,
            )
            result.competencies_signed_off += 1
    return result
