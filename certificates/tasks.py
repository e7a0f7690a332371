"""Celery tasks and outbox handlers of the certificates app: thin wrappers that take ids and
call a service.

Renders, evaluations and the "ready" email are outbox messages (lms.outbox), written in the
transaction that causes them and run by `lms.tasks.outbox_message_task`; the outbox makes
each happen once and delivers again what a broker outage or a killed worker lost (after
OUTBOX_LEASE_SECONDS). The Celery tasks below stay for messages queued before the outbox.

Every task here is idempotent (a unique constraint or a status guard under a row lock makes
a second run a no-op), so each is acknowledged late: a worker that dies mid-task leaves the
message to be delivered again (after the broker's visibility timeout, or at once with
`reject_on_worker_lost`), and the periodic sweep re-queues anything still pending.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerUnavailable

from lms.outbox import outbox_handler

# Failures that pass: a database restarting or out of connections, a network blip, a mail
# server refusing for a while. Anything else is a bug, and retrying it would only repeat it.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
TRANSIENT_MAIL_ERRORS = (SMTPException, ConnectionError, TimeoutError)

logger = logging.getLogger(__name__)


def _render_failed(error: Exception, *, certificate_id: int) -> None:
    """The render's transaction rolled back with the outbox row's: count the attempt where
    the admin sees it (the type of error only: messages may hold data)."""
    from django.db.models import F

    from .models import Certificate

    Certificate.objects.filter(pk=certificate_id).update(
        render_attempts=F("render_attempts") + 1, last_render_error=type(error).__name__[:200]
    )


@outbox_handler("certificates.render", on_error=_render_failed)
def certificate_render(*, certificate_id: int) -> str:
    """Render and issue one certificate (see certificate_issue_render)."""
    from .services import certificate_issue_render

    return certificate_issue_render(certificate_id=certificate_id)


@outbox_handler("certificates.evaluate")
def certificate_evaluate(*, enrolment_id: int) -> None:
    """Certify an enrolment whose rules are all met, and recheck its issued certificates."""
    certificate_evaluate_task(enrolment_id)


@outbox_handler("certificates.issued_email", email=True)
def certificate_issued_email(*, certificate_id: int) -> None:
    """Tell the trainee their certificate is ready (once: see certificate_issued_notify)."""
    from .services import certificate_issued_notify

    certificate_issued_notify(certificate_id=certificate_id)


@outbox_handler("certificates.expiry_reminder_email", email=True)
def certificate_expiry_reminder_email(*, certificate_id: int, days: int, days_left: int) -> None:
    """Remind a holder that their certificate expires soon (once per threshold)."""
    from .expiry import certificate_expiry_email

    certificate_expiry_email(certificate_id=certificate_id, days_left=days_left)


class CertificateTask(DjangoTask):
    """A certificate task whose send, with the broker unreachable, is left to the sweep.

    Every send here is queued on commit (`delay_on_commit`), after the trainee's step has
    been saved (a lesson completed, an attempt graded), often inside their request: with the
    broker down, Celery's `delay` raises, the error escapes Django's on-commit hook, and the
    trainee gets a 500 for a step that was in fact saved. The sweep finds the enrolment or
    the pending certificate again within minutes, so a lost send is logged (ids only) and
    dropped; `delay` then returns None. A task that runs and fails (eager mode, in tests and
    without a broker) still raises. Overridden in `delay` rather than `delay_on_commit` so
    the on-commit callback stays `task.delay`.
    """

    def delay(self, *args, **kwargs):
        try:
            return super().delay(*args, **kwargs)
        except BrokerUnavailable as error:
            logger.warning(
                "%s%r not queued, the broker is unavailable (%s); the sweep will queue it",
                self.name,
                args,
                type(error).__name__,
            )
            return None


@shared_task(
    name="certificates.tasks.certificate_render_task",
    base=CertificateTask,
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
    name="certificates.tasks.certificate_evaluate_task",
    base=CertificateTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def certificate_evaluate_task(enrolment_id: int) -> dict:
    """Check an enrolment's completion rules and certify it when all are met; then recheck
    its issued certificates for the admin's "rules no longer hold" flag, since the same
    events (a step completed, an attempt finalised) can change that too."""
    from courses.selectors import enrolment_by_id

    from .recheck import certificates_rules_recheck_for_enrolment
    from .services import certificate_evaluate

    enrolment = enrolment_by_id(enrolment_id)
    if enrolment is None:
        return {"certificate_id": None, "rechecked": 0}
    certificate = certificate_evaluate(enrolment=enrolment)
    rechecked = certificates_rules_recheck_for_enrolment(enrolment_id=enrolment_id)
    return {"certificate_id": certificate.pk if certificate else None, "rechecked": rechecked}


@shared_task(
    name="certificates.tasks.certificate_issued_email_task",
    base=CertificateTask,
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def certificate_issued_email_task(certificate_id: int) -> None:
    """Tell the trainee their certificate is ready, through the outbox (once)."""
    from .services import ready_email_enqueue

    ready_email_enqueue(certificate_id)
