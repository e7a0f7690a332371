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

from content.curriculum import practice as data
from content.demo import demo_refuse_production
from courses.models import Cohort, CoursePage, Enrolment, Supervision
from lms.timezones import user_today

from .models import (
    Competency,
    CompetencyObservation,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from .practice import (
    competency_observation_record,
    competency_sign_off,
    current_supervisor_id,
    practice_log_create,
    practice_log_decide,
    practice_log_submit,
)
from .supervise_forms import COMPETENCY_ATTESTATION, PRACTICE_ATTESTATION

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
