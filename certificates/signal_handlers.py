"""Reactions to progress the course and assessment apps announce: queue an eligibility check
after commit. Never a rule here, and never on post_save: the check runs in a task, and the
periodic sweep re-checks what a lost event missed."""

from django.dispatch import receiver

from assessments.signals import attempt_finalised
from courses.signals import enrolment_progressed


def _queue_evaluate(enrolment_id: int) -> None:
    from .tasks import certificate_evaluate_task

    certificate_evaluate_task.delay_on_commit(enrolment_id)


@receiver(enrolment_progressed, dispatch_uid="certificates_on_enrolment_progressed")
def on_enrolment_progressed(sender, enrolment_id: int, **kwargs):
    _queue_evaluate(enrolment_id)


@receiver(attempt_finalised, dispatch_uid="certificates_on_attempt_finalised")
def on_attempt_finalised(sender, attempt_id: int, **kwargs):
    from assessments.models import Attempt

    enrolment_id = (
        Attempt.objects.filter(pk=attempt_id).values_list("enrolment_id", flat=True).first()
    )
    if enrolment_id is not None:
        _queue_evaluate(enrolment_id)
