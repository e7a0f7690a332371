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
        # The admin list's "rules no longer hold" flag: events ask for a recheck, this job
        # does it (and rechecks anything not checked for CERTIFICATES_RULES_RECHECK_HOURS).
        register_job(
            name="recheck_certificate_rules",
            command="recheck_certificate_rules",
            every=timedelta(minutes=5),
        )
        # Certificate files that no row names (a render whose worker died before its commit)
        # are removed once older than CERTIFICATES_ORPHAN_FILE_GRACE (certificates.files).
        register_job(
            name="sweep_orphan_files", command="sweep_orphan_files", every=timedelta(hours=1)
        )
        # Reminders 60 and 7 days before expiry; each is recorded, so a rerun sends nothing.
        register_job(
            name="send_expiry_reminders", command="send_expiry_reminders", every=timedelta(days=1)
        )
