"""Celery and the outbox find a task or handler by its name, which queued messages and outbox
rows carry. The names are fixed here so that moving code never strands a queued message."""

from lms.celery import app
from lms.outbox import _handlers

TASK_NAMES = {
    "lms.tasks.job_run_task",
    "lms.tasks.outbox_message_task",
    "lms.tasks.django_task_run_task",
    "lms.tasks.invitation_send_task",
    "certificates.tasks.certificate_render_task",
    "certificates.tasks.certificate_evaluate_task",
    "certificates.tasks.certificate_issued_email_task",
    "assessments.tasks.practice_decision_email_task",
    "assessments.tasks.practice_decisions_email_task",
}

OUTBOX_NAMES = {
    "lms.django_task",
    "lms.invitation_send",
    "certificates.render",
    "certificates.evaluate",
    "certificates.issued_email",
    "certificates.expiry_reminder_email",
    "assessments.practice_decisions_email",
    "assessments.practice_digest_email",
}


def test_every_queued_task_name_still_has_its_task():
    app.loader.import_default_modules()
    registered = {name for name in app.tasks if not name.startswith("celery.")}
    assert registered >= TASK_NAMES, sorted(TASK_NAMES - registered)


def test_every_task_of_ours_is_named_explicitly_with_a_fixed_name():
    app.loader.import_default_modules()
    ours = {
        name
        for name, task in app.tasks.items()
        if task.__module__.split(".")[0] in {"lms", "courses", "assessments", "certificates"}
        and not name.startswith("certificates.bench")
    }
    assert ours == TASK_NAMES


def test_every_outbox_row_name_still_has_its_handler():
    app.loader.import_default_modules()
    assert set(_handlers) >= OUTBOX_NAMES, sorted(OUTBOX_NAMES - set(_handlers))
