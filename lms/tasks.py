"""Celery tasks of the project itself: periodic jobs, the outbox's consumer, and the outbox
handlers for invitations and Wagtail's background work."""

import logging
from smtplib import SMTPException

from celery import shared_task

from . import services
from .outbox import outbox_handler, outbox_run

logger = logging.getLogger(__name__)


@shared_task(name="lms.tasks.job_run_task", acks_late=True)
def job_run_task(name: str) -> str:
    """Run one periodic job (Celery beat sends these); returns the run's status."""
    return services.job_run(name=name)


@shared_task(name="lms.tasks.outbox_message_task", acks_late=True)
def outbox_message_task(message_id: int) -> str:
    """Run one outbox message (lms.outbox); a second delivery of a done message does nothing.

    No Celery retries: a failure is recorded on the row and deliver_outbox tries again."""
    return outbox_run(message_id)


@outbox_handler("lms.django_task")
def django_task_run(*, module_path: str, args: list, kwargs: dict) -> None:
    """Run one of Wagtail's django-tasks (index updates) sent through lms.tasks_backend."""
    services.django_task_run(module_path=module_path, args=args, kwargs=kwargs)


@outbox_handler("lms.invitation_send", email=True, secret=("token",))
def invitation_send(*, invitation_id: int, token: str) -> None:
    """Email one invitation; the token is erased from the outbox row once it is sent."""
    from . import invitations

    invitations.invitation_send(invitation_id=invitation_id, token=token)


@outbox_handler("lms.audit_head_email", email=True)
def audit_head_email(*, event_id: int) -> None:
    """Email the audit chain's recorded head (an id and a hash, nothing personal) to
    AUDIT_HEAD_EMAIL, so someone outside the installation holds it."""
    from django.conf import settings
    from django.core.mail import send_mail

    from .models import AuditEvent

    recipient = getattr(settings, "AUDIT_HEAD_EMAIL", "")
    event = AuditEvent.objects.filter(pk=event_id, kind=AuditEvent.Kind.HEAD).first()
    if not recipient or event is None:
        return
    data = event.data
    head = f"{data.get('head_id')}:{data.get('head_hash')}"
    site = getattr(settings, "WAGTAIL_SITE_NAME", "Peer Support Academy")
    send_mail(
        f"{site}: audit chain head for {data.get('day')}",
        (
            f"The audit log of {site} reached this head on {data.get('day')}:\n\n"
            f"  entry: {data.get('head_id')}\n"
            f"  hash:  {data.get('head_hash')}\n\n"
            "Keep this email. To check later that no audit entry up to this one was changed "
            "or removed, an operator runs:\n\n"
            f"  manage.py audit_verify --expect-head {head}\n"
        ),
        None,
        [recipient],
    )


def _data_export_failed(error: Exception, *, export_id: int) -> None:
    """A build's transaction rolled back: count it (lms.data_export)."""
    from .data_export import data_export_build_failed

    data_export_build_failed(export_id=export_id)


@outbox_handler("lms.data_export_build", on_error=_data_export_failed)
def data_export_build(*, export_id: int) -> str:
    """Build a person's copy of their data; a second delivery finds it ready and does
    nothing. Never logs what it holds."""
    from .data_export import data_export_build as build

    return build(export_id=export_id)


@outbox_handler("lms.data_export_ready_email", email=True)
def data_export_ready_email(*, export_id: int) -> None:
    """Tell the person their copy is ready (a link to their profile, none of their data)."""
    from .data_export import data_export_ready_email as send

    send(export_id=export_id)


@outbox_handler("lms.data_export_produced_email", email=True)
def data_export_produced_email(*, export_id: int) -> None:
    """Tell the person an admin prepared a copy of their data (no data, no names)."""
    from .data_export import data_export_produced_email as send

    send(export_id=export_id)


@outbox_handler("lms.retention_warning_email", email=True)
def retention_warning_email(*, person_id: int) -> None:
    """Warn a person their unused account will be erased unless they sign in (a date and a
    link, none of their data)."""
    from .retention import retention_warning_email as send

    send(person_id=person_id)


@outbox_handler("lms.erasure_requested_email", email=True)
def erasure_requested_email(*, erasure_id: int) -> None:
    """Tell the person erasure was asked for, when it runs and how to cancel (no data)."""
    from .erasure import erasure_requested_email as send

    send(erasure_id=erasure_id)


@outbox_handler("lms.erasure_done_email", email=True, secret=("address",))
def erasure_done_email(*, erasure_id: int, address: str = "", language: str = "en") -> None:
    """Tell the person, at the address they had (erased from the row once sent), that their
    data has been erased."""
    from .erasure import erasure_done_email as send

    send(erasure_id=erasure_id, address=address, language=language)


@shared_task(name="lms.tasks.django_task_run_task", acks_late=True)
def django_task_run_task(module_path: str, args: list, kwargs: dict) -> None:
    """Run one of Wagtail's django-tasks in a Celery worker. Kept for messages queued before
    the outbox (0009): new ones go through outbox_message_task."""
    services.django_task_run(module_path=module_path, args=args, kwargs=kwargs)


@shared_task(
    name="lms.tasks.invitation_send_task",
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def invitation_send_task(invitation_id: int, token: str) -> str:
    """Email one invitation; a second run sends nothing (the invitation records sent_at).

    Kept for messages queued before the outbox (0009); new invitations go through it.
    """
    from . import invitations

    return invitations.invitation_send(invitation_id=invitation_id, token=token)
