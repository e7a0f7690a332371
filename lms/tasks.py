"""Celery tasks of the project itself: periodic jobs and Wagtail's background work."""

import logging
from smtplib import SMTPException

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def job_run_task(name: str) -> str:
    """Run one periodic job (Celery beat sends these); returns the run's status."""
    return services.job_run(name=name)


@shared_task(acks_late=True)
def django_task_run_task(module_path: str, args: list, kwargs: dict) -> None:
    """Run one of Wagtail's django-tasks in a Celery worker (see lms.tasks_backend)."""
    services.django_task_run(module_path=module_path, args=args, kwargs=kwargs)


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def invitation_send_task(invitation_id: int, token: str) -> str:
    """Email one invitation; a second run sends nothing (the invitation records sent_at).

    Enqueue with `argsrepr` so the token does not appear in Celery's logs or events.
    """
    from . import invitations

    return invitations.invitation_send(invitation_id=invitation_id, token=token)
