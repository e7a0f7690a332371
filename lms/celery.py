"""The Celery app. Without CELERY_BROKER_URL every task runs in-process (eager) on commit."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_jobs(sender, **kwargs):
    """Celery beat triggers every periodic job from the same registry run_due_jobs reads."""
    from lms.jobs import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
