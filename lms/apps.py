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
        from .jobs import register_core_jobs

        converters.register()  # `<id:...>` in every app's urls.py

        register_core_jobs()
        connect_signals()


class LmsWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (one full name, no username)."""

    user_viewset = "lms.admin_users.UserViewSet"
