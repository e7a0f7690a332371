"""What erasing a person (lms.erasure) changes in assessments: what they wrote in practice
logs and quiz answers is deleted, and so is what supervisors and graders wrote about them
(competency evidence, sign-off and grading comments). The rows stay, without their text,
because hours, progress, scores and certificates are counted from them.

Sign-offs are append-only (migrations 0002, 0005, 0009): `sign_off_comments_clear` is the one
change the PostgreSQL trigger lets through, blanking a comment and nothing else, and it
writes an audit entry naming the sign-offs it cleared. The digests the supervisors signed stay
in the sign-offs and in the audit chain, so they remain checkable as recorded values, though
no longer recomputable from the deleted text.
"""

from lms.audit import audit_record
from lms.models import AuditEvent

from .models import (
    AttemptAnswer,
    CompetencyObservation,
    CompetencySignOff,
    PracticeLog,
    SignOff,
)


def sign_off_comments_clear(person) -> dict[str, int]:
    """Blank the supervisors' comments on `person`'s practice logs and competencies, and
    record which sign-offs were cleared in the audit log. Bulk updates bypass the models'
    append-only save(); the database's trigger allows exactly this change."""
    practice = SignOff.objects.filter(log__enrolment__user=person).exclude(comment="")
    competency = CompetencySignOff.objects.filter(enrolment__user=person).exclude(comment="")
    practice_ids = sorted(practice.values_list("pk", flat=True))
    competency_ids = sorted(competency.values_list("pk", flat=True))
    if practice_ids:
        SignOff.objects.filter(pk__in=practice_ids).update(comment="")
    if competency_ids:
        CompetencySignOff.objects.filter(pk__in=competency_ids).update(comment="")
    if practice_ids or competency_ids:
        audit_record(
            kind=AuditEvent.Kind.COMMENTS_CLEARED,
            subject_id=person.pk,
            actor_id=None,
            data={
                "practice_sign_off_ids": practice_ids,
                "competency_sign_off_ids": competency_ids,
            },
        )
    return {"sign_off_comments": len(practice_ids), "competency_comments": len(competency_ids)}


def erase_assessments(person, files) -> dict[str, int]:
    counts = {
        "practice_logs": PracticeLog.objects.filter(enrolment__user=person).update(
            description="", reflection=""
        ),
        "competency_evidence": CompetencyObservation.objects.filter(enrolment__user=person).update(
            evidence=""
        ),
        "quiz_answers": AttemptAnswer.objects.filter(attempt__enrolment__user=person).update(
            response=None, grader_comment=""
        ),
    }
    counts.update(sign_off_comments_clear(person))
    return counts


def register() -> None:
    from lms.erasure import register_erasure_step

    register_erasure_step(name="assessments", order=300, run=erase_assessments)
