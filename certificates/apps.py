from datetime import timedelta

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.jobs import register_job

        from . import signal_handlers  # noqa: F401

        # Events are only the fast path: the sweep certifies what a lost event, a broker
        # outage or a killed worker left behind, within a minute or two.
        register_job(
            name="sweep_certificates", command="sweep_certificates", every=timedelta(minutes=1)
        )
        # Reminders 60 and 7 days before expiry; each is recorded, so a rerun sends nothing.
        register_job(
            name="send_expiry_reminders", command="send_expiry_reminders", every=timedelta(days=1)
        )
