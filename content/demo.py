"""Demo accounts for `make run`: one account per role. Never loaded in production.

Everything an installation needs regardless of demo data belongs to `setup_site`. The demo
course is built by `courses.demo` from `content.curriculum`; `lms`'s `load_demo` command runs
both, because `content` must not import `courses`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from lms import roles
from lms.services import user_create

DEMO_DOMAIN = "example.org"

DEMO_ACCOUNTS = [
    ("trainee", "Asha Verma", roles.TRAINEE),
    ("supervisor", "Ravi Menon", roles.SUPERVISOR),
    ("editor", "Meera Iyer", roles.CONTENT_EDITOR),
    ("reviewer", "Dr. Farah Khan", roles.CLINICAL_REVIEWER),
    ("admin", "Joseph D'Souza", roles.PROGRAMME_ADMIN),
    # A second trainee who reads the site in Hindi (issue 16): the demo course's Module 1,
    # its quiz and the interface in Hindi, the modules not translated yet in English.
    ("trainee.hi", "अनीता शर्मा", roles.TRAINEE),
    # Issue 17: a national admin who sees every organisation, and a second partner
    # organisation with its own admin, supervisor and trainee (courses.demo's organisations).
    ("national", "Kavita Rao", roles.NATIONAL_ADMIN),
    ("admin.partner", "Sunil Nair", roles.PROGRAMME_ADMIN),
    ("supervisor.partner", "Lakshmi Pillai", roles.SUPERVISOR),
    ("trainee.partner", "Imran Qureshi", roles.TRAINEE),
]
# The language an account reads the site in, when not the installation's.
DEMO_LANGUAGES = {"trainee.hi": "hi"}
HINDI_TRAINEE_EMAIL = f"trainee.hi@{DEMO_DOMAIN}"


class DemoRefused(Exception):
    pass


def demo_accounts() -> list[tuple[str, str]]:
    """(email, what `load_demo` says the account is) for the list it prints."""
    return [
        (f"{local}@{DEMO_DOMAIN}", f"{role} (reads in Hindi)" if local in DEMO_LANGUAGES else role)
        for local, _name, role in DEMO_ACCOUNTS
    ]


def demo_refuse_production() -> None:
    """Raise DemoRefused in production: the demo passwords are public."""
    if settings.LMS_ENVIRONMENT == "production":
        raise DemoRefused("The demo data is not for production: its passwords are public.")


def demo_accounts_load() -> list[str]:
    """Create the demo accounts that are missing; an existing account is left untouched.

    They share one published password, so it is hashed once for all of them: each hash costs
    about a second of CPU (Django's PBKDF2 iterations), a tenth of `make run`'s demo load."""
    demo_refuse_production()
    User = get_user_model()
    created = []
    password_hash = None
    with transaction.atomic():
        for local, name, role in DEMO_ACCOUNTS:
            email = f"{local}@{DEMO_DOMAIN}"
            if User.objects.filter(email=email).exists():
                continue
            if password_hash is None:
                validate_password(settings.LMS_DEMO_PASSWORD)
                password_hash = make_password(settings.LMS_DEMO_PASSWORD)
            user = user_create(email=email, full_name=name, role=role)
            user.password = password_hash
            user.preferred_language = DEMO_LANGUAGES.get(local, user.preferred_language)
            user.save(update_fields=["password", "preferred_language"])
            created.append(email)
    return created
