"""What the practice room holds about a person, for their copy of their data
(lms.data_export): every practice log they recorded, with its description, their private
reflection and each supervisor's decision on it; and the competencies their supervisors
observed (with the evidence written about them) and signed off.

Registered from AssessmentsConfig.ready(); a few queries per section however many rows.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from assessments.models import CompetencyObservation, CompetencySignOff, PracticeLog, SignOff
from lms.data_export import register_export_section

from .selectors import rating_label, rating_scale_for


def _sign_off(sign_off) -> dict:
    return {
        "decision": sign_off.get_decision_display(),
        "decided_by": sign_off.decided_by.full_name,
        "decided_at": sign_off.decided_at,
        "version_decided": sign_off.log_version,
        "comment": sign_off.comment,
        "attestation": sign_off.attestation,
        "signature": sign_off.signature,
        "content_digest": sign_off.content_digest,
    }


def _practice_logs(person) -> list[dict]:
    logs = (
        PracticeLog.objects.filter(enrolment__user=person)
        .select_related("enrolment__course", "category")
        .prefetch_related(
            Prefetch(
                "sign_offs",
                queryset=SignOff.objects.select_related("decided_by").order_by("decided_at", "pk"),
            )
        )
        .order_by("started_at", "pk")
    )
    return [
        {
            "course": log.enrolment.course.title,
            "activity": log.category.name,
            "started_at": log.started_at,
            "duration_minutes": log.duration_minutes,
            "mode": log.get_mode_display(),
            "description": log.description,
            "your_private_reflection": log.reflection,
            "status": log.get_status_display(),
            "version": log.version,
            "recorded_at": log.created_at,
            "last_changed_at": log.updated_at,
            "submitted_at": log.submitted_at,
            "sign_offs": [_sign_off(sign_off) for sign_off in log.sign_offs.all()],
        }
        for log in logs
    ]


def _competencies(person) -> dict:
    observations = list(
        CompetencyObservation.objects.filter(enrolment__user=person)
        .select_related("enrolment__course", "competency", "recorded_by")
        .order_by("observed_on", "recorded_at", "pk")
    )
    scales: dict[int, list[str]] = {}
    for observation in observations:
        course_id = observation.enrolment.course_id
        if course_id not in scales:
            scales[course_id] = rating_scale_for(course_id)
    sign_offs = (
        CompetencySignOff.objects.filter(enrolment__user=person)
        .select_related("enrolment__course", "competency", "decided_by")
        .order_by("decided_at", "pk")
    )
    return {
        "observations": [
            {
                "course": observation.enrolment.course.title,
                "competency": observation.competency.name,
                "observed_on": observation.observed_on,
                "rating": observation.rating,
                "rating_in_words": rating_label(
                    scales[observation.enrolment.course_id], observation.rating
                ),
                "evidence": observation.evidence,
                "recorded_by": observation.recorded_by.full_name,
                "recorded_at": observation.recorded_at,
            }
            for observation in observations
        ],
        "sign_offs": [
            {
                "course": sign_off.enrolment.course.title,
                "competency": sign_off.competency.name,
                "decided_by": sign_off.decided_by.full_name,
                "decided_at": sign_off.decided_at,
                "comment": sign_off.comment,
                "attestation": sign_off.attestation,
                "signature": sign_off.signature,
                "content_digest": sign_off.content_digest,
            }
            for sign_off in sign_offs
        ],
    }


def register() -> None:
    register_export_section(
        name="practice_logs",
        order=400,
        title=_(
            "Your supervised practice: every log with its description, your private "
            "reflection and each supervisor's decision."
        ),
        collect=_practice_logs,
    )
    register_export_section(
        name="competencies",
        order=410,
        title=_("What supervisors observed of your competencies, and their sign-offs."),
        collect=_competencies,
    )
