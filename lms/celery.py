"""The Celery app. Without CELERY_BROKER_URL every task runs in-process (eager) on commit."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_jobs(sender, **kwargs):
    """Celery beat triggers every periodic job from the same registry run_due_jobs reads."""
    from lms.jobs import beat_schedule

    sender.conf.beat_schedule = beat_schedule()


# --- Logs say which task they belong to (lms/logging_context.py) ----------------------------
_task_log_tokens = {}


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _task_ids_in_worker_logs(logger=None, **kwargs):
    """The worker's log lines (Celery sets up its own handlers, at --loglevel) carry the task
    id, in the same format as the web processes' lines."""
    import logging

    from lms import logging_context

    for handler in logger.handlers if logger is not None else ():
        handler.addFilter(logging_context.ContextFilter())
        handler.setFormatter(logging.Formatter(logging_context.FORMAT))


@signals.task_prerun.connect
def _bind_task_id(task_id=None, **kwargs):
    from lms import logging_context

    _task_log_tokens[task_id] = logging_context.bind(task_id or "-")


@signals.task_postrun.connect
def _unbind_task_id(task_id=None, **kwargs):
    from lms import logging_context

    token = _task_log_tokens.pop(task_id, None)
    if token is not None:
        try:
            logging_context.unbind(token)
        except ValueError:  # set in another context (never in Celery's pools); keep going
            logging_context.bind("-")
