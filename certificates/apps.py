from datetime import timedelta

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.jobs import register_job
        from lms.site import register_demo_loader, register_setup_step

        from . import data_export, erasure, signal_handlers  # noqa: F401

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
        # Where every active enrolment stands today, for the cohort progress chart
        # (certificates/progress/); a second run the same day updates that day's rows.
        register_job(name="snapshot_progress", command="snapshot_progress", every=timedelta(days=1))
        # Certificates, codes of ethics accepted, hours statements and progress in a person's
        # copy of their data (lms/data_export.py).
        data_export.register()
        # What erasing a person changes here, and what the register keeps (lms/erasure.py).
        erasure.register()
        # Old progress snapshots pruned, and accounts with certificates kept (lms/retention.py).
        from . import retention

        retention.register()
        # A first wording, so the first certificate has a version to pin.
        register_setup_step(name="certificate_wording", order=500, run=_wording_setup)
        # The demo course's code of ethics, once the course exists.
        register_demo_loader(name="code_of_ethics", order=500, load=_demo_ethics_load)


# --- What certificates adds to `setup_site` and `load_demo` (lms/site.py) --------------------


def _wording_setup() -> str:
    """Version 1 of the wording when there is none, so the first certificate has a version to
    pin and editors have one to start from."""
    from .services import wording_current

    wording = wording_current()
    return f"Certificates: wording version {wording.version}"


def _demo_ethics_load(run) -> list[str]:
    from .demo import ethics_demo_load

    created = ethics_demo_load(course=run.course)
    return [
        "Demo code of ethics: "
        + ("published (version 1)." if created else "already there, left as it is.")
    ]
