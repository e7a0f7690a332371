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
        from .jobs import register_core_jobs
        from .language import connect_signals as connect_language_signals
        from .site import register_setup_step

        converters.register()  # `<id:...>` in every app's urls.py

        register_core_jobs()
        connect_signals()
        connect_language_signals()  # Wagtail's admin language follows the profile's
        # The profile, consents, notices and audit-log parts of a person's copy of their data.
        register_core_sections()
        # First the groups, which later steps grant permissions to; last the job records,
        # once every app has registered its jobs.
        register_setup_step(name="roles", order=100, run=_roles_setup)
        register_setup_step(name="periodic_jobs", order=900, run=_job_runs_setup)


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


class LmsWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (one full name, no username)."""

    user_viewset = "lms.admin.UserViewSet"
