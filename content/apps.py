from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.site import register_demo_check, register_demo_loader, register_setup_step

        from . import signals  # noqa: F401

        # The home page comes before the course index that lives under it.
        register_setup_step(name="home_page", order=200, run=_home_page_setup)
        register_setup_step(name="crisis_lines", order=600, run=_crisis_lines_setup)
        # The demo's accounts come first (later loaders enrol and supervise them), and
        # their list with the password last, where whoever ran the command reads it.
        register_demo_check(name="not_production", order=100, check=_demo_production_refusal)
        register_demo_loader(name="accounts", order=100, load=_demo_accounts_load)
        register_demo_loader(name="accounts_list", order=900, load=_demo_accounts_list)


# --- What content adds to `setup_site` and `load_demo` (lms/site.py) -------------------------


def _home_page_setup() -> str:
    from .services import home_page_ensure

    home = home_page_ensure()
    return f"Home page: {home.title} ({home.url_path})"


def _crisis_lines_setup() -> str:
    from .services import crisis_lines_seed

    lines = crisis_lines_seed()
    return f"Crisis lines: {', '.join(str(line) for line in lines)}"


def _demo_production_refusal() -> str | None:
    from .demo import DemoRefused, demo_refuse_production

    try:
        demo_refuse_production()
    except DemoRefused as error:
        return str(error)
    return None


def _demo_accounts_load(run) -> list[str]:
    from django.contrib.auth import get_user_model

    from .demo import DEMO_DOMAIN, demo_accounts, demo_accounts_load

    User = get_user_model()
    created = demo_accounts_load()
    run.trainee = User.objects.get(email=f"trainee@{DEMO_DOMAIN}")
    run.supervisor = User.objects.get(email=f"supervisor@{DEMO_DOMAIN}")
    # Every demo account, for loaders that act for all of them (the privacy notice agreed).
    run.accounts = list(
        User.objects.filter(email__in=[email for email, _role in demo_accounts()]).order_by("pk")
    )
    return [f"Demo data: {len(created)} account(s) created."]


def _demo_accounts_list(run) -> list[str]:
    from django.conf import settings

    from .demo import demo_accounts

    lines = [f"Demo accounts (password: {settings.LMS_DEMO_PASSWORD}):"]
    lines += [f"  {email:<26} {role}" for email, role in demo_accounts()]
    return lines
