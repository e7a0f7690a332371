"""Celery tasks and outbox handlers of the assessments app: thin wrappers that take ids and
call a service."""

from smtplib import SMTPException

from celery import shared_task

from lms.outbox import outbox_handler

# Mail servers fail for a while and come back; anything else is a bug and is not retried.
TRANSIENT_MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)


@outbox_handler("assessments.practice_decisions_email", email=True)
def practice_decisions_email(*, sign_off_ids: list[int]) -> None:
    """Email a trainee about decisions on their practice logs (one outbox message: once)."""
    from assessments.practice import notifications

    notifications.practice_decisions_notify(sign_off_ids)


@outbox_handler("assessments.practice_digest_email", email=True)
def practice_digest_email(*, supervisor_id: int, now: str | None = None) -> None:
    """Email a supervisor today's digest (one outbox message per supervisor and day)."""
    from assessments.supervise import digest

    digest.practice_digest_email(supervisor_id=supervisor_id, now=now)


# Kept for messages queued before the outbox (docs/decisions/0009): each becomes an outbox
# message with the key the outbox would have given it, so it is sent once.


@shared_task(name="assessments.tasks.practice_decision_email_task", acks_late=True)
def practice_decision_email_task(sign_off_id: int) -> None:
    """Email the trainee about one decision on their practice log (through the outbox)."""
    practice_decisions_email_task([sign_off_id])


@shared_task(name="assessments.tasks.practice_decisions_email_task", acks_late=True)
def practice_decisions_email_task(sign_off_ids: list[int]) -> None:
    """Email each trainee about several decisions (through the outbox)."""
    from assessments.models import SignOff
    from assessments.practice.notifications import practice_decisions_enqueue

    practice_decisions_enqueue(
        list(SignOff.objects.filter(pk__in=sign_off_ids).select_related("log__enrolment"))
    )
