"""Celery tasks of the assessments app: thin wrappers that take ids and call a service."""

from smtplib import SMTPException

from celery import shared_task

# Mail servers fail for a while and come back; anything else is a bug and is not retried.
TRANSIENT_MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def practice_decision_email_task(sign_off_id: int) -> dict:
    """Email the trainee about one decision on their practice log; a second run sends
    nothing (see assessments.notifications)."""
    from . import notifications

    return notifications.practice_decisions_notify([sign_off_id])


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def practice_decisions_email_task(sign_off_ids: list[int]) -> dict:
    """Email each trainee once about several decisions (a supervisor approving a selection),
    rather than once per log."""
    from . import notifications

    return notifications.practice_decisions_notify(sign_off_ids)
