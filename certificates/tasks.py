"""Celery tasks of the certificates app: thin wrappers that take ids and call a service.

Every task here is idempotent (a unique constraint or a status guard under a row lock makes
a second run a no-op), so each is acknowledged late: a worker that dies mid-task leaves the
message to be delivered again (after the broker's visibility timeout, or at once with
`reject_on_worker_lost`), and the periodic sweep re-queues anything still pending.
"""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

# Failures that pass: a database restarting or out of connections, a network blip, a mail
# server refusing for a while. Anything else is a bug, and retrying it would only repeat it.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
TRANSIENT_MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def certificate_render_task(certificate_id: int) -> str:
    """Render and issue one certificate; returns what happened ("issued", "rendered",
    "unchanged", "locked" or "missing")."""
    from .services import certificate_issue_render

    return certificate_issue_render(certificate_id=certificate_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def certificate_evaluate_task(enrolment_id: int) -> dict:
    """Check an enrolment's completion rules and certify it when all are met."""
    from courses.models import Enrolment

    from .services import certificate_evaluate

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        return {"certificate_id": None}
    certificate = certificate_evaluate(enrolment=enrolment)
    return {"certificate_id": certificate.pk if certificate else None}


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def certificate_issued_email_task(certificate_id: int) -> bool:
    """Tell the trainee their certificate is ready; a second run sends nothing."""
    from .services import certificate_issued_notify

    return certificate_issued_notify(certificate_id=certificate_id)
