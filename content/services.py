"""Writes for shared content: the site's home page."""

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from wagtail.models import Page, Site

from .models import CrisisLine, HomePage

HOME_INTRODUCTION = (
    "<p>Peer supporters bring something no textbook can: their own lived experience of "
    "mental-health challenges, offered with care to someone going through something similar. "
    "This academy trains them to do that safely: with clear boundaries, with attention to "
    "their own wellbeing, and knowing when to bring in professional or crisis help.</p>"
    "<p>Work through the course at your own pace, log your supervised practice, and earn a "
    "certificate your programme can verify.</p>"
)


def home_page_ensure() -> HomePage:
    """Make the default site's root a HomePage, replacing Wagtail's initial welcome page.

    Idempotent: an installation whose root already is a HomePage is left as it is.
    """
    with transaction.atomic():
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        # Wagtail's migrations create a plain "Welcome to Wagtail" page; it has no template
        # and would only confuse editors. It goes once the site points at the home page.
        welcome_pages = list(
            root.get_children().filter(
                content_type__app_label="wagtailcore", content_type__model="page"
            )
        )
        if home is None:
            Page.objects.filter(pk__in=[p.pk for p in welcome_pages]).update(
                slug=Concat(F("slug"), Value("-welcome"))
            )
            home = root.add_child(
                instance=HomePage(
                    title=settings.LMS_SITE_NAME,
                    slug="home",
                    introduction=HOME_INTRODUCTION,
                    sign_up_prompt="New here? Create an account to start the course.",
                )
            )
            home.save_revision().publish()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.LMS_SITE_NAME,
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or settings.LMS_SITE_NAME
            site.save()
        for welcome in welcome_pages:
            welcome.refresh_from_db()
            if welcome.is_leaf() and not Site.objects.filter(root_page=welcome).exists():
                welcome.delete()
        return home


SEED_CRISIS_LINES = [
    {
        "name": "Tele-MANAS",
        "region": "India",
        "phone_numbers": "14416, 1-800-891-4416",
        "description": "National tele-mental-health service: talk to a trained counsellor.",
        "hours": "24/7",
        "languages": "About 20 Indian languages: choose yours when the call connects",
        "url": "https://telemanas.mohfw.gov.in/",
        "is_free": True,
        "sort_order": 10,
    },
    {
        "name": "Emergency services",
        "region": "India",
        "phone_numbers": "112",
        "description": "Police, fire and ambulance when someone is in immediate danger.",
        "hours": "24/7",
        "languages": "",
        "url": "",
        "is_free": True,
        "sort_order": 20,
    },
]


def crisis_lines_seed() -> list[CrisisLine]:
    """Create India's national lines if missing; an editor's changes to them are kept."""
    lines = []
    for data in SEED_CRISIS_LINES:
        line, _created = CrisisLine.objects.get_or_create(
            name=data["name"], region=data["region"], defaults=data
        )
        lines.append(line)
    return lines
