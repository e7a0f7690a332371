from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    default = True
    name = "lms"
    verbose_name = _("Peer Support Academy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import converters
        from .audit import connect_signals
        from .data_export_sections import register_core_sections
        from .erasure_steps import register_core_erasure_steps
        from .jobs import register_core_jobs
        from .language import connect_signals as connect_language_signals
        from .site import register_demo_loader, register_setup_step

        converters.register()  # `<id:...>` in every app's urls.py

        register_core_jobs()
        connect_signals()
        connect_language_signals()  # Wagtail's admin language follows the profile's
        # The profile, consents, notices and audit-log parts of a person's copy of their data.
        register_core_sections()
        # What erasing a person changes in lms's own tables (lms/erasure_steps.py).
        register_core_erasure_steps()
        # What the daily apply_retention job removes; signing in keeps an account.
        from .retention import register_core_retention

        register_core_retention()
        # First the groups, which later steps grant permissions to; last the job records,
        # once every app has registered its jobs.
        register_setup_step(name="roles", order=100, run=_roles_setup)
        register_setup_step(name="periodic_jobs", order=900, run=_job_runs_setup)
        # The first privacy notice, and the demo accounts' agreement to it (lms/consent.py).
        register_setup_step(name="privacy_notice", order=700, run=_privacy_notice_setup)
        register_demo_loader(name="privacy_consents", order=850, load=_demo_consents_load)


def _roles_setup() -> str:
    from .services import roles_sync

    groups = roles_sync()
    return f"Roles: {', '.join(groups)}"


def _job_runs_setup() -> str:
    """A record for every periodic job, so the admin lists them all before their first run."""
    from . import jobs
    from .models import JobRun

    for job in jobs.all_jobs():
        JobRun.objects.get_or_create(name=job.name)
    return f"Periodic jobs: {', '.join(job.name for job in jobs.all_jobs())}"


def _privacy_notice_setup() -> str:
    """Version 1 of the privacy notice, unless a version exists (or PRIVACY_NOTICE_SETUP is
    off, as in the tests, which publish their own)."""
    from django.conf import settings

    from .consent_seed import privacy_notice_first_publish

    if not getattr(settings, "PRIVACY_NOTICE_SETUP", True):
        return "Privacy notice: not set up here (PRIVACY_NOTICE_SETUP is off)"
    notice = privacy_notice_first_publish()
    if notice is None:
        return "Privacy notice: a version exists already"
    return f"Privacy notice: version {notice.version} published"


def _demo_consents_load(run) -> list[str]:
    """The demo accounts agree to the notice in force, so `make run` goes straight in."""
    from .consent import consent_agree_in_force

    agreed = [consent_agree_in_force(person=person) for person in getattr(run, "accounts", [])]
    if not any(agreed):
        return []
    return [f"Demo data: {len(agreed)} account(s) agreed to the privacy notice."]


class LmsWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (one full name, no username)."""

    user_viewset = "lms.admin.UserViewSet"
