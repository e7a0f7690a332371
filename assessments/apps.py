from datetime import timedelta

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments import signal_handlers  # noqa: F401
        from lms.jobs import register_job

        # Overdue attempts are also submitted on the trainee's next request; the sweep covers
        # the trainee who never comes back, so the attempt never stays open.
        register_job(name="sweep_attempts", command="sweep_attempts", every=timedelta(minutes=1))
        # Supervisors hear once a day about practice logs and essays waiting too long.
        register_job(
            name="send_practice_digest", command="send_practice_digest", every=timedelta(days=1)
        )
